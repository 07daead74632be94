// The basics every bench and helper uses: environment knobs, printing, and the figures with their
// `@@bench` machine lines that scripts/bench.mjs collects; imports no other bench file.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------------
// Environment

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name]?.replace(/[_\s]/g, '');
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}: a positive whole number, not "${process.env[name]}"`);
  return n;
}

export function envList(name: string, fallback: string[]): string[] {
  const raw = process.env[name]?.trim();
  return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : fallback;
}

/** The day the benches run the daily run for (a Wednesday, 21 days after January's rent was due). */
export const BENCH_DATE = process.env.BOKVAR_BENCH_DATE ?? '2027-01-20';
/** Tenancies per landlord: a large municipal housing company has about 25 000 homes. */
export const PER_LANDLORD = envInt('BOKVAR_BENCH_PER_LANDLORD', 25_000);

export function say(msg: string): void {
  process.stdout.write(`${msg}\n`);
}

export function progress(msg: string): void {
  process.stderr.write(`  … ${msg}\n`);
}

// ---------------------------------------------------------------------------------------------------
// Results: a human line, and a machine line that scripts/bench.mjs collects into its table.

export interface Figure {
  bench: string;
  name: string;
  value: number;
  unit: string;
  /** e.g. { op: '>=', value: 100000 }; none for figures that are only informative. */
  target?: { op: '>=' | '<=' | '<'; value: number };
  /** A target that applies to another size than this run's, shown without a verdict. */
  targetElsewhere?: string;
  note?: string;
}

export function report(f: Figure): void {
  const target = f.target ? `  (target ${f.target.op} ${fmt(f.target.value)} ${f.unit}: ${met(f) ? 'met' : 'NOT met'})` : '';
  say(`  ${f.name}: ${fmt(f.value)} ${f.unit}${target}${f.note ? `  — ${f.note}` : ''}`);
  say(`@@bench ${JSON.stringify(f)}`);
}

export function met(f: Figure): boolean {
  if (!f.target) return true;
  if (f.target.op === '>=') return f.value >= f.target.value;
  if (f.target.op === '<=') return f.value <= f.target.value;
  return f.value < f.target.value;
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100 || Number.isInteger(n)) return Math.round(n).toLocaleString('sv-SE');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const t0 = performance.now();
  const result = await fn();
  return { result, seconds: (performance.now() - t0) / 1000 };
}

export const mb = (bytes: number) => bytes / 2 ** 20;
