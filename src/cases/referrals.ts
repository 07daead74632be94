// Early referrals (issue 3 §1): a landlord tells social services about a household before any notice,
// allowed only with the tenant's recorded consent (domain section 3). Use cases in the same shape as
// service.ts.

import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, assertOwnTenancyField, landlordScope } from '../access/policy.ts';
import { directory } from '../access/directory.ts';
import { isIsoDate } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { tenancyForReferral } from '../ledger/service.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError, forbidden, invalidField } from '../platform/errors.ts';
import { intakeStore } from './intake-store.ts';

export interface ReferralInput {
  tenancyId: string;
  reason: string;
  /** Which tenant consented (personnummer), on what day and how. */
  consent: { personnummer: string; givenOn: string; how: 'signed_form' | 'in_person' | 'phone' };
}

/**
 * Sends an early referral to the social services of the municipality where the home is. Refused
 * without the consent of one of the tenants on the lease, given within the last 30 days.
 */
export async function createReferral(ctx: AppContext, actor: Actor, input: ReferralInput): Promise<string> {
  assertCan(actor, 'referral.create');
  const landlordId = landlordScope(actor);
  if (!actor.userId) throw forbidden('Skickas av en namngiven medarbetare');
  const today = todayInStockholm(ctx.clock.now());
  const reason = input.reason.trim();
  if (reason === '' || reason.length > 2000) throw invalidField('reason', 'Skriv kort varför ni hör av er (högst 2 000 tecken)');
  const consent = input.consent;
  if (!isIsoDate(consent.givenOn)) throw invalidField('consent.givenOn', 'Ogiltigt datum (ÅÅÅÅ-MM-DD)');
  if (consent.givenOn > today) throw invalidField('consent.givenOn', 'Samtycket kan inte vara lämnat i framtiden');
  // A consent to this referral, not an old one: given within the last 30 days.
  if (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${consent.givenOn}T00:00:00Z`) > 30 * 86_400_000)
    throw invalidField('consent.givenOn', 'Samtycket ska vara lämnat de senaste 30 dagarna');
  return ctx.db.transaction(async (tx) => {
    const found = await tenancyForReferral(tx, input.tenancyId, today);
    assertOwnTenancyField(actor, found?.tenancy, 'tenancyId');
    const { tenancy, tenants, arrears } = found!;
    const pnr = consent.personnummer.replace(/\D/g, '');
    const consenting = tenants.find((t) => t.personnummer === pnr || t.personnummer.slice(2) === pnr);
    // OSL 26 kap; domain section 3: without the tenant's consent there is no early referral.
    if (!consenting) throw invalidField('consent.personnummer', 'Samtycket ska komma från en av hyresgästerna på kontraktet');
    const municipality = await directory.municipalityByCode(tx, tenancy.municipality_code);
    if (!municipality) throw invalidField('tenancyId', `Kommunen med kommunkod ${tenancy.municipality_code} använder inte Bokvar än`);
    if (await intakeStore.pendingReferralOf(tx, tenancy.id)) throw new AppError(409, 'pending', 'Socialtjänsten har redan en signal om hushållet som inte är omhändertagen');
    const id = await intakeStore.insertReferral(tx, {
      landlordId, tenancyId: tenancy.id, municipalityId: municipality.id, reason, amountOwed: Math.max(0, arrears.owed), oldestDue: arrears.oldestUnpaidDueDate,
      consentPersonnummer: consenting.personnummer, consentGivenOn: consent.givenOn, consentHow: consent.how, createdBy: actor.userId!,
    });
    await recordAudit(tx, actor, { action: 'referral.create', subjectType: 'tenancy', subjectId: tenancy.id, reason: 'Tidig signal med samtycke', details: { referral: id } });
    return id;
  });
}

/** The landlord's own referrals: what was sent, when and by whom (not what social services did with it). */
export async function sentReferrals(ctx: AppContext, actor: Actor) {
  assertCan(actor, 'referral.create');
  const landlordId = landlordScope(actor);
  return ctx.db.transaction(async (tx) => {
    const rows = await intakeStore.referralsOfLandlord(tx, landlordId, 200);
    await recordAudit(tx, actor, { action: 'referral.list', subjectType: 'tenancy', reason: 'Skickade signaler', details: { referrals: rows.map((r) => r.id) } });
    return rows.map((r) => ({ id: r.id, tenancyId: r.tenancy_id, address: r.address, reason: r.reason, amountOwed: r.amount_owed, consentGivenOn: r.consent_given_on, sentBy: r.created_by_name, sentAt: r.created_at }));
  });
}
