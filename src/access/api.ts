// The access capability's API contract: what each route takes and answers, declared once.
// Routes (routes.ts) declare these; the web imports the types (type-only): a renamed field fails typecheck.
import { z } from 'zod';
import { type Answer, done, id, instant, isoDate, text } from '../platform/api-fields.ts';
import { PERMISSIONS, ROLES_BY_KIND } from './model.ts';
import { PASSWORD_LENGTH } from './passwords.ts';

const role = z.enum([...new Set(Object.values(ROLES_BY_KIND).flat())] as [string, ...string[]]);

// ── Requests ──
export const loginBody = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(PASSWORD_LENGTH.max),
  // Only when the same address and password open accounts in more than one organisation.
  organisation: z.uuid().optional(),
});
export const sessionIdleBody = z.object({ minutes: z.number().int().nullable() });
export const localeBody = z.object({ locale: z.enum(['sv', 'en']) });
export const newUserBody = z.object({ email: text(320), password: text(PASSWORD_LENGTH.max), role: text(100), name: text(200).optional() });
export const roleBody = z.object({ role: z.string().min(1).max(100) });
export const newTokenBody = z.object({ name: z.string().min(1).max(100) });
export const auditQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) });

// ── Answers ──
export const loggedIn = z.object({ csrfToken: z.string(), expiresAt: instant });
export type LoggedIn = Answer<typeof loggedIn>;

export const me = z.object({
  /** The server's time and its date in Stockholm: the web app's "today" (web/ui/time.ts). */
  now: instant,
  today: isoDate,
  user: z.object({ id, name: z.string(), email: z.string(), role: role.nullable(), locale: z.enum(['sv', 'en']) }).nullable(),
  organisation: z.object({ id, kind: z.enum(['landlord', 'municipality', 'authority']), name: z.string() }),
  permissions: z.array(z.enum(PERMISSIONS)),
  csrfToken: z.string().nullable(),
});
export type Me = Answer<typeof me>;

export const loggedOut = done;

export const ownSessions = z.object({
  sessions: z.array(z.object({ id, createdAt: instant, lastSeenAt: instant, userAgent: z.string().nullable(), current: z.boolean() })),
});
export type OwnSessions = Answer<typeof ownSessions>;
export const sessionEnded = z.object({ ended: id });

export const sessionIdle = z.object({ minutes: z.number().int() });
export type SessionIdle = Answer<typeof sessionIdle>;
export const localeSet = localeBody;

export const users = z.object({
  users: z.array(z.object({ id, org_id: id, email: z.string(), name: z.string(), role, locale: z.enum(['sv', 'en']), disabled_at: instant.nullable() })),
  /** The roles the organisation's kind has, to choose from. */
  roles: z.array(role).readonly(),
  sessionIdleMinutes: z.number().int(),
});
export type Users = Answer<typeof users>;
export const userCreated = z.object({ id });
export const userDisabled = z.object({ id, disabledAt: instant });
export const roleChanged = z.object({ id, role });

export const tokens = z.object({
  tokens: z.array(z.object({ id, name: z.string(), created_at: instant, last_used_at: instant.nullable(), revoked_at: instant.nullable() })),
});
export type Tokens = Answer<typeof tokens>;
/** The token itself is shown this once and never again. */
export const tokenCreated = z.object({ id, token: z.string() });
export type TokenCreated = Answer<typeof tokenCreated>;
export const tokenRevoked = done;

export const auditLog = z.object({
  events: z.array(
    z.object({
      id: z.number().int(),
      at: instant,
      actor_user_id: id.nullable(),
      actor_name: z.string().nullable(),
      actor_token_id: id.nullable(),
      /** An action of access/audit-actions.ts; a string, for rows written under a name since retired. */
      action: z.string(),
      subject_type: z.string(),
      subject_id: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
});
export type AuditLog = Answer<typeof auditLog>;

export const auditVerification = z.object({
  rows: z.number().int(),
  ok: z.boolean(),
  anchor: z.string().nullable().optional(),
  firstBroken: z.object({ id: z.number().int(), problem: z.string() }).nullable(),
  unlinked: z.number().int(),
});
export type AuditVerification = Answer<typeof auditVerification>;
