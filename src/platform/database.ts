import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';

/** Something SQL can be sent to: the database itself or an open transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs fn in one transaction: everything or nothing (audit rows included). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

// Both engines answer with the same JavaScript values: dates stay 'YYYY-MM-DD' strings (a civil date
// has no time zone), bigint sums become numbers (öre totals stay far below 2^53).
const DATE = 1082;
const INT8 = 20;
const NUMERIC = 1700;
const parseInt8 = (v: string) => Number(v);

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const db = await PGlite.create(dataDir ?? 'memory://', {
    parsers: { [DATE]: (v: string) => v, [INT8]: parseInt8, [NUMERIC]: parseInt8 },
  });
  void pgliteTypes;
  const run = async <T>(target: { query: PGlite['query'] }, sql: string, params?: unknown[]) =>
    (await target.query<T>(sql, params as unknown[] | undefined)).rows;
  return {
    engine: 'pglite',
    query: (sql, params) => run(db, sql, params),
    transaction: (fn) => db.transaction((tx) => fn({ query: (sql, params) => run(tx, sql, params) })),
    exec: async (sql) => {
      await db.exec(sql);
    },
    close: () => db.close(),
  };
}

export async function openPostgres(url: string, max = 10): Promise<Database> {
  const typeParser = (oid: number, format?: string) => {
    if (oid === DATE) return (v: string) => v;
    if (oid === INT8 || oid === NUMERIC) return parseInt8;
    return pg.types.getTypeParser(oid, format as 'text');
  };
  const pool = new pg.Pool({ connectionString: url, max, types: { getTypeParser: typeParser as typeof pg.types.getTypeParser } });
  pool.on('error', () => {
    /* an idle client lost its connection; the pool replaces it */
  });
  await pool.query('select 1');
  return {
    engine: 'postgres',
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn({ query: async (sql, params) => (await client.query(sql, params)).rows });
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

export async function openDatabase(opts: { databaseUrl: string | null; dataDir: string | null }): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPglite(opts.dataDir ?? undefined);
}
