// The daily run (issue 1): once per date, each landlord's routine applied to who is in arrears —
// new worklist items, resolved ones, promises kept or broken, notices recovered; and today's list
// followed again after a ledger import.
import { recordAudit } from '../access/audit.ts';
import { SYSTEM_ACTOR } from '../access/model.ts';
import { bankDaysBetween, daysBetween, isIsoDate, type IsoDate } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { ageOn } from '../ledger/personnummer.ts';
import { monthsOwed } from '../ledger/model.ts';
import type { AppContext } from '../platform/context.ts';
import type { Queryable } from '../platform/database.ts';
import { AppError, invalidField } from '../platform/errors.ts';
import { claimJobRun, finishJobRun, jobRan, jobRunResult } from '../platform/job-runs-store.ts';
import {
  conditionsHold,
  DEFAULT_ROUTINE,
  priorityOf,
  promisePauseEnds,
  scheduleEnd,
  scheduleStart,
  scheduleStep,
  type TenancyFacts,
} from './model.ts';
import { markRecovered } from './notices.ts';
import { type ArrearsRow, dailyRunStore } from './daily-run-store.ts';
import { outreachStore } from './outreach-store.ts';
import { routineStore } from './routine-store.ts';

export const DAILY_JOB = 'collection.daily';

export interface DailyRunResult {
  date: IsoDate;
  alreadyRan: boolean;
  landlords: number;
  inArrears: number;
  newItems: number;
  resolvedItems: number;
  promisesKept: number;
  promisesBroken: number;
  recoveredNotices: number;
}

/**
 * The daily run for a date: for every tenancy in arrears, the routine steps due on the date and those
 * overdue and not done become worklist items. It happens once per date, even with several servers:
 * the job_runs row is claimed in the same transaction as the work, so a second server waits, then
 * finds it done; a crash rolls back the claim with the work.
 */
export async function runDaily(ctx: AppContext, date: IsoDate): Promise<DailyRunResult> {
  if (!isIsoDate(date)) throw invalidField('date', `Ogiltigt datum "${date}" (ÅÅÅÅ-MM-DD)`);
  return ctx.db.transaction(async (tx) => {
    if (!(await claimJobRun(tx, DAILY_JOB, date))) {
      const prev = await jobRunResult<DailyRunResult>(tx, DAILY_JOB, date);
      return { ...(prev ?? emptyResult(date)), alreadyRan: true };
    }
    // The run moves forward only: an earlier date would resolve today's items by yesterday's ledger.
    const latest = await dailyRunStore.latestRun(tx, DAILY_JOB);
    if (latest && latest > date) throw new AppError(409, 'later_run', `date: dagen ${latest} har redan körts; en tidigare dag kan inte köras`);
    // The aggregate is costed above PostgreSQL's JIT threshold, where compiling takes longer than running.
    if (ctx.db.engine === 'postgres') await tx.query('set local jit = off');
    const result = emptyResult(date);
    const changed = { recoveredNotices: [] as string[], brokenPromises: [] as string[] };
    // One pass over the whole ledger, then each landlord's routine over its own rows.
    const owing = new Map<string, ArrearsRow[]>();
    for (const row of await dailyRunStore.arrears(tx, null, date)) {
      const list = owing.get(row.landlord_id);
      if (list) list.push(row);
      else owing.set(row.landlord_id, [row]);
    }
    for (const landlordId of await dailyRunStore.landlordIds(tx)) {
      result.landlords++;
      const r = await runForLandlord(tx, landlordId, date, owing.get(landlordId) ?? []);
      result.inArrears += r.inArrears;
      result.newItems += r.newItems;
      result.resolvedItems += r.resolvedItems;
      result.promisesKept += r.promisesKept;
      result.promisesBroken += r.brokenPromises.length;
      result.recoveredNotices += r.recoveredNotices.length;
      changed.recoveredNotices.push(...r.recoveredNotices);
      changed.brokenPromises.push(...r.brokenPromises);
    }
    await finishJobRun(tx, DAILY_JOB, date, result);
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'collection.daily_run', subjectType: 'job_run', subjectId: date, details: { ...result, ...changed } });
    return result;
  });
}

function emptyResult(date: IsoDate): DailyRunResult {
  return { date, alreadyRan: false, landlords: 0, inArrears: 0, newItems: 0, resolvedItems: 0, promisesKept: 0, promisesBroken: 0, recoveredNotices: 0 };
}

