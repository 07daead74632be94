import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Database, Queryable } from '../platform/database.ts';
import { AppError, forbidden, invalidField, notFound } from '../platform/errors.ts';
import { recordAudit } from './audit.ts';
import { type Actor, type OrgKind, type Role, isRoleOf, permissionsFor, ROLES_BY_KIND, SESSION_IDLE_LIMITS, SYSTEM_ACTOR, tokenPermissions } from './model.ts';
import { assertCan, assertOwnOrganisation } from './policy.ts';
import { accessStore, type Organisation } from './store.ts';
import { loginWaitMs, passwordProblem } from './passwords.ts';

export const SESSION_DAYS = 7;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function randomToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

// Argon2id with the library's defaults (OWASP: m ≥ 19 MiB, t ≥ 2).
export const hashPassword = (password: string) => argonHash(password);

// Verified against in place of accounts the address does not have, so every login takes as long.
let dummyHash: Promise<string> | null = null;
/** Hashes checked at every login: as many as the most organisations one address is expected in. */
const LOGIN_HASHES = 3;

export interface NewOrganisation {
  kind: OrgKind;
  name: string;
  municipal?: boolean;
  municipalityId?: string | null;
  municipalityCode?: string | null;
  phone?: string | null;
  email?: string | null;
}

export async function createOrganisation(db: Database, actor: Actor, input: NewOrganisation): Promise<Organisation> {
  if (!input.name.trim()) throw invalidField('name', 'Namnet får inte vara tomt');
  if (input.kind === 'municipality' && input.municipalityCode && !/^\d{4}$/.test(input.municipalityCode))
    throw invalidField('municipalityCode', 'Kommunkoden ska vara fyra siffror');
  return db.transaction(async (tx) => {
    if (input.municipalityId) {
      const m = await accessStore.organisation(tx, input.municipalityId);
      if (m?.kind !== 'municipality') throw invalidField('municipality', 'Ingen kommun med det id:t');
    }
    const org = await accessStore.insertOrganisation(tx, {
      kind: input.kind,
      name: input.name.trim(),
      municipal: input.municipal ?? false,
      municipalityId: input.municipalityId ?? null,
      municipalityCode: input.kind === 'municipality' ? (input.municipalityCode ?? null) : null,
      phone: input.phone ?? null,
      email: input.email ?? null,
    });
    await recordAudit(tx, actor, { action: 'organisation.create', subjectType: 'organisation', subjectId: org.id });
    return org;
  });
}

export async function createUser(
  db: Database,
  actor: Actor,
  input: { orgId: string; email: string; password: string; role: string; name?: string; demoPassword?: boolean },
): Promise<string> {
  if (actor.kind !== 'system') assertCan(actor, 'users.manage');
  assertOwnOrganisation(actor, input.orgId);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email.trim())) throw invalidField('email', 'Ogiltig e-postadress');
  // The demo's shared password (README) is the one exception, and only for the demo seed.
  const weak = input.demoPassword ? null : await passwordProblem(input.password, { email: input.email, name: input.name });
  if (weak) throw invalidField('password', weak);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const org = await accessStore.organisation(tx, input.orgId);
    if (!org) throw invalidField('org', 'Ingen organisation med det id:t');
    if (!isRoleOf(org.kind, input.role))
      throw invalidField('role', `Rollen "${input.role}" finns inte för organisationstypen ${org.kind}`);
    // Only the own organisation's accounts are compared (issue 12 §14): another's stay untold.
    if (await accessStore.userOfOrgByEmail(tx, org.id, input.email)) throw invalidField('email', 'Det finns redan en användare med den e-postadressen i organisationen');
    const id = await accessStore.insertUser(tx, {
      orgId: org.id,
      email: input.email,
      name: input.name?.trim() || input.email.trim(),
      role: input.role,
      passwordHash,
    });
    await recordAudit(tx, actor, { action: 'user.create', subjectType: 'user', subjectId: id });
    return id;
  });
}

/** The organisation an administrator or auditor works in; refused for anyone acting for no organisation. */
function ownOrganisation(actor: Actor): { orgId: string; orgKind: OrgKind } {
  if (!actor.orgId || !actor.orgKind) throw forbidden();
  return { orgId: actor.orgId, orgKind: actor.orgKind };
}

