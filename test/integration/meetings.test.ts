// The eviction day, the rent-debt consultation, visits as tasks and stalled cases (issue 3 §2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';

let b: TestBokvar;
let socialWorker: Client;
let caseId: string;
let kfmId: string;

const detail = async () => (await socialWorker.get(`/api/v1/cases/${caseId}`)).json();

beforeAll(async () => {
  b = await startTestBokvar('2027-01-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Mötets kommun', { municipalityCode: '1980' });
  const kfm = await buildOrg(b.db, 'authority', 'Kronofogden');
  socialWorker = await login(b, (await buildUser(b.db, kommun.id, 'social_worker')).email);
  const liaison = await login(b, (await buildUser(b.db, kfm.id, 'kfm_liaison')).email);
  const sent = await liaison.post('/api/v1/kfm-notices', {
    kind: 'eviction_date', caseNumber: '12-99-27', municipalityCode: '1980', personnummer: TEST_PERSONNUMMER[50]!, address: 'Mötesgatan 1',
    evictionAt: '2027-02-03T09:30:00+01:00',
  });
  expect(sent.statusCode, sent.body).toBe(201);
  kfmId = sent.json().id;
  caseId = (await socialWorker.post(`/api/v1/inbox/kfm/${kfmId}/case`)).json().caseId;
});
afterAll(async () => b?.close());

describe('the eviction day', () => {
  it('gives a task on the day and a call-back task two days later', async () => {
    const tasks = (await detail()).tasks as { kind: string; title: string; due_on: string }[];
    expect(tasks).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'eviction_day', due_on: '2027-02-03', title: 'Avhysning kl. 09:30: var där, fråga om hjälp behövs, boka en tid samma dag' }),
      expect.objectContaining({ kind: 'eviction_follow_up', due_on: '2027-02-05', title: 'Ring upp efter avhysningen' }),
    ]));
  });

  it('records the offer to be present and a time booked the same day, and nothing else', async () => {
    const put = (body: object, id = kfmId) => socialWorker.put(`/api/v1/cases/${caseId}/eviction-days/${id}`, body);
    const otherDay = await put({ presenceOffered: true, attending: true, bookedAt: '2027-02-04T13:00:00+01:00' });
    expect(otherDay.statusCode).toBe(400);
    expect(otherDay.json().error.details.fields[0].field).toBe('bookedAt');
    expect((await put({ presenceOffered: true, attending: true }, caseId)).statusCode).toBe(404);
    expect((await put({ presenceOffered: true, attending: true, bookedAt: '2027-02-03T13:00:00+01:00', note: 'Erbjöd hjälp att packa' })).statusCode).toBe(200);
    expect((await put({ presenceOffered: true, attending: false, bookedAt: '2027-02-03T14:00:00+01:00' })).statusCode).toBe(200);
    expect((await detail()).evictionDays).toMatchObject([{ kfm_notice_id: kfmId, presence_offered: true, attending: false, booked_at: '2027-02-03T13:00:00.000Z' }]);
  });
});

describe('the rent-debt consultation', () => {
  it('is recorded with who took part and what was agreed, naming the field of a mistake', async () => {
    const base = { heldOn: '2027-01-15', participants: 'Hyresgästen, hyresvärden, socialsekreteraren', landlordTookPart: true, agreements: 'Två hyror betalas i februari' };
    const bad = await socialWorker.post(`/api/v1/cases/${caseId}/consultations`, { ...base, agreements: ' ' });
    expect(bad.json().error.details.fields[0].field).toBe('agreements');
    expect((await socialWorker.post(`/api/v1/cases/${caseId}/consultations`, { ...base, heldOn: '2027-01-16' })).json().error.details.fields[0].field).toBe('heldOn');
    expect((await socialWorker.post(`/api/v1/cases/${caseId}/consultations`, base)).statusCode).toBe(201);
    expect((await detail()).consultations).toMatchObject([{ held_on: '2027-01-15', landlord_took_part: true, agreements: 'Två hyror betalas i februari' }]);
  });
});

describe('a booked visit', () => {
  it('is a task until what came of it is recorded', async () => {
    const visit = await socialWorker.post(`/api/v1/cases/${caseId}/visits`, { at: '2027-01-20T10:00:00+01:00' });
    const task = () => (detail().then((d) => (d.tasks as { kind: string; due_on: string; done_at: string | null }[]).find((t) => t.kind === 'visit')));
    expect(await task()).toMatchObject({ due_on: '2027-01-20', done_at: null });
    b.clock.set('2027-01-20T11:00:00+01:00');
    expect((await socialWorker.put(`/api/v1/cases/${caseId}/visits/${visit.json().id}`, { contactDate: '2027-01-20', reached: true, outcome: 'support_offered' })).statusCode).toBe(200);
    expect((await task())!.done_at).not.toBeNull();
  });
});

describe('the case list', () => {
  it('flags a case where nothing has happened for three weeks', async () => {
    const listed = async () => (await socialWorker.get('/api/v1/cases')).json().cases as { id: string; stalled: boolean }[];
    expect((await listed()).find((c) => c.id === caseId)!.stalled).toBe(false);
    // A case opened a month ago that nobody has touched since.
    const [quiet] = await b.db.query<{ id: string }>(
      "insert into cases (municipality_id, address, opened_at) select municipality_id, 'Tystgatan 1', $2::timestamptz - interval '30 days' from cases where id = $1 returning id",
      [caseId, b.clock.now()],
    );
    const cases = await listed();
    expect(cases.find((c) => c.id === quiet!.id)!.stalled).toBe(true);
    expect(cases.find((c) => c.id === caseId)!.stalled).toBe(false);
    // Something done brings it back.
    expect((await socialWorker.post(`/api/v1/cases/${quiet!.id}/journal`, { eventDate: '2027-01-20', body: 'Ringde, inget svar' })).statusCode).toBe(201);
    expect((await listed()).find((c) => c.id === quiet!.id)!.stalled).toBe(false);
  });

  it('comes 50 a page, newest first, every case once, also when many were opened at the same moment', async () => {
    await b.db.query(
      `insert into cases (municipality_id, address, opened_at)
       select municipality_id, 'Sidgatan ' || n, timestamptz '2027-01-10 10:00:00.123456+01' + (n % 3) * interval '1 microsecond'
         from cases, generate_series(1, 120) n where cases.id = $1`,
      [caseId],
    );
    const [{ n: open }] = (await b.db.query<{ n: number }>("select count(*)::int as n from cases where status = 'open'")) as [{ n: number }];
    const seen: string[] = [];
    let after: string | null = '';
    let pages = 0;
    while (after !== null) {
      const res = await socialWorker.get(`/api/v1/cases${after ? `?after=${encodeURIComponent(after)}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { cases: { id: string; opened_at: string }[]; next: string | null };
      expect(page.cases.length).toBeLessThanOrEqual(50);
      seen.push(...page.cases.map((c) => c.id));
      after = page.next;
      pages++;
    }
    expect(pages).toBe(Math.ceil(open / 50));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(open);
    expect((await socialWorker.get('/api/v1/cases?after=nonsense')).json().error.details.fields[0].field).toBe('after');
  });
});
