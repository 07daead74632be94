import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { todayInStockholm } from '../../src/calendar/stockholm.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createBokvar } from '../../src/platform/server.ts';
import { freshDatabase, freshPostgresDatabase, TEST_DATABASE } from '../support/app.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/bokvar.mjs');
let dir: string;
let env: NodeJS.ProcessEnv;
let dropDb: () => Promise<void> = async () => undefined;

/** Runs `bokvar …` like an operator would, on its own database (a data folder, or a fresh PostgreSQL database). */
async function bokvar(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bokvar-cli-'));
  env = { ...process.env, BOKVAR_DATA_DIR: path.join(dir, 'data') };
  delete env.DATABASE_URL;
  if (TEST_DATABASE !== 'pglite') {
    const fresh = await freshPostgresDatabase();
    env.DATABASE_URL = fresh.url;
    dropDb = fresh.drop;
  }
});
afterAll(async () => {
  await dropDb();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the bokvar command', () => {
  // Some fifteen `bokvar` processes, each starting Node and the embedded database: minutes on a busy 2-core machine.
  it('sets up an organisation, a user and a token, imports, runs the day and verifies the audit chain', { timeout: 180_000 }, async () => {
    expect((await bokvar('migrate')).code).toBe(0);

    const kommun = await bokvar('org', 'add', '--kind', 'municipality', '--name', 'CLI-kommun', '--code', '0180');
    expect(kommun.code).toBe(0);
    const kommunId = kommun.stdout.trim();
    expect(kommunId).toMatch(/^[0-9a-f-]{36}$/);

    const landlord = await bokvar('org', 'add', '--kind', 'landlord', '--name', 'CLI-bostäder AB', '--municipality', kommunId, '--municipal');
    const landlordId = landlord.stdout.trim();
    expect(landlord.stdout.split('\n').filter(Boolean)).toHaveLength(1);

    const user = await bokvar('user', 'add', '--org', landlordId, '--email', 'cli@example.se', '--password', 'långt-lösenord', '--role', 'collection_officer');
    expect(user.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
    const wrongRole = await bokvar('user', 'add', '--org', landlordId, '--email', 'x@example.se', '--password', 'långt-lösenord', '--role', 'social_worker');
    expect(wrongRole.code).not.toBe(0);
    expect(wrongRole.stderr).toContain('role');

    const token = await bokvar('token', 'create', '--org', landlordId);
    expect(token.stdout.trim()).toMatch(/^bkv_[A-Za-z0-9_-]{40,}$/);

    const tenancies = path.join(dir, 'avtal.csv');
    await writeFile(tenancies, `kontraktsnummer;adress;personnummer;namn;manadshyra;startdatum\nC-1;Clivägen 1;${TEST_PERSONNUMMER[30]};Cli Test;9000;2020-01-01\n`);
    const transactions = path.join(dir, 'trans.csv');
    await writeFile(transactions, 'kontraktsnummer;typ;datum;forfallodatum;belopp;referens\nC-1;avi;2026-12-01;2026-12-30;9000;C-A1\n');
    const bad = path.join(dir, 'fel.csv');
    await writeFile(bad, 'kontraktsnummer;typ;datum;forfallodatum;belopp;referens\nC-9;avi;2026-12-01;2026-12-30;9000;C-A2\n');

    expect((await bokvar('import', '--org', landlordId, '--kind', 'tenancies', tenancies)).code).toBe(0);
    const imported = await bokvar('import', '--org', landlordId, '--kind', 'transactions', transactions);
    expect({ code: imported.code, stderr: imported.stderr }).toMatchObject({ code: 0 });
    expect(imported.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
    const rejected = await bokvar('import', '--org', landlordId, '--kind', 'transactions', bad);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('rad 2, kontraktsnummer "C-9"');

    const daily = await bokvar('run-daily', '--date', '2027-01-11');
    expect(JSON.parse(daily.stdout)).toMatchObject({ date: '2027-01-11', alreadyRan: false, inArrears: 1, newItems: 2 }); // collection file (bank day 5) and the call window (from day 7)
    const again = await bokvar('run-daily', '--date', '2027-01-11');
    expect(JSON.parse(again.stdout)).toMatchObject({ alreadyRan: true });

    // The municipality's figures for this month, as the API answers them: one tenancy is "<5".
    const month = todayInStockholm(new Date()).slice(0, 7);
    const stats = await bokvar('stats', '--org', kommunId, '--from', month, '--to', month, '--json');
    expect(stats.code, stats.stderr).toBe(0);
    const figures = JSON.parse(stats.stdout) as { organisation: { name: string }; indicators: { id: string; value: number | null }[]; funnel: { stages: { id: string; households: unknown }[] }[] };
    expect(figures.organisation.name).toBe('CLI-kommun');
    expect(figures.indicators.find((i) => i.id === 'evictions')!.value).toBe(0);
    expect(figures.funnel[0]!.stages.find((s) => s.id === 'active')!.households).toEqual({ value: null, hidden: 'small' });
    const readable = await bokvar('stats', '--org', kommunId, '--from', month, '--to', month);
    expect(readable.stdout).toContain('Verkställda avhysningar: 0 (0)');
    expect((await bokvar('stats', '--org', landlordId, '--from', '2026-13', '--to', month)).stderr).toContain('Fel: from: Ange första månaden');

    const verified = await bokvar('audit', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^Granskningsloggen är hel: \d+ rader/);
  });

  it('matches households to homes from a file, and names the line of a wrong one (bokvar match)', async () => {
    const file = path.join(dir, 'round.json');
    const households = [
      { id: 'h1', priority: 3, waitingDays: 120, minRooms: 2, incomes: [{ type: 'social_assistance', monthly: 1_250_000 }, { type: 'salary', monthly: 500_000 }], needsAccessible: false, avoidAreas: ['Centrum'] },
      { id: 'h2', priority: 1, waitingDays: 10, minRooms: 4, incomes: [{ type: 'salary', monthly: 3_000_000 }], needsAccessible: false, avoidAreas: [] },
    ];
    const homes = [{ id: 'x1', landlord: 'L1', area: 'Norr', rooms: 2, rent: 650_000, accessible: false, acceptedIncomeTypes: ['salary', 'social_assistance'], maxRentShare: 0.4 }];
    await writeFile(file, JSON.stringify({ households, homes }));
    const res = await bokvar('match', file);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({
      assignments: [{ household: 'h1', home: 'x1' }],
      unassigned: [{ household: 'h2', reasons: ['Ingen erbjuden bostad har minst 4 rum'] }],
      totalPriority: 3,
    });

    await writeFile(file, JSON.stringify({ households: [{ ...households[0], priority: 0 }, households[0]], homes }));
    const wrong = await bokvar('match', file);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toContain('households[0].priority');
    expect((await bokvar('match', path.join(dir, 'finns-inte.json'))).stderr).toContain('finns-inte.json');
  });

  it('explains a wrong command instead of failing silently', async () => {
    const res = await bokvar('org', 'add', '--kind', 'bank', '--name', 'X');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--kind');
  });
});

describe('bokvar serve on a fresh clone, without a built web app', () => {
  it('builds the web app before it serves, so the pages answer and not only the API', async () => {
    const webDist = path.join(dir, 'web-not-built');
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: { ...env, BOKVAR_WEB_DIST: webDist, BOKVAR_JOBS: 'false' }, stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      let stderr = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "Bokvar kör på" within 90 s:\n${stderr}`)), 90_000);
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const m = /Bokvar kör på (http:\/\/\S+)/.exec(stderr);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}:\n${stderr}`)));
      });
      expect(stderr).toContain('Bygger webbappen');
      for (const page of ['/', '/arenden', '/en-vag-in']) {
        const res = await fetch(`${url}${page}`);
        expect(res.status, page).toBe(200);
        expect(res.headers.get('content-type'), page).toContain('text/html');
        expect(await res.text(), page).toContain('<div id="root">');
      }
      expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    }
  });

  it('never empties a folder that holds something else: it refuses to start and says why', async () => {
    const elsewhere = path.join(dir, 'not-a-web-app');
    await mkdir(elsewhere, { recursive: true });
    await writeFile(path.join(elsewhere, 'anteckningar.txt'), 'mina filer');
    const refused = await run(process.execPath, [BIN, 'serve', '--port', '0'], { env: { ...env, BOKVAR_WEB_DIST: elsewhere, BOKVAR_JOBS: 'false' }, timeout: 60_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => err,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('har filer men ingen webbapp');
    expect(await readFile(path.join(elsewhere, 'anteckningar.txt'), 'utf8')).toBe('mina filer');
  });

  it('a server made without a web app says in Swedish that the pages are not built, and keeps its API', async () => {
    const { db, drop } = await freshDatabase();
    const bokvar = await createBokvar({ ...loadConfig({}), databaseUrl: null, jobs: false, webDist: path.join(dir, 'no-web-app'), auditAnchor: { file: null, key: null } }, { db });
    try {
      const page = await bokvar.app.inject({ method: 'GET', url: '/arenden' });
      expect(page.statusCode).toBe(503);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('Webbappen är inte byggd');
      expect(page.body).toContain('npm run build');
      // The API is not the page: an unknown API path still answers in JSON.
      const api = await bokvar.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
      expect(api.statusCode).not.toBe(503);
      expect(api.headers['content-type']).toContain('application/json');
      expect((await bokvar.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
    } finally {
      await bokvar.close();
      await drop();
    }
  });
});
