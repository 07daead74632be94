// Shared by the benches: environment knobs, databases (PGlite folders, databases on a PostgreSQL
// server), the application context, timing, memory sampling and the result lines scripts/bench.mjs reads.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Actor, tokenPermissions } from '../src/access/model.ts';
import { accessStore } from '../src/access/store.ts';
import { sinkProvider } from '../src/messaging/providers.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { AppContext } from '../src/platform/context.ts';
import { type Database, LOCK_FILE, openPglite, openPostgres, pgliteDatabase, type Queryable } from '../src/platform/database.ts';
import { migrate } from '../src/platform/migrate.ts';
import { type LoadOptions, type LoadResult, loadBenchDatabase } from './generate.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------------
// Environment

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name]?.replace(/[_\s]/g, '');
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}: a positive whole number, not "${process.env[name]}"`);
  return n;
}

export function envList(name: string, fallback: string[]): string[] {
  const raw = process.env[name]?.trim();
  return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : fallback;
}

/** The day the benches run the daily run for (a Wednesday, 21 days after January's rent was due). */
export const BENCH_DATE = process.env.BOKVAR_BENCH_DATE ?? '2027-01-20';
/** Tenancies per landlord: a large municipal housing company has about 25 000 homes. */
export const PER_LANDLORD = envInt('BOKVAR_BENCH_PER_LANDLORD', 25_000);

export function say(msg: string): void {
  process.stdout.write(`${msg}\n`);
}

export function progress(msg: string): void {
  process.stderr.write(`  … ${msg}\n`);
}

// ---------------------------------------------------------------------------------------------------
// Results: a human line, and a machine line that scripts/bench.mjs collects into its table.

export interface Figure {
  bench: string;
  name: string;
  value: number;
  unit: string;
  /** e.g. { op: '>=', value: 100000 }; none for figures that are only informative. */
  target?: { op: '>=' | '<=' | '<'; value: number };
  /** A target that applies to another size than this run's, shown without a verdict. */
  targetElsewhere?: string;
  note?: string;
}

export function report(f: Figure): void {
  const target = f.target ? `  (target ${f.target.op} ${fmt(f.target.value)} ${f.unit}: ${met(f) ? 'met' : 'NOT met'})` : '';
  say(`  ${f.name}: ${fmt(f.value)} ${f.unit}${target}${f.note ? `  — ${f.note}` : ''}`);
  say(`@@bench ${JSON.stringify(f)}`);
}

export function met(f: Figure): boolean {
  if (!f.target) return true;
  if (f.target.op === '>=') return f.value >= f.target.value;
  if (f.target.op === '<=') return f.value <= f.target.value;
  return f.value < f.target.value;
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100 || Number.isInteger(n)) return Math.round(n).toLocaleString('sv-SE');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const t0 = performance.now();
  const result = await fn();
  return { result, seconds: (performance.now() - t0) / 1000 };
}

export const mb = (bytes: number) => bytes / 2 ** 20;

// ---------------------------------------------------------------------------------------------------
// Application context

export function benchContext(db: Database, date = BENCH_DATE): AppContext {
  return {
    db,
    clock: fixedClock(`${date}T06:00:00+01:00`),
    sms: sinkProvider(db),
    config: { ...loadConfig({}), databaseUrl: null, jobs: false, auditAnchor: { file: null, key: null } },
  };
}

/**
 * The same database, counting the time spent waiting for SQL statements (the import awaits each batch
 * before it parses the next, so the rest of its time is reading, parsing and checking the file).
 */
export function timingDb(db: Database): { db: Database; stats: { statements: number; seconds: number; copies: number; copySeconds: number } } {
  const stats = { statements: 0, seconds: 0, copies: 0, copySeconds: 0 };
  const timed = async <T>(p: () => Promise<T>, copy: boolean): Promise<T> => {
    const t0 = performance.now();
    try {
      return await p();
    } finally {
      const seconds = (performance.now() - t0) / 1000;
      stats.statements++;
      stats.seconds += seconds;
      if (copy) {
        stats.copies++;
        stats.copySeconds += seconds;
      }
    }
  };
  const wrap = (q: Queryable): Queryable => ({
    query: <T>(sql: string, params?: unknown[], opts?: { prepared?: boolean }) => timed(() => q.query<T>(sql, params, opts), false),
    copyRows: (table, columns, rows) => timed(() => q.copyRows(table, columns, rows), true),
  });
  const wrapped: Database = {
    engine: db.engine,
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
  };
  return { db: wrapped, stats };
}

export interface StatementStat {
  sql: string;
  count: number;
  seconds: number;
  rows: number;
  /** The slowest execution, to EXPLAIN it afterwards. */
  slowest: { seconds: number; params: unknown[] | undefined };
}

/** The same database, with the time of every statement kept per statement text (a pure pass-through). */
export function statementStats(db: Database): { db: Database; stats: Map<string, StatementStat>; reset(): void } {
  const stats = new Map<string, StatementStat>();
  const wrap = (q: Queryable): Queryable => ({
    query: async <T>(sql: string, params?: unknown[], opts?: { prepared?: boolean }) => {
      const t0 = performance.now();
      const rows = await q.query<T>(sql, params, opts);
      const seconds = (performance.now() - t0) / 1000;
      let s = stats.get(sql);
      if (!s) stats.set(sql, (s = { sql, count: 0, seconds: 0, rows: 0, slowest: { seconds: 0, params: undefined } }));
      s.count++;
      s.seconds += seconds;
      s.rows += rows.length;
      if (seconds > s.slowest.seconds) s.slowest = { seconds, params };
      return rows;
    },
    copyRows: (table, columns, rows) => q.copyRows(table, columns, rows), // not counted: only the import copies
  });
  const wrapped: Database = {
    engine: db.engine,
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
  };
  return { db: wrapped, stats, reset: () => stats.clear() };
}

/** The statements that took most of the time, one line each. */
export function topStatements(stats: Map<string, StatementStat>, n = 6): string[] {
  const total = [...stats.values()].reduce((a, s) => a + s.seconds, 0);
  return [...stats.values()]
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, n)
    .map((s) => `${fmt(s.seconds).padStart(6)} s ${String(Math.round((100 * s.seconds) / (total || 1))).padStart(3)} % ×${String(s.count).padEnd(6)} ${s.sql.replace(/\s+/g, ' ').trim().slice(0, 110)}`);
}

/** The landlord's own system, as `bokvar import` acts (src/cli/commands.ts). */
export async function landlordActor(db: Database, orgId: string): Promise<Actor> {
  const org = await accessStore.organisation(db, orgId);
  if (org?.kind !== 'landlord') throw new Error(`no landlord ${orgId}`);
  return {
    kind: 'system', userId: null, tokenId: null, orgId: org.id, orgKind: 'landlord', orgName: org.name, role: null, name: 'bokvar import',
    permissions: tokenPermissions('landlord'),
  };
}

// ---------------------------------------------------------------------------------------------------
// PostgreSQL: a server from scripts/bench.mjs (BOKVAR_BENCH_PG_URL), or one started here.

let ownServer: { url: string; stop(): Promise<void> } | null = null;

export async function postgresServerUrl(): Promise<string> {
  const given = process.env.BOKVAR_BENCH_PG_URL?.trim();
  if (given) return given;
  if (!ownServer) {
    progress('starting a throwaway PostgreSQL (scripts/postgres.mjs)');
    const modulePath: string = path.join(ROOT, 'scripts', 'postgres.mjs');
    const { startPostgres } = (await import(modulePath)) as { startPostgres(): Promise<{ url: string; stop(): Promise<void> }> };
    ownServer = await startPostgres();
  }
  return ownServer.url;
}

export async function stopOwnServer(): Promise<void> {
  if (ownServer) await ownServer.stop();
  ownServer = null;
}

export interface BenchDb {
  db: Database;
  engine: 'pglite' | 'postgres';
  /** postgres: URL of the database; pglite: its folder. */
  where: string;
  close(): Promise<void>;
}

/** A fresh, migrated database on the bench PostgreSQL server; closing drops it. */
export async function freshPostgres(label: string): Promise<BenchDb> {
  const server = await postgresServerUrl();
  const name = `bokvar_bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString());
  await migrate(db);
  return {
    db, engine: 'postgres', where: url.toString(),
    close: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: server });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** Settings of the server that matter for the figures, for the output. */
