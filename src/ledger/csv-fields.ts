// The small field formats of a ledger file (docs/import-format.md): amounts in kronor to öre, dates,
// Swedish phone numbers, e-mail addresses, and column and code names compared without case or accents.
import { isRealDate } from './personnummer.ts';

// Thousands separators: space, no-break space, thin space, narrow no-break space.
const GROUP_SEPARATORS = /[ \u00a0\u2009\u202f]/g;
const AMOUNT = /^(\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+|\d+)(?:[.,](\d{1,2}))?$/;
const MAX_KRONOR_DIGITS = 13; // < 10^13 kr keeps every öre amount an exact integer (< 2^53)

/**
 * "12 345,50" → 1234550. Decimal comma or point (at most two decimals), spaces (also no-break, thin and
 * narrow no-break) between groups of three digits, optional leading minus. Anything else — a currency
 * ("kr", "SEK"), a plus sign, two decimal marks, "." or "," as thousands separator — gives null.
 * The result is an exact integer (no floating-point arithmetic on fractions).
 */
export function parseAmountToOre(s: string): number | null {
  let t = s.trim();
  let negative = false;
  if (t.startsWith('-') || t.startsWith('\u2212')) {
    negative = true;
    t = t.slice(1);
  }
  const m = AMOUNT.exec(t);
  if (!m) return null;
  const kronor = (m[1] ?? '').replace(GROUP_SEPARATORS, '');
  if (kronor.length > MAX_KRONOR_DIGITS) return null;
  const ore = Number(kronor) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return negative && ore !== 0 ? -ore : ore;
}

export function amountReason(raw: string): string {
  if (/kr|sek|:-/i.test(raw)) return 'Beloppet får inte innehålla "kr" eller annan valuta – skriv bara talet, t.ex. 7 450,00';
  const marks = raw.replace(/[^.,]/g, '');
  if (marks.length > 1) {
    return 'Ogiltigt belopp: använd ett decimaltecken (komma eller punkt) och mellanslag mellan tusental, t.ex. 12 345,50';
  }
  if (/[.,]\d{3,}\s*$/.test(raw)) return 'Ogiltigt belopp: högst två decimaler (öre)';
  return 'Ogiltigt belopp (skriv t.ex. 7 450,00 eller -250)';
}

// ---------------------------------------------------------------------------------------------------
// Dates and small field formats

const DATE_DASHED = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

export type DateResult = { ok: true; value: string } | { ok: false; reason: string };

/** "2026-01-31" or "20260131" → "2026-01-31". */
export function parseDate(raw: string): DateResult {
  const m = DATE_DASHED.exec(raw) ?? DATE_COMPACT.exec(raw);
  if (!m) return { ok: false, reason: 'Ogiltigt datum (skriv ÅÅÅÅ-MM-DD, t.ex. 2026-01-31)' };
  const [, y = '', mo = '', d = ''] = m;
  if (!isRealDate(Number(y), Number(mo), Number(d))) return { ok: false, reason: 'Datumet finns inte i kalendern' };
  if (Number(y) < 1900 || Number(y) > 2100) return { ok: false, reason: 'Orimligt årtal (ska vara mellan 1900 och 2100)' };
  return { ok: true, value: `${y}-${mo}-${d}` };
}

/** Swedish numbers → E.164 (+46…); other numbers must already be international (+ or 00). */
export function normalisePhone(raw: string): string | null {
  let s = raw.replace(/\(0\)/g, '').replace(/[\s\u00a0\u2009\u202f\-./()]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  if (s.startsWith('+')) {
    if (!/^\+[1-9]\d{6,14}$/.test(s)) return null;
    if (!s.startsWith('+46')) return s;
    let national = s.slice(3);
    if (national.startsWith('0')) national = national.slice(1); // "+46 070…" is a common slip
    return /^[1-9]\d{6,8}$/.test(national) ? `+46${national}` : null;
  }
  return /^0[1-9]\d{6,8}$/.test(s) ? `+46${s.slice(1)}` : null;
}

export const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>".]+(\.[^\s@,;<>".]+)*\.[^\s@,;<>".\d]{2,}$/;

export function foldName(s: string): string {
  return s.trim().toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}
