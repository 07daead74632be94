// Date helpers: adding days and months, strict ISO dates, and agreement with Date.UTC over 2000–2100.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays, addMonths, daysBetween, dueDateOfMonth, isBankDay, isIsoDate, isoWeekday, rentDueDate } from './model.ts';
import { allDays } from './model.test-helpers.ts';

describe('date helpers', () => {
  it("adds months keeping the day, or the month's last day when it has fewer", () => {
    expect(addMonths('2026-11-23', 6)).toBe('2027-05-23');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-12-15', 12)).toBe('2027-12-15');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 }), fc.integer({ min: 0, max: 36 }), (offset, n) => {
        const d = addDays('2020-01-01', offset);
        const r = addMonths(d, n);
        const months = (y: string) => Number(y.slice(0, 4)) * 12 + Number(y.slice(5, 7));
        const day = Number(d.slice(8));
        return isIsoDate(r) && months(r) - months(d) === n && (day <= 28 ? Number(r.slice(8)) === day : Number(r.slice(8)) <= day);
      }),
    );
  });

  it('accepts only strict, real ISO dates', () => {
    for (const ok of ['2026-01-01', '2028-02-29', '2000-02-29', '9999-12-31', '0001-01-01']) {
      expect(isIsoDate(ok), ok).toBe(true);
    }
    for (const bad of ['2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-01-32', '2026-04-31', '2026-1-01',
      ' 2026-01-01', '2026-01-01T00:00', '20260101', '0000-01-01', '2026/01/01', '２０２６-01-01', '']) {
      expect(isIsoDate(bad), bad).toBe(false);
    }
  });

  it('adds days and counts days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addDays('2026-03-29', 0)).toBe('2026-03-29');
    expect(daysBetween('2026-12-30', '2027-01-11')).toBe(12);
    expect(daysBetween('2027-01-11', '2026-12-30')).toBe(-12);
    expect(daysBetween('2000-01-01', '2100-12-31')).toBe(allDays.length - 1);
  });

  it('names the bad value in the error', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(/2026-02-30/);
    expect(() => addDays('2026-02-01', 1.5)).toThrow(RangeError);
    expect(() => isBankDay('31/12/2026')).toThrow(/31\/12\/2026/);
    expect(() => rentDueDate(2026, 13)).toThrow(/13/);
    expect(() => dueDateOfMonth('2026-1')).toThrow(/2026-1/);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });

  it('agrees with Date.UTC on every day 2000–2100 (weekday, addDays, daysBetween)', () => {
    const first = allDays[0] ?? '';
    let mismatches = 0;
    for (let i = 0; i < allDays.length; i++) {
      const d = allDays[i] ?? '';
      const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
      if (isoWeekday(d) !== (wd === 0 ? 7 : wd)) mismatches++;
      if (addDays(first, i) !== d) mismatches++;
      if (daysBetween(first, d) !== i) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});
