import { type AuditEvent, recordAudit, recordReadIf } from '../access/audit.ts';
import { type Actor, SYSTEM_ACTOR } from '../access/model.ts';
import { assertCan, assertOwnTenancyField, can, landlordScope } from '../access/policy.ts';
import { directory } from '../access/directory.ts';
import { bankDaysBetween, daysBetween, isIsoDate, type IsoDate, todayInStockholm } from '../calendar/model.ts';
import { ageOn } from '../ledger/personnummer.ts';
import { arrearsOn, fromLedgerRows, monthsOwed } from '../ledger/model.ts';
import { ledgerReads } from '../ledger/reads.ts';
import { arrearsSms } from '../messaging/model.ts';
import { deliverQueued, queueSms } from '../messaging/service.ts';
import type { AppContext } from '../platform/context.ts';
import type { Queryable } from '../platform/database.ts';
import { AppError, invalidField, notFound } from '../platform/errors.ts';
import { claimJobRun, finishJobRun, jobRan, jobRunResult } from '../platform/job-runs-store.ts';
import {
  conditionsHold,
  csvField,
  csvKronor,
  DEFAULT_ROUTINE,
  previewRoutine,
  priorityOf,
  promisePauseEnds,
  type Routine,
  ROUTINE_TEMPLATES,
  WORKLIST_PAGE,
  scheduleEnd,
  scheduleStart,
  scheduleStep,
  type TenancyFacts,
  validateRoutine,
} from './model.ts';
import { markRecovered } from './notices.ts';
import { type ArrearsRow, collectionStore, type WorklistKey, type WorklistRow } from './store.ts';
import type { z } from 'zod';
import type { worklistPage as worklistPageAnswer } from './api.ts';

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
    const latest = await collectionStore.latestRun(tx, DAILY_JOB);
    if (latest && latest > date) throw new AppError(409, 'later_run', `date: dagen ${latest} har redan körts; en tidigare dag kan inte köras`);
    // The aggregate is costed above PostgreSQL's JIT threshold, where compiling takes longer than running.
    if (ctx.db.engine === 'postgres') await tx.query('set local jit = off');
    const result = emptyResult(date);
    const changed = { recoveredNotices: [] as string[], brokenPromises: [] as string[] };
    // One pass over the whole ledger, then each landlord's routine over its own rows.
    const owing = new Map<string, ArrearsRow[]>();
    for (const row of await collectionStore.arrears(tx, null, date)) {
      const list = owing.get(row.landlord_id);
      if (list) list.push(row);
      else owing.set(row.landlord_id, [row]);
    }
    for (const landlordId of await collectionStore.landlordIds(tx)) {
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
  const routine = (await collectionStore.routine(tx, landlordId)) ?? DEFAULT_ROUTINE;
  let promisesKept = 0;
  const brokenToday = new Set<string>();
  const brokenPromises: string[] = [];
  // Promises whose pause has ended: kept if what was promised came in by then, else broken and listed again.
  for (const p of await collectionStore.duePromises(tx, landlordId)) {
    const pauseEnds = promisePauseEnds(p.promise_date);
    if (pauseEnds > date) continue;
    const paid = await collectionStore.paidBetween(tx, p.tenancy_id, p.contact_date, pauseEnds);
    const kept = paid >= p.promise_amount;
    await collectionStore.settlePromise(tx, p.id, kept ? 'kept' : 'broken');
    if (kept) promisesKept++;
    else {
      brokenToday.add(p.tenancy_id);
      brokenPromises.push(p.id);
      await collectionStore.markBrokenPromise(tx, p.tenancy_id);
    }
  }
  const brokenNow = await collectionStore.recentlyBrokenPromises(tx, landlordId, date);
  const paused = await collectionStore.pausedOn(tx, landlordId, date);
  const demands = await collectionStore.doneDemands(tx, landlordId);
  const arrears = inArrears ?? (await collectionStore.arrears(tx, landlordId, date));

  const items: Parameters<typeof collectionStore.insertItems>[3] = [];
  const current: Parameters<typeof collectionStore.refreshOpenItems>[3] = [];
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
  const resolvedItems = await collectionStore.refreshOpenItems(tx, landlordId, date, current);
  await collectionStore.upsertPromiseFollowUps(tx, landlordId, date, current.filter((c) => brokenToday.has(c.tenancyId)));
  const recoveredNotices = await markRecovered(tx, landlordId, date);
  let newItems = 0;
  for (let i = 0; i < items.length; i += 5000) newItems += await collectionStore.insertItems(tx, landlordId, date, items.slice(i, i + 5000));
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
async function ensureDayRun(ctx: AppContext, requested: IsoDate | undefined): Promise<IsoDate> {
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


/** The paging cursor a client passes back: the rank key of the last household on the page. */
function encodeCursor(key: WorklistKey): string {
  return [key.brokenPromise ? 1 : 0, key.priority, key.daysLate, key.itemId].join('.');
}

function decodeCursor(cursor: string): WorklistKey {
  const m = /^([01])\.(-?\d{1,9})\.(-?\d{1,9})\.(\d{1,15})$/.exec(cursor);
  if (!m) throw invalidField('after', `Ogiltig fortsättningsmarkör "${cursor.slice(0, 40)}"`);
  return { brokenPromise: m[1] === '1', priority: Number(m[2]), daysLate: Number(m[3]), itemId: Number(m[4]) };
}

/**
 * Worklist pages this server has built, as the JSON text of the answer, by landlord, version, date,
 * filters and position, least recently used first. Building a page walks every open item of the landlord
 * and the answer is some 60 kB of JSON; the version (migration 0008) moves on in the same transaction as
 * any change to what the list shows and is read before the page, so a kept page is never older than the
 * version it is kept under. Several servers each keep their own. The audit row is written for every read.
 */
interface BuiltPage {
  /** The answer as UTF-8 JSON, made once and sent as it is to every reader of the page. */
  json: Buffer;
  tenancies: string[];
}
const pagesByDb = new WeakMap<Queryable, Map<string, BuiltPage>>();
const BUILT_PAGES_KEPT = 200;

function builtPages(db: Queryable): Map<string, BuiltPage> {
  let pages = pagesByDb.get(db);
  if (!pages) pagesByDb.set(db, (pages = new Map()));
  return pages;
}

/** Keeps a page as the most recently used (a Map iterates oldest first), forgetting the least recently used beyond the limit. */
function keepPage(pages: Map<string, BuiltPage>, key: string, page: BuiltPage): void {
  pages.delete(key);
  pages.set(key, page);
  if (pages.size > BUILT_PAGES_KEPT) pages.delete(pages.keys().next().value!);
}

/** Per landlord, the worklist version this server last read: where a kept page is looked for first. */
const versionsByDb = new WeakMap<Queryable, Map<string, number>>();

function knownVersions(db: Queryable): Map<string, number> {
  let versions = versionsByDb.get(db);
  if (!versions) versionsByDb.set(db, (versions = new Map()));
  return versions;
}

/** The page as the contract declares it (api.ts): built to its type here, since kept JSON bypasses the serializer. */
function worklistAnswer(date: IsoDate, page: Awaited<ReturnType<typeof collectionStore.worklistPage>>, ledger: boolean): z.output<typeof worklistPageAnswer> {
  const households: (Omit<WorklistRow, WorklistItemField | 'amount_owed' | 'months_owed'> & {
    amount_owed: number | null;
    months_owed: number | null;
    items: (Pick<WorklistRow, WorklistItemField> & { overdue: boolean })[];
  })[] = [];
  for (const row of page.rows) {
    const { id, step_key, action, actor, anchor_due_date, due_on, window_end, first_listed_on, ...household } = row;
    const item = { id, step_key, action, actor, anchor_due_date, due_on, window_end, first_listed_on, overdue: (window_end ?? due_on) < date };
    const last = households.at(-1);
    if (last?.tenancy_id === row.tenancy_id) last.items.push(item);
    // Without ledger.read (caretakers) the list says whom to see, not what they owe (as tenancyDetail).
    else households.push({ ...household, ...(ledger ? {} : { amount_owed: null, months_owed: null }), items: [item] });
  }
  return { date, total: page.households, paused: page.paused, households, next: page.next ? encodeCursor(page.next) : null };
}

type WorklistItemField = 'id' | 'step_key' | 'action' | 'actor' | 'anchor_due_date' | 'due_on' | 'window_end' | 'first_listed_on';

/**
 * One page of the landlord's worklist for a date, highest priority first, by household, as UTF-8 JSON;
 * runs the daily run for that date first if needed. `next` continues the list (null on the last page).
 */
export async function worklist(
  ctx: AppContext,
  actor: Actor,
  opts: { date?: IsoDate; area?: string; step?: string; limit?: number; after?: string },
): Promise<Buffer> {
  assertCan(actor, 'worklist.read');
  const landlordId = landlordScope(actor);
  const limit = opts.limit ?? WORKLIST_PAGE.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > WORKLIST_PAGE.max) throw invalidField('limit', `1–${WORKLIST_PAGE.max} hushåll per sida`);
  const after = opts.after ? decodeCursor(opts.after) : undefined;
  const date = await ensureDayRun(ctx, opts.date);
  const ledger = can(actor, 'ledger.read');
  const keyOf = (version: number) => JSON.stringify([landlordId, version, ledger, date, opts.area ?? null, opts.step ?? null, limit, opts.after ?? null]);
  const readEvent = (page: BuiltPage): AuditEvent => ({
    action: 'worklist.read', subjectType: 'worklist', subjectId: date, reason: 'Kravrutin', details: { tenancies: page.tenancies },
  });
  const pages = builtPages(ctx.db);
  const versions = knownVersions(ctx.db);

  // The page kept for the version this server last saw, if the version still stands: the statement that
  // checks it also writes the audit row of the read (with those of other reads at the same moment).
  // Anything else goes the long way below.
  const known = versions.get(landlordId);
  const kept = known === undefined ? undefined : pages.get(keyOf(known));
  if (kept && (await recordReadIf(ctx.db, actor, readEvent(kept), { sql: collectionStore.worklistVersionGuard, a: landlordId, b: String(known) }))) {
    keepPage(pages, keyOf(known!), kept);
    return kept.json;
  }

  return ctx.db.transaction(async (tx) => {
    const version = await collectionStore.worklistVersion(tx, landlordId);
    const key = keyOf(version);
    let page = pages.get(key);
    if (!page) {
      const built = await collectionStore.worklistPage(tx, landlordId, date, { area: opts.area, step: opts.step, limit, after });
      page = { json: Buffer.from(JSON.stringify(worklistAnswer(date, built, ledger))), tenancies: [...new Set(built.rows.map((i) => i.tenancy_id))] };
    }
    keepPage(pages, key, page);
    versions.set(landlordId, version);
    await recordAudit(tx, actor, readEvent(page));
    return page.json;
  });
}

/** What the worklist can be filtered by: the landlord's areas and the steps of its routine. No personal data. */
export async function worklistFilters(ctx: AppContext, actor: Actor) {
  assertCan(actor, 'worklist.read');
  const landlordId = landlordScope(actor);
  const routine = (await collectionStore.routine(ctx.db, landlordId)) ?? DEFAULT_ROUTINE;
  return {
    areas: await collectionStore.areas(ctx.db, landlordId),
    steps: routine.steps.map((s) => ({ key: s.key, label: s.label, action: s.action })),
  };
}

export async function getRoutine(ctx: AppContext, actor: Actor): Promise<Routine & { isDefault: boolean }> {
  assertCan(actor, 'routine.read');
  const own = await collectionStore.routine(ctx.db, landlordScope(actor));
  return own ? { ...own, isDefault: false } : { ...DEFAULT_ROUTINE, isDefault: true };
}

export async function saveRoutine(ctx: AppContext, actor: Actor, routine: Routine): Promise<Routine> {
  assertCan(actor, 'routine.edit');
  const landlordId = landlordScope(actor);
  const problems = validateRoutine(routine);
  if (problems.length > 0)
    throw new AppError(400, 'invalid', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { fields: problems });
  await ctx.db.transaction(async (tx) => {
    await collectionStore.saveRoutine(tx, landlordId, routine, actor.userId);
    await recordAudit(tx, actor, { action: 'routine.update', subjectType: 'routine', subjectId: landlordId });
  });
  return routine;
}

export function routineTemplate(key: string): Routine {
  const t = ROUTINE_TEMPLATES[key];
  if (!t) throw invalidField('template', `Okänd mall "${key}" (${Object.keys(ROUTINE_TEMPLATES).join(', ')})`);
  return t;
}

export function preview(routine: Routine, dueMonth: string) {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(dueMonth)) throw invalidField('dueMonth', `Ogiltig månad "${dueMonth}" (ÅÅÅÅ-MM)`);
  const problems = validateRoutine(routine);
  if (problems.length > 0) throw new AppError(400, 'invalid', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { fields: problems });
  return previewRoutine(routine, dueMonth);
}

