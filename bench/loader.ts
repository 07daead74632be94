// The fast loader: writes the bench data straight into a migrated, empty database (organisations through
// the services, the rest by bulk SQL with secondary indexes dropped and rebuilt), for the large databases.

import { SYSTEM_ACTOR } from '../src/access/model.ts';
import { createOrganisation, createUser } from '../src/access/service.ts';
import { addDays, type IsoDate } from '../src/calendar/model.ts';
import type { Database, Queryable } from '../src/platform/database.ts';
import {
  BENCH_MUNICIPALITY_CODE, type BenchTenancy, benchTenancy, CREDIT_AMOUNT, creditOn, draw, latestDueMonth, type LedgerMonth, ledgerMonths, paidOn,
  type Range,
} from './data.ts';

// ---------------------------------------------------------------------------------------------------
// Fast loader

export interface BenchWorld {
  municipalityId: string;
  landlordIds: string[];
  /** A collection officer (kravhandläggare) of the first landlord, like krav@demobostader.se. */
  officer: { email: string; password: string };
}

export const OFFICER_PASSWORD = 'bokvar-bench-lösenord';

/** The municipality, the landlords and a collection officer of the first landlord, through the services. */
export async function createBenchOrganisations(db: Database, landlords: number): Promise<BenchWorld> {
  const kommun = await createOrganisation(db, SYSTEM_ACTOR, { kind: 'municipality', name: 'Benchkommun', municipalityCode: BENCH_MUNICIPALITY_CODE, phone: '021-39 00 00' });
  const landlordIds: string[] = [];
  for (let l = 0; l < landlords; l++) {
    const org = await createOrganisation(db, SYSTEM_ACTOR, {
      kind: 'landlord', name: `Benchbostäder ${l + 1} AB`, municipal: l === 0, municipalityId: kommun.id, phone: '021-39 01 00', email: `hyra@bench${l + 1}.example`,
    });
    landlordIds.push(org.id);
  }
  const email = 'krav@bench1.example';
  await createUser(db, SYSTEM_ACTOR, { orgId: landlordIds[0]!, email, password: OFFICER_PASSWORD, role: 'collection_officer', name: 'Karin Kravhandläggare' });
  return { municipalityId: kommun.id, landlordIds, officer: { email, password: OFFICER_PASSWORD } };
}

/** Existing landlords and officer of a database the loader built (landlords in name order). */
export async function benchWorldOf(q: Queryable): Promise<BenchWorld> {
  const [kommun] = await q.query<{ id: string }>("select id from organisations where kind = 'municipality' and name = 'Benchkommun'");
  const landlords = await q.query<{ id: string; name: string }>("select id, name from organisations where kind = 'landlord' and name like 'Benchbostäder %'");
  landlords.sort((a, b) => Number(/\d+/.exec(a.name)?.[0]) - Number(/\d+/.exec(b.name)?.[0]));
  if (!kommun || landlords.length === 0) throw new Error('not a bench database (no Benchkommun or Benchbostäder)');
  return { municipalityId: kommun.id, landlordIds: landlords.map((l) => l.id), officer: { email: 'krav@bench1.example', password: OFFICER_PASSWORD } };
}

interface SavedIndex {
  table: string;
  name: string;
  /** create index … / alter table … add constraint … */
  create: string;
  drop: string;
  isForeignKey: boolean;
}

/**
 * Drops the secondary indexes, unique and foreign-key constraints of the tables (never primary keys)
 * and returns how to put them back: bulk loading into bare tables, then building the indexes, is many
 * times faster than maintaining them row by row.
 */
