// What comes in to social services (issue 3 §1): concerns, Kronofogden's notices, the landlords' early
// referrals, the city areas they are routed to, and which of them a case holds.
import type { Queryable } from '../platform/database.ts';
import type { ConcernSource } from './model.ts';

export interface NewConcern {
  receivedAt: Date;
  reference: string;
  municipalityId: string;
  areaId: string | null;
  address: string;
  contractNumber: string | null;
  tenancyId: string | null;
  what: string;
  children: boolean;
  mentalHealth: boolean;
  violence: boolean;
  contact: string | null;
  source: ConcernSource;
  reportedBy: string | null;
  reporterOrgId: string | null;
  clientKey: string | null;
}

export interface ConcernRow {
  id: string;
  reference: string;
  municipality_id: string;
  area_id: string | null;
  address: string;
  contract_number: string | null;
  tenancy_id: string | null;
  what: string;
  children: boolean;
  mental_health: boolean;
  violence: boolean;
  contact: string | null;
  source: ConcernSource;
  reporter_org_name: string | null;
  received_at: Date;
  status: 'new' | 'handled';
}

export interface AreaRow {
  id: string;
  name: string;
  responsible_user_id: string | null;
  responsible_name: string | null;
}

export interface KfmNoticeRow {
  id: string;
  authority_name: string;
  municipality_id: string;
  kind: 'application' | 'eviction_date';
  case_number: string;
  personnummer: string;
  address: string;
  landlord_name: string | null;
  eviction_at: Date | null;
  tenancy_id: string | null;
  area_id: string | null;
  received_at: Date;
}

const KFM_COLUMNS = `k.id, o.name as authority_name, k.municipality_id, k.kind, k.case_number, k.personnummer, k.address, k.landlord_name, k.eviction_at,
  k.tenancy_id, k.area_id, k.received_at`;

export interface ReferralRow {
  id: string;
  landlord_id: string;
  landlord_name: string;
  tenancy_id: string;
  municipality_id: string;
  address: string;
  area: string | null;
  children: number | null;
  personnummer: string[];
  reason: string;
  amount_owed: number;
  oldest_due: string | null;
  consent_personnummer: string;
  consent_given_on: string;
  consent_how: 'signed_form' | 'in_person' | 'phone';
  created_by_name: string;
  created_at: Date;
  in_case: boolean;
}

const REFERRAL_SELECT = `select r.id, r.landlord_id, o.name as landlord_name, r.tenancy_id, r.municipality_id, t.address, t.area, t.children,
    array(select p.personnummer from tenants p where p.tenancy_id = t.id order by p.position) as personnummer,
    r.reason, r.amount_owed, r.oldest_due, r.consent_personnummer, r.consent_given_on, r.consent_how, u.name as created_by_name, r.created_at,
    exists (select 1 from case_intake ci where ci.referral_id = r.id) as in_case
  from early_referrals r join tenancies t on t.id = r.tenancy_id join organisations o on o.id = r.landlord_id join users u on u.id = r.created_by`;