export async function postgresSettings(db: Database): Promise<string> {
  const rows = await db.query<{ name: string; setting: string; unit: string | null }>(
    `select name, setting, unit from pg_settings where name in ('server_version', 'shared_buffers', 'work_mem', 'maintenance_work_mem', 'fsync', 'synchronous_commit', 'max_parallel_workers_per_gather', 'jit')`,
  );
  return rows.map((r) => `${r.name}=${r.setting}${r.unit ?? ''}`).join(' ');
}

// ---------------------------------------------------------------------------------------------------
// PGlite folders. The large bench databases take a while to build, so a built one is kept in a cache
// folder (BOKVAR_BENCH_CACHE, default <tmp>/bokvar-bench-cache) and each bench works on a copy.

/** Bump when the generator changes what it writes, so old cached databases are not reused. */
const GENERATOR_VERSION = 2;

/** The newest migration is part of the cache key too: a cached database is never older than the schema. */
function latestMigration(): string {
  return fs.readdirSync(path.join(ROOT, 'migrations')).filter((f) => f.endsWith('.sql')).sort().at(-1)!.slice(0, 4);
}

export const CACHE_DIR = process.env.BOKVAR_BENCH_CACHE ?? path.join(os.tmpdir(), 'bokvar-bench-cache');

export function tempDir(label: string): string {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  return fs.mkdtempSync(path.join(CACHE_DIR, `work-${label}-`));
}

