// The bench data itself: tenancies, their tenants and 12 months of rent ledger, each derived from a hash of
// the tenancy's number. Kept apart from how the data is written out (csv.ts: files; loader.ts: the database)
// so both derive every row from the same functions.

// Tenancy i (1-based, global) belongs to landlord floor((i - 1) / perLandlord). Everything about it comes
// from a 32-bit hash of i, so any range of tenancies can be produced on its own, in any order, and the
// CSV generators, the COPY file and the loader always agree row for row.
//
// Payment behaviour (about 13 % late payers, some with arrears on the bench date):
//   on_time     87 %   pays 0–3 days before the due date
//   late         8 %   4 months in 10 pays 8–27 days late (so a late January payment may not be in yet)
//   behind     3.5 %   has not paid the latest due month
//   behind_two 1.5 %   has not paid the two latest due months
// About 1 in 400 tenancy-months also has a credit (kreditering) of 150 kr.
// Personnummer are Skatteverket's test numbers (test/fixtures/personnummer.ts), reused cyclically.

import { createHash } from 'node:crypto';
import { addDays, dueDateOfMonth, type IsoDate } from '../src/calendar/model.ts';
import { TEST_PERSONNUMMER } from '../test/fixtures/personnummer.ts';

// ---------------------------------------------------------------------------------------------------
// Hashing

/** A 32-bit integer hash (the well-known 0x45d9f3b mixer): deterministic, well spread. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A number in [0, n) drawn for tenancy i and a purpose (salt). */
export function draw(i: number, salt: number, n: number): number {
  return mix32(Math.imul(i, 0x9e3779b1) ^ mix32(salt)) % n;
}

// ---------------------------------------------------------------------------------------------------
// Months of ledger

export interface LedgerMonth {
  /** 0 … 12: the month 11 months before the bench date's month … the month after it. */
  k: number;
  month: string; // YYYY-MM
  due: IsoDate;
  /** The rent notice (avi) goes out 30 days before the due date. */
  booked: IsoDate;
}

