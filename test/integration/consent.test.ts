// The household and the consent (issue 3 §2–3): what a landlord, Kronofogden and debt advice see of a
// case — nothing without a notice or a consent; that the case exists after the landlord's own notice;
// the consented categories while the consent holds; nothing more the moment it is withdrawn or ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';
import { buildConsent } from '../support/world.ts';

let b: TestBokvar;
let kommunId: string;
let vardId: string;
let kfmId: string;
let officer: Client;
let otherLandlord: Client;
let caretaker: Client;
let socialWorker: Client;
let liaison: Client;
let debtAdviser: Client;
let caseId: string;
let tenantId: string;

const csv = (rows: string[]) => rows.join('\n') + '\n';
const TENANT = TEST_PERSONNUMMER[10]!;
const PARTNER = TEST_PERSONNUMMER[11]!;

function multipart(name: string, bytes: Buffer, type: string) {
  const boundary = '----bokvar-consent-4a1b';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const shared = async (c: Client) => (await c.get('/api/v1/shared-cases')).json().cases as { id: string; categories: string[]; socialWorker: string | null; contacts: unknown }[];

beforeAll(async () => {
  b = await startTestBokvar('2027-01-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Samtyckeskommun', { municipalityCode: '1980' });
  kommunId = kommun.id;
  const vard = await buildOrg(b.db, 'landlord', 'Samtyckesbostäder AB', { municipalityId: kommun.id });
  vardId = vard.id;
  const annanVard = await buildOrg(b.db, 'landlord', 'Annan Värd AB', { municipalityId: kommun.id });
  const kfm = await buildOrg(b.db, 'authority', 'Kronofogden');
  kfmId = kfm.id;
  officer = await login(b, (await buildUser(b.db, vard.id, 'collection_officer')).email);
  caretaker = await login(b, (await buildUser(b.db, vard.id, 'caretaker')).email);
  otherLandlord = await login(b, (await buildUser(b.db, annanVard.id, 'collection_officer')).email);
  socialWorker = await login(b, (await buildUser(b.db, kommun.id, 'social_worker')).email);
  liaison = await login(b, (await buildUser(b.db, kfm.id, 'kfm_liaison')).email);
  debtAdviser = await login(b, (await buildUser(b.db, kommun.id, 'debt_adviser')).email);
  const t = await officer.post(
    '/api/v1/imports?kind=tenancies',
    csv(['kontraktsnummer;adress;personnummer;namn;barn;manadshyra;startdatum', `S-1;Samtyckesgatan 1;${TENANT};Stina Test;2;8500,00;2020-01-01`]),
    { 'content-type': 'text/csv' },
  );
  expect(t.statusCode, t.body).toBe(200);
  const x = await officer.post('/api/v1/imports?kind=transactions', csv(['kontraktsnummer;typ;datum;forfallodatum;belopp;referens', 'S-1;avi;2026-12-01;2026-12-30;8500,00;S1']), {
    'content-type': 'text/csv',
  });
  expect(x.statusCode, x.body).toBe(200);
  // A caretaker's concern opens the case, before any notice.
  await caretaker.post('/api/v1/concerns/reported', { municipalityId: kommunId, address: 'Samtyckesgatan 1', what: 'Posten väller ut' });
  const [item] = (await socialWorker.get('/api/v1/inbox')).json().items as { id: string }[];
  caseId = (await socialWorker.post(`/api/v1/inbox/concern/${item!.id}/case`)).json().caseId;
  const call = await socialWorker.post(`/api/v1/cases/${caseId}/contacts`, { kind: 'call', contactDate: '2027-01-15', partOfDay: 'morning', reached: false, note: 'Hemlig anteckning' });
  expect(call.statusCode, call.body).toBe(201);
});
afterAll(async () => b?.close());

describe('the household', () => {
  it('starts with the tenants on the lease', async () => {
    const detail = (await socialWorker.get(`/api/v1/cases/${caseId}`)).json();
    expect(detail.persons).toMatchObject([{ relation: 'tenant', personnummer: TENANT, name: 'Stina Test' }]);
    tenantId = detail.persons[0].id;
  });

  it('takes adults by personnummer and children by year of birth, naming the field of a mistake', async () => {
    const add = (body: object) => socialWorker.post(`/api/v1/cases/${caseId}/persons`, body);
    expect((await add({ relation: 'adult', personnummer: PARTNER, name: 'Partner Test' })).statusCode).toBe(201);
    expect((await add({ relation: 'child', birthYear: 2019 })).statusCode).toBe(201);
    const problems = [
      [{ relation: 'adult', name: 'Utan nummer' }, 'personnummer'],
      [{ relation: 'adult', personnummer: '19121212-1213' }, 'personnummer'],
      [{ relation: 'adult', personnummer: PARTNER }, 'personnummer'],
      [{ relation: 'child', birthYear: 2001 }, 'birthYear'],
      [{ relation: 'child', birthYear: 2031 }, 'birthYear'],
      [{ relation: 'child' }, 'birthYear'],
    ] as const;
    for (const [body, field] of problems) {
      const res = await add(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.details.fields[0].field, JSON.stringify(body)).toBe(field);
    }
    const persons = (await socialWorker.get(`/api/v1/cases/${caseId}`)).json().persons as { relation: string; birth_year: number }[];
    expect(persons.map((p) => [p.relation, p.birth_year])).toEqual([
      ['tenant', Number(TENANT.slice(0, 4))],
      ['adult', Number(PARTNER.slice(0, 4))],
      ['child', 2019],
    ]);
  });
});

describe('what the landlord sees', () => {
  let consentId: string;

  it('is nothing at all before a notice or a consent', async () => {
    expect(await shared(officer)).toEqual([]);
    expect((await officer.get(`/api/v1/shared-cases/${caseId}`)).statusCode).toBe(404);
  });

  it('refuses a consent that is not whole, naming the field', async () => {
    const children = (await socialWorker.get(`/api/v1/cases/${caseId}`)).json().persons.filter((p: { relation: string }) => p.relation === 'child');
    const base = { personId: tenantId, categories: ['case_open'], recipientOrgIds: [vardId], purpose: 'Avbetalning', validFrom: '2027-01-15', validUntil: '2027-07-15' };
    const problems = [
      [{ categories: [] }, 'categories'],
      [{ recipientOrgIds: [] }, 'recipientOrgIds'],
      [{ recipientOrgIds: [kommunId] }, 'recipientOrgIds'],
      [{ purpose: '  ' }, 'purpose'],
      [{ validFrom: '2027-01-14' }, 'validFrom'],
      [{ validUntil: '2027-01-10' }, 'validUntil'],
      [{ personId: children[0].id }, 'personId'],
    ] as const;
    for (const [change, field] of problems) {
      const res = await socialWorker.post(`/api/v1/cases/${caseId}/consents`, { ...base, ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect(res.json().error.details.fields[0].field, JSON.stringify(change)).toBe(field);
    }
    expect((await socialWorker.get(`/api/v1/cases/${caseId}`)).json().consents).toEqual([]);
  });

  it('is still nothing while the consent awaits its signature; the form prints', async () => {
    const res = await socialWorker.post(`/api/v1/cases/${caseId}/consents`, {
      personId: tenantId, categories: ['case_open', 'contacts'], recipientOrgIds: [vardId], purpose: 'Att hyresvärden vet att vi har kontakt', validFrom: '2027-01-15', validUntil: '2027-03-31',
    });
    expect(res.statusCode, res.body).toBe(201);
    consentId = res.json().id;
    expect((await socialWorker.get(`/api/v1/cases/${caseId}`)).json().consents).toMatchObject([{ id: consentId, state: 'awaiting_signature', recipients: [{ name: 'Samtyckesbostäder AB' }] }]);
    expect(await shared(officer)).toEqual([]);
    const form = await socialWorker.get(`/api/v1/cases/${caseId}/consents/${consentId}/form`);
    expect(form.statusCode).toBe(200);
    expect(form.headers['content-type']).toBe('application/pdf');
    expect(form.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('takes the signed form as a scan only when it is a PDF or an image', async () => {
    const text = multipart('samtycke.pdf', Buffer.from('inte en pdf'), 'application/pdf');
    const bad = await socialWorker.post(`/api/v1/cases/${caseId}/consents/${consentId}/document`, text.body, text.headers);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('file');
    const big = multipart('stor.pdf', Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]), 'application/pdf');
    const tooBig = await socialWorker.post(`/api/v1/cases/${caseId}/consents/${consentId}/document`, big.body, big.headers);
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error.details.fields[0].field).toBe('file');
    expect(await shared(officer)).toEqual([]);

    const scan = multipart('samtycke.pdf', PDF, 'application/pdf');
    const ok = await socialWorker.post(`/api/v1/cases/${caseId}/consents/${consentId}/document`, scan.body, scan.headers);
    expect(ok.statusCode, ok.body).toBe(200);
    const again = await socialWorker.post(`/api/v1/cases/${caseId}/consents/${consentId}/document`, scan.body, scan.headers);
    expect(again.statusCode).toBe(404);
    const back = await socialWorker.get(`/api/v1/cases/${caseId}/consents/${consentId}/scan`);
    expect(back.headers['content-type']).toBe('application/pdf');
    expect(back.rawPayload.equals(PDF)).toBe(true);
  });

  it('is the consented categories once the consent holds, and nothing else', async () => {
    const [c] = await shared(officer);
    expect(c).toMatchObject({ id: caseId, categories: ['case_open', 'contacts'], socialWorker: 'Test social_worker' });
    expect(c!.contacts).toEqual([{ kind: 'call', date: '2027-01-15', partOfDay: 'morning', reached: false }]);
    const one = await officer.get(`/api/v1/shared-cases/${caseId}`);
    expect(one.statusCode).toBe(200);
    expect(one.body).not.toContain('Hemlig anteckning');
    expect(one.body).not.toContain('Posten väller ut');
    expect(one.body).not.toContain(PARTNER);
    // Another landlord, Kronofogden, debt advice and the landlord's caretaker: nothing.
    for (const other of [otherLandlord, liaison, debtAdviser]) {
      expect(await shared(other)).toEqual([]);
      expect((await other.get(`/api/v1/shared-cases/${caseId}`)).statusCode).toBe(404);
    }
    expect((await caretaker.get(`/api/v1/shared-cases/${caseId}`)).statusCode).toBe(403);
    const [audit] = await b.db.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'case.shared.read' and subject_id = $1", [caseId]);
    expect(audit!.n).toBe(1);
  });

  it('is nothing again the moment the consent is withdrawn', async () => {
    const res = await socialWorker.post(`/api/v1/cases/${caseId}/consents/${consentId}/withdraw`, { note: 'Ringde och tog tillbaka' });
    expect(res.statusCode).toBe(200);
    expect(await shared(officer)).toEqual([]);
    expect((await officer.get(`/api/v1/shared-cases/${caseId}`)).statusCode).toBe(404);
    expect((await socialWorker.get(`/api/v1/cases/${caseId}`)).json().consents).toMatchObject([{ id: consentId, state: 'withdrawn', withdrawnNote: 'Ringde och tog tillbaka' }]);
    expect((await socialWorker.post(`/api/v1/cases/${caseId}/consents/${consentId}/withdraw`, {})).statusCode).toBe(404);
  });

  it('holds from its first day to its last', async () => {
    await buildConsent(socialWorker, caseId, { personId: tenantId, categories: ['contacts'], recipientOrgIds: [vardId, kfmId], toDebtAdvice: true, validFrom: '2027-01-16', validUntil: '2027-01-20' });
    expect(await shared(officer)).toEqual([]); // from tomorrow
    b.clock.set('2027-01-16T00:30:00+01:00');
    for (const who of [officer, liaison, debtAdviser]) expect((await shared(who)).map((c) => c.categories)).toEqual([['contacts']]);
    expect(await shared(otherLandlord)).toEqual([]);
    b.clock.set('2027-01-20T23:30:00+01:00');
    expect(await shared(officer)).toHaveLength(1);
    b.clock.set('2027-01-21T00:30:00+01:00');
    for (const who of [officer, liaison, debtAdviser]) {
      expect(await shared(who)).toEqual([]);
      expect((await who.get(`/api/v1/shared-cases/${caseId}`)).statusCode).toBe(404);
    }
  });

  it("shows a landlord that the case exists once its own notice is in it, and nothing more without consent", async () => {
    const [tenancy] = (await officer.get('/api/v1/tenancies?q=S-1')).json().tenancies as { id: string }[];
    const notice = await officer.post('/api/v1/notices', { tenancyId: tenancy!.id, reason: 'arrears', terminationDate: '2027-01-12', amountOwed: 850000 });
    expect(notice.statusCode, notice.body).toBe(201);
    const [item] = (await socialWorker.get('/api/v1/inbox')).json().items as { id: string; kind: string }[];
    expect((await socialWorker.post(`/api/v1/inbox/${item!.kind}/${item!.id}/case`)).json()).toEqual({ caseId, joined: true });
    const [c] = await shared(officer);
    expect(c).toMatchObject({ id: caseId, categories: [], socialWorker: null, contacts: null });
    expect(await shared(otherLandlord)).toEqual([]);
    expect(await shared(liaison)).toEqual([]);
  });
});
