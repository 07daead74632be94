// What a reviewer found could hurt tenants: a date chosen in the browser rewriting everyone's list, a
// bounced payment never listed again, a payment made in time but imported late sending the tenant to
// Kronofogden, duplicate reminders. Each test is one such case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDaily } from '../../src/collection/daily-run.ts';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';

const CSV = { 'content-type': 'text/csv' };
const TX = 'kontraktsnummer;typ;datum;forfallodatum;belopp;referens';
let b: TestBokvar;
let a: Client;
let other: Client;
let ids: Record<string, string>;
let officerEmail: string;

/** Weeks pass in these tests; sessions last a week, so the officer logs in again on the new day. */
async function laterDay(iso: string): Promise<void> {
  b.clock.set(iso);
  a = await login(b, officerEmail);
}

const open = async (tenancyId: string) =>
  (await b.db.query<{ step_key: string; status: string }>("select step_key, status from worklist_items where tenancy_id = $1 and status = 'open'", [tenancyId])).length;

beforeAll(async () => {
  b = await startTestBokvar('2027-01-11T07:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Kommun', { municipalityCode: '0180' });
  const landlordA = await buildOrg(b.db, 'landlord', 'A-hem AB', { municipalityId: kommun.id });
  const landlordB = await buildOrg(b.db, 'landlord', 'B-hem AB', { municipalityId: kommun.id });
  officerEmail = (await buildUser(b.db, landlordA.id, 'collection_officer')).email;
  a = await login(b, officerEmail);
  other = await login(b, (await buildUser(b.db, landlordB.id, 'caretaker')).email);
  const tenancies = ['kontraktsnummer;adress;kommunkod;personnummer;namn;telefon;manadshyra;startdatum']
    .concat(['S-1', 'S-2', 'S-3', 'S-4'].map((c, i) => `${c};Säkergatan ${i + 1};${c === 'S-4' ? '2584' : '0180'};${TEST_PERSONNUMMER[40 + i]};Test ${c};070-1740650;8000;2020-01-01`))
    .join('\n');
  expect((await a.post('/api/v1/imports?kind=tenancies', tenancies + '\n', CSV)).statusCode).toBe(200);
  const charges = ['S-1', 'S-2', 'S-3', 'S-4'].map((c) => `${c};avi;2026-12-01;2026-12-30;8000;${c}-A1`);
  expect((await a.post('/api/v1/imports?kind=transactions', [TX, ...charges].join('\n') + '\n', CSV)).statusCode).toBe(200);
  const rows = await b.db.query<{ id: string; contract_number: string }>('select id, contract_number from tenancies');
  ids = Object.fromEntries(rows.map((r) => [r.contract_number, r.id]));
});
afterAll(async () => b?.close());

describe('dates chosen in the browser', () => {
  it("cannot rewrite another landlord's list: a past date only reads, a future one is refused", async () => {
    expect((await a.get('/api/v1/worklist')).statusCode).toBe(200);
    const before = await open(ids['S-1']!);
    expect(before).toBeGreaterThan(0);
    expect((await other.get('/api/v1/worklist?date=2020-01-01')).statusCode).toBe(200);
    const future = await other.get('/api/v1/worklist?date=2027-06-01');
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toMatch(/^date:/);
    expect(await open(ids['S-1']!)).toBe(before);
    expect((await b.db.query("select 1 from job_runs where run_date in ('2020-01-01', '2027-06-01')")).length).toBe(0);
  });

  it('records each daily run in the audit log', async () => {
    const rows = await b.db.query<{ subject_id: string }>("select subject_id from audit_log where action = 'collection.daily_run'");
    expect(rows.map((r) => r.subject_id)).toContain('2027-01-11');
  });
});