export const intakeStore = {
  async insertReferral(
    q: Queryable,
    r: { landlordId: string; tenancyId: string; municipalityId: string; reason: string; amountOwed: number; oldestDue: string | null; consentPersonnummer: string; consentGivenOn: string; consentHow: string; createdBy: string },
  ): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into early_referrals (landlord_id, tenancy_id, municipality_id, reason, amount_owed, oldest_due, consent_personnummer, consent_given_on, consent_how, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
      [r.landlordId, r.tenancyId, r.municipalityId, r.reason, r.amountOwed, r.oldestDue, r.consentPersonnummer, r.consentGivenOn, r.consentHow, r.createdBy],
    );
    return row!.id;
  },

  /** Referrals of a tenancy still in the inbox (not yet in a case). */
  async pendingReferralOf(q: Queryable, tenancyId: string): Promise<string | undefined> {
    const [row] = await q.query<{ id: string }>(
      'select r.id from early_referrals r where r.tenancy_id = $1 and not exists (select 1 from case_intake ci where ci.referral_id = r.id)',
      [tenancyId],
    );
    return row?.id;
  },

  async referral(q: Queryable, municipalityId: string, id: string): Promise<ReferralRow | undefined> {
    const [row] = await q.query<ReferralRow>(`${REFERRAL_SELECT} where r.municipality_id = $1 and r.id = $2`, [municipalityId, id]);
    return row;
  },

  async newReferrals(q: Queryable, municipalityId: string, limit: number): Promise<ReferralRow[]> {
    return q.query<ReferralRow>(
      `${REFERRAL_SELECT} where r.municipality_id = $1 and not exists (select 1 from case_intake ci where ci.referral_id = r.id) order by r.created_at limit $2`,
      [municipalityId, limit],
    );
  },

  /** A landlord's own referrals, newest first (what it sent; not what became of them). */
  async referralsOfLandlord(q: Queryable, landlordId: string, limit: number): Promise<ReferralRow[]> {
    return q.query<ReferralRow>(`${REFERRAL_SELECT} where r.landlord_id = $1 order by r.created_at desc limit $2`, [landlordId, limit]);
  },

  /** Keeps a Kronofogden notice once: the same notice sent again returns the id it already has. */
  async insertKfmNotice(
    q: Queryable,
    k: { authorityId: string; municipalityId: string; kind: string; caseNumber: string; personnummer: string; address: string; landlordName: string | null; evictionAt: string | null; tenancyId: string | null; areaId: string | null },
  ): Promise<{ id: string; created: boolean }> {
    const [row] = await q.query<{ id: string }>(
      `insert into kfm_notices (authority_id, municipality_id, kind, case_number, personnummer, address, landlord_name, eviction_at, tenancy_id, area_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict do nothing returning id`,
      [k.authorityId, k.municipalityId, k.kind, k.caseNumber, k.personnummer, k.address, k.landlordName, k.evictionAt, k.tenancyId, k.areaId],
    );
    if (row) return { id: row.id, created: true };
    const [existing] = await q.query<{ id: string }>(
      'select id from kfm_notices where authority_id = $1 and case_number = $2 and kind = $3 and eviction_at is not distinct from $4::timestamptz',
      [k.authorityId, k.caseNumber, k.kind, k.evictionAt],
    );
    return { id: existing!.id, created: false };
  },

  async kfmNotice(q: Queryable, municipalityId: string, id: string): Promise<KfmNoticeRow | undefined> {
    const [row] = await q.query<KfmNoticeRow>(
      `select ${KFM_COLUMNS} from kfm_notices k join organisations o on o.id = k.authority_id where k.municipality_id = $1 and k.id = $2`,
      [municipalityId, id],
    );
    return row;
  },

  /** Kronofogden notices to the municipality not yet in a case. */
  async newKfmNotices(q: Queryable, municipalityId: string, limit: number): Promise<KfmNoticeRow[]> {
    return q.query<KfmNoticeRow>(
      `select ${KFM_COLUMNS} from kfm_notices k join organisations o on o.id = k.authority_id
        where k.municipality_id = $1 and not exists (select 1 from case_intake ci where ci.kfm_notice_id = k.id)
        order by k.received_at limit $2`,
      [municipalityId, limit],
    );
  },

  /** Inserts a concern; false when the reference is already taken (the caller draws another). */
  async insertConcern(q: Queryable, c: NewConcern): Promise<string | null> {
    const [row] = await q.query<{ id: string }>(
      `insert into concerns (reference, municipality_id, area_id, address, contract_number, tenancy_id, what, children, mental_health, violence,
                             contact, source, reported_by, reporter_org_id, client_key, received_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       on conflict (reference) do nothing returning id`,
      [
        c.reference, c.municipalityId, c.areaId, c.address, c.contractNumber, c.tenancyId, c.what, c.children, c.mentalHealth, c.violence,
        c.contact, c.source, c.reportedBy, c.reporterOrgId, c.clientKey, c.receivedAt,
      ],
    );
    return row?.id ?? null;
  },

  /** The reference of the same concern sent from the same form within the last hour (a resent form). */
  async recentFromClient(q: Queryable, clientKey: string, what: string, address: string, since: Date): Promise<string | undefined> {
    const [row] = await q.query<{ reference: string }>(
      `select reference from concerns
        where client_key = $1 and what = $2 and address = $3 and received_at > $4
        order by received_at desc limit 1`,
      [clientKey, what, address, since],
    );
    return row?.reference;
  },

  async concern(q: Queryable, municipalityId: string, id: string): Promise<ConcernRow | undefined> {
    const [row] = await q.query<ConcernRow>(
      `select c.id, c.reference, c.municipality_id, c.area_id, c.address, c.contract_number, c.tenancy_id, c.what, c.children, c.mental_health,
              c.violence, c.contact, c.source, o.name as reporter_org_name, c.received_at, c.status
         from concerns c left join organisations o on o.id = c.reporter_org_id
        where c.municipality_id = $1 and c.id = $2`,
      [municipalityId, id],
    );
    return row;
  },

  /** Takes a new concern out of the inbox without a case; false when it is not a new concern of the municipality. */
  async dismissConcern(q: Queryable, municipalityId: string, id: string, reason: string, userId: string, at: Date): Promise<boolean> {
    // The decision's moment is the app's clock: the retention period counts from it (privacy/retention.ts).
    const rows = await q.query(
      `update concerns set status = 'handled', dismissed_reason = $3, dismissed_by = $4, dismissed_at = $5
        where id = $2 and municipality_id = $1 and status = 'new' returning id`,
      [municipalityId, id, reason, userId, at],
    );
    return rows.length > 0;
  },

  async markConcernHandled(q: Queryable, id: string): Promise<void> {
    await q.query("update concerns set status = 'handled' where id = $1", [id]);
  },

  /** Links a concern or notice to a case; false when it already belongs to one. */
  async addIntake(q: Queryable, caseId: string, item: { concernId?: string; noticeId?: string; kfmNoticeId?: string; referralId?: string }): Promise<boolean> {
    const rows = await q.query(
      'insert into case_intake (case_id, concern_id, notice_id, kfm_notice_id, referral_id) values ($1, $2, $3, $4, $5) on conflict do nothing returning case_id',
      [caseId, item.concernId ?? null, item.noticeId ?? null, item.kfmNoticeId ?? null, item.referralId ?? null],
    );
    return rows.length > 0;
  },

  /** Of these notices, the ones already in a case. */
  async noticesInCases(q: Queryable, noticeIds: string[]): Promise<Set<string>> {
    if (noticeIds.length === 0) return new Set();
    const rows = await q.query<{ notice_id: string }>('select notice_id from case_intake where notice_id = any ($1::uuid[])', [noticeIds]);
    return new Set(rows.map((r) => r.notice_id));
  },

  /** Whether a notice or Kronofogden notice already belongs to a case. */
  async inCase(q: Queryable, item: { noticeId?: string; kfmNoticeId?: string }): Promise<boolean> {
    const rows = await q.query('select 1 from case_intake where notice_id = $1 or kfm_notice_id = $2', [item.noticeId ?? null, item.kfmNoticeId ?? null]);
    return rows.length > 0;
  },

  async caseIntake(q: Queryable, caseId: string): Promise<{ concern_id: string | null; notice_id: string | null; kfm_notice_id: string | null; referral_id: string | null; added_at: Date }[]> {
    return q.query('select concern_id, notice_id, kfm_notice_id, referral_id, added_at from case_intake where case_id = $1 order by added_at', [caseId]);
  },

  /**
   * New concerns of a municipality, the most important first: `scores` holds the priority of each mix of
   * flags (index children·4 + violence·2 + mental health, from model.ts intakePriority), then the oldest
   * first; `area` narrows to one area id, or 'none'. The first `limit`, and how many there are in all.
   */
  async newConcerns(q: Queryable, municipalityId: string, o: { scores: readonly number[]; area?: string; limit: number }): Promise<{ rows: ConcernRow[]; total: number }> {
    const areaFilter = o.area === undefined ? '' : o.area === 'none' ? 'and c.area_id is null' : 'and c.area_id = $4';
    const params: unknown[] = [municipalityId, o.scores, o.limit, ...(o.area && o.area !== 'none' ? [o.area] : [])];
    const rows = await q.query<ConcernRow & { total: number }>(
      `select c.id, c.reference, c.municipality_id, c.area_id, c.address, c.contract_number, c.tenancy_id, c.what, c.children, c.mental_health,
              c.violence, c.contact, c.source, o.name as reporter_org_name, c.received_at, c.status, count(*) over ()::int as total
         from concerns c left join organisations o on o.id = c.reporter_org_id
        where c.municipality_id = $1 and c.status = 'new' ${areaFilter}
        order by ($2::bigint[])[1 + c.children::int * 4 + c.violence::int * 2 + c.mental_health::int] desc, c.received_at, c.id
        limit $3`,
      params,
    );
    const total = rows[0]?.total ?? 0; // limit is at least 1: no row means none
    return { rows: rows.map(({ total: _t, ...r }) => r), total };
  },

  /** Anonymous concerns received since a moment: to the municipality, and to every municipality. */
  async publicConcernsSince(q: Queryable, municipalityId: string, since: Date): Promise<{ municipality: number; all: number }> {
    const [row] = await q.query<{ municipality: number; all: number }>(
      `select count(*) filter (where municipality_id = $1)::int as municipality, count(*)::int as "all"
         from concerns where source = 'public' and received_at > $2`,
      [municipalityId, since],
    );
    return row!;
  },

  /**
   * Sets aside, with a reason, the new anonymous concerns received between two moments that carry no
   * flag (children, violence, mental health): a flood. Flagged ones stay in the inbox. Their ids.
   */
  async setAsideFlood(q: Queryable, municipalityId: string, o: { from: Date; to: Date; reason: string; userId: string; at: Date }): Promise<string[]> {
    const rows = await q.query<{ id: string }>(
      `update concerns set status = 'handled', dismissed_reason = $4, dismissed_by = $5, dismissed_at = $6
        where municipality_id = $1 and status = 'new' and source = 'public' and received_at >= $2 and received_at <= $3
          and not children and not violence and not mental_health
        returning id`,
      [municipalityId, o.from, o.to, o.reason, o.userId, o.at],
    );
    return rows.map((r) => r.id);
  },

  async areas(q: Queryable, municipalityId: string): Promise<AreaRow[]> {
    return q.query<AreaRow>(
      `select a.id, a.name, a.responsible_user_id, u.name as responsible_name
         from city_areas a left join users u on u.id = a.responsible_user_id
        where a.municipality_id = $1 order by a.name`,
      [municipalityId],
    );
  },

  async areaByName(q: Queryable, municipalityId: string, name: string): Promise<AreaRow | undefined> {
    const [row] = await q.query<AreaRow>(
      `select a.id, a.name, a.responsible_user_id, null as responsible_name from city_areas a
        where a.municipality_id = $1 and lower(a.name) = lower($2)`,
      [municipalityId, name],
    );
    return row;
  },

  /** Sets the social worker responsible for an area; false when the area is not the municipality's. */
  async setResponsible(q: Queryable, municipalityId: string, areaId: string, userId: string | null): Promise<boolean> {
    const rows = await q.query('update city_areas set responsible_user_id = $3 where id = $2 and municipality_id = $1 returning id', [
      municipalityId,
      areaId,
      userId,
    ]);
    return rows.length > 0;
  },

  /** The public form's list: municipalities and their areas, names only. */
  async municipalitiesWithAreas(q: Queryable): Promise<{ id: string; name: string; areas: { id: string; name: string }[] }[]> {
    return q.query(
      `select o.id, o.name, coalesce(json_agg(json_build_object('id', a.id, 'name', a.name) order by a.name) filter (where a.id is not null), '[]') as areas
         from organisations o left join city_areas a on a.municipality_id = o.id
        where o.kind = 'municipality' group by o.id, o.name order by o.name`,
    );
  },
};