export async function markItemsDone(ctx: AppContext, actor: Actor, ids: number[]): Promise<number> {
  assertCan(actor, 'worklist.update');
  const landlordId = landlordScope(actor);
  return ctx.db.transaction(async (tx) => {
    const n = await collectionStore.markDone(tx, landlordId, ids, actor.userId);
    await recordAudit(tx, actor, { action: 'worklist.done', subjectType: 'worklist_item', details: { ids } });
    return n;
  });
}

export async function landlordContact(q: Queryable, landlordId: string) {
  const org = await directory.organisation(q, landlordId);
  return { name: org?.name ?? '', phone: org?.phone ?? null, email: org?.email ?? null };
}

export interface OutreachInput {
  tenancyId: string;
  worklistItemId?: number | null;
  kind: 'call' | 'sms' | 'letter' | 'visit';
  reached: boolean;
  contactDate?: IsoDate;
  partOfDay?: 'morning' | 'afternoon' | 'evening' | null;
  outcome?: 'promise_to_pay' | 'wants_payment_plan' | 'referred_to_social_services' | 'disputes_debt' | 'no_agreement' | null;
  promiseAmount?: number | null;
  promiseDate?: IsoDate | null;
  note?: string | null;
}

/** Logs a contact attempt; a promise to pay pauses escalation, and the worklist item it came from is done. */
export async function logOutreach(ctx: AppContext, actor: Actor, input: OutreachInput): Promise<{ id: string; pausedUntil: IsoDate | null }> {
  assertCan(actor, 'outreach.write');
  const landlordId = landlordScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  const contactDate = input.contactDate ?? today;
  if (!isIsoDate(contactDate)) throw invalidField('contactDate', 'Ogiltigt datum');
  if (contactDate > today) throw invalidField('contactDate', 'Kontakten kan inte ha skett i framtiden');
  const isPromise = input.outcome === 'promise_to_pay';
  if (input.outcome && !input.reached) throw invalidField('outcome', 'Ett utfall kräver att hyresgästen nåddes');
  if (isPromise) {
    if (!input.promiseAmount || input.promiseAmount <= 0) throw invalidField('promiseAmount', 'Ange det utlovade beloppet');
    if (!input.promiseDate || !isIsoDate(input.promiseDate)) throw invalidField('promiseDate', 'Ange det datum hyresgästen lovat att betala');
    if (input.promiseDate < contactDate) throw invalidField('promiseDate', 'Betalningsdagen kan inte ligga före kontakten');
  }
  return ctx.db.transaction(async (tx) => {
    const tenancy = await ledgerReads.tenancy(tx, input.tenancyId);
    assertOwnTenancyField(actor, tenancy, 'tenancyId');
    if (input.worklistItemId) {
      const [item] = await collectionStore.items(tx, landlordId, [input.worklistItemId]);
      if (!item || item.tenancy_id !== input.tenancyId) throw invalidField('worklistItemId', 'Uppgiften hör inte till detta hyresförhållande');
    }
    const id = await collectionStore.recordOutreach(tx, {
      landlordId, tenancyId: input.tenancyId, worklistItemId: input.worklistItemId ?? null, kind: input.kind, reached: input.reached, contactDate,
      partOfDay: input.partOfDay ?? null, outcome: input.outcome ?? null, promiseAmount: isPromise ? input.promiseAmount! : null,
      promiseDate: isPromise ? input.promiseDate! : null, note: input.note?.trim() || null, createdBy: actor.userId,
    });
    if (input.worklistItemId && input.reached) await collectionStore.markDone(tx, landlordId, [input.worklistItemId], actor.userId);
    await recordAudit(tx, actor, { action: 'outreach.create', subjectType: 'tenancy', subjectId: input.tenancyId, details: { outreach: id, kind: input.kind } });
    return { id, pausedUntil: isPromise ? promisePauseEnds(input.promiseDate!) : null };
  });
}

