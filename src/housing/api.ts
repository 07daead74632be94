// The housing capability's API contract (ADR 7): cooperation agreements and the homes offered under
// them, the waiting list, matching rounds and proposals, the ladder and the contracts on it, transfers,
// problems, housing plans, insurance, rent guarantees and inspections, and the follow-up.
import { z } from 'zod';
import { type Answer, count, id, instant, isoDate, ore } from '../platform/api-fields.ts';
import {
  COMMITMENT_KINDS, CONTRACT_FORM_KINDS, DECIDERS, DECLINE_REASON_KINDS, HOMELESSNESS_SITUATIONS, INCOME_TYPES, INSPECTION_KINDS, STEP_CONDITION_KINDS,
} from './model.ts';

const shortText = z.string().max(200);
const date = z.string().max(10);
const named = z.object({ id, name: z.string() });
const incomeType = z.enum(INCOME_TYPES);
const contractForm = z.enum(CONTRACT_FORM_KINDS);
const stepCondition = z.enum(STEP_CONDITION_KINDS);
const decider = z.enum(DECIDERS);
const inspectionKind = z.enum(INSPECTION_KINDS);

/** A record named by its id in the path: an agreement, a home, a household, a proposal, a contract … */
export const idParams = z.object({ id: z.uuid() });

// ── Cooperation agreements and the homes offered under them ──
export const agreementBody = z.object({
  landlordId: z.uuid(),
  name: shortText,
  targetGroups: z.array(shortText).max(20).default([]),
  commitmentKind: z.enum(COMMITMENT_KINDS),
  commitmentHomes: z.number().int().min(0).max(100_000).nullable().default(null),
  commitmentShare: z.number().gt(0).max(1).nullable().default(null),
  commitmentBase: z.number().int().min(0).max(10_000_000).nullable().default(null),
  excludedAreas: z.array(z.string().max(100)).max(100).default([]),
  acceptedIncomeTypes: z.array(incomeType).min(1).max(INCOME_TYPES.length),
  maxRentShare: z.number().gt(0).max(1),
  responseHours: z.number().int().min(1).max(720),
  transferRefusalNeedsCause: z.boolean().default(false),
  validFrom: date,
  validUntil: date.nullable().default(null),
  reviewDates: z.array(date).max(50).default([]),
});

/** An agreement: the commitment with the homes a year it comes to, and the homes given this year and last. */
export const agreement = z.object({
  id,
  municipality: named,
  landlord: named,
  name: z.string(),
  targetGroups: z.array(z.string()),
  commitment: z.object({
    kind: z.enum(COMMITMENT_KINDS),
    homes: z.number().int().nullable(),
    /** 0.1: 10 % of `base`. */
    share: z.number().nullable(),
    base: z.number().int().nullable(),
    homesPerYear: count,
  }),
  given: z.object({ year: z.number().int(), thisYear: count, lastYear: count }),
  excludedAreas: z.array(z.string()),
  acceptedIncomeTypes: z.array(incomeType),
  /** The largest share of the counted income the rent may be (0.4: 40 %). */
  maxRentShare: z.number(),
  responseHours: z.number().int(),
  transferRefusalNeedsCause: z.boolean(),
  validFrom: isoDate,
  validUntil: isoDate.nullable(),
  reviewDates: z.array(isoDate),
});
export type Agreement = Answer<typeof agreement>;
export const agreements = z.object({ agreements: z.array(agreement) });
export type Agreements = Answer<typeof agreements>;
/** The landlords an agreement can be written with. */
export const agreementLandlords = z.object({ landlords: z.array(named) });
export type AgreementLandlords = Answer<typeof agreementLandlords>;

export const homeBody = z.object({
  agreementId: z.uuid(),
  address: shortText,
  area: z.string().max(100),
  rooms: z.number().int().min(1).max(20),
  sizeM2: z.number().gt(0).max(9999),
  rent: z.number().int().min(0).max(100_000_000),
  floor: z.number().int().min(-5).max(100),
  lift: z.boolean(),
  accessible: z.boolean(),
  availableFrom: date,
  contractNumber: z.string().max(50).nullable().optional(),
});
export const home = z.object({
  id,
  agreement: named,
  landlord: named,
  address: z.string(),
  area: z.string(),
  rooms: z.number().int(),
  sizeM2: z.number(),
  /** Monthly rent. */
  rent: ore,
  floor: z.number().int(),
  lift: z.boolean(),
  accessible: z.boolean(),
  availableFrom: isoDate,
  status: z.enum(['offered', 'withdrawn', 'let']),
  offeredAt: instant,
});
export type Home = Answer<typeof home>;
export const homes = z.object({ homes: z.array(home) });
export type Homes = Answer<typeof homes>;

