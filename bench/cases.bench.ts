// Social services' case work at scale (issue 3 §5): 50 000 cases with 500 000 journal entries and
// 50 000 payment plans on top of the 100 000-tenancy bench database. Measures the daily payment-plan
// check, then the inbox, the case list and a case with its timeline on Bokvar's HTTP server under
// autocannon (a social worker logged in with a cookie session, as the web app does).
//
//   npx tsx bench/cases.bench.ts
//
// Environment:
//   BOKVAR_BENCH_CASES_ENGINES     pglite,postgres (default both; falls back to BOKVAR_BENCH_ENGINES)
//   BOKVAR_BENCH_CASES             cases (and payment plans), default 50000
//   BOKVAR_BENCH_CASES_CONNECTIONS default 50
//   BOKVAR_BENCH_CASES_SECONDS     default 10
//   BOKVAR_BENCH_PG_URL            a PostgreSQL server to create the database on (else one is started)

import type { AddressInfo } from 'node:net';
import { SYSTEM_ACTOR } from '../src/access/model.ts';
import { createUser } from '../src/access/service.ts';
import { addDays } from '../src/calendar/model.ts';
import { checkPaymentPlans, PLAN_CHECK_JOB } from '../src/cases/plans.ts';
import { sinkProvider } from '../src/messaging/providers.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/database.ts';
import { createBokvar } from '../src/platform/server.ts';
import { benchContext } from './context.ts';
import { type BenchDb, freshPostgres, preparedPglite, stopOwnServer } from './databases.ts';
import { benchWorldOf, loadBenchDatabase } from './loader.ts';
import { autocannon, autocannonPaths, busyDb, settle } from './processes.ts';
import { BENCH_DATE, envInt, envList, fmt, PER_LANDLORD, progress, report, say, timed } from './report.ts';

const BENCH = 'cases';
const WORKER = { email: 'socialsekreterare@benchkommun.example', password: 'bokvar-bench-lösenord' };
const JOURNAL_PER_CASE = 10;
const INSTALMENTS = 6;
/** Cases opened one at a time, each for the first time. */
const FIRST_OPENINGS = 200;
/** Monthly instalments, the first about four months before the bench date, each plan on its own day of the month. */
const FIRST_DUE = addDays(BENCH_DATE, -130);

/** Cases, households, journals, plans and a few new concerns, by bulk SQL (the services would take hours). */
async function seedCases(db: Database, cases: number): Promise<void> {
  const world = await benchWorldOf(db);
  const userId = await createUser(db, SYSTEM_ACTOR, { orgId: world.municipalityId, email: WORKER.email, password: WORKER.password, role: 'social_worker', name: 'Sara Socialsekreterare' });
  progress(`${fmt(cases)} cases`);
  await db.query(
    `insert into cases (municipality_id, tenancy_id, address, opened_by, opened_at)
     select $1, t.id, t.address, $2, timestamptz '2026-06-01 08:00+02' + (row_number() over (order by t.id)) * interval '3 minutes'
       from (select id, address from tenancies order by id limit $3) t`,
    [world.municipalityId, userId, cases],
  );
  await db.query(
    `insert into case_persons (case_id, relation, personnummer, name, birth_year, added_by)
     select c.id, 'tenant', p.personnummer, p.name, substr(p.personnummer, 1, 4)::int, $1 from cases c join tenants p on p.tenancy_id = c.tenancy_id`,
    [userId],
  );
  progress(`${fmt(cases * JOURNAL_PER_CASE)} journal entries`);
  await db.query(
    `insert into journal_entries (case_id, event_date, body, author_id, author_name, written_at)
     select c.id, date '2026-06-01' + n * 7, 'Hembesök. Familjen berättade om läget; vi gick igenom budgeten och vad som kan göras. ' || n, $1, 'Sara Socialsekreterare',
            c.opened_at + n * interval '7 days'
       from cases c cross join generate_series(1, $2::int) n order by c.opened_at, n`,
    [userId, JOURNAL_PER_CASE],
  );
  await db.query(
    `insert into case_contacts (case_id, kind, contact_date, part_of_day, reached, created_by)
     select c.id, 'call', date '2026-06-02', 'morning', true, $1 from cases c`,
    [userId],
  );
  progress(`${fmt(cases)} payment plans of ${INSTALMENTS} instalments`);
  await db.query(
    `insert into payment_plans (case_id, tenancy_id, debt, agreed_on, agreed_with, created_by)
     select c.id, c.tenancy_id, $2::bigint * 150000, $3::date - 7, 'Kravhandläggaren', $1 from cases c`,
    [userId, INSTALMENTS, FIRST_DUE],
  );
  // Earlier instalments were settled by earlier daily checks; those within the last grace week are open.
  await db.query(
    `insert into payment_plan_instalments (plan_id, seq, due_date, amount, allowed_owed, status)
     select p.id, n, d.due, 150000, p.debt - n * 150000, case when d.due < $2::date - 8 then 'kept' else 'pending' end
       from payment_plans p cross join generate_series(1, $3::int) n
       cross join lateral (select ($1::date + (n - 1) * interval '1 month' + (abs(hashtext(p.id::text)) % 28) * interval '1 day')::date as due) d`,
    [FIRST_DUE, BENCH_DATE, INSTALMENTS],
  );
  await db.query(
    `insert into concerns (reference, municipality_id, address, what, children, source, received_at)
     select 'EVI-B' || lpad(n::text, 3, '0') || '-BNCH', $1, 'Benchgatan ' || n, 'Grannar hör att det är oroligt', n % 3 = 0, 'public', now() - n * interval '1 hour'
       from generate_series(1, 200) n`,
    [world.municipalityId],
  );
  for (const t of ['cases', 'case_persons', 'journal_entries', 'case_contacts', 'payment_plans', 'payment_plan_instalments', 'concerns']) await db.query(`vacuum analyze ${t}`);
}

