import type { Queryable } from '../platform/database.ts';
import type { ActionOwner, CaseOutcome, ConcernSource, ConsentCategory, InstalmentState } from './model.ts';

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

const CASE_COLUMNS = `c.id, c.municipality_id, c.tenancy_id, c.address, c.area_id, a.name as area_name, c.status, c.opened_at, c.opened_by, u.name as opened_by_name,
  c.outcome, c.closed_at, c.closing_note, c.protected_identity`;
const CASE_FROM = 'cases c left join city_areas a on a.id = c.area_id left join users u on u.id = c.opened_by';

/**
 * Lists leave out the cases of people with protected identity unless the user ($user) is named on
 * them: the same rule as canSeeCase in access/policy.ts, for many rows at once.
 */
const SEES_PROTECTED = '(not c.protected_identity or exists (select 1 from case_workers w where w.case_id = c.id and w.user_id = $user::uuid))';

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
  joint_with_landlord: boolean;
  created_by_name: string;
  created_at: Date;
}

const CONTACT_COLUMNS = `k.id, k.case_id, k.kind, k.planned_at, k.contact_date, k.part_of_day, k.reached, k.outcome, k.note, k.joint_with_landlord,
  u.name as created_by_name, k.created_at`;

export interface PersonRow {
  id: string;
  case_id: string;
  relation: 'tenant' | 'adult' | 'child';
  personnummer: string | null;
  name: string | null;
  birth_year: number | null;
}

export interface ConsentRow {
  id: string;
  case_id: string;
  person_id: string;
  categories: ConsentCategory[];
  recipient_org_ids: string[];
  to_debt_advice: boolean;
  purpose: string;
  valid_from: string;
  valid_until: string;
  recorded_by_name: string;
  recorded_at: Date;
  documented_as: 'scan' | 'paper' | null;
  documented_at: Date | null;
  withdrawn_at: Date | null;
  withdrawn_by_name: string | null;
  withdrawn_note: string | null;
}

const CONSENT_COLUMNS = `k.id, k.case_id, k.person_id, k.categories, k.recipient_org_ids, k.to_debt_advice, k.purpose, k.valid_from, k.valid_until,
  r.name as recorded_by_name, k.recorded_at, k.documented_as, k.documented_at, k.withdrawn_at, w.name as withdrawn_by_name, k.withdrawn_note`;
const CONSENT_FROM = 'consents k join users r on r.id = k.recorded_by left join users w on w.id = k.withdrawn_by';

export interface PlanRow {
  id: string;
  case_id: string;
  tenancy_id: string;
  debt: number;
  agreed_on: string;
  agreed_with: string;
  status: 'active' | 'kept' | 'broken' | 'cancelled';
  broken_on: string | null;
  created_by_name: string;
  created_at: Date;
  instalments: { seq: number; due_date: string; amount: number; allowed_owed: number; status: InstalmentState }[];
}

export interface TaskRow {
  id: string;
  case_id: string;
  /** Null for a case of a person with protected identity: its address is never in a list. */
  address: string | null;
  kind: string;
  title: string;
  due_on: string;
  assigned_to: string | null;
  assigned_name: string | null;
  done_at: Date | null;
}

export interface ActionPlanRow {
  id: string;
  goals: string;
  review_on: string;
  created_by_name: string;
  created_at: Date;
  tasks: { seq: number; what: string; owner: ActionOwner; due_on: string }[];
}

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

export interface AssistanceDecisionRow {
  id: string;
  decided_on: string;
  granted: boolean;
  rent_amount: number | null;
  period_from: string | null;
  period_until: string | null;
  note: string | null;
  created_by_name: string;
}

