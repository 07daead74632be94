import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import Holidays from 'date-holidays';
import { addBankDays, addDays, addMonths, bankDayOnOrAfter, bankDayOnOrBefore, bankDaysBetween, daysBetween, dueDateOfMonth, earliestEvictionDecision, forfeitureFrom, isBankDay, isIsoDate, isoWeekday, recoveryDeadline, rentDueDate, swedishHolidays } from './model.ts';

// ---------------------------------------------------------------------------------------------
// Reference data from date-holidays, built once for 2000-01-01..2100-12-31.
//
// Mapping of date-holidays' SE types to "not a bank day":
//   'public'     → closed (the allmänna helgdagar of lag 1989:253, incl. påskdagen and pingstdagen)
//   'bank'       → closed (midsommarafton, julafton, nyårsafton: lag 1930:173 2 §)
//   'optional'   → open   (trettondagsafton, valborgsmässoafton, allhelgonaafton: half days at most)
//   'observance' → open   (skärtorsdagen, påskafton, pingstafton, Luciadagen, …)
// Known deviation: date-holidays types annandag pingst as 'observance' in every year, but it was an
// allmän helgdag until 2004 (replaced by nationaldagen through SFS 2004:1320).

const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;
const CLOSED_TYPES = new Set(['public', 'bank']);

interface Reference {
  closed: Set<string>; // dates typed public or bank
  named: Set<string>; // `${date} ${name}` for public/bank entries
  bankTypedNames: Set<string>;
  typesSeen: Set<string>;
  annandagPingstBefore2005: string[];
}

const ref: Reference = (() => {
  const hd = new Holidays('SE');
  const r: Reference = {
    closed: new Set(),
    named: new Set(),
    bankTypedNames: new Set(),
    typesSeen: new Set(),
    annandagPingstBefore2005: [],
  };
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    for (const h of hd.getHolidays(y)) {
      const date = h.date.slice(0, 10);
      r.typesSeen.add(h.type);
      if (h.name === 'annandag pingst' && y < 2005) r.annandagPingstBefore2005.push(date);
      if (!CLOSED_TYPES.has(h.type)) continue;
      r.closed.add(date);
      r.named.add(`${date} ${h.name}`);
      if (h.type === 'bank') r.bankTypedNames.add(h.name);
    }
  }
  return r;
})();

