// Swedish bank days, rent due dates and the statutory deadlines around terminating a lease for
// unpaid rent. Pure: no I/O, no clock (the caller passes `now`). Dates are civil dates written as
// ISO strings `YYYY-MM-DD`; all arithmetic is on day numbers (days since 1970-01-01), never local
// time. Holidays are computed once per year and cached, so isBankDay is O(1) after the first call
// for a year.
//
// Sources, as read (2026):
// - Lag (1989:253) om allmänna helgdagar 1–2 §§ (SFS 2004:1320 from 2005): the public holidays.
// - Lag (1930:173) om beräkning av lagstadgad tid 1 § (a period in weeks ends on the day with the
//   same weekday name) and 2 § (a last day falling on a Sunday, other public holiday, Saturday,
//   midsommarafton, julafton or nyårsafton moves to the next vardag).
// - Jordabalken 12 kap. 20 § (due date), 42 § första stycket 1 (forfeiture), 44 § (recovery and
//   the earliest eviction decision).

export type IsoDate = string;

export interface Holiday {
  date: IsoDate;
  name: string;
}

// ---------------------------------------------------------------------------------------------
// Civil dates as day numbers (proleptic Gregorian; algorithms after H. Hinnant, "chrono-compatible
// low-level date algorithms"). Day 0 = 1970-01-01.

const MIN_YEAR = 1;
const MAX_YEAR = 9999;

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400; // [0, 399]
  const mp = m > 2 ? m - 3 : m + 9; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1; // [0, 365]
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // [0, 146096]
  return era * 146097 + doe - 719468;
}