async function planCheck(b: BenchDb, label: string, cases: number) {
  const ctx = benchContext(b.db);
  const [open] = await b.db.query<{ n: number }>("select count(*)::int as n from payment_plan_instalments where status = 'pending' and due_date <= $1", [BENCH_DATE]);
  const steady = await timed(() => checkPaymentPlans(ctx, BENCH_DATE));
  const r = steady.result;
  say(`  daily payment-plan check, ${fmt(cases)} plans: ${fmt(steady.seconds)} s — ${fmt(r.checked)} instalments due and open (${fmt(open!.n)} pending), ` +
    `${fmt(r.kept)} kept, ${fmt(r.late)} late, ${fmt(r.overdue)} overdue, ${fmt(r.broken)} broken; ${fmt(r.plansBroken)} plans broken`);
  report({
    bench: BENCH, name: `${label} daily payment-plan check, ${fmt(cases)} plans`, value: steady.seconds, unit: 's',
    ...(label === 'PGlite' && cases === 50_000 ? { target: { op: '<=' as const, value: 10 } } : {}),
    note: `${fmt(r.checked)} instalments read against the ledger (those fallen due in the last grace week)`,
  });
  // The worst case: no check has run for months, every instalment fallen due is open.
  await b.db.query("update payment_plan_instalments set status = 'pending' where due_date <= $1", [BENCH_DATE]);
  await b.db.query("update payment_plans set status = 'active', broken_on = null");
  await b.db.query('delete from case_tasks');
  await b.db.query('delete from job_runs where job = $1', [PLAN_CHECK_JOB]);
  const worst = await timed(() => checkPaymentPlans(ctx, BENCH_DATE));
  say(`  the same with every instalment since the start open (no check for four months): ${fmt(worst.seconds)} s, ${fmt(worst.result.checked)} instalments`);
  report({ bench: BENCH, name: `${label} payment-plan check, every instalment open`, value: worst.seconds, unit: 's', note: `${fmt(worst.result.checked)} instalments` });
}

async function http(b: BenchDb, label: string, cases: number) {
  const connections = envInt('BOKVAR_BENCH_CASES_CONNECTIONS', 50);
  const seconds = envInt('BOKVAR_BENCH_CASES_SECONDS', 10);
  const clock = fixedClock(`${BENCH_DATE}T09:00:00+01:00`);
  const config = { ...loadConfig({}), host: '127.0.0.1', port: 0, databaseUrl: null, jobs: false, auditAnchor: { file: null, key: null } };
  const busy = busyDb(b.db);
  const bokvar = await createBokvar(config, { db: busy.db, clock, sms: sinkProvider(b.db) });
  try {
    await bokvar.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = bokvar.app.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(WORKER) });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const headers = { cookie: login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), 'accept-encoding': 'gzip, deflate, br, zstd' };
    const [someCase] = await b.db.query<{ id: string }>('select id from cases order by opened_at limit 1 offset $1', [Math.floor(cases / 2)]);
    const targets = [
      { name: 'inbox', url: `${base}/api/v1/inbox`, target: 100 },
      { name: 'case list', url: `${base}/api/v1/cases`, target: 100 },
      { name: 'a case with its timeline', url: `${base}/api/v1/cases/${someCase!.id}`, target: 50 },
    ];
    for (const t of targets) {
      await settle(base, busy.idle);
      const t0 = performance.now();
      const res = await fetch(t.url, { headers });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`GET ${t.url}: ${res.status} ${body.slice(0, 300)}`);
      const single = performance.now() - t0;
      progress(`autocannon -c ${connections} -d ${seconds} ${t.url}`);
      const r = await autocannon(t.url, headers, connections, seconds);
      await settle(base, busy.idle);
      const errors = r.errors + r.timeouts + r.non2xx;
      say(`  ${t.name}: one request ${fmt(single)} ms (${fmt(Buffer.byteLength(body) / 1024)} kB); ${connections} connections: ${fmt(r.requests.total)} responses ` +
        `(${fmt(r.requests.average)}/s), p50 ${fmt(r.latency.p50)} ms, p99 ${fmt(r.latency.p99)} ms${errors ? `; ${errors} errors` : ''}`);
      report({
        bench: BENCH, name: `${label} ${t.name} p99 at ${connections} connections`, value: r.latency.p99, unit: 'ms',
        ...(cases === 50_000 ? { target: { op: '<=' as const, value: t.target } } : {}),
        note: `${fmt(cases)} cases, ${fmt(cases * JOURNAL_PER_CASE)} journal entries; p50 ${fmt(r.latency.p50)} ms${errors ? `; ${errors} errors` : ''}`,
      });
    }
    await firstOpenings(b, base, headers, label, cases, connections, seconds, busy.idle);
  } finally {
    await bokvar.close();
  }
}

