// The joint review list (issue 3 §3; Västerås: landlord and social services go through the unpaid rents
// together every day) and the cooperation agreement that says from which routine step a landlord's
// arrears list is shared with social services before any notice. Default: nothing before the notice.

import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, landlordScope, municipalityScope, sharesArrearsItem } from '../access/policy.ts';
import { directory } from '../access/directory.ts';
import type { AppContext } from '../platform/context.ts';
import type { Queryable } from '../platform/database.ts';
import { forbidden, invalidField } from '../platform/errors.ts';
import { DEFAULT_ROUTINE, type Routine } from './model.ts';
import { reviewStore } from './review-store.ts';
import { routineStore } from './routine-store.ts';

async function routineOf(q: Queryable, landlordId: string): Promise<Routine> {
  return (await routineStore.routine(q, landlordId)) ?? DEFAULT_ROUTINE;
}

/** The landlord says from which step of its routine its arrears list is shared with a municipality (null: not before the notice). */
export async function setArrearsSharing(ctx: AppContext, actor: Actor, municipalityId: string, fromStep: string | null): Promise<void> {
  assertCan(actor, 'routine.edit');
  const landlordId = landlordScope(actor);
  await ctx.db.transaction(async (tx) => {
    const municipality = await directory.organisation(tx, municipalityId);
    if (municipality?.kind !== 'municipality') throw invalidField('municipalityId', 'Välj kommun');
    if (fromStep !== null && !(await routineOf(tx, landlordId)).steps.some((s) => s.key === fromStep))
      throw invalidField('fromStep', 'Välj ett steg i er kravrutin');
    await reviewStore.setSharing(tx, landlordId, municipalityId, fromStep, actor.userId);
    await recordAudit(tx, actor, { action: 'arrears_sharing.set', subjectType: 'organisation', subjectId: municipalityId, details: { fromStep } });
  });
}

/** The agreements of the actor's organisation, each with the step's name in the landlord's routine. */
export async function arrearsSharing(ctx: AppContext, actor: Actor) {
  assertCan(actor, 'review.read');
  const by = actor.orgKind === 'landlord' ? { landlordId: landlordScope(actor) } : { municipalityId: municipalityScope(actor) };
  const rows = await reviewStore.sharing(ctx.db, by);
  const out = [];
  for (const r of rows) {
    const step = (await routineOf(ctx.db, r.landlord_id)).steps.find((s) => s.key === r.from_step);
    out.push({ landlord: { id: r.landlord_id, name: r.landlord_name }, municipality: { id: r.municipality_id, name: r.municipality_name }, fromStep: r.from_step, fromStepLabel: step?.label ?? r.from_step });
  }
  return out;
}

export interface ReviewListRow {
  itemId: number;
  landlord: string;
  municipality: string;
  tenancyId: string;
  address: string;
  tenant: string | null;
  step: string;
  amountOwed: number;
  daysLate: number;
  reasons: string[];
}

/**
 * The joint review list: the open arrears items shared under the agreements, the same for both sides —
 * a municipality sees the homes in it of landlords that share from the agreed step on; a landlord sees
 * which of its own it shares. Nothing else (no personnummer, no ledger).
 */
export async function reviewList(ctx: AppContext, actor: Actor): Promise<ReviewListRow[]> {
  assertCan(actor, 'review.read');
  if (actor.orgKind !== 'landlord' && actor.orgKind !== 'municipality') throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const agreements = await reviewStore.sharing(tx, actor.orgKind === 'landlord' ? { landlordId: landlordScope(actor) } : { municipalityId: municipalityScope(actor) });
    const rows: ReviewListRow[] = [];
    for (const a of agreements) {
      const municipality = await directory.organisation(tx, a.municipality_id);
      if (!municipality?.municipality_code) continue;
      const routine = await routineOf(tx, a.landlord_id);
      const index = (key: string) => routine.steps.findIndex((s) => s.key === key);
      const fromIndex = index(a.from_step);
      for (const item of await reviewStore.reviewItems(tx, [a.landlord_id], municipality.municipality_code, 2000)) {
        if (!sharesArrearsItem(index(item.step_key), fromIndex)) continue;
        rows.push({
          itemId: item.item_id, landlord: item.landlord_name, municipality: municipality.name, tenancyId: item.tenancy_id, address: item.address, tenant: item.tenant,
          step: routine.steps[index(item.step_key)]!.label, amountOwed: item.amount_owed, daysLate: item.days_late, reasons: item.priority_reasons,
        });
      }
    }
    await recordAudit(tx, actor, { action: 'review.read', subjectType: 'review_list', reason: 'Gemensam genomgång', details: { tenancies: [...new Set(rows.map((r) => r.tenancyId))] } });
    return rows;
  });
}

/**
 * The routine steps the landlord's list has taken for a tenancy, by the landlord's own step names, for
 * the timeline of social services' case. The caller decides that social services may see them (a
 * notice, a consented referral or a Kronofogden notice: domain section 1).
 */
export async function routineStepsOf(q: Queryable, tenancyId: string) {
  const items = await reviewStore.stepsOfTenancy(q, tenancyId);
  const routines = new Map<string, Routine>();
  const out = [];
  for (const i of items) {
    if (!routines.has(i.landlord_id)) routines.set(i.landlord_id, await routineOf(q, i.landlord_id));
    const label = routines.get(i.landlord_id)!.steps.find((s) => s.key === i.step_key)?.label ?? i.step_key;
    out.push({ step: label, dueOn: i.due_on, status: i.status, rentDueDate: i.anchor_due_date });
  }
  return out;
}
