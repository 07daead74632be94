// The worklist's SQL: a page of households in priority order, the version a kept page stands on
// (migration 0008), its filters, items marked done, and the collection file's rows.
import type { Queryable } from '../platform/database.ts';
import { promisesPausingFrom } from './model.ts';

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

export const worklistStore = {
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

  async markDone(q: Queryable, landlordId: string, ids: number[], userId: string | null): Promise<number> {
    const rows = await q.query(
      "update worklist_items set status = 'done', done_at = now(), done_by = $3 where landlord_id = $1 and id = any($2::bigint[]) and status = 'open' returning 1",
      [landlordId, ids, userId],
    );
    return rows.length;
  },

  async markStepDone(q: Queryable, tenancyId: string, action: string, userId: string | null): Promise<void> {
    await q.query(
      "update worklist_items set status = 'done', done_at = now(), done_by = $3 where tenancy_id = $1 and action = $2 and status = 'open'",
      [tenancyId, action, userId],
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
