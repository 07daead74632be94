// Transactions import through the real path (src/ledger/service.ts importLedgerFile, acting as the
// landlord's own system like `bokvar import`), from a CSV file on disk, against a plain COPY of the
// same rows into the same ledger_entries table on the same engine; and the peak memory of `bokvar import`
// run in its own process on the same file.
//
//   npx tsx bench/import.bench.ts
//
// Environment:
//   BOKVAR_BENCH_ENGINES             postgres,pglite (default both)
//   BOKVAR_BENCH_IMPORT_ROWS         rows in the PostgreSQL file, default 1000000 (also the memory figure)
//   BOKVAR_BENCH_PGLITE_IMPORT_ROWS  rows in the PGlite file, default 250000
//   BOKVAR_BENCH_PG_URL              a PostgreSQL server to create the databases on (else one is started)
//
// Each engine gets fresh databases with the same landlord and tenancies (bulk-loaded): one takes the
// import, one the COPY (and on PostgreSQL one the `bokvar import` process), so each writes into an empty
// ledger_entries with all its indexes and triggers. COPY on PostgreSQL is `psql \copy … FROM pstdin`
// (COPY … FROM STDIN over the wire, as the import itself sends its batches); on PGlite
// `COPY … FROM '/dev/blob'` with the file as the query's blob.

import fs from 'node:fs';
import path from 'node:path';
import { importLedgerFile } from '../src/ledger/service.ts';
import { benchContext, landlordActor, timingDb } from './context.ts';
import { LEDGER_COPY_COLUMNS, ledgerCopyCsv, transactionsCsv } from './csv.ts';
import { type Range, tenanciesForRows } from './data.ts';
import { type BenchDb, freshPglite, freshPostgres, postgresSettings, rawPglite, stopOwnServer, tempDir } from './databases.ts';
import { createBenchOrganisations, loadTenancies } from './loader.ts';
import { run, runMeasuringPeakRss, writeStream } from './processes.ts';
import { BENCH_DATE, envInt, envList, fmt, mb, progress, report, ROOT, say, timed } from './report.ts';

const BENCH = 'import';

interface Files {
  range: Range;
  rows: number;
  csv: string;
  csvBytes: number;
}

/** The transactions file for `rows` rows: one landlord, as many tenancies as that takes. */
async function transactionsFile(dir: string, rows: number): Promise<Files> {
  const tenancies = tenanciesForRows(rows, Number.MAX_SAFE_INTEGER, BENCH_DATE);
  const range: Range = { from: 1, to: tenancies, perLandlord: Number.MAX_SAFE_INTEGER, date: BENCH_DATE };
  const csv = path.join(dir, `transactions-${rows}.csv`);
  const { result: csvBytes, seconds } = await timed(() => writeStream(csv, transactionsCsv(range, rows)));
  progress(`wrote ${fmt(rows)} transaction rows for ${fmt(tenancies)} tenancies (${fmt(mb(csvBytes))} MB) in ${fmt(seconds)} s`);
  return { range, rows, csv, csvBytes };
}

/** A landlord with the file's tenancies, bulk-loaded. */
async function withTenancies(b: BenchDb, f: Files) {
  const world = await createBenchOrganisations(b.db, 1);
  await loadTenancies(b.db, world, f.range);
  await b.db.query('analyze tenancies');
  return world;
}

/**
 * A colleague working while the import runs (issue 12 §19): a short read of its own every 50 ms on the
 * same database, each timed from asking to answer.
 */
function colleague(b: BenchDb, landlordId: string) {
  const waits: number[] = [];
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      const t = performance.now();
      await b.db.query('select count(*)::int as n from tenancies where landlord_id = $1', [landlordId]);
      waits.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async end() {
      stop = true;
      await loop;
      const sorted = [...waits].sort((x, y) => x - y);
      return { reads: sorted.length, p99: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0, max: sorted.at(-1) ?? 0 };
    },
  };
}

async function measureImport(b: BenchDb, f: Files, label: string, target: number) {
  const world = await withTenancies(b, f);
  const timing = timingDb(b.db);
  const ctx = benchContext(timing.db);
  const actor = await landlordActor(b.db, world.landlordIds[0]!);
  const cpuBefore = process.cpuUsage();
  const other = colleague(b, world.landlordIds[0]!);
  const { result: rep, seconds } = await timed(() =>
    importLedgerFile(ctx, actor, { kind: 'transactions', data: fs.createReadStream(f.csv), fileName: path.basename(f.csv) }),
  );
  const waited = await other.end();
  report({
    bench: BENCH, name: `${label}: a colleague's read during the import, p99`, value: waited.p99, unit: 'ms', target: { op: '<=', value: 500 },
    note: `${fmt(waited.reads)} reads, the longest ${fmt(waited.max)} ms`,
  });
  const cpu = process.cpuUsage(cpuBefore);
  const nodeCpu = (cpu.user + cpu.system) / 1e6;
  if (rep.counts.inserted !== f.rows) throw new Error(`import wrote ${rep.counts.inserted} rows, expected ${f.rows}: ${JSON.stringify(rep.counts)}`);
  const rate = f.rows / seconds;
  say(
    `  import of ${fmt(f.rows)} rows: ${fmt(seconds)} s; Node busy ${fmt(nodeCpu)} s of it (reading, checking, sending rows); ` +
      `${fmt(timing.stats.statements)} SQL statements in flight for ${fmt(timing.stats.seconds)} s, ${fmt(timing.stats.copies)} of them COPYs for ${fmt(timing.stats.copySeconds)} s ` +
      `(the next batch is parsed meanwhile)`,
  );
  report({ bench: BENCH, name: `${label} import`, value: rate, unit: 'rows/s', target: { op: '>=', value: target }, note: `${fmt(f.rows)} rows in ${fmt(seconds)} s` });
  return rate;
}