/** The users of the admin's own organisation and the roles that organisation kind has. */
export async function listUsers(db: Database, actor: Actor) {
  assertCan(actor, 'users.manage');
  const { orgId, orgKind } = ownOrganisation(actor);
  // Colleagues' names and e-mail addresses are personal data too: the read is logged.
  return db.transaction(async (tx) => {
    const users = await accessStore.usersOfOrg(tx, orgId);
    await recordAudit(tx, actor, { action: 'user.list', subjectType: 'user', reason: 'Användare', details: { users: users.map((u) => u.id) } });
    return { users, roles: ROLES_BY_KIND[orgKind], sessionIdleMinutes: await accessStore.sessionIdle(tx, orgId) };
  });
}

/** The user's own sessions in force: when each began and was last used, from which browser, which is this one. */
export async function ownSessions(db: Database, actor: SessionActor, now: Date) {
  const rows = await accessStore.sessionsOfUser(db, actor.userId!, now);
  return rows.map((s) => ({ id: s.id, createdAt: s.created_at.toISOString(), lastSeenAt: s.last_seen_at.toISOString(), userAgent: s.user_agent, current: s.id === actor.sessionId }));
}

/** Ends one of the user's own sessions (a browser left logged in elsewhere); another's answers 404. */
export async function endOwnSession(db: Database, actor: SessionActor, sessionId: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    if (!(await accessStore.revokeOwnSession(tx, actor.userId!, sessionId, now))) throw notFound('Ingen sådan inloggning');
    await recordAudit(tx, actor, { action: 'session.end', subjectType: 'session', subjectId: sessionId });
  });
}

/** The administrator sets how long a session may go unused in the organisation (null: the kind's default). */
export async function setSessionIdle(db: Database, actor: Actor, minutes: number | null): Promise<{ minutes: number }> {
  assertCan(actor, 'users.manage');
  const { orgId } = ownOrganisation(actor);
  if (minutes !== null && (!Number.isInteger(minutes) || minutes < SESSION_IDLE_LIMITS.min || minutes > SESSION_IDLE_LIMITS.max))
    throw invalidField('minutes', `Mellan ${SESSION_IDLE_LIMITS.min} och ${SESSION_IDLE_LIMITS.max} minuter`);
  await db.transaction(async (tx) => {
    await accessStore.setSessionIdle(tx, orgId, minutes);
    await recordAudit(tx, actor, { action: 'organisation.session_idle', subjectType: 'organisation', subjectId: orgId, details: { minutes } });
  });
  return { minutes: await accessStore.sessionIdle(db, orgId) };
}

/**
 * Disables a user of the admin's own organisation: the account can no longer log in and every open
 * session ends at once. Another organisation's user answers 404; nobody disables themself.
 */
export async function disableUser(db: Database, actor: Actor, userId: string, now: Date): Promise<{ id: string; disabledAt: Date }> {
  assertCan(actor, 'users.manage');
  const { orgId } = ownOrganisation(actor);
  if (userId === actor.userId) throw new AppError(409, 'own_account', 'Du kan inte stänga av ditt eget konto');
  return db.transaction(async (tx) => {
    const user = await accessStore.userOfOrg(tx, orgId, userId);
    if (!user) throw notFound('Användaren finns inte');
    const changed = await accessStore.disableUser(tx, orgId, userId, now);
    const sessionsRevoked = await accessStore.revokeSessionsOfUser(tx, userId, now);
    if (changed || sessionsRevoked > 0) {
      await recordAudit(tx, actor, { action: 'user.disable', subjectType: 'user', subjectId: userId, details: { sessionsRevoked } });
    }
    return { id: userId, disabledAt: changed ? now : (user.disabled_at ?? now) };
  });
}

/** Gives a user of the admin's own organisation another role of that organisation kind. */
export async function changeUserRole(db: Database, actor: Actor, userId: string, role: string): Promise<{ id: string; role: Role }> {
  assertCan(actor, 'users.manage');
  const { orgId, orgKind } = ownOrganisation(actor);
  if (!isRoleOf(orgKind, role)) throw invalidField('role', `Rollen "${role}" finns inte för organisationstypen ${orgKind}`);
  // An admin who took away their own rights could leave the organisation without an administrator.
  if (userId === actor.userId) throw new AppError(409, 'own_account', 'Du kan inte ändra din egen roll');
  return db.transaction(async (tx) => {
    const user = await accessStore.userOfOrg(tx, orgId, userId);
    if (!user) throw notFound('Användaren finns inte');
    if (user.role !== role) {
      await accessStore.setRole(tx, orgId, userId, role);
      await recordAudit(tx, actor, { action: 'user.role', subjectType: 'user', subjectId: userId, details: { from: user.role, to: role } });
    }
    return { id: userId, role };
  });
}

