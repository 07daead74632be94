// The cases capability's API contract (ADR 7): the case and what is done in it, consent, and what
// other organisations see of a case. The way in (a concern, the inbox, early referrals) is in
// intake-api.ts.
import { z } from 'zod';
import { type Answer, count, id, instant, isoDate, ore } from '../platform/api-fields.ts';
import { CONSENT_CATEGORIES, type ConsentState } from '../access/consent-rules.ts';
import { NONPAYMENT_NOTE_MAX, NONPAYMENT_REASONS } from '../collection/model.ts';
import {
  ACTION_OWNERS, CASE_OUTCOMES, CONCERN_SOURCES, CONSENT_HOW, CONTACT_KINDS, CONTACT_OUTCOMES, INSTALMENT_STATES, KFM_NOTICE_KINDS, LANDLORD_OUTCOMES, PARTS_OF_DAY,
} from './model.ts';

const partOfDay = z.enum(PARTS_OF_DAY);
const contactKind = z.enum(CONTACT_KINDS);
const kfmKind = z.enum(KFM_NOTICE_KINDS);
const consentHow = z.enum(CONSENT_HOW);
const CONSENT_STATES = ['awaiting_signature', 'not_yet_valid', 'valid', 'expired', 'withdrawn'] as const satisfies readonly ConsentState[];
const named = z.object({ id, name: z.string() });

// ── The case ──
export { idParams } from '../platform/api-fields.ts';
export const caseListQuery = z.object({ after: z.string().max(100).optional() });

const caseColumns = {
  id,
  municipality_id: id,
  tenancy_id: id.nullable(),
  address: z.string(),
  area_id: id.nullable(),
  area_name: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  opened_at: instant,
  opened_by: id.nullable(),
  opened_by_name: z.string().nullable(),
  outcome: z.enum(CASE_OUTCOMES).nullable(),
  closed_at: instant.nullable(),
  closing_note: z.string().nullable(),
  protected_identity: z.boolean(),
};
export const caseListRow = z.object({
  ...caseColumns,
  /** Null for a case of a person with protected identity: its address is never in a list. */
  address: z.string().nullable(),
  entries: count,
  last_written: instant.nullable(),
  /** Nothing done for the configured number of days. */
  stalled: z.boolean(),
});
export type CaseListRow = Answer<typeof caseListRow>;
/** A page of open cases; `next` asks for the page after. */
export const caseList = z.object({ cases: z.array(caseListRow), next: z.string().nullable() });
export type CaseList = Answer<typeof caseList>;

export const journalBody = z.object({ eventDate: z.string().max(10), body: z.string().max(20_000), corrects: z.uuid().nullable().optional() });
export const journalEntry = z.object({
  id,
  seq: z.number().int(),
  event_date: isoDate,
  body: z.string(),
  author_id: id,
  author_name: z.string(),
  written_at: instant,
  /** The entry this one corrects: a signed entry is never changed (SOSFS 2014:5). */
  corrects: id.nullable(),
});
export type JournalEntry = Answer<typeof journalEntry>;
export const journalEntryWritten = z.object({ entry: journalEntry });

export const protectionBody = z.object({ protectedIdentity: z.boolean(), workerIds: z.array(z.uuid()).max(20) });

// ── Contacts and visits ──
const outcome = z.enum(CONTACT_OUTCOMES).nullable().optional();
/** Why the rent was not paid, as the household said (only when reached): the same list as the landlord's (issue 14 §1). */
const nonpayment = { nonpaymentReason: z.enum(NONPAYMENT_REASONS).nullable().optional(), nonpaymentNote: z.string().max(NONPAYMENT_NOTE_MAX).nullable().optional() };
export const contactBody = z.object({
  kind: contactKind, contactDate: z.string().max(10), partOfDay: partOfDay.nullable().optional(), reached: z.boolean(), outcome,
  note: z.string().max(4000).nullable().optional(), jointWithLandlord: z.boolean().optional(), ...nonpayment,
});
export const visitBody = z.object({ at: z.string().max(40), jointWithLandlord: z.boolean().optional(), note: z.string().max(4000).nullable().optional() });
export const visitParams = z.object({ id: z.uuid(), contactId: z.uuid() });
export const visitOutcomeBody = z.object({
  contactDate: z.string().max(10), partOfDay: partOfDay.nullable().optional(), reached: z.boolean(), outcome, note: z.string().max(4000).nullable().optional(), ...nonpayment,
});
export const visitLetterQuery = z.object({ kind: z.enum(['letter', 'card']).default('letter') });
export const contact = z.object({
  id,
  case_id: id,
  kind: contactKind,
  /** A booked visit's time; null for a contact logged afterwards. */
  planned_at: instant.nullable(),
  contact_date: isoDate.nullable(),
  part_of_day: partOfDay.nullable(),
  /** Null while a booked visit has not taken place. */
  reached: z.boolean().nullable(),
  outcome: z.string().nullable(),
  note: z.string().nullable(),
  nonpayment_reason: z.enum(NONPAYMENT_REASONS).nullable(),
  nonpayment_note: z.string().nullable(),
  joint_with_landlord: z.boolean(),
  created_by_name: z.string(),
  created_at: instant,
});
export type Contact = Answer<typeof contact>;

