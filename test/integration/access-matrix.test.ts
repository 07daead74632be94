// Issue 12 "Done when": every route of the OpenAPI document, tried by every role of every other
// organisation and by an API token of each (a municipality has none: issue 12 §7), with a body built
// from the route's own schema (so a refusal is about who asks, not what was sent), and again in the
// protected-identity and consent states. A probe fails when an answer carries what only the owner may
// know, when a route with the owner's id in its path answers 2xx, or when the owner's rows changed.
// The routes are read from the server, so a route added later is tried too; the world is the demo plus
// what the test builds on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../src/access/audit-actions.ts';
import { ROLES_BY_KIND, type OrgKind } from '../../src/access/model.ts';
import { login as createSession } from '../../src/access/service.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoIfEmpty } from '../../src/platform/demo.ts';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildToken, buildUser, type Client, login, PASSWORD, startTestBokvar, type TestBokvar } from '../support/app.ts';
import { buildConsent } from '../support/world.ts';

const DAY = '2026-11-23';
const NEXT_DAY = '2026-11-24';
let b: TestBokvar;

interface Actor { label: string; headers: Record<string, string> }
interface Route { method: string; path: string; body?: Schema; query: { name: string; schema: Schema; required: boolean }[] }
interface Schema { type?: string; format?: string; maxLength?: number; enum?: unknown[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; minItems?: number; minLength?: number; minimum?: number; nullable?: boolean; anyOf?: Schema[]; oneOf?: Schema[] }

/** Ids of the owner's things, by the name a path parameter or body field gives them. */
type Ids = Record<string, string>;

let routes: Route[] = [];
const world: { demo: Ids; protectedCase: Ids; sharedCase: Ids; freePnr: string } = { demo: {}, protectedCase: {}, sharedCase: {}, freePnr: '' };
const marker = { journal: 'Journalmarkör 7431: hemligt samtal', note: 'Kontaktmarkör 5519: hemligt', protectedJournal: 'Skyddsmarkör 8802: hemligt', protectedAddress: 'Skyddsvägen 77' };

async function openapiRoutes(): Promise<Route[]> {
  const doc = (await b.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema: Schema }> }; parameters?: { in: string; name: string; required?: boolean; schema: Schema }[] }>>;
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      body: op.requestBody?.content?.['application/json']?.schema,
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema, required: p.required ?? false })),
    })),
  );
}

/** A value the schema accepts; ids and personnummer are the owner's, so a write aims at the owner's data. */
function example(name: string, s: Schema | undefined, ids: Ids): unknown {
  if (!s) return 'x';
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return example(name, alt.find((a) => a.type !== 'null') ?? alt[0], ids);
  if (s.enum) return s.enum[0];
  if (s.format === 'uuid') return ids[name] ?? ids[name.replace(/Ids$/, 'Id')] ?? NO_SUCH_ID;
  switch (s.type) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, example(k, v, ids)]));
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => example(name, s.items, ids));
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, 1);
    case 'boolean':
      return true;
    default:
      // Later today, today: what a form sends on the day of the probes.
      if (s.format === 'date-time' || /At$|^at$|^from$|^to$/.test(name)) return `${NEXT_DAY}T15:00:00+01:00`;
      if (/personnummer/i.test(name)) return ids.personnummer ?? world.freePnr;
      if (/email/i.test(name)) return 'prov@example.se';
      if (/password/i.test(name)) return 'ett-långt-lösenord-för-prov';
      if (/idempotencyKey/.test(name)) return `prov-${Math.random().toString(36).slice(2, 12)}`;
      if (/municipalityCode/.test(name)) return '9999';
      if (/Month$/.test(name)) return NEXT_DAY.slice(0, 7);
      if (/(Date|Dates|On|From|Until|Day)$|^(date|day)$/.test(name) || s.maxLength === 10) return NEXT_DAY;
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
  }
}

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000001';

/**
 * The path with each parameter filled from the owner's ids (the segment before it says what it is;
 * after a {kind}, the segment before that). `missing` collects what had no id of the owner's.
 */
