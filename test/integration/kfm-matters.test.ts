// What became of an eviction matter (issue 14 §1), recorded where it arises: Kronofogden's outcome
// (withdrawn, decided, carried out or not, with the children affected) posted with its token or entered
// by its liaison, kept per målnummer without the person; and the landlord's own record of its
// applications. These are the facts the eviction figures are counted from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildToken, buildUser, type Client, login, startTestBokvar, type TestBokvar, tokenClient } from '../support/app.ts';
import { importTenancies, loginAs, tenancyIdOf } from '../support/world.ts';

let b: TestBokvar;
let landlordId: string;
let system: Client;
let liaison: Client;
let officer: Client;
let otherOfficer: Client;
let caretaker: Client;
let socialWorker: Client;
let tenancyId: string;

beforeAll(async () => {
  b = await startTestBokvar('2027-03-10T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Västerås stad', { municipalityCode: '1980' });
  const landlord = await buildOrg(b.db, 'landlord', 'Mälarbostäder AB', { municipalityId: kommun.id, municipal: true });
  landlordId = landlord.id;
  const other = await buildOrg(b.db, 'landlord', 'Annan Fastighet AB', { municipalityId: kommun.id });
  const kfm = await buildOrg(b.db, 'authority', 'Kronofogden');
  system = tokenClient(b, await buildToken(b.db, kfm.id));
  liaison = await login(b, (await buildUser(b.db, kfm.id, 'kfm_liaison')).email);
  officer = await loginAs(b, landlord.id, 'collection_officer');
  otherOfficer = await loginAs(b, other.id, 'collection_officer');
  caretaker = await loginAs(b, landlord.id, 'caretaker');
  socialWorker = await loginAs(b, kommun.id, 'social_worker');
  await importTenancies(officer, [{ contractNumber: 'M-1', address: 'Storgatan 1', personnummer: TEST_PERSONNUMMER[10]!, name: 'Alva Test', children: 2 }]);
  tenancyId = await tenancyIdOf(officer, 'M-1');
});
afterAll(async () => b?.close());

const base = { caseNumber: '12-1001-27', municipalityCode: '1980', address: 'Storgatan 1' };
const carriedOut = { ...base, kind: 'carried_out', occurredOn: '2027-03-09', householdType: 'single_woman', childrenPermanent: 1, childrenAlternating: 1, childrenVisiting: 0, socialServicesPresent: true };
const matter = async (caseNumber: string) => {
  const [row] = await b.db.query<Record<string, unknown>>(
    `select received_on::text, withdrawn_on::text, carried_out_on::text, not_carried_out_on::text, landlord_id, household_type,
            children_permanent, children_alternating, children_visiting, social_services_present from kfm_matters where case_number = $1`,
    [caseNumber],
  );
  return row;
};
const fieldOf = async (res: Promise<{ json(): { error: { details: { fields: { field: string }[] } } } }>) => (await res).json().error.details.fields[0]!.field;

