import type { Queryable } from '../platform/database.ts';
import type { CommitmentKind, ContractForm, LadderStep, StepCondition } from './model.ts';

export interface AgreementRow {
  id: string;
  municipality_id: string;
  municipality_name: string;
  landlord_id: string;
  landlord_name: string;
  name: string;
  target_groups: string[];
  commitment_kind: CommitmentKind;
  commitment_homes: number | null;
  commitment_share: number | null;
  commitment_base: number | null;
  excluded_areas: string[];
  accepted_income_types: string[];
  max_rent_share: number;
  response_hours: number;
  transfer_refusal_needs_cause: boolean;
  valid_from: string;
  valid_until: string | null;
  review_dates: string[];
  /** Homes offered (and not withdrawn) in the given year and the year before, by the Stockholm calendar. */
  given_this_year: number;
  given_last_year: number;
}

export interface AgreementInput {
  municipalityId: string;
  landlordId: string;
  name: string;
  targetGroups: string[];
  commitmentKind: CommitmentKind;
  commitmentHomes: number | null;
  commitmentShare: number | null;
  commitmentBase: number | null;
  excludedAreas: string[];
  acceptedIncomeTypes: string[];
  maxRentShare: number;
  responseHours: number;
  transferRefusalNeedsCause: boolean;
  validFrom: string;
  validUntil: string | null;
  reviewDates: string[];
}

export interface OfferedHomeRow {
  id: string;
  agreement_id: string;
  agreement_name: string;
  landlord_id: string;
  landlord_name: string;
  address: string;
  area: string;
  rooms: number;
  size_m2: number;
  rent: number;
  floor: number;
  lift: boolean;
  accessible: boolean;
  available_from: string;
  status: 'offered' | 'withdrawn' | 'let';
  offered_at: Date;
}

export interface OfferedHomeInput {
  agreementId: string;
  landlordId: string;
  /** The landlord's tenancy of the home (by its contract number), when its ledger is in Bokvar. */
  tenancyId?: string | null;
  address: string;
  area: string;
  rooms: number;
  sizeM2: number;
  rent: number;
  floor: number;
  lift: boolean;
  accessible: boolean;
  availableFrom: string;
}

const AGREEMENT_SELECT = `select a.id, a.municipality_id, m.name as municipality_name, a.landlord_id, l.name as landlord_name, a.name, a.target_groups,
    a.commitment_kind, a.commitment_homes, a.commitment_share::float8 as commitment_share, a.commitment_base, a.excluded_areas, a.accepted_income_types,
    a.max_rent_share::float8 as max_rent_share, a.response_hours, a.transfer_refusal_needs_cause, a.valid_from, a.valid_until, a.review_dates,
    (select count(*)::int from offered_homes h where h.agreement_id = a.id and h.status <> 'withdrawn'
        and extract(year from h.offered_at at time zone 'Europe/Stockholm') = $1::int) as given_this_year,
    (select count(*)::int from offered_homes h where h.agreement_id = a.id and h.status <> 'withdrawn'
        and extract(year from h.offered_at at time zone 'Europe/Stockholm') = $1::int - 1) as given_last_year
  from housing_agreements a join organisations m on m.id = a.municipality_id join organisations l on l.id = a.landlord_id`;

const HOME_SELECT = `select h.id, h.agreement_id, a.name as agreement_name, h.landlord_id, l.name as landlord_name, h.address, h.area, h.rooms, h.size_m2::float8 as size_m2,
    h.rent, h.floor, h.lift, h.accessible, h.available_from, h.status, h.offered_at
  from offered_homes h join housing_agreements a on a.id = h.agreement_id join organisations l on l.id = h.landlord_id`;