async function dropSecondaryIndexes(db: Queryable, tables: string[]): Promise<SavedIndex[]> {
  const saved: SavedIndex[] = [];
  const constraints = await db.query<{ table: string; name: string; def: string; contype: string }>(
    `select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as def, c.contype::text as contype
       from pg_constraint c where c.conrelid = any($1::regclass[]) and c.contype in ('u', 'f')`,
    [tables],
  );
  for (const c of constraints) {
    saved.push({
      table: c.table, name: c.name, isForeignKey: c.contype === 'f',
      create: `alter table ${c.table} add constraint ${c.name} ${c.def}`,
      drop: `alter table ${c.table} drop constraint ${c.name}`,
    });
  }
  const indexes = await db.query<{ table: string; name: string; def: string }>(
    `select i.indrelid::regclass::text as table, x.relname as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i join pg_class x on x.oid = i.indexrelid
      where i.indrelid = any($1::regclass[]) and not i.indisprimary
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.contype in ('u', 'p', 'x'))`,
    [tables],
  );
  for (const i of indexes) saved.push({ table: i.table, name: i.name, isForeignKey: false, create: i.def, drop: `drop index ${i.name}` });
  // Foreign keys first: a unique index may be what another table's foreign key leans on.
  for (const s of [...saved].sort((a, b) => Number(b.isForeignKey) - Number(a.isForeignKey))) await db.query(s.drop);
  return saved;
}

async function restoreIndexes(db: Database, saved: SavedIndex[]): Promise<void> {
  for (const s of [...saved].sort((a, b) => Number(a.isForeignKey) - Number(b.isForeignKey))) {
    await db.transaction(async (tx) => {
      if (db.engine === 'postgres') await tx.query("set local maintenance_work_mem = '1GB'");
      await tx.query(s.create);
    });
  }
}

const TENANCY_CHUNK = 20_000;

/** Inserts tenancies [from, to] and their tenants (landlordIds[t.landlord]) with multi-row INSERT … SELECT FROM unnest. */
export async function loadTenancies(db: Queryable, world: BenchWorld, r: Omit<Range, 'date'>): Promise<number> {
  for (let start = r.from; start <= r.to; start += TENANCY_CHUNK) {
    const end = Math.min(r.to, start + TENANCY_CHUNK - 1);
    const ts: BenchTenancy[] = [];
    for (let i = start; i <= end; i++) ts.push(benchTenancy(i, r.perLandlord));
    const landlord = (t: BenchTenancy) => {
      const id = world.landlordIds[t.landlord];
      if (!id) throw new Error(`tenancy ${t.index}: no landlord ${t.landlord} (only ${world.landlordIds.length})`);
      return id;
    };
    await db.query(
      `insert into tenancies (id, landlord_id, contract_number, object_number, address, postal_code, city, municipality_code, area,
                              adults, children, monthly_rent, start_date, end_date, letting_form)
       select u.id, u.l, u.c, u.o, u.a, u.p, 'Benchstad', $1, u.ar, u.ad, u.ch, u.r, u.s, null, u.lf
         from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::int[], $11::bigint[], $12::date[], $13::text[])
              as u(id, l, c, o, a, p, ar, ad, ch, r, s, lf)`,
      [
        BENCH_MUNICIPALITY_CODE, ts.map((t) => t.id), ts.map(landlord), ts.map((t) => t.contract), ts.map((t) => t.objectNumber),
        ts.map((t) => t.address), ts.map((t) => t.postalCode), ts.map((t) => t.area), ts.map((t) => t.adults), ts.map((t) => t.children),
        ts.map((t) => t.rent), ts.map((t) => t.startDate), ts.map((t) => t.lettingForm),
      ],
    );
    const seats = ts.flatMap((t) => t.tenants.map((p, n) => ({ t, p, position: n + 1 })));
    await db.query(
      `insert into tenants (tenancy_id, personnummer, name, phone, email, position)
       select u.t, u.pnr, u.n, u.ph, null, u.pos from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[]) as u(t, pnr, n, ph, pos)`,
      [seats.map((s) => s.t.id), seats.map((s) => s.p.personnummer), seats.map((s) => s.p.name), seats.map((s) => s.p.phone), seats.map((s) => s.position)],
    );
  }
  return r.to - r.from + 1;
}

/**
 * Inserts the ledger of tenancies [from, to] month by month: a staging table holds each tenancy's rent and
 * payment dates (computed here, by the same functions as the CSV files), and one INSERT … SELECT per month
 * writes its charges, payments and credits for every tenancy.
 */
