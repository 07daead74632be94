// The databases the benches measure: fresh ones on a PostgreSQL server (started here if none is given),
// PGlite folders, and the large PGlite databases the loader builds, kept in a cache and copied per bench.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, LOCK_FILE, openPglite, openPostgres, pgliteDatabase } from '../src/platform/database.ts';
import { migrate } from '../src/platform/migrate.ts';
import { type LoadOptions, type LoadResult, loadBenchDatabase } from './loader.ts';
import { mb, progress, ROOT } from './report.ts';

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
