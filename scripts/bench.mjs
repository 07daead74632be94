#!/usr/bin/env node
// `npm run bench`: Bokvar's performance figures (issue 2, section 6), printed, never asserted.
//
//   npm run bench                          # every bench (~6 minutes on 2 cores, 8–9 the first time)
//   npm run bench -- import                # one (or several): import | daily-run | worklist | cases | matching
//   npm run bench -- daily-run worklist
//   npm run bench -- --help
//
// Each bench runs as its own process (node with tsx registered, --expose-gc), so one's memory does not
// show in another's figures. A throwaway PostgreSQL server is started from scripts/postgres.mjs when a
// chosen bench needs one (unless BOKVAR_BENCH_PG_URL names a server) and stopped at the end, whatever
// happens. Sizes and engines are set by environment variables; see bench/README.md.
// Exit code 0 whether or not targets are met; non-zero only if a bench failed to run.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from './postgres.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);

const BENCHES = {
  import: { file: 'bench/import.bench.ts', engines: () => list('BOKVAR_BENCH_ENGINES', ['postgres', 'pglite']) },
  'daily-run': { file: 'bench/daily-run.bench.ts', engines: () => list('BOKVAR_BENCH_ENGINES', ['pglite', 'postgres']) },
  worklist: { file: 'bench/worklist.bench.ts', engines: () => list('BOKVAR_BENCH_WORKLIST_ENGINES', list('BOKVAR_BENCH_ENGINES', ['pglite', 'postgres'])) },
  cases: { file: 'bench/cases.bench.ts', engines: () => list('BOKVAR_BENCH_CASES_ENGINES', list('BOKVAR_BENCH_ENGINES', ['pglite', 'postgres'])) },
  matching: { file: 'bench/matching.bench.ts', engines: () => [] },
  statistics: { file: 'bench/statistics.bench.ts', engines: () => ['postgres'] },
};

function list(name, fallback) {
  const raw = process.env[name]?.trim();
  return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : fallback;
}

const HELP = `usage: node scripts/bench.mjs [${Object.keys(BENCHES).join('|')} …]

  import      transactions import rows/s on PostgreSQL and PGlite, ratio to COPY, peak RSS for 1 000 000 rows
  daily-run   the daily run: 100 000 tenancies on PGlite, BOKVAR_BENCH_PG_TENANCIES (default 500 000) on PostgreSQL
  worklist    GET /api/v1/worklist under autocannon, 50 connections, 100 000-tenancy database
  cases       50 000 cases, 500 000 journal entries: the payment-plan check; inbox, case list, a case under autocannon
  matching    2 000 households × 2 000 homes: the matching of a round, in the process and as bokvar match
  statistics  leadership's key figures on PostgreSQL: a year's indicators, every month's, the page under autocannon

Environment (all optional; see bench/README.md):
  BOKVAR_BENCH_ENGINES=pglite,postgres      engines to run
  BOKVAR_BENCH_PG_TENANCIES=2000000         the full-size PostgreSQL daily run (about 20 minutes)
  BOKVAR_BENCH_PGLITE_TENANCIES, BOKVAR_BENCH_IMPORT_ROWS, BOKVAR_BENCH_PGLITE_IMPORT_ROWS,
  BOKVAR_BENCH_WORKLIST_TENANCIES, BOKVAR_BENCH_WORKLIST_CONNECTIONS, BOKVAR_BENCH_WORKLIST_SECONDS,
  BOKVAR_BENCH_PER_LANDLORD, BOKVAR_BENCH_DATE, BOKVAR_BENCH_CACHE, BOKVAR_BENCH_REBUILD=1,
  BOKVAR_BENCH_STATS_TENANCIES, BOKVAR_BENCH_STATS_CASES, BOKVAR_BENCH_STATS_CONNECTIONS, BOKVAR_BENCH_STATS_SECONDS
  BOKVAR_BENCH_PG_URL=postgres://…          use this server instead of starting one
  BOKVAR_BENCH_PG_SETTINGS="jit=off work_mem=64MB"   ALTER SYSTEM on the bench server before running
`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(HELP);
  process.exit(0);
}
const unknown = args.filter((a) => !BENCHES[a]);
if (unknown.length) {
  process.stderr.write(`unknown bench: ${unknown.join(', ')}\n\n${HELP}`);
  process.exit(2);
}
const chosen = args.length ? [...new Set(args)] : Object.keys(BENCHES);

const say = (msg) => process.stdout.write(`${msg}\n`);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const fmt = (n) => {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100 || Number.isInteger(n)) return Math.round(n).toLocaleString('sv-SE');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
};
const minutes = (ms) => {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${(ms / 1000).toFixed(1)} s`;
};

let current = null;
let postgres = null;
let interrupted = false;

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\n${sig}: stopping…\n`);
    if (current) current.kill('SIGTERM');
    if (postgres) await postgres.stop().catch(() => undefined);
    process.exit(130);
  });
}

