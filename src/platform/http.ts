import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { createJsonSchemaTransform, hasZodFastifySchemaValidationErrors, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, SESSION_COOKIE } from '../access/http.ts';
import type { Actor, Permission } from '../access/model.ts';
import type { SessionActor } from '../access/service.ts';
import { errorAnswer } from './api-fields.ts';
import { AnswerContractError, encodeAnswer } from './answer-contract.ts';
import type { AppContext } from './context.ts';
import { ping } from './database.ts';
import { AppError, answerForDatabaseError, invalidField, loggableError } from './errors.ts';
import { type IdempotencyClaim, idempotencyStore } from './idempotency-store.ts';

// Validation messages in Swedish, like the rest of the answers.
z.config(z.locales.sv());

export async function buildApp(
  ctx: AppContext,
  registerRoutes: (app: FastifyInstance, ctx: AppContext) => Promise<void>,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: ctx.config.log
      ? {
          level: 'info',
          redact: ['req.headers.authorization', 'req.headers.cookie'],
          // Officers search by personnummer (`?q=…`): log the path, never the query string.
          serializers: {
            req: (request: FastifyRequest) => ({
              method: request.method,
              url: request.url.split('?')[0],
              host: request.host,
              remoteAddress: request.ip,
              remotePort: request.socket?.remotePort,
            }),
          },
        }
      : false,
    bodyLimit: 1024 * 1024,
    trustProxy: ctx.config.trustProxy,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(answerSerializer(ctx.config.strictAnswers));
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
    transform: createJsonSchemaTransform({
      // A Date in an answer goes out as its ISO text (JSON.stringify); the document says so.
      zodToJsonConfig: {
        unrepresentable: 'any',
        override: ({ zodSchema, jsonSchema }) => {
          if (zodSchema._zod.def.type === 'date') Object.assign(jsonSchema, { type: 'string', format: 'date-time' });
        },
      },
    }),
  });

  // Every API route must say who may call it; a route that does not is a bug, so refuse to start.
  // Its error answers all have one shape, declared here once for every route.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    if (route.schema && !route.schema.hide) route.schema.response = { ...(route.schema.response as object), '4xx': errorAnswer, '5xx': errorAnswer };
    const c = route.config as { permission?: Permission; authenticated?: boolean; public?: boolean } | undefined;
    if (!c?.permission && !c?.authenticated && !c?.public)
      throw new Error(`Route ${route.method} ${route.url} declares no access rule (config.permission, authenticated or public)`);
    // ADR 7: every answer is declared, so the OpenAPI document describes it and the web's types follow it.
    // Only the OpenAPI document itself (hidden) is exempt.
    const declared = Object.keys((route.schema?.response as object | undefined) ?? {}).some((status) => /^2(\d\d|xx)$/i.test(status));
    if (!route.schema?.hide && !declared) throw new Error(`Route ${route.method} ${route.url} declares no answer (schema.response with a 2xx status)`);
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    // Personal data is never kept by a browser or a proxy: every answer and download of the API.
    reply.header('cache-control', 'no-store');
    request.actor = await authenticate(ctx, request);
  });

  app.addHook('preValidation', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    // PostgreSQL text cannot hold a NUL: refused here with the field named, not as a 500 from the database.
    const nul = pathWithNul(request.query, 'querystring') ?? pathWithNul(request.params, 'params') ?? pathWithNul(request.body, 'body');
    if (nul) throw invalidField(nul, 'Texten innehåller ett otillåtet tecken (NUL, byte 0)');
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
  // Keys belong to one actor (a user or an API token) of one organisation. The key is reserved before
  // the handler runs (status_code 0 = in progress), so two requests sent at once cannot both do the
  // work; only a 2xx answer is kept for replay, anything else frees the key so a retry runs again.
  const reserved = new WeakMap<FastifyRequest, IdempotencyClaim>();
  app.addHook('preHandler', async (request, reply) => {
    const key = idempotencyKeyOf(request);
    const actor = request.actor;
    if (!key || !actor?.orgId) return;
    const claim: IdempotencyClaim = { orgId: actor.orgId, actorId: actorIdOf(actor), key, route: routeKey(request), bodySha256: bodyHashOf(request) };
    // Twice at most: the row seen as taken may be freed before it is read.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await idempotencyStore.reserve(ctx.db, claim)) {
        reserved.set(request, claim);
        return;
      }
      const stored = await idempotencyStore.stored(ctx.db, claim);
      if (!stored) continue;
      if (stored.route !== claim.route || (stored.body_sha256 !== null && stored.body_sha256 !== claim.bodySha256))
        throw new AppError(422, 'idempotency_key_reused', 'Idempotency-Key: nyckeln har redan använts för en annan begäran');
      if (stored.status_code === 0) throw new AppError(409, 'idempotency_in_progress', 'Idempotency-Key: en begäran med samma nyckel pågår');
      return reply.code(stored.status_code).header('idempotent-replayed', 'true').send(stored.response);
    }
    throw new AppError(409, 'idempotency_in_progress', 'Idempotency-Key: en begäran med samma nyckel pågår');
  });
  // onSend runs for every answer of a request that reserved a key, error answers included.
  app.addHook('onSend', async (request, reply, payload) => {
    const claim = reserved.get(request);
    if (!claim) return payload;
    reserved.delete(request);
    const keep =
      reply.statusCode >= 200 &&
      reply.statusCode < 300 &&
      typeof payload === 'string' &&
      String(reply.getHeader('content-type') ?? '').includes('json');
    try {
      if (keep) await idempotencyStore.keep(ctx.db, claim, reply.statusCode, payload as string);
      else await idempotencyStore.free(ctx.db, claim);
    } catch (err) {
      // The answer goes out anyway; the reservation is taken over after an hour.
      request.log.error({ err }, 'idempotency key not saved');
      if (!ctx.config.log) console.error('[bokvar] Idempotency-Key kunde inte sparas:', (err as Error).message);
    }
    return payload;
  });
  // A request that ends without an answer (the client went away) frees its key too.
  app.addHook('onResponse', async (request) => {
    const claim = reserved.get(request);
    if (!claim) return;
    reserved.delete(request);
    await idempotencyStore.free(ctx.db, claim).catch(() => undefined);
  });

  const healthAnswer = z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) });
  app.setErrorHandler((error: unknown, request, reply) => sendError(error, request, reply, ctx.config.log));

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  app.get('/api/v1/health', { config: { public: true }, schema: { summary: 'Whether the server and its database answer', response: { 200: healthAnswer } } }, async () => {
    await ping(ctx.db);
    return { status: 'ok', database: ctx.db.engine };
  });

  await registerRoutes(app, ctx);

  const webDist = ctx.config.webDist;
  if (existsSync(path.join(webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });
    // The browser app routes on the client: any non-API path gets index.html.
    app.setNotFoundHandler((request, reply) => {
      // Paths of the app's pages have no file extension; a missing asset is a plain 404, not the app.
      if (isPagePath(request)) return reply.type('text/html').sendFile('index.html');
      return reply.code(404).send({ error: { code: 'not_found', message: 'Hittades inte' } });
    });
  } else {
    // Started without a built web app (`bokvar serve` builds it first): a page says so, not a bare 404.
    app.setNotFoundHandler((request, reply) => {
      if (isPagePath(request)) return reply.code(503).type('text/html; charset=utf-8').send(WEB_APP_MISSING);
      return reply.code(404).send({ error: { code: 'not_found', message: 'Hittades inte' } });
    });
  }
  return app;
}

