// The worklist (issue 1): whom to contact today under the landlord's routine, a page of households
// at a time, kept per version so the 300 late payers are read once; items marked done, and the
// collection file that sends the rest to collection.
import { type AuditEvent, recordAudit, recordReadIf } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, can, landlordScope } from '../access/policy.ts';
import type { IsoDate } from '../calendar/model.ts';
import type { AppContext } from '../platform/context.ts';
import type { Queryable } from '../platform/database.ts';
import { invalidField } from '../platform/errors.ts';
import {
  csvField,
  csvKronor,
  DEFAULT_ROUTINE,
  WORKLIST_PAGE,
} from './model.ts';
import { outreachStore } from './outreach-store.ts';
import { routineStore } from './routine-store.ts';
import { type WorklistKey, type WorklistRow, worklistStore } from './worklist-store.ts';
import type { z } from 'zod';
import { worklistPage as worklistPageAnswer } from './api.ts';
import { encodeAnswer } from '../platform/answer-contract.ts';
import { ensureDayRun } from './daily-run.ts';

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

/** The page as the contract declares it (api.ts), typed by it; encoded through it when built (platform/answer-contract.ts), since kept JSON is sent as it is. */
function worklistAnswer(date: IsoDate, page: Awaited<ReturnType<typeof worklistStore.worklistPage>>, ledger: boolean): z.output<typeof worklistPageAnswer> {
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
  if (kept && (await recordReadIf(ctx.db, actor, readEvent(kept), { sql: worklistStore.worklistVersionGuard, a: landlordId, b: String(known) }))) {
    keepPage(pages, keyOf(known!), kept);
    return kept.json;
  }

  return ctx.db.transaction(async (tx) => {
    const version = await worklistStore.worklistVersion(tx, landlordId);
    const key = keyOf(version);
    let page = pages.get(key);
    if (!page) {
      const built = await worklistStore.worklistPage(tx, landlordId, date, { area: opts.area, step: opts.step, limit, after });
      const answer = encodeAnswer(worklistPageAnswer, worklistAnswer(date, built, ledger), { strict: ctx.config.strictAnswers, where: 'the worklist' });
      page = { json: Buffer.from(JSON.stringify(answer)), tenancies: [...new Set(built.rows.map((i) => i.tenancy_id))] };
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
  const routine = (await routineStore.routine(ctx.db, landlordId)) ?? DEFAULT_ROUTINE;
  return {
    areas: await worklistStore.areas(ctx.db, landlordId),
    steps: routine.steps.map((s) => ({ key: s.key, label: s.label, action: s.action })),
  };
}

export async function markItemsDone(ctx: AppContext, actor: Actor, ids: number[]): Promise<number> {
  assertCan(actor, 'worklist.update');
  const landlordId = landlordScope(actor);
  return ctx.db.transaction(async (tx) => {
    const n = await worklistStore.markDone(tx, landlordId, ids, actor.userId);
    await recordAudit(tx, actor, { action: 'worklist.done', subjectType: 'worklist_item', details: { ids } });
    return n;
  });
}

/** The collection file (inkassofil) for a date as CSV; exporting marks its items done. */
export async function exportCollectionFile(ctx: AppContext, actor: Actor, date: IsoDate): Promise<string> {
  assertCan(actor, 'collection.export');
  const landlordId = landlordScope(actor);
  await ensureDayRun(ctx, date);
  return ctx.db.transaction(async (tx) => {
    // Tenants who promised to pay are not sent to collection while the promise holds.
    const paused = await outreachStore.pausedOn(tx, landlordId, date);
    const all = await worklistStore.collectionFileItems(tx, landlordId, date);
    const rows = all.filter((r) => !paused.has(r.tenancy_id));
    await worklistStore.markDone(tx, landlordId, rows.map((r) => r.id), actor.userId);
    await recordAudit(tx, actor, { action: 'collection.export', subjectType: 'collection_file', subjectId: date, details: { items: rows.map((r) => r.id) } });
    const lines = ['kontraktsnummer;personnummer;namn;adress;belopp;forfallodatum'];
    for (const r of rows)
      lines.push([r.contract_number, r.personnummer ?? '', r.name ?? '', r.address, csvKronor(r.amount_owed), r.anchor_due_date].map(csvField).join(';'));
    return lines.join('\r\n') + '\r\n';
  });
}
