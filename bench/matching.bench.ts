// The matching of a round (issue 4 §3): 2 000 waiting households × 2 000 offered homes in under 2 s.
// Deterministic instances (a seeded generator): one where homes are plenty, one where they are scarce
// (1 000 homes: many households left out, the searches that fail are the expensive ones), and the same
// file through `bokvar match` as its own process (Node's start included).
//
//   npx tsx bench/matching.bench.ts
//
// Environment:
//   BOKVAR_BENCH_MATCH_HOUSEHOLDS   default 2000
//   BOKVAR_BENCH_MATCH_HOMES        default 2000

import fs from 'node:fs';
import path from 'node:path';
import { INCOME_TYPES, type MatchHome, type MatchHousehold, matchHomes } from '../src/housing/matching.ts';
import { tempDir } from './databases.ts';
import { run } from './processes.ts';
import { envInt, fmt, report, say } from './report.ts';

const BENCH = 'matching';
const AREAS = ['Centrum', 'Norr', 'Söder', 'Öster', 'Väster', 'Bäckby', 'Råby', 'Skiljebo'];

/** mulberry32: a small seeded generator, so every run matches the same instance. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function instance(households: number, homes: number, seed: number): { households: MatchHousehold[]; homes: MatchHome[] } {
  const r = random(seed);
  const int = (min: number, max: number) => min + Math.floor(r() * (max - min + 1));
  const pick = <T>(xs: readonly T[]) => xs[int(0, xs.length - 1)]!;
  return {
    households: Array.from({ length: households }, (_, i) => ({
      id: `h${i}`,
      priority: int(1, 5),
      waitingDays: int(0, 900),
      minRooms: int(1, 4),
      incomes: Array.from({ length: int(1, 2) }, () => ({ type: pick(INCOME_TYPES), monthly: int(800_000, 3_500_000) })),
      needsAccessible: r() < 0.08,
      avoidAreas: Array.from({ length: int(0, 2) }, () => pick(AREAS)),
    })),
    homes: Array.from({ length: homes }, (_, i) => ({
      id: `x${i}`,
      landlord: `L${int(1, 12)}`,
      area: pick(AREAS),
      rooms: int(1, 5),
      rent: int(400_000, 1_200_000),
      accessible: r() < 0.15,
      acceptedIncomeTypes: INCOME_TYPES.filter(() => r() < 0.7),
      maxRentShare: pick([0.3, 0.35, 0.4, 0.45, 0.5]),
    })),
  };
}

function measure(label: string, households: number, homes: number, target: boolean) {
  const input = instance(households, homes, 20261121 + homes);
  const t0 = performance.now();
  const answer = matchHomes(input.households, input.homes);
  const seconds = (performance.now() - t0) / 1000;
  say(`  ${label}: ${fmt(seconds)} s — ${fmt(answer.assignments.length)} households served, ${fmt(answer.unassigned.length)} left out, total priority ${fmt(answer.totalPriority)}`);
  report({
    bench: BENCH, name: `matching ${fmt(households)} households × ${fmt(homes)} homes${target ? '' : ` (${label})`}`, value: seconds, unit: 's',
    ...(target ? { target: { op: '<' as const, value: 2 } } : {}),
    note: `${fmt(answer.assignments.length)} served, ${fmt(answer.unassigned.length)} left out`,
  });
  return input;
}

const households = envInt('BOKVAR_BENCH_MATCH_HOUSEHOLDS', 2000);
const homes = envInt('BOKVAR_BENCH_MATCH_HOMES', 2000);
say(`\n■ matching, ${fmt(households)} households`);
const input = measure('homes plenty', households, homes, households === 2000 && homes === 2000);
measure('homes scarce', households, Math.floor(homes / 2), false);

const dir = tempDir('matching');
try {
  const file = path.join(dir, 'round.json');
  fs.writeFileSync(file, JSON.stringify(input));
  const t0 = performance.now();
  const out = await run(process.execPath, [path.resolve('bin/bokvar.mjs'), 'match', file]);
  const seconds = (performance.now() - t0) / 1000;
  if (out.code !== 0) throw new Error(`bokvar match failed (${out.code}): ${out.stderr}`);
  const answer = JSON.parse(out.stdout) as { assignments: unknown[] };
  say(`  bokvar match ${fmt(fs.statSync(file).size / 1024)} kB: ${fmt(seconds)} s as its own process — ${fmt(answer.assignments.length)} served`);
  report({ bench: BENCH, name: `bokvar match, ${fmt(households)} × ${fmt(homes)}, the whole process`, value: seconds, unit: 's', note: 'reading the file, checking it, matching, printing; Node start included' });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
