// No person can be recognised (issue 14 §3): small counts hidden, and no hidden cell of a table
// recoverable from what is shown, checked against every table a reader could believe.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countFigure, type Figure, MIN_DENOMINATOR, rateFigure, type ShownTable, SMALL_COUNT_MAX, suppressTable } from './suppression.ts';

const small = (n: number) => n >= 1 && n <= SMALL_COUNT_MAX;

/** Counts as breakdowns have them: mostly few, some many. */
const count = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 7 }) }, { weight: 1, arbitrary: fc.integer({ min: 8, max: 60 }) });
const table = fc.integer({ min: 1, max: 3 }).chain((columns) => fc.array(fc.array(count, { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 3 }));

interface Place {
  value: number;
  figure: Figure;
}

/** The table's cells and totals as places, with their true counts: cells row by row, then row totals, column totals, total. */
function places(cells: number[][], shown: ShownTable): { cells: Place[][]; rowTotals: Place[]; columnTotals: Place[]; total: Place } {
  const rowSums = cells.map((row) => row.reduce((a, b) => a + b, 0));
  const columnSums = cells[0]!.map((_, c) => cells.reduce((a, row) => a + row[c]!, 0));
  return {
    cells: cells.map((row, r) => row.map((value, c) => ({ value, figure: shown.cells[r]![c]! }))),
    rowTotals: rowSums.map((value, r) => ({ value, figure: shown.rowTotals[r]! })),
    columnTotals: columnSums.map((value, c) => ({ value, figure: shown.columnTotals[c]! })),
    total: { value: rowSums.reduce((a, b) => a + b, 0), figure: shown.total },
  };
}

/** A table withheld whole: every figure hidden alike, its zeros too. */
const isWithheld = (shown: ShownTable) => [...shown.cells.flat(), ...shown.rowTotals, ...shown.columnTotals, shown.total].every((f) => f.hidden === 'complement');

/** What a reader who knows the rule believes a figure may hold. */
const believable = (figure: Figure, n: number) => (figure.hidden === null ? n === figure.value : figure.hidden === 'small' ? small(n) : n > SMALL_COUNT_MAX);

/**
 * For each hidden place, whether another table the reader would believe holds another count there.
 * Every table that shows the same is tried whose hidden cells are each within one of the truth: if any
 * other table differs in a place, one of these does (two such tables differ by a sum of cycles, and one
 * cycle through the place, taken once, stays within both).
 */
function uncertain(cells: number[][], shown: ShownTable): { hidden: number; unknown: number } {
  const p = places(cells, shown);
  const hiddenCells = p.cells.flatMap((row, r) => row.map((place, c) => ({ place, r, c }))).filter(({ place }) => place.figure.hidden !== null);
  const all = [...p.cells.flat(), ...p.rowTotals, ...p.columnTotals, p.total].filter((place) => place.figure.hidden !== null);
  const varies = new Set<Place>();
  const trial = cells.map((row) => [...row]);
  const visit = (k: number) => {
    if (k === hiddenCells.length) {
      const rowSums = trial.map((row) => row.reduce((a, b) => a + b, 0));
      const columnSums = trial[0]!.map((_, c) => trial.reduce((a, row) => a + row[c]!, 0));
      const total = rowSums.reduce((a, b) => a + b, 0);
      const holds =
        rowSums.every((n, r) => believable(p.rowTotals[r]!.figure, n)) &&
        columnSums.every((n, c) => believable(p.columnTotals[c]!.figure, n)) &&
        believable(p.total.figure, total);
      if (!holds) return;
      for (const { place, r, c } of hiddenCells) if (trial[r]![c] !== place.value) varies.add(place);
      for (const [r, n] of rowSums.entries()) if (n !== p.rowTotals[r]!.value) varies.add(p.rowTotals[r]!);
      for (const [c, n] of columnSums.entries()) if (n !== p.columnTotals[c]!.value) varies.add(p.columnTotals[c]!);
      if (total !== p.total.value) varies.add(p.total);
      return;
    }
    const { place, r, c } = hiddenCells[k]!;
    for (const n of [place.value - 1, place.value, place.value + 1]) {
      if (!believable(place.figure, n)) continue;
      trial[r]![c] = n;
      visit(k + 1);
    }
    trial[r]![c] = place.value;
  };
  visit(0);
  return { hidden: all.length, unknown: all.filter((place) => varies.has(place)).length };
}

describe('a count on its own', () => {
  it('is hidden from 1 to 4, and shown as it is at 0 and from 5', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (n) => {
        expect(countFigure(n)).toEqual(small(n) ? { value: null, hidden: 'small' } : { value: n, hidden: null });
      }),
    );
  });
});