// ── The household and consent ──
export const personBody = z.object({
  relation: z.enum(['tenant', 'adult', 'child']), personnummer: z.string().max(20).nullable().optional(), name: z.string().max(200).nullable().optional(),
  birthYear: z.number().int().nullable().optional(),
});
export const person = z.object({
  id,
  case_id: id,
  relation: z.enum(['tenant', 'adult', 'child']),
  personnummer: z.string().nullable(),
  name: z.string().nullable(),
  birth_year: z.number().int().nullable(),
});
export type Person = Answer<typeof person>;

export const consentBody = z.object({
  personId: z.uuid(), categories: z.array(z.enum(CONSENT_CATEGORIES)).max(CONSENT_CATEGORIES.length), recipientOrgIds: z.array(z.uuid()).max(20),
  toDebtAdvice: z.boolean().optional(), purpose: z.string().max(1000), validFrom: z.string().max(10), validUntil: z.string().max(10),
});
export const consentParams = z.object({ id: z.uuid(), consentId: z.uuid() });
const file = { schema: z.instanceof(Buffer) };
/** The scanned, signed consent form, as it was uploaded. */
export const scanAnswer = { description: 'The scanned form', content: { 'application/pdf': file, 'image/jpeg': file, 'image/png': file } };
export const consentWithdrawBody = z.object({ note: z.string().max(1000).nullable().optional() });
export const consent = z.object({
  id,
  personId: id,
  categories: z.array(z.enum(CONSENT_CATEGORIES)),
  recipients: z.array(named),
  toDebtAdvice: z.boolean(),
  purpose: z.string(),
  validFrom: isoDate,
  validUntil: isoDate,
  recordedBy: z.string(),
  recordedAt: instant,
  documentedAs: z.enum(['scan', 'paper']).nullable(),
  documentedAt: instant.nullable(),
  withdrawnAt: instant.nullable(),
  withdrawnBy: z.string().nullable(),
  withdrawnNote: z.string().nullable(),
  state: z.enum(CONSENT_STATES),
});
export type Consent = Answer<typeof consent>;
/** An organisation a consent can name. */
export const consentRecipient = z.object({ id, name: z.string(), kind: z.enum(['landlord', 'municipality', 'authority']) });
export type ConsentRecipient = Answer<typeof consentRecipient>;

// ── Payment plans, tasks and social assistance ──
export const paymentPlanBody = z.object({
  debt: z.number().int(), agreedOn: z.string().max(10), agreedWith: z.string().max(200),
  instalments: z.array(z.object({ dueDate: z.string().max(10), amount: z.number().int() })).max(60),
});
export const planParams = z.object({ id: z.uuid(), planId: z.uuid() });
export const paymentPlan = z.object({
  id,
  case_id: id,
  tenancy_id: id,
  debt: ore,
  agreed_on: isoDate,
  agreed_with: z.string(),
  status: z.enum(['active', 'kept', 'broken', 'cancelled']),
  broken_on: isoDate.nullable(),
  created_by_name: z.string(),
  created_at: instant,
  /** `allowed_owed`: what may still be owed once the instalment is paid, checked against the ledger. */
  instalments: z.array(z.object({ seq: z.number().int(), due_date: isoDate, amount: ore, allowed_owed: ore, status: z.enum(INSTALMENT_STATES) })),
});
export type PaymentPlan = Answer<typeof paymentPlan>;

export const taskBody = z.object({ title: z.string().max(300), dueOn: z.string().max(10) });
export const task = z.object({
  id,
  case_id: id,
  /** Null for a case of a person with protected identity: its address is never in a list. */
  address: z.string().nullable(),
  kind: z.string(),
  title: z.string(),
  due_on: isoDate,
  assigned_to: id.nullable(),
  assigned_name: z.string().nullable(),
  done_at: instant.nullable(),
});
export type Task = Answer<typeof task>;
/** The municipality's open tasks: overdue, and due in the next days (counted from the server's today). */
export const openTasks = z.object({ today: isoDate, overdue: z.array(task), coming: z.array(task) });
export type OpenTasks = Answer<typeof openTasks>;

