// The cases capability's API contract (ADR 7), the way in: a concern reported through the one way in,
// the inbox of notices and concerns that social services triage, and the landlord's early referrals.
// The case itself and what is done in it are in api.ts.
import { z } from 'zod';
import { type Answer, count, id, instant, isoDate, ore } from '../platform/api-fields.ts';
import { CONCERN_LIMITS, CONCERN_SOURCES, CONSENT_HOW, EVICTED_HOUSEHOLDS, INTAKE_KINDS, KFM_KINDS, KFM_NOTICE_KINDS, PRIORITY_REASONS } from './model.ts';

const kfmKind = z.enum(KFM_NOTICE_KINDS);
const consentHow = z.enum(CONSENT_HOW);
const named = z.object({ id, name: z.string() });

export { idParams } from '../platform/api-fields.ts';

// ── The one way in ──
export const concernBody = z.object({
  municipalityId: z.uuid(),
  areaId: z.uuid().nullable().optional(),
  address: z.string().max(CONCERN_LIMITS.address),
  contractNumber: z.string().max(CONCERN_LIMITS.contractNumber).nullable().optional(),
  what: z.string().max(CONCERN_LIMITS.what),
  children: z.boolean().optional(),
  mentalHealth: z.boolean().optional(),
  violence: z.boolean().optional(),
  contact: z.string().max(CONCERN_LIMITS.contact).nullable().optional(),
});
export const publicConcernBody = concernBody.extend({
  clientId: z.string().max(100).optional(),
  website: z.string().max(1000).optional(), // the honeypot: a field people never see or fill in
});

export const concernForm = z.object({ municipalities: z.array(named.extend({ areas: z.array(named) })) });
export type ConcernForm = Answer<typeof concernForm>;
/** A concern reported: its reference number and nothing else. */
export const concernReceived = z.object({ reference: z.string() });
export type ConcernReceived = Answer<typeof concernReceived>;

/**
 * A notice (application, eviction date: it names the person and lands in the inbox) or the outcome of
 * the matter (withdrawn, decided, carried out or not: a fact for the figures, on the day it happened).
 * Which fields a kind needs is checked by the service, so a missing one is named.
 */
export const kfmNoticeBody = z.object({
  kind: z.enum(KFM_KINDS),
  caseNumber: z.string().max(40),
  municipalityCode: z.string().max(4),
  personnummer: z.string().max(20).nullable().optional(),
  address: z.string().max(200),
  landlordName: z.string().max(200).nullable().optional(),
  evictionAt: z.string().max(40).nullable().optional(),
  /** An outcome's day (YYYY-MM-DD). */
  occurredOn: z.string().max(40).nullable().optional(),
  /** An eviction carried out: Kronofogden's statistics variables. */
  householdType: z.enum(EVICTED_HOUSEHOLDS).nullable().optional(),
  /** The children affected, by how they lived with the evicted parent (Kronofogden's categories). */
  childrenPermanent: z.number().int().nullable().optional(),
  childrenAlternating: z.number().int().nullable().optional(),
  childrenVisiting: z.number().int().nullable().optional(),
  socialServicesPresent: z.boolean().nullable().optional(),
});
/** `created` false: the same notice (or outcome) was sent before and is kept once. */
export const kfmNoticeKept = z.object({ id, created: z.boolean() });
export type KfmNoticeKept = Answer<typeof kfmNoticeKept>;

// ── The inbox ──
export const inboxQuery = z.object({ area: z.string().max(40).optional(), page: z.coerce.number().int().min(1).max(10_000).default(1) });
export const area = z.object({ id, name: z.string(), responsible_user_id: id.nullable(), responsible_name: z.string().nullable() });
export type Area = Answer<typeof area>;
export const areaParams = z.object({ areaId: z.uuid() });
export const areaAnswer = z.object({ area });
export const areaResponsibleBody = z.object({ userId: z.uuid().nullable() });

export const inboxItem = z.object({
  kind: z.enum(INTAKE_KINDS),
  id,
  /** A concern's reference number; a notice has none. */
  reference: z.string().nullable(),
  receivedAt: instant,
  address: z.string(),
  area: named.nullable(),
  responsible: named.nullable(),
  priority: z.number(),
  reasons: z.array(z.enum(PRIORITY_REASONS)),
  concern: z.object({ what: z.string(), source: z.enum(CONCERN_SOURCES), reporter: z.string().nullable(), contact: z.string().nullable() }).nullable(),
  notice: z.object({ landlord: z.string(), amountOwed: ore, terminationDate: isoDate, reason: z.string() }).nullable(),
  kfm: z.object({ kind: kfmKind, caseNumber: z.string(), evictionAt: instant.nullable(), landlord: z.string().nullable() }).nullable(),
  referral: z.object({ landlord: z.string(), amountOwed: ore, reason: z.string(), consentGivenOn: isoDate }).nullable(),
});
export type InboxItem = Answer<typeof inboxItem>;
/** A page of the inbox: `total` counts every item, `pages` the pages. */
export const inboxPage = z.object({ items: z.array(inboxItem), areas: z.array(area), total: count, page: z.number().int(), pages: z.number().int() });
export type InboxPage = Answer<typeof inboxPage>;

export const setAsideBody = z.object({ from: z.string().max(40), to: z.string().max(40), reason: z.string().max(2000) });
export const setAside = z.object({ setAside: count });
export type SetAside = Answer<typeof setAside>;
export const intakeParams = z.object({ kind: z.enum(INTAKE_KINDS), id: z.uuid() });
/** The case opened from an inbox item, or the one already open for the same home (`joined`). */
export const caseOpened = z.object({ caseId: id, joined: z.boolean() });
export type CaseOpened = Answer<typeof caseOpened>;
export const dismissBody = z.object({ reason: z.string().max(500) });

// ── Early referrals from the landlord ──
export const referralBody = z.object({
  tenancyId: z.uuid(), reason: z.string().max(2000),
  consent: z.object({ personnummer: z.string().max(20), givenOn: z.string().max(10), how: consentHow }),
});
export const sentReferrals = z.object({
  referrals: z.array(z.object({ id, tenancyId: id, address: z.string(), reason: z.string(), amountOwed: ore, consentGivenOn: isoDate, sentBy: z.string(), sentAt: instant })),
});
export type SentReferrals = Answer<typeof sentReferrals>;
