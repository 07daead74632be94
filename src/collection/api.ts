// The collection capability's API contract: the routine, the worklist, outreach, SMS, notices and the review list.
import { z } from 'zod';
import { type Answer, count, done, id, instant, isoDate, ore } from '../platform/api-fields.ts';
import { NONPAYMENT_NOTE_MAX, NONPAYMENT_REASONS, OUTREACH_OUTCOMES, STEP_ACTIONS, STEP_ACTORS, WORKLIST_PAGE } from './model.ts';

const partOfDay = z.enum(['morning', 'afternoon', 'evening']);
const noticeReason = z.enum(['arrears', 'disturbance', 'neglect']);

// ── The routine ──
const conditions = z
  .object({
    /** Öre owed at least. */
    minAmount: z.number().int().min(0).optional(),
    minMonthsOwed: z.number().min(0).optional(),
    /** The first named tenant is at most / at least this old. */
    maxTenantAge: z.number().int().min(0).max(130).optional(),
    minTenantAge: z.number().int().min(0).max(130).optional(),
    childrenInHousehold: z.boolean().optional(),
    /** No contact logged for at least this many days (never contacted counts). */
    noContactForDays: z.number().int().min(0).max(365).optional(),
    collectionDemandSent: z.boolean().optional(),
  })
  .strict();

const timing = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bank_day'), day: z.number().int() }),
  z.object({ kind: z.literal('calendar_day'), day: z.number().int() }),
  z.object({ kind: z.literal('window'), from: z.number().int(), to: z.number().int() }),
]);

/** A routine as it is sent and saved (also read by `bokvar routine set`). */
export const routineSchema = z.object({
  name: z.string().max(200),
  templateKey: z.string().max(50).nullable().default(null),
  steps: z
    .array(
      z.object({
        key: z.string().max(50),
        label: z.string().max(200),
        timing,
        action: z.enum(STEP_ACTIONS),
        actor: z.enum(STEP_ACTORS),
        conditions: conditions.default({}),
      }),
    )
    .max(30),
});
export type RoutineAnswer = Answer<typeof routineSchema>;

export const routineWithTemplates = z.object({
  /** `isDefault`: the landlord has saved none, this is the template it starts from. */
  routine: routineSchema.extend({ isDefault: z.boolean() }),
  templates: z.array(z.object({ key: z.string(), name: z.string() })),
});
export type RoutineWithTemplates = Answer<typeof routineWithTemplates>;
export const savedRoutine = z.object({ routine: routineSchema });
export type SavedRoutine = Answer<typeof savedRoutine>;

export const previewBody = z.object({ dueMonth: z.string(), routine: routineSchema });
export const routinePreview = z.object({
  dueDate: isoDate,
  steps: z.array(z.union([z.object({ key: z.string(), label: z.string(), date: isoDate }), z.object({ key: z.string(), label: z.string(), from: isoDate, to: isoDate })])),
});
export type RoutinePreview = Answer<typeof routinePreview>;

// ── The worklist ──
export const worklistQuery = z.object({
  date: isoDate.optional(),
  area: z.string().max(100).optional(),
  step: z.string().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(WORKLIST_PAGE.max).optional(),
  after: z.string().max(80).optional(),
});

const worklistItem = z.object({
  id: z.number().int(),
  step_key: z.string(),
  action: z.string(),
  actor: z.string(),
  anchor_due_date: isoDate,
  due_on: isoDate,
  window_end: isoDate.nullable(),
  first_listed_on: isoDate,
  overdue: z.boolean(),
});

/** One household on the list: the officer calls it once, whatever steps are due. */
const worklistHousehold = z.object({
  tenancy_id: id,
  /** null for staff without ledger.read (caretakers). */
  amount_owed: ore.nullable(),
  months_owed: z.number().nullable(),
  days_late: z.number().int(),
  bank_days_late: z.number().int(),
  priority: z.number(),
  priority_reasons: z.array(z.string()),
  broken_promise: z.boolean(),
  contract_number: z.string(),
  address: z.string(),
  area: z.string().nullable(),
  children: z.number().int().nullable(),
  tenant_name: z.string().nullable(),
  phone: z.string().nullable(),
  letting_form: z.string(),
  recovery_deadline: isoDate.nullable(),
  notice_id: id.nullable(),
  items: z.array(worklistItem),
});

/** One page of the worklist: households in priority order; `next` is passed as `after` for the following page. */
export const worklistPage = z.object({
  date: isoDate,
  total: count,
  paused: count,
  households: z.array(worklistHousehold),
  next: z.string().nullable(),
});
export type WorklistPage = Answer<typeof worklistPage>;

export const worklistFilters = z.object({
  areas: z.array(z.string()),
  steps: z.array(z.object({ key: z.string(), label: z.string(), action: z.enum(STEP_ACTIONS) })),
});
export type WorklistFilters = Answer<typeof worklistFilters>;

export const itemsBody = z.object({ itemIds: z.array(z.number().int().positive()).min(1).max(5000) });
export const itemsDone = z.object({ done: count });
export type ItemsDone = Answer<typeof itemsDone>;
export const collectionFileBody = z.object({ date: isoDate });

export const arrearsSmsBody = z.object({ itemIds: z.array(z.number().int().positive()).min(1).max(1000), idempotencyKey: z.string() });
export const arrearsSmsResult = z.object({ queued: count, alreadySent: count, withoutPhone: count, notOwing: count, sent: count, failed: count });
export type ArrearsSmsResult = Answer<typeof arrearsSmsResult>;