export const assistanceBody = z.object({
  decidedOn: z.string().max(10), granted: z.boolean(), rentAmount: z.number().int().nullable().optional(), periodFrom: z.string().max(10).nullable().optional(),
  periodUntil: z.string().max(10).nullable().optional(), note: z.string().max(2000).nullable().optional(),
});
export const assistanceDecision = z.object({
  id,
  decided_on: isoDate,
  granted: z.boolean(),
  rent_amount: ore.nullable(),
  period_from: isoDate.nullable(),
  period_until: isoDate.nullable(),
  note: z.string().nullable(),
  created_by_name: z.string(),
});
export type AssistanceDecision = Answer<typeof assistanceDecision>;

// ── The child's best interest, the action plan and closing ──
export const childAssessmentBody = z.object({ assessedOn: z.string().max(10), assessment: z.string().max(20_000), childrenHeard: z.boolean() });
export const childAssessment = z.object({ id, assessed_on: isoDate, assessment: z.string(), children_heard: z.boolean(), author_name: z.string(), written_at: instant });
/** Whether the household has children, and the assessments of their best interest. */
export const caseChildren = z.object({ hasChildren: z.boolean(), assessments: z.array(childAssessment) });
export type CaseChildren = Answer<typeof caseChildren>;

export const actionPlanBody = z.object({
  goals: z.string().max(4000), reviewOn: z.string().max(10),
  tasks: z.array(z.object({ what: z.string().max(500), owner: z.enum(ACTION_OWNERS), dueOn: z.string().max(10) })).max(30),
});
export const actionPlan = z.object({
  id,
  goals: z.string(),
  review_on: isoDate,
  created_by_name: z.string(),
  created_at: instant,
  tasks: z.array(z.object({ seq: z.number().int(), what: z.string(), owner: z.enum(ACTION_OWNERS), due_on: isoDate })),
});
export type ActionPlan = Answer<typeof actionPlan>;
export const actionPlanRequestBody = z.object({ reason: z.string().max(2000) });
export const actionPlanRequest = z.object({ id, landlord_name: z.string(), reason: z.string(), requested_by_name: z.string(), requested_at: instant });
export type ActionPlanRequest = Answer<typeof actionPlanRequest>;

export const closeBody = z.object({ outcome: z.enum(CASE_OUTCOMES), note: z.string().max(4000).nullable().optional() });
export const followUpBody = z.object({ months: z.union([z.literal(6), z.literal(12)]), tenancyHolds: z.boolean(), note: z.string().max(2000).nullable().optional() });
export const followUp = z.object({ months: z.number().int(), tenancy_holds: z.boolean(), note: z.string().nullable(), recorded_at: instant });
export type FollowUp = Answer<typeof followUp>;

// ── The eviction day and the rent-debt consultation ──
export const evictionDayParams = z.object({ id: z.uuid(), kfmNoticeId: z.uuid() });
export const evictionDayBody = z.object({
  presenceOffered: z.boolean(), attending: z.boolean(), bookedAt: z.string().max(40).nullable().optional(), note: z.string().max(2000).nullable().optional(),
});
export const evictionDay = z.object({ kfm_notice_id: id, presence_offered: z.boolean(), attending: z.boolean(), booked_at: instant.nullable(), note: z.string().nullable() });
export type EvictionDay = Answer<typeof evictionDay>;
export const consultationBody = z.object({ heldOn: z.string().max(10), participants: z.string().max(1000), landlordTookPart: z.boolean(), agreements: z.string().max(4000) });
export const consultation = z.object({ id, held_on: isoDate, participants: z.string(), landlord_took_part: z.boolean(), agreements: z.string(), created_by_name: z.string() });
export type Consultation = Answer<typeof consultation>;

