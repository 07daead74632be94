// Cooperation agreements and the homes offered under them (issue 4 §1). The municipality's housing
// coordinator writes an agreement with a landlord; the landlord offers vacant homes under it and sees its
// commitment against what it has given, this year and last; the municipality sees all its landlords side
// by side. No personal data: these reads are not logged, the changes are.

import type { z } from 'zod';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, can, landlordScope, municipalityScope } from '../access/policy.ts';
import { directory } from '../access/directory.ts';
import { isIsoDate } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import type { AppContext } from '../platform/context.ts';
import { invalidField, notFound } from '../platform/errors.ts';
import { ledgerReads } from '../ledger/reads.ts';
import { committedHomes, sameArea } from './model.ts';
import type * as api from './api.ts';
import { type AgreementInput, type AgreementRow, housingStore, type OfferedHomeInput, type OfferedHomeRow } from './store.ts';

/** Whether the reader places households under agreements (and so may count them one by one). */
const placesHouseholds = (actor: Actor) => can(actor, 'agreement.edit') || can(actor, 'home.offer');

/** An agreement as the API gives it: the commitment with what it comes to, and what was given (for those who give). */
function agreementAnswer(a: AgreementRow, year: number, withGiven = true): z.output<typeof api.agreement> {
  const commitment = { kind: a.commitment_kind, homes: a.commitment_homes, share: a.commitment_share, base: a.commitment_base };
  return {
    id: a.id,
    municipality: { id: a.municipality_id, name: a.municipality_name },
    landlord: { id: a.landlord_id, name: a.landlord_name },
    name: a.name,
    targetGroups: a.target_groups,
    commitment: { ...commitment, homesPerYear: committedHomes(commitment) },
    given: withGiven ? { year, thisYear: a.given_this_year, lastYear: a.given_last_year } : null,
    excludedAreas: a.excluded_areas,
    acceptedIncomeTypes: a.accepted_income_types,
    maxRentShare: a.max_rent_share,
    responseHours: a.response_hours,
    transferRefusalNeedsCause: a.transfer_refusal_needs_cause,
    validFrom: a.valid_from,
    validUntil: a.valid_until,
    reviewDates: a.review_dates,
  };
}

function homeAnswer(h: OfferedHomeRow): z.output<typeof api.home> {
  return {
    id: h.id, agreement: { id: h.agreement_id, name: h.agreement_name }, landlord: { id: h.landlord_id, name: h.landlord_name }, address: h.address, area: h.area,
    rooms: h.rooms, sizeM2: h.size_m2, rent: h.rent, floor: h.floor, lift: h.lift, accessible: h.accessible, availableFrom: h.available_from, status: h.status,
    offeredAt: h.offered_at.toISOString(),
  };
}

const yearOf = (ctx: AppContext) => Number(todayInStockholm(ctx.clock.now()).slice(0, 4));

/** The agreements of the actor's municipality, or of the actor's landlord. */
export async function listAgreements(ctx: AppContext, actor: Actor) {
  assertCan(actor, 'agreement.read');
  const by = actor.orgKind === 'landlord' ? { landlordId: landlordScope(actor) } : { municipalityId: municipalityScope(actor) };
  const year = yearOf(ctx);
  return (await housingStore.agreements(ctx.db, by, year)).map((a) => agreementAnswer(a, year, placesHouseholds(actor)));
}

export type AgreementFields = Omit<AgreementInput, 'municipalityId'>;

/** The landlords an agreement can be written with (no personal data). */
export async function agreementLandlords(ctx: AppContext, actor: Actor): Promise<z.output<typeof api.agreementLandlords>['landlords']> {
  assertCan(actor, 'agreement.edit');
  municipalityScope(actor);
  return (await directory.organisations(ctx.db)).filter((o) => o.kind === 'landlord').map((o) => ({ id: o.id, name: o.name }));
}

/** Checks what the schema cannot: the landlord, the commitment's parts, the dates. Errors name the field. */
async function checkedAgreement(ctx: AppContext, municipalityId: string, input: AgreementFields): Promise<AgreementInput> {
  const landlord = await directory.organisation(ctx.db, input.landlordId);
  if (landlord?.kind !== 'landlord') throw invalidField('landlordId', 'Välj en hyresvärd');
  const name = input.name.trim();
  if (!name) throw invalidField('name', 'Ge avtalet ett namn');
  if (input.commitmentKind === 'homes_per_year') {
    if (input.commitmentHomes === null) throw invalidField('commitmentHomes', 'Hur många bostäder om året?');
  } else {
    if (input.commitmentShare === null) throw invalidField('commitmentShare', 'Hur stor andel (till exempel 0,1 för 10 %)?');
    if (input.commitmentBase === null)
      throw invalidField('commitmentBase', input.commitmentKind === 'share_of_stock' ? 'Hur många bostäder har hyresvärden?' : 'Hur många bostäder fick ny hyresgäst förra året?');
  }
  if (!isIsoDate(input.validFrom)) throw invalidField('validFrom', 'Ett datum ÅÅÅÅ-MM-DD');
  if (input.validUntil !== null && (!isIsoDate(input.validUntil) || input.validUntil < input.validFrom)) throw invalidField('validUntil', 'Ett datum ÅÅÅÅ-MM-DD, inte före startdagen');
  const badReview = input.reviewDates.findIndex((d) => !isIsoDate(d));
  if (badReview >= 0) throw invalidField(`reviewDates[${badReview}]`, 'Ett datum ÅÅÅÅ-MM-DD');
  const homes = input.commitmentKind === 'homes_per_year';
  return {
    ...input,
    municipalityId,
    name,
    targetGroups: input.targetGroups.map((t) => t.trim()).filter(Boolean),
    excludedAreas: input.excludedAreas.map((t) => t.trim()).filter(Boolean),
    commitmentHomes: homes ? input.commitmentHomes : null,
    commitmentShare: homes ? null : input.commitmentShare,
    commitmentBase: homes ? null : input.commitmentBase,
    reviewDates: [...new Set(input.reviewDates)].sort(),
  };
}

