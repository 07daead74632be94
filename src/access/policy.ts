import { forbidden, invalidField, notFound } from '../platform/errors.ts';
import { type ConsentCategory, type ConsentFacts, type ConsentRecipient, consentedCategories } from './consent-rules.ts';
import type { Actor, Permission } from './model.ts';

/**
 * The access rules, in one place. Routes declare the permission they need (checked before the
 * handler runs); services call these for the rows they touch.
 */
export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden();
}

/** A landlord's ledger and tenancies are its own; nobody else's system or staff reads them here. */
export function canSeeLandlordData(actor: Actor, landlordId: string): boolean {
  if (actor.kind === 'system') return true;
  return actor.orgKind === 'landlord' && actor.orgId === landlordId;
}

/** The landlord whose data the actor works on; refused for anyone not acting for a landlord. */
export function landlordScope(actor: Actor): string {
  if (actor.orgKind !== 'landlord' || !actor.orgId) throw forbidden('Endast för hyresvärdar');
  return actor.orgId;
}

/** The municipality whose social services the actor works for; refused for anyone else. */
export function municipalityScope(actor: Actor): string {
  if (actor.orgKind !== 'municipality' || !actor.orgId) throw forbidden('Endast för socialtjänsten');
  return actor.orgId;
}

/**
 * The parties to a social contract: the municipality that holds it and the landlord whose home it is. Both
 * book and record the move-in and move-out inspections (Götene); anyone else is answered as if the
 * contract did not exist.
 */
export function assertContractParty(actor: Actor, contract: { municipality_id: string; landlord_id: string } | undefined): asserts contract {
  const party =
    contract !== undefined &&
    ((actor.orgKind === 'municipality' && actor.orgId === contract.municipality_id) || (actor.orgKind === 'landlord' && actor.orgId === contract.landlord_id));
  if (!party) throw notFound('Kontraktet finns inte');
}

/** For a single row: answer 404 rather than 403, so ids of others' tenancies reveal nothing. */
export function assertSeesLandlordRow(actor: Actor, landlordId: string | undefined): void {
  if (!landlordId || !canSeeLandlordData(actor, landlordId)) throw notFound('Hyresförhållandet finns inte');
}

/**
 * A tenancy named in a request body (logging a contact, creating a notice): another landlord's is
 * answered as if it did not exist, naming the field (400, not 404: the address itself was found).
 */
export function assertOwnTenancyField<T extends { landlord_id: string }>(actor: Actor, tenancy: T | undefined, field: string): asserts tenancy is T {
  if (!tenancy || !canSeeLandlordData(actor, tenancy.landlord_id)) throw invalidField(field, 'Hyresförhållandet finns inte');
}

/** An administrator manages users and API tokens of their own organisation only; another's does not exist for them. */
export function assertOwnOrganisation(actor: Actor, orgId: string): void {
  if (actor.kind === 'system') return;
  if (actor.orgId !== orgId) throw notFound('Organisationen finns inte');
}

/**
 * A statutory notice is read by the landlord that sent it and by the social welfare board of the
 * municipality where the home is (JB 12 kap 44 §: the board is notified), both with notice.read.
 */
export function canReadNotice(actor: Actor, notice: { landlord_id: string; municipality_id: string | null }): boolean {
  const landlord = actor.orgKind === 'landlord' && actor.orgId === notice.landlord_id;
  const board = actor.orgKind === 'municipality' && actor.orgId === notice.municipality_id;
  return (landlord || board) && can(actor, 'notice.read');
}

/** Only the landlord that sent a notice records its dates (served on the tenant, delivered to the board). */
export function assertSentNotice<T extends { landlord_id: string }>(actor: Actor, notice: T | undefined): asserts notice is T {
  if (!notice || actor.orgKind !== 'landlord' || actor.orgId !== notice.landlord_id) throw notFound('Underrättelsen finns inte');
}

/**
 * What someone outside social services sees of a case (issue 3 §3; OSL 26 kap 1 §): a landlord, that
 * the case exists once a statutory notice it sent is in it; a landlord, Kronofogden or the
 * municipality's budget and debt advice, the categories the household's valid consents share with it.
 * Null: nothing at all, not even that the case exists (answer 404).
 */
export function caseShareFor(
  actor: Actor,
  c: { municipalityId: string; noticeLandlordIds: string[]; consents: ConsentFacts[]; protectedIdentity?: boolean },
  today: string,
): { categories: Set<ConsentCategory> } | null {
  if (!can(actor, 'case.shared') || !actor.orgId) return null;
  // Protected identity: only the social workers named on the case see it, nobody outside.
  if (c.protectedIdentity) return null;
  let recipient: ConsentRecipient;
  let notified = false;
  if (actor.orgKind === 'landlord') {
    recipient = { orgId: actor.orgId };
    notified = c.noticeLandlordIds.includes(actor.orgId);
  } else if (actor.orgKind === 'authority') {
    recipient = { orgId: actor.orgId };
  } else if (actor.orgKind === 'municipality' && actor.role === 'debt_adviser' && actor.orgId === c.municipalityId) {
    recipient = 'debt_advice';
  } else {
    return null;
  }
  const categories = consentedCategories(c.consents, recipient, today);
  if (!notified && categories.size === 0) return null;
  return { categories };
}

/**
 * A case of social services: seen by the social workers of its municipality with case.read; the case
 * of a person with protected identity only by the social workers named on it (issue 3 §3).
 */
export function canSeeCase(actor: Actor, c: { municipality_id: string; protected_identity: boolean }, namedWorkers: readonly string[]): boolean {
  if (!can(actor, 'case.read') || actor.orgKind !== 'municipality' || actor.orgId !== c.municipality_id) return false;
  return !c.protected_identity || (actor.userId !== null && namedWorkers.includes(actor.userId));
}

/**
 * Whether a worklist item of a landlord's arrears list is shared with a municipality before any notice
 * (issue 3 §3): only under a cooperation agreement, and only from the agreed step of the landlord's
 * routine on (`stepIndex` of the item, `fromIndex` of the agreed step; null: no agreement).
 */
export function sharesArrearsItem(stepIndex: number, fromIndex: number | null): boolean {
  return fromIndex !== null && fromIndex >= 0 && stepIndex >= fromIndex;
}

/**
 * Social services see a tenant's ledger and the landlord's routine steps only once a statutory notice,
 * an early referral made with the tenant's consent, or a Kronofogden notice is in the case (domain
 * section 1); a concern alone opens no books.
 */
export function socialServicesSeeLedger(intake: { notices: number; referrals: number; kfmNotices: number }): boolean {
  return intake.notices + intake.referrals + intake.kfmNotices > 0;
}
