// The API contract (issue 13 §1): every route declares what it answers, and the answer keeps to it.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixedClock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import type { AppContext } from '../../src/platform/context.ts';
import type { Database } from '../../src/platform/database.ts';
import { buildApp } from '../../src/platform/http.ts';
import { KeptAnswers, keptRead } from '../../src/access/kept-answers.ts';
import { type Actor, permissionsFor } from '../../src/access/model.ts';
import { buildOrg, buildUser, startTestBokvar, type TestBokvar } from '../support/app.ts';

/** An app with one public route answering `body`, declared as `{ name, when }`. */
async function appAnswering(body: unknown, strictAnswers: boolean): Promise<FastifyInstance> {
  const ctx = {
    config: { ...loadConfig({}), strictAnswers },
    clock: fixedClock('2027-01-15T08:00:00+01:00'),
    db: {} as Database, // the route reads nothing
    sms: { name: 'none', send: async () => ({ providerMessageId: '' }) },
  } satisfies AppContext;
  const app = await buildApp(ctx, async (a) => {
    a.withTypeProvider<ZodTypeProvider>().get(
      '/api/v1/probe',
      { config: { public: true }, schema: { response: { 200: z.object({ name: z.string(), when: z.union([z.date(), z.string()]) }) } } },
      async () => body as { name: string; when: Date },
    );
  });
  return app;
}

describe('an answer and its declared schema', () => {
  it('sends a Date as its ISO text', async () => {
    const app = await appAnswering({ name: 'Anna', when: new Date('2027-01-15T07:00:00Z') }, true);
    const res = await app.inject({ method: 'GET', url: '/api/v1/probe' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: 'Anna', when: '2027-01-15T07:00:00.000Z' });
    await app.close();
  });

  it('leaves out a field the schema does not declare, in production', async () => {
    const app = await appAnswering({ name: 'Anna', when: '2027-01-15', personnummer: '191212121212' }, false);
    const res = await app.inject({ method: 'GET', url: '/api/v1/probe' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('191212121212');
    await app.close();
  });

  it('refuses such an answer in strict mode (the tests), naming the field and never its value', async () => {
    const app = await appAnswering({ name: 'Anna', when: '2027-01-15', personnummer: '191212121212' }, true);
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.map(String).join(' '));
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/probe' });
      expect(res.statusCode).toBe(500);
      expect(res.json().error.code).toBe('internal');
      expect(res.body).not.toContain('191212121212');
    } finally {
      console.error = original;
      await app.close();
    }
    expect(errors.join('\n')).toContain('answer.personnummer is not declared');
    expect(errors.join('\n')).not.toContain('191212121212');
  });

  it('refuses an answer of the wrong shape', async () => {
    const app = await appAnswering({ name: 42, when: '2027-01-15' }, false);
    const original = console.error;
    console.error = () => undefined;
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/probe' });
      expect(res.statusCode).toBe(500);
    } finally {
      console.error = original;
      await app.close();
    }
  });
});

describe('a kept answer (inbox, case list, case page) and its schema', () => {
  let bokvar: TestBokvar;
  let actor: Actor;
  beforeAll(async () => {
    bokvar = await startTestBokvar();
    const { id: orgId } = await buildOrg(bokvar.ctx.db, 'municipality', 'Kontraktkommun');
    const { id: userId } = await buildUser(bokvar.ctx.db, orgId, 'social_worker');
    actor = {
      kind: 'user', userId, tokenId: null, orgId, orgKind: 'municipality', orgName: 'Kontraktkommun', role: 'social_worker', name: 'Socialsekreterare',
      permissions: permissionsFor('municipality', 'social_worker'),
    };
  });
  afterAll(async () => bokvar.close());

  const schema = z.object({ name: z.string(), when: z.union([z.date(), z.string()]) });
  const read = (strict: boolean) =>
    keptRead(bokvar.ctx.db, actor, {
      kept: new KeptAnswers<null>(1),
      key: 'probe',
      allowed: () => true,
      audit: () => ({ action: 'case.list', subjectType: 'case', reason: 'Kontrakt' }),
      answer: { schema, strict, where: 'the probe' },
      build: async () => ({ body: { name: 'Anna', when: new Date('2027-01-15T07:00:00Z'), personnummer: '191212121212' } as z.output<typeof schema>, scopes: [], meta: null }),
    });

  it('is built to its schema: an undeclared field is left out, a Date is its ISO text', async () => {
    expect(JSON.parse((await read(false)).toString())).toEqual({ name: 'Anna', when: '2027-01-15T07:00:00.000Z' });
  });

  it('is refused in strict mode, naming the field and never its value', async () => {
    const refused = read(true);
    await expect(refused).rejects.toThrow('the probe: answer.personnummer is not declared');
    await expect(refused).rejects.not.toThrow('191212121212');
  });
});

describe('the OpenAPI document', () => {
  let bokvar: TestBokvar;
  beforeAll(async () => {
    bokvar = await startTestBokvar();
  });
  afterAll(async () => bokvar.close());

  it('declares an answer of every route: the server refuses to start a route that declares none', async () => {
    const doc = (await bokvar.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    };
    const undeclared = Object.entries(doc.paths).flatMap(([url, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => !Object.keys(op.responses ?? {}).some((status) => status.startsWith('2')))
        .map(([method]) => `${method.toUpperCase()} ${url}`),
    );
    expect(undeclared).toEqual([]);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(100);

    const ctx = { ...bokvar.ctx, config: { ...bokvar.ctx.config } };
    const started = buildApp(ctx, async (a) => {
      a.get('/api/v1/unanswered', { config: { public: true } }, async () => ({ ok: true }));
    });
    await expect(started).rejects.toThrow('Route GET /api/v1/unanswered declares no answer');
  });

  it('declares the error answer of every route, and an instant as a date-time string', async () => {
    const doc = (await bokvar.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: { 'application/json'?: { schema?: unknown } } }> }>>;
    };
    const session = doc.paths['/api/v1/session']!.get!.responses!;
    expect(JSON.stringify(session['4XX'])).toContain('"message"');
    expect(JSON.stringify(session['200'])).toContain('"date-time"');
  });
});