/** `bokvar import` of the file in its own process, as a landlord runs it: its peak memory. */
async function measureCliMemory(b: BenchDb, f: Files) {
  const world = await withTenancies(b, f);
  const env = { ...process.env, DATABASE_URL: b.where };
  const args = [path.join(ROOT, 'bin', 'bokvar.mjs'), 'import', '--org', world.landlordIds[0]!, '--kind', 'transactions', f.csv];
  const { result: out, seconds } = await timed(() => runMeasuringPeakRss(process.execPath, args, env));
  if (out.code !== 0) throw new Error(`bokvar import failed (${out.code}): ${out.stderr}`);
  const [n] = await b.db.query<{ n: number }>('select count(*)::int as n from ledger_entries');
  if (n!.n !== f.rows) throw new Error(`bokvar import wrote ${n!.n} rows, expected ${f.rows}`);
  report({
    bench: BENCH, name: `peak memory of \`bokvar import\` of ${fmt(f.rows)} rows (PostgreSQL)`, value: out.peakMb, unit: 'MB', target: { op: '<', value: 500 },
    note: `the process's resident high-water mark (VmHWM); ${fmt(seconds)} s including start-up and the landlord's daily refresh`,
  });
}

async function postgres(dir: string) {
  const rows = envInt('BOKVAR_BENCH_IMPORT_ROWS', 1_000_000);
  say(`\n■ import into PostgreSQL: ${fmt(rows)} transaction rows`);
  const f = await transactionsFile(dir, rows);
  let importRate: number;
  const a = await freshPostgres('import');
  try {
    say(`  server: ${await postgresSettings(a.db)}`);
    importRate = await measureImport(a, f, 'PostgreSQL', 100_000);
  } finally {
    await a.close();
  }
  const m = await freshPostgres('memory');
  try {
    await measureCliMemory(m, f);
  } finally {
    await m.close();
  }
  const b = await freshPostgres('copy');
  try {
    const world = await withTenancies(b, f);
    const copyFile = path.join(dir, `copy-${rows}.csv`);
    await writeStream(copyFile, ledgerCopyCsv(f.range, world.landlordIds, rows));
    const psql = await run('psql', ['--version']).catch(() => null);
    if (psql?.code !== 0) {
      say('  COPY: psql not found; COPY from Node needs the pg-copy-streams package (not installed) — no ratio');
      return;
    }
    const { result: out, seconds } = await timed(() =>
      run('psql', ['-X', '-v', 'ON_ERROR_STOP=1', '-d', b.where, '-c', `\\copy ledger_entries ${LEDGER_COPY_COLUMNS} from pstdin with (format csv)`], { stdinFile: copyFile }),
    );
    if (out.code !== 0) throw new Error(`psql \\copy failed: ${out.stderr}`);
    const [n] = await b.db.query<{ n: number }>('select count(*)::int as n from ledger_entries');
    if (n!.n !== rows) throw new Error(`COPY wrote ${n!.n} rows, expected ${rows}`);
    const copyRate = rows / seconds;
    say(`  COPY of the same ${fmt(rows)} rows (psql \\copy … from pstdin): ${fmt(seconds)} s, ${fmt(copyRate)} rows/s`);
    report({ bench: BENCH, name: 'PostgreSQL import ÷ COPY', value: importRate / copyRate, unit: '×', target: { op: '>=', value: 0.5 }, note: `COPY ${fmt(copyRate)} rows/s` });
  } finally {
    await b.close();
  }
}

async function pglite(dir: string) {
  const rows = envInt('BOKVAR_BENCH_PGLITE_IMPORT_ROWS', 250_000);
  say(`\n■ import into PGlite (on disk, as \`npm start\`): ${fmt(rows)} transaction rows`);
  const f = await transactionsFile(dir, rows);
  let importRate: number;
  const a = await freshPglite('import');
  try {
    importRate = await measureImport(a, f, 'PGlite', 20_000);
  } finally {
    await a.close();
  }
  const b = await rawPglite('copy');
  try {
    const world = await withTenancies(b, f);
    const copyFile = path.join(dir, `copy-${rows}.csv`);
    await writeStream(copyFile, ledgerCopyCsv(f.range, world.landlordIds, rows));
    const blob = await fs.openAsBlob(copyFile);
    const { seconds } = await timed(() => b.raw.query(`copy ledger_entries ${LEDGER_COPY_COLUMNS} from '/dev/blob' with (format csv)`, [], { blob }));
    const [n] = await b.db.query<{ n: number }>('select count(*)::int as n from ledger_entries');
    if (n!.n !== rows) throw new Error(`COPY wrote ${n!.n} rows, expected ${rows}`);
    const copyRate = rows / seconds;
    say(`  COPY of the same ${fmt(rows)} rows (COPY … FROM '/dev/blob'): ${fmt(seconds)} s, ${fmt(copyRate)} rows/s`);
    report({ bench: BENCH, name: 'PGlite import ÷ COPY', value: importRate / copyRate, unit: '×', target: { op: '>=', value: 0.5 }, note: `COPY ${fmt(copyRate)} rows/s` });
  } finally {
    await b.close();
  }
}

const engines = envList('BOKVAR_BENCH_ENGINES', ['postgres', 'pglite']);
const dir = tempDir('import-files');
try {
  // PostgreSQL first: the memory figure is taken in a process that has not yet held a PGlite database.
  if (engines.includes('postgres')) await postgres(dir);
  if (engines.includes('pglite')) await pglite(dir);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
  await stopOwnServer();
}