function fill(path: string, ids: Ids, missing?: string[]): string {
  return path.replace(/\{(\w+)\}/g, (_, param: string, offset: number) => {
    if (param === 'kind') return path.startsWith('/api/v1/inbox') ? 'concern' : 'reminder';
    if (param === 'key') return 'reminder';
    // A year names no one's thing: each organisation's facts for it are its own (the scope does the rest).
    if (param === 'year') return '2026';
    const segment = path.slice(0, offset).split('/').filter((x) => x && x !== '{kind}').at(-1)!;
    const id = param === 'id' ? ids[segment] : ids[param];
    if (!id) missing?.push(`${path} {${param}}`);
    return id ?? NO_SUCH_ID;
  });
}

/** Routes whose path names one of the owner's things: an answer of 2xx to anyone else is a hole. */
const ANY_OWNED = /\{(id|consentId|contactId|planId|kfmNoticeId|areaId|municipalityId)\}/;
const ownersParam = (path: string, owned = ANY_OWNED) => owned.test(path);

/** Every route tried by every actor; what leaked, answered or changed. */
async function probe(actors: Actor[], ids: Ids, secrets: string[], opts: { allowed?: (r: Route, status: number) => boolean; owned?: RegExp } = {}) {
  const problems: string[] = [];
  let pastValidation = 0;
  let writes = 0;
  for (const actor of actors) {
    for (const route of routes) {
      // Logging in and out is the probe's own session (another's is /sessions/{id}, tried below).
      if (route.path === '/api/v1/session') continue;
      const query = route.query.filter((q) => q.required).map((q) => `${q.name}=${encodeURIComponent(String(example(q.name, q.schema, ids)))}`).join('&');
      const url = fill(route.path, ids) + (query ? `?${query}` : '');
      const payload = route.method === 'GET' || route.method === 'DELETE' ? undefined : ((route.body ? example('body', route.body, ids) : {}) as object);
      const res = await b.app.inject({ method: route.method as 'GET', url, headers: actor.headers, ...(payload ? { payload } : {}) });
      if (route.method !== 'GET') {
        writes++;
        if (res.statusCode !== 400) pastValidation++;
      }
      // What the request itself sent (a personnummer asked about) may come back; nothing else of the owner's.
      const sent = JSON.stringify(payload ?? {});
      const leaked = secrets.filter((s) => res.body.includes(s) && !sent.includes(s));
      if (leaked.length) problems.push(`${actor.label}: ${route.method} ${route.path} → ${res.statusCode} carries ${leaked.slice(0, 3).join(', ')}`);
      if (res.statusCode >= 500) problems.push(`${actor.label}: ${route.method} ${route.path} → ${res.statusCode}`);
      if (res.statusCode < 300 && ownersParam(route.path, opts.owned) && !opts.allowed?.(route, res.statusCode))
        problems.push(`${actor.label}: ${route.method} ${url} → ${res.statusCode} with the owner's id`);
    }
  }
  return { problems, pastValidation, writes };
}

/**
 * Every row of every table that holds the owners' data, as text: what a probe must not change. Left
 * out: logs, logins and keys of the probes themselves, and the version counters of cached pages
 * (moved by any write, a concern sent to the municipality as well).
 */
