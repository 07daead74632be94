// Children and the end of a case (issue 3 §2): the child's-best-interest assessment a case with
// children needs before an action plan or closing, closing with an outcome, and the follow-ups 6 and
// 12 months later. Use cases in the same shape as service.ts.

import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan } from '../access/policy.ts';
import { addMonths, isIsoDate } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { childrenOnLease } from '../ledger/service.ts';
import type { AppContext } from '../platform/context.ts';
import type { Queryable } from '../platform/database.ts';
import { AppError, forbidden, invalidField } from '../platform/errors.ts';
import { CASE_OUTCOMES, type CaseOutcome, hasChildren } from './model.ts';
import { ownCase } from './own-case.ts';
import { type CaseRow, caseStore } from './case-store.ts';
import { closingStore } from './closing-store.ts';
import { planStore } from './plan-store.ts';

/** Whether the household has children: recorded in the case, named in a concern, or on the lease. */
export async function caseHasChildren(tx: Queryable, c: CaseRow): Promise<boolean> {
  const persons = await caseStore.persons(tx, c.id);
  return hasChildren({
    childPersons: persons.filter((p) => p.relation === 'child').length,
    concernAboutChildren: await closingStore.concernAboutChildren(tx, c.id),
    childrenOnLease: c.tenancy_id ? await childrenOnLease(tx, c.tenancy_id) : null,
  });
}

/** Refuses a step a case with children may not take before its child's-best-interest assessment. */
export async function assertChildAssessed(tx: Queryable, c: CaseRow, step: string): Promise<void> {
  if (!(await caseHasChildren(tx, c))) return;
  if ((await closingStore.childAssessments(tx, c.id)).length > 0) return;
  // "No child shall be evicted": every case with children carries the assessment (SoL 1 kap 2 §, barnkonventionen art. 3).
  throw new AppError(409, 'child_assessment_required', `Hushållet har barn: skriv en bedömning av barnets bästa innan ${step}.`);
}

/** The child's-best-interest assessment, written and signed by a social worker like a journal entry. */
export async function writeChildAssessment(ctx: AppContext, actor: Actor, caseId: string, input: { assessedOn: string; assessment: string; childrenHeard: boolean }): Promise<string> {
  assertCan(actor, 'case.write');
  if (!actor.userId) throw forbidden('Bedömningen skrivs av en namngiven handläggare');
  const text = input.assessment.trim();
  if (text === '') throw invalidField('assessment', 'Skriv bedömningen av barnets bästa');
  if (text.length > 20_000) throw invalidField('assessment', 'Högst 20 000 tecken');
  if (!isIsoDate(input.assessedOn)) throw invalidField('assessedOn', 'Ogiltigt datum (ÅÅÅÅ-MM-DD)');
  if (input.assessedOn > todayInStockholm(ctx.clock.now())) throw invalidField('assessedOn', 'Datumet kan inte ligga i framtiden');
  return ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    const id = await closingStore.insertChildAssessment(tx, { caseId, assessedOn: input.assessedOn, assessment: text, childrenHeard: input.childrenHeard, authorId: actor.userId!, authorName: actor.name });
    await recordAudit(tx, actor, { action: 'child_assessment.write', subjectType: 'case', subjectId: caseId, details: { assessment: id } });
    return id;
  });
}

/**
 * Closes a case with its outcome (domain section 6). A case with children needs its child's-best-
 * interest assessment first. Two follow-up tasks ask, 6 and 12 months on, whether the tenancy holds.
 */
export async function closeCase(ctx: AppContext, actor: Actor, caseId: string, input: { outcome: CaseOutcome; note?: string | null }): Promise<void> {
  assertCan(actor, 'case.write');
  if (!actor.userId) throw forbidden('Ärendet avslutas av en namngiven handläggare');
  if (!(CASE_OUTCOMES as readonly string[]).includes(input.outcome)) throw invalidField('outcome', 'Välj hur ärendet avslutas');
  const note = input.note?.trim() || null;
  if (note && note.length > 4000) throw invalidField('note', 'Högst 4 000 tecken');
  const today = todayInStockholm(ctx.clock.now());
  await ctx.db.transaction(async (tx) => {
    const c = await ownCase(tx, actor, caseId);
    if (c.status !== 'open') throw new AppError(409, 'closed', 'Ärendet är redan avslutat');
    await assertChildAssessed(tx, c, 'ärendet avslutas');
    await caseStore.closeCase(tx, caseId, { outcome: input.outcome, note, by: actor.userId!, at: ctx.clock.now() });
    // Domain section 3: whether the tenancy still holds 6 and 12 months after the case closed.
    await planStore.insertTasks(tx, ([6, 12] as const).map((months) => ({
      caseId, kind: `follow_up_${months}m`, title: `Uppföljning efter ${months} månader: bor hushållet kvar?`, dueOn: addMonths(today, months),
      assignedTo: actor.userId, sourceId: caseId,
    })));
    await recordAudit(tx, actor, { action: 'case.close', subjectType: 'case', subjectId: caseId, details: { outcome: input.outcome } });
  });
}

/** The answer to a follow-up: does the household still live there? Marks its task done. */
export async function recordFollowUp(ctx: AppContext, actor: Actor, caseId: string, input: { months: 6 | 12; tenancyHolds: boolean; note?: string | null }): Promise<void> {
  assertCan(actor, 'case.write');
  if (!actor.userId) throw forbidden('Registreras av en namngiven handläggare');
  const note = input.note?.trim() || null;
  if (note && note.length > 2000) throw invalidField('note', 'Högst 2 000 tecken');
  await ctx.db.transaction(async (tx) => {
    const c = await ownCase(tx, actor, caseId);
    if (c.status !== 'closed') throw invalidField('months', 'Uppföljningen görs efter att ärendet har avslutats');
    if (!(await closingStore.insertFollowUp(tx, { caseId, months: input.months, tenancyHolds: input.tenancyHolds, note, by: actor.userId!, at: ctx.clock.now() })))
      throw new AppError(409, 'recorded', `Uppföljningen efter ${input.months} månader är redan gjord`);
    await planStore.finishTaskOf(tx, caseId, `follow_up_${input.months}m`, actor.userId!);
    await recordAudit(tx, actor, { action: 'case.follow_up', subjectType: 'case', subjectId: caseId, details: { months: input.months, tenancyHolds: input.tenancyHolds } });
  });
}