export const casesStore = {
  async insertAssistanceDecision(
    q: Queryable,
    d: { caseId: string; decidedOn: string; granted: boolean; rentAmount: number | null; periodFrom: string | null; periodUntil: string | null; note: string | null; by: string },
  ): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into assistance_decisions (case_id, decided_on, granted, rent_amount, period_from, period_until, note, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [d.caseId, d.decidedOn, d.granted, d.rentAmount, d.periodFrom, d.periodUntil, d.note, d.by],
    );
    return row!.id;
  },

  async assistanceDecisions(q: Queryable, caseId: string): Promise<AssistanceDecisionRow[]> {
    return q.query<AssistanceDecisionRow>(
      `select d.id, d.decided_on, d.granted, d.rent_amount, d.period_from, d.period_until, d.note, u.name as created_by_name
         from assistance_decisions d join users u on u.id = d.created_by where d.case_id = $1 order by d.decided_on, d.created_at`,
      [caseId],
    );
  },

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

  /** Records (or updates) what social services do on an eviction day. */
  async upsertEvictionDay(
    q: Queryable,
    e: { caseId: string; kfmNoticeId: string; presenceOffered: boolean; attending: boolean; bookedAt: string | null; note: string | null; by: string },
  ): Promise<void> {
    await q.query(
      `insert into eviction_days (case_id, kfm_notice_id, presence_offered, attending, booked_at, note, recorded_by) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (case_id, kfm_notice_id) do update set presence_offered = excluded.presence_offered, attending = excluded.attending,
         booked_at = excluded.booked_at, note = excluded.note, recorded_by = excluded.recorded_by, recorded_at = now()`,
      [e.caseId, e.kfmNoticeId, e.presenceOffered, e.attending, e.bookedAt, e.note, e.by],
    );
  },

  async evictionDays(q: Queryable, caseId: string): Promise<{ kfm_notice_id: string; presence_offered: boolean; attending: boolean; booked_at: Date | null; note: string | null }[]> {
    return q.query('select kfm_notice_id, presence_offered, attending, booked_at, note from eviction_days where case_id = $1', [caseId]);
  },

  async insertConsultation(q: Queryable, c: { caseId: string; heldOn: string; participants: string; landlordTookPart: boolean; agreements: string; by: string }): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      'insert into debt_consultations (case_id, held_on, participants, landlord_took_part, agreements, created_by) values ($1, $2, $3, $4, $5, $6) returning id',
      [c.caseId, c.heldOn, c.participants, c.landlordTookPart, c.agreements, c.by],
    );
    return row!.id;
  },

  async consultations(q: Queryable, caseId: string): Promise<{ id: string; held_on: string; participants: string; landlord_took_part: boolean; agreements: string; created_by_name: string }[]> {
    return q.query(
      `select d.id, d.held_on, d.participants, d.landlord_took_part, d.agreements, u.name as created_by_name
         from debt_consultations d join users u on u.id = d.created_by where d.case_id = $1 order by d.held_on`,
      [caseId],
    );
  },

  /** Marks done the task one step made (a visit recorded). */
  async finishTaskOfSource(q: Queryable, caseId: string, kind: string, sourceId: string, by: string | null): Promise<void> {
    await q.query('update case_tasks set done_at = now(), done_by = $4 where case_id = $1 and kind = $2 and source_id = $3 and done_at is null', [caseId, kind, sourceId, by]);
  },

  async insertChildAssessment(q: Queryable, a: { caseId: string; assessedOn: string; assessment: string; childrenHeard: boolean; authorId: string; authorName: string }): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into child_assessments (case_id, assessed_on, assessment, children_heard, author_id, author_name) values ($1, $2, $3, $4, $5, $6) returning id`,
      [a.caseId, a.assessedOn, a.assessment, a.childrenHeard, a.authorId, a.authorName],
    );
    return row!.id;
  },

  async childAssessments(q: Queryable, caseId: string): Promise<{ id: string; assessed_on: string; assessment: string; children_heard: boolean; author_name: string; written_at: Date }[]> {
    return q.query('select id, assessed_on, assessment, children_heard, author_name, written_at from child_assessments where case_id = $1 order by written_at', [caseId]);
  },

  /** Whether a concern that came into the case said there are children. */
  async concernAboutChildren(q: Queryable, caseId: string): Promise<boolean> {
    const rows = await q.query('select 1 from case_intake ci join concerns c on c.id = ci.concern_id where ci.case_id = $1 and c.children limit 1', [caseId]);
    return rows.length > 0;
  },

  async insertActionPlan(q: Queryable, p: { caseId: string; goals: string; reviewOn: string; createdBy: string; tasks: { what: string; owner: ActionOwner; dueOn: string }[] }): Promise<string> {
    const [row] = await q.query<{ id: string }>('insert into action_plans (case_id, goals, review_on, created_by) values ($1, $2, $3, $4) returning id', [
      p.caseId, p.goals, p.reviewOn, p.createdBy,
    ]);
    await q.query(
      `insert into action_plan_tasks (plan_id, seq, what, owner, due_on)
       select $1, x.seq, x.what, x.owner, x.due from unnest($2::text[], $3::text[], $4::date[]) with ordinality as x (what, owner, due, seq)`,
      [row!.id, p.tasks.map((t) => t.what), p.tasks.map((t) => t.owner), p.tasks.map((t) => t.dueOn)],
    );
    return row!.id;
  },

  async actionPlans(q: Queryable, caseId: string): Promise<ActionPlanRow[]> {
    return q.query<ActionPlanRow>(
      `select p.id, p.goals, p.review_on, u.name as created_by_name, p.created_at,
              coalesce((select json_agg(json_build_object('seq', t.seq, 'what', t.what, 'owner', t.owner, 'due_on', t.due_on) order by t.seq)
                          from action_plan_tasks t where t.plan_id = p.id), '[]') as tasks
         from action_plans p join users u on u.id = p.created_by where p.case_id = $1 order by p.created_at desc`,
      [caseId],
    );
  },

  async insertActionPlanRequest(q: Queryable, r: { caseId: string; landlordId: string; reason: string; requestedBy: string }): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      'insert into action_plan_requests (case_id, landlord_id, reason, requested_by) values ($1, $2, $3, $4) returning id',
      [r.caseId, r.landlordId, r.reason, r.requestedBy],
    );
    return row!.id;
  },

  async actionPlanRequests(q: Queryable, caseId: string): Promise<{ id: string; landlord_name: string; reason: string; requested_by_name: string; requested_at: Date }[]> {
    return q.query(
      `select r.id, o.name as landlord_name, r.reason, u.name as requested_by_name, r.requested_at
         from action_plan_requests r join organisations o on o.id = r.landlord_id join users u on u.id = r.requested_by
        where r.case_id = $1 order by r.requested_at`,
      [caseId],
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

  /** Records a follow-up once per case and point in time; false when it is already recorded. */
  async insertFollowUp(q: Queryable, f: { caseId: string; months: 6 | 12; tenancyHolds: boolean; note: string | null; by: string; at: Date }): Promise<boolean> {
    const rows = await q.query(
      'insert into case_follow_ups (case_id, months, tenancy_holds, note, recorded_by, recorded_at) values ($1, $2, $3, $4, $5, $6) on conflict do nothing returning case_id',
      [f.caseId, f.months, f.tenancyHolds, f.note, f.by, f.at],
    );
    return rows.length > 0;
  },

  async followUps(q: Queryable, caseId: string): Promise<{ months: number; tenancy_holds: boolean; note: string | null; recorded_at: Date }[]> {
    return q.query('select months, tenancy_holds, note, recorded_at from case_follow_ups where case_id = $1 order by months', [caseId]);
  },

  /** Marks the open task a step made done (the follow-up recorded, the request answered). */
  async finishTaskOf(q: Queryable, caseId: string, kind: string, by: string): Promise<void> {
    await q.query('update case_tasks set done_at = now(), done_by = $3 where case_id = $1 and kind = $2 and done_at is null', [caseId, kind, by]);
  },

  async insertPlan(
    q: Queryable,
    p: { caseId: string; tenancyId: string; debt: number; agreedOn: string; agreedWith: string; createdBy: string; instalments: { dueDate: string; amount: number; allowedOwed: number }[] },
  ): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into payment_plans (case_id, tenancy_id, debt, agreed_on, agreed_with, created_by) values ($1, $2, $3, $4, $5, $6) returning id`,
      [p.caseId, p.tenancyId, p.debt, p.agreedOn, p.agreedWith, p.createdBy],
    );
    await q.query(
      `insert into payment_plan_instalments (plan_id, seq, due_date, amount, allowed_owed)
       select $1, x.seq, x.due, x.amount, x.allowed from unnest($2::date[], $3::bigint[], $4::bigint[]) with ordinality as x (due, amount, allowed, seq)`,
      [row!.id, p.instalments.map((i) => i.dueDate), p.instalments.map((i) => i.amount), p.instalments.map((i) => i.allowedOwed)],
    );
    return row!.id;
  },

  async plans(q: Queryable, caseIds: string[]): Promise<PlanRow[]> {
    if (caseIds.length === 0) return [];
    return q.query<PlanRow>(
      `select p.id, p.case_id, p.tenancy_id, p.debt, p.agreed_on, p.agreed_with, p.status, p.broken_on, u.name as created_by_name, p.created_at,
              (select json_agg(json_build_object('seq', i.seq, 'due_date', i.due_date, 'amount', i.amount, 'allowed_owed', i.allowed_owed, 'status', i.status) order by i.seq)
                 from payment_plan_instalments i where i.plan_id = p.id) as instalments
         from payment_plans p join users u on u.id = p.created_by
        where p.case_id = any ($1::uuid[]) order by p.created_at desc`,
      [caseIds],
    );
  },

  /** Cancels the case's active plan (a new agreement replaces it); false when there is none. */
  async cancelPlan(q: Queryable, caseId: string, planId: string): Promise<boolean> {
    const rows = await q.query("update payment_plans set status = 'cancelled' where case_id = $1 and id = $2 and status = 'active' returning id", [caseId, planId]);
    return rows.length > 0;
  },

  /** Instalments of active plans fallen due and not yet settled: the daily check's work. */
  async instalmentsToCheck(q: Queryable, date: string): Promise<{ plan_id: string; seq: number; case_id: string; tenancy_id: string; due_date: string; allowed_owed: number; status: InstalmentState }[]> {
    return q.query(
      `select i.plan_id, i.seq, p.case_id, p.tenancy_id, i.due_date, i.allowed_owed, i.status
         from payment_plan_instalments i join payment_plans p on p.id = i.plan_id
        where i.status in ('pending', 'overdue') and i.due_date <= $1 and p.status = 'active'`,
      [date],
    );
  },

  async setInstalmentStates(q: Queryable, rows: { planId: string; seq: number; status: InstalmentState }[], date: string): Promise<void> {
    if (rows.length === 0) return;
    await q.query(
      `update payment_plan_instalments i set status = x.status, checked_on = $4
         from unnest($1::uuid[], $2::int[], $3::text[]) as x (plan_id, seq, status)
        where i.plan_id = x.plan_id and i.seq = x.seq`,
      [rows.map((r) => r.planId), rows.map((r) => r.seq), rows.map((r) => r.status), date],
    );
  },

  /** Every instalment state of these plans, for deciding each plan's own state. */
  async instalmentStates(q: Queryable, planIds: string[]): Promise<Map<string, InstalmentState[]>> {
    const byPlan = new Map<string, InstalmentState[]>();
    if (planIds.length === 0) return byPlan;
    const rows = await q.query<{ plan_id: string; status: InstalmentState }>(
      'select plan_id, status from payment_plan_instalments where plan_id = any ($1::uuid[]) order by plan_id, seq',
      [planIds],
    );
    for (const r of rows) byPlan.set(r.plan_id, [...(byPlan.get(r.plan_id) ?? []), r.status]);
    return byPlan;
  },

  async setPlanStates(q: Queryable, rows: { planId: string; status: 'kept' | 'broken' }[], date: string): Promise<void> {
    if (rows.length === 0) return;
    await q.query(
      `update payment_plans p set status = x.status, broken_on = case when x.status = 'broken' then $3::date end
         from unnest($1::uuid[], $2::text[]) as x (id, status) where p.id = x.id and p.status = 'active'`,
      [rows.map((r) => r.planId), rows.map((r) => r.status), date],
    );
  },

  /** A task Bokvar makes itself is made once per case, kind and source (a re-run adds nothing). */
  async insertTasks(q: Queryable, tasks: { caseId: string; kind: string; title: string; dueOn: string; assignedTo: string | null; sourceId: string | null }[]): Promise<string[]> {
    if (tasks.length === 0) return [];
    const rows = await q.query<{ id: string }>(
      `insert into case_tasks (case_id, kind, title, due_on, assigned_to, source_id)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::uuid[], $6::uuid[])
       on conflict (case_id, kind, source_id) where source_id is not null do nothing returning id`,
      [tasks.map((t) => t.caseId), tasks.map((t) => t.kind), tasks.map((t) => t.title), tasks.map((t) => t.dueOn), tasks.map((t) => t.assignedTo), tasks.map((t) => t.sourceId)],
    );
    return rows.map((r) => r.id);
  },


  /** Open tasks of the municipality due by a date (overdue and the coming days), soonest first. */
  async openTasks(q: Queryable, municipalityId: string, userId: string | null, until: string, limit: number): Promise<TaskRow[]> {
    return q.query<TaskRow>(
      `select t.id, t.case_id, case when c.protected_identity then null else c.address end as address, t.kind, t.title, t.due_on, t.assigned_to,
              u.name as assigned_name, t.done_at
         from case_tasks t join cases c on c.id = t.case_id left join users u on u.id = t.assigned_to
        where c.municipality_id = $1 and t.done_at is null and t.due_on <= $2 and ${SEES_PROTECTED.replace('$user', '$4')}
        order by t.due_on, t.created_at limit $3`,
      [municipalityId, until, limit, userId],
    );
  },

  async caseTasks(q: Queryable, caseId: string): Promise<TaskRow[]> {
    return q.query<TaskRow>(
      `select t.id, t.case_id, c.address, t.kind, t.title, t.due_on, t.assigned_to, u.name as assigned_name, t.done_at
         from case_tasks t join cases c on c.id = t.case_id left join users u on u.id = t.assigned_to
        where t.case_id = $1 order by t.done_at nulls first, t.due_on`,
      [caseId],
    );
  },

  /** Marks a task of the municipality done; false when there is no such open task. */
  async finishTask(q: Queryable, municipalityId: string, id: string, by: string): Promise<boolean> {
    const rows = await q.query(
      `update case_tasks t set done_at = now(), done_by = $3 from cases c
        where t.id = $2 and c.id = t.case_id and c.municipality_id = $1 and t.done_at is null returning t.id`,
      [municipalityId, id, by],
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

  async insertConsent(
    q: Queryable,
    c: { caseId: string; personId: string; categories: string[]; recipientOrgIds: string[]; toDebtAdvice: boolean; purpose: string; validFrom: string; validUntil: string; recordedBy: string },
  ): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into consents (case_id, person_id, categories, recipient_org_ids, to_debt_advice, purpose, valid_from, valid_until, recorded_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
      [c.caseId, c.personId, c.categories, c.recipientOrgIds, c.toDebtAdvice, c.purpose, c.validFrom, c.validUntil, c.recordedBy],
    );
    return row!.id;
  },

  async consents(q: Queryable, caseIds: string[]): Promise<ConsentRow[]> {
    if (caseIds.length === 0) return [];
    return q.query<ConsentRow>(`select ${CONSENT_COLUMNS} from ${CONSENT_FROM} where k.case_id = any ($1::uuid[]) order by k.recorded_at`, [caseIds]);
  },

  /** Documents a consent (the signed form scanned, or filed on paper); false when it is not awaiting that. */
  async documentConsent(q: Queryable, caseId: string, id: string, d: { as: 'scan' | 'paper'; scan: Buffer | null; scanType: string | null; by: string }): Promise<boolean> {
    const rows = await q.query(
      `update consents set documented_as = $3, scan = $4, scan_type = $5, documented_by = $6, documented_at = now()
        where case_id = $1 and id = $2 and documented_at is null and withdrawn_at is null returning id`,
      [caseId, id, d.as, d.scan, d.scanType, d.by],
    );
    return rows.length > 0;
  },

  async consentScan(q: Queryable, caseId: string, id: string): Promise<{ scan: Uint8Array; scan_type: string } | undefined> {
    const [row] = await q.query<{ scan: Uint8Array; scan_type: string }>('select scan, scan_type from consents where case_id = $1 and id = $2 and scan is not null', [caseId, id]);
    return row;
  },

  /** Withdraws a consent at once; false when there is no such consent still standing. */
  async withdrawConsent(q: Queryable, caseId: string, id: string, by: string, note: string | null): Promise<boolean> {
    const rows = await q.query(
      'update consents set withdrawn_at = now(), withdrawn_by = $3, withdrawn_note = $4 where case_id = $1 and id = $2 and withdrawn_at is null returning id',
      [caseId, id, by, note],
    );
    return rows.length > 0;
  },

  /**
   * Cases an organisation outside social services might see (issue 3 §3): for a landlord, those holding
   * a statutory notice it sent; for anyone, those with a documented consent naming it (or the
   * municipality's debt advice) not withdrawn and not past its last day. The policy decides per case.
   */
  async casesSharedWith(q: Queryable, r: { orgId: string } | { debtAdviceOf: string }, today: string, limit: number): Promise<string[]> {
    const consented = `exists (select 1 from consents k where k.case_id = c.id and k.documented_at is not null and k.withdrawn_at is null and k.valid_until >= $2::date
      and ${'orgId' in r ? '$1::uuid = any (k.recipient_org_ids)' : 'k.to_debt_advice and c.municipality_id = $1::uuid'})`;
    const notified = 'orgId' in r ? 'or exists (select 1 from case_intake ci join notices n on n.id = ci.notice_id where ci.case_id = c.id and n.landlord_id = $1::uuid)' : '';
    const rows = await q.query<{ id: string }>(`select c.id from cases c where (${consented} ${notified}) order by c.opened_at desc limit $3`, [
      'orgId' in r ? r.orgId : r.debtAdviceOf,
      today,
      limit,
    ]);
    return rows.map((x) => x.id);
  },

  /** The landlords whose statutory notices are in each case (they know of the case: JB 12 kap 44 §). */
  async noticeLandlords(q: Queryable, caseIds: string[]): Promise<Map<string, string[]>> {
    const byCase = new Map<string, string[]>();
    if (caseIds.length === 0) return byCase;
    const rows = await q.query<{ case_id: string; landlord_id: string }>(
      'select distinct ci.case_id, n.landlord_id from case_intake ci join notices n on n.id = ci.notice_id where ci.case_id = any ($1::uuid[])',
      [caseIds],
    );
    for (const r of rows) byCase.set(r.case_id, [...(byCase.get(r.case_id) ?? []), r.landlord_id]);
    return byCase;
  },

  async casesById(q: Queryable, ids: string[]): Promise<CaseRow[]> {
    if (ids.length === 0) return [];
    return q.query<CaseRow>(`select ${CASE_COLUMNS} from ${CASE_FROM} where c.id = any ($1::uuid[]) order by c.opened_at desc`, [ids]);
  },

  async insertContact(
    q: Queryable,
    c: { caseId: string; kind: string; plannedAt: string | null; contactDate: string | null; partOfDay: string | null; reached: boolean | null; outcome: string | null; note: string | null; joint: boolean; createdBy: string; createdAt: Date },
  ): Promise<string> {
    // Stamped by the app's clock: the case list's quiet days and a file's retention count from it.
    const [row] = await q.query<{ id: string }>(
      `insert into case_contacts (case_id, kind, planned_at, contact_date, part_of_day, reached, outcome, note, joint_with_landlord, created_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
      [c.caseId, c.kind, c.plannedAt, c.contactDate, c.partOfDay, c.reached, c.outcome, c.note, c.joint, c.createdBy, c.createdAt],
    );
    return row!.id;
  },

  /** What came of a booked visit; false when the contact is not a visit of this case still ahead. */
  async recordVisit(q: Queryable, caseId: string, id: string, v: { contactDate: string; partOfDay: string | null; reached: boolean; outcome: string | null; note: string | null }): Promise<boolean> {
    const rows = await q.query(
      `update case_contacts set contact_date = $3, part_of_day = $4, reached = $5, outcome = $6, note = coalesce($7, note)
        where id = $2 and case_id = $1 and kind = 'visit' and reached is null returning id`,
      [caseId, id, v.contactDate, v.partOfDay, v.reached, v.outcome, v.note],
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