// ── The waiting list ──
export const assessmentBody = z.object({
  caseId: z.uuid().nullable().default(null),
  personnummer: z.string().max(20),
  name: shortText,
  adults: z.number().int().min(1).max(20),
  childrenAges: z.array(z.number().int().min(0).max(17)).max(20).default([]),
  reason: z.string().max(4000),
  tried: z.string().max(4000).default(''),
  incomes: z.array(z.object({ type: incomeType, monthly: z.number().int().min(0).max(100_000_000) })).max(20).default([]),
  debts: z.number().int().min(0).max(10_000_000_000).default(0),
  paymentRemarks: z.boolean().default(false),
  drugFreeMonths: z.number().int().min(0).max(600).nullable().default(null),
  supportNeeded: z.string().max(4000).default(''),
  protectedIdentity: z.boolean().default(false),
  domesticViolence: z.boolean().default(false),
  avoidAreas: z.array(z.string().max(100)).max(50).default([]),
  needsAccessible: z.boolean().default(false),
  minRooms: z.number().int().min(1).max(20),
  homelessnessSituation: z.union(HOMELESSNESS_SITUATIONS.map((n) => z.literal(n)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>]),
});
export const declineBody = z.object({ reason: z.enum(DECLINE_REASON_KINDS), note: z.string().max(2000).nullable().default(null), declinedOn: date });
export const withdrawBody = z.object({ reason: z.string().max(2000) });

/** A household on the waiting list with its needs assessment (social services' own data, never a landlord's). */
export const applicant = z.object({
  id,
  caseId: id.nullable(),
  personnummer: z.string(),
  name: z.string(),
  adults: z.number().int(),
  childrenAges: z.array(z.number().int()),
  reason: z.string(),
  tried: z.string(),
  incomes: z.array(z.object({ type: incomeType, monthly: ore })),
  debts: ore,
  paymentRemarks: z.boolean(),
  drugFreeMonths: z.number().int().nullable(),
  supportNeeded: z.string(),
  protectedIdentity: z.boolean(),
  domesticViolence: z.boolean(),
  avoidAreas: z.array(z.string()),
  needsAccessible: z.boolean(),
  minRooms: z.number().int(),
  homelessnessSituation: z.union(HOMELESSNESS_SITUATIONS.map((n) => z.literal(n)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>]),
  priority: z.number().int(),
  waitingSince: isoDate,
  waitingDays: count,
  status: z.enum(['waiting', 'housed', 'withdrawn']),
  /** Paused after declining an offer: the day it waits again, and why (null when not paused today). */
  pausedUntil: isoDate.nullable(),
  pauseReason: z.enum(DECLINE_REASON_KINDS).nullable(),
  assessedOn: isoDate,
  assessedBy: z.string().nullable(),
  withdrawn: z.object({ on: isoDate.nullable(), reason: z.string().nullable() }).nullable(),
});
export type Applicant = Answer<typeof applicant>;
/** The waiting list: by priority and time waited; those paused apart. */
export const waitingList = z.object({ waiting: z.array(applicant), paused: z.array(applicant) });
export type WaitingList = Answer<typeof waitingList>;
export const applicantDetail = applicant.extend({
  declines: z.array(z.object({ reason: z.enum(DECLINE_REASON_KINDS), note: z.string().nullable(), declined_on: isoDate, paused_until: isoDate })),
  /** How often the household has been assessed again. */
  reassessments: count,
});
export type ApplicantDetail = Answer<typeof applicantDetail>;