describe('payments that come and go', () => {
  it('lists a household again when its payment bounces', async () => {
    await a.post('/api/v1/imports?kind=transactions', `${TX}\nS-1;betalning;2027-01-11;;8000;S-1-B1\n`, CSV);
    expect(await open(ids['S-1']!)).toBe(0);
    await a.post('/api/v1/imports?kind=transactions', `${TX}\nS-1;betalning;2027-01-11;;-8000;S-1-R1\n`, CSV);
    expect(await open(ids['S-1']!)).toBeGreaterThan(0);
  });

  it('sends one reminder a day per household, none to one that has paid', async () => {
    const households = (await a.get('/api/v1/worklist')).json().households as { contract_number: string; items: { id: number }[] }[];
    const itemIds = (contract: string) => households.filter((h) => h.contract_number === contract).flatMap((h) => h.items.map((i) => i.id));
    const s2 = itemIds('S-2');
    const s3 = itemIds('S-3');
    const first = (await a.post('/api/v1/sms/arrears', { itemIds: s2, idempotencyKey: 'first-selection' })).json();
    expect(first.queued).toBe(1);
    const second = (await a.post('/api/v1/sms/arrears', { itemIds: [...s2, ...s3], idempotencyKey: 'second-selection' })).json();
    expect(second).toMatchObject({ queued: 1, alreadySent: 1 });
    await a.post('/api/v1/imports?kind=transactions', `${TX}\nS-4;betalning;2027-01-11;;8000;S-4-B1\n`, CSV);
    const s4 = (await b.db.query<{ id: number }>('select id from worklist_items where tenancy_id = $1', [ids['S-4']])).map((r) => Number(r.id));
    const paid = (await a.post('/api/v1/sms/arrears', { itemIds: s4, idempotencyKey: 'paid-household' })).json();
    expect(paid).toMatchObject({ queued: 0 });
    expect(b.sent.filter((m) => m.to === '+46701740650')).toHaveLength(2);
  });
});

describe('notices and recovery', () => {
  it('keeps a tenant who paid by the deadline out of Kronofogden even when the payment is imported late', async () => {
    b.clock.set('2027-01-12T09:00:00+01:00');
    const n = (await a.post('/api/v1/notices', { tenancyId: ids['S-2'], reason: 'arrears', terminationDate: '2027-01-12', amountOwed: 800000, servedOnTenant: '2027-01-12' })).json().notice;
    expect(n.recovery_deadline).toBe('2027-02-02');
    await laterDay('2027-02-05T09:00:00+01:00');
    await runDaily(b.ctx, '2027-02-05');
    // Paid on the last day, imported three days later.
    await a.post('/api/v1/imports?kind=transactions', `${TX}\nS-2;betalning;2027-02-02;;8000;S-2-B1\n`, CSV);
    const kfm = await a.get('/api/v1/kfm-applications');
    expect(kfm.body).not.toContain('Test S-2');
    const [row] = await b.db.query<{ status: string }>('select status from notices where id = $1', [n.id]);
    expect(row!.status).toBe('recovered');
  });

  it('does not call a notice recovered because the tenancy got an end date', async () => {
    await laterDay('2027-02-05T09:00:00+01:00');
    const n = (await a.post('/api/v1/notices', { tenancyId: ids['S-3'], reason: 'arrears', terminationDate: '2027-02-01', amountOwed: 800000, servedOnTenant: '2027-02-01' })).json().notice;
    const closed = ['kontraktsnummer;adress;kommunkod;personnummer;namn;manadshyra;startdatum;slutdatum', `S-3;Säkergatan 3;0180;${TEST_PERSONNUMMER[42]};Test S-3;8000;2020-01-01;2027-02-04`].join('\n');
    expect((await a.post('/api/v1/imports?kind=tenancies', closed + '\n', CSV)).statusCode).toBe(200);
    b.clock.set('2027-02-06T09:00:00+01:00');
    await runDaily(b.ctx, '2027-02-06');
    const [row] = await b.db.query<{ status: string }>('select status from notices where id = $1', [n.id]);
    expect(row!.status).toBe('delivered');
  });

  it('for a home in a municipality outside Bokvar, waits for the landlord to record delivery before the three weeks run', async () => {
    const created = await a.post('/api/v1/notices', { tenancyId: ids['S-4'], reason: 'disturbance', terminationDate: '2027-03-01', amountOwed: 0, servedOnTenant: null });
    expect(created.statusCode).toBe(201);
    const n = created.json().notice;
    expect(n).toMatchObject({ delivered_to_board: null, municipality_id: null, amount_owed: 0, termination_date: '2027-03-01' });
    const dated = await a.put(`/api/v1/notices/${n.id}/dates`, { deliveredToBoard: '2027-02-05' });
    expect(dated.statusCode).toBe(200);
    expect(dated.json().notice.delivered_to_board).toBe('2027-02-05');
    // Disturbance gives no right of recovery: no deadline.
    expect(dated.json().notice.recovery_deadline).toBeNull();
  });
});
