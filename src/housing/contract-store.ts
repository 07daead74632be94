// The municipality's ladder, the contracts on it and their transfers to the household's own lease: their SQL.
import type { Queryable } from '../platform/database.ts';
import type { ContractForm, Decider, LadderStep, StepCondition } from './model.ts';

export interface LadderStepRow {
  id: string;
  position: number;
  form: ContractForm;
  name: string;
  trial_months: number | null;
  conditions: StepCondition[];
  decided_by: Decider;
  children_may_skip: boolean;
  guarantee_months: number | null;
}

export interface ContractRow {
  id: string;
  applicant_id: string;
  applicant_name: string;
  children_ages: number[];
  home_id: string;
  address: string;
  landlord_name: string;
  step_id: string;
  step_position: number;
  step_name: string;
  form: ContractForm;
  started_on: string;
  review_on: string | null;
  status: 'active' | 'transfer_proposed' | 'ended' | 'own_lease';
  tenancy_id: string | null;
  /** Where the period under review began: the last review, or the start. */
  period_from: string;
  /** When the contract came onto its present step. */
  step_started_on: string;
  municipality_id: string;
  landlord_id: string;
  /** The home's monthly rent, öre. */
  rent: number;
  /** The latest version of the three-party housing plan, if any. */
  plan: { version: number; agreed_on: string; tenant: string; landlord: string; municipality: string } | null;
  /** The last day a checked home insurance with liability cover holds. */
  insured_until: string | null;
  /** The latest transfer of the lease proposed to the landlord, if any. */
  transfer: { status: 'proposed' | 'accepted' | 'refused'; reason: string | null; proposed_on: string } | null;
}

const CONTRACT_SELECT = `select c.id, c.applicant_id, a.name as applicant_name, a.children_ages, c.home_id, h.address, l.name as landlord_name, c.step_id,
    s.position as step_position, s.name as step_name, s.form, c.started_on, c.review_on, c.status, h.tenancy_id, c.step_started_on, c.municipality_id,
    h.landlord_id, h.rent,
    coalesce((select max(r.reviewed_on) from contract_reviews r where r.contract_id = c.id), c.started_on) as period_from,
    (select json_build_object('status', t.status, 'reason', t.reason, 'proposed_on', t.proposed_on) from housing_transfers t
      where t.contract_id = c.id order by t.seq desc limit 1) as transfer,
    (select json_build_object('version', p.version, 'agreed_on', p.agreed_on, 'tenant', p.tenant_part, 'landlord', p.landlord_part, 'municipality', p.municipality_part)
       from housing_plans p where p.contract_id = c.id order by p.version desc limit 1) as plan,
    (select max(i.valid_until) from contract_insurance i where i.contract_id = c.id) as insured_until
  from housing_contracts c join housing_applicants a on a.id = c.applicant_id join offered_homes h on h.id = c.home_id
  join organisations l on l.id = h.landlord_id join ladder_steps s on s.id = c.step_id`;

export interface TransferRow {
  id: string;
  contract_id: string;
  landlord_id: string;
  municipality_id: string;
  proposed_on: string;
  status: 'proposed' | 'accepted' | 'refused';
  reason: string | null;
  /** The step the household moves to when the landlord accepts (null on transfers proposed before migration 0030: the own lease). */
  to_step_id: string | null;
  address: string;
  adults: number;
  children_ages: number[];
  started_on: string;
  needs_cause: boolean;
}

const TRANSFER_SELECT = `select t.id, t.contract_id, t.landlord_id, c.municipality_id, t.proposed_on, t.status, t.reason, t.to_step_id, h.address, a.adults, a.children_ages, c.started_on,
    g.transfer_refusal_needs_cause as needs_cause
  from housing_transfers t join housing_contracts c on c.id = t.contract_id join offered_homes h on h.id = c.home_id
  join housing_agreements g on g.id = h.agreement_id join housing_applicants a on a.id = c.applicant_id`;

