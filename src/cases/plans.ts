// Payment plans checked against the ledger every day, and the tasks that keep a case moving
// (issue 3 §2). Use cases in the same shape as service.ts: access check, work, audit row, one transaction.

import { recordAudit } from '../access/audit.ts';
import { type Actor, SYSTEM_ACTOR } from '../access/model.ts';
import { assertCan, municipalityScope } from '../access/policy.ts';
import { addDays, isIsoDate, todayInStockholm } from '../calendar/model.ts';
import { owedOn } from '../ledger/service.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError, forbidden, invalidField, notFound } from '../platform/errors.ts';
import { allowedOwedAfter, graceEnd, instalmentState, type InstalmentState, planState } from './model.ts';
import { ownCase } from './service.ts';
import { casesStore, type TaskRow } from './store.ts';

export interface PlanInput {
  /** What the household owes, as agreed with the landlord (öre). */
  debt: number;
  agreedOn: string;
  /** Who at the landlord agreed to it. */
  agreedWith: string;
  instalments: { dueDate: string; amount: number }[];
}

const MAX_INSTALMENTS = 60;

/**
 * A payment plan agreed with the landlord (Västerås: a plan on one rent is easier than on several).
 * It is checked every day against the landlord's imported ledger, so the case needs the tenancy.
 */
export async function createPaymentPlan(ctx: AppContext, actor: Actor, caseId: string, input: PlanInput): Promise<string> {
  assertCan(actor, 'case.write');
  if (!actor.userId) throw forbidden('Planen registreras av en namngiven handläggare');
  const today = todayInStockholm(ctx.clock.now());
  if (!Number.isSafeInteger(input.debt) || input.debt <= 0) throw invalidField('debt', 'Ange skulden i kronor, mer än 0');
  if (!isIsoDate(input.agreedOn)) throw invalidField('agreedOn', 'Ogiltigt datum (ÅÅÅÅ-MM-DD)');
  if (input.agreedOn > today) throw invalidField('agreedOn', 'Planen kan inte vara överenskommen i framtiden');
  const agreedWith = input.agreedWith.trim();
  if (agreedWith === '' || agreedWith.length > 200) throw invalidField('agreedWith', 'Skriv vem hos hyresvärden planen gjordes upp med (högst 200 tecken)');
  if (input.instalments.length === 0) throw invalidField('instalments', 'Lägg till minst en delbetalning');
  if (input.instalments.length > MAX_INSTALMENTS) throw invalidField('instalments', `Högst ${MAX_INSTALMENTS} delbetalningar`);
  let previous = input.agreedOn;
  for (const [n, i] of input.instalments.entries()) {
    const field = `instalments[${n}]`;
    if (!isIsoDate(i.dueDate)) throw invalidField(`${field}.dueDate`, 'Ogiltigt datum (ÅÅÅÅ-MM-DD)');
    if (i.dueDate <= previous && n > 0) throw invalidField(`${field}.dueDate`, 'Delbetalningarna ska komma i datumordning, en per dag');
    if (i.dueDate < input.agreedOn) throw invalidField(`${field}.dueDate`, 'Första delbetalningen kan inte ligga före överenskommelsen');
    if (!Number.isSafeInteger(i.amount) || i.amount <= 0) throw invalidField(`${field}.amount`, 'Beloppet ska vara mer än 0');
    previous = i.dueDate;
  }
  const total = input.instalments.reduce((s, i) => s + i.amount, 0);
  if (total > input.debt) throw invalidField('instalments', 'Delbetalningarna är tillsammans mer än skulden');
  const allowed = allowedOwedAfter(input.debt, input.instalments.map((i) => i.amount));
  return ctx.db.transaction(async (tx) => {
    const c = await ownCase(tx, actor, caseId);
    if (!c.tenancy_id) throw new AppError(409, 'no_tenancy', 'Ärendet har inget hyresförhållande i Bokvar att följa planen mot');
    if ((await casesStore.plans(tx, [caseId])).some((p) => p.status === 'active'))
      throw new AppError(409, 'plan_exists', 'Ärendet har redan en pågående avbetalningsplan. Avsluta den först.');
    const id = await casesStore.insertPlan(tx, {
      caseId, tenancyId: c.tenancy_id, debt: input.debt, agreedOn: input.agreedOn, agreedWith, createdBy: actor.userId!,
      instalments: input.instalments.map((i, n) => ({ ...i, allowedOwed: allowed[n]! })),
    });
    await recordAudit(tx, actor, { action: 'plan.create', subjectType: 'case', subjectId: caseId, details: { plan: id, debt: input.debt, instalments: input.instalments.length } });
    return id;
  });
}

/** Ends an active plan without a verdict (replaced by a new agreement, or no longer needed). */
export async function cancelPaymentPlan(ctx: AppContext, actor: Actor, caseId: string, planId: string): Promise<void> {
  assertCan(actor, 'case.write');
  await ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    if (!(await casesStore.cancelPlan(tx, caseId, planId))) throw notFound('Det finns ingen pågående plan');
    await recordAudit(tx, actor, { action: 'plan.cancel', subjectType: 'case', subjectId: caseId, details: { plan: planId } });
  });
}

export const PLAN_CHECK_JOB = 'payment_plans';

export interface PlanCheckResult {
  date: string;
  alreadyRan: boolean;
  checked: number;
  kept: number;
  late: number;
  overdue: number;
  broken: number;
  plansKept: number;
  plansBroken: number;
}