export const housingStore = {
  /** The agreements of a municipality or of a landlord, by landlord name, with what was given in `year` and the year before. */
  async agreements(q: Queryable, by: { municipalityId: string } | { landlordId: string }, year: number): Promise<AgreementRow[]> {
    const [column, id] = 'municipalityId' in by ? ['a.municipality_id', by.municipalityId] : ['a.landlord_id', by.landlordId];
    return q.query<AgreementRow>(`${AGREEMENT_SELECT} where ${column} = $2 order by l.name, a.valid_from, a.id`, [year, id]);
  },

  async agreement(q: Queryable, id: string, year: number): Promise<AgreementRow | undefined> {
    const [row] = await q.query<AgreementRow>(`${AGREEMENT_SELECT} where a.id = $2`, [year, id]);
    return row;
  },

  async insertAgreement(q: Queryable, a: AgreementInput, by: string | null): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into housing_agreements (municipality_id, landlord_id, name, target_groups, commitment_kind, commitment_homes, commitment_share, commitment_base,
         excluded_areas, accepted_income_types, max_rent_share, response_hours, valid_from, valid_until, review_dates, created_by, transfer_refusal_needs_cause)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) returning id`,
      [a.municipalityId, a.landlordId, a.name, a.targetGroups, a.commitmentKind, a.commitmentHomes, a.commitmentShare, a.commitmentBase, a.excludedAreas,
        a.acceptedIncomeTypes, a.maxRentShare, a.responseHours, a.validFrom, a.validUntil, a.reviewDates, by, a.transferRefusalNeedsCause],
    );
    return row!.id;
  },

  async updateAgreement(q: Queryable, id: string, a: AgreementInput): Promise<boolean> {
    const rows = await q.query(
      `update housing_agreements set landlord_id = $2, name = $3, target_groups = $4, commitment_kind = $5, commitment_homes = $6, commitment_share = $7,
         commitment_base = $8, excluded_areas = $9, accepted_income_types = $10, max_rent_share = $11, response_hours = $12, valid_from = $13,
         valid_until = $14, review_dates = $15, transfer_refusal_needs_cause = $17, updated_at = now()
       where id = $1 and municipality_id = $16 returning id`,
      [id, a.landlordId, a.name, a.targetGroups, a.commitmentKind, a.commitmentHomes, a.commitmentShare, a.commitmentBase, a.excludedAreas,
        a.acceptedIncomeTypes, a.maxRentShare, a.responseHours, a.validFrom, a.validUntil, a.reviewDates, a.municipalityId, a.transferRefusalNeedsCause],
    );
    return rows.length > 0;
  },

  async homes(q: Queryable, by: { municipalityId: string } | { landlordId: string }): Promise<OfferedHomeRow[]> {
    const [column, id] = 'municipalityId' in by ? ['a.municipality_id', by.municipalityId] : ['h.landlord_id', by.landlordId];
    return q.query<OfferedHomeRow>(`${HOME_SELECT} where ${column} = $1 order by h.status, h.available_from, h.address, h.id`, [id]);
  },

  async home(q: Queryable, id: string): Promise<OfferedHomeRow | undefined> {
    const [row] = await q.query<OfferedHomeRow>(`${HOME_SELECT} where h.id = $1`, [id]);
    return row;
  },

  /** `at`: the app's clock, so the year a home counts for is the year the rules are read in. */
  async insertHome(q: Queryable, h: OfferedHomeInput, by: string | null, at: Date): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into offered_homes (agreement_id, landlord_id, address, area, rooms, size_m2, rent, floor, lift, accessible, available_from, offered_by, offered_at, tenancy_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) returning id`,
      [h.agreementId, h.landlordId, h.address, h.area, h.rooms, h.sizeM2, h.rent, h.floor, h.lift, h.accessible, h.availableFrom, by, at, h.tenancyId ?? null],
    );
    return row!.id;
  },

  async withdrawHome(q: Queryable, id: string, landlordId: string, at: Date): Promise<boolean> {
    const rows = await q.query("update offered_homes set status = 'withdrawn', withdrawn_at = $3 where id = $1 and landlord_id = $2 and status = 'offered' returning id", [id, landlordId, at]);
    return rows.length > 0;
  },
};

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
  incomes: { type: string; monthly: number }[];
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
  pause_reason: string | null;
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