/** A fresh, migrated PGlite database in a new folder (on disk, like `npm start`); closing removes it. */
export async function freshPglite(label: string): Promise<BenchDb> {
  const dir = tempDir(label);
  const db = await openPglite(dir);
  await migrate(db);
  return {
    db, engine: 'pglite', where: dir,
    close: async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A raw PGlite on a fresh folder, opened with the same options as src/platform/database.ts openPglite,
 * for what the adapter does not offer (COPY … FROM '/dev/blob'); `db` wraps it for the services.
 */
export async function rawPglite(label: string): Promise<BenchDb & { raw: PGlite }> {
  const dir = tempDir(label);
  const raw = await PGlite.create(dir, { parsers: { 1082: (v: string) => v, 20: (v: string) => Number(v), 1700: (v: string) => Number(v) } });
  const db = pgliteDatabase(raw);
  await migrate(db);
  return {
    db, raw, engine: 'pglite', where: dir,
    close: async () => {
      await raw.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function dirSizeMb(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += fs.statSync(path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).size;
  }
  return mb(total);
}

/**
 * A PGlite bench database built by the loader, from the cache when it has one for these options;
 * the bench gets its own copy, removed on close.
 */
export async function preparedPglite(label: string, o: LoadOptions): Promise<BenchDb & { load: LoadResult | null; sizeMb: number }> {
  const key = `pglite-${o.tenancies}-${o.perLandlord}-${o.date}-v${GENERATOR_VERSION}-m${latestMigration()}`;
  const base = path.join(CACHE_DIR, key);
  let load: LoadResult | null = null;
  if (!fs.existsSync(path.join(base, '.complete')) || process.env.BOKVAR_BENCH_REBUILD === '1') {
    fs.rmSync(base, { recursive: true, force: true });
    fs.mkdirSync(base, { recursive: true });
    progress(`building the ${o.tenancies.toLocaleString('sv-SE')}-tenancy PGlite database in ${base}`);
    const db = await openPglite(base);
    await migrate(db);
    load = await loadBenchDatabase(db, { ...o, progress: o.progress ?? progress });
    await db.query('checkpoint');
    await db.close();
    fs.writeFileSync(path.join(base, '.complete'), JSON.stringify({ ...load, world: undefined }));
  } else {
    progress(`using the cached ${o.tenancies.toLocaleString('sv-SE')}-tenancy PGlite database ${base} (BOKVAR_BENCH_REBUILD=1 rebuilds it)`);
  }
  const dir = tempDir(label);
  fs.cpSync(base, dir, { recursive: true });
  fs.rmSync(path.join(dir, '.complete'), { force: true });
  fs.rmSync(path.join(dir, LOCK_FILE), { force: true }); // never a stale lock in a copy
  const db = await openPglite(dir);
  return {
    db, engine: 'pglite', where: dir, load, sizeMb: dirSizeMb(dir),
    close: async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a command, resolving with its exit code and output. */
export function run(cmd: string, args: string[], opts: { stdinFile?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [opts.stdinFile ? 'pipe' : 'ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (opts.stdinFile && child.stdin) fs.createReadStream(opts.stdinFile).pipe(child.stdin);
  });
}

/**
 * Runs a command and reads its peak memory: the kernel's high-water mark of its resident set (VmHWM in
 * /proc/PID/status), read every `everyMs` until it exits, so the last reading is its peak.
 */
export function runMeasuringPeakRss(cmd: string, args: string[], env: NodeJS.ProcessEnv, everyMs = 20): Promise<{ code: number; stdout: string; stderr: string; peakMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    const timer = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        /* it has just exited */
      }
    }, everyMs);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code: code ?? -1, stdout, stderr, peakMb: peakKb / 1024 });
    });
  });
}