async function loadLedger(db: Queryable, world: BenchWorld, r: Range, progress: (msg: string) => void): Promise<number> {
  const months = ledgerMonths(r.date);
  const latest = latestDueMonth(months, r.date);
  await db.query('drop table if exists bench_stage');
  await db.query(
    'create unlogged table bench_stage (tenancy_id uuid not null, landlord_id uuid not null, contract text not null, rent bigint not null, paid_on date[] not null, credit_on date[] not null)',
  );
  for (let start = r.from; start <= r.to; start += TENANCY_CHUNK) {
    const end = Math.min(r.to, start + TENANCY_CHUNK - 1);
    const ts: BenchTenancy[] = [];
    for (let i = start; i <= end; i++) ts.push(benchTenancy(i, r.perLandlord));
    // date[][] would need equal lengths anyway: send each tenancy's 13 dates as one text array literal.
    const dates = (f: (t: BenchTenancy, m: LedgerMonth) => IsoDate | null) => ts.map((t) => `{${months.map((m) => f(t, m) ?? 'NULL').join(',')}}`);
    await db.query(
      `insert into bench_stage select u.t, u.l, u.c, u.r, u.p::date[], u.k::date[]
         from unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::text[]) as u(t, l, c, r, p, k)`,
      [
        ts.map((t) => t.id), ts.map((t) => world.landlordIds[t.landlord]!), ts.map((t) => t.contract), ts.map((t) => t.rent),
        dates((t, m) => paidOn(t, m, latest, r.date)), dates((t, m) => creditOn(t, m, r.date)),
      ],
    );
  }
  let rows = 0;
  for (const m of months) {
    if (m.booked > r.date) continue;
    const [res] = await db.query<{ n: number }>(
      `with ins as (
         insert into ledger_entries (landlord_id, tenancy_id, kind, booked_on, due_date, amount, reference)
         select s.landlord_id, s.tenancy_id, 'charge', $2::date, $3::date, s.rent, s.contract || '-A-' || $1 from bench_stage s
         union all
         select s.landlord_id, s.tenancy_id, 'payment', s.paid_on[$4], null, s.rent, s.contract || '-B-' || $1 from bench_stage s where s.paid_on[$4] is not null
         union all
         select s.landlord_id, s.tenancy_id, 'credit', s.credit_on[$4], null, $5::bigint, s.contract || '-K-' || $1 from bench_stage s where s.credit_on[$4] is not null
         returning 1)
       select count(*)::int as n from ins`,
      [m.month, m.booked, m.due, m.k + 1, CREDIT_AMOUNT],
    );
    rows += res!.n;
    progress(`ledger ${m.month}: ${rows.toLocaleString('sv-SE')} rows`);
  }
  await db.query('drop table bench_stage');
  return rows;
}

/**
 * Contacts the landlord has logged for some tenancies behind with the rent, as a running system has them:
 * unanswered calls; promises to pay still pending, their dates spread over the coming month (the one or two
 * whose pause ends by the date are what the daily run checks: broken, as nothing came in); and older
 * promises already found broken.
 */
