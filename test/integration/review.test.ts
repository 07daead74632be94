// The joint review list and the cooperation agreement (issue 3 §3): before any notice a landlord's
// arrears are shared with social services only under an agreement, only from the agreed routine step,
// only for homes in that municipality; both sides see the same list and nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDaily } from '../../src/collection/daily-run.ts';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';

let b: TestBokvar;
let admin: Client;
let officer: Client;
let otherLandlord: Client;
let socialWorker: Client;
let otherSocialWorker: Client;
let kommunId: string;

const csv = (rows: string[]) => rows.join('\n') + '\n';
const list = async (c: Client) => (await c.get('/api/v1/review-list')).json().rows as { address: string; step: string; landlord: string }[];

beforeAll(async () => {
  b = await startTestBokvar('2027-01-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Genomgångskommun', { municipalityCode: '1980' });
  kommunId = kommun.id;
  const annan = await buildOrg(b.db, 'municipality', 'Annan kommun', { municipalityCode: '1480' });
  const vard = await buildOrg(b.db, 'landlord', 'Genomgångsbostäder AB', { municipalityId: kommun.id });
  const annanVard = await buildOrg(b.db, 'landlord', 'Annan Värd AB', { municipalityId: kommun.id });
  admin = await login(b, (await buildUser(b.db, vard.id, 'admin')).email);
  officer = await login(b, (await buildUser(b.db, vard.id, 'collection_officer')).email);
  otherLandlord = await login(b, (await buildUser(b.db, annanVard.id, 'admin')).email);
  socialWorker = await login(b, (await buildUser(b.db, kommun.id, 'social_worker')).email);
  otherSocialWorker = await login(b, (await buildUser(b.db, annan.id, 'social_worker')).email);
  const tenancies = ['kontraktsnummer;adress;kommunkod;personnummer;namn;manadshyra;startdatum',
    `G-1;Genomgången 1;1980;${TEST_PERSONNUMMER[90]};Gun Genomgång;8500,00;2020-01-01`,
    `G-2;Betalargatan 2;1980;${TEST_PERSONNUMMER[91]};Bo Betalare;8500,00;2020-01-01`,
    `G-3;Grannkommunsvägen 3;1480;${TEST_PERSONNUMMER[92]};Greta Granne;8500,00;2020-01-01`];
  const t = await officer.post('/api/v1/imports?kind=tenancies', csv(tenancies), { 'content-type': 'text/csv' });
  expect(t.statusCode, t.body).toBe(200);
  const x = await officer.post('/api/v1/imports?kind=transactions', csv(['kontraktsnummer;typ;datum;forfallodatum;belopp;referens',
    'G-1;avi;2026-12-01;2026-12-30;8500,00;G1', 'G-2;avi;2026-12-01;2026-12-30;8500,00;G2', 'G-2;betalning;2026-12-29;;8500,00;G2B', 'G-3;avi;2026-12-01;2026-12-30;8500,00;G3']), { 'content-type': 'text/csv' });
  expect(x.statusCode, x.body).toBe(200);
  await runDaily(b.ctx, '2027-01-15');
});
afterAll(async () => b?.close());

describe('the joint review list', () => {
  it('is empty on both sides without an agreement: nothing is shared before the notice', async () => {
    expect(await list(socialWorker)).toEqual([]);
    expect(await list(admin)).toEqual([]);
    expect((await officer.get('/api/v1/worklist?date=2027-01-15')).json().households.length).toBeGreaterThan(0);
  });

  it('takes the agreed step from the landlord, naming a step its routine lacks', async () => {
    expect((await admin.put(`/api/v1/arrears-sharing/${kommunId}`, { fromStep: 'no_such_step' })).json().error.details.fields[0].field).toBe('fromStep');
    expect((await socialWorker.put(`/api/v1/arrears-sharing/${kommunId}`, { fromStep: 'outreach_calls' })).statusCode).toBe(403);
    expect((await officer.put(`/api/v1/arrears-sharing/${kommunId}`, { fromStep: 'outreach_calls' })).statusCode).toBe(403);
    expect((await admin.put(`/api/v1/arrears-sharing/${kommunId}`, { fromStep: 'outreach_calls' })).statusCode).toBe(200);
    expect((await socialWorker.get('/api/v1/arrears-sharing')).json().agreements).toMatchObject([{ landlord: { name: 'Genomgångsbostäder AB' }, fromStep: 'outreach_calls', fromStepLabel: 'Ring och sms:a hyresgästen' }]);
  });

  it('then shows the homes in the municipality from that step on, the same to both sides, and nothing else', async () => {
    const rows = await list(socialWorker);
    expect(rows.map((r) => [r.address, r.step])).toEqual([['Genomgången 1', 'Ring och sms:a hyresgästen']]);
    expect(JSON.stringify(rows)).not.toContain(TEST_PERSONNUMMER[90]!);
    expect(await list(admin)).toEqual(rows);
    expect(await list(otherSocialWorker)).toEqual([]);
    expect(await list(otherLandlord)).toEqual([]);
    const [audit] = await b.db.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'review.read'");
    expect(audit!.n).toBeGreaterThanOrEqual(6);
  });

  it('shares from an earlier step when agreed, and nothing once the agreement is ended', async () => {
    await admin.put(`/api/v1/arrears-sharing/${kommunId}`, { fromStep: 'collection_file' });
    expect((await list(socialWorker)).map((r) => r.step).sort()).toEqual(['Inkassofil', 'Inkassokrav', 'Ring och sms:a hyresgästen']);
    await admin.put(`/api/v1/arrears-sharing/${kommunId}`, { fromStep: null });
    expect(await list(socialWorker)).toEqual([]);
  });
});