/** Runs one bench; echoes its output and collects its `@@bench {…}` figures. */
function runBench(name, env) {
  return new Promise((resolve) => {
    const figures = [];
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', BENCHES[name].file], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    current = child;
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('@@bench ')) {
          try {
            figures.push(JSON.parse(line.slice(8)));
          } catch {
            say(line);
          }
        } else say(line);
      }
    });
    child.on('error', (err) => {
      current = null;
      say(`could not start ${name}: ${err.message}`);
      resolve({ code: -1, figures });
    });
    child.on('close', (code, signal) => {
      current = null;
      if (buf) say(buf);
      resolve({ code: code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : -1), figures });
    });
  });
}

async function applySettings(url) {
  const raw = process.env.BOKVAR_BENCH_PG_SETTINGS?.trim();
  if (!raw) return;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const pair of raw.split(/[\s,]+/).filter(Boolean)) {
      const eq = pair.indexOf('=');
      const key = pair.slice(0, eq);
      if (eq <= 0 || !/^[a-z_.]+$/.test(key)) throw new Error(`BOKVAR_BENCH_PG_SETTINGS: "${pair}" is not name=value`);
      await client.query(`alter system set ${key} = '${pair.slice(eq + 1).replace(/'/g, "''")}'`);
    }
    await client.query('select pg_reload_conf()');
    say(`PostgreSQL settings applied: ${raw} (a setting that needs a restart, e.g. shared_buffers, is not in effect)`);
  } finally {
    await client.end();
  }
}

const started = Date.now();
const results = [];
let exitCode = 0;
try {
  say(`Bokvar benchmarks: ${chosen.join(', ')} — ${os.cpus().length} CPUs, ${fmt(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, load average ${load()}`);
  say('Figures are printed, never asserted. Other processes on this machine (tests, builds) make them noisy: compare runs, not single numbers.');
  const env = {};
  const needsPostgres = chosen.some((b) => BENCHES[b].engines().includes('postgres'));
  if (needsPostgres) {
    if (process.env.BOKVAR_BENCH_PG_URL) {
      say(`PostgreSQL: ${process.env.BOKVAR_BENCH_PG_URL.replace(/:[^:@/]*@/, ':…@')} (BOKVAR_BENCH_PG_URL)`);
    } else {
      postgres = await startPostgres();
      env.BOKVAR_BENCH_PG_URL = postgres.url;
      say(`PostgreSQL: throwaway server on port ${postgres.port} (scripts/postgres.mjs; fsync off, test settings)`);
    }
    await applySettings(env.BOKVAR_BENCH_PG_URL ?? process.env.BOKVAR_BENCH_PG_URL);
  }
  for (const name of chosen) {
    if (interrupted) break;
    say(`\n━━━ ${name} ${'━'.repeat(Math.max(3, 70 - name.length))}`);
    const t0 = Date.now();
    const loadBefore = load();
    const { code, figures } = await runBench(name, env);
    const ms = Date.now() - t0;
    say(`\n${name}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${minutes(ms)}; load average before ${loadBefore}, after ${load()}`);
    if (code !== 0) exitCode = 1;
    results.push({ name, code, ms, figures });
  }
} catch (err) {
  say(`bench run failed: ${err?.stack ?? err}`);
  exitCode = 1;
} finally {
  if (postgres) await postgres.stop().catch(() => undefined);
}

// ---- the table -----------------------------------------------------------------------------------

const rows = [['bench', 'figure', 'measured', 'target', '']];
let targets = 0;
let met = 0;
for (const r of results) {
  for (const f of r.figures) {
    let target = '';
    let verdict = '';
    if (f.target) {
      targets++;
      const ok = f.target.op === '>=' ? f.value >= f.target.value : f.target.op === '<=' ? f.value <= f.target.value : f.value < f.target.value;
      if (ok) met++;
      target = `${f.target.op} ${fmt(f.target.value)} ${f.unit}`;
      verdict = ok ? 'met' : 'NOT met';
    } else if (f.targetElsewhere) {
      target = f.targetElsewhere;
      verdict = '(other size)';
    }
    rows.push([r.name, f.name, `${fmt(f.value)} ${f.unit}`, target, verdict]);
  }
  if (r.code !== 0) rows.push([r.name, '(bench failed: see its output above)', '', '', 'FAILED']);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
const line = (row) => row.map((cell, c) => (c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
say(`\n━━━ summary ${'━'.repeat(64)}`);
say(line(rows[0]));
say(widths.map((w) => '─'.repeat(w)).join('  '));
for (const row of rows.slice(1)) say(line(row));
say('');
for (const r of results) say(`${r.name}: ${minutes(r.ms)}${r.code === 0 ? '' : ' (failed)'}`);
say(`total: ${minutes(Date.now() - started)}; ${met} of ${targets} targets met; load average now ${load()}`);
process.exit(exitCode);
