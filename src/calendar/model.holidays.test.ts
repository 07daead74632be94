// Swedish holidays and bank days, checked against date-holidays for 2000–2100.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addBankDays, addDays, bankDayOnOrAfter, bankDayOnOrBefore, bankDaysBetween, isBankDay, swedishHolidays } from './model.ts';
import { allDays, FIRST_YEAR, innerDateArb, LAST_YEAR, oracleBankDay, ref } from './model.test-helpers.ts';

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
