// Early referrals (issue 3 §1): a landlord refers a household to social services before any notice,
// only with the recorded consent of a tenant on the lease; it lands in the inbox of the municipality
// where the home is and opens the household's case there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';

let b: TestBokvar;
let officer: Client;
let otherOfficer: Client;
let caretaker: Client;
let socialWorker: Client;
let otherSocialWorker: Client;
let tenancyId: string;

const TENANT = TEST_PERSONNUMMER[60]!;
const csv = (rows: string[]) => rows.join('\n') + '\n';

beforeAll(async () => {
  b = await startTestBokvar('2027-01-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Signalkommun', { municipalityCode: '1980' });
  const annan = await buildOrg(b.db, 'municipality', 'Annan kommun', { municipalityCode: '1480' });
  const vard = await buildOrg(b.db, 'landlord', 'Signalbostäder AB', { municipalityId: kommun.id });
  const annanVard = await buildOrg(b.db, 'landlord', 'Annan Värd AB', { municipalityId: kommun.id });
  officer = await login(b, (await buildUser(b.db, vard.id, 'housing_social_coordinator')).email);
  caretaker = await login(b, (await buildUser(b.db, vard.id, 'caretaker')).email);
  otherOfficer = await login(b, (await buildUser(b.db, annanVard.id, 'collection_officer')).email);
  socialWorker = await login(b, (await buildUser(b.db, kommun.id, 'social_worker')).email);
  otherSocialWorker = await login(b, (await buildUser(b.db, annan.id, 'social_worker')).email);
  const t = await officer.post(
    '/api/v1/imports?kind=tenancies',
    csv(['kontraktsnummer;adress;personnummer;namn;barn;manadshyra;startdatum', `S-9;Signalgatan 9;${TENANT};Signe Signal;1;8500,00;2020-01-01`]),
    { 'content-type': 'text/csv' },
  );
  expect(t.statusCode, t.body).toBe(200);
  expect((await officer.post('/api/v1/imports?kind=transactions', csv(['kontraktsnummer;typ;datum;forfallodatum;belopp;referens', 'S-9;avi;2026-12-01;2026-12-30;8500,00;S9']), { 'content-type': 'text/csv' })).statusCode).toBe(200);
  tenancyId = ((await officer.get('/api/v1/tenancies?q=S-9')).json().tenancies as { id: string }[])[0]!.id;
});
afterAll(async () => b?.close());

const referral = (consent: object = {}) => ({
  tenancyId, reason: 'Har missat två hyror och vill ha hjälp med budgeten', consent: { personnummer: TENANT, givenOn: '2027-01-14', how: 'signed_form', ...consent },
});

describe('an early referral', () => {
  it('is refused without the consent of a tenant on the lease, given lately, naming the field', async () => {
    const problems = [
      [referral({ personnummer: TEST_PERSONNUMMER[61] }), 'consent.personnummer'],
      [referral({ givenOn: '2026-12-01' }), 'consent.givenOn'],
      [referral({ givenOn: '2027-01-16' }), 'consent.givenOn'],
      [{ ...referral(), reason: ' ' }, 'reason'],
    ] as const;
    for (const [body, field] of problems) {
      const res = await officer.post('/api/v1/referrals', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.details.fields[0].field).toBe(field);
    }
    expect((await otherOfficer.post('/api/v1/referrals', referral())).json().error.details.fields[0].field).toBe('tenancyId');
    expect((await caretaker.post('/api/v1/referrals', referral())).statusCode).toBe(403);
    expect((await socialWorker.get('/api/v1/inbox')).json().items).toEqual([]);
  });

  it('with consent lands in the inbox of the municipality of the home, with what the ledger said', async () => {
    const res = await officer.post('/api/v1/referrals', referral());
    expect(res.statusCode, res.body).toBe(201);
    expect((await officer.post('/api/v1/referrals', referral())).statusCode).toBe(409);
    const [item] = (await socialWorker.get('/api/v1/inbox')).json().items;
    expect(item).toMatchObject({ kind: 'referral', address: 'Signalgatan 9', reasons: expect.arrayContaining(['children']), referral: { landlord: 'Signalbostäder AB', amountOwed: 850000, consentGivenOn: '2027-01-14' } });
    expect((await otherSocialWorker.get('/api/v1/inbox')).json().items).toEqual([]);
    expect((await officer.get('/api/v1/referrals')).json().referrals).toMatchObject([{ address: 'Signalgatan 9', amountOwed: 850000 }]);
  });

  it('opens the case of the household, which the landlord still cannot see without a notice or consent', async () => {
    const [item] = (await socialWorker.get('/api/v1/inbox')).json().items;
    const opened = await socialWorker.post(`/api/v1/inbox/referral/${item.id}/case`);
    expect(opened.statusCode, opened.body).toBe(201);
    const d = (await socialWorker.get(`/api/v1/cases/${opened.json().caseId}`)).json();
    expect(d.referrals).toMatchObject([{ landlord: 'Signalbostäder AB', consentHow: 'signed_form' }]);
    expect(d.persons).toMatchObject([{ relation: 'tenant', personnummer: TENANT }]);
    expect((await socialWorker.get('/api/v1/inbox')).json().items).toEqual([]);
    expect((await officer.get('/api/v1/shared-cases')).json().cases).toEqual([]);
    // Taken up, a new referral about the household may come.
    expect((await officer.post('/api/v1/referrals', referral())).statusCode).toBe(201);
  });
});
