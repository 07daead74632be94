import { bankDaysBetween, daysBetween, type IsoDate } from '../calendar/model.ts';

export type LettingForm = 'hyresratt' | 'andrahand' | 'privatuthyrning';
export type EntryKind = 'charge' | 'payment' | 'credit';

export interface LedgerEntry {
  kind: EntryKind;
  bookedOn: IsoDate;
  /** Charges only: the date the rent was due. */
  dueDate: IsoDate | null;
  /** Öre, as in the landlord's file: a charge raises the debt, a payment or credit lowers it. */
  amount: number;
}

/** Ledger rows as the store returns them → entries for arrearsOn. */
export function fromLedgerRows(rows: readonly { kind: EntryKind; booked_on: IsoDate; due_date: IsoDate | null; amount: number }[]): LedgerEntry[] {
  return rows.map((e) => ({ kind: e.kind, bookedOn: e.booked_on, dueDate: e.due_date, amount: e.amount }));
}

export interface Arrears {
  /** Öre owed on the date: charges due by then less everything paid or credited by then. */
  owed: number;
  /** Due date of the oldest charge not fully paid (payments settle the oldest charge first). */
  oldestUnpaidDueDate: IsoDate | null;
  /** Owed divided by the monthly rent, to two decimals (0 when there is no rent). */
  monthsOwed: number;
  daysLate: number;
  bankDaysLate: number;
  /** What is still unpaid of each charge, oldest first: the basis of the notice's "amount owed by month". */
  unpaidCharges: { dueDate: IsoDate; unpaid: number }[];
}

/**
 * The arrears of one tenancy on a date. Payments and credits settle the oldest charge first, whatever
 * reference the tenant wrote; a payment made before a charge falls due counts as paid in advance.
 */
export function arrearsOn(entries: readonly LedgerEntry[], monthlyRent: number, date: IsoDate): Arrears {
  let paid = 0;
  let firstReversal: IsoDate | null = null;
  const charges: { dueDate: IsoDate; amount: number }[] = [];
  for (const e of entries) {
    if (e.kind === 'charge') {
      if (e.dueDate !== null && e.dueDate <= date) charges.push({ dueDate: e.dueDate, amount: e.amount });
    } else if (e.bookedOn <= date) {
      paid += e.amount;
      if (e.amount < 0 && (firstReversal === null || e.bookedOn < firstReversal)) firstReversal = e.bookedOn;
    }
  }
  charges.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  const totalCharged = charges.reduce((s, c) => s + c.amount, 0);
  const owed = totalCharged - paid;
  const unpaidCharges: { dueDate: IsoDate; unpaid: number }[] = [];
  let settled = paid;
  for (const c of charges) {
    const covered = Math.max(0, Math.min(c.amount, settled));
    settled -= covered;
    if (c.amount - covered > 0) unpaidCharges.push({ dueDate: c.dueDate, unpaid: c.amount - covered });
  }
  // Reversals beyond everything paid (the reversed payment predates the file) are a debt of their own,
  // dated from the first reversal, so the months add up to what is owed.
  if (paid < 0 && firstReversal !== null) {
    unpaidCharges.push({ dueDate: firstReversal, unpaid: -paid });
    unpaidCharges.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  }
  const oldest = owed > 0 ? (unpaidCharges[0]?.dueDate ?? null) : null;
  return {
    owed,
    oldestUnpaidDueDate: oldest,
    monthsOwed: monthsOwed(owed, monthlyRent),
    daysLate: oldest ? Math.max(0, daysBetween(oldest, date)) : 0,
    bankDaysLate: oldest ? bankDaysBetween(oldest, date) : 0,
    unpaidCharges: owed > 0 ? unpaidCharges : [],
  };
}

export function monthsOwed(owed: number, monthlyRent: number): number {
  if (owed <= 0 || monthlyRent <= 0) return 0;
  return Math.round((owed / monthlyRent) * 100) / 100;
}

/** 123456 öre → "1 234,56 kr" (Swedish grouping with no-break spaces). */
export function formatKronor(ore: number): string {
  const sign = ore < 0 ? '−' : '';
  const abs = Math.abs(ore);
  const kr = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${sign}${kr},${String(abs % 100).padStart(2, '0')}\u00a0kr`;
}
