import { createHash } from 'node:crypto';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, assertSeesLandlordRow, can, landlordScope } from '../access/policy.ts';
import { directory } from '../access/directory.ts';
import { addDays } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import type { AppContext } from '../platform/context.ts';
import type { Queryable } from '../platform/database.ts';
import { AppError } from '../platform/errors.ts';
import { type ImportKind, parseTenancies, parseTransactionBatches, type TenancyRow } from './csv.ts';
import type { ImportProblem } from './csv-rows.ts';
import { type Arrears, arrearsOn, fromLedgerRows } from './model.ts';
import { ledgerStore, type NewTenancy, type TenantRecord } from './store.ts';

/** At most this many problems are listed in a report; all are counted. */
const MAX_REPORTED_PROBLEMS = 1000;
const BATCH = 20_000;

export interface ImportReport {
  importId: string;
  kind: ImportKind;
  accepted: boolean;
  counts: Record<string, number>;
  problems: ImportProblem[];
  problemCount: number;
}

/** Thrown (HTTP 422) when any row is rejected: nothing was written. */
export class ImportRejected extends AppError {
  constructor(readonly report: ImportReport) {
    super(422, 'import_rejected', `Filen innehåller ${report.problemCount} fel och har inte lästs in. Rätta raderna och läs in filen igen.`, report);
  }
}

/** Passes the bytes through while hashing them, so a re-sent file can be recognised. */
async function* hashing(input: AsyncIterable<Uint8Array>, hash: ReturnType<typeof createHash>): AsyncGenerator<Uint8Array> {
  for await (const chunk of input) {
    hash.update(chunk);
    yield chunk;
  }
}

async function* asStream(input: AsyncIterable<Uint8Array> | Uint8Array | string): AsyncGenerator<Uint8Array> {
  if (typeof input === 'string') yield new TextEncoder().encode(input);
  else if (input instanceof Uint8Array) yield input;
  else yield* input;
}

/**
 * Imports a landlord's tenancies or transactions file. Every row is checked; if any is rejected the
 * whole file is rolled back and the report lists line, column, value and reason. Rows with a known
 * reference are left as they are, so sending the same file twice is harmless.
 */
export async function importLedgerFile(
  ctx: AppContext,
  actor: Actor,
  input: { kind: ImportKind; data: AsyncIterable<Uint8Array> | Uint8Array | string; fileName?: string | null },
): Promise<ImportReport> {
  assertCan(actor, 'ledger.import');
  const landlordId = landlordScope(actor);
  const hash = createHash('sha256');
  const stream = hashing(asStream(input.data), hash);
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  const addProblem = (p: ImportProblem) => {
    problemCount++;
    if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(p);
  };
  const today = todayInStockholm(ctx.clock.now());
  let counts: Record<string, number> = {};

  const writeAll = () =>
    ctx.db.transaction(async (tx) => {
      counts =
        input.kind === 'transactions'
          ? await importTransactions(tx, landlordId, stream, addProblem)
          : await importTenancies(tx, landlordId, stream, today, addProblem);
      if (problemCount > 0) throw new RollBack();
      const importId = await ledgerStore.insertImport(tx, {
        landlordId, kind: input.kind, sha256: hash.digest('hex'), fileName: input.fileName ?? null, accepted: true, counts, problems: [], userId: actor.userId,
      });
      await recordAudit(tx, actor, { action: 'ledger.import', subjectType: 'import', subjectId: importId, details: { kind: input.kind, ...counts } });
      return importId;
    });
  try {
    const importId = await writeAll();
    return { importId, kind: input.kind, accepted: true, counts, problems: [], problemCount: 0 };
  } catch (err) {
    if (!(err instanceof RollBack)) throw err;
  }
  // Rejected: the rows were rolled back; the report itself is kept so the landlord can find it again.
  const importId = await ctx.db.transaction(async (tx) => {
    const id = await ledgerStore.insertImport(tx, {
      landlordId, kind: input.kind, sha256: hash.digest('hex'), fileName: input.fileName ?? null, accepted: false, counts, problems, userId: actor.userId,
    });
    await recordAudit(tx, actor, { action: 'ledger.import_rejected', subjectType: 'import', subjectId: id, details: { kind: input.kind, problemCount } });
    return id;
  });
  throw new ImportRejected({ importId, kind: input.kind, accepted: false, counts, problems, problemCount });
}

class RollBack extends Error {}