const UNOWNED = new Set(['audit_log', 'sessions', 'login_failures', 'api_tokens', 'idempotency_keys', 'job_runs', 'sms_sink', 'public_concern_budget', 'casework_versions', 'worklist_versions']);
async function snapshot(): Promise<Map<string, string[]>> {
  const tables = await b.db.query<{ t: string }>("select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1");
  const out = new Map<string, string[]>();
  for (const { t } of tables) {
    if (UNOWNED.has(t) || t.startsWith('schema_')) continue;
    out.set(t, (await b.db.query<{ r: string }>(`select x::text as r from ${t} x`)).map((r) => r.r));
  }
  return out;
}
/** Rows of `before` that are gone or changed, and rows added that name any of `owners`. */
function changes(before: Map<string, string[]>, after: Map<string, string[]>, owners: string[], intake: Set<string>): string[] {
  const out: string[] = [];
  for (const [t, rows] of before) {
    const now = new Set(after.get(t) ?? []);
    const was = new Set(rows);
    for (const r of rows) if (!now.has(r)) out.push(`${t}: changed or removed ${r.slice(0, 160)}`);
    if (intake.has(t)) continue;
    for (const r of now) if (!was.has(r) && owners.some((o) => r.includes(o))) out.push(`${t}: added for the owner ${r.slice(0, 160)}`);
  }
  return out;
}

async function sessionOf(email: string, password = PASSWORD): Promise<Actor> {
  const s = await createSession(b.db, email, password, b.clock.now());
  return { label: email, headers: { cookie: `bokvar_session=${s.token}`, 'x-csrf-token': s.csrfToken } };
}
async function everyRoleOf(org: { id: string; name: string; kind: OrgKind }): Promise<Actor[]> {
  const actors: Actor[] = [];
  for (const role of ROLES_BY_KIND[org.kind]) actors.push({ ...(await sessionOf((await buildUser(b.db, org.id, role)).email)), label: `${org.name} ${role}` });
  if (org.kind !== 'municipality') actors.push({ label: `${org.name} API-nyckel`, headers: { authorization: `Bearer ${await buildToken(b.db, org.id)}` } });
  return actors;
}
async function demoUsers(orgName: string, except: string[] = []): Promise<Actor[]> {
  const users = await b.db.query<{ email: string; id: string }>(
    'select u.email, u.org_id as id from users u join organisations o on o.id = u.org_id where o.name = $1 and u.email <> all($2) order by u.email', [orgName, except]);
  const actors = [];
  for (const u of users) actors.push(await sessionOf(u.email, DEMO_PASSWORD));
  const [org] = await b.db.query<{ id: string; kind: OrgKind }>('select id, kind from organisations where name = $1', [orgName]);
  if (org!.kind !== 'municipality') actors.push({ label: `${orgName} API-nyckel`, headers: { authorization: `Bearer ${await buildToken(b.db, org!.id)}` } });
  return actors;
}

const one = async (sql: string, params: unknown[] = []) => (await b.db.query<{ id: string }>(sql, params))[0]?.id;
let demoOrgs: Record<string, string>;
let worker: Client;
let lead: Client;
let grannbostader: { id: string; name: string; kind: OrgKind };