/**
 * Cases opened for the first time, none of them kept by the server: one at a time (a social worker
 * opening a case), then 50 connections each asking for a case nobody has asked for yet.
 */
async function firstOpenings(
  b: BenchDb, base: string, headers: Record<string, string>, label: string, cases: number, connections: number, seconds: number, dbIdle: () => Promise<void>,
) {
  const ids = (await b.db.query<{ id: string }>('select id from cases order by id')).map((r) => r.id);
  const one = ids.slice(0, FIRST_OPENINGS);
  await settle(base, dbIdle);
  const times: number[] = [];
  for (const id of one) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/cases/${id}`, { headers });
    await res.arrayBuffer();
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`GET /api/v1/cases/${id}: ${res.status}`);
  }
  times.sort((x, y) => x - y);
  const p = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  say(`  a case opened for the first time, one at a time: ${fmt(one.length)} cases, p50 ${fmt(p(0.5))} ms, p99 ${fmt(p(0.99))} ms`);
  report({
    bench: BENCH, name: `${label} a case opened for the first time, p99 one at a time`, value: p(0.99), unit: 'ms',
    ...(cases === 50_000 ? { target: { op: '<=' as const, value: 50 } } : {}),
    note: `${fmt(one.length)} different cases, none kept; p50 ${fmt(p(0.5))} ms`,
  });
  await settle(base, dbIdle);
  const rest = ids.slice(FIRST_OPENINGS).map((id) => `/api/v1/cases/${id}`);
  progress(`autocannon -c ${connections} -d ${seconds}, each request a case not asked for before`);
  const r = await autocannonPaths(base, rest, headers, connections, seconds);
  await settle(base, dbIdle);
  const errors = r.errors + r.timeouts + r.non2xx;
  say(`  cases opened for the first time at ${connections} connections: ${fmt(r.requests.total)} responses (${fmt(r.distinct)} different cases, ` +
    `${fmt(r.requests.average)}/s), p50 ${fmt(r.latency.p50)} ms, p99 ${fmt(r.latency.p99)} ms${errors ? `; ${errors} errors` : ''}`);
  report({
    bench: BENCH, name: `${label} cases opened for the first time, p99 at ${connections} connections`, value: r.latency.p99, unit: 'ms',
    note: `${fmt(r.distinct)} different cases, none kept; p50 ${fmt(r.latency.p50)} ms${errors ? `; ${errors} errors` : ''}`,
  });
}

async function measure(b: BenchDb, label: string, cases: number) {
  const seeded = await timed(() => seedCases(b.db, cases));
  say(`  seeded in ${fmt(seeded.seconds)} s`);
  await planCheck(b, label, cases);
  await http(b, label, cases);
}

const cases = envInt('BOKVAR_BENCH_CASES', 50_000);
const tenancies = Math.max(100_000, cases);
const engines = envList('BOKVAR_BENCH_CASES_ENGINES', envList('BOKVAR_BENCH_ENGINES', ['pglite', 'postgres']));
try {
  if (engines.includes('pglite')) {
    say(`\n■ case work on PGlite: ${fmt(cases)} cases over ${fmt(tenancies)} tenancies, date ${BENCH_DATE}`);
    const b = await preparedPglite('cases', { tenancies, perLandlord: PER_LANDLORD, date: BENCH_DATE });
    try {
      await measure(b, 'PGlite', cases);
    } finally {
      await b.close();
    }
  }
  if (engines.includes('postgres')) {
    say(`\n■ case work on PostgreSQL: ${fmt(cases)} cases over ${fmt(tenancies)} tenancies, date ${BENCH_DATE}`);
    const b = await freshPostgres('cases');
    try {
      const load = await loadBenchDatabase(b.db, { tenancies, perLandlord: PER_LANDLORD, date: BENCH_DATE, progress });
      say(`  built in ${fmt(load.seconds)} s`);
      await measure(b, 'PostgreSQL', cases);
    } finally {
      await b.close();
    }
  }
} finally {
  await stopOwnServer();
}