/** Every date 2000-01-01..2100-12-31, generated with Date.UTC (independent of the model). */
const allDays: string[] = (() => {
  const out: string[] = [];
  for (let t = Date.UTC(FIRST_YEAR, 0, 1); t <= Date.UTC(LAST_YEAR, 11, 31); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
})();

/** Independent bank-day oracle: Mon–Fri, not closed in date-holidays, plus the known deviation. */
const deviation = new Set(ref.annandagPingstBefore2005);
function oracleBankDay(d: string): boolean {
  const wd = new Date(`${d}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return wd !== 0 && wd !== 6 && !ref.closed.has(d) && !deviation.has(d);
}

// Leaves room so that results stay inside 2000..2100 for the oracle.
const innerDateArb = fc.integer({ min: 400, max: allDays.length - 401 }).map((i) => allDays[i] ?? '2026-01-01');

// ---------------------------------------------------------------------------------------------

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

describe('Swedish holidays', () => {
  it('lists the holidays of 2026 with their Swedish names', () => {
    expect(swedishHolidays(2026)).toEqual([
      { date: '2026-01-01', name: 'nyårsdagen' },
      { date: '2026-01-06', name: 'trettondedag jul' },
      { date: '2026-04-03', name: 'långfredagen' },
      { date: '2026-04-05', name: 'påskdagen' },
      { date: '2026-04-06', name: 'annandag påsk' },
      { date: '2026-05-01', name: 'första maj' },
      { date: '2026-05-14', name: 'Kristi himmelsfärdsdag' },
      { date: '2026-05-24', name: 'pingstdagen' },
      { date: '2026-06-06', name: 'nationaldagen' },
      { date: '2026-06-19', name: 'midsommarafton' },
      { date: '2026-06-20', name: 'midsommardagen' },
      { date: '2026-10-31', name: 'alla helgons dag' },
      { date: '2026-12-24', name: 'julafton' },
      { date: '2026-12-25', name: 'juldagen' },
      { date: '2026-12-26', name: 'annandag jul' },
      { date: '2026-12-31', name: 'nyårsafton' },
    ]);
  });

  it('has annandag pingst instead of nationaldagen before 2005 (SFS 2004:1320)', () => {
    const h2004 = swedishHolidays(2004).map((h) => `${h.date} ${h.name}`);
    expect(h2004).toContain('2004-05-31 annandag pingst');
    expect(h2004.some((x) => x.includes('nationaldagen'))).toBe(false);
    expect(isBankDay('2004-05-31')).toBe(false);
    expect(isBankDay('2004-06-07')).toBe(true); // 6 June 2004 was a Sunday; the Monday was an ordinary day
    expect(isBankDay('2005-05-16')).toBe(true); // annandag pingst 2005: ordinary Monday
  });

  it('computes Easter (Gregorian computus) for known years', () => {
    const easter = (y: number): string | undefined => swedishHolidays(y).find((h) => h.name === 'påskdagen')?.date;
    expect(easter(2000)).toBe('2000-04-23');
    expect(easter(2008)).toBe('2008-03-23');
    expect(easter(2011)).toBe('2011-04-24');
    expect(easter(2024)).toBe('2024-03-31');
    expect(easter(2027)).toBe('2027-03-28');
    expect(easter(2038)).toBe('2038-04-25'); // latest possible
    expect(easter(2285)).toBe('2285-03-22'); // earliest possible
  });

  it('keeps two holidays on the same day (Kristi himmelsfärdsdag on första maj 2008)', () => {
    const may1 = swedishHolidays(2008).filter((h) => h.date === '2008-05-01').map((h) => h.name);
    expect(may1.sort()).toEqual(['Kristi himmelsfärdsdag', 'första maj']);
  });

  it('returns a copy: changing the result does not change the calendar', () => {
    const list = swedishHolidays(2026);
    list.length = 0;
    expect(swedishHolidays(2026)).toHaveLength(16);
    expect(isBankDay('2026-12-24')).toBe(false);
  });

  it('date-holidays types only the three eves as "bank" (the mapping above relies on it)', () => {
    expect([...ref.bankTypedNames].sort()).toEqual(['julafton', 'midsommarafton', 'nyårsafton']);
    expect([...ref.typesSeen].sort()).toEqual(['bank', 'observance', 'optional', 'public']);
    expect(ref.annandagPingstBefore2005).toEqual(['2000-06-12', '2001-06-04', '2002-05-20', '2003-06-09', '2004-05-31']);
  });

  it('matches date-holidays public + bank days, names included, for 2000–2100', () => {
    const ours = new Set<string>();
    for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
      for (const h of swedishHolidays(y)) ours.add(`${h.date} ${h.name}`);
    }
    const onlyOurs = [...ours].filter((x) => !ref.named.has(x));
    const onlyTheirs = [...ref.named].filter((x) => !ours.has(x));
    expect(onlyOurs).toEqual(ref.annandagPingstBefore2005.map((d) => `${d} annandag pingst`));
    expect(onlyTheirs).toEqual([]);
  });

  it('isBankDay agrees with date-holidays on every day 2000–2100', () => {
    const mismatches = allDays.filter((d) => isBankDay(d) !== oracleBankDay(d));
    expect(mismatches).toEqual([]);
  });
});

describe('bank days', () => {
  it('counts over New Year: the 5th bank day after 2026-12-30 is 2027-01-11', () => {
    // 31 Dec nyårsafton, 1 Jan nyårsdagen, 2–3 weekend, 6 Jan trettondedag jul
    expect(addBankDays('2026-12-30', 1)).toBe('2027-01-04');
    expect(addBankDays('2026-12-30', 3)).toBe('2027-01-07');
    expect(addBankDays('2026-12-30', 5)).toBe('2027-01-11');
    expect(bankDaysBetween('2026-12-30', '2027-01-11')).toBe(5);
    expect(addBankDays('2027-01-11', -5)).toBe('2026-12-30');
  });

  it('counts over Easter 2026 (långfredagen 3 April – annandag påsk 6 April)', () => {
    expect(addBankDays('2026-04-02', 1)).toBe('2026-04-07');
    expect(addBankDays('2026-04-07', -1)).toBe('2026-04-02');
    expect(bankDaysBetween('2026-04-02', '2026-04-07')).toBe(1);
    expect(bankDayOnOrAfter('2026-04-03')).toBe('2026-04-07');
    expect(bankDayOnOrBefore('2026-04-06')).toBe('2026-04-02');
  });

  it('treats midsummer eve, Christmas eve and New Year’s eve as closed, other eves as open', () => {
    expect(isBankDay('2026-06-19')).toBe(false); // midsommarafton (Friday)
    expect(isBankDay('2026-12-24')).toBe(false); // julafton (Thursday)
    expect(isBankDay('2026-12-31')).toBe(false); // nyårsafton (Thursday)
    expect(isBankDay('2026-04-30')).toBe(true); // valborgsmässoafton
    expect(isBankDay('2026-01-05')).toBe(true); // trettondagsafton
    expect(isBankDay('2026-04-02')).toBe(true); // skärtorsdagen
    expect(isBankDay('2026-06-05')).toBe(true);
    expect(isBankDay('2027-06-07')).toBe(true); // the Monday after nationaldagen on a Sunday: no substitute day
  });

  it('returns the same day for n = 0 even when it is not a bank day', () => {
    expect(addBankDays('2026-12-25', 0)).toBe('2026-12-25');
    expect(bankDaysBetween('2026-12-25', '2026-12-25')).toBe(0);
    expect(bankDaysBetween('2027-01-11', '2026-12-30')).toBe(0);
  });

  it('property: addBankDays(d, n) is a bank day n bank days after d', () => {
    fc.assert(
      fc.property(innerDateArb, fc.integer({ min: 1, max: 250 }), (d, n) => {
        const r = addBankDays(d, n);
        expect(oracleBankDay(r)).toBe(true);
        expect(r > d).toBe(true);
        expect(bankDaysBetween(d, r)).toBe(n);
        // one day earlier there were only n - 1
        expect(bankDaysBetween(d, addDays(r, -1))).toBe(n - 1);
        // back again lands on d if d is a bank day, else on the bank day before it
        expect(addBankDays(r, -n)).toBe(bankDayOnOrBefore(d));
      }),
      { numRuns: 300 },
    );
  });

  it('property: negative n counts backwards', () => {
    fc.assert(
      fc.property(innerDateArb, fc.integer({ min: 1, max: 250 }), (d, n) => {
        const r = addBankDays(d, -n);
        expect(oracleBankDay(r)).toBe(true);
        expect(r < d).toBe(true);
        expect(bankDaysBetween(r, d)).toBe(n - 1 + (oracleBankDay(d) ? 1 : 0));
      }),
      { numRuns: 300 },
    );
  });

  it('property: bankDaysBetween equals a day-by-day count against date-holidays', () => {
    fc.assert(
      fc.property(innerDateArb, fc.integer({ min: -60, max: 400 }), (from, span) => {
        const to = addDays(from, span);
        let expected = 0;
        for (let i = 1; i <= span; i++) if (oracleBankDay(addDays(from, i))) expected++;
        expect(bankDaysBetween(from, to)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('property: bankDayOnOrAfter / OnOrBefore give the nearest bank day', () => {
    fc.assert(
      fc.property(innerDateArb, (d) => {
        const after = bankDayOnOrAfter(d);
        const before = bankDayOnOrBefore(d);
        expect(oracleBankDay(after) && oracleBankDay(before)).toBe(true);
        expect(after >= d && before <= d).toBe(true);
        expect(bankDaysBetween(addDays(d, -1), addDays(after, -1))).toBe(0);
        expect(bankDaysBetween(before, d)).toBe(0);
        expect(after === d).toBe(oracleBankDay(d));
      }),
    );
  });
});

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
