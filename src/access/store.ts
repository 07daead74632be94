import type { Queryable } from '../platform/database.ts';
import { type OrgKind, type Role, SESSION_IDLE_DEFAULTS } from './model.ts';

export interface Organisation {
  id: string;
  kind: OrgKind;
  name: string;
  municipal: boolean;
  municipality_id: string | null;
  municipality_code: string | null;
  phone: string | null;
  email: string | null;
}

export interface UserRow {
  id: string;
  org_id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  locale: 'sv' | 'en';
  disabled_at: Date | null;
}

/** The organisation's idle time in minutes (o: organisations), its kind's default when it set none. */
const IDLE_MINUTES_SQL = `coalesce(o.session_idle_minutes, case o.kind ${Object.entries(SESSION_IDLE_DEFAULTS).map(([kind, m]) => `when '${kind}' then ${Number(m)}`).join(' ')} end)`;

const ORG_COLUMNS = 'id, kind, name, municipal, municipality_id, municipality_code, phone, email';

/**
 * Counts changes to what a session lookup answers (a session revoked, a user disabled, a role or
 * language changed), counted before and after each, so a session kept from before a change is never
 * taken for current (service.ts actorFromSession). Every statement that changes sessions or users goes
 * through changingSessions.
 */
let sessionChanges = 0;

async function changingSessions<T>(write: () => Promise<T>): Promise<T> {
  sessionChanges++;
  try {
    return await write();
  } finally {
    sessionChanges++;
  }
}

