// Social services' case work, pure rules (issue 3; domain section 3): the inbox's order and the
// reference a reporter gets, what a consent shares, and whether a payment plan is kept.

import { addDays } from '../calendar/model.ts';

/** How social services reached out to a household, in the order a social worker picks from. */
export const CONTACT_KINDS = ['call', 'sms', 'letter', 'visit'] as const;
export const PARTS_OF_DAY = ['morning', 'afternoon', 'evening'] as const;
/** What came of a contact that reached the household. */
export const CONTACT_OUTCOMES = ['payment_plan', 'support_offered', 'referred_to_debt_advice', 'declined_help', 'no_agreement'] as const;
/** How a tenant's consent to an early referral was given. */
export const CONSENT_HOW = ['signed_form', 'in_person', 'phone'] as const;
/** What Kronofogden tells social services of: an application for eviction, or the eviction date. */
export const KFM_NOTICE_KINDS = ['application', 'eviction_date'] as const;
/**
 * What Kronofogden tells of how an eviction matter ended (issue 14 §1): the applicant withdrew it
 * (återkallad), it was decided, the eviction was carried out (verkställd) or not. Facts for the
 * figures, kept without the person; they do not open a case.
 */
export const KFM_OUTCOME_KINDS = ['withdrawn', 'decided', 'carried_out', 'not_carried_out'] as const;
export type KfmOutcomeKind = (typeof KFM_OUTCOME_KINDS)[number];
export const KFM_KINDS = [...KFM_NOTICE_KINDS, ...KFM_OUTCOME_KINDS] as const;
export type KfmKind = (typeof KFM_KINDS)[number];
/** The evicted household as Kronofogden's statistics records it (domain section 8: single parent and sex). */
export const EVICTED_HOUSEHOLDS = ['single_woman', 'single_man', 'couple', 'other'] as const;
/** How the children affected lived with the evicted parent: Kronofogden's own categories. */
export const CHILDREN_LIVING = ['permanent', 'alternating', 'visiting'] as const;

export const INTAKE_KINDS = ['notice', 'concern', 'kfm', 'referral'] as const;
export type IntakeKind = (typeof INTAKE_KINDS)[number];

/** Where a concern came from: the public page, a landlord's or caretaker's login, or a call to the social worker. */
export const CONCERN_SOURCES = ['public', 'landlord', 'caretaker', 'phone'] as const;
export type ConcernSource = (typeof CONCERN_SOURCES)[number];

/** What is known about a household when it arrives, for the order of the inbox. */
export interface IntakeFacts {
  children: boolean;
  /** Ages of the tenants, where known (a notice names them; a concern does not). */
  ages: number[];
  mentalHealth: boolean;
  violence: boolean;
  /** Öre owed, where known (a notice). */
  amountOwed: number | null;
  /** Days since the oldest unpaid rent fell due, where known. */
  daysLate: number | null;
  /** Days until the eviction Kronofogden has set, where known. */
  daysToEviction: number | null;
}

export const PRIORITY_REASONS = ['children', 'under_25', 'over_65', 'mental_health', 'violence'] as const;
export type PriorityReason = (typeof PRIORITY_REASONS)[number];

/**
 * The inbox's order (issue 3 §1, domain section 2 Södertälje): children in the household first, then a
 * tenant under 25 or over 65, a mental-health concern, domestic violence; then amount and days late;
 * then how near an eviction is. The score keeps that order strictly: each part outweighs everything
 * after it together.
 */
export function intakePriority(f: IntakeFacts): { score: number; reasons: PriorityReason[] } {
  const reasons: PriorityReason[] = [];
  if (f.children) reasons.push('children');
  if (f.ages.some((a) => a < 25)) reasons.push('under_25');
  if (f.ages.some((a) => a > 65)) reasons.push('over_65');
  if (f.mentalHealth) reasons.push('mental_health');
  if (f.violence) reasons.push('violence');
  const weight: Record<PriorityReason, number> = { children: 16, under_25: 8, over_65: 8, mental_health: 4, violence: 2 };
  let score = 0;
  for (const r of reasons) score += weight[r] * 1_000_000_000;
  // Within the same reasons: more owed and longer late first (capped, so they never outweigh a reason).
  const kronor = Math.min(Math.max(f.amountOwed ?? 0, 0) / 100, 99_999);
  const days = Math.min(Math.max(f.daysLate ?? 0, 0), 999);
  score += (Math.round(kronor * 10) + days) * 100;
  // Then a nearer eviction first (0–99: today or passed scores 99, 99 days or more away 0).
  if (f.daysToEviction !== null) score += 99 - Math.min(Math.max(f.daysToEviction, 0), 99);
  return { score, reasons };
}

/** Letters and digits that cannot be mistaken for each other when read out on the phone. */
const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** The number a reporter gets for a concern, e.g. "EVI-7KQ2-M9XD": random, so it says nothing about how many came before. */
export function newConcernReference(): string {
  let s = '';
  // Web Crypto, so the web can import this module's lists; 256 = 8 × 32 letters: each equally likely.
  for (const byte of crypto.getRandomValues(new Uint8Array(8))) s += REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length];
  return `EVI-${s.slice(0, 4)}-${s.slice(4)}`;
}

/** Limits of the public form (issue 3 §1: a size limit). */
export const CONCERN_LIMITS = { address: 200, contractNumber: 64, what: 4000, contact: 200 } as const;

