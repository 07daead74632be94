// promisePauseEnds and promisesPausingFrom: how long a promise to pay pauses escalation, in bank days.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays, bankDayOnOrAfter, bankDaysBetween, daysBetween, isBankDay, isoWeekday } from '../calendar/model.ts';
import { promisePauseEnds, promisesPausingFrom } from './model.ts';
import { anyDateArb } from './model.test-helpers.ts';

describe('promisePauseEnds', () => {
  it('one bank day after the promise date', () => {
    expect(promisePauseEnds('2027-01-12')).toBe('2027-01-13'); // Tue → Wed
    expect(promisePauseEnds('2027-01-08')).toBe('2027-01-11'); // Fri → Mon
    expect(promisePauseEnds('2027-01-05')).toBe('2027-01-07'); // Tue, 6 Jan trettondedag jul → Thu
    expect(promisePauseEnds('2026-12-23')).toBe('2026-12-28'); // Wed, 24–27 Dec closed → Mon
    expect(promisePauseEnds('2026-04-02')).toBe('2026-04-07'); // Thu before Easter (3–6 Apr closed) → Tue
    expect(promisePauseEnds('2025-06-19')).toBe('2025-06-23'); // Thu before midsommarafton → Mon
    expect(promisePauseEnds('2026-12-30')).toBe('2027-01-04'); // Wed, 31 Dec and 1 Jan closed → Mon
  });

  it('is always the first bank day after the promise date', () => {
    fc.assert(
      fc.property(anyDateArb, (d) => {
        const end = promisePauseEnds(d);
        expect(isBankDay(end)).toBe(true);
        expect(end > d).toBe(true);
        expect(bankDaysBetween(d, end)).toBe(1);
        expect(end).toBe(bankDayOnOrAfter(addDays(d, 1)));
      }),
      { numRuns: 300 },
    );
  });

  it('promisesPausingFrom(D) is exactly where promises still pause escalation on D', () => {
    expect(promisesPausingFrom('2027-01-13')).toBe('2027-01-13'); // a bank day: only promises from today on
    expect(promisesPausingFrom('2027-01-10')).toBe('2027-01-08'); // Sunday: Friday's promise holds until Monday
    expect(promisesPausingFrom('2026-12-27')).toBe('2026-12-23'); // Sunday after Christmas: Wednesday's promise holds
    fc.assert(
      fc.property(anyDateArb, fc.integer({ min: -10, max: 10 }), (d, offset) => {
        const promise = addDays(d, offset);
        expect(promisePauseEnds(promise) > d).toBe(promise >= promisesPausingFrom(d));
      }),
      { numRuns: 1000 },
    );
  });

  it('a Friday promise always ends on a Monday or later', () => {
    fc.assert(
      fc.property(anyDateArb, (d) => {
        fc.pre(isoWeekday(d) === 5);
        expect(daysBetween(d, promisePauseEnds(d))).toBeGreaterThanOrEqual(3);
      }),
      { numRuns: 100 },
    );
  });
});