async function loadOutreach(db: Queryable, world: BenchWorld, r: Range): Promise<number> {
  const rows: { t: BenchTenancy; reached: boolean; contact: IsoDate; promise: IsoDate | null; status: 'pending' | 'broken' | null }[] = [];
  for (let i = r.from; i <= r.to; i++) {
    const t = benchTenancy(i, r.perLandlord);
    if (t.pattern !== 'behind' && t.pattern !== 'behind_two') continue;
    const c = draw(i, 777, 10);
    if (c < 4) rows.push({ t, reached: false, contact: addDays(r.date, -1 - draw(i, 778, 20)), promise: null, status: null });
    else if (c < 7) {
      const promise = addDays(r.date, -2 + draw(i, 779, 30));
      const contact = addDays(promise < r.date ? promise : r.date, -1 - draw(i, 780, 7));
      rows.push({ t, reached: true, contact, promise, status: 'pending' });
    } else if (c < 8) {
      const promise = addDays(r.date, -10 - draw(i, 781, 30));
      rows.push({ t, reached: true, contact: addDays(promise, -5), promise, status: 'broken' });
    }
  }
  for (let s = 0; s < rows.length; s += TENANCY_CHUNK) {
    const chunk = rows.slice(s, s + TENANCY_CHUNK);
    await db.query(
      `insert into outreach (landlord_id, tenancy_id, kind, reached, contact_date, outcome, promise_amount, promise_date, promise_status)
       select u.l, u.t, 'call', u.reached, u.c, case when u.p is null then null else 'promise_to_pay' end, u.a, u.p, u.s
         from unnest($1::uuid[], $2::uuid[], $3::boolean[], $4::date[], $5::date[], $6::bigint[], $7::text[]) as u(l, t, reached, c, p, a, s)`,
      [
        chunk.map((x) => world.landlordIds[x.t.landlord]!), chunk.map((x) => x.t.id), chunk.map((x) => x.reached), chunk.map((x) => x.contact),
        chunk.map((x) => x.promise), chunk.map((x) => (x.promise ? x.t.rent : null)), chunk.map((x) => x.status),
      ],
    );
  }
  return rows.length;
}

export interface LoadOptions {
  tenancies: number;
  perLandlord: number;
  date: IsoDate;
  /** Also write outreach (calls and promises) for some tenancies behind with the rent. Default true. */
  outreach?: boolean;
  /** Also write the ledger. Default true. */
  ledger?: boolean;
  progress?: (msg: string) => void;
}

export interface LoadResult {
  world: BenchWorld;
  tenancies: number;
  ledgerRows: number;
  outreach: number;
  seconds: number;
}

/**
 * Builds a bench database on a migrated, empty Bokvar database: organisations and the officer through the
 * services, then tenancies, tenants, 12 months of ledger and some outreach by bulk SQL with the secondary
 * indexes dropped and rebuilt, then VACUUM ANALYZE.
 */
export async function loadBenchDatabase(db: Database, o: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const progress = o.progress ?? (() => undefined);
  const landlords = Math.ceil(o.tenancies / o.perLandlord);
  const world = await createBenchOrganisations(db, landlords);
  const range: Range = { from: 1, to: o.tenancies, perLandlord: o.perLandlord, date: o.date };
  const saved = await dropSecondaryIndexes(db, ['tenancies', 'tenants', 'ledger_entries']);
  await loadTenancies(db, world, range);
  progress(`${o.tenancies.toLocaleString('sv-SE')} tenancies`);
  // The per-statement tenancy check (migration 0009) is off while the generated ledger goes in, as the
  // foreign keys were dropped before it; one query checks the whole ledger afterwards instead.
  await db.query('alter table ledger_entries disable trigger ledger_entries_tenancy_on_insert');
  const ledgerRows = o.ledger === false ? 0 : await loadLedger(db, world, range, progress);
  await db.query('alter table ledger_entries enable trigger ledger_entries_tenancy_on_insert');
  const [orphans] = await db.query<{ n: number }>(
    `select count(*)::int as n from ledger_entries e
      where not exists (select 1 from tenancies t where t.id = e.tenancy_id and t.landlord_id = e.landlord_id)`,
  );
  if (orphans!.n > 0) throw new Error(`${orphans!.n} generated ledger entries have no tenancy of their landlord`);
  progress('building indexes');
  await restoreIndexes(db, saved);
  const outreach = o.outreach === false ? 0 : await loadOutreach(db, world, range);
  progress('vacuum analyze');
  await db.query('vacuum analyze tenancies');
  await db.query('vacuum analyze tenants');
  await db.query('vacuum analyze ledger_entries');
  await db.query('vacuum analyze outreach');
  return { world, tenancies: o.tenancies, ledgerRows, outreach, seconds: (performance.now() - started) / 1000 };
}