beforeAll(async () => {
  b = await startTestBokvar(`${DAY}T09:00:00+01:00`);
  await seedDemoIfEmpty(b.ctx);
  demoOrgs = Object.fromEntries((await b.db.query<{ id: string; name: string }>('select id, name from organisations')).map((o) => [o.name, o.id]));
  const used = new Set((await b.db.query<{ p: string }>('select personnummer as p from tenants union select personnummer from housing_applicants')).map((r) => r.p));
  const free = TEST_PERSONNUMMER.filter((p) => !used.has(p));
  world.freePnr = free[0]!;
  worker = await login(b, 'socialsekreterare@demokommun.se', DEMO_PASSWORD);
  lead = await login(b, 'teamledare@demokommun.se', DEMO_PASSWORD);
  const coordinator = await login(b, 'bostadssamordnare@demokommun.se', DEMO_PASSWORD);
  const kommunId = demoOrgs.Demokommun!;

  // Another municipality and its landlord: every role of each, and their tokens, are the outsiders.
  const grannkommun = await buildOrg(b.db, 'municipality', 'Grannkommun', { municipalityCode: '1480' });
  grannbostader = await buildOrg(b.db, 'landlord', 'Grannbostäder AB', { municipalityId: grannkommun.id });

  // The household of the landlord's notice gets a case with a journal, a visit, a contact, a person,
  // a plan, a task; a consent that holds for the landlord of the notice, one withdrawn for
  // Demobostäder, one expired for Grannbostäder.
  const [notice] = (await worker.get('/api/v1/inbox')).json().items.filter((i: { kind: string }) => i.kind === 'notice') as { id: string }[];
  const caseId = (await worker.post(`/api/v1/inbox/notice/${notice!.id}/case`)).json().caseId as string;
  expect(caseId).toBeTruthy();
  expect((await worker.post(`/api/v1/cases/${caseId}/journal`, { eventDate: DAY, body: marker.journal })).statusCode).toBe(201);
  const visit = (await worker.post(`/api/v1/cases/${caseId}/visits`, { at: '2026-11-25T10:00:00+01:00' })).json().id as string;
  expect((await worker.post(`/api/v1/cases/${caseId}/contacts`, { kind: 'call', contactDate: DAY, reached: true, note: marker.note })).statusCode).toBe(201);
  const detail = (await worker.get(`/api/v1/cases/${caseId}`)).json();
  const personId = detail.persons[0].id as string;
  const landlordOfNotice = detail.case.landlord_id ?? (await one('select t.landlord_id as id from cases c join tenancies t on t.id = c.tenancy_id where c.id = $1', [caseId]))!;
  const consent = (orgId: string, validUntil: string) => buildConsent(worker, caseId, { personId, recipientOrgIds: [orgId], validFrom: DAY, validUntil });
  // The notice is Privatvärden's, so Demobostäder's withdrawn consent is about another landlord's tenant.
  expect(landlordOfNotice).toBe(demoOrgs['Privatvärden AB']);
  const holding = await consent(landlordOfNotice, '2027-06-30');
  const withdrawn = await consent(demoOrgs['Demobostäder AB']!, '2027-06-30');
  expect((await worker.post(`/api/v1/cases/${caseId}/consents/${withdrawn}/withdraw`, {})).statusCode).toBe(200);
  await consent(grannbostader.id, DAY);
  const plan = await worker.post(`/api/v1/cases/${caseId}/plans`, { debt: 100000, agreedOn: DAY, agreedWith: 'Kravhandläggaren', instalments: [{ dueDate: '2026-12-30', amount: 100000 }] });
  expect(plan.statusCode, plan.body).toBe(201);
  const task = (await worker.post(`/api/v1/cases/${caseId}/tasks`, { title: 'Ring upp', dueOn: '2026-11-30' })).json().id as string;
  world.sharedCase = { cases: caseId, 'shared-cases': caseId, consentId: holding, contactId: visit, planId: plan.json().id, tasks: task, caseId, personId };

  // A protected case: only the team lead is named; the social worker who opened it is not.
  await b.app.inject({ method: 'POST', url: '/api/v1/concerns', payload: { municipalityId: kommunId, address: marker.protectedAddress, what: 'Oro för familjen' } });
  const concern = (await lead.get('/api/v1/inbox')).json().items.find((i: { address: string }) => i.address === marker.protectedAddress) as { id: string };
  const protectedId = (await lead.post(`/api/v1/inbox/concern/${concern.id}/case`)).json().caseId as string;
  const protectedPerson = (await lead.post(`/api/v1/cases/${protectedId}/persons`, { relation: 'tenant', personnummer: free[1] })).json().id as string;
  expect((await lead.post(`/api/v1/cases/${protectedId}/journal`, { eventDate: DAY, body: marker.protectedJournal })).statusCode).toBe(201);
  const protectedVisit = (await lead.post(`/api/v1/cases/${protectedId}/visits`, { at: '2026-11-26T10:00:00+01:00' })).json().id as string;
  const leadId = (await one("select id from users where email = 'teamledare@demokommun.se'"))!;
  expect((await lead.put(`/api/v1/cases/${protectedId}/protection`, { protectedIdentity: true, workerIds: [leadId] })).statusCode).toBe(200);
  world.protectedCase = { cases: protectedId, 'shared-cases': protectedId, contactId: protectedVisit, caseId: protectedId, personId: protectedPerson };

  // The housing side: a matching round's proposals, a problem the landlord reports on a contract.
  await coordinator.post('/api/v1/housing/rounds');
  const contractId = (await one('select id from housing_contracts limit 1'))!;
  const contractLandlord = (await one('select h.landlord_id as id from housing_contracts c join offered_homes h on h.id = c.home_id where c.id = $1', [contractId]))!;
  const landlordName = Object.entries(demoOrgs).find(([, id]) => id === contractLandlord)![0];
  const email = landlordName === 'Demobostäder AB' ? 'boendesocial@demobostader.se' : 'admin@privatvarden.se';
  const problem = await (await login(b, email, DEMO_PASSWORD)).post(`/api/v1/housing/contracts/${contractId}/problems`, { description: 'Grannar klagar' });
  expect(problem.statusCode, problem.body).toBe(201);

  // What the demo does not hold but routes name: a claim on a rent guarantee, a proposed transfer of the
  // lease, Kronofogden's eviction date on the shared case, the landlord's record of an application to
  // Kronofogden (written directly; only their ids matter here).
  const guarantee = (await b.db.query<{ id: string; contract_id: string; landlord_id: string }>(
    'select g.id, g.contract_id, h.landlord_id from rent_guarantees g join housing_contracts c on c.id = g.contract_id join offered_homes h on h.id = c.home_id limit 1'))[0]!;
  const claim = (await one(
    "insert into guarantee_claims (guarantee_id, landlord_id, due_dates, amount, payable, claimed_at) values ($1, $2, array[$3::date], 100000, 100000, now()) returning id",
    [guarantee.id, guarantee.landlord_id, DAY]))!;
  const transfer = (await one("insert into housing_transfers (contract_id, landlord_id, proposed_on) values ($1, $2, $3) returning id", [guarantee.contract_id, guarantee.landlord_id, DAY]))!;
  const kfmNotice = (await one(
    "insert into kfm_notices (authority_id, municipality_id, kind, case_number, personnummer, address, eviction_at) select $1, municipality_id, 'eviction_date', 'Ä 1-27', $3, address, $4 from cases where id = $2 returning id",
    [demoOrgs.Kronofogden, caseId, world.freePnr, `${NEXT_DAY}T09:00:00+01:00`]))!;

  const kfmApplication = (await one(
    'insert into landlord_kfm_applications (landlord_id, tenancy_id, applied_on, recorded_at) select landlord_id, tenancy_id, $1, now() from notices limit 1 returning id',
    [DAY]))!;

  world.demo = {
    ...world.sharedCase,
    'kfm-applications': kfmApplication,
    'guarantee-claims': claim,
    transfers: transfer,
    kfmNoticeId: kfmNotice,
    sessions: (await one("select s.id from sessions s join users u on u.id = s.user_id where u.email = 'socialsekreterare@demokommun.se' limit 1"))!,
    users: (await one("select id from users where email = 'socialsekreterare@demokommun.se'"))!,
    tokens: (await one('select id from api_tokens where org_id = $1 limit 1', [demoOrgs['Demobostäder AB']]))
      ?? (await b.db.query<{ id: string }>("insert into api_tokens (org_id, name, token_hash) values ($1, 'Demo', 'x') returning id", [demoOrgs['Demobostäder AB']]))[0]!.id,
    tenancies: (await one('select tenancy_id as id from notices limit 1'))!,
    notices: (await one('select id from notices limit 1'))!,
    inbox: (await one("select id from concerns where status = 'new' limit 1"))!,
    concern: (await one("select id from concerns where status = 'new' limit 1"))!,
    areaId: (await one('select id from city_areas where municipality_id = $1 limit 1', [kommunId]))!,
    municipalityId: kommunId,
    landlordId: demoOrgs['Demobostäder AB']!,
    tenancyId: (await one('select tenancy_id as id from notices limit 1'))!,
    agreements: (await one('select id from housing_agreements limit 1'))!,
    agreementId: (await one('select id from housing_agreements limit 1'))!,
    homes: (await one('select id from offered_homes limit 1'))!,
    homeId: (await one('select id from offered_homes limit 1'))!,
    applicants: (await one('select id from housing_applicants limit 1'))!,
    proposals: (await one('select id from housing_proposals limit 1'))!,
    proposalId: (await one('select id from housing_proposals limit 1'))!,
    contracts: contractId,
    contractId,
    problems: problem.json().id,
    inspections: (await one('select id from contract_inspections limit 1'))!,
  };
  routes = await openapiRoutes();
  // The next morning: Grannbostäder's consent ended yesterday. Every probe's session begins now.
  b.clock.set(`${NEXT_DAY}T09:00:00+01:00`);
  // The day's collection run (started by the first worklist read of the day) is done before any probe.
  expect((await (await login(b, 'krav@demobostader.se', DEMO_PASSWORD)).get('/api/v1/worklist')).statusCode).toBe(200);
}, 120_000);
afterAll(async () => b?.close());

