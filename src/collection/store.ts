import type { Queryable } from '../platform/database.ts';
import { promisesPausingFrom, type Routine } from './model.ts';

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

export interface WorklistRow {
  id: number;
  tenancy_id: string;
  step_key: string;
  action: string;
  actor: string;
  anchor_due_date: string;
  due_on: string;
  window_end: string | null;
  first_listed_on: string;
  amount_owed: number;
  months_owed: number;
  days_late: number;
  bank_days_late: number;
  priority: number;
  priority_reasons: string[];
  broken_promise: boolean;
  contract_number: string;
  address: string;
  area: string | null;
  children: number | null;
  tenant_name: string | null;
  phone: string | null;
  letting_form: string;
  recovery_deadline: string | null;
  notice_id: string | null;
}

/** Where a household stands in the worklist's order: the key of its most urgent item. */
export interface WorklistKey {
  brokenPromise: boolean;
  priority: number;
  daysLate: number;
  itemId: number;
}

export interface ReviewRow {
  item_id: number;
  landlord_id: string;
  landlord_name: string;
  tenancy_id: string;
  address: string;
  tenant: string | null;
  step_key: string;
  amount_owed: number;
  days_late: number;
  priority_reasons: string[];
}

export const collectionStore = {
  /** The routine steps a tenancy has gone through (worklist items), for social services' case timeline. */
  async stepsOfTenancy(q: Queryable, tenancyId: string): Promise<{ landlord_id: string; step_key: string; due_on: string; status: string; done_at: Date | null; anchor_due_date: string }[]> {
    return q.query('select landlord_id, step_key, due_on, status, done_at, anchor_due_date from worklist_items where tenancy_id = $1 order by due_on, id', [tenancyId]);
  },

  /** The step from which each landlord shares its arrears list with a municipality (issue 3 §3). */
  async sharing(q: Queryable, by: { landlordId: string } | { municipalityId: string }): Promise<{ landlord_id: string; municipality_id: string; from_step: string; landlord_name: string; municipality_name: string }[]> {
    return q.query(
      `select s.landlord_id, s.municipality_id, s.from_step, l.name as landlord_name, m.name as municipality_name
         from arrears_sharing s join organisations l on l.id = s.landlord_id join organisations m on m.id = s.municipality_id
        where ${'landlordId' in by ? 's.landlord_id' : 's.municipality_id'} = $1 order by l.name, m.name`,
      ['landlordId' in by ? by.landlordId : by.municipalityId],
    );
  },

  async setSharing(q: Queryable, landlordId: string, municipalityId: string, fromStep: string | null, userId: string | null): Promise<void> {
    if (fromStep === null) {
      await q.query('delete from arrears_sharing where landlord_id = $1 and municipality_id = $2', [landlordId, municipalityId]);
      return;
    }
    await q.query(
      `insert into arrears_sharing (landlord_id, municipality_id, from_step, set_by) values ($1, $2, $3, $4)
       on conflict (landlord_id, municipality_id) do update set from_step = excluded.from_step, set_by = excluded.set_by, set_at = now()`,
      [landlordId, municipalityId, fromStep, userId],
    );
  },

  /** Open worklist items of these landlords' homes in one municipality (by its code), most urgent first. */
  async reviewItems(q: Queryable, landlordIds: string[], municipalityCode: string, limit: number): Promise<ReviewRow[]> {
    if (landlordIds.length === 0) return [];
    return q.query<ReviewRow>(
      `select w.id as item_id, w.landlord_id, o.name as landlord_name, w.tenancy_id, t.address,
              (select p.name from tenants p where p.tenancy_id = t.id order by p.position limit 1) as tenant,
              w.step_key, w.amount_owed, w.days_late, w.priority_reasons
         from worklist_items w join tenancies t on t.id = w.tenancy_id join organisations o on o.id = w.landlord_id
        where w.status = 'open' and w.landlord_id = any ($1::uuid[]) and t.municipality_code = $2
        order by w.priority desc, w.days_late desc, w.id limit $3`,
      [landlordIds, municipalityCode, limit],
    );
  },

  async routine(q: Queryable, landlordId: string): Promise<Routine | null> {
    const [row] = await q.query<{ name: string; template_key: string | null; steps: Routine['steps'] }>(
      'select name, template_key, steps from routines where landlord_id = $1',
      [landlordId],
    );
    return row ? { name: row.name, templateKey: row.template_key, steps: row.steps } : null;
  },

  async saveRoutine(q: Queryable, landlordId: string, r: Routine, userId: string | null): Promise<void> {
    await q.query(
      `insert into routines (landlord_id, name, template_key, steps, updated_by) values ($1, $2, $3, $4, $5)
       on conflict (landlord_id) do update set name = excluded.name, template_key = excluded.template_key, steps = excluded.steps,
         updated_by = excluded.updated_by, updated_at = now()`,
      [landlordId, r.name, r.templateKey, JSON.stringify(r.steps), userId],
    );
  },

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

  /** Tenancies whose promise to pay still holds on the date (until one bank day after its date). */
  async pausedOn(q: Queryable, landlordId: string, date: string): Promise<Set<string>> {
    const rows = await q.query<{ tenancy_id: string }>(
      "select distinct tenancy_id from outreach where landlord_id = $1 and promise_status = 'pending' and promise_date >= $2",
      [landlordId, promisesPausingFrom(date)],
    );
    return new Set(rows.map((r) => r.tenancy_id));
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

  /**
   * One page of a landlord's worklist on a date: open items due by then, of households whose promise
   * to pay does not hold, filtered by area and step. Paged by household, so one household's items never
   * split across pages; a household ranks by its most urgent item (broken promise, priority, days late,
   * oldest item). `after` is the rank key of the last household of the previous page (keyset paging:
   * items done meanwhile do not shift the next page). Also counts the households listed and paused.
   */
  async worklistPage(
    q: Queryable,
    landlordId: string,
    date: string,
    opts: { area?: string; step?: string; limit: number; after?: WorklistKey },
  ): Promise<{ households: number; paused: number; rows: WorklistRow[]; next: WorklistKey | null }> {
    const after = opts.after ?? null;
    const rows = await q.query<WorklistRow & { households: number; paused: number; rank: number | null }>(
      `with paused as (
         select distinct tenancy_id from outreach where landlord_id = $1 and promise_status = 'pending' and promise_date >= $5
       ), listed as (
         select w.id, w.tenancy_id, w.broken_promise, w.priority, w.days_late
           from worklist_items w
          where w.landlord_id = $1 and w.status = 'open' and w.due_on <= $2
            and ($3::text is null or exists (select 1 from tenancies t where t.id = w.tenancy_id and t.area = $3))
            and ($4::text is null or w.step_key = $4)
            and w.tenancy_id not in (select tenancy_id from paused)
       ), households as (
         select distinct on (tenancy_id) tenancy_id, broken_promise, priority, days_late, id
           from listed order by tenancy_id, broken_promise desc, priority desc, days_late desc, id
       ), page as (
         select tenancy_id, row_number() over (order by broken_promise desc, priority desc, days_late desc, id) as rank
           from households
          where $6::bigint is null or (not broken_promise, -priority, -days_late, id) > (not $7::boolean, -$8::int, -$9::int, $6::bigint)
          order by broken_promise desc, priority desc, days_late desc, id
          limit $10
       )
       select c.households, c.paused, i.*
         from (select (select count(*)::int from households) as households, (select count(*)::int from paused) as paused) c
         left join lateral (
           select page.rank, w.id, w.tenancy_id, w.step_key, w.action, w.actor, w.anchor_due_date, w.due_on, w.window_end, w.first_listed_on,
                  w.amount_owed, w.months_owed::float8 as months_owed, w.days_late, w.bank_days_late, w.priority, w.priority_reasons,
                  w.broken_promise, t.contract_number, t.address, t.area, t.children, t.letting_form, p.name as tenant_name, p.phone,
                  n.recovery_deadline, n.id as notice_id
             from page
             join worklist_items w on w.tenancy_id = page.tenancy_id
             join tenancies t on t.id = w.tenancy_id
             left join tenants p on p.tenancy_id = t.id and p.position = 1
             left join lateral (
               select id, recovery_deadline from notices where tenancy_id = t.id and status = 'delivered' order by created_at desc limit 1
             ) n on true
            where w.status = 'open' and w.due_on <= $2 and ($4::text is null or w.step_key = $4)
         ) i on true
        order by i.rank, i.broken_promise desc, i.priority desc, i.days_late desc, i.id`,
      [
        landlordId, date, opts.area ?? null, opts.step ?? null, promisesPausingFrom(date),
        after?.itemId ?? null, after?.brokenPromise ?? null, after?.priority ?? null, after?.daysLate ?? null,
        opts.limit + 1,
      ],
    );
    const first = rows[0];
    const listed = rows.filter((r) => r.rank !== null && r.rank <= opts.limit).map(({ households: _h, paused: _p, rank: _r, ...item }) => item as WorklistRow);
    // One household more than the page was asked for: there is a next page, starting after the last one shown.
    const hasMore = rows.some((r) => r.rank === opts.limit + 1);
    const lastHousehold = listed.filter((r) => r.tenancy_id === listed.at(-1)?.tenancy_id);
    const lead = lastHousehold[0];
    return {
      households: first?.households ?? 0,
      paused: first?.paused ?? 0,
      rows: listed,
      next: hasMore && lead ? { brokenPromise: lead.broken_promise, priority: lead.priority, daysLate: lead.days_late, itemId: lead.id } : null,
    };
  },

  /** For recordReadIf: true while landlord g.a's worklist version is still g.b. */
  worklistVersionGuard: "coalesce((select version from worklist_versions w where w.landlord_id = g.a::uuid), 0) = g.b::bigint",

  /** Moves on with every committed change to what the landlord's worklist shows (migration 0008). */
  async worklistVersion(q: Queryable, landlordId: string): Promise<number> {
    const [row] = await q.query<{ version: number }>('select version from worklist_versions where landlord_id = $1', [landlordId]);
    return row?.version ?? 0;
  },

  async areas(q: Queryable, landlordId: string): Promise<string[]> {
    return (await q.query<{ area: string }>('select distinct area from tenancies where landlord_id = $1 and area is not null order by area', [landlordId])).map(
      (r) => r.area,
    );
  },

  async items(q: Queryable, landlordId: string, ids: number[]) {
    return q.query<{ id: number; tenancy_id: string; action: string; status: string; step_key: string }>(
      'select id, tenancy_id, action, status, step_key from worklist_items where landlord_id = $1 and id = any($2::bigint[])',
      [landlordId, ids],
    );
  },

  /** The households behind the selected open items, with the first tenant's phone. */
  async smsRecipients(q: Queryable, landlordId: string, itemIds: number[]) {
    return q.query<{ tenancy_id: string; address: string; phone: string | null }>(
      `select distinct w.tenancy_id, t.address, p.phone
         from worklist_items w join tenancies t on t.id = w.tenancy_id left join tenants p on p.tenancy_id = t.id and p.position = 1
        where w.landlord_id = $1 and w.id = any($2::bigint[]) and w.status = 'open'`,
      [landlordId, itemIds],
    );
  },

  async insertOutreach(
    q: Queryable,
    o: { landlordId: string; tenancyId: string; kind: string; reached: boolean; contactDate: string; note: string | null; userId: string | null },
  ): Promise<void> {
    await q.query('insert into outreach (landlord_id, tenancy_id, kind, reached, contact_date, note, created_by) values ($1, $2, $3, $4, $5, $6, $7)', [
      o.landlordId, o.tenancyId, o.kind, o.reached, o.contactDate, o.note, o.userId,
    ]);
  },

  async markStepDone(q: Queryable, tenancyId: string, action: string, userId: string | null): Promise<void> {
    await q.query(
      "update worklist_items set status = 'done', done_at = now(), done_by = $3 where tenancy_id = $1 and action = $2 and status = 'open'",
      [tenancyId, action, userId],
    );
  },

  async markDone(q: Queryable, landlordId: string, ids: number[], userId: string | null): Promise<number> {
    const rows = await q.query(
      "update worklist_items set status = 'done', done_at = now(), done_by = $3 where landlord_id = $1 and id = any($2::bigint[]) and status = 'open' returning 1",
      [landlordId, ids, userId],
    );
    return rows.length;
  },

  /** A contact with the tenant, a promise to pay pending until the daily run checks it; returns its id. */
  async recordOutreach(q: Queryable, o: {
    landlordId: string; tenancyId: string; worklistItemId: number | null; kind: string; reached: boolean; contactDate: string; partOfDay: string | null;
    outcome: string | null; promiseAmount: number | null; promiseDate: string | null; note: string | null; createdBy: string | null;
  }): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into outreach (landlord_id, tenancy_id, worklist_item_id, kind, reached, contact_date, part_of_day, outcome, promise_amount, promise_date, promise_status, note, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
      [
        o.landlordId, o.tenancyId, o.worklistItemId, o.kind, o.reached, o.contactDate, o.partOfDay, o.outcome, o.promiseAmount, o.promiseDate,
        o.promiseDate ? 'pending' : null, o.note, o.createdBy,
      ],
    );
    return row!.id;
  },

  /** The tenancy's contact log, newest first, with who wrote each. */
  async outreachOf(q: Queryable, landlordId: string, tenancyId: string) {
    return q.query<{
      id: string; kind: string; reached: boolean; contact_date: string; part_of_day: string | null; outcome: string | null;
      promise_amount: number | null; promise_date: string | null; promise_status: string | null; note: string | null; created_by_name: string | null;
    }>(
      `select o.id, o.kind, o.reached, o.contact_date, o.part_of_day, o.outcome, o.promise_amount, o.promise_date, o.promise_status, o.note, u.name as created_by_name
         from outreach o left join users u on u.id = o.created_by
        where o.tenancy_id = $1 and o.landlord_id = $2 order by o.contact_date desc, o.created_at desc`,
      [tenancyId, landlordId],
    );
  },

  /** The open collection-file steps due by `date`, with the first tenant and the amount. */
  async collectionFileItems(q: Queryable, landlordId: string, date: string) {
    return q.query<{ id: number; tenancy_id: string; contract_number: string; personnummer: string | null; name: string | null; address: string; amount_owed: number; anchor_due_date: string }>(
      `select w.id, w.tenancy_id, t.contract_number, p.personnummer, p.name, t.address, w.amount_owed, w.anchor_due_date
         from worklist_items w join tenancies t on t.id = w.tenancy_id left join tenants p on p.tenancy_id = t.id and p.position = 1
        where w.landlord_id = $1 and w.action = 'collection_file' and w.status = 'open' and w.due_on <= $2
        order by t.contract_number`,
      [landlordId, date],
    );
  },
};