/** The API tokens of the admin's own organisation (never the tokens themselves, only their names and dates). */
export async function listApiTokens(db: Database, actor: Actor) {
  assertCan(actor, 'tokens.manage');
  return accessStore.tokensOfOrg(db, ownOrganisation(actor).orgId);
}

/**
 * The latest events of the organisation's access log. Reading it is itself a read of personal data
 * (who read which tenant's file), so the read is logged in the same transaction.
 */
export async function readAuditLog(db: Database, actor: Actor, limit: number) {
  assertCan(actor, 'audit.read');
  const { orgId } = ownOrganisation(actor);
  return db.transaction(async (tx) => {
    const events = await accessStore.auditOfOrg(tx, orgId, limit);
    await recordAudit(tx, actor, {
      action: 'audit.read',
      subjectType: 'audit_log',
      subjectId: orgId,
      reason: 'Granskning av åtkomstloggen',
      details: { limit, rows: events.length },
    });
    return events;
  });
}

/** Creates an API token for a landlord system; returns the token once, only its hash is kept. */
export async function createApiToken(db: Database, actor: Actor, input: { orgId: string; name?: string }): Promise<{ id: string; token: string }> {
  if (actor.kind !== 'system') assertCan(actor, 'tokens.manage');
  assertOwnOrganisation(actor, input.orgId);
  const token = randomToken('bkv_');
  return db.transaction(async (tx) => {
    const org = await accessStore.organisation(tx, input.orgId);
    if (!org) throw invalidField('org', 'Ingen organisation med det id:t');
    if (tokenPermissions(org.kind).size === 0)
      throw new AppError(403, 'no_tokens', 'Kommunens ärenden läses och skrivs av namngivna personer; det finns inga API-nycklar för kommuner');
    const id = await accessStore.insertToken(tx, { orgId: org.id, name: input.name?.trim() || 'API', tokenHash: sha256(token) });
    await recordAudit(tx, actor, { action: 'token.create', subjectType: 'api_token', subjectId: id });
    return { id, token };
  });
}

export async function revokeApiToken(db: Database, actor: Actor, tokenId: string, now: Date): Promise<void> {
  assertCan(actor, 'tokens.manage');
  await db.transaction(async (tx) => {
    if (!(await accessStore.revokeToken(tx, actor.orgId!, tokenId, now))) throw notFound('Nyckeln finns inte');
    await recordAudit(tx, actor, { action: 'token.revoke', subjectType: 'api_token', subjectId: tokenId });
  });
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function login(
  db: Database, email: string, password: string, now: Date, userAgent: string | null = null, orgId: string | null = null,
): Promise<LoginResult> {
  // The back-off is per address, known or not (an unknown one waits the same), across servers.
  const key = sha256(email.trim().toLowerCase());
  const before = await accessStore.loginFailures(db, key);
  if (before) {
    const waitUntil = before.last_failed_at.getTime() + loginWaitMs(before.failures);
    if (now.getTime() < waitUntil) {
      const minutes = Math.ceil((waitUntil - now.getTime()) / 60_000);
      throw new AppError(429, 'login_backoff', `För många felaktiga försök med den e-postadressen. Vänta ${minutes} ${minutes === 1 ? 'minut' : 'minuter'} och försök igen.`);
    }
  }
  // One account per organisation may share the address (migration 0037); the password tells them
  // apart. Every login checks the same number of hashes (the accounts', then a stand-in's), so the
  // time it takes says neither whether the address is known nor in how many organisations.
  const accounts = (await accessStore.usersByEmail(db, email)).filter((u) => !u.disabled_at);
  const matching = [];
  for (const u of accounts) if (await argonVerify(u.password_hash, password).catch(() => false)) matching.push(u);
  for (let i = accounts.length; i < LOGIN_HASHES; i++) {
    dummyHash ??= hashPassword('not-a-password-anyone-has');
    await argonVerify(await dummyHash, password).catch(() => false);
  }
  const chosen = orgId ? matching.filter((u) => u.org_id === orgId) : matching;
  if (chosen.length === 0) {
    await accessStore.recordLoginFailure(db, key, now);
    throw new AppError(401, 'login_failed', 'Fel e-postadress eller lösenord');
  }
  // The same address and password in two organisations: the person chooses which to work in now.
  // Only someone holding the password of both learns of both.
  if (chosen.length > 1)
    throw new AppError(409, 'choose_organisation', 'Du har konton i flera organisationer. Välj vilken du loggar in i.', {
      organisations: chosen.map((u) => ({ id: u.org_id, name: u.org_name })),
    });
  const user = chosen[0]!;
  if (before) await accessStore.clearLoginFailures(db, key);
  const token = randomToken('');
  const csrfToken = randomToken('');
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await db.transaction(async (tx) => {
    const sessionId = await accessStore.insertSession(tx, { userId: user.id, tokenHash: sha256(token), csrfToken, expiresAt, at: now, userAgent: userAgent?.slice(0, 200) ?? null });
    await recordAudit(tx, userActor(user.id, user.org_id, null, null, user.role, user.name), {
      action: 'session.create',
      subjectType: 'session',
      subjectId: sessionId,
    });
  });
  return { token, csrfToken, expiresAt };
}

function userActor(userId: string, orgId: string, orgKind: OrgKind | null, orgName: string | null, role: Role, name: string): Actor {
  return {
    kind: 'user',
    userId,
    tokenId: null,
    orgId,
    orgKind,
    orgName,
    role,
    name,
    permissions: orgKind ? permissionsFor(orgKind, role) : new Set(),
  };
}

export interface SessionActor extends Actor {
  sessionId: string;
  csrfToken: string;
  email: string;
  locale: 'sv' | 'en';
}

export async function actorFromSession(db: Database, token: string, now: Date): Promise<SessionActor | null> {
  const tokenHash = sha256(token);
  const row = db.engine === 'pglite' ? await keptSession(db, tokenHash, now) : await accessStore.sessionByTokenHash(db, tokenHash, now);
  if (!row) return null;
  // Used now: written at most once a minute, so the idle time counts from the last use, not the login.
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await accessStore.touchSession(db, row.session_id, now);
    row.last_seen_at = now;
  }
  return {
    ...userActor(row.user_id, row.org_id, row.org_kind, row.org_name, row.role, row.user_name),
    sessionId: row.session_id,
    csrfToken: row.csrf_token,
    email: row.email,
    locale: row.locale,
  };
}

