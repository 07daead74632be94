import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { todayInStockholm } from '../calendar/model.ts';
import type { AppContext } from '../platform/context.ts';
import { forbidden } from '../platform/errors.ts';
import { actorOf, SESSION_COOKIE } from './http.ts';
import { verifyAuditChain } from './audit.ts';
import { PASSWORD_LENGTH } from './passwords.ts';
import {
  changeUserRole,
  createApiToken,
  createUser,
  disableUser,
  listApiTokens,
  listUsers,
  login,
  logout,
  readAuditLog,
  revokeApiToken,
  endOwnSession,
  ownSessions,
  SESSION_DAYS,
  type SessionActor,
  setLocale,
  setSessionIdle,
} from './service.ts';

export async function accessRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/session',
    {
      // Per address, wide enough for an office behind one address; guessing is stopped per account (login).
      config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        summary: 'Log in with e-mail and password; sets the session cookie',
        // `organisation` only when the same address and password open accounts in more than one.
        body: z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(PASSWORD_LENGTH.max), organisation: z.string().uuid().optional() }),
      },
    },
    async (request, reply) => {
      const { email, password, organisation } = request.body;
      const result = await login(ctx.db, email, password, ctx.clock.now(), request.headers['user-agent'] ?? null, organisation ?? null);
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.config.cookieSecure,
        maxAge: SESSION_DAYS * 86_400,
      });
      return { csrfToken: result.csrfToken, expiresAt: result.expiresAt.toISOString() };
    },
  );

  r.get('/api/v1/session', { config: { authenticated: true }, schema: { summary: 'Who am I, and what may I do; the server\'s time and its date in Stockholm' } }, async (request) => {
    const actor = actorOf(request) as SessionActor;
    const now = ctx.clock.now();
    return {
      // The web app's "today" is the server's, whatever the browser's own clock or time zone says.
      now: now.toISOString(),
      today: todayInStockholm(now),
      user: actor.userId ? { id: actor.userId, name: actor.name, email: actor.email, role: actor.role, locale: actor.locale } : null,
      organisation: { id: actor.orgId, kind: actor.orgKind, name: actor.orgName },
      permissions: [...actor.permissions].sort(),
      csrfToken: actor.csrfToken ?? null,
    };
  });

  r.delete('/api/v1/session', { config: { authenticated: true } }, async (request, reply) => {
    const actor = actorOf(request) as SessionActor;
    if (actor.sessionId) await logout(ctx.db, actor, ctx.clock.now());
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  r.get('/api/v1/sessions', { config: { authenticated: true }, schema: { summary: "The user's own sessions in force: begun, last used, from which browser, which is this one" } }, async (request) => {
    const actor = actorOf(request) as SessionActor;
    if (!actor.sessionId) throw forbidden('En API-nyckel har inga inloggningar');
    return { sessions: await ownSessions(ctx.db, actor, ctx.clock.now()) };
  });

  r.delete(
    '/api/v1/sessions/:id',
    { config: { authenticated: true }, schema: { summary: "End one of the user's own sessions at once", params: z.object({ id: z.uuid() }) } },
    async (request) => {
      const actor = actorOf(request) as SessionActor;
      if (!actor.sessionId) throw forbidden('En API-nyckel har inga inloggningar');
      await endOwnSession(ctx.db, actor, request.params.id, ctx.clock.now());
      return { ended: request.params.id };
    },
  );

  r.put(
    '/api/v1/organisation/session-idle',
    {
      config: { permission: 'users.manage' },
      schema: { summary: 'How many minutes a session of the organisation may go unused (null: the default of its kind)', body: z.object({ minutes: z.number().int().nullable() }) },
    },
    async (request) => setSessionIdle(ctx.db, actorOf(request), request.body.minutes),
  );

  r.put(
    '/api/v1/session/locale',
    { config: { authenticated: true }, schema: { body: z.object({ locale: z.enum(['sv', 'en']) }) } },
    async (request) => {
      await setLocale(ctx.db, actorOf(request), request.body.locale);
      return { locale: request.body.locale };
    },
  );

  r.get('/api/v1/users', { config: { permission: 'users.manage' } }, async (request) => listUsers(ctx.db, actorOf(request)));

  r.post(
    '/api/v1/users',
    {
      config: { permission: 'users.manage' },
      schema: { body: z.object({ email: z.string().max(320), password: z.string().max(PASSWORD_LENGTH.max), role: z.string().max(100), name: z.string().max(200).optional() }) },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await createUser(ctx.db, actor, { ...request.body, orgId: actor.orgId! });
      return reply.code(201).send({ id });
    },
  );

  r.post(
    '/api/v1/users/:id/disable',
    {
      config: { permission: 'users.manage' },
      schema: { summary: 'Disable a user of the own organisation: no more logins, open sessions end at once', params: z.object({ id: z.uuid() }) },
    },
    async (request) => {
      const result = await disableUser(ctx.db, actorOf(request), request.params.id, ctx.clock.now());
      return { id: result.id, disabledAt: result.disabledAt.toISOString() };
    },
  );

  r.put(
    '/api/v1/users/:id/role',
    {
      config: { permission: 'users.manage' },
      schema: { summary: "Change a user's role (a role of the organisation's kind)", params: z.object({ id: z.uuid() }), body: z.object({ role: z.string().min(1).max(100) }) },
    },
    async (request) => changeUserRole(ctx.db, actorOf(request), request.params.id, request.body.role),
  );

  r.get('/api/v1/tokens', { config: { permission: 'tokens.manage' } }, async (request) => ({
    tokens: await listApiTokens(ctx.db, actorOf(request)),
  }));

  r.post(
    '/api/v1/tokens',
    { config: { permission: 'tokens.manage' }, schema: { body: z.object({ name: z.string().min(1).max(100) }) } },
    async (request, reply) => {
      const actor = actorOf(request);
      return reply.code(201).send(await createApiToken(ctx.db, actor, { orgId: actor.orgId!, name: request.body.name }));
    },
  );

  r.delete(
    '/api/v1/tokens/:id',
    { config: { permission: 'tokens.manage' }, schema: { params: z.object({ id: z.uuid() }) } },
    async (request) => {
      await revokeApiToken(ctx.db, actorOf(request), request.params.id, ctx.clock.now());
      return { ok: true };
    },
  );

  r.get(
    '/api/v1/audit',
    { config: { permission: 'audit.read' }, schema: { querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }) } },
    async (request) => ({ events: await readAuditLog(ctx.db, actorOf(request), request.query.limit) }),
  );

  r.get('/api/v1/audit/verify', { config: { permission: 'audit.read' } }, async () => verifyAuditChain(ctx.db, ctx.config.auditAnchor));
}
