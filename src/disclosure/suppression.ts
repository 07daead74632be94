// No person can be recognised in a figure (issue 14 §3). A count of 1–4 people or households is shown
// as "<5" (0 stays 0); in a table, more cells are hidden until none that is hidden can be worked out
// from the cells, row totals, column totals and grand total that are shown; a rate is not shown where
// its denominator is under 20, or where its numerator is a count that would be hidden. Pure: applied on
// the server to every figure before it leaves, whatever carries it (page, API, PDF, spreadsheet).
//
// Why a table needs more than hiding the small cells: with the row total shown, one hidden cell in a
// row is the total less the others. The rule here is stronger than "two hidden cells per row and
// column": it asks, for every hidden cell, whether another table exists that shows exactly the same
// and differs in that cell, as a reader who knows the rule would reason — a cell shown "<5" holds 1–4,
// one hidden to protect another holds 5 or more (else it would be "<5"), and a 0 is never hidden. Two
// such tables differ along a cycle of hidden cells, so it is enough to look for a cycle through the
// cell along which every cell can move by one (the search in `fixedCells`).

/** Person and household counts up to this many are hidden. */
export const SMALL_COUNT_MAX = 4;
/** No rate is shown over fewer than this many. */
export const MIN_DENOMINATOR = 20;

/** Why a figure is hidden: a count of 1–4 itself, or a cell hidden so that another cannot be worked out. */
export const HIDDEN_REASONS = ['small', 'complement'] as const;
export type HiddenReason = (typeof HIDDEN_REASONS)[number];
export type Figure = { value: number; hidden: null } | { value: null; hidden: HiddenReason };

const shown = (value: number): Figure => ({ value, hidden: null });
const isSmall = (n: number) => n >= 1 && n <= SMALL_COUNT_MAX;

/** A count of people or households on its own. */
export function countFigure(n: number): Figure {
  return isSmall(n) ? { value: null, hidden: 'small' } : shown(n);
}

/**
 * A rate: `numerator / denominator × per` (per 100 for a share, per 10 000 or 100 000 inhabitants),
 * or hidden where the denominator is under 20, or the numerator is a count that would be hidden (with
 * the denominator known, the rate would give it away).
 */
export function rateFigure(numerator: number, denominator: number, per = 1): Figure {
  if (denominator < MIN_DENOMINATOR) return { value: null, hidden: 'small' };
  if (isSmall(numerator)) return { value: null, hidden: 'small' };
  return shown((numerator / denominator) * per);
}

/** A table of counts as it may be shown: its cells, row totals, column totals and grand total. */
export interface ShownTable {
  cells: Figure[][];
  rowTotals: Figure[];
  columnTotals: Figure[];
  total: Figure;
}

/**
 * The table of counts `cells` (rows × columns, whole numbers ≥ 0) with its totals, hidden as the rule
 * says: the small counts, then one more cell at a time (`complement`) until none that is hidden can be
 * worked out. A table that cannot be shown so is withheld whole: four cells of "<5" under a total of
 * "<5" can only be four 1s, since a 0 would have been shown.
 */
export function suppressTable(cells: readonly (readonly number[])[]): ShownTable {
  const grid = extended(cells);
  const hidden: (HiddenReason | null)[][] = grid.map((row) => row.map((y) => (isSmall(Math.abs(y)) ? 'small' : null)));
  for (let fixed = fixedCells(grid, hidden); fixed.length > 0; fixed = fixedCells(grid, hidden)) {
    const next = complement(grid, hidden, fixed);
    if (!next) return withheld(cells);
    hidden[next[0]]![next[1]] = 'complement';
  }
  const rows = cells.length;
  const columns = cells[0]?.length ?? 0;
  const figure = (r: number, c: number): Figure => {
    const why = hidden[r]![c];
    return why ? { value: null, hidden: why } : shown(Math.abs(grid[r]![c]!));
  };
  return {
    cells: cells.map((row, r) => row.map((_, c) => figure(r, c))),
    rowTotals: cells.map((_, r) => figure(r, columns)),
    columnTotals: Array.from({ length: columns }, (_, c) => figure(rows, c)),
    total: figure(rows, columns),
  };
}

/**
 * The table with its totals as one grid whose every row and column sums to zero: a row total stands
 * in its row as −total, a column total likewise, and the grand total in the corner as +total. Then
 * "another table that shows the same" is the grid plus a zero-sum change of its hidden cells.
 */
function extended(cells: readonly (readonly number[])[]): number[][] {
  const columns = cells[0]?.length ?? 0;
  const columnTotals = Array.from({ length: columns }, (_, c) => cells.reduce((sum, row) => sum + row[c]!, 0));
  const total = columnTotals.reduce((a, b) => a + b, 0);
  return [...cells.map((row) => [...row, -row.reduce((a, b) => a + b, 0)]), [...columnTotals.map((t) => -t), total]];
}