// ── Matching rounds and proposals ──
const proposalStatus = z.enum(['proposed', 'approved', 'set_aside', 'accepted', 'declined']);
/** A proposal as the coordinator sees it: the household by name, the home, the reasons it fits. */
export const proposal = z.object({
  id,
  status: proposalStatus,
  explanation: z.array(z.string()),
  declineReason: z.string().nullable(),
  /** A contract has been written on the accepted proposal. */
  contract: z.boolean(),
  household: z.object({ id, name: z.string(), adults: z.number().int(), children: count, priority: z.number().int() }),
  home: z.object({ id, address: z.string(), area: z.string(), rooms: z.number().int(), rent: ore, landlord: z.string() }),
});
export type Proposal = Answer<typeof proposal>;
export const round = z.object({
  round: z.object({ id, createdAt: instant }).nullable(),
  proposals: z.array(proposal),
  /** The households left out, each with its reasons; the name is null for one no longer on the list. */
  unassigned: z.array(z.object({ household: z.object({ id, name: z.string().nullable() }), reasons: z.array(z.string()) })),
});
export type Round = Answer<typeof round>;
export const proposalDecisionBody = z.object({ approve: z.boolean() });

/** What the landlord is told of a proposal: the home, the household's size and needs; no name, no incomes. */
export const landlordProposal = z.object({
  id,
  status: proposalStatus,
  declineReason: z.string().nullable(),
  household: z.object({ adults: z.number().int(), children: count, minRooms: z.number().int() }),
  home: z.object({ id, address: z.string(), area: z.string(), rooms: z.number().int(), rent: ore }),
  explanation: z.array(z.string()),
});
export type LandlordProposal = Answer<typeof landlordProposal>;
export const landlordProposals = z.object({ proposals: z.array(landlordProposal) });
export type LandlordProposals = Answer<typeof landlordProposals>;
export const answerBody = z.object({ accept: z.boolean(), reason: z.string().max(2000).nullable().default(null) });

// ── The ladder ──
export const ladderBody = z.object({
  steps: z
    .array(
      z.object({
        position: z.number().int().min(1).max(20),
        form: contractForm,
        name: shortText,
        trialMonths: z.number().int().min(1).max(60).nullable(),
        conditions: z.array(stepCondition).max(4),
        decidedBy: decider,
        childrenMaySkip: z.boolean().default(false),
        guaranteeMonths: z.number().int().min(1).max(24).nullable().default(null),
      }),
    )
    .max(20),
});
export const ladderStep = z.object({
  /** Null on the default ladder, before the municipality saves its own. */
  id: id.nullable(),
  position: z.number().int(),
  form: contractForm,
  name: z.string(),
  trialMonths: z.number().int().nullable(),
  conditions: z.array(stepCondition),
  decidedBy: decider,
  childrenMaySkip: z.boolean(),
  guaranteeMonths: z.number().int().nullable(),
});
export type LadderStep = Answer<typeof ladderStep>;
export const ladder = z.object({ steps: z.array(ladderStep), isDefault: z.boolean() });
export type Ladder = Answer<typeof ladder>;

// ── Contracts, with their guarantee and inspections ──
export const guarantee = z.object({
  id,
  months: z.number().int(),
  monthlyRent: ore,
  amount: ore,
  validFrom: isoDate,
  validUntil: isoDate,
  /** Paid out on claims, claimed and not yet decided, and what is left. */
  paid: ore,
  pending: ore,
  remaining: ore,
  /** Today is in its period. */
  current: z.boolean(),
});
export type Guarantee = Answer<typeof guarantee>;

export const inspection = z.object({
  id,
  kind: inspectionKind,
  scheduledOn: isoDate,
  heldOn: isoDate.nullable(),
  socialServicesPresent: z.boolean().nullable(),
  tenantPresent: z.boolean().nullable(),
  remarks: z.string().nullable(),
  damages: z.string().nullable(),
});
export type Inspection = Answer<typeof inspection>;
/** A contract's inspections and what is missing. */
export const inspections = z.object({
  moveIn: inspection.nullable(),
  moveOut: inspection.nullable(),
  moveInMissing: z.boolean(),
  moveOutMissing: z.boolean(),
  withoutSocialServices: z.boolean(),
});
export type Inspections = Answer<typeof inspections>;

