// The worklist API under load: Bokvar's HTTP server on 127.0.0.1 (a free port) over the 100 000-tenancy
// bench database, a collection officer of the first landlord logged in with a cookie session (as the web
// app does), the daily run for the date done first, then autocannon with 50 connections for ~10 s on
// GET /api/v1/worklist?date=…
//
//   npx tsx bench/worklist.bench.ts
//
// Environment:
//   BOKVAR_BENCH_WORKLIST_ENGINES      pglite,postgres (default both)
//   BOKVAR_BENCH_WORKLIST_TENANCIES    default 100000
//   BOKVAR_BENCH_WORKLIST_CONNECTIONS  default 50
//   BOKVAR_BENCH_WORKLIST_SECONDS      default 10
//   BOKVAR_BENCH_PER_LANDLORD          tenancies per landlord, default 25000 (the officer's landlord is one of them)
//   BOKVAR_BENCH_PG_URL                a PostgreSQL server to create the database on (else one is started)

import type { AddressInfo } from 'node:net';
import { runDaily } from '../src/collection/daily-run.ts';
import { sinkProvider } from '../src/messaging/providers.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/database.ts';
import { createBokvar } from '../src/platform/server.ts';
import { type BenchDb, freshPostgres, preparedPglite, stopOwnServer } from './databases.ts';
import { benchWorldOf, loadBenchDatabase } from './loader.ts';
import { autocannon, busyDb, settle } from './processes.ts';
import { BENCH_DATE, envInt, envList, fmt, PER_LANDLORD, progress, report, say, timed } from './report.ts';

const BENCH = 'worklist';

async function load(
  label: string, url: string, headers: Record<string, string>, connections: number, seconds: number, tenancies: number, main: boolean,
  idle: () => Promise<void>, db: Database,
) {
  const reads = async () =>
    (await db.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'worklist.read'"))[0]!.n;
  const readsBefore = await reads();
  // One request at a time first: what a single officer sees.
  const single: number[] = [];
  let bytes = 0;
  let wireBytes = 0;
  let households = 0;
  let total = 0;
  for (let n = 0; n < 5; n++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    const body = await res.text();
    single.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`GET worklist: ${res.status} ${body.slice(0, 300)}`);
    bytes = Buffer.byteLength(body);
    wireBytes = Number(res.headers.get('content-length') ?? bytes);
    const answer = JSON.parse(body) as { total: number; households: unknown[] };
    households = answer.households.length;
    total = answer.total;
  }
  single.sort((x, y) => x - y);
  const median = single[Math.floor(single.length / 2)]!;
  const size = `${fmt(bytes / 1024)} kB of JSON, ${fmt(wireBytes / 1024)} kB sent`;
  say(`  one request at a time: median ${fmt(median)} ms over 5 (the first builds the page), answer ${fmt(households)} of ${fmt(total)} households, ${size}`);
  report({ bench: BENCH, name: `${label} worklist, one request at a time (median)`, value: median, unit: 'ms', note: `${fmt(households)} of ${fmt(total)} households, ${size}` });

  progress(`autocannon -c ${connections} -d ${seconds} ${url}`);
  const r = await autocannon(url, headers, connections, seconds);
  // autocannon stops with a request in flight on each connection; the server still works them off.
  const drain = await timed(() => idle());
  if (drain.seconds > 1) progress(`the server took ${fmt(drain.seconds)} s to finish the requests still in flight`);
  // Every answer had its audit row (those still in flight when autocannon stopped have one too).
  const audited = (await reads()) - readsBefore;
  if (audited < r.requests.total + 5) throw new Error(`${fmt(r.requests.total)} answers and 5 single requests, but only ${fmt(audited)} worklist.read audit rows`);
  say(
    `  ${connections} connections for ${fmt(r.duration)} s: ${fmt(r.requests.total)} responses (${fmt(r.requests.average)}/s), ` +
      `latency p50 ${fmt(r.latency.p50)} ms, p90 ${fmt(r.latency.p90)} ms, p99 ${fmt(r.latency.p99)} ms, max ${fmt(r.latency.max)} ms; ` +
      `${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`,
  );
  const note = `${fmt(households)} households a response (${size}); ${fmt(r.requests.total)} responses in ${fmt(r.duration)} s; ${fmt(tenancies)} tenancies, the officer's landlord ${fmt(Math.min(PER_LANDLORD, tenancies))}` +
    (r.errors + r.timeouts + r.non2xx > 0 ? `; ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx` : '');
  report({ bench: BENCH, name: `${label} worklist p50 at ${connections} connections`, value: r.latency.p50, unit: 'ms', note });
  report({
    bench: BENCH, name: `${label} worklist p99 at ${connections} connections`, value: r.latency.p99, unit: 'ms', note,
    ...(main ? { target: { op: '<=' as const, value: 50 } } : {}),
  });
}

