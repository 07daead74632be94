#!/usr/bin/env node
// `npm test`: every check of the project, one summary, and as the very last line
// `N passed, N failed` (exit code non-zero if anything failed or a suite crashed).
//
//   node scripts/test.mjs              # all: typecheck, lint, unit, integration ×2, browser
//   node scripts/test.mjs unit         # one part: typecheck | lint | unit | integration | pglite | postgres | browser
//   node scripts/test.mjs moved-clock  # integration ×2 and browser again, on a clock moved far from
//                                      # every fixture (Debian's faketime, installed if missing)
//   node scripts/test.mjs all moved-clock   # several parts, one summary (what .ci/run runs)
//
// Suites:
//   typecheck    tsc --noEmit -p tsconfig.json (counts as one check)
//   lint         biome lint --error-on-warnings (biome.jsonc; counts as one check)
//   unit         vitest project `unit`
//   pglite       vitest project `integration` with BOKVAR_TEST_DATABASE=pglite
//   postgres     vitest project `integration` with BOKVAR_TEST_DATABASE=<URL of a throwaway cluster
//                started by scripts/postgres.mjs, stopped afterwards whatever happens>
//   browser      Debian's chromium (scripts/chromium.mjs, installed if missing) in BOKVAR_CHROMIUM,
//                web app built if web/vite.config.ts exists, then vitest project `browser`
//   moved-clock  this runner started again under `faketime -f '@2027-06-15 10:00:00'`
//                (scripts/faketime.mjs; BOKVAR_MOVED_CLOCK sets the start), running pglite, postgres
//                and browser there: a test that passes on one real date only fails here
//
// Vitest runs as a child process with its own output streamed here and a JSON report read back
// for the counts. A suite with no test files passes with 0 tests. A test file that fails to load
// counts as one failed test; a suite that crashes or cannot be set up counts as one failed check.
// Workers: at most 2 (the machines have 2 cores); BOKVAR_TEST_WORKERS overrides.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './chromium.mjs';
import { MOVED_CLOCK, onMovedClock } from './faketime.mjs';
import { startPostgres } from './postgres.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);
const bin = (p) => path.join(ROOT, 'node_modules', p);
const VITEST = bin('vitest/vitest.mjs');
const TSC = bin('typescript/bin/tsc');
const BIOME = bin('@biomejs/biome/bin/biome');
const VITE = bin('vite/bin/vite.js');
const WEB_CONFIG = path.join(ROOT, 'web', 'vite.config.ts');
const WORKERS = process.env.BOKVAR_TEST_WORKERS || '2';

const PARTS = {
  all: ['typecheck', 'lint', 'unit', 'pglite', 'postgres', 'browser'],
  typecheck: ['typecheck'],
  lint: ['lint'],
  unit: ['unit'],
  integration: ['pglite', 'postgres'],
  pglite: ['pglite'],
  postgres: ['postgres'],
  browser: ['browser'],
  'moved-clock': ['moved-clock'],
};
/** Set in the runner that `moved-clock` starts under faketime: the moved clock's start. */
const MOVED = process.env.BOKVAR_CLOCK_MOVED_TO ?? null;
if (MOVED) PARTS['moved-clock'] = ['clock-moved', 'pglite', 'postgres', 'browser'];
const args = process.argv.length > 2 ? process.argv.slice(2) : ['all'];
const unknown = args.filter((a) => !PARTS[a]);
if (unknown.length) {
  process.stderr.write(`unknown part ${unknown.join(', ')}; usage: node scripts/test.mjs [${Object.keys(PARTS).join('|')}] …\n`);
  process.exit(2);
}

const say = (msg) => process.stdout.write(`${msg}\n`);
const banner = (title) => say(`\n━━━ ${title} ${'━'.repeat(Math.max(3, 70 - title.length))}`);
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bokvar-test-'));

// ---- child processes, with signals passed on ------------------------------------------------

let current = null; // the child running now
let postgres = null; // the running throwaway cluster, if any
let interrupted = false;