/** The sign a cell's count has in the grid: totals in the last row or column but not both are negative. */
const signOf = (grid: number[][], r: number, c: number) => ((r === grid.length - 1) !== (c === grid[0]!.length - 1) ? -1 : 1);

/**
 * Whether the reader's bounds let a hidden grid cell move by one in direction `step` (+1 or −1):
 * a count shown "<5" stays within 1–4, a complement stays at 5 or more.
 */
function canMove(grid: number[][], hidden: (HiddenReason | null)[][], r: number, c: number, step: 1 | -1): boolean {
  const count = Math.abs(grid[r]![c]!) + step * signOf(grid, r, c);
  return hidden[r]![c] === 'small' ? count >= 1 && count <= SMALL_COUNT_MAX : count > SMALL_COUNT_MAX;
}

/**
 * The hidden cells the reader could work out: those on no cycle of hidden cells along which every cell
 * can move by one, alternately up and down. A cycle through (r, c) raising it is a path from its row to
 * its column that lowers a cell in a row, raises one in a column, …, and ends lowering one in column c;
 * likewise for lowering it.
 */
function fixedCells(grid: number[][], hidden: (HiddenReason | null)[][]): [number, number][] {
  const fixed: [number, number][] = [];
  for (const [r, row] of hidden.entries()) {
    for (const [c, why] of row.entries()) {
      if (!why) continue;
      const movable = ([1, -1] as const).some((step) => canMove(grid, hidden, r, c, step) && pathBack(grid, hidden, r, c, step));
      if (!movable) fixed.push([r, c]);
    }
  }
  return fixed;
}

/**
 * Whether moving cell (r, c) by `step` can be balanced: a path from row r to column c through other
 * hidden cells, each moved by −step, +step, −step, … (rows are left by a −step cell, columns by a +step
 * one), the last in column c moved by −step.
 */
function pathBack(grid: number[][], hidden: (HiddenReason | null)[][], r0: number, c0: number, step: 1 | -1): boolean {
  const rows = grid.length;
  const columns = grid[0]!.length;
  const seenRows = new Set<number>([r0]);
  const seenColumns = new Set<number>();
  const queue: number[] = [r0];
  while (queue.length > 0) {
    const r = queue.shift()!;
    for (let c = 0; c < columns; c++) {
      if (seenColumns.has(c) || (r === r0 && c === c0) || !hidden[r]![c] || !canMove(grid, hidden, r, c, step === 1 ? -1 : 1)) continue;
      if (c === c0) return true;
      seenColumns.add(c);
      for (let r2 = 0; r2 < rows; r2++) {
        if (seenRows.has(r2) || !hidden[r2]![c] || !canMove(grid, hidden, r2, c, step)) continue;
        seenRows.add(r2);
        queue.push(r2);
      }
    }
  }
  return false;
}

/**
 * The next cell to hide: of the shown counts above zero in a row or column of a cell that could be
 * worked out, the one that leaves the fewest such cells; of equals, a cell before a total, then the
 * smallest count. Failing those, the smallest shown count above zero anywhere.
 */
function complement(grid: number[][], hidden: (HiddenReason | null)[][], fixed: [number, number][]): [number, number] | undefined {
  const rows = grid.length;
  const columns = grid[0]!.length;
  const isTotal = (i: number, j: number) => Number(i === rows - 1 || j === columns - 1);
  const shownAboveZero = ([i, j]: [number, number]) => !hidden[i]![j] && grid[i]![j] !== 0;
  const everywhere = grid.flatMap((row, i) => row.map((_, j): [number, number] => [i, j])).filter(shownAboveZero);
  const near = everywhere.filter(([i, j]) => fixed.some(([r, c]) => r === i || c === j));
  const leftFixed = (place: [number, number]) => {
    hidden[place[0]]![place[1]] = 'complement';
    const left = fixedCells(grid, hidden).length;
    hidden[place[0]]![place[1]] = null;
    return left;
  };
  const ranked = (places: [number, number][], cost: (place: [number, number]) => number) =>
    places
      .map((place) => ({ place, cost: cost(place) }))
      .sort((x, y) => x.cost - y.cost || isTotal(...x.place) - isTotal(...y.place) || Math.abs(grid[x.place[0]]![x.place[1]]!) - Math.abs(grid[y.place[0]]![y.place[1]]!))[0]?.place;
  return ranked(near, leftFixed) ?? ranked(everywhere, () => 0);
}

/** A table with every figure hidden, its zeros too: the reader learns nothing but its shape. */
function withheld(cells: readonly (readonly number[])[]): ShownTable {
  const none: Figure = { value: null, hidden: 'complement' };
  return { cells: cells.map((row) => row.map(() => none)), rowTotals: cells.map(() => none), columnTotals: (cells[0] ?? []).map(() => none), total: none };
}
