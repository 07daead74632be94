#!/usr/bin/env node
// Finds (or installs) the Chromium that the browser tests drive.
//
//   import { ensureChromium } from './chromium.mjs';
//   const path = await ensureChromium();        // '/usr/bin/chromium'
//
//   node scripts/chromium.mjs                   # prints the path, installs Debian's chromium if needed
//
// Only Debian's package is used: a test tool's own browser download (npx playwright install, …)
// cannot work on these machines, whose network reaches the npm registry and Debian's mirrors only.
// If BOKVAR_CHROMIUM is already set to a runnable binary, that one is used as it is.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { aptInstall, hasAptGet } from './apt.mjs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** `--version` of a chromium binary, or null if it is missing or does not run. */
function chromiumVersion(path) {
  if (!path || !existsSync(path)) return null;
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (r.error || r.status !== 0) return null;
  return r.stdout.trim() || 'unknown version';
}

/**
 * Returns the path of a runnable Chromium: BOKVAR_CHROMIUM if set and runnable, else
 * /usr/bin/chromium, installing Debian's `chromium` package first if it is not there.
 * Throws an Error with a clear message if that is impossible.
 */
export async function ensureChromium() {
  const preset = process.env.BOKVAR_CHROMIUM;
  if (preset) {
    if (chromiumVersion(preset)) return preset;
    process.stderr.write(`[chromium] BOKVAR_CHROMIUM=${preset} does not run; falling back to ${CHROMIUM_PATH}\n`);
  }
  if (chromiumVersion(CHROMIUM_PATH)) return CHROMIUM_PATH;

  if (!hasAptGet()) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH} and this is not a Debian-like system with apt-get: ` +
        'install Chromium yourself and set BOKVAR_CHROMIUM to its path.',
    );
  }
  process.stderr.write(`[chromium] ${CHROMIUM_PATH} missing: installing Debian's chromium package with apt-get…\n`);
  try {
    aptInstall('chromium');
  } catch (err) {
    throw new Error(`Could not install Chromium (${err.message}). Install the Debian package 'chromium' as root, or set BOKVAR_CHROMIUM.`);
  }
  const version = chromiumVersion(CHROMIUM_PATH);
  if (!version) {
    throw new Error(`apt-get installed 'chromium' but ${CHROMIUM_PATH} --version does not run.`);
  }
  process.stderr.write(`[chromium] installed: ${version}\n`);
  return CHROMIUM_PATH;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const path = await ensureChromium();
    process.stderr.write(`[chromium] ${chromiumVersion(path)}\n`);
    process.stdout.write(`${path}\n`);
  } catch (err) {
    process.stderr.write(`[chromium] ${err.message}\n`);
    process.exit(1);
  }
}