/**
 * The daily check (issue 3 §2): every instalment of an active plan that has fallen due and is not yet
 * settled is read against the ledger; a plan with a broken instalment is broken, and its social
 * worker gets a task (the landlord sees it where the household consented to share the plan). Once
 * per date, like the daily run: the claim and the work commit together.
 */
export async function checkPaymentPlans(ctx: AppContext, date: string): Promise<PlanCheckResult> {
  if (!isIsoDate(date)) throw invalidField('date', `Ogiltigt datum "${date}" (ÅÅÅÅ-MM-DD)`);
  return ctx.db.transaction(async (tx) => {
    const result: PlanCheckResult = { date, alreadyRan: false, checked: 0, kept: 0, late: 0, overdue: 0, broken: 0, plansKept: 0, plansBroken: 0 };
    if (!(await casesStore.claimJobRun(tx, PLAN_CHECK_JOB, date))) return { ...result, alreadyRan: true };
    const open = await casesStore.instalmentsToCheck(tx, date);
    // The owed amount on each due date and on the last day of grace (or today, if that is earlier).
    const owed = await owedOn(tx, open.flatMap((i) => {
      const end = graceEnd(i.due_date);
      return [{ tenancyId: i.tenancy_id, date: i.due_date }, { tenancyId: i.tenancy_id, date: end < date ? end : date }];
    }));
    const changed: { planId: string; seq: number; status: InstalmentState }[] = [];
    open.forEach((i, n) => {
      const status = instalmentState({ dueDate: i.due_date, allowedOwed: i.allowed_owed }, owed[2 * n]!, owed[2 * n + 1]!, date);
      result.checked++;
      if (status !== 'pending') result[status]++;
      if (status !== i.status) changed.push({ planId: i.plan_id, seq: i.seq, status });
    });
    await casesStore.setInstalmentStates(tx, changed, date);
    const planIds = [...new Set(changed.map((c) => c.planId))];
    const states = await casesStore.instalmentStates(tx, planIds);
    const settled = planIds.flatMap((planId) => {
      const s = planState(states.get(planId) ?? []);
      return s === 'active' ? [] : [{ planId, status: s }];
    });
    await casesStore.setPlanStates(tx, settled, date);
    const broken = settled.filter((s) => s.status === 'broken').map((s) => s.planId);
    result.plansBroken = broken.length;
    result.plansKept = settled.length - broken.length;
    const caseOf = new Map(open.map((i) => [i.plan_id, i.case_id]));
    const cases = await casesStore.casesById(tx, broken.map((p) => caseOf.get(p)!));
    const openedBy = new Map(cases.map((c) => [c.id, c.opened_by]));
    await casesStore.insertTasks(tx, broken.map((planId) => {
      const caseId = caseOf.get(planId)!;
      return { caseId, kind: 'plan_broken', title: 'Avbetalningsplanen har brutits: kontakta hushållet och hyresvärden', dueOn: date, assignedTo: openedBy.get(caseId) ?? null, sourceId: planId };
    }));
    await casesStore.finishJobRun(tx, PLAN_CHECK_JOB, date, result);
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'plan.daily_check', subjectType: 'job_run', subjectId: date, details: { ...result, brokenPlans: broken } });
    return result;
  });
}

/** Open tasks of the municipality: overdue, and due in the next seven days. */
export async function openTasks(ctx: AppContext, actor: Actor): Promise<{ today: string; overdue: TaskRow[]; coming: TaskRow[] }> {
  assertCan(actor, 'case.read');
  const municipalityId = municipalityScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  return ctx.db.transaction(async (tx) => {
    const tasks = await casesStore.openTasks(tx, municipalityId, addDays(today, 7), 1000);
    await recordAudit(tx, actor, { action: 'task.list', subjectType: 'case', reason: 'Uppgifter', details: { cases: [...new Set(tasks.map((t) => t.case_id))] } });
    return { today, overdue: tasks.filter((t) => t.due_on < today), coming: tasks.filter((t) => t.due_on >= today) };
  });
}

/** A task written by the social worker: what is to be done, and by when. */
export async function addTask(ctx: AppContext, actor: Actor, caseId: string, input: { title: string; dueOn: string }): Promise<string> {
  assertCan(actor, 'case.write');
  const title = input.title.trim();
  if (title === '' || title.length > 300) throw invalidField('title', 'Skriv vad som ska göras (högst 300 tecken)');
  if (!isIsoDate(input.dueOn)) throw invalidField('dueOn', 'Ogiltigt datum (ÅÅÅÅ-MM-DD)');
  return ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    const [id] = await casesStore.insertTasks(tx, [ { caseId, kind: 'manual', title, dueOn: input.dueOn, assignedTo: actor.userId, sourceId: null }]);
    await recordAudit(tx, actor, { action: 'task.create', subjectType: 'case', subjectId: caseId, details: { task: id } });
    return id!;
  });
}

export async function finishTask(ctx: AppContext, actor: Actor, taskId: string): Promise<void> {
  assertCan(actor, 'case.write');
  const municipalityId = municipalityScope(actor);
  if (!actor.userId) throw forbidden('Bockas av av en namngiven handläggare');
  await ctx.db.transaction(async (tx) => {
    if (!(await casesStore.finishTask(tx, municipalityId, taskId, actor.userId!))) throw notFound('Det finns ingen sådan öppen uppgift');
    await recordAudit(tx, actor, { action: 'task.done', subjectType: 'case_task', subjectId: taskId });
  });
}
