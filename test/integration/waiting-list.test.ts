// Needs assessments and the waiting list (issue 4 §2): households wait by priority (domestic violence and
// children first) and time waited; a decline pauses a household for the period its reason sets; nobody
// outside the municipality's social services sees the list, and every read is logged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Applicant } from '../../src/housing/api.ts';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';

let b: TestBokvar;
let socialWorker: Client;
let coordinator: Client;
let leadership: Client;
let otherMunicipality: Client;
let landlordAdmin: Client;
let admin: Client;

const assessment = (pnr: string, over: Record<string, unknown> = {}) => ({
  personnummer: pnr, name: 'Hushållet Test', adults: 1, childrenAges: [], reason: 'Skulder hos Kronofogden, ingen hyresvärd godtar hushållet',
  tried: 'Bostadsförmedlingen i två år, andrahandskontrakt', incomes: [{ type: 'social_assistance', monthly: 1_100_000 }], debts: 4_500_000, paymentRemarks: true,
  supportNeeded: 'Boendestöd en gång i veckan', minRooms: 1, homelessnessSituation: 4, ...over,
});
const list = async (client = socialWorker) => {
  const res = await client.get('/api/v1/housing/waiting-list');
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { waiting: Applicant[]; paused: Applicant[] };
};
const ids: Record<string, string> = {};

beforeAll(async () => {
  b = await startTestBokvar('2027-03-10T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Kökommun', { municipalityCode: '1980' });
  const annan = await buildOrg(b.db, 'municipality', 'Annan kommun', { municipalityCode: '1982' });
  const vard = await buildOrg(b.db, 'landlord', 'Kövärd AB', { municipalityId: kommun.id });
  socialWorker = await login(b, (await buildUser(b.db, kommun.id, 'social_worker')).email);
  coordinator = await login(b, (await buildUser(b.db, kommun.id, 'housing_coordinator')).email);
  leadership = await login(b, (await buildUser(b.db, kommun.id, 'leadership')).email);
  otherMunicipality = await login(b, (await buildUser(b.db, annan.id, 'housing_coordinator')).email);
  landlordAdmin = await login(b, (await buildUser(b.db, vard.id, 'admin')).email);
  admin = await login(b, (await buildUser(b.db, kommun.id, 'admin')).email);
});
afterAll(async () => b?.close());

describe('the needs assessment', () => {
  it('puts households on the list: domestic violence first, then children, then time waited', async () => {
    for (const [key, pnr, over] of [
      ['single', TEST_PERSONNUMMER[40]!, { name: 'Ensam Ek' }],
      ['violence', TEST_PERSONNUMMER[41]!, { name: 'Skyddad Sol', domesticViolence: true, protectedIdentity: true, avoidAreas: ['Centrum'] }],
      ['family', TEST_PERSONNUMMER[42]!, { name: 'Familjen Berg', adults: 2, childrenAges: [4, 9], minRooms: 3, homelessnessSituation: 1 }],
      ['earlier', TEST_PERSONNUMMER[43]!, { name: 'Tidig Tall' }],
    ] as const) {
      const res = await socialWorker.post('/api/v1/housing/applicants', assessment(pnr, over));
      expect(res.statusCode, res.body).toBe(201);
      ids[key] = res.json().id;
    }
    // The same priority as "single", but waiting since last year.
    await b.db.query("update housing_applicants set waiting_since = '2026-09-01' where id = $1", [ids.earlier]);
    const { waiting, paused } = await list();
    expect(waiting.map((a) => [a.name, a.priority])).toEqual([['Skyddad Sol', 10], ['Familjen Berg', 7], ['Tidig Tall', 2], ['Ensam Ek', 2]]);
    expect(waiting.find((a) => a.name === 'Tidig Tall')!.waitingDays).toBe(190);
    expect(paused).toEqual([]);
  });

  it('refuses what it cannot hold, naming the field, and a household already waiting', async () => {
    const wrong = await socialWorker.post('/api/v1/housing/applicants', assessment('19500101-1234'));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain('personnummer');
    const income = await socialWorker.post('/api/v1/housing/applicants', assessment(TEST_PERSONNUMMER[44]!, { incomes: [{ type: 'lottery', monthly: 100 }] }));
    expect(income.statusCode).toBe(400);
    expect(income.body).toContain('incomes');
    const twice = await coordinator.post('/api/v1/housing/applicants', assessment(TEST_PERSONNUMMER[40]!));
    expect(twice.statusCode).toBe(409);
    expect((await list()).waiting).toHaveLength(4);
  });

  it('can be made again: the priority follows, the waiting time and the earlier assessment stay', async () => {
    const res = await coordinator.put(`/api/v1/housing/applicants/${ids.single}`, assessment(TEST_PERSONNUMMER[40]!, { name: 'Ensam Ek', childrenAges: [1], minRooms: 2 }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ priority: 6, waitingSince: '2027-03-10', childrenAges: [1] });
    const detail = (await socialWorker.get(`/api/v1/housing/applicants/${ids.single}`)).json();
    expect(detail.reassessments).toBe(1);
  });

  it("made again with another waiting household's personnummer: 409 naming the field, nothing changed", async () => {
    const res = await coordinator.put(`/api/v1/housing/applicants/${ids.single}`, assessment(TEST_PERSONNUMMER[42]!, { name: 'Ensam Ek' }));
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.details.fields).toEqual([{ field: 'personnummer', message: 'Hushållet står redan i bostadskön; gör en ny kartläggning på det' }]);
    const detail = (await socialWorker.get(`/api/v1/housing/applicants/${ids.single}`)).json();
    expect(detail).toMatchObject({ name: 'Ensam Ek', reassessments: 1 });
  });

  it('a NUL byte in a text field is a 400 naming the field, not a 500 from the database', async () => {
    const res = await coordinator.post('/api/v1/housing/applicants', assessment(TEST_PERSONNUMMER[45]!, { name: 'Hus\u0000hållet' }));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details.fields[0].field).toBe('body.name');
    const search = await socialWorker.get('/api/v1/housing/waiting-list?x=%00');
    expect(search.statusCode).toBe(400);
    // Every answer of the API carries personal data or may: none is kept by a browser or a proxy.
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await list()).waiting.map((a) => a.name)).not.toContain('Hus\u0000hållet');
    expect((await socialWorker.get('/api/v1/housing/waiting-list')).headers['cache-control']).toBe('no-store');
  });
});

