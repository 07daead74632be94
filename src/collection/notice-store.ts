// The statutory notices to the social welfare board: their SQL (the rules and dates are notices.ts's).
import type { Queryable } from '../platform/database.ts';
import type { NoticeReason, OwedMonth } from './model.ts';

export interface NoticeRow {
  id: string;
  landlord_id: string;
  tenancy_id: string;
  municipality_code: string;
  municipality_id: string | null;
  reason: NoticeReason;
  termination_date: string;
  amount_owed: number;
  owed_by_month: OwedMonth[];
  landlord_contact: { name: string; phone: string | null; email: string | null; person: string | null };
  served_on_tenant: string | null;
  delivered_to_board: string | null;
  recovery_deadline: string | null;
  earliest_eviction_decision: string | null;
  recovery_right: boolean;
  recovered_on: string | null;
  status: 'delivered' | 'recovered' | 'withdrawn';
  /** Who created it; null for an API token. */
  created_by: string | null;
  created_at: Date;
}

export interface NoticeListRow extends NoticeRow {
  contract_number: string;
  address: string;
  tenant_name: string | null;
  landlord_name: string;
  children: number | null;
}

/** What the board's inbox shows of a notice delivered to it and still open (cases/inbox.ts). */
export interface BoardNotice {
  id: string;
  delivered_to_board: string | null;
  created_at: Date;
  termination_date: string;
  reason: string;
  amount_owed: number;
  tenancy_id: string;
  address: string;
  area: string | null;
  children: number | null;
  landlord_id: string;
  landlord_name: string;
  personnummer: string[];
  oldest_due: string | null;
}

export interface NewNoticeRow {
  landlordId: string; tenancyId: string; municipalityCode: string; municipalityId: string | null; reason: NoticeReason; terminationDate: string;
  amountOwed: number; owedByMonth: OwedMonth[]; landlordContact: NoticeRow['landlord_contact']; servedOnTenant: string | null;
  deliveredToBoard: string | null; recoveryDeadline: string | null; earliestEviction: string | null; recoveryRight: boolean; createdBy: string | null;
}

