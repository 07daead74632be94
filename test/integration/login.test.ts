// Logging in under attack (issue 12 §13): guessing is stopped per account, whichever addresses it comes
// from, while an office behind one address can still log in; passwords are checked against common and
// leaked ones and the user's own e-mail, with the same length limits at creation and at login.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, type Client, login, PASSWORD, startTestBokvar, type TestBokvar } from '../support/app.ts';

let b: TestBokvar;
let orgId: string;
let admin: Client;

const attempt = (email: string, password: string, address: string) =>
  b.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password }, remoteAddress: address });

beforeAll(async () => {
  b = await startTestBokvar('2027-03-01T09:00:00+01:00');
  orgId = (await buildOrg(b.db, 'municipality', 'Inloggningskommun', { municipalityCode: '1980' })).id;
  admin = await login(b, (await buildUser(b.db, orgId, 'admin')).email);
});
afterAll(async () => b?.close());

describe('guessing a password', () => {
  it('54 wrong passwords from six addresses, then the right one from a seventh: the account waits', async () => {
    const { email } = await buildUser(b.db, orgId, 'social_worker');
    const codes: number[] = [];
    for (let i = 0; i < 54; i++) codes.push((await attempt(email, `gissning-${i}`, `10.0.${i % 6}.1`)).statusCode);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5).every((c) => c === 429)).toBe(true);
    const right = await attempt(email, PASSWORD, '10.0.7.1');
    expect(right.statusCode).toBe(429);
    expect(right.json().error.message).toMatch(/^För många felaktiga försök med den e-postadressen\. Vänta \d+ minut/);

    // A minute later the user, not the attacker, gets in; and the count starts again.
    b.clock.set('2027-03-01T09:01:01+01:00');
    expect((await attempt(email, PASSWORD, '10.0.7.1')).statusCode).toBe(200);
    expect((await attempt(email, 'fel-igen-1', '10.0.7.1')).statusCode).toBe(401);
  });

  it('an address with no account waits the same, so the back-off tells nobody which addresses exist', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await attempt('finns.inte@example.se', `gissning-${i}`, '10.1.0.1')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('an office of thirty behind one address all log in within the minute', async () => {
    const users = await Promise.all(Array.from({ length: 30 }, () => buildUser(b.db, orgId, 'social_worker')));
    for (const u of users) expect((await attempt(u.email, PASSWORD, '192.0.2.10')).statusCode).toBe(200);
  });
});

describe('a new password', () => {
  it('is refused when common, repeated or the e-mail itself, and beyond the length login allows; a passphrase is taken', async () => {
    for (const password of ['aaaaaaaaaa', 'password12', 'qwertyuiop', 'ny.kollega@example.se', 'x'.repeat(1001)]) {
      const res = await admin.post('/api/v1/users', { email: 'ny.kollega@example.se', password, role: 'social_worker' });
      expect(res.statusCode, password.slice(0, 20)).toBe(400);
      expect(res.json().error.details.fields[0].field).toMatch(/password$/);
    }
    const res = await admin.post('/api/v1/users', { email: 'ny.kollega@example.se', password: 'blåbär-i-snö-vid-älven', role: 'social_worker' });
    expect(res.statusCode, res.body).toBe(201);
    expect((await attempt('ny.kollega@example.se', 'blåbär-i-snö-vid-älven', '10.2.0.1')).statusCode).toBe(200);
  });
});

describe('an e-mail address in another organisation (issue 12 §14)', () => {
  it('is never told to another admin; the person logs in to each by its own password, or chooses', async () => {
    const other = await buildOrg(b.db, 'landlord', 'Annan hyresvärd AB', { municipalityId: orgId });
    const email = `delad.${Date.now()}@example.se`;
    await buildUser(b.db, other.id, 'collection_officer', email);
    // The municipality's admin adds a user with the same address: created, with nothing said of the other.
    const created = await admin.post('/api/v1/users', { email: email.toUpperCase(), password: 'kommunens-eget-lösen-42', role: 'social_worker' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain('Annan hyresvärd');
    // Within one organisation an address is still one account, and saying so tells only of one's own.
    const again = await admin.post('/api/v1/users', { email, password: 'kommunens-eget-lösen-43', role: 'social_worker' });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.message).toBe('email: Det finns redan en användare med den e-postadressen i organisationen');

    const session = async (password: string, organisation?: string) => {
      const res = await b.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password, ...(organisation ? { organisation } : {}) }, remoteAddress: '10.4.0.1' });
      if (res.statusCode !== 200) return res;
      const cookie = res.cookies.find((c) => c.name === 'bokvar_session')!.value;
      return b.app.inject({ method: 'GET', url: '/api/v1/session', cookies: { bokvar_session: cookie } });
    };
    expect((await session(PASSWORD)).json().organisation.id).toBe(other.id);
    expect((await session('kommunens-eget-lösen-42')).json().organisation.id).toBe(orgId);

    // Both accounts with the same password: the one who holds it is asked which organisation.
    const third = await buildOrg(b.db, 'landlord', 'Tredje bostäder AB', { municipalityId: orgId });
    await buildUser(b.db, third.id, 'caretaker', email);
    const asked = await session(PASSWORD);
    expect(asked.statusCode).toBe(409);
    expect(asked.json().error).toMatchObject({
      code: 'choose_organisation',
      details: { organisations: [{ id: other.id, name: 'Annan hyresvärd AB' }, { id: third.id, name: 'Tredje bostäder AB' }] },
    });
    expect((await session(PASSWORD, third.id)).json()).toMatchObject({ organisation: { id: third.id }, user: { role: 'caretaker' } });
    // Choosing an organisation the password does not open is a wrong password, like any other.
    expect((await session(PASSWORD, orgId)).statusCode).toBe(401);
  });
});
