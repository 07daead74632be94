// The daily run finds who is in arrears with one SQL pass over the ledger (dailyRunStore.arrears);
// the tenancy page and the notice use the pure rule of ledger/model.ts (arrearsOn). The two must agree
// on what is owed and on the oldest unpaid due date for any ledger and any date, or the worklist and
// the tenancy page tell an officer different things (issue 2 §4: payments settle the oldest charge first).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/calendar/model.ts';
import { dailyRunStore } from '../../src/collection/daily-run-store.ts';
import { arrearsOn, type LedgerEntry } from '../../src/ledger/model.ts';
import type { Database } from '../../src/platform/database.ts';
import { migrate } from '../../src/platform/migrate.ts';
import { freshDatabase } from '../support/app.ts';

const BASE = '2026-01-01';
const RENT = 800000;

interface GenEntry {
  kind: LedgerEntry['kind'];
  booked: number; // days after BASE
  due: number | null;
  amount: number;
}

// Amounts: whole rents and halves often, so that payments exactly cover charges (the edge of "oldest
// unpaid"), and arbitrary öre otherwise.
const amount = fc.oneof(fc.constantFrom(RENT, RENT / 2, RENT * 2), fc.integer({ min: 1, max: 2_000_000 }));
const day = fc.integer({ min: 0, max: 200 });

// One event of a ledger: a rent notice, or a payment or credit that may later be reversed (a payment
// returned by the bank, a credit cancelled), the reversal booked as the negative amount.
const event: fc.Arbitrary<GenEntry[]> = fc.oneof(
  // a rent notice (avi), booked some days before it falls due
  fc.record({ due: day, lead: fc.integer({ min: 0, max: 20 }), amount }).map((c) => [{ kind: 'charge' as const, booked: Math.max(0, c.due - c.lead), due: c.due, amount: c.amount }]),
  fc
    .record({
      kind: fc.constantFrom('payment' as const, 'credit' as const),
      booked: day,
      // a payment sometimes names the due date it was meant for
      due: fc.option(day, { nil: null }),
      amount,
      reversedAfter: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null, freq: 3 }),
    })
    .map((p) => {
      const entry: GenEntry = { kind: p.kind, booked: p.booked, due: p.kind === 'payment' ? p.due : null, amount: p.amount };
      return p.reversedAfter === null ? [entry] : [entry, { kind: p.kind, booked: p.booked + p.reversedAfter, due: null, amount: -p.amount }];
    }),
);
// Entries in any order: the ledger is not sorted in the table either.
const entries = fc.array(event, { minLength: 0, maxLength: 10 }).chain((events) => fc.shuffledSubarray(events.flat(), { minLength: events.flat().length }));

const ledgers = fc.array(entries, { minLength: 1, maxLength: 5 });
const dates = fc.array(fc.integer({ min: -5, max: 215 }), { minLength: 1, maxLength: 4 });

let db: Database;
let drop: () => Promise<void>;
let run = 0;

beforeAll(async () => {
  ({ db, drop } = await freshDatabase());
  await migrate(db);
});
afterAll(async () => drop?.());

/** A new landlord with the given tenancies and ledgers, inserted directly. Returns the tenancy ids. */
async function insertLedgers(tenancyLedgers: GenEntry[][]): Promise<{ landlordId: string; tenancyIds: string[] }> {
  run++;
  const [org] = await db.query<{ id: string }>("insert into organisations (kind, name) values ('landlord', $1) returning id", [`Hyresvärd ${run}`]);
  const landlordId = org!.id;
  const tenancyIds: string[] = [];
  for (let i = 0; i < tenancyLedgers.length; i++) {
    const [t] = await db.query<{ id: string }>(
      `insert into tenancies (landlord_id, contract_number, address, municipality_code, monthly_rent, start_date)
       values ($1, $2, $3, '1980', $4, '2020-01-01') returning id`,
      [landlordId, `P-${i}`, `Provgatan ${i}`, RENT],
    );
    tenancyIds.push(t!.id);
  }
  const rows = tenancyLedgers.flatMap((entries, i) => entries.map((e, j) => ({ tenancyId: tenancyIds[i]!, ...e, reference: `R-${i}-${j}` })));
  if (rows.length > 0) {
    await db.query(
      `insert into ledger_entries (landlord_id, tenancy_id, kind, booked_on, due_date, amount, reference)
       select $1, u.t, u.k, u.b, u.d, u.a, u.r
         from unnest($2::uuid[], $3::text[], $4::date[], $5::date[], $6::bigint[], $7::text[]) as u(t, k, b, d, a, r)`,
      [
        landlordId,
        rows.map((r) => r.tenancyId),
        rows.map((r) => r.kind),
        rows.map((r) => addDays(BASE, r.booked)),
        rows.map((r) => (r.due === null ? null : addDays(BASE, r.due))),
        rows.map((r) => r.amount),
        rows.map((r) => r.reference),
      ],
    );
  }
  return { landlordId, tenancyIds };
}

const asLedger = (entries: GenEntry[]): LedgerEntry[] =>
  entries.map((e) => ({ kind: e.kind, bookedOn: addDays(BASE, e.booked), dueDate: e.due === null ? null : addDays(BASE, e.due), amount: e.amount }));

describe('arrears in SQL and in the pure model', () => {
  it('agree on amount owed and oldest unpaid due date for random ledgers and dates', async () => {
    await fc.assert(
      fc.asyncProperty(ledgers, dates, async (tenancyLedgers, offsets) => {
        const { landlordId, tenancyIds } = await insertLedgers(tenancyLedgers);
        for (const offset of offsets) {
          const date = addDays(BASE, offset);
          const sql = new Map((await dailyRunStore.arrears(db, landlordId, date)).map((r) => [r.tenancy_id, r]));
          const expected = new Map<string, { owed: number; oldest: string | null }>();
          tenancyLedgers.forEach((entries, i) => {
            const a = arrearsOn(asLedger(entries), RENT, date);
            if (a.owed > 0) expected.set(tenancyIds[i]!, { owed: a.owed, oldest: a.oldestUnpaidDueDate });
          });
          const actual = new Map([...sql].map(([id, r]) => [id, { owed: Number(r.owed), oldest: r.oldest_unpaid }]));
          expect(actual, `on ${date}`).toEqual(expected);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('agree on a ledger where a payment exactly covers the oldest rent and a returned payment reopens it', async () => {
    const ledger: GenEntry[] = [
      { kind: 'charge', booked: 0, due: 10, amount: RENT },
      { kind: 'charge', booked: 30, due: 40, amount: RENT },
      { kind: 'payment', booked: 12, due: null, amount: RENT },
      { kind: 'payment', booked: 50, due: null, amount: -RENT }, // returned by the bank
    ];
    const { landlordId, tenancyIds } = await insertLedgers([ledger]);
    const at = async (offset: number) => {
      const [row] = await dailyRunStore.arrears(db, landlordId, addDays(BASE, offset));
      return row ? { owed: Number(row.owed), oldest: row.oldest_unpaid, tenancy: row.tenancy_id } : null;
    };
    expect(await at(11)).toEqual({ owed: RENT, oldest: addDays(BASE, 10), tenancy: tenancyIds[0] });
    expect(await at(20)).toBeNull();
    expect(await at(45)).toEqual({ owed: RENT, oldest: addDays(BASE, 40), tenancy: tenancyIds[0] });
    expect(await at(50)).toEqual({ owed: 2 * RENT, oldest: addDays(BASE, 10), tenancy: tenancyIds[0] });
  });
});
