import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { AppError } from './errors.ts';

/** A value for copyRows: null is SQL NULL; a date is a 'YYYY-MM-DD' string. */
export type CopyValue = string | number | null;

/** Rows made ready for copyRows (formatted as COPY's CSV), so they can be prepared before they are sent. */
export class CopyData {
  /** COPY's CSV in pieces of a few hundred lines: strings this size are collected young, one big one would not be. */
  private readonly pieces: string[] = [];
  private lines: string[] = [];
  private count = 0;

  constructor(rows: Iterable<readonly CopyValue[]> = []) {
    for (const row of rows) this.add(row);
  }

  /** Adds a row; the array is not kept (only its line of text). */
  add(row: readonly CopyValue[]): void {
    this.lines.push(copyCsvLine(row));
    this.count++;
    if (this.lines.length === LINES_PER_PIECE) this.endPiece();
  }

  get rowCount(): number {
    return this.count;
  }

  /** The pieces with every row added so far. */
  done(): readonly string[] {
    if (this.lines.length > 0) this.endPiece();
    return this.pieces;
  }

  private endPiece(): void {
    this.lines.push('');
    this.pieces.push(this.lines.join('\n'));
    this.lines = [];
  }
}

const LINES_PER_PIECE = 256;

/** Something SQL can be sent to: the database itself or an open transaction. */
export interface Queryable {
  /**
   * `prepared`: a statement run on every request (a session lookup, an audit row) is prepared once per
   * connection on PostgreSQL instead of parsed and planned each time. Only for small statements whose
   * plan does not depend on the parameters.
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], opts?: { prepared?: boolean }): Promise<T[]>;
  /**
   * Bulk-loads rows with COPY … FROM STDIN: one statement for the lot, no per-row parsing of parameters.
   * Triggers and constraints apply as for INSERT; there is no ON CONFLICT (a duplicate fails the COPY).
   */
  copyRows(table: string, columns: readonly string[], rows: CopyData): Promise<void>;
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
const DATE_ARRAY = 1182;
const INT8 = 20;
const NUMERIC = 1700;
const parseInt8 = (v: string) => Number(v);
/** '{2027-01-01,NULL}' → ['2027-01-01', null]: a date never needs quoting in an array literal. */
const parseDateArray = (v: string) => (v === '{}' ? [] : v.slice(1, -1).split(',').map((d) => (d === 'NULL' ? null : d)));

/** The lock file that keeps a data folder to one process at a time. */
export const LOCK_FILE = 'bokvar.lock';

/**
 * PGlite is one process's database: a second process opening the same folder works on its own copy in
 * memory and what it writes is lost (or corrupts the folder). So a data folder is taken with a lock file
 * holding the pid; a lock whose process is gone (a crash, kill -9) is taken over.
 * Returns the function that gives the folder back.
 */
function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      try {
        fs.writeSync(fd, `${process.pid}\n`);
      } finally {
        fs.closeSync(fd);
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = readLockPid(file);
      if (pid !== null && processAlive(pid))
        throw new AppError(
          409,
          'data_dir_locked',
          `Databasen i ${dataDir} används redan av en annan process (pid ${pid}). ` +
            `Stoppa servern (eller kommandot) som använder mappen och försök igen, eller kör mot PostgreSQL med DATABASE_URL. ` +
            `Om ingen sådan process finns kan du ta bort ${file}.`,
        );
      // The process that held it is gone: take the lock over (once; a second failure means someone else just took it).
      if (attempt > 0) throw new AppError(409, 'data_dir_locked', `Databasen i ${dataDir} öppnas just nu av en annan process. Försök igen.`);
      fs.rmSync(file, { force: true });
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    // Only remove the lock if it is still ours.
    if (readLockPid(file) === process.pid) fs.rmSync(file, { force: true });
  };
  process.on('exit', release);
  return release;
}

