// priorityOf: the order of the worklist (children, then age, then months owed) and its reasons.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { priorityOf } from './model.ts';

type PFacts = Parameters<typeof priorityOf>[0];
const monthsArb = fc.integer({ min: 0, max: 2400 }).map((n) => n / 100);

describe('priorityOf', () => {
  it('children outrank any number of months owed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.option(fc.integer({ min: 16, max: 100 }), { nil: null }),
        monthsArb,
        fc.option(fc.integer({ min: 16, max: 100 }), { nil: null }),
        monthsArb,
        fc.constantFrom(0, null),
        (kids, ageA, monthsA, ageB, monthsB, noKids) => {
          const withChildren = priorityOf({ children: kids, tenantAge: ageA, monthsOwed: monthsA });
          const without = priorityOf({ children: noKids, tenantAge: ageB, monthsOwed: monthsB });
          expect(withChildren.score).toBeGreaterThan(without.score);
          expect(withChildren.reasons).toContain('children');
          expect(without.reasons).not.toContain('children');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('without children, a tenant under 25 or over 65 outranks any number of months owed', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 16, max: 24 }), fc.integer({ min: 66, max: 105 })),
        monthsArb,
        fc.option(fc.integer({ min: 25, max: 65 }), { nil: null }),
        monthsArb,
        fc.constantFrom(0, null),
        (vulnerableAge, monthsA, otherAge, monthsB, noKids) => {
          const a = priorityOf({ children: noKids, tenantAge: vulnerableAge, monthsOwed: monthsA });
          const b = priorityOf({ children: noKids, tenantAge: otherAge, monthsOwed: monthsB });
          expect(a.score).toBeGreaterThan(b.score);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('in the same group, more months owed never ranks lower', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, null, 2), fc.option(fc.integer({ min: 16, max: 100 }), { nil: null }), monthsArb, monthsArb, (children, tenantAge, m1, m2) => {
        const [lo, hi] = m1 <= m2 ? [m1, m2] : [m2, m1];
        expect(priorityOf({ children, tenantAge, monthsOwed: lo }).score).toBeLessThanOrEqual(priorityOf({ children, tenantAge, monthsOwed: hi }).score);
      }),
      { numRuns: 300 },
    );
  });

  it('lists its reasons', () => {
    const reasons = (f: PFacts) => priorityOf(f).reasons;
    expect(reasons({ children: 2, tenantAge: 22, monthsOwed: 3 })).toEqual(['children', 'under_25', 'months_owed']);
    expect(reasons({ children: 1, tenantAge: 70, monthsOwed: 0.5 })).toEqual(['children', 'over_65']);
    expect(reasons({ children: 0, tenantAge: 24, monthsOwed: 1 })).toEqual(['under_25', 'months_owed']);
    expect(reasons({ children: null, tenantAge: 66, monthsOwed: 0 })).toEqual(['over_65']);
    expect(reasons({ children: null, tenantAge: 40, monthsOwed: 2 })).toEqual(['months_owed']);
    expect(reasons({ children: 0, tenantAge: null, monthsOwed: 0.99 })).toEqual([]);
    // The boundaries: "under 25" and "over 65" are strict.
    expect(reasons({ children: 0, tenantAge: 25, monthsOwed: 0 })).toEqual([]);
    expect(reasons({ children: 0, tenantAge: 65, monthsOwed: 0 })).toEqual([]);
  });

  it('ordering of typical households', () => {
    const score = (f: PFacts) => priorityOf(f).score;
    const family = score({ children: 3, tenantAge: 38, monthsOwed: 1 });
    const young = score({ children: 0, tenantAge: 21, monthsOwed: 1 });
    const old = score({ children: 0, tenantAge: 78, monthsOwed: 1 });
    const manyMonths = score({ children: 0, tenantAge: 45, monthsOwed: 8 });
    const oneMonth = score({ children: 0, tenantAge: 45, monthsOwed: 1 });
    expect(family).toBeGreaterThan(young);
    expect(young).toBe(old);
    expect(young).toBeGreaterThan(manyMonths);
    expect(manyMonths).toBeGreaterThan(oneMonth);
  });
});
