// A split of a count (issue 14 §2, §3): the parts hidden as one table with their total, and no split
// at all where only hiding the total (shown anyway) could protect it.
import { describe, expect, it } from 'vitest';
import { splitBy } from './indicators.ts';

type Value = Parameters<typeof splitBy>[0][number];

const shown = (id: string, value: number): Value => ({
  id, value, suppressed: false, hidden: null, numerator: id === 'evictions' ? null : { value, hidden: null }, denominator: null, unavailable: null, groups: null,
});

describe('a count split by a breakdown', () => {
  it('keeps the count and shows the parts that nobody can be recognised in', () => {
    const values = [shown('evictions', 21), shown('evictions_per_10000', 1.6)];
    splitBy(values, [{ indicator: 'evictions', key: 'with_children', n: 5 }, { indicator: 'evictions', key: 'without_children', n: 16 }], 'children');
    expect(values[0]).toMatchObject({ value: 21, hidden: null, groups: [{ label: 'Med barn', value: 5 }, { label: 'Utan barn', value: 16 }] });
    expect(values[1]).toMatchObject({ value: 1.6, hidden: null });
  });

  it('hides the second part when the first is "<5", as the total would give it away', () => {
    const values = [shown('evictions', 12)];
    splitBy(values, [{ indicator: 'evictions', key: 'with_children', n: 3 }, { indicator: 'evictions', key: 'without_children', n: 9 }], 'children');
    expect(values[0]!.groups!.map((g) => g.hidden)).toEqual(['small', 'complement']);
    expect(values[0]!.value).toBe(12);
  });


  it('shows no split of five areas of one eviction each, as the total of five is shown anyway', () => {
    const values = [shown('evictions', 5), shown('evictions_per_10000', 0.3)];
    const areas = ['A', 'B', 'C', 'D', 'E'].map((key) => ({ indicator: 'evictions', key, n: 1 }));
    splitBy(values, areas, 'area');
    // Five cells of "<5" under a total of 5 could only be five 1s: no group, not even which areas had one.
    expect(values[0]).toMatchObject({ value: 5, hidden: null, groups: [] });
    expect(values[1]).toMatchObject({ value: 0.3, hidden: null });
  });
});
