// Payment plans checked against the ledger every day, and the tasks that keep a case moving
// (issue 3 §2). Use cases in the same shape as service.ts: access check, work, audit row, one transaction.

import { recordAudit } from '../access/audit.ts';
import { type Actor, SYSTEM_ACTOR } from '../access/model.ts';
import { assertCan, municipalityScope } from '../access/policy.ts';
import { addDays, isIsoDate } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { owedOn } from '../ledger/service.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError, forbidden, invalidField, notFound } from '../platform/errors.ts';
import { claimJobRun, finishJobRun } from '../platform/job-runs-store.ts';
import { assertChildAssessed } from './closing.ts';
import { ACTION_OWNERS, type ActionOwner, allowedOwedAfter, graceEnd, instalmentState, type InstalmentState, planState } from './model.ts';
import { ownCase } from './own-case.ts';
import { sharesFor } from './consent.ts';
import { caseStore } from './case-store.ts';
import { planStore, type TaskRow } from './plan-store.ts';

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
    if ((await planStore.plans(tx, [caseId])).some((p) => p.status === 'active'))
      throw new AppError(409, 'plan_exists', 'Ärendet har redan en pågående avbetalningsplan. Avsluta den först.');
    const id = await planStore.insertPlan(tx, {
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
    if (!(await planStore.cancelPlan(tx, caseId, planId))) throw notFound('Det finns ingen pågående plan');
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
    if (!(await claimJobRun(tx, PLAN_CHECK_JOB, date))) return { ...result, alreadyRan: true };
    const open = await planStore.instalmentsToCheck(tx, date);
    // What was owed on each due date; then, for those not met by it, on the last day of grace (or
    // today, if that is earlier). Most households pay on time, so the second read is small.
    const atDue = await owedOn(tx, open.map((i) => ({ tenancyId: i.tenancy_id, date: i.due_date })));
    const unmet = open.flatMap((i, n) => (atDue[n]! > i.allowed_owed ? [n] : []));
    const atEnd = new Map<number, number>();
    const later = await owedOn(tx, unmet.map((n) => {
      const end = graceEnd(open[n]!.due_date);
      return { tenancyId: open[n]!.tenancy_id, date: end < date ? end : date };
    }));
    for (const [k, n] of unmet.entries()) atEnd.set(n, later[k]!);
    const changed: { planId: string; seq: number; status: InstalmentState }[] = [];
    open.forEach((i, n) => {
      const status = instalmentState({ dueDate: i.due_date, allowedOwed: i.allowed_owed }, atDue[n]!, atEnd.get(n) ?? atDue[n]!, date);
      result.checked++;
      if (status !== 'pending') result[status]++;
      if (status !== i.status) changed.push({ planId: i.plan_id, seq: i.seq, status });
    });
    await planStore.setInstalmentStates(tx, changed, date);
    const planIds = [...new Set(changed.map((c) => c.planId))];
    const states = await planStore.instalmentStates(tx, planIds);
    const settled = planIds.flatMap((planId) => {
      const s = planState(states.get(planId) ?? []);
      return s === 'active' ? [] : [{ planId, status: s }];
    });
    await planStore.setPlanStates(tx, settled, date);
    const broken = settled.filter((s) => s.status === 'broken').map((s) => s.planId);
    result.plansBroken = broken.length;
    result.plansKept = settled.length - broken.length;
    const caseOf = new Map(open.map((i) => [i.plan_id, i.case_id]));
    const cases = await caseStore.casesById(tx, broken.map((p) => caseOf.get(p)!));
    const openedBy = new Map(cases.map((c) => [c.id, c.opened_by]));
    await planStore.insertTasks(tx, broken.map((planId) => {
      const caseId = caseOf.get(planId)!;
      return { caseId, kind: 'plan_broken', title: 'Avbetalningsplanen har brutits: kontakta hushållet och hyresvärden', dueOn: date, assignedTo: openedBy.get(caseId) ?? null, sourceId: planId };
    }));
    await finishJobRun(tx, PLAN_CHECK_JOB, date, result);
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
    const tasks = await planStore.openTasks(tx, municipalityId, actor.userId, addDays(today, 7), 1000);
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
    const [id] = await planStore.insertTasks(tx, [ { caseId, kind: 'manual', title, dueOn: input.dueOn, assignedTo: actor.userId, sourceId: null }]);
    await recordAudit(tx, actor, { action: 'task.create', subjectType: 'case', subjectId: caseId, details: { task: id! } });
    return id!;
  });
}

