// What became of an eviction matter at Kronofogden (issue 14 §1): the application received, withdrawn,
// decided, carried out or not. Kept per målnummer without the person (migration 0043), for the figures:
// evictions per 10 000 inhabitants, children affected, applications withdrawn.
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { isIsoDate } from '../calendar/model.ts';
import type { Queryable } from '../platform/database.ts';
import { AppError, invalidField } from '../platform/errors.ts';
import { type CarriedOut, type KfmMatterRow, STAGE_COLUMN, kfmMatterStore } from './kfm-matter-store.ts';
import { EVICTED_HOUSEHOLDS, type KfmOutcomeKind } from './model.ts';

export interface KfmOutcomeInput {
  occurredOn?: string | null;
  householdType?: string | null;
  childrenPermanent?: number | null;
  childrenAlternating?: number | null;
  childrenVisiting?: number | null;
  socialServicesPresent?: boolean | null;
}

export interface MatterPlace {
  authorityId: string;
  caseNumber: string;
  municipalityId: string;
  landlordId: string | null;
  areaId: string | null;
}

const SV_STAGE: Record<KfmOutcomeKind, string> = { withdrawn: 'återkallades', decided: 'avgjordes', carried_out: 'verkställdes', not_carried_out: 'verkställdes inte' };

/** The outcome's day and, for an eviction carried out, Kronofogden's variables; each missing field named. */
export function outcomeProblem(kind: KfmOutcomeKind, input: KfmOutcomeInput, today: string): { day: string; carriedOut: CarriedOut | null } {
  const day = input.occurredOn?.trim() ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !isIsoDate(day)) throw invalidField('occurredOn', 'Ange dagen, t.ex. 2027-02-03');
  if (day > today) throw invalidField('occurredOn', 'Dagen har inte kommit än');
  if (kind !== 'carried_out') {
    for (const f of ['householdType', 'childrenPermanent', 'childrenAlternating', 'childrenVisiting', 'socialServicesPresent'] as const) {
      if (input[f] !== undefined && input[f] !== null) throw invalidField(f, 'Anges bara för en avhysning som verkställts');
    }
    return { day, carriedOut: null };
  }
  if (!input.householdType || !(EVICTED_HOUSEHOLDS as readonly string[]).includes(input.householdType)) throw invalidField('householdType', 'Välj hushållet');
  const children = (f: 'childrenPermanent' | 'childrenAlternating' | 'childrenVisiting') => {
    const n = input[f];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 30) throw invalidField(f, 'Ange antalet barn, 0 om inga (högst 30)');
    return n;
  };
  const carriedOut: CarriedOut = {
    householdType: input.householdType,
    childrenPermanent: children('childrenPermanent'),
    childrenAlternating: children('childrenAlternating'),
    childrenVisiting: children('childrenVisiting'),
    socialServicesPresent: (() => {
      if (typeof input.socialServicesPresent !== 'boolean') throw invalidField('socialServicesPresent', 'Ange om socialtjänsten var på plats');
      return input.socialServicesPresent;
    })(),
  };
  return { day, carriedOut };
}

/**
 * Records an outcome of the matter. Sent again the same, it is kept once (`created` false); a day or
 * variables that differ from what was told before, or an eviction both carried out and not, are refused
 * naming what was told, so a mistake is corrected deliberately and not overwritten by a retry.
 */
export async function recordKfmOutcome(
  tx: Queryable,
  actor: Actor,
  kind: KfmOutcomeKind,
  place: MatterPlace,
  outcome: { day: string; carriedOut: CarriedOut | null },
  at: Date,
): Promise<{ id: string; created: boolean }> {
  const matter = await kfmMatterStore.lockMatter(tx, { ...place, at });
  const earlier = matter[STAGE_COLUMN[kind]] as string | null;
  if (earlier !== null) {
    if (earlier !== outcome.day) throw told('occurredOn', `Kronofogden har redan meddelat att mål ${place.caseNumber} ${SV_STAGE[kind]} ${earlier}`);
    if (outcome.carriedOut && !sameCarriedOut(matter, outcome.carriedOut)) throw told('householdType', `Mål ${place.caseNumber}: hushållet och barnen meddelades redan med andra uppgifter`);
    return { id: matter.id, created: false };
  }
  if (kind === 'carried_out' && matter.not_carried_out_on) throw told('kind', `Mål ${place.caseNumber} meddelades redan som inte verkställt (${matter.not_carried_out_on})`);
  if (kind === 'not_carried_out' && matter.carried_out_on) throw told('kind', `Mål ${place.caseNumber} meddelades redan som verkställt (${matter.carried_out_on})`);
  await kfmMatterStore.setStage(tx, matter.id, kind, outcome.day, { ...place, carriedOut: outcome.carriedOut, at });
  await recordAudit(tx, actor, { action: 'kfm_matter.outcome', subjectType: 'kfm_matter', subjectId: matter.id, details: { kind, on: outcome.day } });
  return { id: matter.id, created: true };
}

/** An application received: the matter's first stage, on the day the notice came (a notice sent again changes nothing). */
export async function noteApplicationReceived(tx: Queryable, place: MatterPlace, today: string, at: Date): Promise<void> {
  const matter = await kfmMatterStore.lockMatter(tx, { ...place, at });
  if (matter.received_on === null) await kfmMatterStore.setStage(tx, matter.id, 'received', today, { ...place, carriedOut: null, at });
}

function sameCarriedOut(m: KfmMatterRow, c: CarriedOut): boolean {
  return m.household_type === c.householdType && m.children_permanent === c.childrenPermanent && m.children_alternating === c.childrenAlternating
    && m.children_visiting === c.childrenVisiting && m.social_services_present === c.socialServicesPresent;
}

const told = (field: string, message: string) => new AppError(409, 'already_told', message, { fields: [{ field, message }] });
