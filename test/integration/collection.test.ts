// The collection routine as a landlord's officer meets it: the morning worklist counted in Swedish
// bank days, the daily run, promises to pay, bulk SMS, the collection file and the routine itself
// (issue 2 §4; domain section 2). January 2027's rent falls due on Wednesday 30 December 2026; with
// nyårsafton, nyårsdagen and trettondedag jul the Mimer routine then gives: collection file
// 2027-01-11 (5th bank day), collection demand 2027-01-12, calls 2027-01-07–2027-01-15, notice to the
// social welfare board 2027-01-19 (day 20).
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, login } from '../support/app.ts';
import {
  A, CSV, contractsOf, itemOf, itemsOf, onDay, type Page, RENT, stepsOf, type Tenant, tenanciesCsv, UNPAID, type World, world, worklist,
} from '../support/collection-world.ts';

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
