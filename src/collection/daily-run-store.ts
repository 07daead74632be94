// The daily run's SQL: who is in arrears on a date (equal to ledger/model.ts arrearsOn, property-tested),
// the worklist items it adds and refreshes, and the promises to pay it settles.
import type { Queryable } from '../platform/database.ts';

export interface ArrearsRow {
  landlord_id: string;
  tenancy_id: string;
  monthly_rent: number;
  children: number | null;
  owed: number;
  oldest_unpaid: string;
  personnummer: string | null;
  last_contact: string | null;
}

export const dailyRunStore = {
  async landlordIds(q: Queryable): Promise<string[]> {
    return (await q.query<{ id: string }>("select id from organisations where kind = 'landlord' order by id")).map((r) => r.id);
  },

  /**
   * Every active tenancy in arrears on a date (of one landlord, or of all when landlordId is null).
   * Payments settle the oldest charge first, so the oldest unpaid due date is the first charge whose
   * running total exceeds what has been paid (the same rule as ledger/model.ts arrearsOn). Balances
   * come first from one pass over the ledger; the running total is walked only for tenancies that owe,
   * through the (tenancy_id, kind, due_date) index (bench: 376 s → under 30 s for 2 000 000 tenancies).
   */
  async arrears(q: Queryable, landlordId: string | null, date: string): Promise<ArrearsRow[]> {
    return q.query<ArrearsRow>(
      `with balance as (
         select tenancy_id,
                sum(amount) filter (where kind = 'charge') as charged,
                coalesce(sum(amount) filter (where kind <> 'charge'), 0) as paid,
                min(booked_on) filter (where kind <> 'charge' and amount < 0) as first_reversal
           from ledger_entries
          where ($1::uuid is null or landlord_id = $1)
            and ((kind = 'charge' and due_date <= $2) or (kind <> 'charge' and booked_on <= $2))
          group by tenancy_id
       ), owing as (
         select b.tenancy_id, b.charged - b.paid as owed,
                case when b.paid < 0 then
                       least((select min(c.due_date) from ledger_entries c where c.tenancy_id = b.tenancy_id and c.kind = 'charge' and c.due_date <= $2), b.first_reversal)
                     else (select min(r.due_date) from (
                             select c.due_date, sum(c.amount) over (order by c.due_date, c.id rows unbounded preceding) as running
                               from ledger_entries c where c.tenancy_id = b.tenancy_id and c.kind = 'charge' and c.due_date <= $2) r
                            where r.running > b.paid) end as oldest_unpaid
           from balance b where b.charged > b.paid
       )
       select t.landlord_id, o.tenancy_id, t.monthly_rent, t.children, o.owed, o.oldest_unpaid, tn.personnummer,
              -- "no contact since": the last time someone actually reached the household
              (select max(contact_date) from outreach x where x.tenancy_id = o.tenancy_id and x.reached) as last_contact
         from owing o
         join tenancies t on t.id = o.tenancy_id
         left join tenants tn on tn.tenancy_id = t.id and tn.position = 1
        where t.end_date is null or t.end_date >= $2`,
      [landlordId, date],
    );
  },

  /** Households with a promise broken within the last two months: still marked on the list. */
  async recentlyBrokenPromises(q: Queryable, landlordId: string, date: string): Promise<Set<string>> {
    const rows = await q.query<{ tenancy_id: string }>(
      "select tenancy_id from outreach where landlord_id = $1 and promise_status = 'broken' and promise_date >= $2::date - 60",
      [landlordId, date],
    );
    return new Set(rows.map((r) => r.tenancy_id));
  },

  async doneDemands(q: Queryable, landlordId: string): Promise<Set<string>> {
    const rows = await q.query<{ tenancy_id: string; anchor_due_date: string }>(
      "select tenancy_id, anchor_due_date from worklist_items where landlord_id = $1 and action = 'collection_demand' and status = 'done'",
      [landlordId],
    );
    return new Set(rows.map((r) => `${r.tenancy_id}|${r.anchor_due_date}`));
  },

  async insertItems(
    q: Queryable,
    landlordId: string,
    date: string,
    items: {
      tenancyId: string; stepKey: string; anchor: string; action: string; actor: string; dueOn: string; windowEnd: string | null;
      owed: number; monthsOwed: number; daysLate: number; bankDaysLate: number; priority: number; reasons: string[]; brokenPromise: boolean;
    }[],
  ): Promise<number> {
    if (items.length === 0) return 0;
    const [row] = await q.query<{ n: number }>(
      `with ins as (
         insert into worklist_items (landlord_id, tenancy_id, step_key, anchor_due_date, action, actor, due_on, window_end, first_listed_on,
                                     amount_owed, months_owed, days_late, bank_days_late, priority, priority_reasons, broken_promise)
         select $1, u.t, u.k, u.a, u.act, u.actor, u.d, u.w, $2, u.o, u.m, u.dl, u.bdl, u.p, string_to_array(u.r, ','), u.bp
           from unnest($3::uuid[], $4::text[], $5::date[], $6::text[], $7::text[], $8::date[], $9::date[], $10::bigint[], $11::numeric[],
                       $12::int[], $13::int[], $14::int[], $15::text[], $16::boolean[])
                as u(t, k, a, act, actor, d, w, o, m, dl, bdl, p, r, bp)
         -- a step resolved by a payment that bounced comes back when the same rent is owed again
         on conflict (tenancy_id, step_key, anchor_due_date) do update set status = 'open', resolved_on = null,
           amount_owed = excluded.amount_owed, months_owed = excluded.months_owed, days_late = excluded.days_late,
           bank_days_late = excluded.bank_days_late, priority = excluded.priority, priority_reasons = excluded.priority_reasons
           where worklist_items.status = 'resolved'
         returning 1)
       select count(*)::int as n from ins`,
      [
        landlordId, date,
        items.map((i) => i.tenancyId), items.map((i) => i.stepKey), items.map((i) => i.anchor), items.map((i) => i.action),
        items.map((i) => i.actor), items.map((i) => i.dueOn), items.map((i) => i.windowEnd), items.map((i) => i.owed),
        items.map((i) => i.monthsOwed), items.map((i) => i.daysLate), items.map((i) => i.bankDaysLate), items.map((i) => i.priority),
        items.map((i) => i.reasons.join(',')), items.map((i) => i.brokenPromise),
      ],
    );
    return row!.n;
  },

  /** Refreshes amount and lateness of open items; resolves those whose debt has been paid. */
  async refreshOpenItems(
    q: Queryable,
    landlordId: string,
    date: string,
    current: { tenancyId: string; anchor: string; owed: number; monthsOwed: number; daysLate: number; bankDaysLate: number; priority: number; reasons: string[] }[],
  ): Promise<number> {
    await q.query(
      `update worklist_items w set amount_owed = u.o, months_owed = u.m, days_late = u.dl, bank_days_late = u.bdl, priority = u.p,
              priority_reasons = string_to_array(u.r, ',') || case when w.broken_promise then array['broken_promise'] else '{}'::text[] end
         from unnest($2::uuid[], $3::date[], $4::bigint[], $5::numeric[], $6::int[], $7::int[], $8::int[], $9::text[])
              as u(t, a, o, m, dl, bdl, p, r)
        where w.landlord_id = $1 and w.status = 'open' and w.tenancy_id = u.t and w.anchor_due_date = u.a`,
      [
        landlordId, current.map((c) => c.tenancyId), current.map((c) => c.anchor), current.map((c) => c.owed), current.map((c) => c.monthsOwed),
        current.map((c) => c.daysLate), current.map((c) => c.bankDaysLate), current.map((c) => c.priority), current.map((c) => c.reasons.join(',')),
      ],
    );
    // An item whose due date has been paid (the tenancy's oldest unpaid rent moved on, or nothing is owed) is resolved.
    const resolved = await q.query(
      `update worklist_items w set status = 'resolved', resolved_on = $2
        where w.landlord_id = $1 and w.status = 'open'
          and not exists (select 1 from unnest($3::uuid[], $4::date[]) as u(t, a) where u.t = w.tenancy_id and u.a = w.anchor_due_date)
        returning 1`,
      [landlordId, date, current.map((c) => c.tenancyId), current.map((c) => c.anchor)],
    );
    return resolved.length;
  },

  async duePromises(q: Queryable, landlordId: string) {
    return q.query<{ id: string; tenancy_id: string; contact_date: string; promise_date: string; promise_amount: number }>(
      "select id, tenancy_id, contact_date, promise_date, promise_amount from outreach where landlord_id = $1 and promise_status = 'pending'",
      [landlordId],
    );
  },

  async latestRun(q: Queryable, job: string): Promise<string | null> {
    const [row] = await q.query<{ d: string | null }>('select max(run_date) as d from job_runs where job = $1', [job]);
    return row?.d ?? null;
  },

  async paidBetween(q: Queryable, tenancyId: string, from: string, to: string): Promise<number> {
    const [row] = await q.query<{ paid: number }>(
      "select coalesce(sum(amount), 0)::bigint as paid from ledger_entries where tenancy_id = $1 and kind <> 'charge' and booked_on >= $2 and booked_on <= $3",
      [tenancyId, from, to],
    );
    return row!.paid;
  },

  async settlePromise(q: Queryable, id: string, status: 'kept' | 'broken'): Promise<void> {
    await q.query('update outreach set promise_status = $2 where id = $1', [id, status]);
  },

  /**
   * A broken promise puts the tenancy back on the list today: a follow-up call, reopened if an earlier
   * broken promise on the same debt was already followed up.
   */
  async upsertPromiseFollowUps(
    q: Queryable,
    landlordId: string,
    date: string,
    items: { tenancyId: string; anchor: string; owed: number; monthsOwed: number; daysLate: number; bankDaysLate: number; priority: number; reasons: string[] }[],
  ): Promise<void> {
    for (const i of items)
      await q.query(
        `insert into worklist_items (landlord_id, tenancy_id, step_key, anchor_due_date, action, actor, due_on, first_listed_on, amount_owed, months_owed,
                                     days_late, bank_days_late, priority, priority_reasons, broken_promise)
         values ($1, $2, 'promise_followup', $3, 'call', 'landlord', $4, $4, $5, $6, $7, $8, $9, $10, true)
         on conflict (tenancy_id, step_key, anchor_due_date) do update set status = 'open', due_on = excluded.due_on, done_at = null, done_by = null,
           broken_promise = true, priority_reasons = excluded.priority_reasons`,
        [landlordId, i.tenancyId, i.anchor, date, i.owed, i.monthsOwed, i.daysLate, i.bankDaysLate, i.priority, [...i.reasons, 'broken_promise']],
      );
  },

  async markBrokenPromise(q: Queryable, tenancyId: string): Promise<void> {
    await q.query(
      "update worklist_items set broken_promise = true, priority_reasons = array_append(priority_reasons, 'broken_promise') where tenancy_id = $1 and status = 'open' and not broken_promise",
      [tenancyId],
    );
  },
};
