// Leadership's key figures at scale (issue 14 §8), on PostgreSQL: the bench database (tenancies in
// landlords of 25 000, one municipality, 12 months of ledger), the date's daily run (the worklist the
// funnel counts), cases with contacts, payment plans and closings, notices, and Kronofogden's matters
// of the year. Measures all indicators of the municipality for a year, the funnel of every month, and
// GET /api/v1/statistics under autocannon as leadership logged in with a cookie session.
//
//   npx tsx bench/statistics.bench.ts
//
// Environment:
//   BOKVAR_BENCH_STATS_TENANCIES    default 200000 (the issue's target is for 2 000 000)
//   BOKVAR_BENCH_STATS_CASES        default 50000
//   BOKVAR_BENCH_STATS_CONNECTIONS  default 50
//   BOKVAR_BENCH_STATS_SECONDS      default 10
//   BOKVAR_BENCH_PG_URL             a PostgreSQL server to create the database on (else one is started)

import type { AddressInfo } from 'node:net';
import { SYSTEM_ACTOR } from '../src/access/model.ts';
import { createUser } from '../src/access/service.ts';
import { runDaily } from '../src/collection/daily-run.ts';
import { sinkProvider } from '../src/messaging/providers.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/database.ts';
import { createBokvar } from '../src/platform/server.ts';
import { statistics } from '../src/statistics/indicators.ts';
import { benchContext, statementStats, topStatements } from './context.ts';
import { freshPostgres, stopOwnServer } from './databases.ts';
import { benchWorldOf, loadBenchDatabase } from './loader.ts';
import { autocannon, busyDb, settle } from './processes.ts';
import { BENCH_DATE, envInt, fmt, PER_LANDLORD, progress, report, say, timed } from './report.ts';

const BENCH = 'statistics';
const LEADER = { email: 'ledning@benchkommun.example', password: 'bokvar-bench-lösenord' };
const YEAR = Number(BENCH_DATE.slice(0, 4)) - 1;
const FULL_SCALE = 2_000_000;