async function runForLandlord(tx: Queryable, landlordId: string, date: IsoDate, inArrears?: ArrearsRow[]) {
  const routine = (await routineStore.routine(tx, landlordId)) ?? DEFAULT_ROUTINE;
  let promisesKept = 0;
  const brokenToday = new Set<string>();
  const brokenPromises: string[] = [];
  // Promises whose pause has ended: kept if what was promised came in by then, else broken and listed again.
  for (const p of await dailyRunStore.duePromises(tx, landlordId)) {
    const pauseEnds = promisePauseEnds(p.promise_date);
    if (pauseEnds > date) continue;
    const paid = await dailyRunStore.paidBetween(tx, p.tenancy_id, p.contact_date, pauseEnds);
    const kept = paid >= p.promise_amount;
    await dailyRunStore.settlePromise(tx, p.id, kept ? 'kept' : 'broken');
    if (kept) promisesKept++;
    else {
      brokenToday.add(p.tenancy_id);
      brokenPromises.push(p.id);
      await dailyRunStore.markBrokenPromise(tx, p.tenancy_id);
    }
  }
  const brokenNow = await dailyRunStore.recentlyBrokenPromises(tx, landlordId, date);
  const paused = await outreachStore.pausedOn(tx, landlordId, date);
  const demands = await dailyRunStore.doneDemands(tx, landlordId);
  const arrears = inArrears ?? (await dailyRunStore.arrears(tx, landlordId, date));

  const items: Parameters<typeof dailyRunStore.insertItems>[3] = [];
  const current: Parameters<typeof dailyRunStore.refreshOpenItems>[3] = [];
  for (const a of arrears) {
    const anchor = a.oldest_unpaid;
    const facts: TenancyFacts = {
      owed: a.owed,
      monthsOwed: monthsOwed(a.owed, a.monthly_rent),
      tenantAge: a.personnummer ? ageOn(a.personnummer, date) : null,
      children: a.children,
      daysSinceContact: a.last_contact ? daysBetween(a.last_contact, date) : null,
      collectionDemandSent: demands.has(`${a.tenancy_id}|${anchor}`),
    };
    const { score, reasons } = priorityOf(facts);
    const lateness = { daysLate: daysBetween(anchor, date), bankDaysLate: bankDaysBetween(anchor, date) };
    current.push({ tenancyId: a.tenancy_id, anchor, owed: a.owed, monthsOwed: facts.monthsOwed, ...lateness, priority: score, reasons });
    // A promise to pay holds escalation until one bank day after its date.
    if (paused.has(a.tenancy_id)) continue;
    const broken = brokenNow.has(a.tenancy_id);
    for (const step of routine.steps) {
      const schedule = scheduleStep(step.timing, anchor);
      if (scheduleStart(schedule) > date) continue;
      if (!conditionsHold(step.conditions, facts)) continue;
      items.push({
        tenancyId: a.tenancy_id,
        stepKey: step.key,
        anchor,
        action: step.action,
        actor: step.actor,
        dueOn: scheduleStart(schedule),
        windowEnd: scheduleEnd(schedule),
        owed: a.owed,
        monthsOwed: facts.monthsOwed,
        ...lateness,
        priority: score,
        reasons: broken ? [...reasons, 'broken_promise'] : reasons,
        brokenPromise: broken,
      });
    }
  }
  const resolvedItems = await dailyRunStore.refreshOpenItems(tx, landlordId, date, current);
  await dailyRunStore.upsertPromiseFollowUps(tx, landlordId, date, current.filter((c) => brokenToday.has(c.tenancyId)));
  const recoveredNotices = await markRecovered(tx, landlordId, date);
  let newItems = 0;
  for (let i = 0; i < items.length; i += 5000) newItems += await dailyRunStore.insertItems(tx, landlordId, date, items.slice(i, i + 5000));
  return { inArrears: arrears.length, newItems, resolvedItems, promisesKept, brokenPromises, recoveredNotices };
}

export async function hasRun(q: Queryable, date: IsoDate): Promise<boolean> {
  return jobRan(q, DAILY_JOB, date);
}

/** Dates this process has seen run, per database: a run is never undone, so the worklist asks once. */
const knownRuns = new WeakMap<Queryable, Set<IsoDate>>();

async function hasRunCached(db: Queryable, date: IsoDate): Promise<boolean> {
  const known = knownRuns.get(db) ?? new Set<IsoDate>();
  knownRuns.set(db, known);
  if (known.has(date)) return true;
  const run = await hasRun(db, date);
  if (run) known.add(date);
  return run;
}

/**
 * The date a user asks about: today (whose run happens now if the 06:00 job has not), or an earlier
 * day shown as it stands. A future date is not run from here: that would settle promises before
 * their time (an operator may run one with `bokvar run-daily --date`).
 */
export async function ensureDayRun(ctx: AppContext, requested: IsoDate | undefined): Promise<IsoDate> {
  const today = todayInStockholm(ctx.clock.now());
  const date = requested ?? today;
  if (!isIsoDate(date)) throw invalidField('date', `Ogiltigt datum "${date}" (ÅÅÅÅ-MM-DD)`);
  if (date > today && !(await hasRunCached(ctx.db, date))) throw invalidField('date', 'Datumet kan inte ligga i framtiden');
  if (date === today && !(await hasRunCached(ctx.db, date))) {
    try {
      await runDaily(ctx, date);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'later_run')) throw err;
    }
  }
  return date;
}

/** After a ledger import: today's list follows the new payments and charges at once (items are unique, so this is safe). */
export async function refreshToday(ctx: AppContext, landlordId: string): Promise<void> {
  const today = todayInStockholm(ctx.clock.now());
  if (!(await hasRun(ctx.db, today))) return;
  await ctx.db.transaction((tx) => runForLandlord(tx, landlordId, today));
}