const APPLICANT_SELECT = `select a.id, a.municipality_id, a.case_id, a.personnummer, a.name, a.adults, a.children_ages, a.reason, a.tried, a.incomes, a.debts,
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

  async declines(q: Queryable, id: string): Promise<{ reason: string; note: string | null; declined_on: string; paused_until: string }[]> {
    return q.query('select reason, note, declined_on, paused_until from housing_declines where applicant_id = $1 order by declined_on, recorded_at', [id]);
  },
};

export interface RoundHomeRow {
  id: string;
  landlord_id: string;
  landlord_name: string;
  address: string;
  area: string;
  rooms: number;
  rent: number;
  accessible: boolean;
  accepted_income_types: string[];
  max_rent_share: number;
}

export interface ProposalRow {
  id: string;
  round_id: string;
  applicant_id: string;
  home_id: string;
  landlord_id: string;
  explanation: string[];
  status: 'proposed' | 'approved' | 'set_aside' | 'accepted' | 'declined';
  decline_reason: string | null;
  applicant_name: string;
  adults: number;
  children_ages: number[];
  min_rooms: number;
  priority: number;
  address: string;
  area: string;
  rooms: number;
  rent: number;
  landlord_name: string;
  has_contract: boolean;
}

const PROPOSAL_SELECT = `select p.id, p.round_id, p.applicant_id, p.home_id, p.landlord_id, p.explanation, p.status, p.decline_reason,
    a.name as applicant_name, a.adults, a.children_ages, a.min_rooms, a.priority, h.address, h.area, h.rooms, h.rent, l.name as landlord_name,
    exists (select 1 from housing_contracts c where c.applicant_id = p.applicant_id and c.home_id = p.home_id) as has_contract
  from housing_proposals p join housing_applicants a on a.id = p.applicant_id join offered_homes h on h.id = p.home_id join organisations l on l.id = p.landlord_id`;

const LIVE = "('proposed', 'approved', 'accepted')";

export const roundStore = {
  /** Households that may be matched today: waiting, not paused, in no live proposal. */
  async applicantsForRound(q: Queryable, municipalityId: string, today: string): Promise<ApplicantRow[]> {
    return q.query<ApplicantRow>(
      `${APPLICANT_SELECT} where a.municipality_id = $1 and a.status = 'waiting' and (a.paused_until is null or a.paused_until <= $2)
          and not exists (select 1 from housing_proposals p where p.applicant_id = a.id and p.status in ${LIVE})
        order by a.priority desc, a.waiting_since, a.id`,
      [municipalityId, today],
    );
  },

  /** Homes on offer under the municipality's agreements valid today, in no live proposal, with the agreement's income rules. */
  async homesForRound(q: Queryable, municipalityId: string, today: string): Promise<RoundHomeRow[]> {
    return q.query<RoundHomeRow>(
      `select h.id, h.landlord_id, l.name as landlord_name, h.address, h.area, h.rooms, h.rent, h.accessible, g.accepted_income_types, g.max_rent_share::float8 as max_rent_share
         from offered_homes h join housing_agreements g on g.id = h.agreement_id join organisations l on l.id = h.landlord_id
        where g.municipality_id = $1 and h.status = 'offered' and g.valid_from <= $2 and (g.valid_until is null or g.valid_until >= $2)
          and not exists (select 1 from housing_proposals p where p.home_id = h.id and p.status in ${LIVE})
        order by h.available_from, h.id`,
      [municipalityId, today],
    );
  },

  async insertRound(q: Queryable, municipalityId: string, input: unknown, answer: unknown, by: string | null): Promise<string> {
    const [row] = await q.query<{ id: string }>('insert into matching_rounds (municipality_id, input, answer, created_by) values ($1, $2, $3, $4) returning id', [
      municipalityId, JSON.stringify(input), JSON.stringify(answer), by,
    ]);
    return row!.id;
  },

  async insertProposal(q: Queryable, p: { roundId: string; applicantId: string; homeId: string; landlordId: string; explanation: string[] }): Promise<void> {
    await q.query('insert into housing_proposals (round_id, applicant_id, home_id, landlord_id, explanation) values ($1, $2, $3, $4, $5)', [
      p.roundId, p.applicantId, p.homeId, p.landlordId, p.explanation,
    ]);
  },

  async latestRound(q: Queryable, municipalityId: string): Promise<{ id: string; answer: { unassigned: { household: string; reasons: string[] }[] }; created_at: Date } | undefined> {
    const [row] = await q.query<{ id: string; answer: { unassigned: { household: string; reasons: string[] }[] }; created_at: Date }>(
      'select id, answer, created_at from matching_rounds where municipality_id = $1 order by created_at desc, id desc limit 1',
      [municipalityId],
    );
    return row;
  },

  async proposalsOfRound(q: Queryable, roundId: string): Promise<ProposalRow[]> {
    return q.query<ProposalRow>(`${PROPOSAL_SELECT} where p.round_id = $1 order by a.priority desc, a.waiting_since, p.id`, [roundId]);
  },

  async proposalsOfLandlord(q: Queryable, landlordId: string): Promise<ProposalRow[]> {
    return q.query<ProposalRow>(`${PROPOSAL_SELECT} where p.landlord_id = $1 and p.status in ('approved', 'accepted', 'declined') order by p.decided_at desc, p.id`, [landlordId]);
  },

  async proposal(q: Queryable, id: string): Promise<(ProposalRow & { municipality_id: string }) | undefined> {
    const [row] = await q.query<ProposalRow & { municipality_id: string }>(
      `select x.*, r.municipality_id from (${PROPOSAL_SELECT} where p.id = $1) x join matching_rounds r on r.id = x.round_id`,
      [id],
    );
    return row;
  },

  /** Moves a proposal on from `from`; false if it was not there (decided meanwhile). */
  async decide(q: Queryable, id: string, from: string, to: string, by: string | null, at: Date): Promise<boolean> {
    const rows = await q.query("update housing_proposals set status = $3, decided_by = $4, decided_at = $5 where id = $1 and status = $2 returning id", [id, from, to, by, at]);
    return rows.length > 0;
  },

  async answer(q: Queryable, id: string, landlordId: string, accept: boolean, reason: string | null, by: string | null, at: Date): Promise<boolean> {
    const rows = await q.query(
      `update housing_proposals set status = $3, decline_reason = $4, landlord_answer_by = $5, landlord_answer_at = $6
        where id = $1 and landlord_id = $2 and status = 'approved' returning id`,
      [id, landlordId, accept ? 'accepted' : 'declined', accept ? null : reason, by, at],
    );
    return rows.length > 0;
  },

  /** Household and home pairs a landlord has declined, for the households and homes of a round. */
  async declinedPairs(q: Queryable, municipalityId: string): Promise<{ applicant_id: string; home_id: string }[]> {
    return q.query(
      `select p.applicant_id, p.home_id from housing_proposals p join matching_rounds r on r.id = p.round_id where r.municipality_id = $1 and p.status = 'declined'`,
      [municipalityId],
    );
  },

  async applicantNames(q: Queryable, municipalityId: string, ids: string[]): Promise<Map<string, string>> {
    const rows = await q.query<{ id: string; name: string }>('select id, name from housing_applicants where municipality_id = $1 and id = any ($2::uuid[])', [municipalityId, ids]);
    return new Map(rows.map((r) => [r.id, r.name]));
  },

  async markLet(q: Queryable, homeId: string, applicantId: string): Promise<void> {
    await q.query("update offered_homes set status = 'let' where id = $1", [homeId]);
    await q.query("update housing_applicants set status = 'housed', updated_at = now() where id = $1", [applicantId]);
  },
};

export interface LadderStepRow {
  id: string;
  position: number;
  form: ContractForm;
  name: string;
  trial_months: number | null;
  conditions: StepCondition[];
  decided_by: 'social_services' | 'landlord' | 'joint';
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
    return q.query<{ reviewed_on: string; decision: string; reasons: string; conditions: Record<string, boolean>; next_review_on: string | null }>(
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

export interface ProblemRow {
  id: string;
  contract_id: string;
  landlord_id: string;
  address: string;
  description: string;
  reported_at: Date;
  respond_by: Date;
  response: string | null;
  responded_at: Date | null;
  applicant_name: string;
  municipality_id: string;
}

const PROBLEM_SELECT = `select p.id, p.contract_id, p.landlord_id, h.address, p.description, p.reported_at, p.respond_by, p.response, p.responded_at,
    a.name as applicant_name, c.municipality_id
  from contract_problems p join housing_contracts c on c.id = p.contract_id join offered_homes h on h.id = c.home_id
  join housing_applicants a on a.id = c.applicant_id`;

export const problemStore = {
  /**
   * The landlord's homes with a contract on them (active, waiting for a transfer, or ended and not yet
   * inspected at move-out), with the agreement's response time.
   */
  async landlordContracts(q: Queryable, landlordId: string) {
    return q.query<{ id: string; address: string; step_name: string; started_on: string; status: string; response_hours: number; plan: unknown }>(
      `select c.id, h.address, s.name as step_name, c.started_on, c.status, g.response_hours,
              (select json_build_object('version', p.version, 'agreedOn', p.agreed_on, 'tenant', p.tenant_part, 'landlord', p.landlord_part, 'municipality', p.municipality_part)
                 from housing_plans p where p.contract_id = c.id order by p.version desc limit 1) as plan
         from housing_contracts c join offered_homes h on h.id = c.home_id join ladder_steps s on s.id = c.step_id join housing_agreements g on g.id = h.agreement_id
        where h.landlord_id = $1
          and (c.status in ('active', 'transfer_proposed')
               -- an ended contract stays until the home's move-out inspection is held
               or (c.status = 'ended' and not exists (select 1 from contract_inspections i where i.contract_id = c.id and i.kind = 'move_out' and i.held_on is not null)))
        order by h.address, c.id`,
      [landlordId],
    );
  },

  async insert(q: Queryable, p: { contractId: string; landlordId: string; description: string; at: Date; respondBy: Date }, by: string | null): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      'insert into contract_problems (contract_id, landlord_id, description, reported_by, reported_at, respond_by) values ($1, $2, $3, $4, $5, $6) returning id',
      [p.contractId, p.landlordId, p.description, by, p.at, p.respondBy],
    );
    return row!.id;
  },

  async ofLandlord(q: Queryable, landlordId: string): Promise<ProblemRow[]> {
    return q.query<ProblemRow>(`${PROBLEM_SELECT} where p.landlord_id = $1 order by p.reported_at desc, p.id`, [landlordId]);
  },

  async ofMunicipality(q: Queryable, municipalityId: string): Promise<ProblemRow[]> {
    return q.query<ProblemRow>(`${PROBLEM_SELECT} where c.municipality_id = $1 order by p.responded_at is not null, p.respond_by, p.id`, [municipalityId]);
  },

  async problem(q: Queryable, id: string): Promise<ProblemRow | undefined> {
    const [row] = await q.query<ProblemRow>(`${PROBLEM_SELECT} where p.id = $1`, [id]);
    return row;
  },

  async respond(q: Queryable, id: string, response: string, by: string | null, at: Date): Promise<boolean> {
    const rows = await q.query('update contract_problems set response = $2, responded_by = $3, responded_at = $4 where id = $1 and responded_at is null returning id', [id, response, by, at]);
    return rows.length > 0;
  },
};

export interface GuaranteeRow {
  id: string;
  contract_id: string;
  months: number;
  monthly_rent: number;
  amount: number;
  valid_from: string;
  valid_until: string;
  /** Öre paid out on claims, and claimed but not yet decided. */
  paid: number;
  pending: number;
}

export interface ClaimRow {
  id: string;
  guarantee_id: string;
  contract_id: string;
  municipality_id: string;
  landlord_id: string;
  landlord_name: string;
  address: string;
  tenancy_id: string | null;
  applicant_name: string;
  due_dates: string[];
  amount: number;
  description: string | null;
  ledger_unpaid: number | null;
  payable: number;
  claimed_at: Date;
  status: 'claimed' | 'paid' | 'rejected';
  paid_amount: number | null;
  decision_reason: string | null;
  decided_at: Date | null;
  guarantee_amount: number;
  valid_from: string;
  valid_until: string;
}

const GUARANTEE_SELECT = `select g.id, g.contract_id, g.months, g.monthly_rent, g.amount, g.valid_from, g.valid_until,
    coalesce((select sum(k.paid_amount) from guarantee_claims k where k.guarantee_id = g.id and k.status = 'paid'), 0)::bigint as paid,
    coalesce((select sum(k.amount) from guarantee_claims k where k.guarantee_id = g.id and k.status = 'claimed'), 0)::bigint as pending
  from rent_guarantees g`;

const CLAIM_SELECT = `select k.id, k.guarantee_id, g.contract_id, c.municipality_id, k.landlord_id, l.name as landlord_name, h.address, h.tenancy_id,
    a.name as applicant_name, to_json(k.due_dates) as due_dates, k.amount, k.description, k.ledger_unpaid, k.payable, k.claimed_at, k.status, k.paid_amount,
    k.decision_reason, k.decided_at, g.amount as guarantee_amount, g.valid_from, g.valid_until
  from guarantee_claims k join rent_guarantees g on g.id = k.guarantee_id join housing_contracts c on c.id = g.contract_id
  join offered_homes h on h.id = c.home_id join organisations l on l.id = k.landlord_id join housing_applicants a on a.id = c.applicant_id`;

export const guaranteeStore = {
  /** The monthly rent of a contract's home (öre), which its guarantee counts months of. */
  async rentOfContract(q: Queryable, contractId: string): Promise<number> {
    const [home] = await q.query<{ rent: number }>('select h.rent from housing_contracts c join offered_homes h on h.id = c.home_id where c.id = $1', [contractId]);
    return home!.rent;
  },

  /** A contract's latest guarantee, with its home's tenancy and landlord. */
  async latestOfContract(q: Queryable, contractId: string): Promise<{ guarantee_id: string; tenancy_id: string | null; landlord_id: string } | undefined> {
    const [row] = await q.query<{ guarantee_id: string; tenancy_id: string | null; landlord_id: string }>(
      `select g.id as guarantee_id, h.tenancy_id, h.landlord_id from housing_contracts c join offered_homes h on h.id = c.home_id
         join rent_guarantees g on g.contract_id = c.id where c.id = $1 order by g.valid_from desc limit 1`,
      [contractId],
    );
    return row;
  },

  /** What the guarantee's other claims take of it (öre): paid as paid, undecided as claimed. */
  async claimedByOthers(q: Queryable, guaranteeId: string, claimId: string): Promise<number> {
    const [row] = await q.query<{ n: number }>(
      `select coalesce(sum(case when status = 'paid' then paid_amount else amount end), 0)::bigint as n
         from guarantee_claims where guarantee_id = $1 and status <> 'rejected' and id <> $2`,
      [guaranteeId, claimId],
    );
    return row!.n;
  },

  async insertGuarantee(q: Queryable, g: { contractId: string; stepId: string; months: number; monthlyRent: number; validFrom: string; validUntil: string }): Promise<void> {
    await q.query(
      `insert into rent_guarantees (contract_id, step_id, months, monthly_rent, amount, valid_from, valid_until) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (contract_id, valid_from) do nothing`,
      [g.contractId, g.stepId, g.months, g.monthlyRent, g.months * g.monthlyRent, g.validFrom, g.validUntil],
    );
  },

  /** The guarantees of the given contracts, the latest of each first. */
  async ofContracts(q: Queryable, contractIds: readonly string[]): Promise<GuaranteeRow[]> {
    if (contractIds.length === 0) return [];
    return q.query<GuaranteeRow>(`${GUARANTEE_SELECT} where g.contract_id = any($1::uuid[]) order by g.contract_id, g.valid_from desc`, [contractIds]);
  },

  /** The contract's guarantee covering `date`, locked for a claim or a decision. */
  async lockGuarantee(q: Queryable, id: string): Promise<GuaranteeRow | undefined> {
    await q.query('select id from rent_guarantees where id = $1 for update', [id]);
    const [row] = await q.query<GuaranteeRow>(`${GUARANTEE_SELECT} where g.id = $1`, [id]);
    return row;
  },

  /** Due dates already claimed (and not rejected) under the guarantee. */
  async claimedDueDates(q: Queryable, guaranteeId: string, exceptClaimId: string | null): Promise<string[]> {
    const rows = await q.query<{ d: string }>(
      "select distinct unnest(due_dates)::text as d from guarantee_claims where guarantee_id = $1 and status <> 'rejected' and id is distinct from $2 order by d",
      [guaranteeId, exceptClaimId],
    );
    return rows.map((r) => r.d);
  },

  async insertClaim(
    q: Queryable,
    k: { guaranteeId: string; landlordId: string; dueDates: string[]; amount: number; description: string | null; ledgerUnpaid: number | null; payable: number; at: Date },
    by: string | null,
  ): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into guarantee_claims (guarantee_id, landlord_id, due_dates, amount, description, ledger_unpaid, payable, claimed_by, claimed_at)
       values ($1, $2, $3::date[], $4, $5, $6, $7, $8, $9) returning id`,
      [k.guaranteeId, k.landlordId, k.dueDates, k.amount, k.description, k.ledgerUnpaid, k.payable, by, k.at],
    );
    return row!.id;
  },

  async claim(q: Queryable, id: string): Promise<ClaimRow | undefined> {
    const [row] = await q.query<ClaimRow>(`${CLAIM_SELECT} where k.id = $1`, [id]);
    return row;
  },

  async claimsOfLandlord(q: Queryable, landlordId: string): Promise<ClaimRow[]> {
    return q.query<ClaimRow>(`${CLAIM_SELECT} where k.landlord_id = $1 order by k.claimed_at desc, k.id`, [landlordId]);
  },

  async claimsOfMunicipality(q: Queryable, municipalityId: string): Promise<ClaimRow[]> {
    return q.query<ClaimRow>(`${CLAIM_SELECT} where c.municipality_id = $1 order by k.status <> 'claimed', k.claimed_at, k.id`, [municipalityId]);
  },

  async decide(q: Queryable, id: string, d: { status: 'paid' | 'rejected'; paidAmount: number | null; reason: string | null; at: Date }, by: string | null): Promise<boolean> {
    const rows = await q.query(
      "update guarantee_claims set status = $2, paid_amount = $3, decision_reason = $4, decided_by = $5, decided_at = $6 where id = $1 and status = 'claimed' returning id",
      [id, d.status, d.paidAmount, d.reason, by, d.at],
    );
    return rows.length > 0;
  },
};

