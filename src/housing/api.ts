// The housing capability's API contract (ADR 7), first part: cooperation agreements and the homes
// offered under them, the waiting list, matching rounds and proposals, and the follow-up. The ladder
// and the contracts on it, with all that hangs on them, are in contract-api.ts.
import { z } from 'zod';
import { type Answer, count, figure, id, instant, isoDate, ore, requestDate as date } from '../platform/api-fields.ts';
import { COMMITMENT_KINDS, DECLINE_REASON_KINDS, HOMELESSNESS_SITUATIONS, INCOME_TYPES } from './model.ts';

const shortText = z.string().max(200);
const named = z.object({ id, name: z.string() });
const incomeType = z.enum(INCOME_TYPES);

export { idParams } from '../platform/api-fields.ts';

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
  /**
   * The homes given under it, each a household placed: for the parties doing the work (the housing
   * coordinator, the landlord); null for leadership, which reads them in the follow-up as figures that
   * name no one (issue 14 §3).
   */
  given: z.object({ year: z.number().int(), thisYear: count, lastYear: count }).nullable(),
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

// ── The follow-up: figures that name no one (src/disclosure) ──
export const followUp = z.object({
  date: isoDate,
  year: z.number().int(),
  totals: z.object({ ongoing: figure, ownLeases: figure, convertedThisYear: figure, lockedIn: figure, givenThisYear: figure }),
  timeOnStep: z.array(z.object({ step: z.string(), contracts: figure, averageDays: figure })),
  byLandlord: z.array(
    z.object({
      landlord: named,
      ongoing: figure,
      convertedThisYear: figure,
      lockedIn: figure,
      /** The homes a year the agreements commit to (an agreement's term, not a count of people), and those given. */
      quota: z.object({ committed: count, givenThisYear: figure }),
    }),
  ),
});
export type FollowUp = Answer<typeof followUp>;