describe('a declined offer', () => {
  it('pauses the household for the period its reason sets; a home that did not fit costs nothing', async () => {
    const timing = await coordinator.post(`/api/v1/housing/applicants/${ids.violence}/declines`, { reason: 'timing', note: 'Vill vänta tills skolan slutar', declinedOn: '2027-03-09' });
    expect(timing.statusCode, timing.body).toBe(201);
    expect(timing.json()).toMatchObject({ pausedUntil: '2027-04-08', pauseReason: 'timing' });
    const unsuitable = await coordinator.post(`/api/v1/housing/applicants/${ids.family}/declines`, { reason: 'home_unsuitable', note: 'Fjärde våningen utan hiss', declinedOn: '2027-03-10' });
    expect(unsuitable.json().pausedUntil).toBeNull();
    const { waiting, paused } = await list();
    expect(paused.map((a) => [a.name, a.pausedUntil])).toEqual([['Skyddad Sol', '2027-04-08']]);
    expect(waiting.map((a) => a.name)).toEqual(['Familjen Berg', 'Ensam Ek', 'Tidig Tall']);
    const detail = (await coordinator.get(`/api/v1/housing/applicants/${ids.violence}`)).json();
    expect(detail.declines).toEqual([{ reason: 'timing', note: 'Vill vänta tills skolan slutar', declined_on: '2027-03-09', paused_until: '2027-04-08' }]);
    const future = await coordinator.post(`/api/v1/housing/applicants/${ids.family}/declines`, { reason: 'area', declinedOn: '2027-03-11' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('declinedOn');
  });
});

describe('who sees the list', () => {
  it('is social services of the municipality alone, and each read is logged', async () => {
    expect((await landlordAdmin.get('/api/v1/housing/waiting-list')).statusCode).toBe(403);
    expect((await leadership.get('/api/v1/housing/waiting-list')).statusCode).toBe(403);
    expect((await list(otherMunicipality)).waiting).toEqual([]);
    expect((await otherMunicipality.get(`/api/v1/housing/applicants/${ids.family}`)).statusCode).toBe(404);
    expect((await otherMunicipality.post(`/api/v1/housing/applicants/${ids.family}/declines`, { reason: 'area', declinedOn: '2027-03-10' })).statusCode).toBe(404);
    await list();
    const [row] = await b.db.query<{ details: { applicants: string[] } }>("select details from audit_log where action = 'applicant.list' order by id desc limit 1");
    expect(row!.details.applicants).toEqual(expect.arrayContaining([ids.family, ids.violence]));
    const [reads] = await b.db.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'applicant.read' and subject_id = $1", [ids.violence]);
    expect(reads!.n).toBe(1);
  });

  it("is in the person's own report (GDPR art. 15), with the declines and who read it", async () => {
    const res = await admin.post('/api/v1/subject-reports', { personnummer: TEST_PERSONNUMMER[41]! });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.data.housingApplications).toMatchObject([{ id: ids.violence, name: 'Skyddad Sol', domestic_violence: true, priority: 10, declines: [{ reason: 'timing' }] }]);
    expect(r.accesses).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'applicant.read' })]));
  });
});
