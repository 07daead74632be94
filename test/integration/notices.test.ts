import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDaily } from '../../src/collection/daily-run.ts';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';

// January 2027's rent falls due 2026-12-30; the lease may be terminated from 2027-01-07 (JB 12 kap 42 §).
const RENT = 850000;
let b: TestBokvar;
let landlord: Client;
let socialWorker: Client;
let otherSocialWorker: Client;
let ids: Record<string, string> = {};

const csv = (rows: string[]) => rows.join('\n') + '\n';

beforeAll(async () => {
  b = await startTestBokvar('2027-01-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Notiskommun', { municipalityCode: '0180' });
  const annan = await buildOrg(b.db, 'municipality', 'Annan kommun', { municipalityCode: '1480' });
  const vard = await buildOrg(b.db, 'landlord', 'Notisbostäder AB', { municipalityId: kommun.id });
  landlord = await login(b, (await buildUser(b.db, vard.id, 'collection_officer')).email);
  socialWorker = await login(b, (await buildUser(b.db, kommun.id, 'social_worker')).email);
  otherSocialWorker = await login(b, (await buildUser(b.db, annan.id, 'social_worker')).email);
  const header = 'kontraktsnummer;adress;personnummer;namn;barn;manadshyra;startdatum;uthyrningsform';
  const t = await landlord.post(
    '/api/v1/imports?kind=tenancies',
    csv([header, `N-1;Storgatan 1;${TEST_PERSONNUMMER[10]};Alva Test;2;8500,00;2020-01-01;hyresratt`, `N-2;Lillgatan 2;${TEST_PERSONNUMMER[11]};Bo Test;0;8500,00;2020-01-01;privatuthyrning`]),
    { 'content-type': 'text/csv' },
  );
  expect(t.statusCode).toBe(200);
  const tx = await landlord.post(
    '/api/v1/imports?kind=transactions',
    csv([
      'kontraktsnummer;typ;datum;forfallodatum;belopp;referens',
      'N-1;avi;2026-11-30;2026-11-30;8500,00;A1',
      'N-1;betalning;2026-11-30;;8500,00;B1',
      'N-1;avi;2026-12-01;2026-12-30;8500,00;A2',
      'N-2;avi;2026-12-01;2026-12-30;8500,00;A3',
    ]),
    { 'content-type': 'text/csv' },
  );
  expect(tx.statusCode).toBe(200);
  const list = (await landlord.get('/api/v1/tenancies?q=N-')).json() as { tenancies: { id: string; contract_number: string }[] };
  ids = Object.fromEntries(list.tenancies.map((r) => [r.contract_number, r.id]));
});
afterAll(async () => b?.close());

