// What a consent lets social services share with whom, and when it holds: the rules the policy asks
// (access/policy.ts) before a landlord or debt advice sees any part of a case. Pure rules; the case
// keeps the consents themselves (cases/consent.ts).

/**
 * What a consent lets social services share (issue 3 §3; OSL 26 kap 1 §, 12 kap 2 §: secrecy towards the
 * individual's own interest can be lifted by that person). Each category is a part of the case a
 * recipient may then see.
 */
export const CONSENT_CATEGORIES = ['case_open', 'contacts', 'payment_plan', 'action_plan', 'social_assistance', 'outcome'] as const;
export type ConsentCategory = (typeof CONSENT_CATEGORIES)[number];

/** How each category reads on the consent form the person signs. */
export const CONSENT_CATEGORY_SV: Record<ConsentCategory, string> = {
  case_open: 'Att jag har kontakt med socialtjänsten, och vem som är min handläggare',
  contacts: 'När socialtjänsten har sökt mig och om vi har fått kontakt',
  payment_plan: 'Min avbetalningsplan och om delbetalningarna kommer in',
  action_plan: 'Min handlingsplan: mål, vem som gör vad och när den följs upp',
  social_assistance: 'Beslut om ekonomiskt bistånd till hyran: beviljat eller inte, belopp och månader',
  outcome: 'Hur ärendet avslutades',
};

export interface ConsentFacts {
  categories: ConsentCategory[];
  recipientOrgIds: string[];
  toDebtAdvice: boolean;
  /** First and last day it holds (inclusive), Stockholm dates. */
  validFrom: string;
  validUntil: string;
  documentedAt: Date | null;
  withdrawnAt: Date | null;
}

export type ConsentState = 'awaiting_signature' | 'not_yet_valid' | 'valid' | 'expired' | 'withdrawn';

/** A consent holds from its first to its last day, once the signed form is documented, until withdrawn. */
export function consentState(c: ConsentFacts, today: string): ConsentState {
  if (c.withdrawnAt) return 'withdrawn';
  if (!c.documentedAt) return 'awaiting_signature';
  if (today < c.validFrom) return 'not_yet_valid';
  if (today > c.validUntil) return 'expired';
  return 'valid';
}

/** Who a consent may name: an organisation by id, or the municipality's budget and debt advice. */
export type ConsentRecipient = { orgId: string } | 'debt_advice';

/** The categories the valid consents of a case let social services share with one recipient today. */
export function consentedCategories(consents: ConsentFacts[], recipient: ConsentRecipient, today: string): Set<ConsentCategory> {
  const shared = new Set<ConsentCategory>();
  for (const c of consents) {
    if (consentState(c, today) !== 'valid') continue;
    const named = recipient === 'debt_advice' ? c.toDebtAdvice : c.recipientOrgIds.includes(recipient.orgId);
    if (named) for (const category of c.categories) shared.add(category);
  }
  return shared;
}
