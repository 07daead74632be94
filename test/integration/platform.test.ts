import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { LOCK_FILE, openPglite } from '../../src/platform/database.ts';
import { freshDatabase, TEST_DATABASE } from '../support/app.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/bokvar.mjs');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bokvar-platform-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `bokvar …` in a child process on the data folder, never on PostgreSQL. */
async function bokvar(dataDir: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, BOKVAR_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd: ROOT, env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe(`the database (${TEST_DATABASE === 'pglite' ? 'PGlite' : 'PostgreSQL'})`, () => {
  // An answer schema says 'YYYY-MM-DD'; a Date from one engine only would be a 500 on that engine alone.
  it('answers dates and lists of dates as YYYY-MM-DD strings, sums as numbers', async () => {
    const { db, drop } = await freshDatabase();
    try {
      const rows = await db.query<{ day: unknown; days: unknown; total: unknown; none: unknown }>(
        `select '2027-03-31'::date as day, array['2027-01-01', null, '2027-12-31']::date[] as days,
                sum(x)::bigint as total, array[]::date[] as none
           from (values (9007199254740::bigint), (1::bigint)) v(x)`,
      );
      expect(rows[0]).toEqual({ day: '2027-03-31', days: ['2027-01-01', null, '2027-12-31'], total: 9007199254741, none: [] });
    } finally {
      await drop();
    }
  });
});

describe('the embedded database folder', () => {
  it('is refused to a second process while one has it open, and free again after close', async () => {
    const data = path.join(dir, 'locked');
    const db = await openPglite(data);
    const lock = path.join(data, LOCK_FILE);
    try {
      expect(readFileSync(lock, 'utf8').trim()).toBe(String(process.pid));
      const refused = await bokvar(data, 'migrate');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`Fel: Databasen i ${data} används redan av en annan process (pid ${process.pid})`);
      expect(refused.stderr).toContain('DATABASE_URL');
      expect(refused.stderr).not.toMatch(/^\s+at /m); // no stack trace
      // The folder was left alone: the first process still works on it.
      expect(await db.query('select 1 as one')).toEqual([{ one: 1 }]);
      // A second open in this very process is refused as well.
      await expect(openPglite(data)).rejects.toThrow(/används redan/);
    } finally {
      await db.close();
    }
    expect(existsSync(lock)).toBe(false);
    const ok = await bokvar(data, 'migrate');
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over the lock of a process that is gone', async () => {
    const data = path.join(dir, 'stale');
    await (await openPglite(data)).close();
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout.trim());
    writeFileSync(path.join(data, LOCK_FILE), `${deadPid}\n`);
    const db = await openPglite(data);
    try {
      expect(readFileSync(path.join(data, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    } finally {
      await db.close();
    }
  });

  it('takes no lock for an in-memory database', async () => {
    const a = await openPglite(undefined);
    const b = await openPglite(undefined);
    await a.close();
    await b.close();
  });
});

describe('configuration', () => {
  it('reads request logging and proxy trust in config.ts', () => {
    expect(loadConfig({})).toMatchObject({ log: false, trustProxy: false });
    expect(loadConfig({ BOKVAR_LOG: 'true', BOKVAR_TRUST_PROXY: 'true' })).toMatchObject({ log: true, trustProxy: true });
  });

  it('logs the path of a request but never its query string', async () => {
    const pnr = TEST_PERSONNUMMER[3]!;
    const script = `
      const { loadConfig } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/platform/config.ts')).href)});
      const { openPglite } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/platform/database.ts')).href)});
      const { createBokvar } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/platform/server.ts')).href)});
      const db = await openPglite(undefined);
      const bokvar = await createBokvar({ ...loadConfig(), databaseUrl: null, jobs: false }, { db });
      const res = await bokvar.app.inject({ method: 'GET', url: '/api/v1/tenancies?q=' + encodeURIComponent(process.env.PNR) });
      console.error('status ' + res.statusCode);
      await bokvar.close();
      await db.close();
    `;
    const env: NodeJS.ProcessEnv = { ...process.env, BOKVAR_LOG: 'true', PNR: pnr };
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, env, timeout: 60_000 });
    expect(stderr).toContain('status 401');
    expect(stdout).toContain('"url":"/api/v1/tenancies"');
    expect(stdout).not.toContain(pnr);
    expect(stdout).not.toContain('?q=');
  });
});