export async function finishTask(ctx: AppContext, actor: Actor, taskId: string): Promise<void> {
  assertCan(actor, 'case.write');
  const municipalityId = municipalityScope(actor);
  if (!actor.userId) throw forbidden('Bockas av av en namngiven handläggare');
  await ctx.db.transaction(async (tx) => {
    if (!(await planStore.finishTask(tx, municipalityId, taskId, actor.userId!))) throw notFound('Det finns ingen sådan öppen uppgift');
    await recordAudit(tx, actor, { action: 'task.done', subjectType: 'case_task', subjectId: taskId });
  });
}

export interface ActionPlanInput {
  goals: string;
  reviewOn: string;
  tasks: { what: string; owner: ActionOwner; dueOn: string }[];
}

/**
 * An action plan (handlingsplan, Västerås) for a household at risk of eviction: goals, who does what by
 * when, and a review date that becomes a task. A case with children needs its child's-best-interest
 * assessment first.
 */
export async function createActionPlan(ctx: AppContext, actor: Actor, caseId: string, input: ActionPlanInput): Promise<string> {
  assertCan(actor, 'case.write');
  if (!actor.userId) throw forbidden('Planen skrivs av en namngiven handläggare');
  const today = todayInStockholm(ctx.clock.now());
  const goals = input.goals.trim();
  if (goals === '' || goals.length > 4000) throw invalidField('goals', 'Skriv planens mål (högst 4 000 tecken)');
  if (!isIsoDate(input.reviewOn) || input.reviewOn < today) throw invalidField('reviewOn', 'Ange ett datum för uppföljning, i dag eller senare');
  if (input.tasks.length === 0) throw invalidField('tasks', 'Lägg till minst en uppgift: vad, vem och när');
  if (input.tasks.length > 30) throw invalidField('tasks', 'Högst 30 uppgifter');
  const tasks = input.tasks.map((t, n) => {
    const what = t.what.trim();
    if (what === '' || what.length > 500) throw invalidField(`tasks[${n}].what`, 'Skriv vad som ska göras (högst 500 tecken)');
    if (!(ACTION_OWNERS as readonly string[]).includes(t.owner)) throw invalidField(`tasks[${n}].owner`, 'Välj vem som gör det');
    if (!isIsoDate(t.dueOn)) throw invalidField(`tasks[${n}].dueOn`, 'Ogiltigt datum (ÅÅÅÅ-MM-DD)');
    return { what, owner: t.owner, dueOn: t.dueOn };
  });
  return ctx.db.transaction(async (tx) => {
    const c = await ownCase(tx, actor, caseId);
    if (c.status !== 'open') throw new AppError(409, 'closed', 'Ärendet är avslutat');
    await assertChildAssessed(tx, c, 'en handlingsplan görs');
    const id = await planStore.insertActionPlan(tx, { caseId, goals, reviewOn: input.reviewOn, createdBy: actor.userId!, tasks });
    await planStore.insertTasks(tx, [{ caseId, kind: 'action_plan_review', title: 'Följ upp handlingsplanen', dueOn: input.reviewOn, assignedTo: actor.userId, sourceId: id }]);
    await recordAudit(tx, actor, { action: 'action_plan.create', subjectType: 'case', subjectId: caseId, details: { plan: id, tasks: tasks.length } });
    return id;
  });
}