function yearOfDn(dn: number): number {
  const z = dn + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  return yoe + era * 400 + (m <= 2 ? 1 : 0);
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

const MIN_DN = daysFromCivil(MIN_YEAR, 1, 1);
const MAX_DN = daysFromCivil(MAX_YEAR, 12, 31);

/** Value of `len` ASCII digits at `at`, or -1 if any character is not a digit. */
function digits(s: string, at: number, len: number): number {
  let v = 0;
  for (let i = at; i < at + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Day number of a strict `YYYY-MM-DD` string, or NaN. */
function tryParse(s: string): number {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const y = digits(s, 0, 4);
  const m = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < MIN_YEAR || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, d);
}

function parse(s: IsoDate, field: string): number {
  const dn = tryParse(s);
  if (Number.isNaN(dn)) throw new RangeError(`${field}: ogiltigt datum "${String(s)}" (väntade ÅÅÅÅ-MM-DD)`);
  return dn;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function format(dn: number): IsoDate {
  if (!(dn >= MIN_DN && dn <= MAX_DN)) throw new RangeError(`datum utanför 0001-01-01–9999-12-31 (dag ${dn})`);
  const z = dn + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const ys = y >= 1000 ? String(y) : String(y).padStart(4, '0');
  return `${ys}-${pad2(m)}-${pad2(d)}`;
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
function weekdayOfDn(dn: number): number {
  return ((((dn + 3) % 7) + 7) % 7) + 1;
}

function checkInteger(n: number, field: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${field}: inte ett heltal: ${String(n)}`);
}

function checkYear(year: number, field = 'år'): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`${field}: ogiltigt år ${String(year)} (1–9999)`);
  }
}

// ---------------------------------------------------------------------------------------------
// Public date helpers

/** Strict `YYYY-MM-DD` that names a real calendar date (year 0001–9999). */
export function isIsoDate(s: string): boolean {
  return !Number.isNaN(tryParse(s));
}

export function addDays(d: IsoDate, n: number): IsoDate {
  checkInteger(n, 'dagar');
  return format(parse(d, 'datum') + n);
}

/** The same day n months later; a day the month lacks becomes its last day (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(d: IsoDate, n: number): IsoDate {
  checkInteger(n, 'månader');
  parse(d, 'datum');
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const months = y * 12 + (m - 1) + n;
  const year = Math.floor(months / 12);
  const month = (months % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/** `to - from` in days. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return parse(to, 'till') - parse(from, 'från');
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: IsoDate): number {
  return weekdayOfDn(parse(d, 'datum'));
}

// ---------------------------------------------------------------------------------------------
// Holidays

/** Day number of Easter Sunday (anonymous Gregorian computus, Meeus/Jones/Butcher). */
function easterDn(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(year, month, day);
}

/** The Saturday in [day1, day1 + 6] of the given month (day numbers). */
function saturdayFrom(year: number, month: number, day1: number): number {
  const start = daysFromCivil(year, month, day1);
  return start + ((6 - weekdayOfDn(start) + 7) % 7);
}

interface YearInfo {
  readonly start: number; // day number of 1 January
  readonly end: number; // day number of 31 December
  /** 1 if the day (index = day number - start) is not a bank day. */
  readonly closed: Uint8Array;
  /** cum[i] = number of bank days in [start, start + i). */
  readonly cum: Uint16Array;
  readonly holidays: readonly Holiday[];
}

const yearCache = new Map<number, YearInfo>();

function buildYear(year: number): YearInfo {
  const easter = easterDn(year);
  const midsommardagen = saturdayFrom(year, 6, 20); // lag 1989:253 2 §: lördagen 20–26 juni
  const list: [number, string][] = [
    [daysFromCivil(year, 1, 1), 'nyårsdagen'], // lag 1989:253 2 §
    [daysFromCivil(year, 1, 6), 'trettondedag jul'], // lag 1989:253 2 §
    [easter - 2, 'långfredagen'], // lag 1989:253 2 §: fredagen närmast före påskdagen
    [easter, 'påskdagen'], // lag 1989:253 2 §
    [easter + 1, 'annandag påsk'], // lag 1989:253 2 §
    [daysFromCivil(year, 5, 1), 'första maj'], // lag 1989:253 2 §
    [easter + 39, 'Kristi himmelsfärdsdag'], // lag 1989:253 2 §: sjätte torsdagen efter påskdagen
    [easter + 49, 'pingstdagen'], // lag 1989:253 2 §: sjunde söndagen efter påskdagen
    [midsommardagen - 1, 'midsommarafton'], // lag 1930:173 2 § (not a public holiday, treated as one)
    [midsommardagen, 'midsommardagen'], // lag 1989:253 2 §
    [saturdayFrom(year, 10, 31), 'alla helgons dag'], // lag 1989:253 2 §: lördagen 31 okt–6 nov
    [daysFromCivil(year, 12, 24), 'julafton'], // lag 1930:173 2 §
    [daysFromCivil(year, 12, 25), 'juldagen'], // lag 1989:253 2 §
    [daysFromCivil(year, 12, 26), 'annandag jul'], // lag 1989:253 2 §
    [daysFromCivil(year, 12, 31), 'nyårsafton'], // lag 1930:173 2 §
  ];
  if (year >= 2005) {
    list.push([daysFromCivil(year, 6, 6), 'nationaldagen']); // lag 1989:253 2 §, SFS 2004:1320 (from 2005)
  } else {
    list.push([easter + 50, 'annandag pingst']); // lag 1989:253 before SFS 2004:1320 (until 2004)
  }
  list.sort((x, y) => x[0] - y[0]);

  const start = daysFromCivil(year, 1, 1);
  const end = daysFromCivil(year, 12, 31);
  const len = end - start + 1;
  const closed = new Uint8Array(len);
  for (let i = 0; i < len; i++) if (weekdayOfDn(start + i) >= 6) closed[i] = 1;
  for (const [dn] of list) closed[dn - start] = 1;
  const cum = new Uint16Array(len + 1);
  for (let i = 0; i < len; i++) cum[i + 1] = (cum[i] ?? 0) + (closed[i] === 1 ? 0 : 1);
  const holidays = list.map(([dn, name]) => Object.freeze({ date: format(dn), name }));
  return { start, end, closed, cum, holidays: Object.freeze(holidays) };
}

function yearInfo(year: number): YearInfo {
  let info = yearCache.get(year);
  if (info === undefined) {
    info = buildYear(year);
    yearCache.set(year, info);
  }
  return info;
}

// Empty sentinel (end < start): the first lookup fills it.
let lastInfo: YearInfo = { start: 1, end: 0, closed: new Uint8Array(0), cum: new Uint16Array(1), holidays: [] };

/** The cached year containing day number dn (memoises the last year used). */
function infoForDn(dn: number): YearInfo {
  if (dn >= lastInfo.start && dn <= lastInfo.end) return lastInfo;
  if (!(dn >= MIN_DN && dn <= MAX_DN)) throw new RangeError(`datum utanför 0001-01-01–9999-12-31 (dag ${dn})`);
  lastInfo = yearInfo(yearOfDn(dn));
  return lastInfo;
}

function isBankDn(dn: number): boolean {
  const info = infoForDn(dn);
  return info.closed[dn - info.start] === 0;
}

/** Number of bank days in [a, b] (day numbers, inclusive); 0 if b < a. */
function countBankDays(a: number, b: number): number {
  let count = 0;
  let dn = a;
  while (dn <= b) {
    const info = infoForDn(dn);
    const hi = Math.min(b, info.end);
    count += (info.cum[hi - info.start + 1] ?? 0) - (info.cum[dn - info.start] ?? 0);
    dn = hi + 1;
  }
  return count;
}

/**
 * Public holidays under lag (1989:253) om allmänna helgdagar, including the Sundays påskdagen and
 * pingstdagen, plus midsommarafton, julafton and nyårsafton (which lag 1930:173 2 § treats like
 * holidays). Swedish names, sorted by date; two may share a date (e.g. Kristi himmelsfärdsdag on
 * första maj, as in 2008). Before 2005 annandag pingst instead of nationaldagen (SFS 2004:1320).
 */
export function swedishHolidays(year: number): Holiday[] {
  checkYear(year);
  return yearInfo(year).holidays.map((h) => ({ date: h.date, name: h.name }));
}

/**
 * Not a Saturday or Sunday, not a public holiday, not midsommarafton, julafton or nyårsafton:
 * a "vardag" in the sense of lag 1930:173 2 §, and a day the banks are open.
 */
export function isBankDay(d: IsoDate): boolean {
  return isBankDn(parse(d, 'datum'));
}

export function bankDayOnOrAfter(d: IsoDate): IsoDate {
  let dn = parse(d, 'datum');
  while (!isBankDn(dn)) dn++;
  return format(dn);
}

export function bankDayOnOrBefore(d: IsoDate): IsoDate {
  let dn = parse(d, 'datum');
  while (!isBankDn(dn)) dn--;
  return format(dn);
}

/** n >= 1: the n-th bank day after d (d itself never counts); 0: d; n < 0: the |n|-th bank day before d. */
export function addBankDays(d: IsoDate, n: number): IsoDate {
  checkInteger(n, 'bankdagar');
  let dn = parse(d, 'datum');
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0; ) {
    dn += step;
    if (isBankDn(dn)) left--;
  }
  return format(dn);
}

/** Number of bank days in (from, to]; 0 if to <= from. */
export function bankDaysBetween(from: IsoDate, to: IsoDate): number {
  const a = parse(from, 'från');
  const b = parse(to, 'till');
  return b <= a ? 0 : countBankDays(a + 1, b);
}

// ---------------------------------------------------------------------------------------------
// Rent and the statutory deadlines

/**
 * Due date of the rent FOR the month (1–12) of `year`: the last bank day before the 1st.
 * JB 12 kap 20 §: "senast sista vardagen före varje kalendermånads början"; Saturdays, Sundays,
 * holidays and the three eves are not vardagar (lag 1930:173 2 §), so January 2027 → 2026-12-30.
 */
export function rentDueDate(year: number, month: number): IsoDate {
  checkYear(year);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`månad: ogiltig månad ${String(month)} (1–12)`);
  let dn = daysFromCivil(year, month, 1) - 1; // JB 12 kap 20 §: före kalendermånadens början
  while (!isBankDn(dn)) dn--;
  return format(dn);
}

/** Same as rentDueDate, month given as `YYYY-MM`. */
export function dueDateOfMonth(month: string): IsoDate {
  const ok = typeof month === 'string' && month.length === 7 && month.charCodeAt(4) === 45;
  const y = ok ? digits(month, 0, 4) : -1;
  const m = ok ? digits(month, 5, 2) : -1;
  if (y < MIN_YEAR || m < 1 || m > 12) throw new RangeError(`månad: ogiltig månad "${String(month)}" (väntade ÅÅÅÅ-MM)`);
  return rentDueDate(y, m);
}

/**
 * First day the lease of a home may be terminated for non-payment of the rent due on `dueDate`.
 * JB 12 kap 42 § första stycket 1: forfeited when the tenant "dröjer med att betala hyran mer än en
 * vecka efter förfallodagen". The week ends on the same weekday one week later (lag 1930:173 1 §);
 * paying that day is on time. If that last day is a Saturday, Sunday, holiday or one of the three
 * eves, payment may be made the next vardag (lag 1930:173 2 §: "den tid, då enligt lag … en åtgärd
 * senast ska vidtas"). Forfeiture is possible from the day after.
 * TODO verify: no case law found on whether 2 § moves the one-week period of 42 § 1 st 1; we apply
 * it because the wording covers it and a termination sent one day too early is void, while one
 * sent a day later costs nothing (e.g. due 2026-12-30 → week ends 2027-01-06, trettondedag jul →
 * may pay 2027-01-07 → forfeiture from 2027-01-08).
 */
export function forfeitureFrom(dueDate: IsoDate): IsoDate {
  let last = parse(dueDate, 'förfallodag') + 7; // JB 12 kap 42 § 1 st 1 "en vecka"; lag 1930:173 1 §
  while (!isBankDn(last)) last++; // lag 1930:173 2 §
  return format(last + 1); // "mer än en vecka": the first day after the last day to pay
}

/**
 * Last day the tenant can pay and keep the home (återvinning). JB 12 kap 44 § första stycket 1:
 * "inom tre veckor från det att" the tenant has been served the notice (delgetts underrättelse)
 * AND the social welfare board has been notified (meddelande … lämnats till socialnämnden); the
 * period runs from the later of the two. Three weeks end on the same weekday (lag 1930:173 1 §);
 * a last day on a Saturday, Sunday, holiday or one of the three eves moves to the next vardag
 * (lag 1930:173 2 §).
 */
export function recoveryDeadline(servedOnTenant: IsoDate, deliveredToBoard: IsoDate): IsoDate {
  const start = Math.max(parse(servedOnTenant, 'delgiven hyresgäst'), parse(deliveredToBoard, 'meddelad socialnämnd')); // JB 12 kap 44 § 1 st 1: båda villkoren
  let last = start + 21; // JB 12 kap 44 § 1 st 1 "tre veckor"; lag 1930:173 1 §
  while (!isBankDn(last)) last++; // lag 1930:173 2 §
  return format(last);
}

/**
 * Earliest day a decision on eviction may be given, given the last day of the recovery period.
 * JB 12 kap 44 §: "Beslut om avhysning får meddelas tidigast tredje vardagen efter utgången av den
 * tid som anges i första stycket" (the older wording, SFS 1994:841: not "förrän det efter utgången
 * av den tid … har gått ytterligare två vardagar" — the same day). Read as: the recovery period
 * ends with its last day (after any move under lag 1930:173 2 §); two whole vardagar must then
 * pass; the decision may come on the third vardag after the last day.
 * TODO verify: the current wording was read from the parallel rule in bostadsrättslagen 7 kap 23 §
 * (SFS 2014:319) and the 1994 JB text; "vardag" is taken to exclude Saturdays and the three eves
 * as in lag 1930:173 2 § (the later, tenant-protective reading).
 */
export function earliestEvictionDecision(recoveryDeadline: IsoDate): IsoDate {
  return addBankDays(recoveryDeadline, 3); // JB 12 kap 44 §: tidigast tredje vardagen efter utgången
}