export const contractStore = {
  /** Positions above `above` of the municipality's ladder that a contract or a proposed transfer stands on. */
  async stepsInUseAbove(q: Queryable, municipalityId: string, above: number): Promise<number[]> {
    const rows = await q.query<{ position: number }>(
      `select distinct s.position from ladder_steps s
        where s.municipality_id = $1 and s.position > $2
          and (exists (select 1 from housing_contracts c where c.step_id = s.id)
               or exists (select 1 from housing_transfers t where t.to_step_id = s.id and t.status = 'proposed'))
        order by s.position`,
      [municipalityId, above],
    );
    return rows.map((r) => r.position);
  },

  /** The municipality's contracts for the follow-up: landlord, form, step, days on it, locked in past review. */
  async forFollowUp(q: Queryable, municipalityId: string, today: string) {
    return q.query<{ landlord_id: string; landlord_name: string; form: string; step_name: string; status: string; days_on_step: number; locked_in: boolean }>(
      `select h.landlord_id, l.name as landlord_name, s.form, s.name as step_name, c.status,
              ($2::date - c.step_started_on) as days_on_step,
              (c.status = 'active' and c.review_on < $2::date) as locked_in
         from housing_contracts c join offered_homes h on h.id = c.home_id join organisations l on l.id = h.landlord_id join ladder_steps s on s.id = c.step_id
        where c.municipality_id = $1`,
      [municipalityId, today],
    );
  },

  /** Transfers to the household's own lease accepted, per landlord and year (Stockholm). */
  async conversionsPerYear(q: Queryable, municipalityId: string) {
    return q.query<{ landlord_id: string; year: number; n: number }>(
      `select t.landlord_id, extract(year from t.answered_at at time zone 'Europe/Stockholm')::int as year, count(*)::int as n
         from housing_transfers t join housing_contracts c on c.id = t.contract_id
        where c.municipality_id = $1 and t.status = 'accepted' group by 1, 2 order by 2`,
      [municipalityId],
    );
  },

  async ladder(q: Queryable, municipalityId: string): Promise<LadderStepRow[]> {
    return q.query<LadderStepRow>(
      'select id, position, form, name, trial_months, conditions, decided_by, children_may_skip, guarantee_months from ladder_steps where municipality_id = $1 order by position',
      [municipalityId],
    );
  },

  /** Saves the ladder step by step: the step at each position keeps its id (contracts on it stay); steps beyond the new last are removed. */
  async saveLadder(q: Queryable, municipalityId: string, steps: LadderStep[]): Promise<void> {
    for (const s of steps) {
      const values = [municipalityId, s.position, s.form, s.name.trim(), s.trialMonths, s.conditions, s.decidedBy, s.childrenMaySkip, s.guaranteeMonths];
      const updated = await q.query(
        `update ladder_steps set form = $3, name = $4, trial_months = $5, conditions = $6, decided_by = $7, children_may_skip = $8, guarantee_months = $9
          where municipality_id = $1 and position = $2 returning id`,
        values,
      );
      if (updated.length === 0) {
        await q.query(
          'insert into ladder_steps (municipality_id, position, form, name, trial_months, conditions, decided_by, children_may_skip, guarantee_months) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
          values,
        );
      }
    }
    await q.query('delete from ladder_steps where municipality_id = $1 and position > $2', [municipalityId, steps.length]);
  },

  async acceptedProposal(q: Queryable, municipalityId: string, proposalId: string): Promise<{ applicant_id: string; home_id: string; children_ages: number[] } | undefined> {
    const [row] = await q.query<{ applicant_id: string; home_id: string; children_ages: number[] }>(
      `select p.applicant_id, p.home_id, a.children_ages from housing_proposals p join matching_rounds r on r.id = p.round_id
         join housing_applicants a on a.id = p.applicant_id
        where p.id = $1 and r.municipality_id = $2 and p.status = 'accepted'`,
      [proposalId, municipalityId],
    );
    return row;
  },

  async insertContract(q: Queryable, c: { municipalityId: string; applicantId: string; homeId: string; stepId: string; startedOn: string; reviewOn: string | null }, by: string | null): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      'insert into housing_contracts (municipality_id, applicant_id, home_id, step_id, started_on, step_started_on, review_on, created_by) values ($1, $2, $3, $4, $5, $5, $6, $7) returning id',
      [c.municipalityId, c.applicantId, c.homeId, c.stepId, c.startedOn, c.reviewOn, by],
    );
    return row!.id;
  },

  async contracts(q: Queryable, municipalityId: string): Promise<ContractRow[]> {
    return q.query<ContractRow>(`${CONTRACT_SELECT} where c.municipality_id = $1 order by c.status, c.review_on nulls last, c.started_on, c.id`, [municipalityId]);
  },

  /** Active contracts whose review falls due by `until`, the most overdue first. */
  async dueReviews(q: Queryable, municipalityId: string, until: string) {
    return q.query<{ id: string; applicant_name: string; address: string; step_name: string; review_on: string }>(
      `select c.id, a.name as applicant_name, h.address, s.name as step_name, c.review_on
         from housing_contracts c join housing_applicants a on a.id = c.applicant_id join offered_homes h on h.id = c.home_id join ladder_steps s on s.id = c.step_id
        where c.municipality_id = $1 and c.status = 'active' and c.review_on <= $2 order by c.review_on, c.id`,
      [municipalityId, until],
    );
  },

  async contract(q: Queryable, municipalityId: string, id: string): Promise<ContractRow | undefined> {
    const [row] = await q.query<ContractRow>(`${CONTRACT_SELECT} where c.municipality_id = $1 and c.id = $2`, [municipalityId, id]);
    return row;
  },

  async reviews(q: Queryable, contractId: string) {
    return q.query<{ reviewed_on: string; decision: 'step_up' | 'extend' | 'end'; reasons: string; conditions: Record<string, boolean>; next_review_on: string | null }>(
      'select reviewed_on, decision, reasons, conditions, next_review_on from contract_reviews where contract_id = $1 order by reviewed_on, decided_at',
      [contractId],
    );
  },

  async recordReview(
    q: Queryable,
    r: {
      contractId: string; reviewedOn: string; decision: string; reasons: string; conditions: Record<string, boolean>; fromStepId: string; toStepId: string | null;
      /** The step the contract is on after the review (null: it stays, as while a transfer waits for the landlord). */
      newStepId: string | null; nextReviewOn: string | null; status: string;
    },
    by: string | null,
  ): Promise<boolean> {
    const updated = await q.query(
      `update housing_contracts set step_id = coalesce($2, step_id), review_on = $3, status = $4, step_started_on = case when $2::uuid is null then step_started_on else $5::date end
        where id = $1 and status = 'active' returning id`,
      [r.contractId, r.newStepId, r.nextReviewOn, r.status, r.reviewedOn],
    );
    if (updated.length === 0) return false;
    await q.query(
      `insert into contract_reviews (contract_id, reviewed_on, decision, reasons, conditions, from_step_id, to_step_id, next_review_on, decided_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [r.contractId, r.reviewedOn, r.decision, r.reasons, JSON.stringify(r.conditions), r.fromStepId, r.toStepId, r.nextReviewOn, by],
    );
    return true;
  },

  /** A new version of the contract's housing plan; the earlier ones stay. Returns the version. */
  async insertPlan(q: Queryable, contractId: string, p: { tenant: string; landlord: string; municipality: string; agreedOn: string }, by: string | null): Promise<number> {
    const [row] = await q.query<{ version: number }>(
      `insert into housing_plans (contract_id, version, tenant_part, landlord_part, municipality_part, agreed_on, written_by)
       select $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6 from housing_plans where contract_id = $1 returning version`,
      [contractId, p.tenant, p.landlord, p.municipality, p.agreedOn, by],
    );
    return row!.version;
  },

  async plans(q: Queryable, contractId: string) {
    return q.query<{ version: number; agreed_on: string; tenant_part: string; landlord_part: string; municipality_part: string }>(
      'select version, agreed_on, tenant_part, landlord_part, municipality_part from housing_plans where contract_id = $1 order by version',
      [contractId],
    );
  },

  async insertInsurance(q: Queryable, contractId: string, i: { insurer: string; policyNumber: string; validFrom: string; validUntil: string; checkedOn: string }, by: string | null): Promise<void> {
    await q.query(
      `insert into contract_insurance (contract_id, insurer, policy_number, liability_cover, valid_from, valid_until, checked_on, checked_by)
       values ($1, $2, $3, true, $4, $5, $6, $7)`,
      [contractId, i.insurer, i.policyNumber, i.validFrom, i.validUntil, i.checkedOn, by],
    );
  },

  /** Proposes to the landlord that the household take over the lease, moving to `toStepId` on acceptance. */
  async proposeTransfer(q: Queryable, contractId: string, toStepId: string, proposedOn: string): Promise<void> {
    await q.query(
      `insert into housing_transfers (contract_id, landlord_id, proposed_on, to_step_id)
       select c.id, h.landlord_id, $2, $3 from housing_contracts c join offered_homes h on h.id = c.home_id where c.id = $1`,
      [contractId, proposedOn, toStepId],
    );
  },

  async transfersOfLandlord(q: Queryable, landlordId: string) {
    return q.query<TransferRow>(`${TRANSFER_SELECT} where t.landlord_id = $1 order by t.status = 'proposed' desc, t.seq desc`, [landlordId]);
  },

  async transfer(q: Queryable, id: string): Promise<TransferRow | undefined> {
    const [row] = await q.query<TransferRow>(`${TRANSFER_SELECT} where t.id = $1`, [id]);
    return row;
  },

  /** Records the landlord's answer; false when the transfer was already answered. */
  async answerTransfer(q: Queryable, id: string, accept: boolean, reason: string | null, by: string | null, at: Date): Promise<boolean> {
    const answered = await q.query(
      "update housing_transfers set status = $2, reason = $3, answered_by = $4, answered_at = $5 where id = $1 and status = 'proposed' returning id",
      [id, accept ? 'accepted' : 'refused', reason, by, at],
    );
    return answered.length > 0;
  },

  /** Moves a contract to a step (or keeps its step, `stepId` null) with its status and next review. */
  async moveContract(q: Queryable, contractId: string, m: { stepId: string | null; status: string; reviewOn: string | null; on: string }): Promise<void> {
    await q.query(
      `update housing_contracts set status = $3, review_on = $4, step_id = coalesce($2, step_id), step_started_on = case when $2::uuid is null then step_started_on else $5::date end
        where id = $1`,
      [contractId, m.stepId, m.status, m.reviewOn, m.on],
    );
  },
};