describe("Kronofogden's outcome of an eviction matter", () => {
  it('keeps an application received and the eviction carried out on one matter, with the children and the landlord found from the address', async () => {
    const application = await system.post('/api/v1/kfm-notices', { ...base, kind: 'application', personnummer: TEST_PERSONNUMMER[10] });
    expect(application.statusCode, application.body).toBe(201);
    const done = await system.post('/api/v1/kfm-notices', carriedOut);
    expect(done.statusCode, done.body).toBe(201);
    expect(await matter('12-1001-27')).toEqual({
      received_on: '2027-03-10', withdrawn_on: null, carried_out_on: '2027-03-09', not_carried_out_on: null, landlord_id: landlordId,
      household_type: 'single_woman', children_permanent: 1, children_alternating: 1, children_visiting: 0, social_services_present: true,
    });
    // Sent again by a retrying system: kept once.
    const again = await system.post('/api/v1/kfm-notices', carriedOut);
    expect([again.statusCode, again.json()]).toEqual([200, { id: done.json().id, created: false }]);
    // The notice of the application is in the inbox; the outcome opens nothing.
    const items = (await socialWorker.get('/api/v1/inbox')).json().items as { kind: string }[];
    expect(items.filter((i) => i.kind === 'kfm')).toHaveLength(1);
  });

  it('keeps no person: the matter has no personnummer or address, and a personnummer sent with an outcome is not kept', async () => {
    const columns = await b.db.query<{ column_name: string }>("select column_name from information_schema.columns where table_name = 'kfm_matters'");
    expect(columns.map((c) => c.column_name)).not.toEqual(expect.arrayContaining(['personnummer']));
    expect(columns.map((c) => c.column_name)).not.toContain('address');
    const res = await liaison.post('/api/v1/kfm-notices', { ...base, caseNumber: '12-1002-27', kind: 'withdrawn', occurredOn: '2027-03-01', personnummer: TEST_PERSONNUMMER[11] });
    expect(res.statusCode, res.body).toBe(201);
    expect(await matter('12-1002-27')).toMatchObject({ received_on: null, withdrawn_on: '2027-03-01', carried_out_on: null });
  });

  it('finds the landlord from the tenancy running on the day of the eviction, though it has ended since', async () => {
    const file = `kontraktsnummer;adress;personnummer;namn;manadshyra;startdatum;slutdatum\nM-2;Lillgatan 2;${TEST_PERSONNUMMER[12]};Bo Test;8500,00;2020-01-01;2027-03-06\n`;
    expect((await officer.post('/api/v1/imports?kind=tenancies', file, { 'content-type': 'text/csv' })).statusCode).toBe(200);
    const res = await system.post('/api/v1/kfm-notices', { ...carriedOut, caseNumber: '12-1004-27', address: 'Lillgatan 2', occurredOn: '2027-03-05' });
    expect(res.statusCode, res.body).toBe(201);
    expect(await matter('12-1004-27')).toMatchObject({ carried_out_on: '2027-03-05', landlord_id: landlordId });
  });

  it('refuses what contradicts what Kronofogden told before, naming it, so a retry never overwrites', async () => {
    const other = await system.post('/api/v1/kfm-notices', { ...carriedOut, occurredOn: '2027-03-08' });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.message).toBe('Kronofogden har redan meddelat att mål 12-1001-27 verkställdes 2027-03-09');
    expect(other.json().error.details.fields[0].field).toBe('occurredOn');
    const children = await system.post('/api/v1/kfm-notices', { ...carriedOut, childrenVisiting: 2 });
    expect([children.statusCode, children.json().error.details.fields[0].field]).toEqual([409, 'householdType']);
    const not = await system.post('/api/v1/kfm-notices', { ...base, kind: 'not_carried_out', occurredOn: '2027-03-09' });
    expect([not.statusCode, not.json().error.message]).toEqual([409, 'Mål 12-1001-27 meddelades redan som verkställt (2027-03-09)']);
  });

  it('names each missing or wrong field of an outcome', async () => {
    const post = (body: object) => fieldOf(system.post('/api/v1/kfm-notices', { ...carriedOut, caseNumber: '12-1003-27', ...body }));
    expect(await post({ occurredOn: null })).toBe('occurredOn');
    expect(await post({ occurredOn: '2027-02-30' })).toBe('occurredOn');
    expect(await post({ occurredOn: '2027-03-11' })).toBe('occurredOn');
    expect(await post({ householdType: null })).toBe('householdType');
    expect(await post({ childrenPermanent: null })).toBe('childrenPermanent');
    expect(await post({ childrenAlternating: -1 })).toBe('childrenAlternating');
    expect(await post({ socialServicesPresent: null })).toBe('socialServicesPresent');
    expect(await post({ kind: 'withdrawn' })).toBe('householdType');
    expect(await post({ municipalityCode: '0000' })).toBe('municipalityCode');
    expect(await matter('12-1003-27')).toBeUndefined();
    for (const client of [officer, socialWorker]) expect((await client.post('/api/v1/kfm-notices', carriedOut)).statusCode).toBe(403);
  });
});

describe("the landlord's own record of its applications to Kronofogden", () => {
  it('records the day it applied once, and how it ended', async () => {
    const first = await officer.post(`/api/v1/tenancies/${tenancyId}/kfm-applications`, { appliedOn: '2027-02-01', caseNumber: '12-1001-27' });
    expect(first.statusCode, first.body).toBe(201);
    const again = await officer.post(`/api/v1/tenancies/${tenancyId}/kfm-applications`, { appliedOn: '2027-02-01' });
    expect([again.statusCode, again.json().id]).toEqual([200, first.json().id]);
    const id = first.json().id as string;
    expect(await fieldOf(officer.put(`/api/v1/kfm-applications/${id}`, { withdrawnOn: '2027-01-31' }))).toBe('withdrawnOn');
    expect(await fieldOf(officer.put(`/api/v1/kfm-applications/${id}`, { withdrawnOn: '2027-02-20', carriedOutOn: '2027-03-09' }))).toBe('carriedOutOn');
    expect(await fieldOf(officer.put(`/api/v1/kfm-applications/${id}`, { carriedOutOn: '2027-04-01' }))).toBe('carriedOutOn');
    const ended = await officer.put(`/api/v1/kfm-applications/${id}`, { carriedOutOn: '2027-03-09' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ appliedOn: '2027-02-01', caseNumber: '12-1001-27', withdrawnOn: null, carriedOutOn: '2027-03-09' });
    expect((await officer.get(`/api/v1/tenancies/${tenancyId}/kfm-applications`)).json().applications).toMatchObject([{ id, carriedOutOn: '2027-03-09' }]);
    const [logged] = await b.db.query<{ n: string }>("select count(*)::text as n from audit_log where action like 'kfm_application.%'");
    expect(Number(logged!.n)).toBe(3); // recorded, updated, read
  });

  it("is the landlord's own: another landlord finds nothing, a caretaker may not record", async () => {
    expect((await otherOfficer.get(`/api/v1/tenancies/${tenancyId}/kfm-applications`)).statusCode).toBe(404);
    expect((await otherOfficer.post(`/api/v1/tenancies/${tenancyId}/kfm-applications`, { appliedOn: '2027-02-02' })).statusCode).toBe(404);
    const [row] = await b.db.query<{ id: string }>('select id from landlord_kfm_applications limit 1');
    expect((await otherOfficer.put(`/api/v1/kfm-applications/${row!.id}`, { withdrawnOn: '2027-03-01' })).statusCode).toBe(404);
    expect((await caretaker.post(`/api/v1/tenancies/${tenancyId}/kfm-applications`, { appliedOn: '2027-02-02' })).statusCode).toBe(403);
    expect(await fieldOf(officer.post(`/api/v1/tenancies/${tenancyId}/kfm-applications`, { appliedOn: '2027-02-02', caseNumber: '!!' }))).toBe('caseNumber');
  });
});