/**
 * The landlord asks for an action plan for a tenant with recurring problems (Västerås: the landlord can
 * require one). Only on a case the landlord may see; the social worker gets a task.
 */
export async function requestActionPlan(ctx: AppContext, actor: Actor, caseId: string, reason: string): Promise<string> {
  assertCan(actor, 'case.shared');
  if (actor.orgKind !== 'landlord' || !actor.orgId || !actor.userId) throw forbidden('Endast hyresvärdens personal');
  const why = reason.trim();
  if (why === '' || why.length > 2000) throw invalidField('reason', 'Skriv varför en handlingsplan behövs (högst 2 000 tecken)');
  const today = todayInStockholm(ctx.clock.now());
  return ctx.db.transaction(async (tx) => {
    const [c] = await caseStore.casesById(tx, [caseId]);
    if (!c || !(await sharesFor(tx, actor, [c], today)).has(c.id)) throw notFound('Ärendet finns inte');
    if (c.status !== 'open') throw new AppError(409, 'closed', 'Ärendet är avslutat');
    const id = await planStore.insertActionPlanRequest(tx, { caseId, landlordId: actor.orgId!, reason: why, requestedBy: actor.userId! });
    await planStore.insertTasks(tx, [{ caseId, kind: 'manual', title: `${actor.orgName ?? 'Hyresvärden'} begär en handlingsplan`, dueOn: addDays(today, 7), assignedTo: c.opened_by, sourceId: id }]);
    await recordAudit(tx, actor, { action: 'action_plan.request', subjectType: 'case', subjectId: caseId, details: { request: id } });
    return id;
  });
}

/**
 * A decision on social assistance (ekonomiskt bistånd, SoL 4 kap 1 §) towards the rent: granted with
 * the amount and the months it covers, or refused. The landlord learns of it only where the household
 * consented to share "social_assistance".
 */
export async function recordAssistanceDecision(
  ctx: AppContext, actor: Actor, caseId: string,
  input: { decidedOn: string; granted: boolean; rentAmount?: number | null; periodFrom?: string | null; periodUntil?: string | null; note?: string | null },
): Promise<string> {
  assertCan(actor, 'case.write');
  if (!actor.userId) throw forbidden('Registreras av en namngiven handläggare');
  if (!isIsoDate(input.decidedOn)) throw invalidField('decidedOn', 'Ogiltigt datum (ÅÅÅÅ-MM-DD)');
  if (input.decidedOn > todayInStockholm(ctx.clock.now())) throw invalidField('decidedOn', 'Beslutet kan inte vara fattat i framtiden');
  let rentAmount: number | null = null;
  let periodFrom: string | null = null;
  let periodUntil: string | null = null;
  if (input.granted) {
    if (!Number.isSafeInteger(input.rentAmount) || (input.rentAmount ?? 0) <= 0) throw invalidField('rentAmount', 'Ange beviljat belopp till hyran');
    if (!input.periodFrom || !isIsoDate(input.periodFrom)) throw invalidField('periodFrom', 'Ange från vilken dag beslutet gäller');
    if (!input.periodUntil || !isIsoDate(input.periodUntil)) throw invalidField('periodUntil', 'Ange till vilken dag beslutet gäller');
    if (input.periodUntil < input.periodFrom) throw invalidField('periodUntil', 'Slutdatum före startdatum');
    rentAmount = input.rentAmount!;
    periodFrom = input.periodFrom;
    periodUntil = input.periodUntil;
  }
  const note = input.note?.trim() || null;
  if (note && note.length > 2000) throw invalidField('note', 'Högst 2 000 tecken');
  return ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    const id = await planStore.insertAssistanceDecision(tx, { caseId, decidedOn: input.decidedOn, granted: input.granted, rentAmount, periodFrom, periodUntil, note, by: actor.userId! });
    await recordAudit(tx, actor, { action: 'assistance.record', subjectType: 'case', subjectId: caseId, details: { decision: id, granted: input.granted } });
    return id;
  });
}