/** What only the demo's organisations know about people: every personnummer, name and home address. */
async function demoSecrets(): Promise<string[]> {
  const rows = await b.db.query<{ s: string }>(
    `select personnummer as s from tenants union select name from tenants union select address from tenancies
     union select personnummer from housing_applicants union select name from housing_applicants
     union select personnummer from case_persons union select body from journal_entries`,
  );
  return [...new Set(rows.map((r) => r.s).filter((s) => s && s.length >= 6))];
}

describe('every route, as every role of every other organisation and their API tokens', () => {
  it('finds the routes (so the test cannot pass by trying none), each aimed at a real thing of the owner', () => {
    expect(routes.length).toBeGreaterThan(110);
    expect(routes.filter((r) => ownersParam(r.path)).length).toBeGreaterThan(50);
    // A route whose id is nobody's would answer 404 to everyone and prove nothing.
    const missing: string[] = [];
    for (const route of routes) fill(route.path, world.demo, missing);
    expect(missing).toEqual([]);
  });

  it('another municipality, its landlord, Kronofogden: nothing of the demo is read, answered or changed', async () => {
    const secrets = [...(await demoSecrets()), world.sharedCase.cases!, world.protectedCase.cases!, marker.note];
    expect(secrets).toEqual(expect.arrayContaining([marker.journal, marker.protectedJournal]));
    const actors = [
      ...(await everyRoleOf(await buildOrg(b.db, 'municipality', 'Tredjekommun', { municipalityCode: '2080' }))),
      ...(await everyRoleOf(grannbostader)),
      ...(await demoUsers('Kronofogden')),
    ];
    const before = await snapshot();
    const [tenant] = await b.db.query<{ p: string }>('select personnummer as p from case_persons where case_id = $1', [world.sharedCase.cases]);
    const { problems, pastValidation, writes } = await probe(actors, { ...world.demo, personnummer: tenant!.p }, secrets, {
      // A landlord's own side of an arrears-sharing agreement with a municipality: it shares only its
      // own tenancies in that municipality (collection/review.ts), nothing of the municipality's.
      allowed: (r) => r.path === '/api/v1/arrears-sharing/{municipalityId}' && r.method === 'PUT',
    });
    const owners = Object.values(demoOrgs).filter((id) => id !== demoOrgs.Kronofogden);
    // What anyone may send another organisation: news for a municipality's inbox (concerns, Kronofogden's
    // notices, referrals), a landlord's own sharing agreement, a municipality's offer of a cooperation
    // agreement to a landlord (who decides what, if anything, to offer under it).
    const intake = new Set(['concerns', 'kfm_notices', 'early_referrals', 'case_intake', 'case_tasks', 'arrears_sharing', 'housing_agreements']);
    const changed = changes(before, await snapshot(), owners, intake);
    expect(problems).toEqual([]);
    expect(changed).toEqual([]);
    // Most writes got past validation, so refusals are about who asked.
    expect(pastValidation / writes).toBeGreaterThan(0.6);
  }, 600_000);

  it("one landlord's tenants, as every role of the other landlord and its token", async () => {
    const [own] = await b.db.query<{ tenancy: string; home: string | null }>(
      `select t.id as tenancy, (select h.id from offered_homes h where h.landlord_id = t.landlord_id limit 1) as home
         from tenancies t where t.landlord_id = $1 limit 1`, [demoOrgs['Demobostäder AB']]);
    const theirs = new Set((await b.db.query<{ s: string }>(
      `select personnummer as s from tenants x join tenancies t on t.id = x.tenancy_id where t.landlord_id = $1
       union select x.name from tenants x join tenancies t on t.id = x.tenancy_id where t.landlord_id = $1
       union select address from tenancies where landlord_id = $1`, [demoOrgs['Privatvärden AB']])).map((r) => r.s));
    const secrets = (await b.db.query<{ s: string }>(
      `select personnummer as s from tenants x join tenancies t on t.id = x.tenancy_id where t.landlord_id = $1
       union select x.name from tenants x join tenancies t on t.id = x.tenancy_id where t.landlord_id = $1
       union select address from tenancies where landlord_id = $1`, [demoOrgs['Demobostäder AB']])).map((r) => r.s).filter((x) => x.length >= 6 && !theirs.has(x));
    expect(secrets.length).toBeGreaterThan(100);
    const ids = { tenancies: own!.tenancy, tenancyId: own!.tenancy, homes: own!.home ?? '', homeId: own!.home ?? '', landlordId: demoOrgs['Demobostäder AB']! };
    const before = await snapshot();
    const { problems } = await probe(await demoUsers('Privatvärden AB'), ids, secrets, { owned: /\/(tenancies|homes)\/\{id\}/ });
    expect(problems).toEqual([]);
    expect(changes(before, await snapshot(), [demoOrgs['Demobostäder AB']!, own!.tenancy], new Set(['arrears_sharing']))).toEqual([]);
  }, 600_000);
});