// ── Outreach ──
export const outreachBody = z.object({
  tenancyId: z.uuid(),
  worklistItemId: z.number().int().positive().nullable().optional(),
  kind: z.enum(['call', 'sms', 'letter', 'visit']),
  reached: z.boolean(),
  contactDate: isoDate.optional(),
  partOfDay: partOfDay.nullable().optional(),
  outcome: z.enum(OUTREACH_OUTCOMES).nullable().optional(),
  promiseAmount: z.number().int().nullable().optional(),
  promiseDate: isoDate.nullable().optional(),
  note: z.string().max(2000).nullable().optional(),
  /** Why the rent was not paid, as the household said (only when reached). */
  nonpaymentReason: z.enum(NONPAYMENT_REASONS).nullable().optional(),
  nonpaymentNote: z.string().max(NONPAYMENT_NOTE_MAX).nullable().optional(),
});
/** `pausedUntil`: a promise to pay pauses the routine's next steps until the day after the promised date. */
export const outreachLogged = z.object({ id, pausedUntil: isoDate.nullable() });
export type OutreachLogged = Answer<typeof outreachLogged>;

export const outreachLog = z.object({
  outreach: z.array(
    z.object({
      id,
      kind: z.string(),
      reached: z.boolean(),
      contact_date: isoDate,
      part_of_day: z.string().nullable(),
      outcome: z.string().nullable(),
      promise_amount: ore.nullable(),
      promise_date: isoDate.nullable(),
      promise_status: z.string().nullable(),
      note: z.string().nullable(),
      nonpayment_reason: z.enum(NONPAYMENT_REASONS).nullable(),
      nonpayment_note: z.string().nullable(),
      created_by_name: z.string().nullable(),
    }),
  ),
});
export type OutreachLog = Answer<typeof outreachLog>;

// ── Notices to the social welfare board ──
export const noticeBody = z.object({
  tenancyId: z.uuid(),
  reason: noticeReason,
  terminationDate: isoDate,
  amountOwed: z.number().int().min(0),
  servedOnTenant: isoDate.nullable().optional(),
});
export const noticeDatesBody = z.object({ servedOnTenant: isoDate.nullable().optional(), deliveredToBoard: isoDate.nullable().optional() });

const notice = z.object({
  id,
  landlord_id: id,
  tenancy_id: id,
  municipality_code: z.string(),
  municipality_id: id.nullable(),
  reason: noticeReason,
  termination_date: isoDate,
  amount_owed: ore,
  /** The amount owed by rent month (JB 12 kap. 44 §: the notice states what must be paid to keep the home). */
  owed_by_month: z.array(z.object({ month: z.string(), dueDate: isoDate, amount: ore })),
  landlord_contact: z.object({ name: z.string(), phone: z.string().nullable(), email: z.string().nullable(), person: z.string().nullable() }),
  served_on_tenant: isoDate.nullable(),
  delivered_to_board: isoDate.nullable(),
  recovery_deadline: isoDate.nullable(),
  earliest_eviction_decision: isoDate.nullable(),
  recovery_right: z.boolean(),
  recovered_on: isoDate.nullable(),
  status: z.enum(['delivered', 'recovered', 'withdrawn']),
  created_by: id.nullable(),
  created_at: instant,
});
export const oneNotice = z.object({ notice });
export type OneNotice = Answer<typeof oneNotice>;
export const tenancyNotices = z.object({ notices: z.array(notice) });
export type TenancyNotices = Answer<typeof tenancyNotices>;
export const noticeList = z.object({
  notices: z.array(
    notice.extend({ contract_number: z.string(), address: z.string(), tenant_name: z.string().nullable(), landlord_name: z.string(), children: z.number().int().nullable() }),
  ),
});
export type NoticeList = Answer<typeof noticeList>;
export const kfmApplicationsQuery = z.object({ date: isoDate });

// ── The joint review list ──
export const arrearsSharing = z.object({
  agreements: z.array(z.object({ landlord: z.object({ id, name: z.string() }), municipality: z.object({ id, name: z.string() }), fromStep: z.string(), fromStepLabel: z.string() })),
});
export type ArrearsSharing = Answer<typeof arrearsSharing>;
export const arrearsSharingBody = z.object({ fromStep: z.string().max(64).nullable() });
export const arrearsSharingSet = done;

export const reviewList = z.object({
  rows: z.array(
    z.object({
      itemId: z.number().int(),
      landlord: z.string(),
      municipality: z.string(),
      tenancyId: id,
      address: z.string(),
      tenant: z.string().nullable(),
      step: z.string(),
      amountOwed: ore,
      daysLate: z.number().int(),
      reasons: z.array(z.string()),
    }),
  ),
});
export type ReviewList = Answer<typeof reviewList>;

// ── The landlord's own record of its applications to Kronofogden (issue 14 §1) ──
export const kfmApplicationBody = z.object({ appliedOn: z.string().max(40), caseNumber: z.string().max(60).nullable().optional() });
export const kfmApplicationEndBody = z.object({
  withdrawnOn: z.string().max(40).nullable().optional(),
  carriedOutOn: z.string().max(40).nullable().optional(),
  caseNumber: z.string().max(60).nullable().optional(),
});
export const kfmApplication = z.object({
  id,
  appliedOn: isoDate,
  caseNumber: z.string().nullable(),
  withdrawnOn: isoDate.nullable(),
  carriedOutOn: isoDate.nullable(),
  recordedAt: instant,
});
export type KfmApplicationAnswer = Answer<typeof kfmApplication>;
export const kfmApplications = z.object({ applications: z.array(kfmApplication) });
export type KfmApplicationsAnswer = Answer<typeof kfmApplications>;
export const kfmApplicationKept = z.object({ id, created: z.boolean() });
export type KfmApplicationKept = Answer<typeof kfmApplicationKept>;
