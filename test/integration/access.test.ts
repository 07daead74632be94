import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkAuditChain, recordAudit, verifyAuditChain } from '../../src/access/audit.ts';
import { SYSTEM_ACTOR } from '../../src/access/model.ts';
import { permissionsFor } from '../../src/access/model.ts';
import { buildOrg, buildToken, buildUser, type Client, login, PASSWORD, startTestBokvar, type TestBokvar, tokenClient } from '../support/app.ts';

let b: TestBokvar;
let landlordId: string;
let adminEmail: string;
// One logged-in admin shared by the tests below: logins are rate-limited (10 a minute from one address).
let sharedAdmin: Client;

beforeAll(async () => {
  b = await startTestBokvar();
  const kommun = await buildOrg(b.db, 'municipality', 'Testkommun', { municipalityCode: '0180' });
  const landlord = await buildOrg(b.db, 'landlord', 'Testbostäder AB', { municipalityId: kommun.id, municipal: true });
  landlordId = landlord.id;
  adminEmail = (await buildUser(b.db, landlordId, 'admin')).email;
  sharedAdmin = await login(b, adminEmail);
});
afterAll(async () => b?.close());

describe('login and sessions', () => {
  it('logs in with e-mail and password, sets an httpOnly cookie and tells who I am', async () => {
    const res = await b.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: adminEmail.toUpperCase(), password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'bokvar_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const me = await b.app.inject({ method: 'GET', url: '/api/v1/session', cookies: { bokvar_session: cookie.value } });
    expect(me.json()).toMatchObject({ user: { email: adminEmail, role: 'admin' }, organisation: { id: landlordId, kind: 'landlord' } });
    expect(me.json().permissions).toContain('routine.edit');
  });

  it('refuses a wrong password and an unknown e-mail with the same message', async () => {
    const wrong = await b.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: adminEmail, password: 'fel-lösenord' } });
    const unknown = await b.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'ingen@example.se', password: 'fel-lösenord' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
  });

  it('stores only a hash of the session token and revokes it on logout', async () => {
    const client = await login(b, adminEmail);
    const token = client.cookie.split('=')[1]!;
    const rows = await b.db.query('select 1 from sessions where token_hash = $1', [token]);
    expect(rows).toHaveLength(0);
    expect((await client.delete('/api/v1/session')).statusCode).toBe(200);
    expect((await client.get('/api/v1/session')).statusCode).toBe(401);
  });

  it('refuses a state change from a cookie session without the CSRF token', async () => {
    const client = await login(b, adminEmail);
    const res = await b.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie: client.cookie }, payload: { name: 'x' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf');
    expect((await client.post('/api/v1/tokens', { name: 'Hyressystem' })).statusCode).toBe(201);
  });

  it('rate-limits login attempts', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await b.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'flood@example.se', password: 'x' }, remoteAddress: '10.9.9.9' });
      codes.push(res.statusCode);
    }
    expect(codes).toContain(429);
  });
});

