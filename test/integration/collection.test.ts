// The collection routine as a landlord's officer meets it: the morning worklist counted in Swedish
// bank days, the daily run, promises to pay, bulk SMS, the collection file and the routine itself
// (issue 2 §4; domain section 2). January 2027's rent falls due on Wednesday 30 December 2026; with
// nyårsafton, nyårsdagen and trettondedag jul the Mimer routine then gives: collection file
// 2027-01-11 (5th bank day), collection demand 2027-01-12, calls 2027-01-07–2027-01-15, notice to the
// social welfare board 2027-01-19 (day 20).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDaily } from '../../src/collection/daily-run.ts';
import { testPersonnummer } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';

const CSV = { 'content-type': 'text/csv' };
const TENANCY_HEADER = 'kontraktsnummer;adress;postnummer;ort;omrade;personnummer;namn;telefon;vuxna;barn;manadshyra;startdatum;slutdatum';
const TRANSACTION_HEADER = 'kontraktsnummer;typ;datum;forfallodatum;belopp;referens';

interface Tenant {
  contract: string;
  address: string;
  area: string;
  pnr: string;
  name: string;
  phone: string;
  children: number;
}

const PNR = {
  karin: testPersonnummer('1979-01-01', 0), // 48 in January 2027
  lars: testPersonnummer('1980-01-01', 0), // 47
  maja: testPersonnummer('2003-06-01', 0), // 23: under 25
  nils: testPersonnummer('1979-05-01', 0),
  olle: testPersonnummer('1982-01-01', 0), // 45
  berit: testPersonnummer('1985-01-01', 0),
};

// Landlord A: four tenancies that have not paid January's rent, one that has.
const A: Tenant[] = [
  { contract: 'K-1', address: 'Kopparbergsvägen 10', area: 'Centrum', pnr: PNR.karin, name: 'Karin Karlsson', phone: '070-111 11 11', children: 2 },
  { contract: 'K-2', address: 'Kopparbergsvägen 12', area: 'Centrum', pnr: PNR.lars, name: 'Lars Larsson', phone: '070-222 22 22', children: 0 },
  { contract: 'K-3', address: 'Norrleden 3', area: 'Norr', pnr: PNR.maja, name: 'Maja Mattsson', phone: '070-333 33 33', children: 0 },
  { contract: 'K-4', address: 'Norrleden 4', area: 'Norr', pnr: PNR.nils, name: 'Nils Nilsson', phone: '070-444 44 44', children: 0 },
  { contract: 'K-5', address: 'Norrleden 5', area: 'Norr', pnr: PNR.olle, name: 'Olle Olsson', phone: '', children: 0 },
];
const UNPAID = ['K-1', 'K-2', 'K-3', 'K-5'];
const RENT = 800000; // öre
const B_TENANCY: Tenant = { contract: 'B-1', address: 'Bgatan 1', area: 'Söder', pnr: PNR.berit, name: 'Berit Bengtsson', phone: '070-555 55 55', children: 0 };

function tenanciesCsv(ts: Tenant[]): string {
  const lines = ts.map((t) => [t.contract, t.address, '721 30', 'Västerås', t.area, t.pnr, t.name, t.phone, '1', String(t.children), '8 000,00', '2019-09-01', ''].join(';'));
  return [TENANCY_HEADER, ...lines].join('\n') + '\n';
}

function ledgerCsv(ts: Tenant[], paidJanuary: string[]): string {
  const rows: string[] = [];
  for (const t of ts) {
    rows.push(`${t.contract};avi;2026-11-16;2026-11-30;8 000,00;AVI-${t.contract}-2026-12`);
    rows.push(`${t.contract};betalning;2026-11-27;;8 000,00;BET-${t.contract}-2026-12`);
    rows.push(`${t.contract};avi;2026-12-15;2026-12-30;8 000,00;AVI-${t.contract}-2027-01`);
    if (paidJanuary.includes(t.contract)) rows.push(`${t.contract};betalning;2026-12-29;;8 000,00;BET-${t.contract}-2027-01`);
  }
  return [TRANSACTION_HEADER, ...rows].join('\n') + '\n';
}

interface Item {
  id: number;
  tenancy_id: string;
  step_key: string;
  action: string;
  due_on: string;
  window_end: string | null;
  amount_owed: number;
  days_late: number;
  bank_days_late: number;
  priority: number;
  priority_reasons: string[];
  broken_promise: boolean;
  contract_number: string;
  overdue: boolean;
}

interface World {
  b: TestBokvar;
  landlordA: string;
  landlordB: string;
  adminA: Client;
  officerA: Client;
  officerB: Client;
  officerAEmail: string;
  ids: Record<string, string>; // contract → tenancy id
}