export async function outreachOf(ctx: AppContext, actor: Actor, tenancyId: string) {
  assertCan(actor, 'tenancy.read');
  const landlordId = landlordScope(actor);
  // Caretakers see that contact was made, not what was said or promised.
  const full = can(actor, 'ledger.read');
  return ctx.db.transaction(async (tx) => {
    // Another landlord's tenancy is not found, like one that does not exist (not an empty log).
    if ((await ledgerReads.tenancy(tx, tenancyId))?.landlord_id !== landlordId) throw notFound('Hyresavtalet finns inte');
    await recordAudit(tx, actor, { action: 'outreach.read', subjectType: 'tenancy', subjectId: tenancyId, reason: 'Kontaktlogg' });
    const rows = await collectionStore.outreachOf(tx, landlordId, tenancyId);
    return full ? rows : rows.map((r) => ({ ...r, outcome: null, promise_amount: null, promise_date: null, promise_status: null, note: null }));
  });
}

/** The collection file (inkassofil) for a date as CSV; exporting marks its items done. */
export async function exportCollectionFile(ctx: AppContext, actor: Actor, date: IsoDate): Promise<string> {
  assertCan(actor, 'collection.export');
  const landlordId = landlordScope(actor);
  await ensureDayRun(ctx, date);
  return ctx.db.transaction(async (tx) => {
    // Tenants who promised to pay are not sent to collection while the promise holds.
    const paused = await collectionStore.pausedOn(tx, landlordId, date);
    const all = await collectionStore.collectionFileItems(tx, landlordId, date);
    const rows = all.filter((r) => !paused.has(r.tenancy_id));
    await collectionStore.markDone(tx, landlordId, rows.map((r) => r.id), actor.userId);
    await recordAudit(tx, actor, { action: 'collection.export', subjectType: 'collection_file', subjectId: date, details: { items: rows.map((r) => r.id) } });
    const lines = ['kontraktsnummer;personnummer;namn;adress;belopp;forfallodatum'];
    for (const r of rows)
      lines.push([r.contract_number, r.personnummer ?? '', r.name ?? '', r.address, csvKronor(r.amount_owed), r.anchor_due_date].map(csvField).join(';'));
    return lines.join('\r\n') + '\r\n';
  });
}

