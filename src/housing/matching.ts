import { z } from 'zod';
import { formatKronor } from '../ledger/model.ts';
import { areaKey, INCOME_TYPES, type IncomeType } from './model.ts';

export { INCOME_TYPES, type IncomeType };

// Matching waiting households to offered homes (issue 4 §3). Pure: no database, no clock. The service
// and `bokvar match FILE.json` call the same `matchHomes`.
//
// The rule, exactly (not a greedy approximation of it):
//   1. the sum of the served households' priorities is as large as possible;
//   2. among those answers, the waiting time left unserved is as small as possible (the served
//      households' waiting days as large as possible: the total is fixed);
//   3. among those, the fewest surplus rooms (a home's rooms beyond the household's minimum).
// Hard rules decide which household may have which home (`fits`).
//
// Why it can be solved exactly in about a second for 2 000 × 2 000: every criterion is a sum of weights
// of the chosen vertices, never of a pair. Surplus rooms are rooms(home) − minRooms(household), so over
// a matching they are Σ rooms of the homes used − Σ minRooms of the households served. The objective is
// therefore (Σ priority, Σ waiting days, Σ minRooms) over the served households, compared
// lexicographically, minus Σ rooms over the homes used, last. The sets of households that some matching
// can serve are the independent sets of a matroid (the transversal matroid), and so are the sets of
// homes; on a matroid the greedy algorithm finds an independent set of largest weight, for weights in
// any ordered group (tuples compared lexicographically included). As every priority is at least 1, the
// best household set S is a basis (serves as many as possible), and the best home set T is a basis of
// fewest rooms. By the Mendelsohn–Dulmage theorem some matching covers both S and T; both have the
// size of a largest matching, so it matches S to T exactly, and no matching can do better on either
// side. The property test in matching.test.ts compares the answer with every matching of small
// random instances.

export interface MatchHousehold {
  id: string;
  /** 1 or more; domestic violence and children rank highest (set by the needs assessment). */
  priority: number;
  waitingDays: number;
  minRooms: number;
  /** Monthly incomes in öre, by type. */
  incomes: { type: IncomeType; monthly: number }[];
  needsAccessible: boolean;
  /** Areas the household excludes or must avoid (protected identity: never near the threat). */
  avoidAreas: string[];
}

export interface MatchHome {
  id: string;
  landlord: string;
  area: string;
  rooms: number;
  /** Monthly rent in öre. */
  rent: number;
  accessible: boolean;
  /** The income types the landlord's agreement counts. */
  acceptedIncomeTypes: IncomeType[];
  /** The largest share of the counted income the rent may be (0.4: 40 %). */
  maxRentShare: number;
}

export interface MatchAnswer {
  assignments: { household: string; home: string }[];
  unassigned: { household: string; reasons: string[] }[];
  totalPriority: number;
}

/** Why a home does not fit a household: the first hard rule it fails, or null when it fits. */
export type Misfit = 'rooms' | 'accessible' | 'area' | 'rent' | 'declined';

/** The household's income that the home's landlord counts, in öre a month. */
export function countedIncome(h: MatchHousehold, home: MatchHome): number {
  let sum = 0;
  for (const i of h.incomes) if (home.acceptedIncomeTypes.includes(i.type)) sum += i.monthly;
  return sum;
}

/** The hard rules, in the order a coordinator reads them. */
export function misfit(h: MatchHousehold, home: MatchHome, avoid: ReadonlySet<string> = new Set(h.avoidAreas.map(areaKey))): Misfit | null {
  if (home.rooms < h.minRooms) return 'rooms';
  if (h.needsAccessible && !home.accessible) return 'accessible';
  if (avoid.has(areaKey(home.area))) return 'area';
  // In whole basis points, so the comparison is exact in integers (rent and income are öre).
  if (home.rent * 10_000 > Math.round(home.maxRentShare * 10_000) * countedIncome(h, home)) return 'rent';
  return null;
}

