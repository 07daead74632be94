// Issue 3 "Done when": every case endpoint tried as every role of every other organisation is refused,
// and as a landlord without consent, with an expired consent and with a withdrawn one. The routes are
// read from the server itself, so a case route added later is tried too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES_BY_KIND } from '../../src/access/model.ts';
import { login as createSession } from '../../src/access/service.ts';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, login, PASSWORD, startTestBokvar, type TestBokvar } from '../support/app.ts';
import { buildConsent } from '../support/world.ts';

let b: TestBokvar;
const ids: Record<string, string> = {};
const outsiders: { label: string; email: string; cookie: string; csrf: string }[] = [];

/** The routes of social services' case work, as the server publishes them (its OpenAPI document). */
let routes: { method: string; url: string }[] = [];
async function caseRoutes(): Promise<{ method: string; url: string }[]> {
  const doc = (await b.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths)
    .filter(([path]) => /^\/api\/v1\/(cases|inbox|areas|shared-cases|tasks)/.test(path))
    .flatMap(([path, methods]) => Object.keys(methods).map((m) => ({ method: m.toUpperCase(), url: path.replace(/\{(\w+)\}/g, ':$1') })));
}

const fill = (url: string) =>
  url.replace(':kind', 'concern').replace(':consentId', ids.consent!).replace(':planId', ids.plan ?? ids.case!).replace(':kfmNoticeId', ids.case!).replace(':areaId', ids.area!).replace(':contactId', ids.visit!).replace(':id', url.startsWith('/api/v1/inbox') ? ids.concern! : ids.case!);

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
  expect((await worker.post(`/api/v1/cases/${ids.case}/tasks`, { title: 'Hemligt uppdrag', dueOn: '2027-01-18' })).statusCode).toBe(201);

  // Landlords the household's consents name: one never, one until yesterday, one withdrawn; and one
  // whose consent holds (it must see the case, or this test could pass by showing nobody anything).
  const worker2 = worker;
  const [tenant] = (await worker2.get(`/api/v1/cases/${ids.case}`)).json().persons as { id: string }[];
  const personId = tenant?.id ?? (await worker2.post(`/api/v1/cases/${ids.case}/persons`, { relation: 'tenant', personnummer: TEST_PERSONNUMMER[12] })).json().id;
  const consented = async (name: string, validUntil: string) => {
    const org = await buildOrg(b.db, 'landlord', name, { municipalityId: kommun.id });
    return { org, consentId: await buildConsent(worker2, ids.case!, { personId, recipientOrgIds: [org.id], validUntil }) };
  };
  const expired = await consented('Utgånget samtycke AB', '2027-01-15');
  const withdrawn = await consented('Återkallat samtycke AB', '2027-06-30');
  expect((await worker2.post(`/api/v1/cases/${ids.case}/consents/${withdrawn.consentId}/withdraw`, {})).statusCode).toBe(200);
  const holding = await consented('Giltigt samtycke AB', '2027-06-30');
  ids.consent = holding.consentId;
  ids.person = personId;
  ids.holderOrg = holding.org.id;
  const holder = await buildUser(b.db, holding.org.id, 'collection_officer');
  const s = await createSession(b.db, holder.email, PASSWORD, new Date('2027-01-15T08:00:00Z'));
  ids.holderCookie = `bokvar_session=${s.token}`;
  const withoutConsent = await buildOrg(b.db, 'landlord', 'Utan samtycke AB', { municipalityId: kommun.id });

  // Every role of every other organisation: another municipality, landlords, Kronofogden.
  const others = [
    withoutConsent,
    expired.org,
    withdrawn.org,
    await buildOrg(b.db, 'municipality', 'Grannkommun', { municipalityCode: '1480' }),
    await buildOrg(b.db, 'landlord', 'Hyresvärd AB', { municipalityId: kommun.id }),
    await buildOrg(b.db, 'authority', 'Kronofogden'),
  ];
  for (const org of others) {
    for (const role of ROLES_BY_KIND[org.kind]) {
      const user = await buildUser(b.db, org.id, role);
      outsiders.push({ label: `${org.name} ${role}`, email: user.email, cookie: '', csrf: '' });
    }
  }
  // And the municipality's own staff who have no business in cases.
  for (const role of ['housing_coordinator', 'housing_support', 'debt_adviser', 'leadership', 'auditor'] as const) {
    const user = await buildUser(b.db, kommun.id, role);
    outsiders.push({ label: `Ägarkommun ${role}`, email: user.email, cookie: '', csrf: '' });
  }
});
afterAll(async () => b?.close());