export interface BulkSmsResult {
  queued: number;
  alreadySent: number;
  withoutPhone: number;
  notOwing: number;
  sent: number;
  failed: number;
}

/**
 * The arrears reminder SMS to the tenants of selected worklist items. Only open items of households
 * that still owe and have no promise holding; at most one reminder per household a day, whatever the
 * selection or retries (the outbox key is the household and the day).
 */
export async function sendArrearsSms(ctx: AppContext, actor: Actor, input: { itemIds: number[]; idempotencyKey: string }): Promise<BulkSmsResult> {
  assertCan(actor, 'sms.send');
  const landlordId = landlordScope(actor);
  if (!/^[A-Za-z0-9_-]{8,100}$/.test(input.idempotencyKey)) throw invalidField('idempotencyKey', '8–100 tecken: bokstäver, siffror, - och _');
  if (input.itemIds.length === 0) throw invalidField('itemIds', 'Välj minst en rad');
  const today = todayInStockholm(ctx.clock.now());
  const result: BulkSmsResult = { queued: 0, alreadySent: 0, withoutPhone: 0, notOwing: 0, sent: 0, failed: 0 };
  await ctx.db.transaction(async (tx) => {
    const landlord = await directory.organisation(tx, landlordId);
    const paused = await collectionStore.pausedOn(tx, landlordId, today);
    const rows = await collectionStore.smsRecipients(tx, landlordId, input.itemIds);
    for (const r of rows) {
      const entries = await ledgerReads.entries(tx, r.tenancy_id);
      const owed = arrearsOn(fromLedgerRows(entries), 0, today).owed;
      if (owed <= 0 || paused.has(r.tenancy_id)) {
        result.notOwing++;
        continue;
      }
      if (!r.phone) {
        result.withoutPhone++;
        continue;
      }
      // Only the tenant's own address and the landlord's number: nothing another person could misuse.
      const body = arrearsSms({ landlordName: landlord!.name, landlordPhone: landlord!.phone, address: r.address });
      const queued = await queueSms(tx, { landlordId, tenancyId: r.tenancy_id, key: `arrears:${today}:${r.tenancy_id}`, to: r.phone, body, userId: actor.userId });
      if (!queued) {
        result.alreadySent++;
        continue;
      }
      result.queued++;
      await collectionStore.insertOutreach(tx, { landlordId, tenancyId: r.tenancy_id, kind: 'sms', reached: false, contactDate: today, note: 'Påminnelse-sms', userId: actor.userId });
    }
    await recordAudit(tx, actor, { action: 'sms.queue', subjectType: 'worklist', details: { items: input.itemIds, queued: result.queued, key: input.idempotencyKey } });
  });
  const delivered = await deliverQueued(ctx, landlordId);
  result.sent = delivered.sent;
  result.failed = delivered.failed;
  return result;
}