// Consent decides what the landlord sees: its rules belong to access (access/consent-rules.ts).
export {
  CONSENT_CATEGORIES, CONSENT_CATEGORY_SV, type ConsentCategory, type ConsentFacts, type ConsentRecipient, type ConsentState, consentedCategories, consentState,
} from '../access/consent-rules.ts';

/**
 * Days an instalment may come late and still count (Bokvar's choice, after the week that rent gets
 * before the lease is forfeited, JB 12 kap 42 § 1 st 1): paid within them it is late, not broken.
 */
export const PLAN_GRACE_DAYS = 7;

export const INSTALMENT_STATES = ['pending', 'kept', 'late', 'overdue', 'broken'] as const;
export type InstalmentState = (typeof INSTALMENT_STATES)[number];

/**
 * Whether a payment-plan instalment was kept, checked against the ledger: by its due date the
 * household may owe at most `allowedOwed` (the agreed debt less every instalment so far; rent falling
 * due meanwhile must be paid too). Met by the due date: kept; within the grace days: late; not met
 * while the grace days run: overdue; not met when they are over: broken.
 */
export function instalmentState(i: { dueDate: string; allowedOwed: number }, owedAtDue: number, owedAtGraceEnd: number, today: string): InstalmentState {
  if (today < i.dueDate) return 'pending';
  if (owedAtDue <= i.allowedOwed) return 'kept';
  if (owedAtGraceEnd <= i.allowedOwed) return 'late';
  return today > graceEnd(i.dueDate) ? 'broken' : 'overdue';
}

/** The last day an instalment may come late (the owed amount is read at the earlier of this and today). */
export function graceEnd(dueDate: string): string {
  return addDays(dueDate, PLAN_GRACE_DAYS);
}

/** The most the household may owe after each instalment: the debt less all instalments up to it. */
export function allowedOwedAfter(debt: number, amounts: number[]): number[] {
  let left = debt;
  return amounts.map((a) => (left = Math.max(0, left - a)));
}

/** A plan is broken by one broken instalment, kept when every instalment is kept or late. */
export function planState(states: InstalmentState[]): 'active' | 'kept' | 'broken' {
  if (states.includes('broken')) return 'broken';
  return states.every((s) => s === 'kept' || s === 'late') ? 'kept' : 'active';
}

/**
 * How a case ends: a fixed list at least as precise as the Dutch national model (domain section 6,
 * VNG ddas-vroegsignalering "resultaat"), in the order a social worker reads it.
 */
export const CASE_OUTCOMES = [
  'paid', 'payment_plan', 'social_assistance', 'quick_fix', 'referred_financial', 'referred_other', 'emergency_referral',
  'other_support_running', 'known_to_debt_advice', 'never_reached', 'no_reaction', 'declined_help', 'moved', 'evicted', 'deceased',
  'not_taken_up_repeat', 'not_taken_up_threshold', 'not_taken_up_other',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** What a landlord is told of how a case ended without consent to more: coarsely, never why (domain section 6). */
export const LANDLORD_OUTCOMES = ['contact_and_help', 'no_contact', 'not_taken_up', 'household_gone'] as const;
export type LandlordOutcome = (typeof LANDLORD_OUTCOMES)[number];

export function outcomeForLandlord(o: CaseOutcome): LandlordOutcome {
  switch (o) {
    case 'never_reached':
    case 'no_reaction':
      return 'no_contact';
    case 'declined_help':
    case 'not_taken_up_repeat':
    case 'not_taken_up_threshold':
    case 'not_taken_up_other':
      return 'not_taken_up';
    case 'moved':
    case 'evicted':
    case 'deceased':
      return 'household_gone';
    default:
      return 'contact_and_help';
  }
}

/** Whether a household has children, from what is known: children recorded, a concern about children, the lease. */
export function hasChildren(f: { childPersons: number; concernAboutChildren: boolean; childrenOnLease: number | null }): boolean {
  return f.childPersons > 0 || f.concernAboutChildren || (f.childrenOnLease ?? 0) > 0;
}

/** Who does a task in an action plan. */
export const ACTION_OWNERS = ['tenant', 'social_services', 'landlord', 'debt_advice', 'other'] as const;
export type ActionOwner = (typeof ACTION_OWNERS)[number];

/** One event on a case's timeline: when, what kind, and what the page shows of it. */
export interface TimelineEvent {
  /** A date (YYYY-MM-DD) or a moment (ISO); a date sorts before the moments of the same day. */
  at: string;
  kind:
    | 'concern' | 'notice' | 'referral' | 'kfm_application' | 'eviction' | 'contact' | 'visit_booked' | 'journal' | 'consent' | 'consent_withdrawn'
    | 'plan' | 'plan_broken' | 'assistance' | 'assessment' | 'action_plan' | 'consultation' | 'closed' | 'follow_up' | 'routine_step';
  data: Record<string, string | number | boolean | null>;
}

/** The case's one timeline (issue 3 §2): every event in the order it happened, the latest last. */
export function timelineOrder(events: TimelineEvent[]): TimelineEvent[] {
  return [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/**
 * What the visit letter and the contact card say of the visit. A protected address is never printed
 * (issue 12 §4): a letter can be lost, read by the wrong person or photographed at the door.
 */
export function visitFacts(v: { day: string; time: string; address: string; protectedIdentity: boolean; worker: string; phone: string | null }): [string, string][] {
  return [
    ['Besök', `${v.day} kl. ${v.time}`],
    v.protectedIdentity ? ['Plats', 'Där vi har kommit överens om att ses'] : ['Adress', v.address],
    ['Handläggare', v.worker],
    ['Telefon', v.phone ?? '–'],
  ];
}
