import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { committedHomes, sameArea } from './model.ts';

describe('what a commitment comes to', () => {
  it('is the number of homes, or the share of the base rounded up', () => {
    expect(committedHomes({ kind: 'homes_per_year', homes: 14, share: null, base: null })).toBe(14);
    expect(committedHomes({ kind: 'share_of_turnover', homes: null, share: 0.1, base: 30 })).toBe(3);
    expect(committedHomes({ kind: 'share_of_turnover', homes: null, share: 0.1, base: 37 })).toBe(4);
    expect(committedHomes({ kind: 'share_of_stock', homes: null, share: 0.015, base: 2400 })).toBe(36);
  });

  it('is never below the share and never a whole home above it (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 100_000 }), (bp, base) => {
        const n = committedHomes({ kind: 'share_of_stock', homes: null, share: bp / 10_000, base });
        expect(n * 10_000).toBeGreaterThanOrEqual(bp * base);
        expect((n - 1) * 10_000).toBeLessThan(bp * base);
      }),
    );
  });
});

describe('areas', () => {
  it('are the same whatever the case and spaces', () => {
    expect(sameArea('Råby', ' råby')).toBe(true);
    expect(sameArea('Råby', 'Raby')).toBe(false);
  });
});