export const accessStore = {
  /** See changingSessions. */
  sessionChanges(): number {
    return sessionChanges;
  },

  async insertOrganisation(
    q: Queryable,
    o: { kind: OrgKind; name: string; municipal: boolean; municipalityId: string | null; municipalityCode: string | null; phone: string | null; email: string | null },
  ): Promise<Organisation> {
    const [row] = await q.query<Organisation>(
      `insert into organisations (kind, name, municipal, municipality_id, municipality_code, phone, email)
       values ($1, $2, $3, $4, $5, $6, $7) returning ${ORG_COLUMNS}`,
      [o.kind, o.name, o.municipal, o.municipalityId, o.municipalityCode, o.phone, o.email],
    );
    return row!;
  },

  /** Failed logins in a row for an address (by its hash), and when the last one was. */
  async loginFailures(q: Queryable, emailSha256: string): Promise<{ failures: number; last_failed_at: Date } | undefined> {
    const [row] = await q.query<{ failures: number; last_failed_at: Date }>('select failures, last_failed_at from login_failures where email_sha256 = $1', [emailSha256]);
    return row;
  },

  async recordLoginFailure(q: Queryable, emailSha256: string, at: Date): Promise<void> {
    await q.query(
      `insert into login_failures (email_sha256, failures, last_failed_at) values ($1, 1, $2)
       on conflict (email_sha256) do update set failures = login_failures.failures + 1, last_failed_at = excluded.last_failed_at`,
      [emailSha256, at],
    );
  },

  async clearLoginFailures(q: Queryable, emailSha256: string): Promise<void> {
    await q.query('delete from login_failures where email_sha256 = $1', [emailSha256]);
  },

  async organisation(q: Queryable, id: string): Promise<Organisation | undefined> {
    const [row] = await q.query<Organisation>(`select ${ORG_COLUMNS} from organisations where id = $1`, [id]);
    return row;
  },

  async organisations(q: Queryable): Promise<Organisation[]> {
    return q.query<Organisation>(`select ${ORG_COLUMNS} from organisations order by kind, name`);
  },

  async municipalityByCode(q: Queryable, code: string): Promise<Organisation | undefined> {
    const [row] = await q.query<Organisation>(
      `select ${ORG_COLUMNS} from organisations where kind = 'municipality' and municipality_code = $1`,
      [code],
    );
    return row;
  },

  async insertArea(q: Queryable, municipalityId: string, name: string): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      'insert into city_areas (municipality_id, name) values ($1, $2) returning id',
      [municipalityId, name],
    );
    return row!.id;
  },

  async insertUser(
    q: Queryable,
    u: { orgId: string; email: string; name: string; role: Role; passwordHash: string },
  ): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      'insert into users (org_id, email, name, role, password_hash) values ($1, $2, $3, $4, $5) returning id',
      [u.orgId, u.email.trim(), u.name, u.role, u.passwordHash],
    );
    return row!.id;
  },

  /** The accounts with one e-mail address: one, or one per organisation the person works for. */
  async usersByEmail(q: Queryable, email: string): Promise<(UserRow & { org_name: string })[]> {
    return q.query(
      'select u.*, o.name as org_name from users u join organisations o on o.id = u.org_id where lower(u.email) = lower($1) order by o.name, u.id',
      [email.trim()],
    );
  },

  async userOfOrgByEmail(q: Queryable, orgId: string, email: string): Promise<{ id: string } | undefined> {
    const [row] = await q.query<{ id: string }>('select id from users where org_id = $1 and lower(email) = lower($2)', [orgId, email.trim()]);
    return row;
  },

  async usersOfOrg(q: Queryable, orgId: string): Promise<Omit<UserRow, 'password_hash'>[]> {
    return q.query('select id, org_id, email, name, role, locale, disabled_at from users where org_id = $1 order by name', [orgId]);
  },

  /** One user of an organisation; another organisation's user is not found. */
  async userOfOrg(q: Queryable, orgId: string, userId: string): Promise<Omit<UserRow, 'password_hash'> | undefined> {
    const [row] = await q.query<Omit<UserRow, 'password_hash'>>(
      'select id, org_id, email, name, role, locale, disabled_at from users where id = $1 and org_id = $2',
      [userId, orgId],
    );
    return row;
  },

  /** Sets disabled_at once; false when the user was already disabled. */
  async disableUser(q: Queryable, orgId: string, userId: string, now: Date): Promise<boolean> {
    const rows = await changingSessions(() =>
      q.query('update users set disabled_at = $3 where id = $1 and org_id = $2 and disabled_at is null returning id', [userId, orgId, now]),
    );
    return rows.length > 0;
  },

  async setRole(q: Queryable, orgId: string, userId: string, role: Role): Promise<void> {
    await changingSessions(() => q.query('update users set role = $3 where id = $1 and org_id = $2', [userId, orgId, role]));
  },

  async setLocale(q: Queryable, userId: string, locale: 'sv' | 'en'): Promise<void> {
    await changingSessions(() => q.query('update users set locale = $2 where id = $1', [userId, locale]));
  },

  async insertSession(q: Queryable, s: { userId: string; tokenHash: string; csrfToken: string; expiresAt: Date; at: Date; userAgent: string | null }): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      'insert into sessions (user_id, token_hash, csrf_token, expires_at, created_at, last_seen_at, user_agent) values ($1, $2, $3, $4, $5, $5, $6) returning id',
      [s.userId, s.tokenHash, s.csrfToken, s.expiresAt, s.at, s.userAgent],
    );
    return row!.id;
  },

  /** A session used now: it lives on until it has been unused for its organisation's idle time. */
  async touchSession(q: Queryable, sessionId: string, at: Date): Promise<void> {
    await q.query('update sessions set last_seen_at = $2 where id = $1 and last_seen_at < $2', [sessionId, at]);
  },

  /** A user's own sessions still in force, newest use first. */
  async sessionsOfUser(q: Queryable, userId: string, now: Date) {
    return q.query<{ id: string; created_at: Date; last_seen_at: Date; user_agent: string | null }>(
      `select s.id, s.created_at, s.last_seen_at, s.user_agent from sessions s join users u on u.id = s.user_id join organisations o on o.id = u.org_id
        where s.user_id = $1 and s.revoked_at is null and s.expires_at > $2 and s.last_seen_at > $2 - make_interval(mins => ${IDLE_MINUTES_SQL})
        order by s.last_seen_at desc`,
      [userId, now],
    );
  },

  /** Ends one of the user's own sessions; false when it is not theirs or already ended. */
  async revokeOwnSession(q: Queryable, userId: string, sessionId: string, now: Date): Promise<boolean> {
    const rows = await changingSessions(() =>
      q.query('update sessions set revoked_at = $3 where id = $2 and user_id = $1 and revoked_at is null returning id', [userId, sessionId, now]),
    );
    return rows.length > 0;
  },

  async setSessionIdle(q: Queryable, orgId: string, minutes: number | null): Promise<void> {
    await changingSessions(() => q.query('update organisations set session_idle_minutes = $2 where id = $1', [orgId, minutes]));
  },

  async sessionIdle(q: Queryable, orgId: string): Promise<number> {
    const [row] = await q.query<{ minutes: number }>(`select ${IDLE_MINUTES_SQL} as minutes from organisations o where o.id = $1`, [orgId]);
    return row!.minutes;
  },

  async sessionByTokenHash(q: Queryable, tokenHash: string, now: Date) {
    const [row] = await q.query<{
      session_id: string;
      csrf_token: string;
      user_id: string;
      user_name: string;
      email: string;
      role: Role;
      locale: 'sv' | 'en';
      org_id: string;
      org_kind: OrgKind;
      org_name: string;
      expires_at: Date;
      last_seen_at: Date;
      idle_minutes: number;
    }>(
      `select s.id as session_id, s.csrf_token, u.id as user_id, u.name as user_name, u.email, u.role, u.locale,
              o.id as org_id, o.kind as org_kind, o.name as org_name, s.expires_at, s.last_seen_at, ${IDLE_MINUTES_SQL} as idle_minutes
         from sessions s join users u on u.id = s.user_id join organisations o on o.id = u.org_id
        where s.token_hash = $1 and s.revoked_at is null and s.expires_at > $2 and u.disabled_at is null
          and s.last_seen_at > $2 - make_interval(mins => ${IDLE_MINUTES_SQL})`,
      [tokenHash, now],
      { prepared: true },
    );
    return row;
  },

  async revokeSession(q: Queryable, sessionId: string, now: Date): Promise<void> {
    await changingSessions(() => q.query('update sessions set revoked_at = $2 where id = $1 and revoked_at is null', [sessionId, now]));
  },

  async revokeSessionsOfUser(q: Queryable, userId: string, now: Date): Promise<number> {
    const rows = await changingSessions(() =>
      q.query('update sessions set revoked_at = $2 where user_id = $1 and revoked_at is null returning id', [userId, now]),
    );
    return rows.length;
  },

  async insertToken(q: Queryable, t: { orgId: string; name: string; tokenHash: string }): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      'insert into api_tokens (org_id, name, token_hash) values ($1, $2, $3) returning id',
      [t.orgId, t.name, t.tokenHash],
    );
    return row!.id;
  },

  async tokenByHash(q: Queryable, tokenHash: string) {
    const [row] = await q.query<{ token_id: string; token_name: string; org_id: string; org_kind: OrgKind; org_name: string }>(
      `select t.id as token_id, t.name as token_name, o.id as org_id, o.kind as org_kind, o.name as org_name
         from api_tokens t join organisations o on o.id = t.org_id
        where t.token_hash = $1 and t.revoked_at is null`,
      [tokenHash],
    );
    return row;
  },

  /** Notes that a token was used; written at most once a minute per token, so busy systems cause few writes. */
  async touchToken(q: Queryable, tokenId: string): Promise<void> {
    await q.query(
      `update api_tokens set last_used_at = now()
        where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')`,
      [tokenId],
    );
  },

  async tokensOfOrg(q: Queryable, orgId: string) {
    return q.query<{ id: string; name: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }>(
      'select id, name, created_at, last_used_at, revoked_at from api_tokens where org_id = $1 order by created_at desc',
      [orgId],
    );
  },

  async revokeToken(q: Queryable, orgId: string, tokenId: string, now: Date): Promise<boolean> {
    const rows = await q.query('update api_tokens set revoked_at = $3 where id = $1 and org_id = $2 and revoked_at is null returning id', [
      tokenId,
      orgId,
      now,
    ]);
    return rows.length > 0;
  },

  async auditOfOrg(q: Queryable, orgId: string, limit: number) {
    return q.query<{
      id: number;
      at: Date;
      actor_user_id: string | null;
      actor_name: string | null;
      actor_token_id: string | null;
      action: string;
      subject_type: string;
      subject_id: string | null;
      reason: string | null;
    }>(
      `select a.id, a.at, a.actor_user_id, u.name as actor_name, a.actor_token_id, a.action, a.subject_type, a.subject_id, a.reason
         from audit_log a left join users u on u.id = a.actor_user_id
        where a.actor_org_id = $1 order by a.id desc limit $2`,
      [orgId, limit],
    );
  },
};