/** Why a household may have a home, rule by rule, in words (for the coordinator: amounts included). */
export function explainFit(h: MatchHousehold, home: MatchHome): string[] {
  const income = countedIncome(h, home);
  const share = income > 0 ? Math.round((home.rent / income) * 1000) / 10 : null;
  return [
    `Prioritet ${h.priority}, väntat ${h.waitingDays} dagar`,
    `${home.rooms} rum; hushållet behöver minst ${h.minRooms}`,
    `Hyran ${formatKronor(home.rent)} är ${share === null ? '–' : `${String(share).replace('.', ',')} %`} av de inkomster hyresvärden räknar (${formatKronor(income)}; högst ${Math.round(home.maxRentShare * 100)} %)`,
    h.avoidAreas.length > 0 ? `${home.area} är inte ett område hushållet ska undvika` : `${home.area}: hushållet har inga områden att undvika`,
    ...(h.needsAccessible ? ['Tillgänglighetsanpassad, som hushållet behöver'] : []),
  ];
}

/** The reason a rule gives, for all homes offered (`n === total`) or for some of them. */
const MISFIT_REASON: Record<Misfit, (h: MatchHousehold, n: number, total: number) => string> = {
  rooms: (h, n, total) => (n === total ? `Ingen erbjuden bostad har minst ${h.minRooms} rum` : `${n} av ${total} bostäder har färre än ${h.minRooms} rum`),
  accessible: (_, n, total) => (n === total ? 'Ingen bostad som är stor nog är tillgänglighetsanpassad' : `${n} av ${total} bostäder är inte tillgänglighetsanpassade`),
  area: (_, n, total) =>
    n === total ? 'Bostäderna som passar i övrigt ligger i områden hushållet ska undvika' : `${n} av ${total} bostäder ligger i områden hushållet ska undvika`,
  rent: (_, n, total) => (n === total ? 'Hyran är för hög för de inkomster hyresvärdarna räknar med' : `${n} av ${total} bostäder har för hög hyra för de inkomster hyresvärden räknar med`),
  declined: (_, n, total) =>
    n === total ? 'Hyresvärden har redan tackat nej till hushållet för de bostäder som passar' : `Hyresvärden har redan tackat nej till hushållet för ${n} av ${total} bostäder`,
};
const TAKEN_REASON = 'Bostäderna som passar gick till hushåll med högre prioritet eller längre väntetid';

export const declinedPair = (household: string, home: string) => `${household}\u0000${home}`;

