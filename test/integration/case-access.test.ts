// Issue 3 "Done when": every case endpoint tried as every role of every other organisation is refused.
// The routes are read from the server itself, so a case route added later is tried too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES_BY_KIND } from '../../src/access/model.ts';
import { login as createSession } from '../../src/access/service.ts';
import { buildOrg, buildUser, type Client, login, PASSWORD, startTestBokvar, type TestBokvar } from '../support/app.ts';

let b: TestBokvar;
const ids: Record<string, string> = {};
const outsiders: { label: string; cookie: string; csrf: string }[] = [];

/** The routes of social services' case work, as the server publishes them (its OpenAPI document). */
let routes: { method: string; url: string }[] = [];
async function caseRoutes(): Promise<{ method: string; url: string }[]> {
  const doc = (await b.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths)
    .filter(([path]) => /^\/api\/v1\/(cases|inbox|areas)/.test(path))
    .flatMap(([path, methods]) => Object.keys(methods).map((m) => ({ method: m.toUpperCase(), url: path.replace(/\{(\w+)\}/g, ':$1') })));
}

const fill = (url: string) =>
  url.replace(':kind', 'concern').replace(':areaId', ids.area!).replace(':contactId', ids.visit!).replace(':id', url.startsWith('/api/v1/inbox') ? ids.concern! : ids.case!);

beforeAll(async () => {
  b = await startTestBokvar('2027-01-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Ägarkommun', { municipalityCode: '1980' });
  const [area] = await b.db.query<{ id: string }>("insert into city_areas (municipality_id, name) values ($1, 'Norr') returning id", [kommun.id]);
  ids.area = area!.id;
  const worker = await login(b, (await buildUser(b.db, kommun.id, 'social_worker')).email);
  const concern = async (what: string) =>
    (await b.app.inject({ method: 'POST', url: '/api/v1/concerns', payload: { municipalityId: kommun.id, address: 'Storgatan 1', what } })).json().reference as string;
  await concern('Första oron');
  await concern('Andra oron');
  const inbox = (await worker.get('/api/v1/inbox')).json().items as { id: string }[];
  const opened = await worker.post(`/api/v1/inbox/concern/${inbox[0]!.id}/case`);
  ids.case = opened.json().caseId;
  ids.concern = inbox[1]!.id;
  ids.visit = (await worker.post(`/api/v1/cases/${ids.case}/visits`, { at: '2027-01-20T10:00:00+01:00' })).json().id;
  expect((await worker.post(`/api/v1/cases/${ids.case}/journal`, { eventDate: '2027-01-15', body: 'Hemligt' })).statusCode).toBe(201);

  // Every role of every other organisation: another municipality, a landlord, Kronofogden.
  const others = [
    await buildOrg(b.db, 'municipality', 'Grannkommun', { municipalityCode: '1480' }),
    await buildOrg(b.db, 'landlord', 'Hyresvärd AB', { municipalityId: kommun.id }),
    await buildOrg(b.db, 'authority', 'Kronofogden'),
  ];
  for (const org of others) {
    for (const role of ROLES_BY_KIND[org.kind]) {
      const user = await buildUser(b.db, org.id, role);
      const s = await createSession(b.db, user.email, PASSWORD, new Date('2027-01-15T08:00:00Z'));
      outsiders.push({ label: `${org.name} ${role}`, cookie: `bokvar_session=${s.token}`, csrf: s.csrfToken });
    }
  }
  // And the municipality's own staff who have no business in cases.
  for (const role of ['housing_coordinator', 'housing_support', 'debt_adviser', 'leadership', 'auditor'] as const) {
    const user = await buildUser(b.db, kommun.id, role);
    const s = await createSession(b.db, user.email, PASSWORD, new Date('2027-01-15T08:00:00Z'));
    outsiders.push({ label: `Ägarkommun ${role}`, cookie: `bokvar_session=${s.token}`, csrf: s.csrfToken });
  }
});
afterAll(async () => b?.close());

describe('case endpoints as anyone else', () => {
  it('finds the case routes (so the test cannot pass by trying none)', async () => {
    routes = await caseRoutes();
    const urls = routes.map((r) => `${r.method} ${r.url}`);
    expect(urls).toEqual(expect.arrayContaining(['GET /api/v1/cases/:id', 'POST /api/v1/cases/:id/journal', 'GET /api/v1/inbox', 'POST /api/v1/inbox/:kind/:id/case']));
    expect(urls.length).toBeGreaterThanOrEqual(9);
  });

  it('refuses every one, for every role of every other organisation and for staff without case work; their own lists show none of it', async () => {
    const body = { eventDate: '2027-01-15', body: 'x', kind: 'call', contactDate: '2027-01-15', reached: false, at: '2027-01-20T10:00:00+01:00', userId: null, reason: 'x' };
    const allowed: string[] = [];
    for (const who of outsiders) {
      for (const route of routes) {
        const res = await b.app.inject({
          method: route.method as 'GET', url: fill(route.url), headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
          ...(route.method === 'GET' ? {} : { payload: body }),
        });
        // A list of one's own (another municipality's inbox or cases) may answer, holding none of these.
        const ownList = route.method === 'GET' && !route.url.includes(':') && res.statusCode === 200;
        if (!ownList && ![403, 404].includes(res.statusCode)) allowed.push(`${who.label}: ${route.method} ${route.url} → ${res.statusCode}`);
        expect(res.body).not.toContain('Hemligt');
        expect(res.body).not.toContain('Storgatan');
      }
    }
    expect(allowed).toEqual([]);
    // Nothing was written by any of them.
    const [n] = await b.db.query<{ entries: number; contacts: number; cases: number }>(
      'select (select count(*)::int from journal_entries) as entries, (select count(*)::int from case_contacts) as contacts, (select count(*)::int from cases) as cases',
    );
    expect(n).toEqual({ entries: 1, contacts: 1, cases: 1 });
  });
});