/** Every answer serialized through its route's schema (platform/answer-contract.ts). */
function answerSerializer(strict: boolean) {
  return ({ schema, method, url }: { schema: unknown; method: string; url: string }) =>
    (data: unknown): string => JSON.stringify(encodeAnswer(schema as z.ZodType, data, { strict, where: `${method} ${url}` }));
}

/** The path of the first string holding a NUL in a parsed query, params or JSON body; null if none. */
export function pathWithNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || typeof (value as { pipe?: unknown }).pipe === 'function') return null;
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return path;
    const found = pathWithNul(v, `${path}.${k}`);
    if (found) return found;
  }
  return null;
}

/** A GET of one of the web app's pages: not the API, and no file extension (an asset). */
function isPagePath(request: FastifyRequest): boolean {
  const pathname = request.url.split('?')[0]!;
  return request.method === 'GET' && !pathname.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(pathname);
}

const WEB_APP_MISSING = `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Bokvar</title></head><body><main>
<h1>Webbappen är inte byggd</h1><p>Servern svarar på API:t men har inga sidor att visa. Bygg webbappen med <code>npm run build</code>
(<code>npx bokvar serve</code> gör det själv när den startar) och ladda om sidan.</p></main></body></html>`;

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

/** Who a key belongs to: the user, or the API token. */
function actorIdOf(actor: Actor): string {
  if (actor.userId) return `user:${actor.userId}`;
  if (actor.tokenId) return `token:${actor.tokenId}`;
  return actor.kind;
}

/**
 * SHA-256 of what the request asks for: the query string and the validated body. An uploaded file
 * (text/csv or multipart) streams into the handler and is not read here, so for uploads only the
 * query counts (imports are idempotent by `referens` anyway).
 */
function bodyHashOf(request: FastifyRequest): string {
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  const body = request.body as unknown;
  const streamed = body !== null && typeof body === 'object' && typeof (body as { pipe?: unknown }).pipe === 'function';
  const content = streamed || request.isMultipart() ? '(file)' : JSON.stringify(body ?? null);
  return createHash('sha256').update(`${query}\n${content}`).digest('hex');
}

function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply, logging: boolean) {
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
  if (e.statusCode === 413)
    return reply.code(413).send({ error: { code: 'too_large', message: 'Det du skickade är för stort. Korta texten och försök igen.' } });
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)
    return reply.code(e.statusCode).send({ error: { code: e.code ?? 'bad_request', message: e.message ?? 'Felaktig begäran' } });
  // Only type, SQLSTATE and constraint are logged: a database error's detail and parameters hold personal data.
  const logged = { ...loggableError(error), ...(error instanceof AnswerContractError ? { message: error.message } : {}) };
  const known = answerForDatabaseError(logged.code);
  if (known) {
    request.log.warn({ err: logged }, 'refused by the database');
    return reply.code(known.status).send({ error: { code: known.code, message: known.message } });
  }
  request.log.error({ err: logged }, 'unhandled error');
  if (!logging) console.error(`[bokvar] ${request.method} ${request.url.split('?')[0]}:`, JSON.stringify(logged));
  return reply.code(500).send({ error: { code: 'internal', message: 'Något gick fel hos oss. Försök igen om en stund.' } });
}
