// The waiting list: households and their needs assessments, their SQL.
import type { Queryable } from '../platform/database.ts';
import type { DeclineReason, IncomeType } from './model.ts';

export interface ApplicantRow {
  id: string;
  municipality_id: string;
  case_id: string | null;
  personnummer: string;
  name: string;
  adults: number;
  children_ages: number[];
  reason: string;
  tried: string;
  incomes: { type: IncomeType; monthly: number }[];
  debts: number;
  payment_remarks: boolean;
  drug_free_months: number | null;
  support_needed: string;
  protected_identity: boolean;
  domestic_violence: boolean;
  avoid_areas: string[];
  needs_accessible: boolean;
  min_rooms: number;
  homelessness_situation: 1 | 2 | 3 | 4;
  priority: number;
  waiting_since: string;
  status: 'waiting' | 'housed' | 'withdrawn';
  paused_until: string | null;
  pause_reason: DeclineReason | null;
  assessed_on: string;
  assessed_by_name: string | null;
  withdrawn_reason: string | null;
  withdrawn_on: string | null;
}

/** A needs assessment as written (everything but who, when and the list's state). */
export interface Assessment {
  caseId: string | null;
  personnummer: string;
  name: string;
  adults: number;
  childrenAges: number[];
  reason: string;
  tried: string;
  incomes: { type: string; monthly: number }[];
  debts: number;
  paymentRemarks: boolean;
  drugFreeMonths: number | null;
  supportNeeded: string;
  protectedIdentity: boolean;
  domesticViolence: boolean;
  avoidAreas: string[];
  needsAccessible: boolean;
  minRooms: number;
  homelessnessSituation: 1 | 2 | 3 | 4;
}

export const APPLICANT_SELECT = `select a.id, a.municipality_id, a.case_id, a.personnummer, a.name, a.adults, a.children_ages, a.reason, a.tried, a.incomes, a.debts,
    a.payment_remarks, a.drug_free_months, a.support_needed, a.protected_identity, a.domestic_violence, a.avoid_areas, a.needs_accessible, a.min_rooms,
    a.homelessness_situation, a.priority, a.waiting_since, a.status, a.paused_until, a.pause_reason, a.assessed_on, u.name as assessed_by_name,
    a.withdrawn_reason, a.withdrawn_on
  from housing_applicants a left join users u on u.id = a.assessed_by`;

const ASSESSMENT_VALUES = (a: Assessment) => [
  a.caseId, a.personnummer, a.name, a.adults, a.childrenAges, a.reason, a.tried, JSON.stringify(a.incomes), a.debts, a.paymentRemarks, a.drugFreeMonths,
  a.supportNeeded, a.protectedIdentity, a.domesticViolence, a.avoidAreas, a.needsAccessible, a.minRooms, a.homelessnessSituation,
];

export const waitingListStore = {
  /** The municipality's waiting households, highest priority and longest waiting first. */
  async waiting(q: Queryable, municipalityId: string): Promise<ApplicantRow[]> {
    return q.query<ApplicantRow>(`${APPLICANT_SELECT} where a.municipality_id = $1 and a.status = 'waiting' order by a.priority desc, a.waiting_since, a.id`, [municipalityId]);
  },

  async applicant(q: Queryable, municipalityId: string, id: string): Promise<ApplicantRow | undefined> {
    const [row] = await q.query<ApplicantRow>(`${APPLICANT_SELECT} where a.municipality_id = $1 and a.id = $2`, [municipalityId, id]);
    return row;
  },

  async insert(q: Queryable, municipalityId: string, a: Assessment, priority: number, today: string, by: string | null): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into housing_applicants (case_id, personnummer, name, adults, children_ages, reason, tried, incomes, debts, payment_remarks, drug_free_months,
         support_needed, protected_identity, domestic_violence, avoid_areas, needs_accessible, min_rooms, homelessness_situation,
         municipality_id, priority, waiting_since, assessed_on, assessed_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21, $22) returning id`,
      [...ASSESSMENT_VALUES(a), municipalityId, priority, today, by],
    );
    return row!.id;
  },

  /** A reassessment: the assessment before goes to the history, the waiting time stays. */
  async reassess(q: Queryable, municipalityId: string, id: string, a: Assessment, priority: number, today: string, by: string | null): Promise<boolean> {
    const [old] = await q.query<{ assessment: unknown }>(
      `select to_jsonb(a) - 'id' - 'municipality_id' as assessment from housing_applicants a where a.id = $1 and a.municipality_id = $2 for update`,
      [id, municipalityId],
    );
    if (!old) return false;
    await q.query('insert into needs_assessment_history (applicant_id, assessment, replaced_by) values ($1, $2, $3)', [id, JSON.stringify(old.assessment), by]);
    await q.query(
      `update housing_applicants set case_id = $1, personnummer = $2, name = $3, adults = $4, children_ages = $5, reason = $6, tried = $7, incomes = $8::jsonb,
         debts = $9, payment_remarks = $10, drug_free_months = $11, support_needed = $12, protected_identity = $13, domestic_violence = $14, avoid_areas = $15,
         needs_accessible = $16, min_rooms = $17, homelessness_situation = $18, priority = $19, assessed_on = $20, assessed_by = $21, updated_at = now()
       where id = $22`,
      [...ASSESSMENT_VALUES(a), priority, today, by, id],
    );
    return true;
  },

  async reassessments(q: Queryable, id: string): Promise<number> {
    const [row] = await q.query<{ n: number }>('select count(*)::int as n from needs_assessment_history where applicant_id = $1', [id]);
    return row!.n;
  },

  async recordDecline(q: Queryable, id: string, d: { reason: string; note: string | null; declinedOn: string; pausedUntil: string }, by: string | null): Promise<void> {
    await q.query('insert into housing_declines (applicant_id, reason, note, declined_on, paused_until, recorded_by) values ($1, $2, $3, $4, $5, $6)', [
      id, d.reason, d.note, d.declinedOn, d.pausedUntil, by,
    ]);
    await q.query('update housing_applicants set paused_until = $2, pause_reason = $3, updated_at = now() where id = $1', [id, d.pausedUntil, d.reason]);
  },

  /** Takes a waiting household off the list with the reason; its open proposals are set aside. False when it is not waiting. */
  async withdraw(q: Queryable, id: string, reason: string, on: string): Promise<boolean> {
    const rows = await q.query(
      "update housing_applicants set status = 'withdrawn', withdrawn_reason = $2, withdrawn_on = $3, updated_at = now() where id = $1 and status = 'waiting' returning id",
      [id, reason, on],
    );
    if (rows.length === 0) return false;
    await q.query("update housing_proposals set status = 'set_aside' where applicant_id = $1 and status in ('proposed', 'approved')", [id]);
    return true;
  },

  async declines(q: Queryable, id: string): Promise<{ reason: DeclineReason; note: string | null; declined_on: string; paused_until: string }[]> {
    return q.query('select reason, note, declined_on, paused_until from housing_declines where applicant_id = $1 order by declined_on, recorded_at', [id]);
  },
};