type SessionRow = NonNullable<Awaited<ReturnType<typeof accessStore.sessionByTokenHash>>>;

/**
 * The session behind a token hash on PGlite, looked up in the database once and then kept. PGlite's
 * data folder belongs to this process alone (the lock in database.ts), so what a lookup answered stays
 * true until this process changes sessions or users (accessStore.sessionChanges), the session expires,
 * or KEPT_SESSION_MS pass, whichever comes first. On PostgreSQL another server may revoke a session at
 * any moment, so there every request asks the database.
 */
async function keptSession(db: Database, tokenHash: string, now: Date): Promise<SessionRow | undefined> {
  let kept = keptSessions.get(db);
  if (!kept) keptSessions.set(db, (kept = new Map()));
  const entry = kept.get(tokenHash);
  const idle = (r: SessionRow) => now.getTime() - r.last_seen_at.getTime() >= r.idle_minutes * 60_000;
  if (entry && entry.changes === accessStore.sessionChanges() && now.getTime() - entry.keptAt < KEPT_SESSION_MS && entry.row.expires_at > now && !idle(entry.row)) {
    return entry.row;
  }
  const changes = accessStore.sessionChanges(); // before the lookup: a change while it runs makes the answer old at once
  const row = await accessStore.sessionByTokenHash(db, tokenHash, now);
  if (kept.size >= KEPT_SESSIONS_MAX) kept.clear();
  if (row) kept.set(tokenHash, { row, keptAt: now.getTime(), changes });
  else kept.delete(tokenHash);
  return row;
}

const keptSessions = new WeakMap<Database, Map<string, { row: SessionRow; keptAt: number; changes: number }>>();
const KEPT_SESSION_MS = 10_000;
const KEPT_SESSIONS_MAX = 10_000;

export async function actorFromApiToken(q: Queryable, token: string): Promise<Actor | null> {
  const row = await accessStore.tokenByHash(q, sha256(token));
  if (!row) return null;
  await accessStore.touchToken(q, row.token_id);
  return {
    kind: 'token',
    userId: null,
    tokenId: row.token_id,
    orgId: row.org_id,
    orgKind: row.org_kind,
    orgName: row.org_name,
    role: null,
    name: row.token_name,
    permissions: tokenPermissions(row.org_kind),
  };
}

export async function logout(db: Database, actor: SessionActor, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await accessStore.revokeSession(tx, actor.sessionId, now);
    await recordAudit(tx, actor, { action: 'session.revoke', subjectType: 'session', subjectId: actor.sessionId });
  });
}

export async function setLocale(db: Database, actor: Actor, locale: 'sv' | 'en'): Promise<void> {
  if (actor.userId) await accessStore.setLocale(db, actor.userId, locale);
}

export { SYSTEM_ACTOR };
