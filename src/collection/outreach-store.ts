// Outreach's SQL: contacts with the tenant and promises to pay, the households an arrears SMS goes to,
// and which tenancies a promise still pauses on a date.
import type { Queryable } from '../platform/database.ts';
import { type NonpaymentReason, promisesPausingFrom } from './model.ts';

export const outreachStore = {
  /** Tenancies whose promise to pay still holds on the date (until one bank day after its date). */
  async pausedOn(q: Queryable, landlordId: string, date: string): Promise<Set<string>> {
    const rows = await q.query<{ tenancy_id: string }>(
      "select distinct tenancy_id from outreach where landlord_id = $1 and promise_status = 'pending' and promise_date >= $2",
      [landlordId, promisesPausingFrom(date)],
    );
    return new Set(rows.map((r) => r.tenancy_id));
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

  /** A contact with the tenant, a promise to pay pending until the daily run checks it; returns its id. */
  async recordOutreach(q: Queryable, o: {
    landlordId: string; tenancyId: string; worklistItemId: number | null; kind: string; reached: boolean; contactDate: string; partOfDay: string | null;
    outcome: string | null; promiseAmount: number | null; promiseDate: string | null; note: string | null; nonpaymentReason: NonpaymentReason | null;
    nonpaymentNote: string | null; createdBy: string | null;
  }): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into outreach (landlord_id, tenancy_id, worklist_item_id, kind, reached, contact_date, part_of_day, outcome, promise_amount, promise_date, promise_status, note,
                             nonpayment_reason, nonpayment_note, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning id`,
      [
        o.landlordId, o.tenancyId, o.worklistItemId, o.kind, o.reached, o.contactDate, o.partOfDay, o.outcome, o.promiseAmount, o.promiseDate,
        o.promiseDate ? 'pending' : null, o.note, o.nonpaymentReason, o.nonpaymentNote, o.createdBy,
      ],
    );
    return row!.id;
  },

  /** The tenancy's contact log, newest first, with who wrote each. */
  async outreachOf(q: Queryable, landlordId: string, tenancyId: string) {
    return q.query<{
      id: string; kind: string; reached: boolean; contact_date: string; part_of_day: string | null; outcome: string | null;
      promise_amount: number | null; promise_date: string | null; promise_status: string | null; note: string | null; nonpayment_reason: NonpaymentReason | null;
      nonpayment_note: string | null; created_by_name: string | null;
    }>(
      `select o.id, o.kind, o.reached, o.contact_date, o.part_of_day, o.outcome, o.promise_amount, o.promise_date, o.promise_status, o.note, o.nonpayment_reason,
              o.nonpayment_note, u.name as created_by_name
         from outreach o left join users u on u.id = o.created_by
        where o.tenancy_id = $1 and o.landlord_id = $2 order by o.contact_date desc, o.created_at desc`,
      [tenancyId, landlordId],
    );
  },
};
