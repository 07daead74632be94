import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildToken, buildUser, type Client, login, startTestBokvar, type TestBokvar, tokenClient } from '../support/app.ts';

let b: TestBokvar;
let officer: Client;
let colleague: Client;
let tenancyId: string;

beforeAll(async () => {
  b = await startTestBokvar('2027-01-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Kommun', { municipalityCode: '0180' });
  const vard = await buildOrg(b.db, 'landlord', 'Värd AB', { municipalityId: kommun.id });
  officer = await login(b, (await buildUser(b.db, vard.id, 'collection_officer')).email);
  colleague = await login(b, (await buildUser(b.db, vard.id, 'collection_officer')).email);
  const token = await buildToken(b.db, vard.id);
  const system = tokenClient(b, token);
  const csv = `kontraktsnummer;adress;personnummer;namn;manadshyra;startdatum\nI-1;Idemgatan 1;${TEST_PERSONNUMMER[20]};Ida Test;8000;2020-01-01\n`;
  expect((await system.post('/api/v1/imports?kind=tenancies', csv, { 'content-type': 'text/csv' })).statusCode).toBe(200);
  const tx = 'kontraktsnummer;typ;datum;forfallodatum;belopp;referens\nI-1;avi;2026-12-01;2026-12-30;8000;I-A1\n';
  expect((await system.post('/api/v1/imports?kind=transactions', tx, { 'content-type': 'text/csv' })).statusCode).toBe(200);
  tenancyId = (await officer.get('/api/v1/tenancies?q=I-1')).json().tenancies[0].id;
});
afterAll(async () => b?.close());

const outreachCount = async () => (await b.db.query('select 1 from outreach where tenancy_id = $1', [tenancyId])).length;
const keyRows = (key: string) => b.db.query<{ status_code: number }>('select status_code from idempotency_keys where key = $1', [key]);

describe('retried requests', () => {
  it('logs an outreach once when the same POST is sent twice with one Idempotency-Key', async () => {
    const body = { tenancyId, kind: 'call', reached: true, outcome: 'promise_to_pay', promiseAmount: 800000, promiseDate: '2027-01-20' };
    const first = await officer.post('/api/v1/outreach', body, { 'idempotency-key': 'retry-outreach-1' });
    const second = await officer.post('/api/v1/outreach', body, { 'idempotency-key': 'retry-outreach-1' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await outreachCount()).toBe(1);
  });

  it('runs a retry that follows a CSRF failure once the token is sent', async () => {
    const body = { tenancyId, kind: 'call', reached: false, note: 'csrf' };
    const before = await outreachCount();
    const refused = await officer.post('/api/v1/outreach', body, { 'idempotency-key': 'retry-csrf', 'x-csrf-token': 'gammal' });
    expect(refused.statusCode).toBe(403);
    expect(await keyRows('retry-csrf')).toHaveLength(0);
    const retried = await officer.post('/api/v1/outreach', body, { 'idempotency-key': 'retry-csrf' });
    expect(retried.statusCode, retried.body).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(await outreachCount()).toBe(before + 1);
  });

  it('keeps no answer the handler refused, so a corrected retry with the same key runs', async () => {
    const before = await outreachCount();
    const bad = await officer.post('/api/v1/outreach', { tenancyId, kind: 'call', reached: true, outcome: 'promise_to_pay' }, { 'idempotency-key': 'retry-corrected' });
    expect(bad.statusCode).toBe(400);
    expect(await keyRows('retry-corrected')).toHaveLength(0);
    const invalid = await officer.post('/api/v1/outreach', { tenancyId, kind: 'fax', reached: true }, { 'idempotency-key': 'retry-corrected' });
    expect(invalid.statusCode).toBe(400);
    const good = await officer.post(
      '/api/v1/outreach',
      { tenancyId, kind: 'call', reached: true, outcome: 'promise_to_pay', promiseAmount: 100000, promiseDate: '2027-01-25' },
      { 'idempotency-key': 'retry-corrected' },
    );
    expect(good.statusCode, good.body).toBe(201);
    expect(good.headers['idempotent-replayed']).toBeUndefined();
    expect(await outreachCount()).toBe(before + 1);
    expect((await keyRows('retry-corrected')).map((r) => r.status_code)).toEqual([201]);
  });

  it('does the work once when two requests with one key arrive at the same time', async () => {
    const before = await outreachCount();
    const body = { tenancyId, kind: 'visit', reached: false, note: 'samtidigt' };
    const answers = await Promise.all([
      officer.post('/api/v1/outreach', body, { 'idempotency-key': 'retry-concurrent' }),
      officer.post('/api/v1/outreach', body, { 'idempotency-key': 'retry-concurrent' }),
    ]);
    const created = answers.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] === undefined);
    const others = answers.filter((r) => !created.includes(r));
    expect(created).toHaveLength(1);
    expect(others).toHaveLength(1);
    const other = others[0]!;
    if (other.statusCode === 409) expect(other.json().error.message).toBe('Idempotency-Key: en begäran med samma nyckel pågår');
    else {
      expect(other.statusCode).toBe(201);
      expect(other.headers['idempotent-replayed']).toBe('true');
    }
    expect(await outreachCount()).toBe(before + 1);
    // Once the first is done, a further retry is a replay.
    const again = await officer.post('/api/v1/outreach', body, { 'idempotency-key': 'retry-concurrent' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(created[0]!.json().id);
  });

  it("gives another user of the same organisation its own answer, never the first user's", async () => {
    const body = { tenancyId, kind: 'letter', reached: false, note: 'kollega' };
    const mine = await officer.post('/api/v1/outreach', body, { 'idempotency-key': 'retry-shared-key' });
    const theirs = await colleague.post('/api/v1/outreach', body, { 'idempotency-key': 'retry-shared-key' });
    expect(mine.statusCode).toBe(201);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().id).not.toBe(mine.json().id);
    expect(await keyRows('retry-shared-key')).toHaveLength(2);
  });

  it('refuses the same key with a different body', async () => {
    const first = await officer.post('/api/v1/outreach', { tenancyId, kind: 'sms', reached: false, note: 'ett' }, { 'idempotency-key': 'retry-body' });
    expect(first.statusCode).toBe(201);
    const before = await outreachCount();
    const res = await officer.post('/api/v1/outreach', { tenancyId, kind: 'sms', reached: false, note: 'två' }, { 'idempotency-key': 'retry-body' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toMatch(/^Idempotency-Key/);
    expect(await outreachCount()).toBe(before);
  });

  it('frees the key when the service throws after the key was reserved', async () => {
    const body = { tenancyId: '00000000-0000-4000-8000-000000000000', kind: 'call', reached: false };
    const res = await officer.post('/api/v1/outreach', body, { 'idempotency-key': 'retry-missing' });
    expect(res.statusCode, res.body).toBe(400); // thrown by logOutreach: no such tenancy
    expect(await keyRows('retry-missing')).toHaveLength(0);
  });

  it('refuses the same key for a different request', async () => {
    const res = await officer.post('/api/v1/worklist/done', { itemIds: [1] }, { 'idempotency-key': 'retry-outreach-1' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toMatch(/^Idempotency-Key/);
  });

  it('refuses a second notice for the same termination', async () => {
    const body = { tenancyId, reason: 'arrears', terminationDate: '2027-01-12', amountOwed: 800000 };
    expect((await officer.post('/api/v1/notices', body)).statusCode).toBe(201);
    const again = await officer.post('/api/v1/notices', body);
    expect(again.statusCode).toBe(409);
    expect((await b.db.query('select 1 from notices')).length).toBe(1);
  });
});