/** A fresh Bokvar with landlords A and B, their staff and the ledger above imported through the API. */
async function world(now = '2027-01-11T07:30:00+01:00'): Promise<World> {
  const b = await startTestBokvar(now);
  currentBokvar = b;
  const kommun = await buildOrg(b.db, 'municipality', 'Västerås stad', { municipalityCode: '1980' });
  const landlordA = (await buildOrg(b.db, 'landlord', 'Mälarbostäder AB', { municipalityId: kommun.id, municipal: true })).id;
  const landlordB = (await buildOrg(b.db, 'landlord', 'Privatvärd B AB', { municipalityId: kommun.id })).id;
  await b.db.query("update organisations set phone = '021-39 00 00' where id = $1", [landlordB]);
  const adminA = await login(b, (await buildUser(b.db, landlordA, 'admin')).email);
  const officerAEmail = (await buildUser(b.db, landlordA, 'collection_officer')).email;
  const officerA = await login(b, officerAEmail);
  const officerB = await login(b, (await buildUser(b.db, landlordB, 'collection_officer')).email);
  for (const [client, ts, paid] of [
    [officerA, A, ['K-4']],
    [officerB, [B_TENANCY], []],
  ] as const) {
    const t = await client.post('/api/v1/imports?kind=tenancies', tenanciesCsv([...ts]), CSV);
    expect(t.statusCode, t.body).toBe(200);
    const x = await client.post('/api/v1/imports?kind=transactions', ledgerCsv([...ts], [...paid]), CSV);
    expect(x.statusCode, x.body).toBe(200);
  }
  const rows = await b.db.query<{ id: string; contract_number: string }>('select id, contract_number from tenancies');
  const ids = Object.fromEntries(rows.map((r) => [r.contract_number, r.id]));
  return { b, landlordA, landlordB, adminA, officerA, officerB, officerAEmail, ids };
}

/**
 * The Bokvar of the latest world. A list for a later day than the clock's needs that day's run first
 * (the 06:00 job); the API refuses to run a future day itself.
 */
let currentBokvar: TestBokvar | null = null;
async function onDay(date: string): Promise<void> {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(currentBokvar!.clock.now());
  if (date <= today) return;
  const [done] = await currentBokvar!.db.query('select 1 from job_runs where run_date = $1', [date]);
  if (!done) await runDaily(currentBokvar!.ctx, date);
}

interface Page {
  total: number;
  households: (Omit<Item, 'id' | 'step_key' | 'action' | 'due_on' | 'window_end' | 'overdue'> & { items: Item[] })[];
  next: string | null;
}

/** Each item with its household's facts, in the order of the list. */
const itemsOf = (page: Page): Item[] => page.households.flatMap(({ items, ...household }) => items.map((i) => ({ ...household, ...i })));

