import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import { type OrgKind, SYSTEM_ACTOR } from '../../src/access/model.ts';
import { createApiToken, createOrganisation, createUser } from '../../src/access/service.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { type Database, openPglite, openPostgres } from '../../src/platform/database.ts';
import { type Bokvar, createBokvar } from '../../src/platform/server.ts';
import type { SmsProvider } from '../../src/messaging/model.ts';
import { SESSION_IDLE_LIMITS } from '../../src/access/model.ts';

/** The engine the integration suite runs on: `pglite` (default) or a postgres:// URL of a throwaway server. */
export const TEST_DATABASE = process.env.BOKVAR_TEST_DATABASE ?? 'pglite';

/** A new, empty database on the test PostgreSQL server: its URL, and how to drop it afterwards. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `bokvar_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: TEST_DATABASE });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** A fresh, empty database: in-memory PGlite, or a new database on the test PostgreSQL server. */
export async function freshDatabase(): Promise<{ db: Database; drop(): Promise<void> }> {
  if (TEST_DATABASE === 'pglite') {
    const db = await openPglite(undefined);
    return { db, drop: () => db.close() };
  }
  const fresh = await freshPostgresDatabase();
  const db = await openPostgres(fresh.url);
  return {
    db,
    drop: async () => {
      await db.close();
      await fresh.drop();
    },
  };
}

export interface SentSms {
  from: string;
  to: string;
  body: string;
}

export interface TestBokvar extends Bokvar {
  db: Database;
  clock: ReturnType<typeof fixedClock>;
  sent: SentSms[];
}

/** Bokvar on a fresh database, a controllable clock and an SMS provider that records what it sends. */
export async function startTestBokvar(now = '2027-01-15T08:00:00+01:00'): Promise<TestBokvar> {
  const { db, drop } = await freshDatabase();
  const clock = fixedClock(now);
  const sent: SentSms[] = [];
  const sms: SmsProvider = {
    name: 'test',
    send: async (m) => {
      sent.push(m);
      return { providerMessageId: `test-${sent.length}` };
    },
  };
  // No anchor file: each test's database is its own (audit-anchor tests set one).
  const config = { ...loadConfig({}), databaseUrl: null, jobs: false, auditAnchor: { file: null, key: null }, strictAnswers: true };
  const bokvar = await createBokvar(config, { db, clock, sms });
  return {
    ...bokvar,
    db,
    clock,
    sent,
    close: async () => {
      await bokvar.close();
      await drop();
    },
  };
}

export const PASSWORD = 'korrekt-häst-batteri';

/** Test factories: an organisation with one user of a role, logged in. */
export async function buildOrg(db: Database, kind: OrgKind, name: string, extra: { municipalityId?: string; municipalityCode?: string; municipal?: boolean } = {}) {
  return createOrganisation(db, SYSTEM_ACTOR, { kind, name, phone: '08-123 456 78', ...extra });
}

export async function buildUser(db: Database, orgId: string, role: string, email = `${role}.${randomBytes(3).toString('hex')}@example.se`) {
  const id = await createUser(db, SYSTEM_ACTOR, { orgId, email, password: PASSWORD, role, name: `Test ${role}` });
  return { id, email };
}

export async function buildToken(db: Database, orgId: string): Promise<string> {
  return (await createApiToken(db, SYSTEM_ACTOR, { orgId, name: 'test' })).token;
}

/** A logged-in browser-like client: cookie plus CSRF header on every request. */
export interface Client {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  csrfToken: string;
  cookie: string;
}

/**
 * A user's login. When the test moves the clock past the shortest idle time (SESSION_IDLE_LIMITS) since
 * the client was last used, the user logs in again first, as someone coming back the next day would:
 * tests of days passing are not tests of sessions (those are in login.test.ts and sessions.test.ts).
 */
let logins = 0;

export async function login(bokvar: Bokvar, email: string, password = PASSWORD): Promise<Client> {
  const session = async () => {
    // Each login from an address of its own: a suite logs in far more often than the per-address limit allows one office.
    logins++;
    const remoteAddress = `127.${(logins >> 16) & 255}.${(logins >> 8) & 255}.${logins & 255}`;
    const res = await bokvar.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password }, remoteAddress });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return { cookie, csrfToken: (res.json() as { csrfToken: string }).csrfToken };
  };
  let current = await session();
  let lastUsed = bokvar.ctx.clock.now().getTime();
  const client = clientWith(bokvar, () => ({ cookie: current.cookie, 'x-csrf-token': current.csrfToken }), current.csrfToken, current.cookie, async () => {
    const now = bokvar.ctx.clock.now().getTime();
    if (now - lastUsed >= SESSION_IDLE_LIMITS.min * 60_000) {
      current = await session();
      client.csrfToken = current.csrfToken;
      client.cookie = current.cookie;
    }
    lastUsed = now;
  });
  return client;
}

export function tokenClient(bokvar: Bokvar, token: string): Client {
  return clientWith(bokvar, () => ({ authorization: `Bearer ${token}` }), '', '');
}

function clientWith(bokvar: Bokvar, base: () => Record<string, string>, csrfToken: string, cookie: string, before: () => Promise<void> = async () => undefined): Client {
  const send = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) => {
    await before();
    return bokvar.app.inject({
      method,
      url,
      headers: { ...base(), ...headers },
      ...(body === undefined ? {} : typeof body === 'string' || Buffer.isBuffer(body) ? { payload: body } : { payload: body as object }),
    });
  };
  return {
    get: (url) => send('GET', url),
    post: (url, body, headers) => send('POST', url, body, headers),
    put: (url, body) => send('PUT', url, body),
    delete: (url) => send('DELETE', url),
    csrfToken,
    cookie,
  };
}
