import { CopyData, type Queryable, sqlState } from '../platform/database.ts';
import type { LedgerEntry, LettingForm } from './model.ts';

const LEDGER_ENTRY_COLUMNS = ['landlord_id', 'tenancy_id', 'kind', 'booked_on', 'due_date', 'amount', 'reference'] as const;
const UNIQUE_VIOLATION = '23505';

/** New ledger entries of one landlord on their way to insertEntries. */
export class EntryBatch {
  readonly rows = new CopyData();

  add(landlordId: string, e: NewEntry): void {
    this.rows.add([landlordId, e.tenancyId, e.kind, e.bookedOn, e.dueDate, e.amount, e.reference]);
  }

  get size(): number {
    return this.rows.rowCount;
  }
}

export interface TenancyRecord {
  id: string;
  landlord_id: string;
  contract_number: string;
  object_number: string | null;
  address: string;
  postal_code: string | null;
  city: string | null;
  municipality_code: string;
  area: string | null;
  adults: number | null;
  children: number | null;
  monthly_rent: number;
  start_date: string;
  end_date: string | null;
  letting_form: LettingForm;
}

export interface TenantRecord {
  personnummer: string;
  name: string;
  phone: string | null;
  email: string | null;
  position: number;
}

export interface NewTenancy {
  contractNumber: string;
  objectNumber: string | null;
  address: string;
  postalCode: string | null;
  city: string | null;
  municipalityCode: string;
  area: string | null;
  adults: number | null;
  children: number | null;
  monthlyRent: number;
  startDate: string;
  endDate: string | null;
  lettingForm: LettingForm;
  tenants: { personnummer: string; name: string; phone: string | null; email: string | null }[];
}

export interface NewEntry {
  tenancyId: string;
  kind: LedgerEntry['kind'];
  bookedOn: string;
  dueDate: string | null;
  amount: number;
  reference: string;
}

const TENANCY_COLUMNS = `id, landlord_id, contract_number, object_number, address, postal_code, city, municipality_code, area,
  adults, children, monthly_rent, start_date, end_date, letting_form`;

