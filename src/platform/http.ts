import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor, Permission } from '../access/model.ts';
import { actorFromApiToken, actorFromSession, type SessionActor } from '../access/service.ts';
import type { AppContext } from './context.ts';
import { AppError } from './errors.ts';

// Validation messages in Swedish, like the rest of the answers.
z.config(z.locales.sv());

export const SESSION_COOKIE = 'bokvar_session';
export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route needs (policy in src/access/model.ts). */
    permission?: Permission;
    /** Any logged-in actor may call it (e.g. reading one's own session). */
    authenticated?: boolean;
    /** No login at all (health, login, OpenAPI). */
    public?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The actor of a request that passed the access check. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError(401, 'unauthenticated', 'Logga in först');
  return request.actor;
}

export async function buildApp(
  ctx: AppContext,
  registerRoutes: (app: FastifyInstance, ctx: AppContext) => Promise<void>,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: process.env.BOKVAR_LOG === 'true' ? { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] } : false,
    bodyLimit: 1024 * 1024,
    trustProxy: process.env.BOKVAR_TRUST_PROXY === 'true',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('actor', null);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: ctx.config.cookieSecure,
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  // CSV uploads stream straight into the import: a million rows never sit in memory.
  app.addContentTypeParser(['text/csv', 'application/octet-stream'], (_request, payload, done) => done(null, payload));
  await app.register(multipart, { limits: { fileSize: 512 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Bokvar API', version: '1', description: 'Rent-arrears early warning and shared case work.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token for landlord systems (`bokvar token create`)' },
          cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });

  // Every API route must say who may call it; a route that does not is a bug, so refuse to start.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const c = route.config as { permission?: Permission; authenticated?: boolean; public?: boolean } | undefined;
    if (!c?.permission && !c?.authenticated && !c?.public)
      throw new Error(`Route ${route.method} ${route.url} declares no access rule (config.permission, authenticated or public)`);
  });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    request.actor = await authenticate(ctx, request);
  });

  app.addHook('preValidation', async (request) => {
    const config = request.routeOptions.config;
    if (!request.url.startsWith('/api/') || config.public) return;
    const actor = request.actor;
    if (!actor) throw new AppError(401, 'unauthenticated', 'Logga in först');
    // Cookie sessions must echo the session's CSRF token on anything that changes state.
    if ('csrfToken' in actor && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      if (request.headers['x-csrf-token'] !== (actor as SessionActor).csrfToken)
        throw new AppError(403, 'csrf', 'Sidan är för gammal. Ladda om sidan och försök igen.');
    }
    if (config.permission && !actor.permissions.has(config.permission))
      throw new AppError(403, 'forbidden', 'Du har inte behörighet till detta');
  });

  // A POST sent again with the same Idempotency-Key gets the first answer and does nothing twice.
  app.addHook('preHandler', async (request, reply) => {
    const key = idempotencyKeyOf(request);
    if (!key || !request.actor?.orgId) return;
    const [stored] = await ctx.db.query<{ route: string; status_code: number; response: unknown }>(
      'select route, status_code, response from idempotency_keys where org_id = $1 and key = $2',
      [request.actor.orgId, key],
    );
    if (!stored) return;
    if (stored.route !== routeKey(request))
      throw new AppError(422, 'idempotency_key_reused', 'Idempotency-Key: nyckeln har redan använts för en annan begäran');
    return reply.code(stored.status_code).header('idempotent-replayed', 'true').send(stored.response);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const key = idempotencyKeyOf(request);
    if (!key || !request.actor?.orgId || reply.getHeader('idempotent-replayed') || reply.statusCode >= 500) return payload;
    if (typeof payload !== 'string' || !String(reply.getHeader('content-type') ?? '').includes('json')) return payload;
    await ctx.db.query(
      'insert into idempotency_keys (org_id, key, route, status_code, response) values ($1, $2, $3, $4, $5) on conflict do nothing',
      [request.actor.orgId, key, routeKey(request), reply.statusCode, payload],
    );
    return payload;
  });

  app.setErrorHandler((error: unknown, request, reply) => sendError(error, request, reply));

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  app.get('/api/v1/health', { config: { public: true } }, async () => {
    await ctx.db.query('select 1');
    return { status: 'ok', database: ctx.db.engine };
  });

  await registerRoutes(app, ctx);

  if (existsSync(path.join(WEB_DIST, 'index.html'))) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: ['index.html'] });
    // The browser app routes on the client: any non-API path gets index.html.
    app.setNotFoundHandler((request, reply) => {
      // Paths of the app's pages have no file extension; a missing asset is a plain 404, not the app.
      const pathname = request.url.split('?')[0]!;
      if (request.method === 'GET' && !pathname.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(pathname))
        return reply.type('text/html').sendFile('index.html');
      return reply.code(404).send({ error: { code: 'not_found', message: 'Hittades inte' } });
    });
  } else {
    app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: { code: 'not_found', message: 'Hittades inte' } }));
  }
  return app;
}

function idempotencyKeyOf(request: FastifyRequest): string | null {
  if (request.method !== 'POST' || !request.url.startsWith('/api/')) return null;
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key.length === 0) return null;
  if (key.length > 200) throw new AppError(400, 'invalid', 'Idempotency-Key: högst 200 tecken');
  return key;
}

function routeKey(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
}

async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<Actor | null> {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const actor = await actorFromApiToken(ctx.db, header.slice(7).trim());
    if (!actor) throw new AppError(401, 'invalid_token', 'Ogiltig eller återkallad API-nyckel');
    return actor;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (token) return actorFromSession(ctx.db, token, ctx.clock.now());
  return null;
}

function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    return reply.code(error.status).send({ error: { code: error.code, message: error.message, details: error.details } });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = error.validation.map((v) => ({
      field: [error.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'Ogiltigt värde',
    }));
    const message = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    return reply.code(400).send({ error: { code: 'invalid', message: `Ogiltiga uppgifter – ${message}`, details: { fields } } });
  }
  const e = error as { statusCode?: number; message?: string; code?: string };
  if (e.statusCode === 429)
    return reply.code(429).send({ error: { code: 'rate_limited', message: 'För många försök. Vänta en stund och försök igen.' } });
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)
    return reply.code(e.statusCode).send({ error: { code: e.code ?? 'bad_request', message: e.message ?? 'Felaktig begäran' } });
  request.log.error({ err: error }, 'unhandled error');
  if (process.env.BOKVAR_LOG !== 'true') console.error(`[bokvar] ${request.method} ${request.url.split('?')[0]}:`, e.message ?? error);
  return reply.code(500).send({ error: { code: 'internal', message: 'Något gick fel hos oss. Försök igen om en stund.' } });
}