/** The latest version of the three-party housing plan (boplan). */
export const housingPlan = z.object({ version: z.number().int(), agreedOn: isoDate, tenant: z.string(), landlord: z.string(), municipality: z.string() });
export type HousingPlan = Answer<typeof housingPlan>;

const contractStatus = z.enum(['active', 'transfer_proposed', 'ended', 'own_lease']);
const transferStatus = z.enum(['proposed', 'accepted', 'refused']);
export const contract = z.object({
  /** Due dates under review whose rent was paid late, by the landlord's ledger; null where the home's ledger is not in Bokvar. */
  lateRent: z.array(isoDate).nullable(),
  guarantee: guarantee.nullable(),
  inspections,
  id,
  household: z.object({ id, name: z.string(), children: count }),
  home: z.object({ id, address: z.string(), landlord: z.string() }),
  step: z.object({ id, position: z.number().int(), name: z.string(), form: contractForm, startedOn: isoDate }),
  startedOn: isoDate,
  reviewOn: isoDate.nullable(),
  status: contractStatus,
  transfer: z.object({ status: transferStatus, reason: z.string().nullable(), proposedOn: isoDate }).nullable(),
  plan: housingPlan.nullable(),
  /** Home insurance with liability cover; `missing`: none valid today on a contract under way. */
  insurance: z.object({ validUntil: isoDate.nullable(), missing: z.boolean() }),
  /** Past the trial with no decision: the household is locked in on its step. */
  reviewOverdue: z.boolean(),
});
export type Contract = Answer<typeof contract>;
export const contracts = z.object({ contracts: z.array(contract) });
export type Contracts = Answer<typeof contracts>;
export const contractBody = z.object({ proposalId: z.uuid(), startedOn: date });

export const reviewTask = z.object({ contractId: id, household: z.string(), address: z.string(), step: z.string(), reviewOn: isoDate });
export type ReviewTask = Answer<typeof reviewTask>;
/** Contract reviews past their date with no decision, and due in the next 30 days (from the server's today). */
export const reviewTasks = z.object({ today: isoDate, overdue: z.array(reviewTask), coming: z.array(reviewTask) });
export type ReviewTasks = Answer<typeof reviewTasks>;

export const reviewBody = z.object({
  decision: z.enum(['step_up', 'extend', 'end']),
  reasons: z.string().max(4000),
  conditions: z.partialRecord(stepCondition, z.boolean()).default({}),
  extendMonths: z.number().int().min(1).max(36).nullable().default(null),
});
/** A contract after a review, with every review it has had. */
export const reviewedContract = contract.extend({
  reviews: z.array(
    z.object({
      reviewed_on: isoDate,
      decision: z.enum(['step_up', 'extend', 'end']),
      reasons: z.string(),
      /** Each condition of the step, met or not. */
      conditions: z.record(z.string(), z.boolean()),
      next_review_on: isoDate.nullable(),
    }),
  ),
});
export type ReviewedContract = Answer<typeof reviewedContract>;

// ── Transfers of the lease ──
export const transfer = z.object({
  id,
  status: transferStatus,
  reason: z.string().nullable(),
  proposedOn: isoDate,
  /** The agreement says the landlord may not refuse without a reason. */
  needsCause: z.boolean(),
  home: z.object({ address: z.string() }),
  household: z.object({ adults: z.number().int(), children: count }),
  startedOn: isoDate,
});
export type Transfer = Answer<typeof transfer>;
export const transfers = z.object({ transfers: z.array(transfer) });
export type Transfers = Answer<typeof transfers>;

// ── Problems the landlord reports ──
export const problemBody = z.object({ description: z.string().max(4000) });
export const problemResponseBody = z.object({ response: z.string().max(4000) });
export const problem = z.object({
  id,
  contractId: id,
  address: z.string(),
  description: z.string(),
  reportedAt: instant,
  /** When the agreement's response time runs out. */
  respondBy: instant,
  response: z.string().nullable(),
  respondedAt: instant.nullable(),
  status: z.enum(['open', 'answered']),
  /** Answered late, or open past its time. */
  breached: z.boolean(),
});
export type Problem = Answer<typeof problem>;
/** A problem as social services see it: with the household's name. */
export const municipalityProblem = problem.extend({ household: z.string() });
export type MunicipalityProblem = Answer<typeof municipalityProblem>;
export const municipalityProblems = z.object({ problems: z.array(municipalityProblem) });
export type MunicipalityProblems = Answer<typeof municipalityProblems>;