/** The housing coordinator writes an agreement between the municipality and a landlord. */
export async function createAgreement(ctx: AppContext, actor: Actor, input: AgreementFields) {
  assertCan(actor, 'agreement.edit');
  const municipalityId = municipalityScope(actor);
  const checked = await checkedAgreement(ctx, municipalityId, input);
  const id = await ctx.db.transaction(async (tx) => {
    const id = await housingStore.insertAgreement(tx, checked, actor.userId);
    await recordAudit(tx, actor, { action: 'agreement.create', subjectType: 'housing_agreement', subjectId: id, details: { landlordId: checked.landlordId } });
    return id;
  });
  const year = yearOf(ctx);
  return agreementAnswer((await housingStore.agreement(ctx.db, id, year))!, year);
}

/** Changes an agreement of the actor's municipality (a review, a new commitment). */
export async function updateAgreement(ctx: AppContext, actor: Actor, id: string, input: AgreementFields) {
  assertCan(actor, 'agreement.edit');
  const municipalityId = municipalityScope(actor);
  const checked = await checkedAgreement(ctx, municipalityId, input);
  await ctx.db.transaction(async (tx) => {
    if (!(await housingStore.updateAgreement(tx, id, checked))) throw notFound('Avtalet finns inte');
    await recordAudit(tx, actor, { action: 'agreement.update', subjectType: 'housing_agreement', subjectId: id });
  });
  const year = yearOf(ctx);
  return agreementAnswer((await housingStore.agreement(ctx.db, id, year))!, year);
}

/** Homes offered under the landlord's own agreements, or under the municipality's. */
export async function listHomes(ctx: AppContext, actor: Actor) {
  if (actor.orgKind === 'landlord') {
    assertCan(actor, 'home.offer');
    return (await housingStore.homes(ctx.db, { landlordId: landlordScope(actor) })).map(homeAnswer);
  }
  assertCan(actor, 'home.read');
  return (await housingStore.homes(ctx.db, { municipalityId: municipalityScope(actor) })).map(homeAnswer);
}

/**
 * A landlord offers a vacant home under one of its agreements. A home in an area the agreement excludes
 * is not offered at all (issue 4 §3), nor under an agreement that has ended.
 */
export async function offerHome(ctx: AppContext, actor: Actor, input: Omit<OfferedHomeInput, 'landlordId' | 'tenancyId'> & { contractNumber?: string | null }) {
  assertCan(actor, 'home.offer');
  const landlordId = landlordScope(actor);
  const year = yearOf(ctx);
  const agreement = await housingStore.agreement(ctx.db, input.agreementId, year);
  if (!agreement || agreement.landlord_id !== landlordId) throw invalidField('agreementId', 'Välj ett av era samarbetsavtal');
  const today = todayInStockholm(ctx.clock.now());
  if (agreement.valid_until !== null && agreement.valid_until < today) throw invalidField('agreementId', `Avtalet gällde till ${agreement.valid_until}`);
  const address = input.address.trim();
  const area = input.area.trim();
  if (!address) throw invalidField('address', 'Skriv bostadens adress');
  if (!area) throw invalidField('area', 'Skriv området');
  if (agreement.excluded_areas.some((x) => sameArea(x, area))) throw invalidField('area', `Området ${area} är undantaget i avtalet`);
  if (!isIsoDate(input.availableFrom)) throw invalidField('availableFrom', 'Ett datum ÅÅÅÅ-MM-DD');
  let tenancyId: string | null = null;
  const contractNumber = input.contractNumber?.trim();
  if (contractNumber) {
    tenancyId = (await ledgerReads.contractIds(ctx.db, landlordId)).get(contractNumber) ?? null;
    if (!tenancyId) throw invalidField('contractNumber', `Okänt kontraktsnummer ${contractNumber} – läs in hyresavtalen först, eller lämna fältet tomt`);
  }
  const id = await ctx.db.transaction(async (tx) => {
    const id = await housingStore.insertHome(tx, { ...input, address, area, landlordId, tenancyId }, actor.userId, ctx.clock.now());
    await recordAudit(tx, actor, { action: 'home.offer', subjectType: 'offered_home', subjectId: id, details: { agreementId: agreement.id } });
    return id;
  });
  return homeAnswer((await housingStore.home(ctx.db, id))!);
}

/** The landlord takes back a home it offered (let on the open market, or not vacant after all). */
export async function withdrawHome(ctx: AppContext, actor: Actor, id: string) {
  assertCan(actor, 'home.offer');
  const landlordId = landlordScope(actor);
  await ctx.db.transaction(async (tx) => {
    if (!(await housingStore.withdrawHome(tx, id, landlordId, ctx.clock.now()))) throw notFound('Bostaden finns inte bland era erbjudna');
    await recordAudit(tx, actor, { action: 'home.withdraw', subjectType: 'offered_home', subjectId: id });
  });
  return homeAnswer((await housingStore.home(ctx.db, id))!);
}
