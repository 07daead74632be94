import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TEST_PERSONNUMMER,
  TEST_PERSONNUMMER_PERIODS,
  isTestPersonnummer,
  testPersonnummer,
} from '../../test/fixtures/personnummer.ts';
import { ageOn, daysInMonth, luhnCheckDigit, parsePersonnummer } from './personnummer.ts';

const TODAY = '2026-01-15';

function ok(input: string, referenceDate = TODAY) {
  const r = parsePersonnummer(input, referenceDate);
  if (!r.ok) throw new Error(`expected ${input} to be valid, got: ${r.reason}`);
  return r;
}

function reason(input: string, referenceDate = TODAY): string {
  const r = parsePersonnummer(input, referenceDate);
  if (r.ok) throw new Error(`expected ${input} to be rejected`);
  return r.reason;
}

describe('parsePersonnummer', () => {
  it('accepts the 12- and 10-digit forms with or without separator and normalises to 12 digits', () => {
    for (const form of ['199001012385', '19900101-2385', '900101-2385', '9001012385', ' 900101-2385 ']) {
      expect(ok(form)).toEqual({ ok: true, value: '199001012385', birthDate: '1990-01-01', coordinationNumber: false });
    }
  });

  it('takes the century of a 10-digit form from the separator and the reference date', () => {
    expect(ok('460304-7327').value).toBe('194603047327');
    expect(ok('460304+7327').value).toBe('184603047327'); // '+': 100 years or older
    expect(ok('040612-2382').value).toBe('200406122382');
    expect(ok('040612+2382').value).toBe('190406122382');
    // Born on the reference date's day and month: the latest such date not after the reference date.
    expect(ok('900101-2385', '2089-12-31').value).toBe('199001012385');
    expect(ok('900101-2385', '2090-01-01').value).toBe('209001012385');
    expect(ok('900101+2385', '2090-01-01').value).toBe('199001012385');
  });

  it('accepts a samordningsnummer (day + 60) and reports the real birth date', () => {
    // Skatteverket's own example (SKV M 2010:3): a man born 3 October 1970 with individual number 239.
    expect(ok('701063-2391')).toEqual({
      ok: true,
      value: '197010632391',
      birthDate: '1970-10-03',
      coordinationNumber: true,
    });
  });

  it('rejects with a reason in Swedish', () => {
    expect(reason('')).toBe('Personnummer saknas');
    expect(reason('19900101-238')).toMatch(/^Ogiltigt personnummer \(fel format/);
    expect(reason('1990-01-01-2385')).toMatch(/fel format/);
    expect(reason('abcdef-ghij')).toMatch(/fel format/);
    expect(reason('19900101-2386')).toBe('Ogiltigt personnummer (kontrollsiffran stämmer inte)');
    expect(reason('19900230-2385')).toBe('Ogiltigt personnummer (datumet finns inte)');
    expect(reason('19901301-2385')).toBe('Ogiltigt personnummer (datumet finns inte)');
    expect(reason('19700193-2391')).toBe('Ogiltigt samordningsnummer (datumet finns inte)');
    expect(reason('17900101-2385')).toMatch(/18, 19 eller 20/);
    expect(reason('20300101-2385')).toBe('Ogiltigt personnummer (födelsedatumet ligger i framtiden)');
    const zero = `900101000${luhnCheckDigit('900101000')}`;
    expect(reason(zero)).toBe('Ogiltigt personnummer (födelsenumret 000 används inte)');
  });

  it('checks the date against the century: 29 February only in leap years', () => {
    expect(ok('20040229-2395').birthDate).toBe('2004-02-29');
    const nineteenHundred = `000229238${luhnCheckDigit('000229238')}`;
    expect(reason(`19${nineteenHundred}`)).toBe('Ogiltigt personnummer (datumet finns inte)'); // 1900: not a leap year
    expect(ok(nineteenHundred).value).toBe(`20${nineteenHundred}`); // 2000 is
  });

  it('throws on a reference date that is not a date (a programming error, not bad input)', () => {
    expect(() => parsePersonnummer('199001012385', '2026-02-30')).toThrow(RangeError);
  });
});

describe('Luhn checksum (properties)', () => {
  const nineDigits = fc.stringMatching(/^\d{9}$/);

  it('exactly one check digit completes any nine digits', () => {
    fc.assert(
      fc.property(nineDigits, (d) => {
        const c = luhnCheckDigit(d);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThanOrEqual(9);
      }),
    );
  });

  // A valid date, birth number 001–999 and the right check digit.
  const validPnr = fc
    .record({
      year: fc.integer({ min: 1900, max: 2025 }),
      month: fc.integer({ min: 1, max: 12 }),
      dayIndex: fc.integer({ min: 0, max: 30 }),
      birthNumber: fc.integer({ min: 1, max: 999 }),
      coordination: fc.boolean(),
    })
    .map(({ year, month, dayIndex, birthNumber, coordination }) => {
      const day = (dayIndex % daysInMonth(year, month)) + 1;
      const p2 = (n: number) => String(n).padStart(2, '0');
      const nine = `${String(year).slice(2)}${p2(month)}${p2(coordination ? day + 60 : day)}${String(birthNumber).padStart(3, '0')}`;
      return { pnr12: `${String(year).slice(0, 2)}${nine}${luhnCheckDigit(nine)}`, birthDate: `${year}-${p2(month)}-${p2(day)}` };
    });

  it('every well-formed number is accepted, and its 12-digit and 10-digit forms agree', () => {
    fc.assert(
      fc.property(validPnr, ({ pnr12, birthDate }) => {
        const r = ok(pnr12);
        expect(r.value).toBe(pnr12);
        expect(r.birthDate).toBe(birthDate);
        const separator = ageOn(pnr12, TODAY) >= 100 ? '+' : '-';
        expect(ok(`${pnr12.slice(2, 8)}${separator}${pnr12.slice(8)}`).value).toBe(pnr12);
      }),
    );
  });

  it('changing any single digit is always detected', () => {
    fc.assert(
      fc.property(validPnr, fc.integer({ min: 2, max: 11 }), fc.integer({ min: 1, max: 9 }), ({ pnr12 }, pos, delta) => {
        const digit = (Number(pnr12[pos]) + delta) % 10;
        const changed = `${pnr12.slice(0, pos)}${digit}${pnr12.slice(pos + 1)}`;
        expect(parsePersonnummer(changed, TODAY).ok).toBe(false);
      }),
    );
  });
});

describe('ageOn', () => {
  it('counts whole years, the birthday included', () => {
    expect(ageOn('199001012385', '2025-12-31')).toBe(35);
    expect(ageOn('199001012385', '2026-01-01')).toBe(36);
    expect(ageOn('197010632391', '2026-10-02')).toBe(55); // samordningsnummer: day - 60
    expect(ageOn('197010632391', '2026-10-03')).toBe(56);
  });

  it('someone born on 29 February turns a year older on 1 March in other years', () => {
    expect(ageOn('200402292395', '2025-02-28')).toBe(20);
    expect(ageOn('200402292395', '2025-03-01')).toBe(21);
    expect(ageOn('200402292395', '2028-02-29')).toBe(24);
  });
});

describe('test personnummer fixture (Skatteverket\'s list)', () => {
  it('every number held is a valid, normalised personnummer, sorted and unique', () => {
    expect(TEST_PERSONNUMMER.length).toBe(1961);
    for (const pnr of TEST_PERSONNUMMER) {
      const r = parsePersonnummer(pnr, TODAY);
      expect(r.ok && r.value, pnr).toBe(pnr);
    }
    expect([...TEST_PERSONNUMMER].sort()).toEqual(TEST_PERSONNUMMER);
    expect(new Set(TEST_PERSONNUMMER).size).toBe(TEST_PERSONNUMMER.length);
  });

  it('holds numbers also found in other published copies of the list', () => {
    // From the list in KentorIT/PU-Adapter, TestData/Testpersonnummer.cs ("Testpersonnummer från skatteverket").
    for (const pnr of ['195102031753', '195312242083', '195702182568', '195711212893', '196107293059', '198705212382', '199001252387']) {
      expect(isTestPersonnummer(pnr), pnr).toBe(true);
    }
    expect(isTestPersonnummer('199001019851')).toBe(false); // valid checksum, not on the list
  });

  it('testPersonnummer gives 20 different list numbers born on or after the date, deterministically', () => {
    const dates = ['1946-03-04', '1955-03-07', '1968-01-01', '1985-06-01', '1990-01-01', '1990-05-31', '2003-01-01', '2004-02-29', '2004-12-01'];
    for (const date of dates) {
      const got = Array.from({ length: 20 }, (_, n) => testPersonnummer(date, n));
      expect(new Set(got).size, date).toBe(20);
      for (const pnr of got) {
        expect(isTestPersonnummer(pnr)).toBe(true);
        expect(ok(pnr).birthDate >= date).toBe(true);
      }
      expect(Array.from({ length: 20 }, (_, n) => testPersonnummer(date, n))).toEqual(got);
    }
    // Where the list is dense the birth date is the one asked for.
    expect(ok(testPersonnummer('1990-03-15', 0)).birthDate).toBe('1990-03-15');
    expect(ok(testPersonnummer('1990-03-15', 1)).birthDate).toBe('1990-03-15');
    expect(ok(testPersonnummer('2004-07-01', 0)).birthDate).toBe('2004-07-01');
  });

  it('never leaves the list: dates outside the periods and exhausted periods throw', () => {
    expect(() => testPersonnummer('1995-01-01', 0)).toThrow(/no test personnummer/);
    expect(() => testPersonnummer('2004-12-31', 1)).toThrow(/only 1/);
    expect(() => testPersonnummer('1990-13-01', 0)).toThrow(RangeError);
    expect(() => testPersonnummer('1990-01-01', -1)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1960 }), fc.integer({ min: 0, max: 40 }), (i, n) => {
        const pnr = TEST_PERSONNUMMER[i] ?? '';
        const date = `${pnr.slice(0, 4)}-${pnr.slice(4, 6)}-${pnr.slice(6, 8)}`;
        try {
          expect(isTestPersonnummer(testPersonnummer(date, n))).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(RangeError);
        }
      }),
    );
    expect(TEST_PERSONNUMMER_PERIODS.map((p) => [p.from, p.to])).toEqual([
      ['1946-03-04', '1990-06-17'],
      ['2003-01-01', '2004-12-31'],
    ]);
  });
});
