// Sessions end when left unused (issue 12 §21): after 30 minutes in social services by default, 4 hours
// at a landlord, or what the organisation's administrator sets; and a user sees their own sessions and
// ends any of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, PASSWORD, startTestBokvar, type TestBokvar } from '../support/app.ts';

let b: TestBokvar;
let kommun: string;
let vard: string;

/** A raw login (no re-login when the clock moves, unlike the test clients). */
async function session(email: string, userAgent = 'Mozilla/5.0 (Testdator)') {
  const res = await b.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: PASSWORD }, headers: { 'user-agent': userAgent } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  const send = (method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    b.app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, ...(payload ? { payload } : {}) });
  return { get: (url: string) => send('GET', url), put: (url: string, p: object) => send('PUT', url, p), del: (url: string) => send('DELETE', url) };
}
const at = (iso: string) => b.clock.set(iso);

beforeAll(async () => {
  b = await startTestBokvar('2027-04-01T08:00:00+02:00');
  kommun = (await buildOrg(b.db, 'municipality', 'Sessionskommun', { municipalityCode: '1980' })).id;
  vard = (await buildOrg(b.db, 'landlord', 'Sessionsbostäder AB', { municipalityId: kommun })).id;
});
afterAll(async () => b?.close());

describe('a session left unused', () => {
  it("ends after 30 minutes in social services; used, it goes on; a landlord's lasts four hours", async () => {
    at('2027-04-01T08:00:00+02:00');
    const worker = await session((await buildUser(b.db, kommun, 'social_worker')).email);
    const officer = await session((await buildUser(b.db, vard, 'collection_officer')).email);
    at('2027-04-01T08:25:00+02:00');
    expect((await worker.get('/api/v1/session')).statusCode).toBe(200);
    at('2027-04-01T08:50:00+02:00'); // 25 minutes after its last use
    expect((await worker.get('/api/v1/session')).statusCode).toBe(200);
    at('2027-04-01T09:21:00+02:00'); // 31 minutes unused
    expect((await worker.get('/api/v1/session')).statusCode).toBe(401);
    expect((await officer.get('/api/v1/session')).statusCode).toBe(200);
    at('2027-04-01T13:22:00+02:00');
    expect((await officer.get('/api/v1/session')).statusCode).toBe(401);
  });

  it("ends after the time the organisation's administrator sets, within 5 minutes to a day", async () => {
    at('2027-04-02T08:00:00+02:00');
    const admin = await session((await buildUser(b.db, vard, 'admin')).email);
    expect((await admin.put('/api/v1/organisation/session-idle', { minutes: 2 })).statusCode).toBe(400);
    const set = await admin.put('/api/v1/organisation/session-idle', { minutes: 10 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ minutes: 10 });
    expect((await admin.get('/api/v1/users')).json().sessionIdleMinutes).toBe(10);
    const officer = await session((await buildUser(b.db, vard, 'collection_officer')).email);
    at('2027-04-02T08:11:00+02:00');
    expect((await officer.get('/api/v1/session')).statusCode).toBe(401);
  });
});

describe("one's own sessions", () => {
  it('are listed with their browser and last use, and one ended elsewhere stops at once; another’s cannot be ended', async () => {
    at('2027-04-03T08:00:00+02:00');
    const { email } = await buildUser(b.db, kommun, 'social_worker');
    const laptop = await session(email, 'Mozilla/5.0 (Bärbar dator)');
    const phone = await session(email, 'Mozilla/5.0 (Telefon)');
    const mine = (await laptop.get('/api/v1/sessions')).json().sessions as { id: string; userAgent: string; current: boolean }[];
    expect(mine.map((s) => [s.userAgent, s.current]).sort()).toEqual([['Mozilla/5.0 (Bärbar dator)', true], ['Mozilla/5.0 (Telefon)', false]]);
    const other = mine.find((s) => !s.current)!;
    const colleague = await session((await buildUser(b.db, kommun, 'social_worker')).email);
    expect((await colleague.del(`/api/v1/sessions/${other.id}`)).statusCode).toBe(404);
    expect((await phone.get('/api/v1/session')).statusCode).toBe(200);
    expect((await laptop.del(`/api/v1/sessions/${other.id}`)).statusCode).toBe(200);
    expect((await phone.get('/api/v1/session')).statusCode).toBe(401);
    expect(((await laptop.get('/api/v1/sessions')).json().sessions as unknown[]).length).toBe(1);
  });
});
