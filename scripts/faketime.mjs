#!/usr/bin/env node
// Finds (or installs) Debian's `faketime`, which runs a command on a moved clock: the test runner
// uses it to prove that no test depends on the day it runs (`node scripts/test.mjs moved-clock`).
//
//   import { ensureFaketime, MOVED_CLOCK } from './faketime.mjs';
//   const faketime = ensureFaketime();           // '/usr/bin/faketime'
//
// libfaketime works by LD_PRELOAD, so every child of the command inherits the moved clock: the test
// runner, the server, PostgreSQL. Chromium is started without it (test/browser/support.ts) and gets
// the server's time through Playwright's clock API instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { aptInstall, hasAptGet } from './apt.mjs';

export const FAKETIME_PATH = '/usr/bin/faketime';

/** Where the moved clock starts (BOKVAR_MOVED_CLOCK overrides): far from every fixture's date. */
export const MOVED_CLOCK = process.env.BOKVAR_MOVED_CLOCK || '2027-06-15 10:00:00';

const runs = () => existsSync(FAKETIME_PATH) && spawnSync(FAKETIME_PATH, ['-f', '@2000-01-01 00:00:00', 'true']).status === 0;

/** The path of a runnable faketime, installing Debian's package first if it is missing. */
export function ensureFaketime() {
  if (runs()) return FAKETIME_PATH;
  if (!hasAptGet()) throw new Error(`faketime not found at ${FAKETIME_PATH} and no apt-get to install it: install libfaketime`);
  process.stderr.write(`[faketime] ${FAKETIME_PATH} missing: installing Debian's faketime package with apt-get…\n`);
  aptInstall('faketime');
  if (!runs()) throw new Error(`apt-get installed 'faketime' but ${FAKETIME_PATH} does not run`);
  return FAKETIME_PATH;
}

/** The command line and environment that run `argv` with the clock starting at MOVED_CLOCK and going on. */
export function onMovedClock(argv) {
  return {
    command: ensureFaketime(),
    args: ['-f', `@${MOVED_CLOCK}`, ...argv],
    // Timers and timeouts keep real time; only the wall clock moves. Every process started under it
    // (a CLI test's child, PostgreSQL) goes on from the same moved clock instead of starting it anew.
    env: { FAKETIME_DONT_FAKE_MONOTONIC: '1', FAKETIME_DONT_RESET: '1' },
  };
}