/** Write an async stream of chunks to a file; returns its size in bytes. */
export async function writeStream(file: string, chunks: AsyncIterable<Uint8Array>): Promise<number> {
  const out = fs.createWriteStream(file);
  let bytes = 0;
  for await (const c of chunks) {
    bytes += c.length;
    if (!out.write(c)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return bytes;
}

export interface AutocannonResult {
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  requests: { total: number; average: number };
  throughput: { average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}

/**
 * The database, counting statements and transactions in progress, so the bench can wait until the server
 * has finished every request (nothing in the database for half a second) before it measures again.
 */
export function busyDb(db: Database): { db: Database; idle(): Promise<void> } {
  let active = 0;
  const track = async <T>(p: () => Promise<T>): Promise<T> => {
    active++;
    try {
      return await p();
    } finally {
      active--;
    }
  };
  const wrapped: Database = {
    engine: db.engine,
    query: (sql, params, opts) => track(() => db.query(sql, params, opts)),
    copyRows: (table, columns, rows) => track(() => db.copyRows(table, columns, rows)),
    transaction: (fn) => track(() => db.transaction(fn)),
    exec: (sql) => track(() => db.exec(sql)),
    close: () => db.close(),
  };
  const idle = async () => {
    let quietSince = performance.now();
    while (performance.now() - quietSince < 500) {
      await new Promise((r) => setTimeout(r, 25));
      if (active > 0) quietSince = performance.now();
    }
  };
  return { db: wrapped, idle };
}

/**
 * Waits until the server is idle: nothing in the database, and the health check answered within 20 ms
 * (after the database work, the server may still be writing large answers to sockets already closed).
 */
export async function settle(base: string, dbIdle: () => Promise<void>): Promise<void> {
  const until = performance.now() + 120_000;
  while (performance.now() < until) {
    await dbIdle();
    const t0 = performance.now();
    await (await fetch(`${base}/api/v1/health`)).text();
    if (performance.now() - t0 < 20) return;
  }
}

/**
 * autocannon in its own process, each request to the next of `paths` (on `base`) whichever connection
 * sends it: `distinct` says how many different paths were asked for.
 */
export async function autocannonPaths(
  base: string, paths: string[], headers: Record<string, string>, connections: number, seconds: number,
): Promise<AutocannonResult & { distinct: number }> {
  const config = path.join(tempDir('autocannon'), 'config.json');
  fs.writeFileSync(config, JSON.stringify({ url: base, paths, headers, connections, seconds }));
  try {
    const out = await run(process.execPath, [path.join(ROOT, 'bench', 'autocannon-paths.mjs'), config]);
    if (out.code !== 0) throw new Error(`autocannon failed (${out.code}): ${out.stderr}`);
    return JSON.parse(out.stdout) as AutocannonResult & { distinct: number };
  } finally {
    fs.rmSync(path.dirname(config), { recursive: true, force: true });
  }
}

/** autocannon in its own process (so it does not share the server's event loop), its JSON result. */
export async function autocannon(url: string, headers: Record<string, string>, connections: number, seconds: number): Promise<AutocannonResult> {
  const out = await run(process.execPath, [
    path.join(ROOT, 'node_modules', 'autocannon', 'autocannon.js'),
    '-c', String(connections), '-d', String(seconds), '-t', '120', '-j', '-n', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}:${v}`]), url,
  ]);
  if (out.code !== 0) throw new Error(`autocannon failed (${out.code}): ${out.stderr}`);
  return JSON.parse(out.stdout) as AutocannonResult;
}