/** The landlord's homes with social contracts on them (no names), and the problems it reported. */
export const landlordContracts = z.object({
  contracts: z.array(
    z.object({
      id,
      address: z.string(),
      step: z.string(),
      startedOn: isoDate,
      status: contractStatus,
      responseHours: z.number().int(),
      plan: housingPlan.nullable(),
      guarantee: guarantee.nullable(),
      inspections,
    }),
  ),
  problems: z.array(problem),
});
export type LandlordContracts = Answer<typeof landlordContracts>;

// ── Housing plans and insurance ──
export const housingPlanBody = z.object({ tenant: z.string().max(4000), landlord: z.string().max(4000), municipality: z.string().max(4000), agreedOn: date });
/** The plan's new version, and every version. */
export const housingPlanRevised = z.object({
  version: z.number().int(),
  history: z.array(z.object({ version: z.number().int(), agreed_on: isoDate, tenant_part: z.string(), landlord_part: z.string(), municipality_part: z.string() })),
});
export type HousingPlanRevised = Answer<typeof housingPlanRevised>;
export const insuranceBody = z.object({ insurer: shortText, policyNumber: z.string().max(100), liabilityCover: z.boolean(), validFrom: date, validUntil: date });

// ── Rent guarantees and the landlord's claims ──
export const claimBody = z.object({ dueDates: z.array(date).max(24), amount: z.number().int().max(100_000_000), description: z.string().max(2000).nullable().default(null) });
export const claim = z.object({
  id,
  contractId: id,
  address: z.string(),
  landlord: z.string(),
  dueDates: z.array(isoDate),
  amount: ore,
  description: z.string().nullable(),
  /** Null: the home's tenancy is not in Bokvar, so the claim could not be checked against the landlord's ledger. */
  ledgerUnpaid: ore.nullable(),
  payable: ore,
  claimedAt: instant,
  status: z.enum(['claimed', 'paid', 'rejected']),
  paidAmount: ore.nullable(),
  decisionReason: z.string().nullable(),
  decidedAt: instant.nullable(),
  guarantee: z.object({ amount: ore, validFrom: isoDate, validUntil: isoDate }),
});
export type Claim = Answer<typeof claim>;
export const landlordClaims = z.object({ claims: z.array(claim) });
export type LandlordClaims = Answer<typeof landlordClaims>;
/** A claim as social services see it: with the household's name. */
export const municipalityClaim = claim.extend({ household: z.string() });
export type MunicipalityClaim = Answer<typeof municipalityClaim>;
export const municipalityClaims = z.object({ claims: z.array(municipalityClaim) });
export type MunicipalityClaims = Answer<typeof municipalityClaims>;
export const claimDecisionBody = z.object({
  pay: z.boolean(),
  amount: z.number().int().max(100_000_000).nullable().default(null),
  reason: z.string().max(2000).nullable().default(null),
});

// ── Inspections ──
export const inspectionBody = z.object({ kind: inspectionKind, scheduledOn: date });
export const protocolBody = z.object({
  heldOn: date,
  socialServicesPresent: z.boolean(),
  tenantPresent: z.boolean(),
  remarks: z.string().max(4000).nullable().default(null),
  damages: z.string().max(4000).nullable().default(null),
});

// ── The follow-up: counts only, no names ──
const byForm = z.record(z.string(), count);
const byYear = z.record(z.string(), count);
export const followUp = z.object({
  date: isoDate,
  totals: z.object({ contractsByForm: byForm, ownLeases: count, conversionsByYear: byYear, lockedIn: count }),
  timeOnStep: z.array(z.object({ step: z.string(), contracts: count, averageDays: z.number().int() })),
  byLandlord: z.array(
    z.object({
      landlord: named,
      contractsByForm: byForm,
      conversionsByYear: byYear,
      lockedIn: count,
      quota: z.object({ committed: count, givenThisYear: count, givenLastYear: count }),
    }),
  ),
});
export type FollowUp = Answer<typeof followUp>;
