// The case (issue 3 §2, begun): opened from the inbox, joined by later news about the same home, and
// its journal (SOSFS 2014:5): dated, authored, signed at once, never changed, only corrected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildToken, buildUser, type Client, login, startTestBokvar, type TestBokvar, tokenClient } from '../support/app.ts';

let b: TestBokvar;
let kommunId: string;
let landlord: Client;
let socialWorker: Client;
let otherSocialWorker: Client;
let debtAdviser: Client;
let caseId: string;

const csv = (rows: string[]) => rows.join('\n') + '\n';

beforeAll(async () => {
  b = await startTestBokvar('2027-01-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Ärendekommun', { municipalityCode: '1980' });
  kommunId = kommun.id;
  const annan = await buildOrg(b.db, 'municipality', 'Annan kommun', { municipalityCode: '1480' });
  const vard = await buildOrg(b.db, 'landlord', 'Ärendebostäder AB', { municipalityId: kommun.id });
  landlord = await login(b, (await buildUser(b.db, vard.id, 'collection_officer')).email);
  socialWorker = await login(b, (await buildUser(b.db, kommun.id, 'social_worker')).email);
  otherSocialWorker = await login(b, (await buildUser(b.db, annan.id, 'social_worker')).email);
  debtAdviser = await login(b, (await buildUser(b.db, kommun.id, 'debt_adviser')).email);
  const t = await landlord.post(
    '/api/v1/imports?kind=tenancies',
    csv(['kontraktsnummer;adress;personnummer;namn;barn;manadshyra;startdatum', `A-1;Storgatan 1;${TEST_PERSONNUMMER[10]};Alva Test;2;8500,00;2020-01-01`]),
    { 'content-type': 'text/csv' },
  );
  expect(t.statusCode, t.body).toBe(200);
  const x = await landlord.post('/api/v1/imports?kind=transactions', csv(['kontraktsnummer;typ;datum;forfallodatum;belopp;referens', 'A-1;avi;2026-12-01;2026-12-30;8500,00;A1']), {
    'content-type': 'text/csv',
  });
  expect(x.statusCode, x.body).toBe(200);
});
afterAll(async () => b?.close());

const inbox = async () => (await socialWorker.get('/api/v1/inbox')).json().items as { kind: string; id: string; address: string }[];