describe('case endpoints as anyone else', () => {
  it('finds the case routes (so the test cannot pass by trying none)', async () => {
    routes = await caseRoutes();
    const urls = routes.map((r) => `${r.method} ${r.url}`);
    expect(urls).toEqual(expect.arrayContaining(['GET /api/v1/cases/:id', 'POST /api/v1/cases/:id/journal', 'GET /api/v1/inbox', 'POST /api/v1/inbox/:kind/:id/case']));
    expect(urls).toEqual(expect.arrayContaining(['POST /api/v1/cases/:id/consents', 'POST /api/v1/cases/:id/consents/:consentId/withdraw', 'GET /api/v1/shared-cases/:id']));
    expect(urls.length).toBeGreaterThanOrEqual(17);
  });

  it('shows the case to the landlord whose consent holds (so refusals below mean something)', async () => {
    const res = await b.app.inject({ method: 'GET', url: `/api/v1/shared-cases/${ids.case}`, headers: { cookie: ids.holderCookie! } });
    expect(res.statusCode).toBe(200);
    expect(res.json().categories).toEqual(['case_open', 'contacts']);
  });

  it('refuses every one, for every role of every other organisation and for staff without case work; their own lists show none of it', async () => {
    // The expired consent's last day was the 15th.
    b.clock.set('2027-01-16T09:00:00+01:00');
    // Logged in that morning (a session unused since the day before has ended by itself).
    for (const who of outsiders) {
      const s = await createSession(b.db, who.email, PASSWORD, b.clock.now());
      who.cookie = `bokvar_session=${s.token}`;
      who.csrf = s.csrfToken;
    }
    // A body every route would accept, so a refusal is about who asks, not what they sent.
    const body = {
      eventDate: '2027-01-15', body: 'x', kind: 'call', contactDate: '2027-01-15', reached: true, at: '2027-01-20T10:00:00+01:00', userId: null, reason: 'x',
      relation: 'adult', personnummer: TEST_PERSONNUMMER[13], personId: ids.person, categories: ['contacts'], recipientOrgIds: [ids.holderOrg], purpose: 'x',
      validFrom: '2027-01-16', validUntil: '2027-02-01', note: 'x', paper: true, debt: 100000, agreedOn: '2027-01-15', agreedWith: 'x',
      instalments: [{ dueDate: '2027-01-30', amount: 50000 }], title: 'x', dueOn: '2027-01-20', assessedOn: '2027-01-15', assessment: 'x', childrenHeard: false,
      goals: 'x', reviewOn: '2027-02-01', tasks: [{ what: 'x', owner: 'tenant', dueOn: '2027-02-01' }], outcome: 'payment_plan', months: 6, tenancyHolds: true,
      presenceOffered: true, attending: true, heldOn: '2027-01-15', participants: 'x', landlordTookPart: true, agreements: 'x', protectedIdentity: false, workerIds: [], decidedOn: '2027-01-15', granted: false,
      from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z',
    };
    const allowed: string[] = [];
    for (const who of outsiders) {
      for (const route of routes) {
        const res = await b.app.inject({
          method: route.method as 'GET', url: fill(route.url), headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
          ...(route.method === 'GET' ? {} : { payload: body }),
        });
        // A list of one's own (another municipality's inbox or cases) may answer, holding none of these.
        const ownList = route.method === 'GET' && !route.url.includes(':') && res.statusCode === 200;
        // Setting a flood aside acts on one's own municipality's inbox: another's sets aside none of these.
        const ownInbox = route.url === '/api/v1/inbox/concerns/set-aside' && res.statusCode === 200 && res.json().setAside === 0;
        if (!ownList && !ownInbox && ![403, 404].includes(res.statusCode)) allowed.push(`${who.label}: ${route.method} ${route.url} → ${res.statusCode}`);
        expect(res.body).not.toContain('Hemligt');
        expect(res.body).not.toContain('Storgatan');
      }
    }
    expect(allowed).toEqual([]);
    // Nothing was written by any of them.
    const [n] = await b.db.query<Record<string, number>>(
      `select (select count(*)::int from journal_entries) as entries, (select count(*)::int from case_contacts) as contacts, (select count(*)::int from cases) as cases,
              (select count(*)::int from consents) as consents, (select count(*)::int from consents where withdrawn_at is not null) as withdrawn,
              (select count(*)::int from case_persons) as persons, (select count(*)::int from case_tasks) as tasks,
              (select count(*)::int from cases where status = 'closed') as closed, (select count(*)::int from action_plans) as action_plans,
              (select count(*)::int from concerns where status = 'new') as new_concerns`,
    );
    expect(n).toEqual({ entries: 1, contacts: 1, cases: 1, consents: 3, withdrawn: 1, persons: 1, tasks: 2, closed: 0, action_plans: 0, new_concerns: 1 });
  });
});

