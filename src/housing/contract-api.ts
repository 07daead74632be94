// The housing capability's API contract (ADR 7), second part: the housing ladder, the social contracts
// on it with their reviews, transfers of the lease, the problems a landlord reports, housing plans, insurance,
// rent guarantees with the landlord's claims, and inspections.
import { z } from 'zod';
import { type Answer, count, id, instant, isoDate, ore, requestDate as date } from '../platform/api-fields.ts';
import { CONTRACT_FORM_KINDS, DECIDERS, INSPECTION_KINDS, STEP_CONDITION_KINDS } from './model.ts';

const shortText = z.string().max(200);
const contractForm = z.enum(CONTRACT_FORM_KINDS);
const stepCondition = z.enum(STEP_CONDITION_KINDS);
const decider = z.enum(DECIDERS);
const inspectionKind = z.enum(INSPECTION_KINDS);

export { idParams } from '../platform/api-fields.ts';

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