function shiftMonth(date: IsoDate, n: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const idx = y * 12 + (m - 1) + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

/** The 13 months whose rent notices may be booked by `date`: 12 months of history and the next notice. */
export function ledgerMonths(date: IsoDate): LedgerMonth[] {
  const months: LedgerMonth[] = [];
  for (let k = 0; k <= 12; k++) {
    const month = shiftMonth(date, k - 11);
    const due = dueDateOfMonth(month);
    months.push({ k, month, due, booked: addDays(due, -30) });
  }
  return months;
}

// ---------------------------------------------------------------------------------------------------
// Tenancies

export type PaymentPattern = 'on_time' | 'late' | 'behind' | 'behind_two';

export interface BenchTenant {
  personnummer: string; // 12 digits
  name: string;
  /** As written in the file, and as stored (E.164). PTS keeps 070-174 06 05 … 99 for fiction. */
  phoneFile: string | null;
  phone: string | null;
}

export interface BenchTenancy {
  index: number;
  landlord: number;
  id: string; // uuid, deterministic
  contract: string;
  objectNumber: string;
  address: string;
  postalCode: string; // stored form: five digits
  city: string;
  area: string;
  adults: number;
  children: number;
  rent: number; // öre
  startDate: IsoDate;
  lettingForm: 'hyresratt' | 'andrahand' | 'privatuthyrning';
  pattern: PaymentPattern;
  tenants: BenchTenant[];
}

const FIRST = ['Anna', 'Erik', 'Fatima', 'Johan', 'Maria', 'Ahmed', 'Sofia', 'Lars', 'Elin', 'Mohammed', 'Karin', 'Oskar', 'Leila', 'Nils', 'Emma', 'Yusuf', 'Ida', 'Gustav', 'Amina', 'Peter'];
const LAST = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Hassan', 'Ali', 'Lindberg', 'Berg', 'Holm', 'Åström'];
const STREETS = ['Storgatan', 'Björkvägen', 'Skolgatan', 'Söderleden', 'Ekvägen', 'Torggatan', 'Kyrkogatan', 'Parkvägen'];
export const BENCH_AREAS = Array.from({ length: 12 }, (_, n) => `Område ${n + 1}`);
export const BENCH_MUNICIPALITY_CODE = '9990';

/** A uuid derived from the tenancy number, so a COPY file can name tenancies without asking the database. */
export function benchTenancyId(i: number): string {
  const h = createHash('md5').update(`bokvar-bench-tenancy:${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function benchContract(i: number): string {
  return `K${String(i).padStart(7, '0')}`;
}

function pnr(n: number): string {
  return TEST_PERSONNUMMER[n % TEST_PERSONNUMMER.length]!;
}

function tenant(i: number, seat: number): BenchTenant {
  const personnummer = pnr(seat === 0 ? i - 1 : i - 1 + 7919);
  const name = `${FIRST[draw(i, 11 + seat, FIRST.length)]} ${LAST[draw(i, 12, LAST.length)]}`; // a household shares a surname
  const hasPhone = draw(i, 13 + seat, 10) < 9;
  const last2 = String(5 + draw(i, 15 + seat, 95)).padStart(2, '0');
  return {
    personnummer,
    name,
    phoneFile: hasPhone ? `070-174 06 ${last2}` : null,
    phone: hasPhone ? `+467017406${last2}` : null,
  };
}

export function benchTenancy(i: number, perLandlord: number): BenchTenancy {
  const p = draw(i, 1, 1000);
  const pattern: PaymentPattern = p < 15 ? 'behind_two' : p < 50 ? 'behind' : p < 130 ? 'late' : 'on_time';
  const adults = draw(i, 2, 2) + 1;
  const children = draw(i, 3, 10) < 3 ? 1 + draw(i, 4, 3) : 0;
  const lf = draw(i, 5, 100);
  const tenants = [tenant(i, 0)];
  if (adults === 2 && draw(i, 6, 2) === 0) tenants.push(tenant(i, 1));
  return {
    index: i,
    landlord: Math.floor((i - 1) / perLandlord),
    id: benchTenancyId(i),
    contract: benchContract(i),
    objectNumber: `O${String(i).padStart(7, '0')}`,
    address: `${STREETS[draw(i, 7, STREETS.length)]} ${1 + draw(i, 8, 120)}, lgh ${1001 + (i % 9000)}`,
    postalCode: `72${String(100 + draw(i, 9, 900))}`,
    city: 'Benchstad',
    area: BENCH_AREAS[draw(i, 10, BENCH_AREAS.length)]!,
    adults,
    children,
    rent: (5200 + draw(i, 20, 60) * 100) * 100,
    startDate: `20${15 + draw(i, 21, 8)}-0${1 + draw(i, 22, 9)}-01`,
    lettingForm: lf < 3 ? 'andrahand' : lf < 4 ? 'privatuthyrning' : 'hyresratt',
    pattern,
    tenants,
  };
}

// ---------------------------------------------------------------------------------------------------
// Ledger entries of one tenancy and month

export interface BenchEntry {
  kind: 'charge' | 'payment' | 'credit';
  bookedOn: IsoDate;
  dueDate: IsoDate | null;
  amount: number; // öre, as in the file (payments and credits positive)
  reference: string;
}

/** Index (k) of the latest month whose rent is due on or before the date. */
export function latestDueMonth(months: LedgerMonth[], date: IsoDate): number {
  let last = -1;
  for (const m of months) if (m.due <= date) last = m.k;
  return last;
}

/** Payment date of month k, or null when the tenancy has not paid it (yet, on the date). */
export function paidOn(t: BenchTenancy, m: LedgerMonth, latestDue: number, date: IsoDate): IsoDate | null {
  if (m.due > date) return null;
  if (t.pattern === 'behind' && m.k === latestDue) return null;
  if (t.pattern === 'behind_two' && m.k >= latestDue - 1) return null;
  const late = t.pattern !== 'on_time' && draw(t.index, 100 + m.k, 10) < (t.pattern === 'late' ? 4 : 2);
  const offset = late ? 8 + draw(t.index, 200 + m.k, 20) : -draw(t.index, 300 + m.k, 4);
  const on = addDays(m.due, offset);
  return on <= date ? on : null;
}

export function creditOn(t: BenchTenancy, m: LedgerMonth, date: IsoDate): IsoDate | null {
  if (draw(t.index, 400 + m.k, 400) !== 0) return null;
  const on = addDays(m.due, 5);
  return on <= date ? on : null;
}

export const CREDIT_AMOUNT = 15000;

export function monthEntries(t: BenchTenancy, m: LedgerMonth, latestDue: number, date: IsoDate): BenchEntry[] {
  const out: BenchEntry[] = [];
  if (m.booked > date) return out;
  out.push({ kind: 'charge', bookedOn: m.booked, dueDate: m.due, amount: t.rent, reference: `${t.contract}-A-${m.month}` });
  const paid = paidOn(t, m, latestDue, date);
  if (paid) out.push({ kind: 'payment', bookedOn: paid, dueDate: null, amount: t.rent, reference: `${t.contract}-B-${m.month}` });
  const credit = creditOn(t, m, date);
  if (credit) out.push({ kind: 'credit', bookedOn: credit, dueDate: null, amount: CREDIT_AMOUNT, reference: `${t.contract}-K-${m.month}` });
  return out;
}

export interface Range {
  /** First tenancy number (1-based, inclusive). */
  from: number;
  /** Last tenancy number (inclusive). */
  to: number;
  perLandlord: number;
  date: IsoDate;
}

/**
 * Every ledger entry of the tenancies in the range, month by month (the order a landlord's monthly
 * exports arrive in), stopping after maxRows entries.
 */
export function* ledgerEntries(r: Range, maxRows = Infinity): Generator<{ t: BenchTenancy; e: BenchEntry }> {
  const months = ledgerMonths(r.date);
  const latest = latestDueMonth(months, r.date);
  let n = 0;
  for (const m of months) {
    for (let i = r.from; i <= r.to; i++) {
      const t = benchTenancy(i, r.perLandlord);
      for (const e of monthEntries(t, m, latest, r.date)) {
        if (n++ >= maxRows) return;
        yield { t, e };
      }
    }
  }
}

/** Number of ledger entries the range has (without building them all). */
export function countLedgerEntries(r: Range): number {
  let n = 0;
  for (const _ of ledgerEntries(r)) n++;
  return n;
}

/** Tenancies needed for at least `rows` ledger entries (about 24.5 a tenancy). */
export function tenanciesForRows(rows: number, perLandlord: number, date: IsoDate): number {
  let t = Math.ceil(rows / 25);
  while (countLedgerEntries({ from: 1, to: t, perLandlord, date }) < rows) t = Math.ceil(t * 1.02) + 1;
  return t;
}
