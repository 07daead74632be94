// The application context the benches run the services with, the landlord's system as an actor, and
// databases wrapped to time SQL statements (how much of a run is spent in the database, and where).

import { type Actor, tokenPermissions } from '../src/access/model.ts';
import { accessStore } from '../src/access/store.ts';
import { sinkProvider } from '../src/messaging/providers.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { AppContext } from '../src/platform/context.ts';
import type { Database, Queryable } from '../src/platform/database.ts';
import { BENCH_DATE, fmt } from './report.ts';

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
