import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stockholmDateTime, todayInStockholm } from './stockholm.ts';

describe('Stockholm wall clock', () => {
  it('is already tomorrow at 23:30 UTC, summer (UTC+2) and winter (UTC+1)', () => {
    expect(todayInStockholm(new Date('2026-07-15T23:30:00Z'))).toBe('2026-07-16');
    expect(todayInStockholm(new Date('2026-01-15T23:30:00Z'))).toBe('2026-01-16');
    expect(todayInStockholm(new Date('2026-01-15T22:30:00Z'))).toBe('2026-01-15');
    expect(todayInStockholm(new Date('2026-07-15T21:59:59Z'))).toBe('2026-07-15');
    expect(todayInStockholm(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });

  it('gives hour and minute around the DST changes and midnight', () => {
    // spring forward: 01:00 UTC on the last Sunday of March 2026 (29 March)
    expect(stockholmDateTime(new Date('2026-03-29T00:59:00Z'))).toEqual({ date: '2026-03-29', hour: 1, minute: 59 });
    expect(stockholmDateTime(new Date('2026-03-29T01:00:00Z'))).toEqual({ date: '2026-03-29', hour: 3, minute: 0 });
    // fall back: 01:00 UTC on the last Sunday of October 2026 (25 October)
    expect(stockholmDateTime(new Date('2026-10-25T00:59:00Z'))).toEqual({ date: '2026-10-25', hour: 2, minute: 59 });
    expect(stockholmDateTime(new Date('2026-10-25T01:00:00Z'))).toEqual({ date: '2026-10-25', hour: 2, minute: 0 });
    expect(stockholmDateTime(new Date('2026-01-15T23:00:00Z'))).toEqual({ date: '2026-01-16', hour: 0, minute: 0 });
    expect(() => todayInStockholm(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('property: agrees with the EU summer-time rule (last Sunday of March/October, 01:00 UTC)', () => {
    const lastSundayUtc = (year: number, month0: number): number => {
      const last = new Date(Date.UTC(year, month0 + 1, 0));
      return Date.UTC(year, month0, last.getUTCDate() - last.getUTCDay(), 1);
    };
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 11, 31) }), (ms) => {
        const year = new Date(ms).getUTCFullYear();
        const summer = ms >= lastSundayUtc(year, 2) && ms < lastSundayUtc(year, 9);
        const local = new Date(ms + (summer ? 2 : 1) * 3_600_000);
        expect(stockholmDateTime(new Date(ms))).toEqual({
          date: local.toISOString().slice(0, 10),
          hour: local.getUTCHours(),
          minute: local.getUTCMinutes(),
        });
      }),
      { numRuns: 500 },
    );
  });
});
