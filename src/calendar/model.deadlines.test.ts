// The legal deadlines: rent due dates, forfeiture, recovery and the earliest eviction decision.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays, bankDaysBetween, daysBetween, dueDateOfMonth, earliestEvictionDecision, forfeitureFrom, recoveryDeadline, rentDueDate } from './model.ts';
import { innerDateArb, oracleBankDay } from './model.test-helpers.ts';

describe('rent due dates (JB 12 kap 20 §)', () => {
  it('gives the last bank day before each month of 2026–2027', () => {
    const expected: Record<string, string> = {
      '2026-01': '2025-12-30', // 31 Dec nyårsafton
      '2026-02': '2026-01-30', // 31 Jan Saturday
      '2026-03': '2026-02-27', // 1 Mar Sunday, 28 Feb Saturday
      '2026-04': '2026-03-31',
      '2026-05': '2026-04-30', // valborgsmässoafton is a bank day
      '2026-06': '2026-05-29', // 1 June is a Monday → the previous Friday
      '2026-07': '2026-06-30',
      '2026-08': '2026-07-31',
      '2026-09': '2026-08-31',
      '2026-10': '2026-09-30',
      '2026-11': '2026-10-30', // 31 Oct alla helgons dag (Saturday)
      '2026-12': '2026-11-30',
      '2027-01': '2026-12-30', // 31 Dec nyårsafton
      '2027-02': '2027-01-29', // 1 Feb is a Monday → the previous Friday
      '2027-03': '2027-02-26', // 1 Mar is a Monday
      '2027-04': '2027-03-31', // Easter 2027 is 26–29 March, before the 31st
      '2027-05': '2027-04-30',
      '2027-06': '2027-05-31',
      '2027-07': '2027-06-30',
      '2027-08': '2027-07-30', // 31 July Saturday
      '2027-09': '2027-08-31',
      '2027-10': '2027-09-30',
      '2027-11': '2027-10-29', // 1 Nov is a Monday
      '2027-12': '2027-11-30',
    };
    const actual: Record<string, string> = {};
    for (const month of Object.keys(expected)) actual[month] = dueDateOfMonth(month);
    expect(actual).toEqual(expected);
    expect(rentDueDate(2027, 1)).toBe('2026-12-30');
  });

  it('skips Easter: April 2024 rent is due on skärtorsdagen 2024-03-28', () => {
    // 29 Mar långfredagen, 30 Sat, 31 påskdagen; 1 April annandag påsk is in the month itself
    expect(rentDueDate(2024, 4)).toBe('2024-03-28');
  });

  it('skips Christmas and New Year: January 2022 rent is due 2021-12-30', () => {
    expect(rentDueDate(2022, 1)).toBe('2021-12-30');
    expect(rentDueDate(2028, 1)).toBe('2027-12-30');
  });

  it('property: the due date is a bank day before the 1st with no bank day in between', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2001, max: 2100 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const first = `${year}-${String(month).padStart(2, '0')}-01`;
        const due = rentDueDate(year, month);
        expect(oracleBankDay(due)).toBe(true);
        expect(due < first).toBe(true);
        expect(bankDaysBetween(due, addDays(first, -1))).toBe(0);
        expect(daysBetween(due, first)).toBeLessThanOrEqual(6);
        expect(dueDateOfMonth(first.slice(0, 7))).toBe(due);
      }),
      { numRuns: 300 },
    );
  });
});