describe('the consent states', () => {
  it('shows the case to the landlord whose consent holds (so the refusals below mean something)', async () => {
    const holder = await sessionOf('krav@privatvarden.se', DEMO_PASSWORD);
    const res = await b.app.inject({ method: 'GET', url: `/api/v1/shared-cases/${world.sharedCase.cases}`, headers: holder.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().categories).toEqual(['case_open', 'contacts']);
  });

  it('a consent withdrawn (Demobostäder) or ended yesterday (Grannbostäder): no route shows the case, its contacts or journal', async () => {
    const secrets = [world.sharedCase.cases!, marker.note, marker.journal, ...(await b.db.query<{ s: string }>(
      'select personnummer as s from case_persons where case_id = $1 union select name from case_persons where case_id = $1 and name is not null', [world.sharedCase.cases])).map((r) => r.s)];
    const [{ p: tenantPnr }] = await b.db.query<{ p: string }>('select personnummer as p from case_persons where case_id = $1', [world.sharedCase.cases]) as [{ p: string }];
    const actors = [...(await demoUsers('Demobostäder AB')), ...(await everyRoleOf(grannbostader))];
    const before = await caseRows(world.sharedCase.cases!);
    const { problems } = await probe(actors, { ...world.sharedCase, municipalityId: demoOrgs.Demokommun!, personnummer: tenantPnr! }, secrets, { owned: /\/(cases|shared-cases)\/\{id\}/ });
    expect(problems).toEqual([]);
    expect(await caseRows(world.sharedCase.cases!)).toEqual(before);
  }, 600_000);
});

// Issue 12 §15, for the routes with an id in the path (read-audit.test.ts has those without): every
// GET route answered 200 to one of the demo's own users has written its audit row.
describe('every read by id of personal data is logged', () => {
  it('for every GET route with an id, called by every demo user on the demo\'s own things', async () => {
    const NOT_PERSONAL = new Set(['/api/v1/routine/templates/{key}']);
    const actors = [];
    for (const u of DEMO_USERS) actors.push(await sessionOf(u.email, DEMO_PASSWORD));
    const ids = { ...world.demo, personnummer: world.freePnr };
    const unlogged: string[] = [];
    const answered = new Set<string>();
    for (const route of routes.filter((r) => r.method === 'GET' && r.path.includes('{') && !NOT_PERSONAL.has(r.path))) {
      for (const actor of actors) {
        const [before] = await b.db.query<{ n: number }>('select count(*)::int as n from audit_log');
        const res = await b.app.inject({ method: 'GET', url: fill(route.path, ids), headers: actor.headers });
        if (res.statusCode !== 200) continue;
        answered.add(route.path);
        const [after] = await b.db.query<{ n: number }>('select count(*)::int as n from audit_log');
        if (after!.n === before!.n) unlogged.push(`${route.path} as ${actor.label}`);
      }
    }
    // Every such route answered someone (the consent here is on paper, so it has no scan to show).
    const byId = routes.filter((r) => r.method === 'GET' && r.path.includes('{') && !NOT_PERSONAL.has(r.path)).map((r) => r.path);
    expect(byId.filter((p) => !answered.has(p))).toEqual(['/api/v1/cases/{id}/consents/{consentId}/scan']);
    expect(unlogged).toEqual([]);
  }, 600_000);
});

// Last: the colleagues of the municipality try every route, and an admin may well disable a colleague.
describe('protected identity', () => {
  it('the journal shows the named team lead what the probes look for (so finding nothing means something)', async () => {
    const named = await sessionOf('teamledare@demokommun.se', DEMO_PASSWORD);
    const res = await b.app.inject({ method: 'GET', url: `/api/v1/cases/${world.protectedCase.cases}`, headers: named.headers });
    expect(res.body).toContain(marker.protectedJournal);
    expect(res.body).toContain(marker.protectedAddress);
  });

  it('every colleague not named on it, every landlord, Kronofogden: no route shows or changes any of it', async () => {
    const secrets = [marker.protectedAddress, marker.protectedJournal, ...(await b.db.query<{ s: string }>(
      'select personnummer as s from case_persons where case_id = $1', [world.protectedCase.cases])).map((r) => r.s)];
    expect(secrets).toHaveLength(3);
    const actors = [
      ...(await demoUsers('Demokommun', ['teamledare@demokommun.se'])),
      ...(await demoUsers('Demobostäder AB')),
      ...(await demoUsers('Privatvärden AB')),
      ...(await demoUsers('Kronofogden')),
    ];
    const before = await caseRows(world.protectedCase.cases!);
    const { problems } = await probe(actors, { ...world.demo, ...world.protectedCase, tasks: NO_SUCH_ID, personnummer: secrets[2]! }, secrets, { owned: /\/(cases|shared-cases)\/\{id\}/ });
    expect(problems).toEqual([]);
    expect(await caseRows(world.protectedCase.cases!)).toEqual(before);
  }, 600_000);
});

describe('the audit catalogue', () => {
  it('names every action the probes and the demo wrote to the log, so each has its label', async () => {
    const written = (await b.db.query<{ action: string }>('select distinct action from audit_log order by 1')).map((r) => r.action);
    expect(written.length).toBeGreaterThan(30);
    expect(written.filter((a) => !(a in AUDIT_ACTIONS))).toEqual([]);
  });
});
/** The case's row and every row that hangs on it, as text. */
async function caseRows(caseId: string): Promise<Record<string, string[]>> {
  const tables = await b.db.query<{ t: string }>("select table_name as t from information_schema.columns where table_schema = 'public' and column_name = 'case_id' order by 1");
  const out: Record<string, string[]> = { cases: (await b.db.query<{ r: string }>('select x::text as r from cases x where id = $1', [caseId])).map((r) => r.r) };
  for (const { t } of tables) out[t] = (await b.db.query<{ r: string }>(`select x::text as r from ${t} x where case_id = $1 order by 1`, [caseId])).map((r) => r.r);
  return out;
}