/** Cases with their first contact, plans and closings, notices and the year's eviction matters, by bulk SQL. */
async function seedFacts(db: Database, cases: number): Promise<void> {
  const world = await benchWorldOf(db);
  const userId = await createUser(db, SYSTEM_ACTOR, { orgId: world.municipalityId, email: 'socialsekreterare@benchkommun.example', password: LEADER.password, role: 'social_worker', name: 'Sara' });
  await createUser(db, SYSTEM_ACTOR, { orgId: world.municipalityId, email: LEADER.email, password: LEADER.password, role: 'leadership', name: 'Lena Ledning' });
  await db.query("insert into municipality_population (municipality_id, year, inhabitants, children, source, set_at) values ($1, $2, 600000, 120000, 'entered', now())", [world.municipalityId, YEAR]);
  progress(`${fmt(cases)} cases over the year, with a contact, a plan and a closing each`);
  await db.query(
    `insert into cases (municipality_id, tenancy_id, address, opened_by, opened_at, status, closed_at, outcome)
     select $1, t.id, t.address, $2, timestamptz '${YEAR}-01-01 08:00+01' + (n % 360) * interval '1 day',
            case when n % 3 = 0 then 'open' else 'closed' end, case when n % 3 = 0 then null else timestamptz '${YEAR}-01-01 08:00+01' + (n % 360 + 20) * interval '1 day' end,
            case when n % 3 = 0 then null else (array['paid', 'payment_plan', 'social_assistance', 'moved'])[1 + n % 4] end
       from (select id, address, row_number() over (order by id) as n from tenancies order by id limit $3) t`,
    [world.municipalityId, userId, cases],
  );
  await db.query(
    `insert into case_contacts (case_id, kind, contact_date, part_of_day, reached, created_by)
     select c.id, 'call', (c.opened_at at time zone 'Europe/Stockholm')::date + (abs(hashtext(c.id::text)) % 15), 'morning', true, $1 from cases c`,
    [userId],
  );
  await db.query(
    `insert into payment_plans (case_id, tenancy_id, debt, agreed_on, agreed_with, created_by, status, broken_on)
     select c.id, c.tenancy_id, 900000, (c.opened_at at time zone 'Europe/Stockholm')::date + 5, 'Kravhandläggaren', $1,
            case when abs(hashtext(c.id::text)) % 4 = 0 then 'broken' else 'active' end,
            case when abs(hashtext(c.id::text)) % 4 = 0 then (c.opened_at at time zone 'Europe/Stockholm')::date + 60 end
       from cases c where abs(hashtext(c.id::text)) % 2 = 0`,
    [userId],
  );
  progress('notices and the year’s eviction matters');
  await db.query(
    `insert into notices (landlord_id, tenancy_id, municipality_code, municipality_id, reason, termination_date, amount_owed, owed_by_month, landlord_contact, delivered_to_board, status, created_at)
     select t.landlord_id, t.id, t.municipality_code, $1, 'arrears', (c.opened_at at time zone 'Europe/Stockholm')::date - 2, 900000, '[]', '{}', (c.opened_at at time zone 'Europe/Stockholm')::date - 1,
            'delivered', c.opened_at - interval '1 day'
       from cases c join tenancies t on t.id = c.tenancy_id`,
    [world.municipalityId],
  );
  const authority = (await db.query<{ id: string }>("insert into organisations (kind, name) values ('authority', 'Kronofogden') returning id"))[0]!.id;
  await db.query(
    `insert into kfm_matters (authority_id, case_number, municipality_id, received_on, withdrawn_on, carried_out_on, household_type,
                              children_permanent, children_alternating, children_visiting, social_services_present, updated_at)
     select $1, 'B-' || n, $2, date '${YEAR}-01-01' + n % 360, case when n % 5 < 3 then date '${YEAR}-01-01' + n % 360 + 20 end,
            case when n % 5 = 3 then date '${YEAR}-01-01' + n % 360 + 60 end, case when n % 5 = 3 then 'single_man' end,
            case when n % 5 = 3 then n % 2 end, case when n % 5 = 3 then 0 end, case when n % 5 = 3 then 0 end, case when n % 5 = 3 then n % 3 = 0 end, now()
       from generate_series(1, $3::int) n`,
    [authority, world.municipalityId, Math.round(cases / 10)],
  );
  for (const t of ['cases', 'case_contacts', 'payment_plans', 'notices', 'kfm_matters', 'worklist_items', 'outreach']) await db.query(`vacuum analyze ${t}`);
}

async function measure(db: Database, tenancies: number, cases: number) {
  const world = await benchWorldOf(db);
  const ctx = benchContext(db);
  const leader = { kind: 'user' as const, userId: null, tokenId: null, orgId: world.municipalityId, orgKind: 'municipality' as const, orgName: 'Benchkommun', role: 'leadership' as const, name: 'Lena', permissions: new Set(['statistics.read'] as const) };
  const full = tenancies >= FULL_SCALE;
  // All indicators of the municipality for the year, with the year before and the funnel of each month.
  await statistics(ctx, leader, { from: `${YEAR}-01`, to: `${YEAR}-12` });
  const year = await timed(() => statistics(ctx, leader, { from: `${YEAR}-01`, to: `${YEAR}-12` }));
  const evictions = year.result.indicators.find((i) => i.id === 'evictions')!.value;
  say(`  all indicators of the municipality for ${YEAR}, against ${YEAR - 1}, with the funnel of 12 months: ${fmt(year.seconds)} s (${fmt(evictions ?? 0)} evictions)`);
  report({
    bench: BENCH, name: `all indicators of one municipality for a year, ${fmt(tenancies)} tenancies`, value: year.seconds, unit: 's',
    ...(full ? { target: { op: '<=' as const, value: 1 } } : {}), note: `${fmt(cases)} cases; the year before and the funnel per month included`,
  });
  const traced = statementStats(db);
  await statistics(benchContext(traced.db), leader, { from: `${YEAR}-01`, to: `${YEAR}-12` });
  say('  where the year\'s time went:');
  for (const line of topStatements(traced.stats)) say(`    ${line}`);
  const month = await timed(async () => {
    for (let m = 1; m <= 12; m++) {
      const mm = `${YEAR}-${String(m).padStart(2, '0')}`;
      await statistics(ctx, leader, { from: mm, to: mm });
    }
  });
  say(`  the municipality's figures of each month of ${YEAR}, one by one: ${fmt(month.seconds)} s`);
  report({
    bench: BENCH, name: `every month's figures of the municipality, ${fmt(tenancies)} tenancies`, value: month.seconds, unit: 's',
    ...(full ? { target: { op: '<=' as const, value: 30 } } : {}), note: 'one municipality in the bench; the target is for all municipalities after the daily run',
  });
}