/**
 * Runs a child to its end. With `group`, the child leads a process group of its own and a signal goes
 * to the whole group: faketime forks its command and passes no signal on.
 */
function run(args, env = {}, command = process.execPath, group = false) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env }, detached: group });
    current = group ? { kill: (sig) => process.kill(-child.pid, sig) } : child;
    child.on('error', (err) => {
      current = null;
      say(`could not start ${command === process.execPath ? args[0] : command}: ${err.message}`);
      resolve(-1);
    });
    child.on('close', (code, signal) => {
      current = null;
      resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : -1));
    });
  });
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\n[test] ${sig}: stopping\n`);
    try {
      current?.kill(sig);
    } catch {
      /* already gone */
    }
    await postgres?.stop().catch(() => {});
    fs.rmSync(reportDir, { recursive: true, force: true });
    process.exit(128 + os.constants.signals[sig]);
  });
}

// ---- suites ---------------------------------------------------------------------------------

/** @typedef {{ name: string, passed: number, failed: number, skipped: number, note?: string, bad?: boolean }} Result */

/** Runs one vitest project and reads back its JSON report. @returns {Promise<Result>} */
async function vitest(label, project, env = {}) {
  const name = MOVED ? `${label} @${MOVED.slice(0, 10)}` : label;
  const out = path.join(reportDir, `${name.replace(/[^\w.-]+/g, '-')}.json`);
  const code = await run(
    [
      VITEST, 'run',
      '--project', project,
      '--reporter=default', '--reporter=json', `--outputFile.json=${out}`,
      '--passWithNoTests',
      `--maxWorkers=${WORKERS}`,
    ],
    env,
  );
  let report = null;
  try {
    report = JSON.parse(fs.readFileSync(out, 'utf8'));
  } catch {
    /* no report: crashed before writing it */
  }
  if (!report) {
    return code === 0
      ? { name, passed: 0, failed: 0, skipped: 0, note: 'no JSON report (no tests?)' }
      : { name, passed: 0, failed: 1, skipped: 0, bad: true, note: `vitest exited ${code} without a report` };
  }
  const r = {
    name,
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
  // Files that failed with no failed test in them: import/syntax errors, failing hooks.
  const broken = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  );
  if (broken.length) {
    r.failed += broken.length;
    r.bad = true;
    r.note = `${broken.length} file(s) failed outside tests: ${broken.map((f) => path.relative(ROOT, f.name)).join(', ')}`;
  }
  if (code !== 0 && r.failed === 0) {
    r.failed = 1;
    r.bad = true;
    r.note = `vitest exited ${code} with no failed test (unhandled error or crash)`;
  }
  if (report.numTotalTests === 0 && !r.note) r.note = 'no tests';
  return r;
}

/** A set-up step that failed: one failed check, with the reason. @returns {Result} */
const setupFailed = (name, what, err) => {
  say(`✗ ${name}: ${what}: ${err?.message ?? err}`);
  return { name, passed: 0, failed: 1, skipped: 0, bad: true, note: `${what} failed: ${err?.message ?? err}`.split('\n')[0] };
};

const SUITES = {
  /** In the runner under faketime: the clock really is moved (else every suite after this proves nothing). */
  async 'clock-moved'() {
    banner(`clock moved to ${MOVED}`);
    // faketime reads its start as local time, as Date does; the run began moments ago.
    const ok = Math.abs(Date.now() - new Date(MOVED.replace(' ', 'T')).getTime()) < 10 * 60_000;
    say(ok ? `✓ the clock says ${new Date().toISOString()}` : `✗ faketime did not move the clock: it says ${new Date().toISOString()}`);
    return { name: 'clock-moved', passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 };
  },

  /** This runner again, under faketime, for the suites that meet a clock; its results join this summary. */
  async 'moved-clock'() {
    let cmd;
    try {
      cmd = onMovedClock([process.execPath, path.join(ROOT, 'scripts', 'test.mjs'), 'moved-clock']);
    } catch (err) {
      return setupFailed('moved-clock', 'finding faketime', err);
    }
    banner(`the suites again on a clock moved to ${MOVED_CLOCK} (faketime)`);
    const out = path.join(reportDir, 'moved-clock.json');
    const code = await run(cmd.args, { ...cmd.env, BOKVAR_CLOCK_MOVED_TO: MOVED_CLOCK, BOKVAR_TEST_RESULTS: out }, cmd.command, true);
    let results;
    try {
      results = JSON.parse(fs.readFileSync(out, 'utf8'));
    } catch {
      return { name: 'moved-clock', passed: 0, failed: 1, skipped: 0, bad: true, note: `the runner under faketime exited ${code} without results` };
    }
    if (code !== 0 && !results.some((r) => r.failed)) results.push({ name: 'moved-clock', passed: 0, failed: 1, skipped: 0, bad: true, note: `exited ${code}` });
    return results;
  },

  async typecheck() {
    banner('typecheck: tsc --noEmit -p tsconfig.json');
    const code = await run([TSC, '--noEmit', '-p', 'tsconfig.json']);
    say(code === 0 ? '✓ typecheck clean' : `✗ typecheck failed (tsc exited ${code})`);
    return { name: 'typecheck', passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 };
  },

  async lint() {
    banner('lint: biome lint --error-on-warnings');
    const code = await run([BIOME, 'lint', '--error-on-warnings']);
    say(code === 0 ? '✓ lint clean' : `✗ lint failed (biome exited ${code})`);
    return { name: 'lint', passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 };
  },

  async unit() {
    banner('unit');
    return vitest('unit', 'unit');
  },

  async pglite() {
    banner('integration on PGlite (BOKVAR_TEST_DATABASE=pglite)');
    return vitest('integration/pglite', 'integration', { BOKVAR_TEST_DATABASE: 'pglite' });
  },

  async postgres() {
    banner('integration on PostgreSQL');
    try {
      postgres = await startPostgres();
    } catch (err) {
      return setupFailed('integration/postgres', 'starting PostgreSQL', err);
    }
    say(`PostgreSQL at ${postgres.url}`);
    try {
      return await vitest('integration/postgres', 'integration', { BOKVAR_TEST_DATABASE: postgres.url });
    } finally {
      await postgres.stop();
      postgres = null;
    }
  },

  async browser() {
    banner('browser');
    let chromium;
    try {
      chromium = await ensureChromium();
    } catch (err) {
      return setupFailed('browser', 'finding Chromium', err);
    }
    say(`Chromium: ${chromium}`);
    if (fs.existsSync(WEB_CONFIG)) {
      say('building the web app: vite build --config web/vite.config.ts');
      const code = await run([VITE, 'build', '--config', WEB_CONFIG]);
      if (code !== 0) return setupFailed('browser', 'web build', `vite build exited ${code}`);
    } else {
      say('web/vite.config.ts does not exist yet: no web build');
    }
    return vitest('browser', 'browser', { BOKVAR_CHROMIUM: chromium });
  },
};

// ---- run and report ---------------------------------------------------------------------------

/** @type {Result[]} */
const results = [];
for (const part of [...new Set(args.flatMap((a) => PARTS[a]))]) {
  try {
    results.push(...[await SUITES[part]()].flat());
  } catch (err) {
    results.push(setupFailed(part, 'suite', err));
  }
}
fs.rmSync(reportDir, { recursive: true, force: true });
// The runner under faketime hands its results to the one that started it, for one summary.
if (process.env.BOKVAR_TEST_RESULTS) fs.writeFileSync(process.env.BOKVAR_TEST_RESULTS, JSON.stringify(results));

banner('summary');
const width = Math.max(...results.map((r) => r.name.length));
for (const r of results) {
  const mark = r.failed ? '✗' : '✓';
  const counts = `${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`;
  say(`${mark} ${r.name.padEnd(width)}  ${counts}${r.note ? `  (${r.note})` : ''}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const ok = failed === 0 && !results.some((r) => r.bad);
say(`${passed} passed, ${failed} failed`);
process.exitCode = ok ? 0 : 1;