async function measure(b: BenchDb, label: string, tenancies: number) {
  const connections = envInt('BOKVAR_BENCH_WORKLIST_CONNECTIONS', 50);
  const seconds = envInt('BOKVAR_BENCH_WORKLIST_SECONDS', 10);
  const world = await benchWorldOf(b.db);
  const clock = fixedClock(`${BENCH_DATE}T07:30:00+01:00`);
  const config = { ...loadConfig({}), host: '127.0.0.1', port: 0, databaseUrl: null, jobs: false, auditAnchor: { file: null, key: null } };
  const busy = busyDb(b.db);
  const bokvar = await createBokvar(config, { db: busy.db, clock, sms: sinkProvider(b.db) });
  try {
    const first = await timed(() => runDaily(bokvar.ctx, BENCH_DATE));
    say(`  daily run for ${BENCH_DATE} first: ${fmt(first.seconds)} s (${fmt(first.result.newItems)} items for ${fmt(first.result.inArrears)} tenancies in arrears)`);

    await bokvar.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = bokvar.app.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: world.officer.email, password: world.officer.password }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const url = `${base}/api/v1/worklist?date=${BENCH_DATE}`;

    const idle = () => settle(base, busy.idle);
    // As the web app asks in a browser: the session cookie, and compressed answers accepted (Chromium
    // sends this Accept-Encoding).
    const browser = { cookie, 'accept-encoding': 'gzip, deflate, br, zstd' };
    await load(label, url, browser, connections, seconds, tenancies, true, idle, b.db);
    // A landlord system that does not accept compression gets the JSON as it is: 10 times the bytes.
    await load(`${label} (uncompressed)`, url, { cookie, 'accept-encoding': 'identity' }, connections, seconds, tenancies, false, idle, b.db);
    // An area and a step filter: a smaller page, the same session, audit and routing work.
    const filtered = `${url}&area=${encodeURIComponent('Område 1')}&step=notice_to_social_services`;
    await load(`${label} (area + step filter)`, filtered, browser, connections, seconds, tenancies, false, idle, b.db);
  } finally {
    await bokvar.close();
  }
}

async function pglite(tenancies: number) {
  say(`\n■ worklist API on PGlite, ${fmt(tenancies)} tenancies (${PER_LANDLORD.toLocaleString('sv-SE')} a landlord), date ${BENCH_DATE}`);
  const b = await preparedPglite('worklist', { tenancies, perLandlord: PER_LANDLORD, date: BENCH_DATE });
  try {
    await measure(b, 'PGlite', tenancies);
  } finally {
    await b.close();
  }
}

async function postgres(tenancies: number) {
  say(`\n■ worklist API on PostgreSQL, ${fmt(tenancies)} tenancies (${PER_LANDLORD.toLocaleString('sv-SE')} a landlord), date ${BENCH_DATE}`);
  const b = await freshPostgres('worklist');
  try {
    const load = await loadBenchDatabase(b.db, { tenancies, perLandlord: PER_LANDLORD, date: BENCH_DATE, progress });
    say(`  built in ${fmt(load.seconds)} s`);
    await measure(b, 'PostgreSQL', tenancies);
  } finally {
    await b.close();
  }
}

const tenancies = envInt('BOKVAR_BENCH_WORKLIST_TENANCIES', 100_000);
const engines = envList('BOKVAR_BENCH_WORKLIST_ENGINES', envList('BOKVAR_BENCH_ENGINES', ['pglite', 'postgres']));
try {
  if (engines.includes('pglite')) await pglite(tenancies);
  if (engines.includes('postgres')) await postgres(tenancies);
} finally {
  await stopOwnServer();
}