/** The best assignment of households to homes under the hard rules (see the top of this file). */
export function matchHomes(
  households: readonly MatchHousehold[],
  homes: readonly MatchHome[],
  /** Pairs a landlord has declined before, as declinedPair(household, home): never proposed again. */
  declined: ReadonlySet<string> = new Set(),
): MatchAnswer {
  const nH = households.length;
  const nX = homes.length;
  // Which homes fit each household, and which households each home fits: `misfit` for 4 000 000 pairs,
  // with what it reads of each home and household prepared once (areas as keys, income types as bits).
  const homeArea = homes.map((x) => areaKey(x.area));
  const homeTypes = homes.map((x) => INCOME_TYPES.reduce((mask, t, i) => (x.acceptedIncomeTypes.includes(t) ? mask | (1 << i) : mask), 0));
  const homeShare = homes.map((x) => Math.round(x.maxRentShare * 10_000));
  const fitsH: number[][] = [];
  const fitsX: number[][] = Array.from({ length: nX }, () => []);
  const misfits: Map<Misfit, number>[] = [];
  for (let h = 0; h < nH; h++) {
    const household = households[h]!;
    const avoid = new Set(household.avoidAreas.map(areaKey));
    // The household's income counted under each combination of accepted types.
    const byType = INCOME_TYPES.map((t) => household.incomes.reduce((sum, i) => (i.type === t ? sum + i.monthly : sum), 0));
    const counted = Array.from({ length: 1 << INCOME_TYPES.length }, (_, mask) => byType.reduce((sum, v, i) => (mask & (1 << i) ? sum + v : sum), 0));
    const list: number[] = [];
    const why = new Map<Misfit, number>();
    for (let x = 0; x < nX; x++) {
      const home = homes[x]!;
      // The same rules, in the same order, as misfit(); then the pairs a landlord has declined before.
      const m: Misfit | null =
        home.rooms < household.minRooms ? 'rooms'
        : household.needsAccessible && !home.accessible ? 'accessible'
        : avoid.has(homeArea[x]!) ? 'area'
        : home.rent * 10_000 > homeShare[x]! * counted[homeTypes[x]!]! ? 'rent'
        : declined.size > 0 && declined.has(declinedPair(household.id, home.id)) ? 'declined'
        : null;
      if (m === null) {
        list.push(x);
        fitsX[x]!.push(h);
      } else why.set(m, (why.get(m) ?? 0) + 1);
    }
    fitsH.push(list);
    misfits.push(why);
  }

  // The best households: greedy by (priority, waiting days, minimum rooms), largest first.
  const byWeight = [...households.keys()].sort((a, b) => {
    const p = households[a]!;
    const q = households[b]!;
    return q.priority - p.priority || q.waitingDays - p.waitingDays || q.minRooms - p.minRooms || a - b;
  });
  const served = greedyBasis(byWeight, fitsH, nX);
  // The best homes: greedy by rooms, fewest first.
  const byRooms = [...homes.keys()].sort((a, b) => homes[a]!.rooms - homes[b]!.rooms || a - b);
  const used = greedyBasis(byRooms, fitsX, nH);

  // A matching of exactly those households to exactly those homes (Mendelsohn–Dulmage: one exists).
  const usedSet = new Set(used);
  const servedSet = new Set(served);
  const within = fitsH.map((list, h) => (servedSet.has(h) ? list.filter((x) => usedSet.has(x)) : []));
  const pairOfHome = new Int32Array(nX).fill(-1);
  if (maximumMatching(served, within, pairOfHome).length > 0) throw new Error('matchHomes: the chosen households and homes do not match (a bug)');
  const pairs = new Int32Array(nH).fill(-1);
  pairOfHome.forEach((h, x) => {
    if (h >= 0) pairs[h] = x;
  });

  const assignments: MatchAnswer['assignments'] = [];
  const unassigned: MatchAnswer['unassigned'] = [];
  let totalPriority = 0;
  for (let h = 0; h < nH; h++) {
    const household = households[h]!;
    if (pairs[h]! >= 0) {
      assignments.push({ household: household.id, home: homes[pairs[h]!]!.id });
      totalPriority += household.priority;
    } else {
      const counts = misfits[h]!;
      const reasons =
        fitsH[h]!.length > 0 ? [TAKEN_REASON] : (['rooms', 'accessible', 'area', 'rent', 'declined'] as const).flatMap((m) => (counts.get(m) ? [MISFIT_REASON[m](household, counts.get(m)!, nX)] : []));
      unassigned.push({ household: household.id, reasons: reasons.length > 0 ? reasons : ['Inga bostäder är erbjudna'] });
    }
  }
  return { assignments, unassigned, totalPriority };
}

/**
 * The greedy algorithm on the transversal matroid of one side: takes each vertex of `order` in turn if
 * the vertices taken so far and it can all be matched at once (an augmenting path from it exists).
 * Returns the vertices taken. A search that fails leaves the other side's vertices it reached "dead":
 * they are all matched, to vertices whose every neighbour is among them, so no later augmenting path
 * can pass through them and their matching never changes (the search need not enter them again).
 */
function greedyBasis(order: readonly number[], adjacency: readonly number[][], otherSize: number): number[] {
  const pairOther = new Int32Array(otherSize).fill(-1);
  const search = new AugmentingSearch(adjacency, pairOther);
  const taken: number[] = [];
  for (const v of order) {
    if (adjacency[v]!.length === 0) continue;
    if (search.augment(v)) taken.push(v);
    else search.markReachedDead();
  }
  return taken;
}

/**
 * Augmenting paths by depth-first search (Kuhn), each vertex first looking for a free neighbour. A
 * neighbour once matched stays matched (augmenting only moves partners), so each vertex keeps its place
 * in that look and the looks cost O(edges) in all.
 */