function readLockPid(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Whether a process of that id runs (the data folder's lock, a crashed import's upload). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The SQLSTATE of a database error (both drivers put it in `code`), e.g. '23505' unique_violation. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** The COPY statement for table and columns (identifiers from code, checked all the same). */
function copyStatement(table: string, columns: readonly string[], source: string): string {
  for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new Error(`not an SQL identifier: ${name}`);
  return `copy ${table} (${columns.join(', ')}) from ${source} with (format csv)`;
}

const CSV_SPECIAL = /[",\r\n\\]/;

/**
 * A row as a line of COPY's CSV: NULL as nothing; text quoted when it is empty (else it would be NULL),
 * holds , " or a line break, or a backslash (a line of just \. would end the data).
 */
function copyCsvLine(row: readonly CopyValue[]): string {
  const fields: string[] = [];
  for (const v of row) {
    if (v === null || v === undefined) fields.push('');
    else if (typeof v === 'number') fields.push(String(v));
    else if (v === '' || CSV_SPECIAL.test(v)) fields.push(`"${v.replaceAll('"', '""')}"`);
    else fields.push(v);
  }
  return fields.join(',');
}

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const release = dataDir ? lockDataDir(dataDir) : () => undefined;
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir ?? 'memory://', {
      parsers: { [DATE]: (v: string) => v, [INT8]: parseInt8, [NUMERIC]: parseInt8 },
    });
  } catch (err) {
    release();
    throw err;
  }
  void pgliteTypes;
  return pgliteDatabase(db, release);
}

/** The Database over an open PGlite; `release` runs after it is closed. */
export function pgliteDatabase(db: PGlite, release: () => void = () => undefined): Database {
  const run = async <T>(target: { query: PGlite['query'] }, sql: string, params?: unknown[]) =>
    (await target.query<T>(sql, params as unknown[] | undefined)).rows;
  // PGlite has no COPY protocol; COPY reads the rows from a blob given with the query.
  const copy = async (target: { query: PGlite['query'] }, table: string, columns: readonly string[], rows: CopyData) => {
    if (rows.rowCount === 0) return;
    await target.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([...rows.done()]) });
  };
  return {
    engine: 'pglite',
    query: (sql, params) => run(db, sql, params),
    copyRows: (table, columns, rows) => copy(db, table, columns, rows),
    transaction: (fn) =>
      db.transaction((tx) => fn({ query: (sql, params) => run(tx, sql, params), copyRows: (table, columns, rows) => copy(tx, table, columns, rows) })),
    exec: async (sql) => {
      await db.exec(sql);
    },
    close: async () => {
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}

const statementNames = new Map<string, string>();

/** The pg query for sql: named (prepared once per connection) when asked for. */
function statement(sql: string, params: unknown[] | undefined, opts: { prepared?: boolean } | undefined): pg.QueryConfig {
  if (!opts?.prepared) return { text: sql, values: params };
  let name = statementNames.get(sql);
  if (name === undefined) statementNames.set(sql, (name = `bokvar_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`));
  return { name, text: sql, values: params };
}

export async function openPostgres(url: string, max = 10): Promise<Database> {
  const typeParser = (oid: number, format?: string) => {
    if (oid === DATE) return (v: string) => v;
    if (oid === DATE_ARRAY) return parseDateArray;
    if (oid === INT8 || oid === NUMERIC) return parseInt8;
    return pg.types.getTypeParser(oid, format as 'text');
  };
  const pool = new pg.Pool({ connectionString: url, max, types: { getTypeParser: typeParser as typeof pg.types.getTypeParser } });
  pool.on('error', () => {
    /* an idle client lost its connection; the pool replaces it */
  });
  await pool.query('select 1');
  const copy = async (client: pg.PoolClient, table: string, columns: readonly string[], rows: CopyData) => {
    if (rows.rowCount === 0) return;
    const stream = client.query(copyFrom(copyStatement(table, columns, 'stdin')));
    for (const piece of rows.done()) stream.write(piece);
    stream.end();
    await finished(stream);
  };
  return {
    engine: 'postgres',
    query: async (sql, params, opts) => (await pool.query(statement(sql, params, opts))).rows,
    copyRows: async (table, columns, rows) => {
      const client = await pool.connect();
      try {
        await copy(client, table, columns, rows);
      } finally {
        client.release();
      }
    },
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn({
          query: async (sql, params, opts) => (await client.query(statement(sql, params, opts))).rows,
          copyRows: (table, columns, rows) => copy(client, table, columns, rows),
        });
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

/** Whether the database answers at all (the health check). */
export async function ping(q: Queryable): Promise<void> {
  await q.query('select 1');
}