describe('statutory notice to the social welfare board', () => {
  it('is blocked when the amount does not match the ledger, and says what the ledger shows', async () => {
    const res = await landlord.post('/api/v1/notices', { tenancyId: ids['N-1'], reason: 'arrears', terminationDate: '2027-01-12', amountOwed: 900000 });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('8\u00a0500,00\u00a0kr');
    expect(res.json().error.message).toContain('RH 1995:34');
    expect((await b.db.query('select 1 from notices')).length).toBe(0);
  });

  it('is blocked before the lease may be terminated for the unpaid rent', async () => {
    const res = await landlord.post('/api/v1/notices', { tenancyId: ids['N-1'], reason: 'arrears', terminationDate: '2027-01-05', amountOwed: RENT });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toMatch(/tidigast 2027-01-0[78]/);
  });

  it('is created with the amount by month, delivered to the municipality of the home and shown in its inbox only', async () => {
    const res = await landlord.post('/api/v1/notices', { tenancyId: ids['N-1'], reason: 'arrears', terminationDate: '2027-01-12', amountOwed: RENT });
    expect(res.statusCode).toBe(201);
    const notice = res.json().notice;
    expect(notice.owed_by_month).toEqual([{ month: '2027-01', dueDate: '2026-12-30', amount: RENT }]);
    expect(notice.delivered_to_board).toBe('2027-01-15');
    expect(notice.recovery_deadline).toBeNull();
    const inbox = (await socialWorker.get('/api/v1/notices')).json().notices;
    expect(inbox.map((n: { id: string }) => n.id)).toEqual([notice.id]);
    expect(inbox[0].children).toBe(2);
    expect((await otherSocialWorker.get('/api/v1/notices')).json().notices).toEqual([]);
    expect((await otherSocialWorker.get(`/api/v1/notices/${notice.id}/pdf`)).statusCode).toBe(404);
    ids.notice = notice.id;
  });

  it('starts the three weeks when it has been served on the tenant too', async () => {
    const res = await landlord.put(`/api/v1/notices/${ids.notice}/dates`, { servedOnTenant: '2027-01-14' });
    expect(res.statusCode).toBe(200);
    // Later of 2027-01-14 and 2027-01-15, plus three weeks: 2027-02-05 (a Friday).
    expect(res.json().notice.recovery_deadline).toBe('2027-02-05');
    expect(res.json().notice.earliest_eviction_decision > '2027-02-05').toBe(true);
  });

  it('prints as a tagged Swedish PDF for the landlord and the board', async () => {
    const res = await socialWorker.get(`/api/v1/notices/${ids.notice}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = res.rawPayload.toString('latin1');
    expect(text.startsWith('%PDF-1.7')).toBe(true);
    expect(text).toContain('/StructTreeRoot');
    expect(text).toContain('/Lang (sv-SE)');
    expect(text).toContain('/Marked true');
  });

  it('marks the tenancy recovered when the debt is paid before the deadline', async () => {
    await landlord.post('/api/v1/imports?kind=transactions', csv(['kontraktsnummer;typ;datum;forfallodatum;belopp;referens', 'N-1;betalning;2027-01-20;;8500,00;B2']), {
      'content-type': 'text/csv',
    });
    await runDaily(b.ctx, '2027-01-21');
    const [row] = await b.db.query<{ status: string; recovered_on: string }>('select status, recovered_on from notices where id = $1', [ids.notice]);
    expect(row).toEqual({ status: 'recovered', recovered_on: '2027-01-21' });
  });

  it('flags a private letting: no recovery deadline, and it goes to Kronofogden at once', async () => {
    const res = await landlord.post('/api/v1/notices', { tenancyId: ids['N-2'], reason: 'arrears', terminationDate: '2027-01-12', amountOwed: RENT, servedOnTenant: '2027-01-13' });
    expect(res.statusCode).toBe(201);
    expect(res.json().notice.recovery_right).toBe(false);
    expect(res.json().notice.recovery_deadline).toBeNull();
    const kfm = await landlord.get('/api/v1/kfm-applications?date=2027-01-15');
    expect(kfm.body).toContain('Bo Test');
    expect(kfm.body).not.toContain('Alva Test');
  });

  it('refuses a social worker creating a notice and another landlord reading one', async () => {
    expect((await socialWorker.post('/api/v1/notices', { tenancyId: ids['N-1'], reason: 'arrears', terminationDate: '2027-01-12', amountOwed: RENT })).statusCode).toBe(403);
    const other = await buildOrg(b.db, 'landlord', 'Annan värd AB');
    const otherClient = await login(b, (await buildUser(b.db, other.id, 'collection_officer')).email);
    expect((await otherClient.get(`/api/v1/notices/${ids.notice}/pdf`)).statusCode).toBe(404);
    expect((await otherClient.get('/api/v1/notices')).json().notices).toEqual([]);
  });

  it('prints a reminder letter and a contact card for the tenancy', async () => {
    const letter = await landlord.get(`/api/v1/tenancies/${ids['N-2']}/letters/reminder`);
    expect(letter.statusCode).toBe(200);
    expect(letter.rawPayload.toString('latin1')).toContain('/StructTreeRoot');
    expect((await landlord.get(`/api/v1/tenancies/${ids['N-2']}/letters/contact-card`)).statusCode).toBe(200);
  });

  it("gives the caretaker, whose screen has no debts, the contact card but not the reminder with the amount owed", async () => {
    const [vard] = await b.db.query<{ landlord_id: string }>('select landlord_id from tenancies where id = $1', [ids['N-2']]);
    const caretaker = await login(b, (await buildUser(b.db, vard!.landlord_id, 'caretaker')).email);
    expect((await caretaker.get(`/api/v1/tenancies/${ids['N-2']}/letters/reminder`)).statusCode).toBe(403);
    expect((await caretaker.get(`/api/v1/tenancies/${ids['N-2']}/letters/contact-card`)).statusCode).toBe(200);
  });
});