// ── The case page ──
const timelineValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const timelineEvent = z.object({
  /** A date (YYYY-MM-DD) or a moment (ISO); a date sorts before the moments of the same day. */
  at: z.string(),
  kind: z.enum([
    'concern', 'notice', 'referral', 'kfm_application', 'eviction', 'contact', 'visit_booked', 'journal', 'consent', 'consent_withdrawn',
    'plan', 'plan_broken', 'assistance', 'assessment', 'action_plan', 'consultation', 'closed', 'follow_up', 'routine_step',
  ]),
  data: z.record(z.string(), timelineValue),
});
export type TimelineEvent = Answer<typeof timelineEvent>;
/** The landlord's books as social services may see them: after a notice, a consented referral or a Kronofogden notice. */
export const caseLedger = z.object({
  arrears: z.object({ owed: ore, oldestUnpaidDueDate: isoDate.nullable() }).nullable(),
  /** The routine steps the landlord's list has taken, by the landlord's own step names. */
  steps: z.array(z.object({ step: z.string(), dueOn: isoDate, status: z.string(), rentDueDate: isoDate })),
});
export type CaseLedger = Answer<typeof caseLedger>;

export const concern = z.object({
  id,
  reference: z.string(),
  municipality_id: id,
  area_id: id.nullable(),
  address: z.string(),
  contract_number: z.string().nullable(),
  tenancy_id: id.nullable(),
  what: z.string(),
  children: z.boolean(),
  mental_health: z.boolean(),
  violence: z.boolean(),
  contact: z.string().nullable(),
  source: z.enum(CONCERN_SOURCES),
  reporter_org_name: z.string().nullable(),
  received_at: instant,
  status: z.enum(['new', 'handled']),
});

export const caseDetail = z.object({
  case: z.object(caseColumns),
  persons: z.array(person),
  /** What brought the case in. */
  concerns: z.array(concern),
  notices: z.array(z.object({ id, landlord: z.string(), amountOwed: ore, terminationDate: isoDate, deliveredToBoard: isoDate.nullable(), reason: z.string() })),
  kfm: z.array(z.object({ id, kind: kfmKind, caseNumber: z.string(), evictionAt: instant.nullable(), authority: z.string(), receivedAt: instant })),
  referrals: z.array(
    z.object({ id, landlord: z.string(), reason: z.string(), amountOwed: ore, consentGivenOn: isoDate, consentHow, sentBy: z.string(), receivedAt: instant }),
  ),
  contacts: z.array(contact),
  journal: z.array(journalEntry),
  consents: z.array(consent),
  consentRecipients: z.array(consentRecipient),
  plans: z.array(paymentPlan),
  tasks: z.array(task),
  children: caseChildren,
  actionPlans: z.array(actionPlan),
  actionPlanRequests: z.array(actionPlanRequest),
  followUps: z.array(followUp),
  evictionDays: z.array(evictionDay),
  consultations: z.array(consultation),
  /** Those named on a case with protected identity: only they see it. */
  workers: z.array(z.object({ user_id: id, name: z.string() })),
  /** The municipality's social workers and team leads, to name on the case. */
  colleagues: z.array(named),
  assistance: z.array(assistanceDecision),
  timeline: z.array(timelineEvent),
  ledger: caseLedger.nullable(),
});
export type CaseDetail = Answer<typeof caseDetail>;

// ── What organisations outside social services see ──
export const sharedCase = z.object({
  id,
  municipality: z.string(),
  municipalityPhone: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  openedAt: instant,
  address: z.string(),
  /** What the household consented to share with this organisation. */
  categories: z.array(z.enum(CONSENT_CATEGORIES)),
  socialWorker: z.string().nullable(),
  contacts: z.array(z.object({ kind: z.string(), date: isoDate.nullable(), partOfDay: z.string().nullable(), reached: z.boolean().nullable() })).nullable(),
  paymentPlans: z
    .array(z.object({ status: z.string(), agreedOn: isoDate, brokenOn: isoDate.nullable(), instalments: z.array(z.object({ dueDate: isoDate, amount: ore, status: z.string() })) }))
    .nullable(),
  assistance: z
    .array(z.object({ decidedOn: isoDate, granted: z.boolean(), rentAmount: ore.nullable(), periodFrom: isoDate.nullable(), periodUntil: isoDate.nullable() }))
    .nullable(),
  actionPlans: z.array(z.object({ goals: z.string(), reviewOn: isoDate, tasks: z.array(z.object({ what: z.string(), owner: z.string(), dueOn: isoDate })) })).nullable(),
  /** Coarsely, or precisely where the household consented to share it. */
  outcome: z.object({ coarse: z.enum(LANDLORD_OUTCOMES), precise: z.enum(CASE_OUTCOMES).nullable() }).nullable(),
  jointVisits: z.array(z.object({ at: instant })),
});
export type SharedCase = Answer<typeof sharedCase>;
export const sharedCases = z.object({ cases: z.array(sharedCase) });
export type SharedCases = Answer<typeof sharedCases>;
