// Other processes a bench runs and watches: a command with its output or its peak memory, files written
// from streams, and autocannon against the server under test, with waiting until that server is idle.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../src/platform/database.ts';
import { tempDir } from './databases.ts';
import { ROOT } from './report.ts';

/** Runs a command, resolving with its exit code and output. */
export function run(cmd: string, args: string[], opts: { stdinFile?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [opts.stdinFile ? 'pipe' : 'ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (opts.stdinFile && child.stdin) fs.createReadStream(opts.stdinFile).pipe(child.stdin);
  });
}

/**
 * Runs a command and reads its peak memory: the kernel's high-water mark of its resident set (VmHWM in
 * /proc/PID/status), read every `everyMs` until it exits, so the last reading is its peak.
 */
export function runMeasuringPeakRss(cmd: string, args: string[], env: NodeJS.ProcessEnv, everyMs = 20): Promise<{ code: number; stdout: string; stderr: string; peakMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    const timer = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        /* it has just exited */
      }
    }, everyMs);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code: code ?? -1, stdout, stderr, peakMb: peakKb / 1024 });
    });
  });
}

/** Write an async stream of chunks to a file; returns its size in bytes. */
export async function writeStream(file: string, chunks: AsyncIterable<Uint8Array>): Promise<number> {
  const out = fs.createWriteStream(file);
  let bytes = 0;
  for await (const c of chunks) {
    bytes += c.length;
    if (!out.write(c)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return bytes;
}

export interface AutocannonResult {
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  requests: { total: number; average: number };
  throughput: { average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}

/**
 * The database, counting statements and transactions in progress, so the bench can wait until the server
 * has finished every request (nothing in the database for half a second) before it measures again.
 */
export function busyDb(db: Database): { db: Database; idle(): Promise<void> } {
  let active = 0;
  const track = async <T>(p: () => Promise<T>): Promise<T> => {
    active++;
    try {
      return await p();
    } finally {
      active--;
    }
  };
  const wrapped: Database = {
    engine: db.engine,
    query: (sql, params, opts) => track(() => db.query(sql, params, opts)),
    copyRows: (table, columns, rows) => track(() => db.copyRows(table, columns, rows)),
    transaction: (fn) => track(() => db.transaction(fn)),
    exec: (sql) => track(() => db.exec(sql)),
    close: () => db.close(),
  };
  const idle = async () => {
    let quietSince = performance.now();
    while (performance.now() - quietSince < 500) {
      await new Promise((r) => setTimeout(r, 25));
      if (active > 0) quietSince = performance.now();
    }
  };
  return { db: wrapped, idle };
}

/**
 * Waits until the server is idle: nothing in the database, and the health check answered within 20 ms
 * (after the database work, the server may still be writing large answers to sockets already closed).
 */
export async function settle(base: string, dbIdle: () => Promise<void>): Promise<void> {
  const until = performance.now() + 120_000;
  while (performance.now() < until) {
    await dbIdle();
    const t0 = performance.now();
    await (await fetch(`${base}/api/v1/health`)).text();
    if (performance.now() - t0 < 20) return;
  }
}

/**
 * autocannon in its own process, each request to the next of `paths` (on `base`) whichever connection
 * sends it: `distinct` says how many different paths were asked for.
 */
export async function autocannonPaths(
  base: string, paths: string[], headers: Record<string, string>, connections: number, seconds: number,
): Promise<AutocannonResult & { distinct: number }> {
  const config = path.join(tempDir('autocannon'), 'config.json');
  fs.writeFileSync(config, JSON.stringify({ url: base, paths, headers, connections, seconds }));
  try {
    const out = await run(process.execPath, [path.join(ROOT, 'bench', 'autocannon-paths.mjs'), config]);
    if (out.code !== 0) throw new Error(`autocannon failed (${out.code}): ${out.stderr}`);
    return JSON.parse(out.stdout) as AutocannonResult & { distinct: number };
  } finally {
    fs.rmSync(path.dirname(config), { recursive: true, force: true });
  }
}

/** autocannon in its own process (so it does not share the server's event loop), its JSON result. */
export async function autocannon(url: string, headers: Record<string, string>, connections: number, seconds: number): Promise<AutocannonResult> {
  const out = await run(process.execPath, [
    path.join(ROOT, 'node_modules', 'autocannon', 'autocannon.js'),
    '-c', String(connections), '-d', String(seconds), '-t', '120', '-j', '-n', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}:${v}`]), url,
  ]);
  if (out.code !== 0) throw new Error(`autocannon failed (${out.code}): ${out.stderr}`);
  return JSON.parse(out.stdout) as AutocannonResult;
}