async function worklist(client: Client, query: string): Promise<Item[]> {
  await onDay(new URLSearchParams(query).get('date')!);
  const res = await client.get(`/api/v1/worklist?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return itemsOf(res.json());
}

const contractsOf = (items: Item[]) => [...new Set(items.map((i) => i.contract_number))].sort();
const stepsOf = (items: Item[], contract: string) => items.filter((i) => i.contract_number === contract).map((i) => i.step_key).sort();
const itemOf = (items: Item[], contract: string, step: string) => items.find((i) => i.contract_number === contract && i.step_key === step);

async function payment(client: Client, contract: string, date: string, amount: string, ref: string) {
  const res = await client.post('/api/v1/imports?kind=transactions', `${TRANSACTION_HEADER}\n${contract};betalning;${date};;${amount};${ref}\n`, CSV);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().counts.inserted).toBe(1);
}

// ---------------------------------------------------------------------------------------------

describe('the worklist follows the routine in bank days', () => {
  let w: World;
  beforeAll(async () => {
    w = await world('2027-01-11T07:30:00+01:00');
  });
  afterAll(async () => w?.b.close());

  it('lists the collection file on the 5th bank day after the due date, not yet the collection demand', async () => {
    const items = await worklist(w.officerA, 'date=2027-01-11');
    expect(contractsOf(items)).toEqual(UNPAID);
    for (const c of UNPAID) {
      const file = itemOf(items, c, 'collection_file');
      expect(file, `${c} collection_file`).toMatchObject({ due_on: '2027-01-11', overdue: false, amount_owed: RENT, days_late: 12, bank_days_late: 5 });
      expect(itemOf(items, c, 'collection_demand')).toBeUndefined();
      expect(itemOf(items, c, 'notice_to_social_services')).toBeUndefined();
    }
  });

  it('on 2027-01-20 lists every step up to the notice to the social welfare board, overdue ones flagged', async () => {
    // On its own day a step is due, not overdue (the days are run in order, as the 06:00 job does).
    const on19 = await worklist(w.officerA, 'date=2027-01-19');
    expect(itemOf(on19, 'K-1', 'notice_to_social_services')).toMatchObject({ overdue: false });
    const items = await worklist(w.officerA, 'date=2027-01-20');
    expect(contractsOf(items)).toEqual(UNPAID);
    for (const c of UNPAID) {
      expect(stepsOf(items, c)).toEqual(['collection_demand', 'collection_file', 'notice_to_social_services', 'outreach_calls']);
      expect(itemOf(items, c, 'collection_file')).toMatchObject({ due_on: '2027-01-11', overdue: true });
      expect(itemOf(items, c, 'collection_demand')).toMatchObject({ due_on: '2027-01-12', overdue: true });
      expect(itemOf(items, c, 'outreach_calls')).toMatchObject({ due_on: '2027-01-07', window_end: '2027-01-15', overdue: true });
      expect(itemOf(items, c, 'notice_to_social_services')).toMatchObject({ due_on: '2027-01-19', overdue: true, days_late: 21 });
    }
  });

  it('puts a household with children first, then a tenant under 25, then the others', async () => {
    const items = await worklist(w.officerA, 'date=2027-01-20&step=collection_file');
    const order = items.map((i) => i.contract_number);
    expect(order).toHaveLength(4);
    expect(order.slice(0, 2)).toEqual(['K-1', 'K-3']);
    expect(new Set(order.slice(2))).toEqual(new Set(['K-2', 'K-5']));
    expect(itemOf(items, 'K-1', 'collection_file')!.priority_reasons).toContain('children');
    expect(itemOf(items, 'K-3', 'collection_file')!.priority_reasons).toContain('under_25');
    expect(itemOf(items, 'K-2', 'collection_file')!.priority_reasons).not.toContain('under_25');
  });

  it('filters by area and by step', async () => {
    const norr = await worklist(w.officerA, 'date=2027-01-20&area=Norr');
    expect(contractsOf(norr)).toEqual(['K-3', 'K-5']);
    const notices = await worklist(w.officerA, 'date=2027-01-20&step=notice_to_social_services');
    expect(notices.map((i) => i.step_key)).toEqual(Array(4).fill('notice_to_social_services'));
    const both = await worklist(w.officerA, `date=2027-01-20&area=${encodeURIComponent('Centrum')}&step=collection_demand`);
    expect(both.map((i) => `${i.contract_number}/${i.step_key}`).sort()).toEqual(['K-1/collection_demand', 'K-2/collection_demand']);
  });

  it('records in the audit log which tenancies a worklist read showed', async () => {
    const items = await worklist(w.officerA, 'date=2027-01-20&area=Norr');
    const [row] = await w.b.db.query<{ subject_id: string; actor_org_id: string; details: { tenancies: string[] } }>(
      "select subject_id, actor_org_id, details from audit_log where action = 'worklist.read' order by id desc limit 1",
    );
    expect(row).toMatchObject({ subject_id: '2027-01-20', actor_org_id: w.landlordA });
    expect([...row!.details.tenancies].sort()).toEqual([...new Set(items.map((i) => i.tenancy_id))].sort());
    expect([...row!.details.tenancies].sort()).toEqual([w.ids['K-3'], w.ids['K-5']].sort());
  });

  it('writes an audit row for every read, also when the same page is read again from what the server keeps', async () => {
    const count = async () =>
      (await w.b.db.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'worklist.read' and actor_org_id = $1", [w.landlordA]))[0]!.n;
    const before = await count();
    const first = await w.officerA.get('/api/v1/worklist?date=2027-01-20&area=Norr');
    const again = await w.officerA.get('/api/v1/worklist?date=2027-01-20&area=Norr');
    const third = await w.officerA.get('/api/v1/worklist?date=2027-01-20&area=Norr');
    expect([first.statusCode, again.statusCode, third.statusCode]).toEqual([200, 200, 200]);
    expect(again.body).toBe(first.body);
    expect(third.body).toBe(first.body);
    expect((await count()) - before).toBe(3);

    // Officers reading at the same moment: each read gets its own row, however they are written together.
    const together = await Promise.all(Array.from({ length: 25 }, () => w.officerA.get('/api/v1/worklist?date=2027-01-20&area=Norr')));
    expect(together.every((r) => r.statusCode === 200 && r.body === first.body)).toBe(true);
    expect((await count()) - before).toBe(28);
    const [rows] = await w.b.db.query<{ n: number; users: number }>(
      "select count(*)::int as n, count(distinct actor_user_id)::int as users from (select actor_user_id from audit_log where action = 'worklist.read' order by id desc limit 28) r",
    );
    expect(rows).toEqual({ n: 28, users: 1 });
  });

  it('sends the page gzip-compressed to a client that accepts it (a browser), plain to one that does not', async () => {
    const get = (acceptEncoding?: string) =>
      w.b.app.inject({ method: 'GET', url: '/api/v1/worklist?date=2027-01-20', headers: { cookie: w.officerA.cookie, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) } });
    const plain = await get();
    const zipped = await get('gzip, deflate, br');
    const refused = await get('gzip;q=0, identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/accept-encoding/i);
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body).toBe(plain.body);
  });

  it('pages by household: every household once, all its items together, in the order of the whole list', async () => {
    const whole = await worklist(w.officerA, 'date=2027-01-20');
    const pages: Page[] = [];
    let after = '';
    do {
      const res = await w.officerA.get(`/api/v1/worklist?date=2027-01-20&limit=1${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      pages.push(res.json());
      after = pages.at(-1)!.next ?? '';
    } while (after && pages.length < 10);
    expect(pages).toHaveLength(4);
    expect(pages.every((p) => p.total === 4)).toBe(true);
    expect(pages.map((p) => p.households.length)).toEqual([1, 1, 1, 1]);
    expect(pages.flatMap(itemsOf).map((i) => i.id)).toEqual(whole.map((i) => i.id));
    expect(pages.at(-1)!.next).toBeNull();
  });

  it('keeps its place when the officer marks households done between pages', async () => {
    const firstPage = (await w.officerA.get('/api/v1/worklist?date=2027-01-20&limit=2')).json() as Page;
    const first = { items: itemsOf(firstPage), next: firstPage.next! };
    const firstTwo = contractsOf(first.items);
    // Work the first page off, then ask for the next one: the other two households, none skipped.
    const done = await w.officerA.post('/api/v1/worklist/done', { itemIds: first.items.map((i) => i.id) });
    expect(done.json().done).toBe(first.items.length);
    const second = (await w.officerA.get(`/api/v1/worklist?date=2027-01-20&limit=2&after=${first.next}`)).json() as Page;
    expect(contractsOf(itemsOf(second))).toEqual(UNPAID.filter((c) => !firstTwo.includes(c)).sort());
    expect(second.total).toBe(2);
    // Reopen them for the tests after this one.
    await w.b.db.query("update worklist_items set status = 'open', done_at = null, done_by = null where id = any($1::bigint[])", [first.items.map((i) => i.id)]);
  });

  it('shows a change to a tenancy, an item or a promise at once, though the page was read just before', async () => {
    const before = await worklist(w.officerA, 'date=2027-01-20');
    expect(itemOf(before, 'K-2', 'collection_file')).toBeDefined();
    // New phone number and name from the landlord's system.
    const renamed = A.map((t) => (t.contract === 'K-2' ? { ...t, name: 'Lars Lindqvist', phone: '070-999 99 99' } : t));
    expect((await w.officerA.post('/api/v1/imports?kind=tenancies', tenanciesCsv(renamed), CSV)).statusCode).toBe(200);
    const afterImport = (await w.officerA.get('/api/v1/worklist?date=2027-01-20')).json() as Page;
    expect(afterImport.households.find((h) => h.contract_number === 'K-2')).toMatchObject({ tenant_name: 'Lars Lindqvist', phone: '+46709999999' });
    // An item done elsewhere (another officer, another server) is gone from the next read.
    const item = itemOf(before, 'K-2', 'collection_file')!;
    expect((await w.adminA.post('/api/v1/worklist/done', { itemIds: [item.id] })).json().done).toBe(1);
    expect(itemOf(await worklist(w.officerA, 'date=2027-01-20'), 'K-2', 'collection_file')).toBeUndefined();
    await w.b.db.query("update worklist_items set status = 'open', done_at = null, done_by = null where id = $1", [item.id]);
    expect(itemOf(await worklist(w.officerA, 'date=2027-01-20'), 'K-2', 'collection_file')).toBeDefined();
    expect((await w.officerA.post('/api/v1/imports?kind=tenancies', tenanciesCsv(A), CSV)).statusCode).toBe(200);
  });

  it('shows a caretaker whom to see, not what they owe', async () => {
    const caretaker = await login(w.b, (await buildUser(w.b.db, w.landlordA, 'caretaker')).email);
    const officerPage = (await w.officerA.get('/api/v1/worklist?date=2027-01-20')).json() as Page;
    const caretakerPage = (await caretaker.get('/api/v1/worklist?date=2027-01-20')).json() as Page;
    expect(officerPage.households.every((h) => h.amount_owed === RENT)).toBe(true);
    expect(caretakerPage.households.map((h) => h.contract_number)).toEqual(officerPage.households.map((h) => h.contract_number));
    expect(caretakerPage.households.every((h) => h.amount_owed === null && (h as { months_owed?: unknown }).months_owed === null)).toBe(true);
  });

  it('refuses a bad page size or continuation marker, naming the parameter', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['after=1.2.3', 'after'],
      ['after=%27%3Bdrop', 'after'],
    ]) {
      const res = await w.officerA.get(`/api/v1/worklist?date=2027-01-20&${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.body, query).toContain(field);
    }
  });

  it('offers the areas and routine steps to filter by', async () => {
    const res = await w.officerA.get('/api/v1/worklist/filters');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().areas).toEqual(['Centrum', 'Norr']);
    expect(res.json().steps.map((s: { key: string }) => s.key)).toEqual(['collection_file', 'collection_demand', 'outreach_calls', 'notice_to_social_services']);
    expect((await w.officerB.get('/api/v1/worklist/filters')).json().areas).toEqual(['Söder']);
  });

  it("never shows landlord A's items to landlord B, nor lets B close them", async () => {
    const bItems = await worklist(w.officerB, 'date=2027-01-20');
    expect(contractsOf(bItems)).toEqual(['B-1']);
    const aItems = await worklist(w.officerA, 'date=2027-01-20');
    const done = await w.officerB.post('/api/v1/worklist/done', { itemIds: aItems.map((i) => i.id) });
    expect(done.statusCode).toBe(200);
    expect(done.json().done).toBe(0);
    expect(await worklist(w.officerA, 'date=2027-01-20')).toHaveLength(aItems.length);
  });

  it('sends one plain SMS per selected tenant with the landlord number and no amount or personnummer, once per key', async () => {
    const items = (await worklist(w.officerA, 'date=2027-01-20')).filter((i) => ['K-1', 'K-3', 'K-5'].includes(i.contract_number));
    expect(items.length).toBeGreaterThan(3); // several items per tenancy
    const before = w.b.sent.length;
    const body = { itemIds: items.map((i) => i.id), idempotencyKey: 'utskick-2027-01-20-morgon' };
    const res = await w.officerA.post('/api/v1/sms/arrears', body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ queued: 2, withoutPhone: 1, sent: 2, failed: 0, alreadySent: 0 });
    const sent = w.b.sent.slice(before);
    expect(sent.map((m) => m.to).sort()).toEqual(['+46701111111', '+46703333333']);
    const forTenant = { '+46701111111': A[0]!, '+46703333333': A[2]! } as Record<string, Tenant>;
    for (const m of sent) {
      const tenant = forTenant[m.to]!;
      expect(m.body).toContain('08-123 456 78'); // the landlord's number
      expect(m.body).toContain(tenant.address);
      expect(m.body).not.toMatch(/8[\s\u00a0]?000|kr\b|öre/); // no amount
      expect(m.body).not.toMatch(/\d{6}[-+]?\d{4}/); // no personnummer
      for (const other of A.filter((t) => t !== tenant)) {
        expect(m.body).not.toContain(other.address);
        expect(m.body).not.toContain(other.name);
      }
    }
    // The SMS shows in the tenancy's contact log.
    const log = (await w.officerA.get(`/api/v1/tenancies/${w.ids['K-1']}/outreach`)).json() as { outreach: { kind: string }[] };
    expect(log.outreach.map((o) => o.kind)).toContain('sms');

    // A retry of the same request (the browser resent it) sends nothing more.
    const retry = await w.officerA.post('/api/v1/sms/arrears', body);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ queued: 0, alreadySent: 2, sent: 0 });
    expect(w.b.sent.length).toBe(before + 2);

    // Landlord B selecting A's items sends nothing to A's tenants.
    const fromB = await w.officerB.post('/api/v1/sms/arrears', { itemIds: body.itemIds, idempotencyKey: 'b-forsok-123' });
    expect(fromB.json()).toMatchObject({ queued: 0, sent: 0 });
    expect(w.b.sent.length).toBe(before + 2);
  });

  it('exports the collection file as CSV and marks its items done, so a second export is empty', async () => {
    await onDay('2027-01-20');
    // A GET (a link, a prefetch) changes nothing: the export is a POST.
    expect((await w.officerA.get('/api/v1/collection-file?date=2027-01-20')).statusCode).toBe(404);
    expect(await worklist(w.officerA, 'date=2027-01-20&step=collection_file')).toHaveLength(4);
    const res = await w.officerA.post('/api/v1/collection-file', { date: '2027-01-20' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['cache-control']).toBe('no-store');
    const lines = res.body.replace(/^\ufeff/, '').trim().split(/\r\n/);
    expect(lines[0]).toBe('kontraktsnummer;personnummer;namn;adress;belopp;forfallodatum');
    expect(lines.slice(1)).toEqual(
      A.filter((t) => UNPAID.includes(t.contract)).map((t) => `${t.contract};${t.pnr};${t.name};${t.address};8000,00;2026-12-30`),
    );
    expect(await worklist(w.officerA, 'date=2027-01-20&step=collection_file')).toEqual([]);
    expect(await worklist(w.officerA, 'date=2027-01-20&step=collection_demand')).toHaveLength(4);

    await onDay('2027-01-20');

    const again = await w.officerA.post('/api/v1/collection-file', { date: '2027-01-20' });
    expect(again.body.replace(/^\ufeff/, '').trim().split(/\r\n/)).toEqual(['kontraktsnummer;personnummer;namn;adress;belopp;forfallodatum']);
    // B's file holds B's tenant only.
    await onDay('2027-01-20');
    const bFile = await w.officerB.post('/api/v1/collection-file', { date: '2027-01-20' });
    expect(bFile.body).toContain('B-1;');
    expect(bFile.body).not.toContain('K-');
  });
});

// ---------------------------------------------------------------------------------------------

describe('the daily run', () => {
  let w: World;
  beforeAll(async () => {
    w = await world('2027-01-11T06:00:00+01:00');
  });
  afterAll(async () => w?.b.close());

  const itemCount = async () => (await w.b.db.query<{ n: number }>('select count(*)::int n from worklist_items'))[0]!.n;

  it('runs once per date: a second run for the same date adds nothing and says it already ran', async () => {
    const first = await runDaily(w.b.ctx, '2027-01-11');
    expect(first).toMatchObject({ alreadyRan: false, landlords: 2, inArrears: 5 });
    expect(first.newItems).toBeGreaterThanOrEqual(5);
    const n = await itemCount();
    const second = await runDaily(w.b.ctx, '2027-01-11');
    expect(second).toMatchObject({ alreadyRan: true, newItems: first.newItems, inArrears: 5 });
    expect(await itemCount()).toBe(n);
  });

  it('runs once even when two servers start it for the same date at the same moment', async () => {
    const before = await itemCount();
    const results = await Promise.all([runDaily(w.b.ctx, '2027-01-12'), runDaily(w.b.ctx, '2027-01-12'), runDaily(w.b.ctx, '2027-01-12')]);
    expect(results.filter((r) => !r.alreadyRan)).toHaveLength(1);
    const fresh = results.find((r) => !r.alreadyRan)!;
    expect(fresh.newItems).toBe(5); // the collection demand of A's four and B's one
    expect(await itemCount()).toBe(before + 5);
    const runs = await w.b.db.query<{ n: number }>("select count(*)::int n from job_runs where run_date = '2027-01-12'");
    expect(runs[0]!.n).toBe(1);
    const items = await worklist(w.officerA, 'date=2027-01-12');
    for (const c of UNPAID) expect(items.filter((i) => i.contract_number === c && i.step_key === 'collection_demand')).toHaveLength(1);
  });

  it('resolves the open items of a tenancy whose payment clears the debt, on the next run', async () => {
    await payment(w.officerA, 'K-2', '2027-01-13', '8 000,00', 'BET-K-2-SENT');
    await payment(w.officerA, 'K-5', '2027-01-13', '3 000,00', 'BET-K-5-DEL');
    const run = await runDaily(w.b.ctx, '2027-01-13');
    expect(run.resolvedItems).toBe(3); // K-2: collection file, demand, calls
    const items = await worklist(w.officerA, 'date=2027-01-13');
    expect(contractsOf(items)).toEqual(['K-1', 'K-3', 'K-5']);
    // A part payment leaves the tenancy listed with what is still owed.
    expect(itemOf(items, 'K-5', 'collection_demand')!.amount_owed).toBe(500000);
    const k2 = await w.b.db.query<{ status: string }>('select status from worklist_items where tenancy_id = $1', [w.ids['K-2']]);
    expect(k2.map((r) => r.status)).toEqual(['resolved', 'resolved', 'resolved']);
  });
});

// ---------------------------------------------------------------------------------------------

describe('outreach and promises to pay', () => {
  let w: World;
  beforeAll(async () => {
    w = await world('2027-01-12T09:00:00+01:00');
  });
  afterAll(async () => w?.b.close());

  const promise = (contract: string, itemId: number | null, extra: Record<string, unknown> = {}) =>
    w.officerA.post('/api/v1/outreach', {
      tenancyId: w.ids[contract],
      worklistItemId: itemId,
      kind: 'call',
      reached: true,
      partOfDay: 'morning',
      outcome: 'promise_to_pay',
      promiseAmount: RENT,
      promiseDate: '2027-01-15',
      note: 'Lovar att betala på fredag',
      ...extra,
    });
  const promiseStatus = async (contract: string) =>
    ((await w.officerA.get(`/api/v1/tenancies/${w.ids[contract]}/outreach`)).json() as { outreach: { promise_status: string | null }[] }).outreach.find(
      (o) => o.promise_status !== null,
    )?.promise_status;

  it('refuses an outreach log with a wrong field and names the field', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ promiseAmount: null }, /^promiseAmount:/],
      [{ promiseDate: '2027-01-10' }, /^promiseDate:/],
      [{ contactDate: '2027-01-13' }, /^contactDate:/],
      [{ reached: false }, /^outcome:/],
      [{ kind: 'telegram' }, /kind/],
      [{ tenancyId: w.ids['B-1'] }, /^tenancyId:/],
    ];
    for (const [change, message] of cases) {
      const res = await promise('K-1', null, change);
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect(res.json().error.message, JSON.stringify(change)).toMatch(message);
    }
    const items = await worklist(w.officerA, 'date=2027-01-12');
    const otherItem = itemOf(items, 'K-2', 'collection_file')!;
    const wrongItem = await promise('K-1', otherItem.id);
    expect(wrongItem.statusCode).toBe(400);
    expect(wrongItem.json().error.message).toMatch(/^worklistItemId:/);
    const logged = await w.b.db.query<{ n: number }>('select count(*)::int n from outreach');
    expect(logged[0]!.n).toBe(0);
  });

  it('pauses a tenancy with a promise until one bank day after the promised date', async () => {
    const items = await worklist(w.officerA, 'date=2027-01-12');
    for (const c of ['K-1', 'K-3']) {
      const res = await promise(c, itemOf(items, c, 'outreach_calls')!.id);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().pausedUntil).toBe('2027-01-18'); // Friday 15th + one bank day = Monday 18th
    }
    expect(contractsOf(await worklist(w.officerA, 'date=2027-01-12'))).toEqual(['K-2', 'K-5']);
    w.b.clock.set('2027-01-13T09:00:00+01:00');
    expect(contractsOf(await worklist(w.officerA, 'date=2027-01-13'))).toEqual(['K-2', 'K-5']);
    w.b.clock.set('2027-01-15T09:00:00+01:00');
    expect(contractsOf(await worklist(w.officerA, 'date=2027-01-15'))).toEqual(['K-2', 'K-5']);
    expect(await promiseStatus('K-1')).toBe('pending');
  });

  it('leaves a tenancy that promised to pay out of the collection file while the promise stands', async () => {
    // 15 January: K-1 and K-3 have promised to pay today; the worklist shows only K-2 and K-5 for the file.
    const shown = await worklist(w.officerA, 'date=2027-01-15&step=collection_file');
    expect(contractsOf(shown)).toEqual(['K-2', 'K-5']);
    await onDay('2027-01-15');
    const res = await w.officerA.post('/api/v1/collection-file', { date: '2027-01-15' });
    expect(res.statusCode).toBe(200);
    const contracts = res.body.replace(/^\ufeff/, '').trim().split(/\r\n/).slice(1).map((l) => l.split(';')[0]);
    expect(contracts, 'the collection file should hold what the worklist shows, not the tenants who promised to pay').toEqual(['K-2', 'K-5']);
  });

  it('brings a broken promise back marked, first in the list, and marks a kept one kept', async () => {
    await payment(w.officerA, 'K-3', '2027-01-14', '8 000,00', 'BET-K-3-LOFTE');
    w.b.clock.set('2027-01-18T07:00:00+01:00');
    const items = await worklist(w.officerA, 'date=2027-01-18');
    expect(contractsOf(items)).toEqual(['K-1', 'K-2', 'K-5']);
    const k1 = items.filter((i) => i.contract_number === 'K-1');
    expect(k1.length).toBeGreaterThan(0);
    for (const i of k1) {
      expect(i.broken_promise).toBe(true);
      expect(i.priority_reasons).toContain('broken_promise');
    }
    expect(items[0]!.contract_number).toBe('K-1');
    expect(items.filter((i) => i.contract_number !== 'K-1').every((i) => !i.broken_promise)).toBe(true);
    expect(await promiseStatus('K-1')).toBe('broken');
    expect(await promiseStatus('K-3')).toBe('kept');
  });
});

describe('a broken promise after every step so far was done', () => {
  let w: World;
  beforeAll(async () => {
    w = await world('2027-01-12T09:00:00+01:00');
  });
  afterAll(async () => w?.b.close());

  it('puts the tenancy back on the worklist, marked, when the pause ends', async () => {
    // K-2 on 12 January: the collection file went out, the demand was sent, and the call ended in a promise
    // to pay on the 13th. Nothing is paid.
    const items = await worklist(w.officerA, 'date=2027-01-12');
    const k2 = items.filter((i) => i.contract_number === 'K-2');
    expect(k2.map((i) => i.step_key).sort()).toEqual(['collection_demand', 'collection_file', 'outreach_calls']);
    const call = k2.find((i) => i.step_key === 'outreach_calls')!;
    const others = k2.filter((i) => i !== call).map((i) => i.id);
    expect((await w.officerA.post('/api/v1/worklist/done', { itemIds: others })).json().done).toBe(2);
    const res = await w.officerA.post('/api/v1/outreach', {
      tenancyId: w.ids['K-2'], worklistItemId: call.id, kind: 'call', reached: true,
      outcome: 'promise_to_pay', promiseAmount: RENT, promiseDate: '2027-01-13',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().pausedUntil).toBe('2027-01-14');
    w.b.clock.set('2027-01-13T09:00:00+01:00');
    expect(contractsOf(await worklist(w.officerA, 'date=2027-01-13'))).not.toContain('K-2');

    w.b.clock.set('2027-01-14T07:00:00+01:00');
    const after = await worklist(w.officerA, 'date=2027-01-14');
    const log = (await w.officerA.get(`/api/v1/tenancies/${w.ids['K-2']}/outreach`)).json() as { outreach: { promise_status: string | null }[] };
    expect(log.outreach[0]!.promise_status).toBe('broken');
    const back = after.filter((i) => i.contract_number === 'K-2');
    expect(back.length, 'K-2 broke its promise and should be back on the worklist on 2027-01-14').toBeGreaterThan(0);
    expect(back.every((i) => i.broken_promise)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

describe('the routine', () => {
  let w: World;
  let tmp: string;
  beforeAll(async () => {
    w = await world('2027-01-12T09:00:00+01:00');
    tmp = mkdtempSync(path.join(os.tmpdir(), 'bokvar-cli-'));
  });
  afterAll(async () => {
    await w?.b.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const MIMER_DATES = [
    { key: 'collection_file', date: '2027-01-11' },
    { key: 'collection_demand', date: '2027-01-12' },
    { key: 'outreach_calls', from: '2027-01-07', to: '2027-01-15' },
    { key: 'notice_to_social_services', date: '2027-01-19' },
  ];

  it('is the Mimer routine by default, with the other templates offered', async () => {
    const res = await w.officerA.get('/api/v1/routine');
    expect(res.statusCode).toBe(200);
    const { routine, templates } = res.json();
    expect(routine).toMatchObject({ isDefault: true, templateKey: 'mimer', name: expect.stringMatching(/Mimer/) });
    expect(routine.steps.map((s: { key: string; timing: unknown }) => [s.key, s.timing])).toEqual([
      ['collection_file', { kind: 'bank_day', day: 5 }],
      ['collection_demand', { kind: 'bank_day', day: 6 }],
      ['outreach_calls', { kind: 'window', from: 7, to: 17 }],
      ['notice_to_social_services', { kind: 'calendar_day', day: 20 }],
    ]);
    expect(templates.map((t: { key: string }) => t.key)).toEqual(expect.arrayContaining(['telge', 'nynashamn', 'sodertalje']));
  });

  it('previews the dates of each step for the rent of January 2027', async () => {
    const { routine } = (await w.officerA.get('/api/v1/routine')).json();
    const res = await w.officerA.post('/api/v1/routine/preview', { dueMonth: '2027-01', routine });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().dueDate).toBe('2026-12-30');
    expect(res.json().steps).toMatchObject(MIMER_DATES);
    const bad = await w.officerA.post('/api/v1/routine/preview', { dueMonth: '2027-13', routine });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^dueMonth:/);
  });

  it('prints the same preview from the command line', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, BOKVAR_DATA_DIR: tmp };
    delete env.DATABASE_URL;
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/bokvar.mjs', 'routine', 'preview', '--due-month', '2027-01', '--json'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env,
      timeout: 30_000,
    });
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toEqual({ dueDate: '2026-12-30', steps: MIMER_DATES });
  });

  it('refuses a collection officer who tries to change the routine', async () => {
    const telge = (await w.officerA.get('/api/v1/routine/templates/telge')).json().routine;
    const res = await w.officerA.put('/api/v1/routine', telge);
    expect(res.statusCode).toBe(403);
    expect((await w.officerA.get('/api/v1/routine')).json().routine.isDefault).toBe(true);
  });

  it('refuses an invalid routine naming the field', async () => {
    const { routine } = (await w.adminA.get('/api/v1/routine')).json();
    routine.steps[0] = { ...routine.steps[0], timing: { kind: 'window', from: 10, to: 5 } };
    const res = await w.adminA.put('/api/v1/routine', routine);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^steps\.0\.timing\.to:/);
    expect(res.json().error.details.fields[0].field).toBe('steps.0.timing.to');
    expect((await w.adminA.get('/api/v1/routine')).json().routine.isDefault).toBe(true);
  });

  it("saves an adopted template, and the next day's run follows it", async () => {
    // Day 1 on the default routine: collection demands go out for the young K-3 and the middle-aged K-2.
    const day1 = await worklist(w.officerA, 'date=2027-01-12');
    expect(day1.some((i) => i.step_key === 'young_tenant_contact')).toBe(false);
    const demands = ['K-2', 'K-3'].map((c) => itemOf(day1, c, 'collection_demand')!.id);
    expect((await w.officerA.post('/api/v1/worklist/done', { itemIds: demands })).json().done).toBe(2);

    // The admin adopts Telge's routine: contact every tenant of 25 or younger who has had a demand.
    const telge = (await w.adminA.get('/api/v1/routine/templates/telge')).json().routine;
    const put = await w.adminA.put('/api/v1/routine', telge);
    expect(put.statusCode, put.body).toBe(200);
    const saved = (await w.officerA.get('/api/v1/routine')).json().routine;
    expect(saved).toMatchObject({ isDefault: false, templateKey: 'telge' });
    expect(saved.steps.map((s: { key: string }) => s.key)).toContain('young_tenant_contact');

    const day2 = await worklist(w.officerA, 'date=2027-01-13');
    expect(day2.filter((i) => i.step_key === 'young_tenant_contact').map((i) => i.contract_number)).toEqual(['K-3']);
    // Landlord B keeps the default routine.
    expect((await worklist(w.officerB, 'date=2027-01-13')).some((i) => i.step_key === 'young_tenant_contact')).toBe(false);
  });
});
