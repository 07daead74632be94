// The case itself: the case row and its list, the journal, the household, contacts and visits, and
// who is named on a case with protected identity.
import type { Nonpayment, NonpaymentReason } from '../collection/model.ts';
import type { Queryable } from '../platform/database.ts';
import type { CaseOutcome } from './model.ts';

export interface CaseRow {
  id: string;
  municipality_id: string;
  tenancy_id: string | null;
  address: string;
  area_id: string | null;
  area_name: string | null;
  status: 'open' | 'closed';
  opened_at: Date;
  opened_by: string | null;
  opened_by_name: string | null;
  outcome: CaseOutcome | null;
  closed_at: Date | null;
  closing_note: string | null;
  protected_identity: boolean;
}

export interface JournalRow {
  id: string;
  seq: number;
  event_date: string;
  body: string;
  author_id: string;
  author_name: string;
  written_at: Date;
  corrects: string | null;
}

export const CASE_COLUMNS = `c.id, c.municipality_id, c.tenancy_id, c.address, c.area_id, a.name as area_name, c.status, c.opened_at, c.opened_by, u.name as opened_by_name,
  c.outcome, c.closed_at, c.closing_note, c.protected_identity`;
export const CASE_FROM = 'cases c left join city_areas a on a.id = c.area_id left join users u on u.id = c.opened_by';

/**
 * Lists leave out the cases of people with protected identity unless the user ($user) is named on
 * them: the same rule as canSeeCase in access/policy.ts, for many rows at once.
 */
export const SEES_PROTECTED = '(not c.protected_identity or exists (select 1 from case_workers w where w.case_id = c.id and w.user_id = $user::uuid))';

export interface ContactRow {
  id: string;
  case_id: string;
  kind: 'letter' | 'sms' | 'call' | 'visit';
  planned_at: Date | null;
  contact_date: string | null;
  part_of_day: 'morning' | 'afternoon' | 'evening' | null;
  reached: boolean | null;
  outcome: string | null;
  note: string | null;
  nonpayment_reason: NonpaymentReason | null;
  nonpayment_note: string | null;
  joint_with_landlord: boolean;
  created_by_name: string;
  created_at: Date;
}

const CONTACT_COLUMNS = `k.id, k.case_id, k.kind, k.planned_at, k.contact_date, k.part_of_day, k.reached, k.outcome, k.note, k.nonpayment_reason, k.nonpayment_note, k.joint_with_landlord,
  u.name as created_by_name, k.created_at`;

export interface PersonRow {
  id: string;
  case_id: string;
  relation: 'tenant' | 'adult' | 'child';
  personnummer: string | null;
  name: string | null;
  birth_year: number | null;
}