class AugmentingSearch {
  private readonly seen: Int32Array;
  private readonly dead: Uint8Array;
  private readonly freeFrom: Int32Array;
  private current = 0;

  constructor(
    private readonly adjacency: readonly number[][],
    readonly pairOther: Int32Array,
  ) {
    this.seen = new Int32Array(pairOther.length).fill(-1);
    this.dead = new Uint8Array(pairOther.length);
    this.freeFrom = new Int32Array(adjacency.length);
  }

  /** Matches v, moving other partners along one augmenting path if need be; false if no path exists. */
  augment(v: number): boolean {
    this.current++;
    return this.from(v);
  }

  /** After a failed search: what it reached can never be on an augmenting path again (see greedyBasis). */
  markReachedDead(): void {
    for (let w = 0; w < this.seen.length; w++) if (this.seen[w] === this.current) this.dead[w] = 1;
  }

  private from(v: number): boolean {
    const list = this.adjacency[v]!;
    const pairOther = this.pairOther;
    let i = this.freeFrom[v]!;
    while (i < list.length && pairOther[list[i]!]! >= 0) i++;
    this.freeFrom[v] = i;
    if (i < list.length) {
      pairOther[list[i]!] = v;
      return true;
    }
    for (const w of list) {
      if (this.dead[w] || this.seen[w] === this.current) continue;
      this.seen[w] = this.current;
      if (this.from(pairOther[w]!)) {
        pairOther[w] = v;
        return true;
      }
    }
    return false;
  }
}

/** A largest matching from the vertices of `from`, as partner of each other-side vertex; returns those of `from` left unmatched. */
function maximumMatching(from: readonly number[], adjacency: readonly number[][], pairOther: Int32Array): number[] {
  const search = new AugmentingSearch(adjacency, pairOther);
  return from.filter((v) => !search.augment(v));
}

const incomeType = z.enum(INCOME_TYPES);
const text = z.string().trim().min(1).max(200);
const money = z.number().int().min(0).max(1_000_000_000); // öre

/** The input of `bokvar match FILE.json` (money in öre), and of the coordinator's matching round. */
export const matchInputSchema = z.object({
  households: z
    .array(
      z.object({
        id: text,
        priority: z.number().int().min(1).max(1000),
        waitingDays: z.number().int().min(0).max(100_000),
        minRooms: z.number().int().min(1).max(20),
        incomes: z.array(z.object({ type: incomeType, monthly: money })).max(20),
        needsAccessible: z.boolean(),
        avoidAreas: z.array(text).max(100),
      }),
    )
    .max(20_000),
  homes: z
    .array(
      z.object({
        id: text,
        landlord: text,
        area: text,
        rooms: z.number().int().min(1).max(20),
        rent: money,
        accessible: z.boolean(),
        acceptedIncomeTypes: z.array(incomeType).max(INCOME_TYPES.length),
        maxRentShare: z.number().gt(0).max(1),
      }),
    )
    .max(20_000),
});

/**
 * Reads a matching input from JSON text: every problem named by its place in the file
 * (`households[3].priority: …`); ids must be unique on each side.
 */
export function parseMatchInput(json: string): { households: MatchHousehold[]; homes: MatchHome[] } | { problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    return { problems: [`Filen är inte JSON: ${(err as Error).message}`] };
  }
  const parsed = matchInputSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.slice(0, 50).map((i) => `${i.path.map((p, n) => (typeof p === 'number' ? `[${p}]` : `${n > 0 ? '.' : ''}${String(p)}`)).join('') || '(filen)'}: ${i.message}`),
    };
  }
  const problems: string[] = [];
  for (const side of ['households', 'homes'] as const) {
    const seen = new Set<string>();
    parsed.data[side].forEach((item, n) => {
      if (seen.has(item.id)) problems.push(`${side}[${n}].id: "${item.id}" finns redan`);
      seen.add(item.id);
    });
  }
  return problems.length > 0 ? { problems } : parsed.data;
}