describe('forfeiture (JB 12 kap 42 § 1 st 1)', () => {
  it('allows termination from the day after the week ends', () => {
    expect(forfeitureFrom('2026-03-31')).toBe('2026-04-08'); // week ends Tue 7 April (after Easter)
    expect(forfeitureFrom('2026-05-29')).toBe('2026-06-06'); // week ends Fri 5 June
  });

  it('moves the last day to pay when the week ends on a holiday (lag 1930:173 2 §)', () => {
    // due Wed 30 Dec 2026 → week ends Wed 6 Jan 2027 (trettondedag jul) → pay by Thu 7 Jan
    expect(forfeitureFrom('2026-12-30')).toBe('2027-01-08');
    // due Thu 7 May 2026 → week ends Thu 14 May (Kristi himmelsfärdsdag) → pay by Fri 15 May
    expect(forfeitureFrom('2026-05-07')).toBe('2026-05-16');
  });

  it('property: at least 8 days after due; the last day to pay is a bank day; no bank day skipped', () => {
    fc.assert(
      fc.property(innerDateArb, (due) => {
        const from = forfeitureFrom(due);
        const lastDayToPay = addDays(from, -1);
        expect(daysBetween(due, from)).toBeGreaterThanOrEqual(8);
        expect(oracleBankDay(lastDayToPay)).toBe(true);
        expect(bankDaysBetween(addDays(due, 6), addDays(lastDayToPay, -1))).toBe(0);
      }),
    );
  });
});

describe('recovery (JB 12 kap 44 §) and the earliest eviction decision', () => {
  it('runs three weeks from the later of service on the tenant and notice to the board', () => {
    // served Mon 2 March, board notified Wed 4 March → from 4 March → Wed 25 March
    expect(recoveryDeadline('2026-03-02', '2026-03-04')).toBe('2026-03-25');
    expect(recoveryDeadline('2026-03-04', '2026-03-02')).toBe('2026-03-25');
    expect(recoveryDeadline('2026-03-04', '2026-03-04')).toBe('2026-03-25');
  });

  it('moves a deadline on a weekend to the next weekday', () => {
    // board notified Thu 5 March, tenant served Sat 7 March → Sat 28 March → Mon 30 March
    expect(recoveryDeadline('2026-03-07', '2026-03-05')).toBe('2026-03-30');
  });

  it('moves a deadline on Easter and Christmas past the holidays', () => {
    // from Fri 13 March → Fri 3 April (långfredagen) → Tue 7 April
    expect(recoveryDeadline('2026-03-13', '2026-03-10')).toBe('2026-04-07');
    // from Thu 3 Dec → Thu 24 Dec (julafton) → 25, 26, 27 → Mon 28 Dec
    expect(recoveryDeadline('2026-12-01', '2026-12-03')).toBe('2026-12-28');
    // from Fri 29 May 2026 → Fri 19 June (midsommarafton) → Mon 22 June
    expect(recoveryDeadline('2026-05-29', '2026-05-29')).toBe('2026-06-22');
  });

  it('allows an eviction decision on the third weekday after the deadline', () => {
    expect(earliestEvictionDecision('2026-03-25')).toBe('2026-03-30'); // Thu, Fri, Mon
    expect(earliestEvictionDecision('2026-04-07')).toBe('2026-04-10');
    // 29, 30 Dec; 31 Dec nyårsafton and 1 Jan closed; 2–3 weekend → Mon 4 Jan
    expect(earliestEvictionDecision('2026-12-28')).toBe('2027-01-04');
  });

  it('property: deadline is a bank day ≥ 21 days after the later date, with no bank day skipped', () => {
    fc.assert(
      fc.property(innerDateArb, fc.integer({ min: -30, max: 30 }), (served, offset) => {
        const board = addDays(served, offset);
        const start = served > board ? served : board;
        const deadline = recoveryDeadline(served, board);
        expect(recoveryDeadline(board, served)).toBe(deadline);
        expect(oracleBankDay(deadline)).toBe(true);
        expect(daysBetween(start, deadline)).toBeGreaterThanOrEqual(21);
        expect(bankDaysBetween(addDays(start, 20), addDays(deadline, -1))).toBe(0);
        const decision = earliestEvictionDecision(deadline);
        expect(oracleBankDay(decision)).toBe(true);
        expect(bankDaysBetween(deadline, decision)).toBe(3);
      }),
      { numRuns: 300 },
    );
  });
});