async function importTransactions(
  tx: Queryable,
  landlordId: string,
  stream: AsyncIterable<Uint8Array>,
  addProblem: (p: ImportProblem) => void,
): Promise<Record<string, number>> {
  const contracts = await ledgerStore.contractIds(tx, landlordId);
  let rows = 0;
  let inserted = 0;
  let batch = ledgerStore.newEntryBatch();
  let failed = false;
  // One batch is written while the next is parsed, so the database and Node work at the same time.
  let writing: Promise<number> = Promise.resolve(0);
  const write = async () => {
    const full = batch;
    batch = ledgerStore.newEntryBatch();
    inserted += await writing;
    writing = ledgerStore.insertEntries(tx, full);
    writing.catch(() => undefined); // awaited with the next batch or at the end, never left unhandled
  };
  try {
    for await (const items of parseTransactionBatches(stream)) {
      for (const item of items) {
        if ('problem' in item) {
          addProblem(item.problem);
          failed = true;
          continue;
        }
        rows++;
        const r = item.row;
        const tenancyId = contracts.get(r.contractNumber);
        if (!tenancyId) {
          addProblem({ line: r.line, column: 'kontraktsnummer', value: r.contractNumber, reason: 'Okänt kontraktsnummer – läs in hyresavtalen först' });
          failed = true;
          continue;
        }
        // Once a row is rejected nothing will be written: keep validating, stop inserting.
        if (failed) continue;
        batch.add(landlordId, { tenancyId, kind: r.kind, bookedOn: r.bookedOn, dueDate: r.dueDate, amount: r.amount, reference: r.reference });
        if (batch.size >= BATCH) await write();
      }
    }
    if (!failed) await write();
    inserted += await writing;
  } catch (err) {
    // The transaction is rolled back after this; let the batch in flight finish first.
    await writing.catch(() => undefined);
    throw err;
  }
  return { rows, inserted, alreadyImported: rows - inserted };
}

async function importTenancies(
  tx: Queryable,
  landlordId: string,
  stream: AsyncIterable<Uint8Array>,
  today: string,
  addProblem: (p: ImportProblem) => void,
): Promise<Record<string, number>> {
  const landlord = await directory.organisation(tx, landlordId);
  const municipality = landlord?.municipality_id ? await directory.organisation(tx, landlord.municipality_id) : undefined;
  const defaultCode = municipality?.municipality_code ?? null;
  // Rows sharing a kontraktsnummer are co-tenants of one tenancy; the parser has checked they agree.
  const byContract = new Map<string, TenancyRow[]>();
  let rows = 0;
  let rejected = false;
  for await (const item of parseTenancies(stream, { referenceDate: today })) {
    if ('problem' in item) {
      addProblem(item.problem);
      rejected = true;
      continue;
    }
    rows++;
    const r = item.row;
    if (!r.municipalityCode && !defaultCode) {
      addProblem({ line: r.line, column: 'kommunkod', value: null, reason: 'Kommunkod saknas och hyresvärden har ingen kommun angiven' });
      rejected = true;
      continue;
    }
    const list = byContract.get(r.contractNumber);
    if (list) list.push(r);
    else byContract.set(r.contractNumber, [r]);
  }
  const counts = { rows, tenancies: byContract.size, created: 0, updated: 0, unchanged: 0, closed: 0 };
  // A rejected row means nothing is written: the report is all the landlord gets.
  if (rejected) return counts;
  for (const [contractNumber, list] of byContract) {
    const first = list[0]!;
    const t: NewTenancy = {
      contractNumber,
      objectNumber: first.objectNumber,
      address: first.address,
      postalCode: first.postalCode,
      city: first.city,
      municipalityCode: first.municipalityCode ?? defaultCode!,
      area: first.area,
      adults: first.adults,
      children: first.children,
      monthlyRent: first.monthlyRent,
      startDate: first.startDate,
      endDate: first.endDate,
      lettingForm: first.lettingForm,
      tenants: list.map((r) => ({ personnummer: r.personnummer, name: r.name, phone: r.phone, email: r.email })),
    };
    const outcome = await ledgerStore.upsertTenancy(tx, landlordId, t);
    counts[outcome]++;
    if (t.endDate && t.endDate <= today) counts.closed++;
  }
  return counts;
}

/**
 * One tenancy with its tenants, ledger and arrears today, for the landlord's officer. Staff without
 * `ledger.read` (caretakers) get the same shape without what they have no need of: no personnummer or
 * e-mail of the tenants (null), no ledger entries ([]) and no arrears (null).
 */
export async function tenancyDetail(ctx: AppContext, actor: Actor, tenancyId: string) {
  assertCan(actor, 'tenancy.read');
  const ledger = can(actor, 'ledger.read');
  return ctx.db.transaction(async (tx) => {
    const tenancy = await ledgerStore.tenancy(tx, tenancyId);
    assertSeesLandlordRow(actor, tenancy?.landlord_id);
    const today = todayInStockholm(ctx.clock.now());
    const stored = await ledgerStore.tenants(tx, tenancyId);
    const tenants: TenantView[] = ledger ? stored : stored.map((t) => ({ ...t, personnummer: null, email: null }));
    // Without ledger.read the entries are not even read.
    const entries: LedgerEntryRow[] = ledger ? await ledgerStore.entries(tx, tenancyId) : [];
    const arrears: Arrears | null = ledger
      ? arrearsOn(
          fromLedgerRows(entries),
          tenancy!.monthly_rent,
          today,
        )
      : null;
    await recordAudit(tx, actor, {
      action: 'tenancy.read',
      subjectType: 'tenancy',
      subjectId: tenancyId,
      reason: 'Hyresärende',
      details: ledger ? null : { ledger: false },
    });
    return { tenancy: tenancy!, tenants, entries, arrears, today };
  });
}

