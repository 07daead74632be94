import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildToken, buildUser, type Client, login, startTestBokvar, type TestBokvar, tokenClient } from '../support/app.ts';

let b: TestBokvar;
let officer: Client;
let tenancyId: string;

beforeAll(async () => {
  b = await startTestBokvar('2027-01-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Kommun', { municipalityCode: '0180' });
  const vard = await buildOrg(b.db, 'landlord', 'Värd AB', { municipalityId: kommun.id });
  officer = await login(b, (await buildUser(b.db, vard.id, 'collection_officer')).email);
  const token = await buildToken(b.db, vard.id);
  const system = tokenClient(b, token);
  const csv = `kontraktsnummer;adress;personnummer;namn;manadshyra;startdatum\nI-1;Idemgatan 1;${TEST_PERSONNUMMER[20]};Ida Test;8000;2020-01-01\n`;
  expect((await system.post('/api/v1/imports?kind=tenancies', csv, { 'content-type': 'text/csv' })).statusCode).toBe(200);
  const tx = 'kontraktsnummer;typ;datum;forfallodatum;belopp;referens\nI-1;avi;2026-12-01;2026-12-30;8000;I-A1\n';
  expect((await system.post('/api/v1/imports?kind=transactions', tx, { 'content-type': 'text/csv' })).statusCode).toBe(200);
  tenancyId = (await officer.get('/api/v1/tenancies?q=I-1')).json().tenancies[0].id;
});
afterAll(async () => b?.close());

describe('retried requests', () => {
  it('logs an outreach once when the same POST is sent twice with one Idempotency-Key', async () => {
    const body = { tenancyId, kind: 'call', reached: true, outcome: 'promise_to_pay', promiseAmount: 800000, promiseDate: '2027-01-20' };
    const first = await officer.post('/api/v1/outreach', body, { 'idempotency-key': 'retry-outreach-1' });
    const second = await officer.post('/api/v1/outreach', body, { 'idempotency-key': 'retry-outreach-1' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const rows = await b.db.query('select 1 from outreach where tenancy_id = $1', [tenancyId]);
    expect(rows).toHaveLength(1);
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
