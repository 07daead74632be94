import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { todayInStockholm } from '../calendar/stockholm.ts';
import type { AppContext } from '../platform/context.ts';
import { forbidden } from '../platform/errors.ts';
import { actorOf, SESSION_COOKIE } from './http.ts';
import { DONE } from '../platform/api-fields.ts';
import * as api from './api.ts';
import { verifyAuditChain } from './audit.ts';
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
        body: api.loginBody,
        response: { 200: api.loggedIn },
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

  r.get('/api/v1/session', { config: { authenticated: true }, schema: { summary: 'Who am I, and what may I do; the server\'s time and its date in Stockholm', response: { 200: api.me } } }, async (request) => {
    const actor = actorOf(request) as SessionActor;
    const now = ctx.clock.now();
    return {
      // The web app's "today" is the server's, whatever the browser's own clock or time zone says.
      now: now.toISOString(),
      today: todayInStockholm(now),
      user: actor.userId ? { id: actor.userId, name: actor.name, email: actor.email, role: actor.role, locale: actor.locale } : null,
      // Whoever passed `authenticated` is of an organisation (only the system actor is of none).
      organisation: { id: actor.orgId!, kind: actor.orgKind!, name: actor.orgName! },
      permissions: [...actor.permissions].sort(),
      csrfToken: actor.csrfToken ?? null,
    };
  });

  r.delete('/api/v1/session', { config: { authenticated: true }, schema: { summary: 'Log out: the session ends at once', response: { 200: api.loggedOut } } }, async (request, reply) => {
    const actor = actorOf(request) as SessionActor;
    if (actor.sessionId) await logout(ctx.db, actor, ctx.clock.now());
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return DONE;
  });

  r.get('/api/v1/sessions', { config: { authenticated: true }, schema: { summary: "The user's own sessions in force: begun, last used, from which browser, which is this one", response: { 200: api.ownSessions } } }, async (request) => {
    const actor = actorOf(request) as SessionActor;
    if (!actor.sessionId) throw forbidden('En API-nyckel har inga inloggningar');
    return { sessions: await ownSessions(ctx.db, actor, ctx.clock.now()) };
  });

  r.delete(
    '/api/v1/sessions/:id',
    { config: { authenticated: true }, schema: { summary: "End one of the user's own sessions at once", params: z.object({ id: z.uuid() }), response: { 200: api.sessionEnded } } },
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
      schema: { summary: 'How many minutes a session of the organisation may go unused (null: the default of its kind)', body: api.sessionIdleBody, response: { 200: api.sessionIdle } },
    },
    async (request) => setSessionIdle(ctx.db, actorOf(request), request.body.minutes),
  );

  r.put(
    '/api/v1/session/locale',
    { config: { authenticated: true }, schema: { summary: 'The language the user reads Bokvar in', body: api.localeBody, response: { 200: api.localeSet } } },
    async (request) => {
      await setLocale(ctx.db, actorOf(request), request.body.locale);
      return { locale: request.body.locale };
    },
  );

  r.get('/api/v1/users', { config: { permission: 'users.manage' }, schema: { summary: "The organisation's users, the roles to choose from and its session idle time", response: { 200: api.users } } }, async (request) => listUsers(ctx.db, actorOf(request)));

  r.post(
    '/api/v1/users',
    {
      config: { permission: 'users.manage' },
      schema: { summary: 'Add a user to the own organisation', body: api.newUserBody, response: { 201: api.userCreated } },
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
      schema: { summary: 'Disable a user of the own organisation: no more logins, open sessions end at once', params: z.object({ id: z.uuid() }), response: { 200: api.userDisabled } },
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
      schema: { summary: "Change a user's role (a role of the organisation's kind)", params: z.object({ id: z.uuid() }), body: api.roleBody, response: { 200: api.roleChanged } },
    },
    async (request) => changeUserRole(ctx.db, actorOf(request), request.params.id, request.body.role),
  );

  r.get('/api/v1/tokens', { config: { permission: 'tokens.manage' }, schema: { summary: "The organisation's API tokens (never the tokens themselves)", response: { 200: api.tokens } } }, async (request) => ({
    tokens: await listApiTokens(ctx.db, actorOf(request)),
  }));

  r.post(
    '/api/v1/tokens',
    { config: { permission: 'tokens.manage' }, schema: { summary: 'Create an API token; it is shown this once', body: api.newTokenBody, response: { 201: api.tokenCreated } } },
    async (request, reply) => {
      const actor = actorOf(request);
      return reply.code(201).send(await createApiToken(ctx.db, actor, { orgId: actor.orgId!, name: request.body.name }));
    },
  );

  r.delete(
    '/api/v1/tokens/:id',
    { config: { permission: 'tokens.manage' }, schema: { summary: 'Revoke an API token at once', params: z.object({ id: z.uuid() }), response: { 200: api.tokenRevoked } } },
    async (request) => {
      await revokeApiToken(ctx.db, actorOf(request), request.params.id, ctx.clock.now());
      return DONE;
    },
  );

  r.get(
    '/api/v1/audit',
    { config: { permission: 'audit.read' }, schema: { summary: "The organisation's latest audit events", querystring: api.auditQuery, response: { 200: api.auditLog } } },
    async (request) => ({ events: await readAuditLog(ctx.db, actorOf(request), request.query.limit) }),
  );

  r.get('/api/v1/audit/verify', { config: { permission: 'audit.read' }, schema: { summary: 'Verify the audit chain and its anchors', response: { 200: api.auditVerification } } }, async () => verifyAuditChain(ctx.db, ctx.config.auditAnchor));
}