describe('opening a case', () => {
  it('a concern opens the case of the household; the notice about the same home joins it; both leave the inbox', async () => {
    const concern = await b.app.inject({ method: 'POST', url: '/api/v1/concerns', payload: { municipalityId: kommunId, address: 'Storgatan 1', what: 'Barnen gråter ofta', children: true } });
    expect(concern.statusCode).toBe(201);
    const tenancies = (await landlord.get('/api/v1/tenancies?q=A-1')).json().tenancies as { id: string }[];
    const notice = await landlord.post('/api/v1/notices', { tenancyId: tenancies[0]!.id, reason: 'arrears', terminationDate: '2027-01-12', amountOwed: 850000 });
    expect(notice.statusCode, notice.body).toBe(201);

    const items = await inbox();
    const c = items.find((i) => i.kind === 'concern')!;
    const n = items.find((i) => i.kind === 'notice')!;
    const opened = await socialWorker.post(`/api/v1/inbox/concern/${c.id}/case`);
    expect(opened.statusCode, opened.body).toBe(201);
    expect(opened.json().joined).toBe(false);
    caseId = opened.json().caseId;
    const joined = await socialWorker.post(`/api/v1/inbox/notice/${n.id}/case`);
    expect(joined.json()).toEqual({ caseId, joined: true });
    expect(await inbox()).toEqual([]);
    expect((await socialWorker.post(`/api/v1/inbox/concern/${c.id}/case`)).statusCode).toBe(404);

    const detail = (await socialWorker.get(`/api/v1/cases/${caseId}`)).json();
    expect(detail.case).toMatchObject({ address: 'Storgatan 1', status: 'open' });
    expect(detail.concerns.map((x: { what: string }) => x.what)).toEqual(['Barnen gråter ofta']);
    expect(detail.notices).toMatchObject([{ landlord: 'Ärendebostäder AB', amountOwed: 850000 }]);
    expect((await socialWorker.get('/api/v1/cases')).json().cases.map((x: { id: string }) => x.id)).toEqual([caseId]);
  });

  it('keeps showing the notice once the tenant has paid and it is recovered', async () => {
    await b.db.query("update notices set status = 'recovered', recovered_on = '2027-01-15'");
    const detail = (await socialWorker.get(`/api/v1/cases/${caseId}`)).json();
    expect(detail.notices).toMatchObject([{ landlord: 'Ärendebostäder AB', amountOwed: 850000 }]);
  });

  it('is for the social workers of the municipality only', async () => {
    expect((await otherSocialWorker.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    expect((await otherSocialWorker.post(`/api/v1/cases/${caseId}/journal`, { eventDate: '2027-01-15', body: 'x' })).statusCode).toBe(404);
    expect((await otherSocialWorker.get('/api/v1/cases')).json().cases).toEqual([]);
    for (const client of [landlord, debtAdviser]) {
      expect((await client.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(403);
      expect((await client.get('/api/v1/cases')).statusCode).toBe(403);
      expect((await client.post(`/api/v1/cases/${caseId}/journal`, { eventDate: '2027-01-15', body: 'x' })).statusCode).toBe(403);
    }
  });
});

describe('the journal', () => {
  it('keeps entries in the order written, with date and author, and corrects by a new entry pointing at the old', async () => {
    const first = await socialWorker.post(`/api/v1/cases/${caseId}/journal`, { eventDate: '2027-01-14', body: 'Hembesök. Ingen öppnade.' });
    expect(first.statusCode, first.body).toBe(201);
    const firstEntry = first.json().entry;
    const correction = await socialWorker.post(`/api/v1/cases/${caseId}/journal`, { eventDate: '2027-01-14', body: 'Rättelse: besöket var den 13:e.', corrects: firstEntry.id });
    expect(correction.statusCode).toBe(201);
    const journal = (await socialWorker.get(`/api/v1/cases/${caseId}`)).json().journal as { id: string; seq: number; body: string; corrects: string | null; author_name: string }[];
    expect(journal.map((e) => e.body)).toEqual(['Hembesök. Ingen öppnade.', 'Rättelse: besöket var den 13:e.']);
    expect(journal[1]!.corrects).toBe(firstEntry.id);
    expect(journal[0]!.seq).toBeLessThan(journal[1]!.seq);
    expect(journal[0]!.author_name).toMatch(/^Test social_worker/);
  });

  it("numbers entries within their case, so no municipality can read another's volume from its own numbers", async () => {
    const mine = (await socialWorker.get(`/api/v1/cases/${caseId}`)).json().journal as { seq: number }[];
    expect(mine.map((e) => e.seq)).toEqual([1, 2]);
    const [annan] = await b.db.query<{ id: string }>("select id from organisations where name = 'Annan kommun'");
    expect((await otherSocialWorker.post('/api/v1/concerns/reported', { municipalityId: annan!.id, address: 'Annangatan 1', what: 'Ett samtal' })).statusCode).toBe(201);
    const [item] = (await otherSocialWorker.get('/api/v1/inbox')).json().items as { id: string }[];
    const theirCase = (await otherSocialWorker.post(`/api/v1/inbox/concern/${item!.id}/case`)).json().caseId as string;
    const theirs = await otherSocialWorker.post(`/api/v1/cases/${theirCase}/journal`, { eventDate: '2027-01-15', body: 'Första anteckningen' });
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect(theirs.json().entry.seq).toBe(1);
  });

  it('refuses a date in the future, an empty entry and a correction of an entry in another case', async () => {
    const future = await socialWorker.post(`/api/v1/cases/${caseId}/journal`, { eventDate: '2027-01-16', body: 'x' });
    expect(future.json().error.details.fields[0].field).toBe('eventDate');
    const empty = await socialWorker.post(`/api/v1/cases/${caseId}/journal`, { eventDate: '2027-01-15', body: '   ' });
    expect(empty.json().error.details.fields[0].field).toBe('body');
    const wrong = await socialWorker.post(`/api/v1/cases/${caseId}/journal`, { eventDate: '2027-01-15', body: 'x', corrects: '00000000-0000-4000-8000-000000000000' });
    expect(wrong.json().error.details.fields[0].field).toBe('corrects');
  });

  it('can never be changed or removed, not even by SQL', async () => {
    const [entry] = await b.db.query<{ id: string }>('select id from journal_entries where case_id = $1 order by seq limit 1', [caseId]);
    const code = (p: Promise<unknown>) => p.then(() => 'changed', (err: { code?: string }) => err.code);
    expect(await code(b.db.query("update journal_entries set body = 'ändrad' where id = $1", [entry!.id]))).toBe('23001');
    expect(await code(b.db.query('delete from journal_entries where id = $1', [entry!.id]))).toBe('23001');
    expect(await code(b.db.query('truncate journal_entries'))).toBe('23001');
    const [still] = await b.db.query<{ body: string }>('select body from journal_entries where id = $1', [entry!.id]);
    expect(still!.body).toBe('Hembesök. Ingen öppnade.');
  });
});

describe("Kronofogden's notices", () => {
  const eviction = {
    kind: 'eviction_date', caseNumber: '12-345678-27', municipalityCode: '1980', personnummer: TEST_PERSONNUMMER[10]!, address: 'Storgatan 1',
    landlordName: 'Ärendebostäder AB', evictionAt: '2027-02-03T09:00:00+01:00',
  };

  it('an eviction date from Kronofogden\'s system lands in the inbox of the municipality of the home, once', async () => {
    const kfm = await buildOrg(b.db, 'authority', 'Kronofogden');
    const system = tokenClient(b, await buildToken(b.db, kfm.id));
    const first = await system.post('/api/v1/kfm-notices', eviction);
    expect(first.statusCode, first.body).toBe(201);
    const again = await system.post('/api/v1/kfm-notices', eviction);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const items = (await socialWorker.get('/api/v1/inbox')).json().items as { kind: string; id: string; kfm: { evictionAt: string } | null }[];
    expect(items.filter((i) => i.kind === 'kfm')).toMatchObject([{ id: first.json().id, kfm: { evictionAt: '2027-02-03T08:00:00.000Z' } }]);
    expect((await otherSocialWorker.get('/api/v1/inbox')).json().items).toEqual([]);

    // The home already has an open case: the eviction date joins it.
    const joined = await socialWorker.post(`/api/v1/inbox/kfm/${first.json().id}/case`);
    expect(joined.json()).toEqual({ caseId, joined: true });
    expect((await socialWorker.get(`/api/v1/cases/${caseId}`)).json().kfm).toMatchObject([{ kind: 'eviction_date', caseNumber: '12-345678-27', authority: 'Kronofogden' }]);
  });

  it('is entered by the liaison; a wrong personnummer, a missing time or an unknown municipality is named; nobody else may send one', async () => {
    const kfm = await buildOrg(b.db, 'authority', 'Kronofogden Syd');
    const liaison = await login(b, (await buildUser(b.db, kfm.id, 'kfm_liaison')).email);
    const application = { ...eviction, kind: 'application', caseNumber: '12-999-27', evictionAt: null };
    expect((await liaison.post('/api/v1/kfm-notices', application)).statusCode).toBe(201);
    const field = async (body: object) => (await liaison.post('/api/v1/kfm-notices', body)).json().error.details.fields[0].field;
    expect(await field({ ...eviction, personnummer: '19000101-0000' })).toBe('personnummer');
    expect(await field({ ...eviction, evictionAt: '2027-02-03' })).toBe('evictionAt');
    expect(await field({ ...eviction, municipalityCode: '0000' })).toBe('municipalityCode');
    for (const client of [landlord, socialWorker]) expect((await client.post('/api/v1/kfm-notices', eviction)).statusCode).toBe(403);
  });
});

describe('contacts and home visits', () => {
  it('logs contact attempts with part of day, so the next one can differ', async () => {
    const call = await socialWorker.post(`/api/v1/cases/${caseId}/contacts`, { kind: 'call', contactDate: '2027-01-14', partOfDay: 'morning', reached: false });
    expect(call.statusCode, call.body).toBe(201);
    const letter = await socialWorker.post(`/api/v1/cases/${caseId}/contacts`, { kind: 'letter', contactDate: '2027-01-15', reached: true, outcome: 'support_offered' });
    expect(letter.statusCode).toBe(201);
    const noReach = await socialWorker.post(`/api/v1/cases/${caseId}/contacts`, { kind: 'call', contactDate: '2027-01-15', reached: false, outcome: 'payment_plan' });
    expect(noReach.json().error.details.fields[0].field).toBe('outcome');
    const future = await socialWorker.post(`/api/v1/cases/${caseId}/contacts`, { kind: 'call', contactDate: '2027-01-16', reached: false });
    expect(future.json().error.details.fields[0].field).toBe('contactDate');
    const contacts = (await socialWorker.get(`/api/v1/cases/${caseId}`)).json().contacts as { kind: string; part_of_day: string | null; reached: boolean }[];
    expect(contacts.map((c) => [c.kind, c.part_of_day, c.reached])).toEqual([['call', 'morning', false], ['letter', null, true]]);
  });

  it("keeps why the rent was not paid when the household was reached, the same list as the landlord's, never shown to the landlord", async () => {
    const post = (body: object) => socialWorker.post(`/api/v1/cases/${caseId}/contacts`, { kind: 'call', contactDate: '2027-01-15', ...body });
    expect((await post({ reached: false, nonpaymentReason: 'illness' })).json().error.details.fields[0].field).toBe('nonpaymentReason');
    expect((await post({ reached: true, nonpaymentReason: 'other' })).json().error.details.fields[0].field).toBe('nonpaymentNote');
    const res = await post({ reached: true, partOfDay: 'evening', nonpaymentReason: 'other_debts', nonpaymentNote: 'Sms-lån först' });
    expect(res.statusCode, res.body).toBe(201);
    const contacts = (await socialWorker.get(`/api/v1/cases/${caseId}`)).json().contacts as { id: string; nonpayment_reason: string | null; nonpayment_note: string | null }[];
    expect(contacts.find((c) => c.id === res.json().id)).toMatchObject({ nonpayment_reason: 'other_debts', nonpayment_note: 'Sms-lån först' });
    expect(JSON.stringify((await landlord.get('/api/v1/shared-cases')).json())).not.toContain('Sms-lån');
  });

  it('books a visit, prints its letter and contact card, and records what came of it once', async () => {
    const booked = await socialWorker.post(`/api/v1/cases/${caseId}/visits`, { at: '2027-01-20T10:00:00+01:00', jointWithLandlord: true });
    expect(booked.statusCode, booked.body).toBe(201);
    const visitId = booked.json().id;
    expect((await socialWorker.post(`/api/v1/cases/${caseId}/visits`, { at: '2027-01-10T10:00:00+01:00' })).json().error.details.fields[0].field).toBe('at');
    for (const kind of ['letter', 'card']) {
      const pdf = await socialWorker.get(`/api/v1/cases/${caseId}/visits/${visitId}/pdf?kind=${kind}`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers['cache-control']).toBe('no-store');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect((await otherSocialWorker.get(`/api/v1/cases/${caseId}/visits/${visitId}/pdf`)).statusCode).toBe(404);
    const done = await socialWorker.put(`/api/v1/cases/${caseId}/visits/${visitId}`, { contactDate: '2027-01-15', partOfDay: 'afternoon', reached: true, outcome: 'payment_plan' });
    expect(done.statusCode, done.body).toBe(200);
    expect((await socialWorker.put(`/api/v1/cases/${caseId}/visits/${visitId}`, { contactDate: '2027-01-15', reached: false })).statusCode).toBe(404);
    const visit = ((await socialWorker.get(`/api/v1/cases/${caseId}`)).json().contacts as { id: string; reached: boolean; outcome: string; joint_with_landlord: boolean }[]).find((c) => c.id === visitId);
    expect(visit).toMatchObject({ reached: true, outcome: 'payment_plan', joint_with_landlord: true });
    for (const client of [landlord, debtAdviser]) expect((await client.post(`/api/v1/cases/${caseId}/visits`, { at: '2027-01-20T10:00:00+01:00' })).statusCode).toBe(403);
  });
});