export const ledgerStore = {
  /** The due dates of a tenancy's rent charges from `from` to `to`, in order. */
  async chargeDueDates(q: Queryable, tenancyId: string, from: string, to: string): Promise<string[]> {
    const rows = await q.query<{ due_date: string }>(
      "select distinct due_date from ledger_entries where tenancy_id = $1 and kind = 'charge' and due_date between $2 and $3 order by due_date",
      [tenancyId, from, to],
    );
    return rows.map((r) => r.due_date);
  },

  async contractIds(q: Queryable, landlordId: string): Promise<Map<string, string>> {
    const rows = await q.query<{ id: string; contract_number: string }>(
      'select id, contract_number from tenancies where landlord_id = $1',
      [landlordId],
    );
    return new Map(rows.map((r) => [r.contract_number, r.id]));
  },

  /** Inserts or updates a tenancy; an unchanged one is left alone. Returns what happened. */
  async upsertTenancy(q: Queryable, landlordId: string, t: NewTenancy): Promise<'created' | 'updated' | 'unchanged'> {
    const rows = await q.query<{ id: string; created: boolean }>(
      `insert into tenancies (landlord_id, contract_number, object_number, address, postal_code, city, municipality_code, area,
                              adults, children, monthly_rent, start_date, end_date, letting_form)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       on conflict (landlord_id, contract_number) do update set
         object_number = excluded.object_number, address = excluded.address, postal_code = excluded.postal_code,
         city = excluded.city, municipality_code = excluded.municipality_code, area = excluded.area,
         adults = excluded.adults, children = excluded.children, monthly_rent = excluded.monthly_rent,
         start_date = excluded.start_date, end_date = excluded.end_date, letting_form = excluded.letting_form, updated_at = now()
       where (tenancies.object_number, tenancies.address, tenancies.postal_code, tenancies.city, tenancies.municipality_code,
              tenancies.area, tenancies.adults, tenancies.children, tenancies.monthly_rent, tenancies.start_date,
              tenancies.end_date, tenancies.letting_form)
         is distinct from
             (excluded.object_number, excluded.address, excluded.postal_code, excluded.city, excluded.municipality_code,
              excluded.area, excluded.adults, excluded.children, excluded.monthly_rent, excluded.start_date,
              excluded.end_date, excluded.letting_form)
       returning id, (xmax = 0) as created`,
      [
        landlordId, t.contractNumber, t.objectNumber, t.address, t.postalCode, t.city, t.municipalityCode, t.area,
        t.adults, t.children, t.monthlyRent, t.startDate, t.endDate, t.lettingForm,
      ],
    );
    let id = rows[0]?.id;
    let outcome: 'created' | 'updated' | 'unchanged' = rows[0] ? (rows[0].created ? 'created' : 'updated') : 'unchanged';
    if (!id) {
      const [existing] = await q.query<{ id: string }>('select id from tenancies where landlord_id = $1 and contract_number = $2', [
        landlordId,
        t.contractNumber,
      ]);
      id = existing!.id;
    }
    const current = await q.query<TenantRecord>('select personnummer, name, phone, email, position from tenants where tenancy_id = $1 order by position', [id]);
    const same =
      current.length === t.tenants.length &&
      current.every((c, i) => {
        const n = t.tenants[i]!;
        return c.personnummer === n.personnummer && c.name === n.name && c.phone === n.phone && c.email === n.email;
      });
    if (!same) {
      await q.query('delete from tenants where tenancy_id = $1', [id]);
      for (const [i, p] of t.tenants.entries())
        await q.query('insert into tenants (tenancy_id, personnummer, name, phone, email, position) values ($1, $2, $3, $4, $5, $6)', [
          id, p.personnummer, p.name, p.phone, p.email, i + 1,
        ]);
      if (outcome === 'unchanged') outcome = 'updated';
    }
    return outcome;
  },

  /** An empty batch of ledger entries for insertEntries; each entry is kept only as a line of text. */
  newEntryBatch(): EntryBatch {
    return new EntryBatch();
  },

  /**
   * Writes a batch of entries; those whose reference the landlord already has are skipped. Returns how
   * many were new. `tx` must be a transaction. Most batches are all new (this month's file), so they are
   * loaded with COPY under a savepoint; a batch holding a known reference (the same file sent again)
   * fails that COPY and goes through a temporary table into ledger_entries with ON CONFLICT DO NOTHING.
   */
  async insertEntries(tx: Queryable, batch: EntryBatch): Promise<number> {
    if (batch.rows.rowCount === 0) return 0;
    await tx.query('savepoint ledger_batch');
    try {
      await tx.copyRows('ledger_entries', LEDGER_ENTRY_COLUMNS, batch.rows);
      await tx.query('release savepoint ledger_batch');
      return batch.rows.rowCount;
    } catch (err) {
      if (sqlState(err) !== UNIQUE_VIOLATION) throw err;
      await tx.query('rollback to savepoint ledger_batch');
      await tx.query('release savepoint ledger_batch');
    }
    await tx.query(
      `create temporary table if not exists ledger_entries_incoming (
         landlord_id uuid, tenancy_id uuid, kind text, booked_on date, due_date date, amount bigint, reference text
       ) on commit drop`,
    );
    await tx.query('truncate ledger_entries_incoming');
    await tx.copyRows('ledger_entries_incoming', LEDGER_ENTRY_COLUMNS, batch.rows);
    const [row] = await tx.query<{ n: number }>(
      `with ins as (
         insert into ledger_entries (${LEDGER_ENTRY_COLUMNS.join(', ')})
         select ${LEDGER_ENTRY_COLUMNS.join(', ')} from ledger_entries_incoming
         on conflict (landlord_id, reference) do nothing
         returning 1)
       select count(*)::int as n from ins`,
    );
    return row!.n;
  },

  /**
   * The tenancy running on `day` in the municipality (by code) with this contract number, or else at this
   * address (spaces and case aside); undefined when none or several match.
   */
  async tenancyAt(q: Queryable, municipalityCode: string, contractNumber: string | null, address: string, day: string): Promise<{ id: string; area: string | null; landlord_id: string } | undefined> {
    const rows = await q.query<{ id: string; area: string | null; landlord_id: string }>(
      `select id, area, landlord_id from tenancies
        where municipality_code = $1 and start_date <= $4 and (end_date is null or end_date > $4)
          and (case when $2::text is not null then contract_number = $2 else lower(regexp_replace(address, '\\s+', ' ', 'g')) = lower(regexp_replace($3, '\\s+', ' ', 'g')) end)
        limit 2`,
      [municipalityCode, contractNumber, address.trim(), day],
    );
    return rows.length === 1 ? rows[0] : undefined;
  },

  async insertImport(
    q: Queryable,
    i: { landlordId: string; kind: string; sha256: string; fileName: string | null; accepted: boolean; counts: object; problems: object[]; userId: string | null },
  ): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into imports (landlord_id, kind, file_sha256, file_name, accepted, counts, problems, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [i.landlordId, i.kind, i.sha256, i.fileName, i.accepted, JSON.stringify(i.counts), JSON.stringify(i.problems), i.userId],
    );
    return row!.id;
  },

  async imports(q: Queryable, landlordId: string, limit = 20) {
    return q.query<{ id: string; kind: string; file_name: string | null; accepted: boolean; counts: Record<string, number>; created_at: Date }>(
      'select id, kind, file_name, accepted, counts, created_at from imports where landlord_id = $1 order by created_at desc limit $2',
      [landlordId, limit],
    );
  },

  async tenancy(q: Queryable, id: string): Promise<TenancyRecord | undefined> {
    const [row] = await q.query<TenancyRecord>(`select ${TENANCY_COLUMNS} from tenancies where id = $1`, [id]);
    return row;
  },

  /**
   * What each tenancy owed at the end of each date: charges fallen due by then less payments and
   * credits booked by then (ledger/model.ts arrearsOn's owed, for many pairs in one statement).
   */
  async owedOn(q: Queryable, pairs: { tenancyId: string; date: string }[]): Promise<number[]> {
    if (pairs.length === 0) return [];
    const rows = await q.query<{ i: number; owed: number }>(
      `select x.i, coalesce(sum(case when e.kind = 'charge' then case when e.due_date <= x.d then e.amount else 0 end
                                     else case when e.booked_on <= x.d then -e.amount else 0 end end), 0)::bigint as owed
         from unnest($1::uuid[], $2::date[]) with ordinality as x (t, d, i)
         left join ledger_entries e on e.tenancy_id = x.t
        group by x.i`,
      [pairs.map((p) => p.tenancyId), pairs.map((p) => p.date)],
    );
    const owed = new Array<number>(pairs.length).fill(0);
    for (const r of rows) owed[Number(r.i) - 1] = Number(r.owed);
    return owed;
  },

  async tenants(q: Queryable, tenancyId: string): Promise<TenantRecord[]> {
    return q.query<TenantRecord>('select personnummer, name, phone, email, position from tenants where tenancy_id = $1 order by position', [tenancyId]);
  },

  async entries(q: Queryable, tenancyId: string) {
    return q.query<{ id: number; kind: LedgerEntry['kind']; booked_on: string; due_date: string | null; amount: number; reference: string }>(
      'select id, kind, booked_on, due_date, amount, reference from ledger_entries where tenancy_id = $1 order by coalesce(due_date, booked_on), booked_on, id',
      [tenancyId],
    );
  },

  async searchTenancies(q: Queryable, landlordId: string, text: string, limit: number) {
    const like = `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    return q.query<{ id: string; contract_number: string; address: string; area: string | null; tenant_name: string | null; end_date: string | null }>(
      `select t.id, t.contract_number, t.address, t.area, p.name as tenant_name, t.end_date
         from tenancies t left join tenants p on p.tenancy_id = t.id and p.position = 1
        where t.landlord_id = $1 and ($2 = '' or t.contract_number ilike $3 or t.address ilike $3 or p.name ilike $3)
        order by t.address, t.contract_number limit $4`,
      [landlordId, text, like, limit],
    );
  },
};
