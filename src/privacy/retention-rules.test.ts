import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../calendar/model.ts';
import { cullableFrom, cutoff, effective, isCullable, keptForResearch, RESEARCH_BIRTH_DAYS, RETENTION_DEFAULTS } from './retention-rules.ts';

const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10) as IsoDate);
const months = fc.integer({ min: 1, max: 600 });

describe('when something is culled', () => {
  it('five years after the last entry by default, on the same day of the month', () => {
    expect(effective({ caseFileYears: null, concernMonths: null, tenancyMonths: null })).toEqual(RETENTION_DEFAULTS);
    expect(cullableFrom('2027-01-20', 60)).toBe('2032-01-20');
    expect(isCullable('2027-01-20', 60, '2032-01-19')).toBe(false);
    expect(isCullable('2027-01-20', 60, '2032-01-20')).toBe(true);
    // A leap day's file: the last day of February five years on.
    expect(cullableFrom('2028-02-29', 60)).toBe('2033-02-28');
  });

  it('the one cut-off the SQL compares with culls exactly what the rule says (property)', () => {
    fc.assert(
      fc.property(day, day, months, (from, today, m) => {
        expect(from <= cutoff(today, m)).toBe(isCullable(from, m, today));
      }),
      { numRuns: 2000 },
    );
  });

  it('never culls before its period, and culls every day after it (property)', () => {
    fc.assert(
      fc.property(day, months, fc.integer({ min: 0, max: 4000 }), (from, m, extra) => {
        const due = cullableFrom(from, m);
        expect(isCullable(from, m, addDays(due, extra))).toBe(true);
        expect(isCullable(from, m, addDays(due, -1))).toBe(false);
      }),
    );
  });

  it("on the same day of the month that many months on, or the month's last day if it has none (property)", () => {
    // An oracle of its own, from the calendar's month lengths, not from the calendar module.
    const later = (from: IsoDate, m: number): string => {
      const [y, mo, d] = from.split('-').map(Number) as [number, number, number];
      const total = y * 12 + (mo - 1) + m;
      const [ny, nm] = [Math.floor(total / 12), total % 12];
      const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
      return `${ny}-${String(nm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
    };
    fc.assert(fc.property(day, months, (from, m) => {
      expect(cullableFrom(from, m)).toBe(later(from, m));
    }), { numRuns: 2000 });
  });
});

describe('files kept for research', () => {
  it('of people born on the 5th, 15th or 25th, samordningsnummer included', () => {
    expect(keptForResearch('198505151234')).toBe(true);
    expect(keptForResearch('198505051234')).toBe(true);
    expect(keptForResearch('198505251234')).toBe(true);
    expect(keptForResearch('198505751234')).toBe(true); // samordningsnummer: day 15 + 60
    expect(keptForResearch('198505141234')).toBe(false);
    expect(keptForResearch(null)).toBe(false);
    expect(keptForResearch('8505151234')).toBe(false);
  });

  it('by the day of birth alone (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2025 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.boolean(), (y, mo, d, coordination) => {
        const dd = coordination ? d + 60 : d;
        const pnr = `${y}${String(mo).padStart(2, '0')}${String(dd).padStart(2, '0')}1234`;
        expect(keptForResearch(pnr)).toBe([5, 15, 25].includes(d));
        // The culling's SQL asks the two digits of the day against this list: the same answer.
        expect(RESEARCH_BIRTH_DAYS.includes(pnr.slice(6, 8))).toBe(keptForResearch(pnr));
      }),
    );
  });
});