export const noticeStore = {
  /** A notice not withdrawn for the same termination of the tenancy. */
  async openFor(q: Queryable, tenancyId: string, terminationDate: string, reason: NoticeReason): Promise<{ id: string } | undefined> {
    const [row] = await q.query<{ id: string }>(
      "select id from notices where tenancy_id = $1 and termination_date = $2 and reason = $3 and status <> 'withdrawn'",
      [tenancyId, terminationDate, reason],
    );
    return row;
  },

  async insert(q: Queryable, n: NewNoticeRow): Promise<NoticeRow> {
    const [row] = await q.query<NoticeRow>(
      `insert into notices (landlord_id, tenancy_id, municipality_code, municipality_id, reason, termination_date, amount_owed, owed_by_month,
                            landlord_contact, served_on_tenant, delivered_to_board, recovery_deadline, earliest_eviction_decision, recovery_right, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning *`,
      [
        n.landlordId, n.tenancyId, n.municipalityCode, n.municipalityId, n.reason, n.terminationDate, n.amountOwed, JSON.stringify(n.owedByMonth),
        JSON.stringify(n.landlordContact), n.servedOnTenant, n.deliveredToBoard, n.recoveryDeadline, n.earliestEviction, n.recoveryRight, n.createdBy,
      ],
    );
    return row!;
  },

  async setDates(q: Queryable, id: string, d: { served: string | null; delivered: string | null; recoveryDeadline: string | null; earliestEviction: string | null }): Promise<NoticeRow> {
    const [row] = await q.query<NoticeRow>(
      'update notices set served_on_tenant = $2, delivered_to_board = $3, recovery_deadline = $4, earliest_eviction_decision = $5 where id = $1 returning *',
      [id, d.served, d.delivered, d.recoveryDeadline, d.earliestEviction],
    );
    return row!;
  },

  async byId(q: Queryable, id: string): Promise<NoticeRow | undefined> {
    const [row] = await q.query<NoticeRow>('select * from notices where id = $1', [id]);
    return row;
  },

  /** The landlord's sent notices, or those a municipality received, newest first. */
  async list(q: Queryable, side: 'sent' | 'received', orgId: string): Promise<NoticeListRow[]> {
    const column = side === 'sent' ? 'n.landlord_id' : 'n.municipality_id';
    return q.query<NoticeListRow>(
      `select n.*, t.contract_number, t.address, t.children, p.name as tenant_name, o.name as landlord_name
         from notices n join tenancies t on t.id = n.tenancy_id join organisations o on o.id = n.landlord_id
         left join tenants p on p.tenancy_id = t.id and p.position = 1
        where ${column} = $1 order by n.created_at desc limit 500`,
      [orgId],
    );
  },

  /** The landlord's notices for unpaid rent with a recovery right, delivered to the board by `date`, still open. */
  async awaitingRecovery(q: Queryable, landlordId: string, date: string): Promise<NoticeRow[]> {
    return q.query<NoticeRow>(
      `select * from notices where landlord_id = $1 and status = 'delivered' and reason = 'arrears' and recovery_right
          and delivered_to_board is not null and delivered_to_board <= $2`,
      [landlordId, date],
    );
  },

  async markRecovered(q: Queryable, id: string, date: string): Promise<void> {
    await q.query("update notices set status = 'recovered', recovered_on = $2 where id = $1", [id, date]);
  },

  async ofTenancy(q: Queryable, tenancyId: string): Promise<NoticeRow[]> {
    return q.query<NoticeRow>('select * from notices where tenancy_id = $1 order by created_at desc', [tenancyId]);
  },

  /** Notices for unpaid rent whose recovery period ran out before `date` (or that have none), with the tenant's particulars. */
  async forKronofogden(q: Queryable, landlordId: string, date: string) {
    return q.query<NoticeRow & { tenant_name: string; personnummer: string; address: string; postal_code: string | null; city: string | null; landlord_name: string }>(
      `select n.*, p.name as tenant_name, p.personnummer, t.address, t.postal_code, t.city, o.name as landlord_name
         from notices n join tenancies t on t.id = n.tenancy_id join organisations o on o.id = n.landlord_id
         join tenants p on p.tenancy_id = t.id and p.position = 1
        where n.landlord_id = $1 and n.status = 'delivered' and n.reason = 'arrears'
          -- lag 2026:772: a private letting has no recovery right, so it can go to Kronofogden at once
          and ((n.recovery_deadline is not null and n.recovery_deadline < $2) or not n.recovery_right)
        order by t.contract_number`,
      [landlordId, date],
    );
  },
};

/**
 * Notices delivered to a municipality's social welfare board and not recovered or withdrawn; or one of
 * them by id (`anyStatus`: also once recovered or withdrawn, as a case keeps showing it).
 */
export async function noticesForBoard(q: Queryable, municipalityId: string, limit: number, noticeId?: string, anyStatus = false): Promise<BoardNotice[]> {
  return q.query<BoardNotice>(
    `select n.id, n.delivered_to_board, n.created_at, n.termination_date, n.reason, n.amount_owed, n.tenancy_id, t.address, t.area, t.children,
            n.landlord_id, o.name as landlord_name,
            array(select p.personnummer from tenants p where p.tenancy_id = t.id order by p.position) as personnummer,
            (select min((m->>'dueDate')) from jsonb_array_elements(n.owed_by_month) m) as oldest_due
       from notices n join tenancies t on t.id = n.tenancy_id join organisations o on o.id = n.landlord_id
      where n.municipality_id = $1 and ($4 or n.status = 'delivered') and ($3::uuid is null or n.id = $3)
      order by n.created_at limit $2`,
    [municipalityId, limit, noticeId ?? null, anyStatus],
  );
}