async function http(db: Database, tenancies: number) {
  const connections = envInt('BOKVAR_BENCH_STATS_CONNECTIONS', 50);
  const seconds = envInt('BOKVAR_BENCH_STATS_SECONDS', 10);
  const clock = fixedClock(`${BENCH_DATE}T09:00:00+01:00`);
  const config = { ...loadConfig({}), host: '127.0.0.1', port: 0, databaseUrl: null, jobs: false, auditAnchor: { file: null, key: null } };
  const busy = busyDb(db);
  const bokvar = await createBokvar(config, { db: busy.db, clock, sms: sinkProvider(db) });
  try {
    await bokvar.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = bokvar.app.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(LEADER) });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const headers = { cookie: login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), 'accept-encoding': 'gzip, deflate, br, zstd' };
    const url = `${base}/api/v1/statistics?from=${YEAR}-01&to=${YEAR}-12`;
    await settle(base, busy.idle);
    progress(`autocannon -c ${connections} -d ${seconds} ${url}`);
    const r = await autocannon(url, headers, connections, seconds);
    await settle(base, busy.idle);
    const errors = r.errors + r.timeouts + r.non2xx;
    say(`  the leadership page's figures at ${connections} connections: ${fmt(r.requests.total)} responses, p50 ${fmt(r.latency.p50)} ms, p99 ${fmt(r.latency.p99)} ms${errors ? `; ${errors} errors` : ''}`);
    report({
      bench: BENCH, name: `GET /api/v1/statistics (a year) p99 at ${connections} connections, ${fmt(tenancies)} tenancies`, value: r.latency.p99, unit: 'ms',
      ...(tenancies >= FULL_SCALE ? { target: { op: '<=' as const, value: 100 } } : {}), note: `p50 ${fmt(r.latency.p50)} ms; computed on every request${errors ? `; ${errors} errors` : ''}`,
    });
  } finally {
    await bokvar.close();
  }
}

const tenancies = envInt('BOKVAR_BENCH_STATS_TENANCIES', 200_000);
const cases = Math.min(envInt('BOKVAR_BENCH_STATS_CASES', 50_000), tenancies);
try {
  say(`\n■ key figures on PostgreSQL: ${fmt(tenancies)} tenancies, ${fmt(cases)} cases, date ${BENCH_DATE}`);
  const b = await freshPostgres('statistics');
  try {
    const load = await loadBenchDatabase(b.db, { tenancies, perLandlord: PER_LANDLORD, date: BENCH_DATE, progress });
    say(`  built in ${fmt(load.seconds)} s`);
    const run = await timed(() => runDaily(benchContext(b.db), BENCH_DATE));
    say(`  the date's daily run: ${fmt(run.seconds)} s`);
    const seeded = await timed(() => seedFacts(b.db, cases));
    say(`  facts seeded in ${fmt(seeded.seconds)} s`);
    await measure(b.db, tenancies, cases);
    await http(b.db, tenancies);
  } finally {
    await b.close();
  }
} finally {
  await stopOwnServer();
}