describe('API tokens', () => {
  it('acts for its organisation and stops working when revoked', async () => {
    const admin = await login(b, adminEmail);
    const created = (await admin.post('/api/v1/tokens', { name: 'Ekonomisystem' })).json() as { id: string; token: string };
    const stored = await b.db.query<{ token_hash: string }>('select token_hash from api_tokens where id = $1', [created.id]);
    expect(stored[0]!.token_hash).not.toBe(created.token);
    const client = tokenClient(b, created.token);
    const me = (await client.get('/api/v1/session')).json();
    expect(me.organisation.id).toBe(landlordId);
    expect(me.permissions).toContain('ledger.import');
    expect(me.permissions).not.toContain('users.manage');
    await admin.delete(`/api/v1/tokens/${created.id}`);
    expect((await client.get('/api/v1/session')).statusCode).toBe(401);
  });

  it('notes when a token was last used, at most once a minute', async () => {
    const admin = sharedAdmin;
    const created = (await admin.post('/api/v1/tokens', { name: 'Reskontra' })).json() as { id: string; token: string };
    const lastUsed = async () =>
      (await b.db.query<{ last_used_at: Date | null }>('select last_used_at from api_tokens where id = $1', [created.id]))[0]!.last_used_at;
    expect(await lastUsed()).toBeNull();
    const client = tokenClient(b, created.token);
    expect((await client.get('/api/v1/session')).statusCode).toBe(200);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    expect((await client.get('/api/v1/session')).statusCode).toBe(200);
    expect((await lastUsed())?.getTime()).toBe(first!.getTime());
    // A minute later the next use is noted again.
    await b.db.query("update api_tokens set last_used_at = now() - interval '2 minutes' where id = $1", [created.id]);
    const aged = await lastUsed();
    await client.get('/api/v1/session');
    expect((await lastUsed())!.getTime()).toBeGreaterThan(aged!.getTime());
    const listed = (await admin.get('/api/v1/tokens')).json() as { tokens: { id: string; last_used_at: string | null }[] };
    expect(listed.tokens.find((t) => t.id === created.id)?.last_used_at).not.toBeNull();
  });

  it('reads the ledger, like the landlord staff who work with it', async () => {
    const token = await buildToken(b.db, landlordId);
    const me = (await tokenClient(b, token).get('/api/v1/session')).json();
    expect(me.permissions).toContain('ledger.read');
    expect(me.permissions).not.toContain('audit.read');
  });

  it('refuses a made-up token', async () => {
    const res = await tokenClient(b, 'bkv_nonsense').get('/api/v1/session');
    expect(res.statusCode).toBe(401);
  });

  it('is for a system: a landlord token keeps the ledger but reads no shared case; a municipality has none', async () => {
    const token = tokenClient(b, await buildToken(b.db, landlordId));
    const me = (await token.get('/api/v1/session')).json();
    expect(me.permissions).toEqual(expect.arrayContaining(['ledger.import', 'worklist.read']));
    for (const p of ['case.shared', 'referral.create', 'case.read']) expect(me.permissions).not.toContain(p);
    expect((await token.get('/api/v1/shared-cases')).statusCode).toBe(403);

    const kommun = await buildOrg(b.db, 'municipality', 'Nyckelkommun', { municipalityCode: '1980' });
    const kommunAdmin = await login(b, (await buildUser(b.db, kommun.id, 'admin')).email);
    const refused = await kommunAdmin.post('/api/v1/tokens', { name: 'Verksamhetssystem' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('forbidden');
    // Nor can a system act for it (the rule holds below the route as well).
    await expect(buildToken(b.db, kommun.id)).rejects.toMatchObject({ status: 403, code: 'no_tokens' });
    // A municipality token made before this rule reads no case file.
    const legacy = 'bkv_gammal-kommun-nyckel-0123456789abcdefghijklmnop';
    await b.db.query("insert into api_tokens (org_id, name, token_hash) values ($1, 'Gammal', encode(sha256(convert_to($2, 'UTF8')), 'hex'))", [kommun.id, legacy]);
    const old = tokenClient(b, legacy);
    expect((await old.get('/api/v1/session')).statusCode).toBe(200);
    for (const url of ['/api/v1/cases', '/api/v1/inbox', '/api/v1/tasks']) expect((await old.get(url)).statusCode, url).toBe(403);
  });

  it('does not let a token manage users', async () => {
    const token = await buildToken(b.db, landlordId);
    expect((await tokenClient(b, token).get('/api/v1/users')).statusCode).toBe(403);
  });
});

describe('roles', () => {
  it('refuses a caretaker the user administration', async () => {
    const caretaker = await buildUser(b.db, landlordId, 'caretaker');
    const client = await login(b, caretaker.email);
    expect((await client.get('/api/v1/users')).statusCode).toBe(403);
  });

  it('grants ledger.read to the landlord staff who work with the ledger, not to the caretaker or the auditor', () => {
    for (const [role, reads] of [
      ['admin', true],
      ['collection_officer', true],
      ['housing_social_coordinator', true],
      ['caretaker', false],
      ['auditor', false],
    ] as const) {
      expect(permissionsFor('landlord', role).has('ledger.read'), role).toBe(reads);
    }
  });

  it('lists the users of the own organisation with the roles of its kind', async () => {
    const admin = sharedAdmin;
    const res = (await admin.get('/api/v1/users')).json() as { users: { email: string; org_id: string }[]; roles: string[] };
    expect(res.roles).toEqual(['admin', 'collection_officer', 'housing_social_coordinator', 'caretaker', 'management', 'auditor']);
    expect(res.users.map((u) => u.email)).toContain(adminEmail);
    expect(res.users.every((u) => u.org_id === landlordId)).toBe(true);
    expect(JSON.stringify(res)).not.toContain('password');
  });

  it('refuses a role that does not belong to the organisation kind, naming the field', async () => {
    const admin = sharedAdmin;
    const res = await admin.post('/api/v1/users', { email: 'ny@example.se', password: 'långt-lösenord-1', role: 'social_worker' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^role:/);
  });
});

describe('the HTTP surface', () => {
  it('serves health and OpenAPI without login, with security headers', async () => {
    const health = await b.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.json()).toMatchObject({ status: 'ok' });
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['content-security-policy']).toContain("default-src 'self'");
    const openapi = await b.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(openapi.json().paths['/api/v1/session']).toBeDefined();
  });

  it('answers a malformed body with the field named and no stack trace', async () => {
    const res = await b.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'a@b.se' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('password');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('audit chain', () => {
  it('links rows written by many transactions at once into one gapless chain, in the order they committed', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        b.db.transaction((tx) => recordAudit(tx, SYSTEM_ACTOR, { action: 'audit.read', subjectType: 'test', subjectId: String(i) })),
      ),
    );
    await linkAuditChain(b.db);
    const rows = await b.db.query<{ id: number; chain_seq: number | null }>('select id, chain_seq from audit_log order by chain_seq');
    expect(rows.every((r) => r.chain_seq !== null)).toBe(true);
    expect(rows.map((r) => r.chain_seq)).toEqual(rows.map((_, i) => i + 1));
    const result = await verifyAuditChain(b.db);
    expect(result).toMatchObject({ ok: true, rows: rows.length, unlinked: 0 });
  });

  it('lets a row be linked once and never rewritten, removed or linked with other content', async () => {
    await b.db.transaction((tx) => recordAudit(tx, SYSTEM_ACTOR, { action: 'audit.read', subjectType: 'test', subjectId: 'unlinked' }));
    const [row] = await b.db.query<{ id: number; chain_seq: number | null; hash: string | null }>(
      "select id, chain_seq, hash from audit_log where subject_type = 'test' and subject_id = 'unlinked'",
    );
    expect(row).toMatchObject({ chain_seq: null, hash: null });
    // Unlinked, it still cannot be removed, nor "linked" with a changed text.
    await expect(b.db.query('delete from audit_log where id = $1', [row!.id])).rejects.toThrow(/append-only/);
    await expect(
      b.db.query("update audit_log set reason = 'annat', chain_seq = 999999, prev_hash = 'x', hash = 'y' where id = $1", [row!.id]),
    ).rejects.toThrow(/append-only/);
    expect(await linkAuditChain(b.db)).toBeGreaterThanOrEqual(1);
    const [linked] = await b.db.query<{ chain_seq: number; hash: string }>('select chain_seq, hash from audit_log where id = $1', [row!.id]);
    expect(linked!.hash).toMatch(/^[0-9a-f]{64}$/);
    await expect(b.db.query('update audit_log set chain_seq = chain_seq + 1000 where id = $1', [row!.id])).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(b.db)).ok).toBe(true);
  });
  it('records logins and is verified whole; a changed row is reported', async () => {
    const before = await verifyAuditChain(b.db);
    expect(before.ok).toBe(true);
    expect(before.rows).toBeGreaterThan(3);
    const logins = await b.db.query<{ n: number }>("select count(*)::int n from audit_log where action = 'session.create'");
    expect(logins[0]!.n).toBeGreaterThan(0);
    await expect(b.db.query("update audit_log set reason = 'ändrad' where id = 2")).rejects.toThrow(/append-only/);
    await b.db.query('alter table audit_log disable trigger audit_log_no_update');
    await b.db.query("update audit_log set reason = 'ändrad' where id = 2");
    await b.db.query('alter table audit_log enable trigger audit_log_no_update');
    const after = await verifyAuditChain(b.db);
    expect(after.ok).toBe(false);
    expect(after.firstBroken).toEqual({ id: 2, problem: 'raden har ändrats' });
  });

});

