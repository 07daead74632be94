// Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).
// Pure, no I/O. Stored form: 12 digits without separator (YYYYMMDDNNNC).
//
// Rules (Skatteverket, SKV 704 "Personnummer"; folkbokföringslagen 18 §, 18 a §):
// - YYMMDD-NNNC: birth date, three-digit birth number (001–999), Luhn check digit over the 9 digits
//   YYMMDDNNN (weights 2,1,2,1,…; digits of products summed).
// - The separator becomes '+' the year the person turns 100, so a 10-digit form gets its century from
//   the separator and a reference date.
// - Coordination number: the day of birth plus 60 (folkbokföringslagen 18 a §).

export type PersonnummerResult =
  | { ok: true; value: string; birthDate: string; coordinationNumber: boolean }
  | { ok: false; reason: string };

const FORMAT = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when year-month-day is a real calendar date (proleptic Gregorian). */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Luhn check digit for the nine digits YYMMDDNNN. */
export function luhnCheckDigit(nineDigits: string): number {
  if (!/^\d{9}$/.test(nineDigits)) throw new RangeError('luhnCheckDigit needs exactly nine digits');
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}

function parseIsoDate(s: string): { y: number; m: number; d: number } | null {
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return isRealDate(y, mo, d) ? { y, m: mo, d } : null;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Compare (month, day) pairs: negative when a is earlier in the year than b. */
function compareMonthDay(am: number, ad: number, bm: number, bd: number): number {
  return am !== bm ? am - bm : ad - bd;
}

const FORMAT_REASON =
  'Ogiltigt personnummer (fel format: skriv ÅÅÅÅMMDD-NNNN, ÅÅÅÅMMDDNNNN eller ÅÅMMDD-NNNN)';

/**
 * Validate and normalise a personnummer or samordningsnummer.
 * Accepts YYYYMMDDNNNC, YYYYMMDD-NNNC, YYMMDD-NNNC, YYMMDD+NNNC and YYMMDDNNNC (surrounding spaces are
 * ignored). For the 10-digit forms the century is the one that makes the person younger than 100 on
 * `referenceDate` ('-' or no separator) or at least 100 ('+').
 * @param referenceDate YYYY-MM-DD, normally today.
 */
export function parsePersonnummer(input: string, referenceDate: string): PersonnummerResult {
  const ref = parseIsoDate(referenceDate);
  if (ref === null) throw new RangeError(`referenceDate must be a real YYYY-MM-DD date: ${referenceDate}`);
  const s = input.trim();
  if (s === '') return { ok: false, reason: 'Personnummer saknas' };
  const m = FORMAT.exec(s);
  if (!m) return { ok: false, reason: FORMAT_REASON };
  const [, century, yy = '', mm = '', dd = '', separator = '', birthNumber = '', check = ''] = m;
  const month = Number(mm);
  const dayField = Number(dd);
  const coordinationNumber = dayField > 60;
  const day = coordinationNumber ? dayField - 60 : dayField;

  let year: number;
  if (century !== undefined) {
    if (century !== '18' && century !== '19' && century !== '20') {
      return { ok: false, reason: 'Ogiltigt personnummer (året måste börja med 18, 19 eller 20)' };
    }
    year = Number(century + yy);
  } else {
    // The latest year ending in yy whose date is not after the reference date; '+' adds 100 years of age.
    year = ref.y - ((ref.y - Number(yy) + 100) % 100);
    if (year === ref.y && compareMonthDay(month, day, ref.m, ref.d) > 0) year -= 100;
    if (separator === '+') year -= 100;
  }

  if (!isRealDate(year, month, day)) {
    return {
      ok: false,
      reason: coordinationNumber
        ? 'Ogiltigt samordningsnummer (datumet finns inte)'
        : 'Ogiltigt personnummer (datumet finns inte)',
    };
  }
  if (year > ref.y || (year === ref.y && compareMonthDay(month, day, ref.m, ref.d) > 0)) {
    return { ok: false, reason: 'Ogiltigt personnummer (födelsedatumet ligger i framtiden)' };
  }
  if (birthNumber === '000') {
    return { ok: false, reason: 'Ogiltigt personnummer (födelsenumret 000 används inte)' };
  }
  if (luhnCheckDigit(yy + mm + dd + birthNumber) !== Number(check)) {
    return { ok: false, reason: 'Ogiltigt personnummer (kontrollsiffran stämmer inte)' };
  }
  return {
    ok: true,
    value: `${year}${mm}${dd}${birthNumber}${check}`,
    birthDate: `${year}-${mm}-${pad2(day)}`,
    coordinationNumber,
  };
}

/**
 * Age in whole years on `date` (YYYY-MM-DD) of the holder of a 12-digit personnummer or samordningsnummer.
 * Someone born on 29 February becomes a year older on 1 March in years without a 29 February.
 */
export function ageOn(pnr12: string, date: string): number {
  if (!/^\d{12}$/.test(pnr12)) throw new RangeError('ageOn needs a 12-digit personnummer');
  const on = parseIsoDate(date);
  if (on === null) throw new RangeError(`date must be a real YYYY-MM-DD date: ${date}`);
  const y = Number(pnr12.slice(0, 4));
  const m = Number(pnr12.slice(4, 6));
  const dayField = Number(pnr12.slice(6, 8));
  const d = dayField > 60 ? dayField - 60 : dayField;
  return on.y - y - (compareMonthDay(on.m, on.d, m, d) < 0 ? 1 : 0);
}