export const caseStore = {
  async caseWorkers(q: Queryable, caseId: string): Promise<{ user_id: string; name: string }[]> {
    return q.query('select w.user_id, u.name from case_workers w join users u on u.id = w.user_id where w.case_id = $1 order by u.name', [caseId]);
  },

  /** Sets whether the case is protected and who is named on it (the list replaces the one before). */
  async setProtection(q: Queryable, caseId: string, protectedIdentity: boolean, userIds: string[], by: string): Promise<void> {
    await q.query('update cases set protected_identity = $2 where id = $1', [caseId, protectedIdentity]);
    await q.query('delete from case_workers where case_id = $1 and not (user_id = any ($2::uuid[]))', [caseId, userIds]);
    await q.query(
      'insert into case_workers (case_id, user_id, added_by) select $1, u, $3 from unnest($2::uuid[]) u on conflict do nothing',
      [caseId, userIds, by],
    );
  },

  /** Closes an open case with its outcome; false when it is not open. */
  async closeCase(q: Queryable, caseId: string, c: { outcome: CaseOutcome; note: string | null; by: string; at: Date }): Promise<boolean> {
    const rows = await q.query(
      "update cases set status = 'closed', outcome = $2, closing_note = $3, closed_by = $4, closed_at = $5 where id = $1 and status = 'open' returning id",
      [caseId, c.outcome, c.note, c.by, c.at],
    );
    return rows.length > 0;
  },

  /** Adds a person to the household; an adult already in it (same personnummer) is kept once: null. */
  async insertPerson(q: Queryable, p: { caseId: string; relation: string; personnummer: string | null; name: string | null; birthYear: number | null; addedBy: string | null }): Promise<string | null> {
    const [row] = await q.query<{ id: string }>(
      `insert into case_persons (case_id, relation, personnummer, name, birth_year, added_by) values ($1, $2, $3, $4, $5, $6)
       on conflict (case_id, personnummer) where personnummer is not null do nothing returning id`,
      [p.caseId, p.relation, p.personnummer, p.name, p.birthYear, p.addedBy],
    );
    return row?.id ?? null;
  },

  async persons(q: Queryable, caseId: string): Promise<PersonRow[]> {
    return q.query<PersonRow>(
      `select id, case_id, relation, personnummer, name, birth_year from case_persons where case_id = $1
        order by case relation when 'tenant' then 0 when 'adult' then 1 else 2 end, birth_year nulls last, added_at`,
      [caseId],
    );
  },

  async casesById(q: Queryable, ids: string[]): Promise<CaseRow[]> {
    if (ids.length === 0) return [];
    return q.query<CaseRow>(`select ${CASE_COLUMNS} from ${CASE_FROM} where c.id = any ($1::uuid[]) order by c.opened_at desc`, [ids]);
  },

  async insertContact(
    q: Queryable,
    c: {
      caseId: string; kind: string; plannedAt: string | null; contactDate: string | null; partOfDay: string | null; reached: boolean | null; outcome: string | null; note: string | null;
      nonpayment: Nonpayment; joint: boolean; createdBy: string; createdAt: Date;
    },
  ): Promise<string> {
    // Stamped by the app's clock: the case list's quiet days and a file's retention count from it.
    const [row] = await q.query<{ id: string }>(
      `insert into case_contacts (case_id, kind, planned_at, contact_date, part_of_day, reached, outcome, note, nonpayment_reason, nonpayment_note, joint_with_landlord, created_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
      [c.caseId, c.kind, c.plannedAt, c.contactDate, c.partOfDay, c.reached, c.outcome, c.note, c.nonpayment.reason, c.nonpayment.note, c.joint, c.createdBy, c.createdAt],
    );
    return row!.id;
  },

  /** What came of a booked visit; false when the contact is not a visit of this case still ahead. */
  async recordVisit(
    q: Queryable,
    caseId: string,
    id: string,
    v: { contactDate: string; partOfDay: string | null; reached: boolean; outcome: string | null; note: string | null; nonpayment: Nonpayment },
  ): Promise<boolean> {
    const rows = await q.query(
      `update case_contacts set contact_date = $3, part_of_day = $4, reached = $5, outcome = $6, note = coalesce($7, note), nonpayment_reason = $8, nonpayment_note = $9
        where id = $2 and case_id = $1 and kind = 'visit' and reached is null returning id`,
      [caseId, id, v.contactDate, v.partOfDay, v.reached, v.outcome, v.note, v.nonpayment.reason, v.nonpayment.note],
    );
    return rows.length > 0;
  },

  async contacts(q: Queryable, caseId: string): Promise<ContactRow[]> {
    return q.query<ContactRow>(
      `select ${CONTACT_COLUMNS} from case_contacts k join users u on u.id = k.created_by where k.case_id = $1
        order by coalesce(k.planned_at, k.contact_date::timestamptz, k.created_at), k.created_at`,
      [caseId],
    );
  },

  async contact(q: Queryable, caseId: string, id: string): Promise<ContactRow | undefined> {
    const [row] = await q.query<ContactRow>(`select ${CONTACT_COLUMNS} from case_contacts k join users u on u.id = k.created_by where k.case_id = $1 and k.id = $2`, [caseId, id]);
    return row;
  },

  async openCaseOfTenancy(q: Queryable, municipalityId: string, tenancyId: string): Promise<string | undefined> {
    const [row] = await q.query<{ id: string }>("select id from cases where municipality_id = $1 and tenancy_id = $2 and status = 'open'", [municipalityId, tenancyId]);
    return row?.id;
  },

  /** A new case, opened at the app's clock (the case list counts its quiet days from it). */
  async insertCase(q: Queryable, c: { municipalityId: string; tenancyId: string | null; address: string; areaId: string | null; openedBy: string | null; openedAt: Date }): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      'insert into cases (municipality_id, tenancy_id, address, area_id, opened_by, opened_at) values ($1, $2, $3, $4, $5, $6) returning id',
      [c.municipalityId, c.tenancyId, c.address, c.areaId, c.openedBy, c.openedAt],
    );
    return row!.id;
  },

  async landlordOfTenancy(q: Queryable, tenancyId: string): Promise<string | undefined> {
    const [row] = await q.query<{ landlord_id: string }>('select landlord_id from tenancies where id = $1', [tenancyId]);
    return row?.landlord_id;
  },

  async case(q: Queryable, id: string): Promise<CaseRow | undefined> {
    const [row] = await q.query<CaseRow>(`select ${CASE_COLUMNS} from ${CASE_FROM} where c.id = $1`, [id]);
    return row;
  },

  /**
   * A page of the municipality's open cases, newest first, after the case `after` (keyset: opened_at,
   * id), each with its number of journal entries and whether it has stalled.
   */
  async openCases(
    q: Queryable, municipalityId: string, userId: string | null, limit: number, stalled: { today: string; days: number }, after: { openedUs: string; id: string } | null,
  ): Promise<(CaseRow & { entries: number; last_written: Date | null; stalled: boolean; opened_us: string })[]> {
    return q.query(
      `select ${CASE_COLUMNS}, (select count(*)::int from journal_entries j where j.case_id = c.id) as entries,
              -- The keyset to the microsecond (a JavaScript Date keeps only milliseconds).
              ((extract(epoch from c.opened_at) * 1000000)::bigint)::text as opened_us,
              (select max(written_at) from journal_entries j where j.case_id = c.id) as last_written,
              (greatest(c.opened_at, (select max(written_at) from journal_entries j where j.case_id = c.id),
                       (select max(created_at) from case_contacts k where k.case_id = c.id), (select max(created_at) from payment_plans p where p.case_id = c.id),
                       (select max(done_at) from case_tasks t where t.case_id = c.id)) at time zone 'Europe/Stockholm')::date
                < $7::date - $3::int as stalled
         from ${CASE_FROM} where c.municipality_id = $1 and c.status = 'open' and ${SEES_PROTECTED.replace('$user', '$4')}
          and ($5::bigint is null or (c.opened_at, c.id) < (timestamptz 'epoch' + $5::bigint * interval '1 microsecond', $6::uuid))
        order by c.opened_at desc, c.id desc limit $2`,
      [municipalityId, limit, stalled.days, userId, after?.openedUs ?? null, after?.id ?? null, stalled.today],
    );
  },

  async journal(q: Queryable, caseId: string): Promise<JournalRow[]> {
    return q.query<JournalRow>(
      'select id, number as seq, event_date, body, author_id, author_name, written_at, corrects from journal_entries where case_id = $1 order by seq',
      [caseId],
    );
  },

  async insertJournalEntry(
    q: Queryable, e: { caseId: string; eventDate: string; body: string; authorId: string; authorName: string; corrects: string | null; at: Date },
  ): Promise<JournalRow> {
    const [row] = await q.query<JournalRow>(
      // Numbered within the case (migration 0035); the case row is locked so two entries written at once get 1 and 2.
      // Written at the app's clock: the file's retention counts from its last entry (privacy/retention.ts).
      `insert into journal_entries (case_id, number, event_date, body, author_id, author_name, corrects, written_at)
       select $1, coalesce((select max(j.number) from journal_entries j where j.case_id = $1), 0) + 1, $2, $3, $4, $5, $6, $7
         from cases where id = $1 for update
       returning id, number as seq, event_date, body, author_id, author_name, written_at, corrects`,
      [e.caseId, e.eventDate, e.body, e.authorId, e.authorName, e.corrects, e.at],
    );
    return row!;
  },
};