/** A tenant as shown: personnummer and e-mail are null for staff without `ledger.read`. */
type TenantView = Omit<TenantRecord, 'personnummer' | 'email'> & { personnummer: string | null; email: string | null };
type LedgerEntryRow = Awaited<ReturnType<typeof ledgerStore.entries>>[number];

export async function searchTenancies(ctx: AppContext, actor: Actor, text: string) {
  assertCan(actor, 'tenancy.read');
  const landlordId = landlordScope(actor);
  return ctx.db.transaction(async (tx) => {
    const rows = await ledgerStore.searchTenancies(tx, landlordId, text.trim(), 50);
    await recordAudit(tx, actor, { action: 'tenancy.search', subjectType: 'tenancy', reason: 'Sökning', details: { ids: rows.map((r) => r.id) } });
    return rows;
  });
}

export async function recentImports(ctx: AppContext, actor: Actor) {
  assertCan(actor, 'ledger.import');
  const landlordId = landlordScope(actor);
  return ctx.db.transaction(async (tx) => {
    const rows = await ledgerStore.imports(tx, landlordId);
    // An import's report names lines, columns and values of the ledger: its read is logged (issue 12 §15).
    await recordAudit(tx, actor, { action: 'import.list', subjectType: 'import', reason: 'Inläsningar', details: { imports: rows.map((r) => r.id) } });
    return rows;
  });
}

/**
 * The tenancy a concern or a notice from Kronofogden is about, when a landlord in Bokvar has it: the one
 * running on `day`, matched by contract number, or by address, within the municipality. Used to route
 * to the city area and to find the landlord; never shown to the reporter.
 */
export async function tenancyForConcern(q: Queryable, municipalityCode: string, contractNumber: string | null, address: string, day: string) {
  return ledgerStore.tenancyAt(q, municipalityCode, contractNumber, address, day);
}

/** The tenants of a tenancy, for the household of a social-services case opened about it. */
export async function tenantsForCase(q: Queryable, tenancyId: string) {
  return ledgerStore.tenants(q, tenancyId);
}

/** What each tenancy owed at the end of each date (for checking payment plans against the ledger). */
/**
 * The due dates from `from` to `to` whose rent was still owed `graceDays` later: rent paid late (a
 * contract's review on the housing ladder, issue 4 §4). Due dates whose grace has not yet passed are left out.
 */
export async function lateRentDueDates(q: Queryable, tenancyId: string, from: string, to: string, graceDays: number): Promise<string[]> {
  const due = await ledgerStore.chargeDueDates(q, tenancyId, from, addDays(to, -graceDays));
  if (due.length === 0) return [];
  const owed = await ledgerStore.owedOn(q, due.map((d) => ({ tenancyId, date: addDays(d, graceDays) })));
  return due.filter((_, i) => owed[i]! > 0);
}

export async function owedOn(q: Queryable, pairs: { tenancyId: string; date: string }[]): Promise<number[]> {
  return ledgerStore.owedOn(q, pairs);
}

/** How many children the lease says live in the home (the landlord's file), if it says. */
export async function childrenOnLease(q: Queryable, tenancyId: string): Promise<number | null> {
  return (await ledgerStore.tenancy(q, tenancyId))?.children ?? null;
}

/**
 * What a landlord's early referral carries (issue 3 §1): the tenancy, its tenants and its arrears
 * today. The caller checks that the actor is the tenancy's landlord and writes the audit row.
 */
export async function tenancyForReferral(q: Queryable, tenancyId: string, today: string) {
  const tenancy = await ledgerStore.tenancy(q, tenancyId);
  if (!tenancy) return undefined;
  const tenants = await ledgerStore.tenants(q, tenancyId);
  const arrears = arrearsOn(fromLedgerRows(await ledgerStore.entries(q, tenancyId)), tenancy.monthly_rent, today);
  return { tenancy, tenants, arrears };
}

/** What is still unpaid of each due date's rent on `date` (payments settle the oldest first): a rent guarantee claim's check. */
export async function unpaidByDueDate(q: Queryable, tenancyId: string, date: string): Promise<Map<string, number> | null> {
  const found = await tenancyForReferral(q, tenancyId, date);
  return found ? new Map(found.arrears.unpaidCharges.map((c) => [c.dueDate, c.unpaid])) : null;
}

/** What a tenancy owes today and since when, for social services' case (where they may see the ledger). */
export async function arrearsForCase(q: Queryable, tenancyId: string, today: string): Promise<{ owed: number; oldestUnpaidDueDate: string | null } | null> {
  const found = await tenancyForReferral(q, tenancyId, today);
  return found ? { owed: Math.max(0, found.arrears.owed), oldestUnpaidDueDate: found.arrears.oldestUnpaidDueDate } : null;
}