export interface InspectionRow {
  id: string;
  contract_id: string;
  kind: 'move_in' | 'move_out';
  scheduled_on: string;
  held_on: string | null;
  social_services_present: boolean | null;
  tenant_present: boolean | null;
  remarks: string | null;
  damages: string | null;
}

const INSPECTION_COLUMNS = 'id, contract_id, kind, scheduled_on, held_on, social_services_present, tenant_present, remarks, damages';

export const inspectionStore = {
  /** The parties of a contract, to check who may book and record its inspections. */
  async parties(q: Queryable, contractId: string): Promise<{ municipality_id: string; landlord_id: string; status: string } | undefined> {
    const [row] = await q.query<{ municipality_id: string; landlord_id: string; status: string }>(
      'select c.municipality_id, h.landlord_id, c.status from housing_contracts c join offered_homes h on h.id = c.home_id where c.id = $1',
      [contractId],
    );
    return row;
  },

  /** Books the inspection, or moves the booked date while it is not yet held; null when it was already held. */
  async book(q: Queryable, b: { contractId: string; kind: string; scheduledOn: string; at: Date }, by: string | null): Promise<string | null> {
    const [row] = await q.query<{ id: string }>(
      `insert into contract_inspections (contract_id, kind, scheduled_on, booked_by, booked_at) values ($1, $2, $3, $4, $5)
       on conflict (contract_id, kind) do update set scheduled_on = excluded.scheduled_on, booked_by = excluded.booked_by, booked_at = excluded.booked_at
         where contract_inspections.held_on is null
       returning id`,
      [b.contractId, b.kind, b.scheduledOn, by, b.at],
    );
    return row?.id ?? null;
  },

  async inspection(q: Queryable, id: string): Promise<InspectionRow | undefined> {
    const [row] = await q.query<InspectionRow>(`select ${INSPECTION_COLUMNS} from contract_inspections where id = $1`, [id]);
    return row;
  },

  async ofContracts(q: Queryable, contractIds: readonly string[]): Promise<InspectionRow[]> {
    if (contractIds.length === 0) return [];
    return q.query<InspectionRow>(`select ${INSPECTION_COLUMNS} from contract_inspections where contract_id = any($1::uuid[]) order by contract_id, kind`, [contractIds]);
  },

  /** Writes the protocol of a booked inspection once; false when it was already recorded. */
  async record(
    q: Queryable, id: string, p: { heldOn: string; socialServicesPresent: boolean; tenantPresent: boolean; remarks: string | null; damages: string | null; at: Date }, by: string | null,
  ): Promise<boolean> {
    const rows = await q.query(
      `update contract_inspections set held_on = $2, social_services_present = $3, tenant_present = $4, remarks = $5, damages = $6, recorded_by = $7, recorded_at = $8
        where id = $1 and held_on is null returning id`,
      [id, p.heldOn, p.socialServicesPresent, p.tenantPresent, p.remarks, p.damages, by, p.at],
    );
    return rows.length > 0;
  },
};