describe('a rate', () => {
  it('is hidden over fewer than 20, or where its count would be, and otherwise exact', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 500 }), (numerator, denominator) => {
        const figure = rateFigure(numerator, denominator, 10_000);
        if (denominator < MIN_DENOMINATOR || small(numerator)) expect(figure.hidden).toBe('small');
        else expect(figure).toEqual({ value: (numerator / denominator) * 10_000, hidden: null });
      }),
    );
  });

  it('per 10 000 inhabitants: 3 evictions in a town is hidden, 12 in 60 000 is 2 per 10 000', () => {
    expect(rateFigure(3, 60_000, 10_000).hidden).toBe('small');
    expect(rateFigure(12, 60_000, 10_000)).toEqual({ value: 2, hidden: null });
  });
});

describe('a table', () => {
  it('hides every count of 1–4, shows every 0, and shows the rest as they are (unless it withholds the table whole)', () => {
    fc.assert(
      fc.property(table, (cells) => {
        const shown = suppressTable(cells);
        if (isWithheld(shown)) return;
        const p = places(cells, shown);
        for (const place of [...p.cells.flat(), ...p.rowTotals, ...p.columnTotals, p.total]) {
          if (small(place.value)) expect(place.figure).toEqual({ value: null, hidden: 'small' });
          else if (place.value === 0) expect(place.figure).toEqual({ value: 0, hidden: null });
          else if (place.figure.hidden === null) expect(place.figure.value).toBe(place.value);
          else expect(place.figure.hidden).toBe('complement');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('leaves no hidden cell or total that can be worked out from what is shown', () => {
    fc.assert(
      fc.property(table, (cells) => {
        const shown = suppressTable(cells);
        if (isWithheld(shown)) return; // nothing shown: nothing to work anything out from
        const { hidden, unknown } = uncertain(cells, shown);
        expect(unknown).toBe(hidden);
      }),
      { numRuns: 300 },
    );
  });

  it('hides nothing when no count is small', () => {
    fc.assert(
      fc.property(table, (cells) => {
        const shown = suppressTable(cells);
        fc.pre([...places(cells, shown).cells.flat(), ...places(cells, shown).rowTotals, ...places(cells, shown).columnTotals].every((p) => !small(p.value)));
        fc.pre(!small(cells.flat().reduce((a, b) => a + b, 0)));
        expect([...shown.cells.flat(), ...shown.rowTotals, ...shown.columnTotals, shown.total].every((f) => f.hidden === null)).toBe(true);
      }),
    );
  });

  it('a row with one small count hides the smallest other count beside it, and its column hides one more', () => {
    // Evictions by city area (rows) and household type (columns): Norr's 3 single parents.
    const shown = suppressTable([
      [3, 12, 20],
      [9, 15, 30],
    ]);
    expect(shown.cells[0]!.map((f) => f.hidden)).toEqual(['small', 'complement', null]);
    expect(shown.cells[1]!.map((f) => f.hidden)).toEqual(['complement', 'complement', null]);
    expect(shown.rowTotals).toEqual([
      { value: 35, hidden: null },
      { value: 54, hidden: null },
    ]);
    expect(shown.total).toEqual({ value: 89, hidden: null });
  });

  it('withholds a table whole that no hiding protects: four "<5" under a total of "<5" are four 1s', () => {
    const ones = [
      [1, 1],
      [1, 1],
    ];
    expect(isWithheld(suppressTable(ones))).toBe(true);
    // One household more, and the total is no longer "<5": the cells can be shown hidden.
    const shown = suppressTable([
      [1, 1],
      [1, 2],
    ]);
    expect(isWithheld(shown)).toBe(false);
    expect(shown.total).toEqual({ value: 5, hidden: null });
    expect(uncertain([[1, 1], [1, 2]], shown).unknown).toBe(uncertain([[1, 1], [1, 2]], shown).hidden);
  });

  it('finds, without the rule, what a reader would work out: one small count beside its shown row total', () => {
    // The oracle itself can fail: here only the small count is hidden and its row total gives it away.
    const cells = [[3, 12]];
    const naive: ShownTable = {
      cells: [[{ value: null, hidden: 'small' }, { value: 12, hidden: null }]],
      rowTotals: [{ value: 15, hidden: null }],
      columnTotals: [{ value: null, hidden: 'small' }, { value: 12, hidden: null }],
      total: { value: 15, hidden: null },
    };
    expect(uncertain(cells, naive)).toEqual({ hidden: 2, unknown: 0 });
  });
});
