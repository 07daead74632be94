// Routes of the one way in and the inbox: concerns, Kronofogden's notices, early referrals, and
// opening a case from what came in.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context.ts';
import { DONE, created, done } from '../platform/api-fields.ts';
import { AppError } from '../platform/errors.ts';
import { sendKeptJson } from '../platform/responses.ts';
import { actorOf } from '../access/http.ts';
import * as api from './intake-api.ts';
import { newConcernReference } from './model.ts';
import { createReferral, sentReferrals } from './referrals.ts';
import { inbox } from './inbox.ts';
import { concernForm, dismissConcern, openCaseFrom, reportConcern, reportKfmNotice, setAreaResponsible, setAsideFlood } from './intake.ts';

/** The public form's requests per client id (kept in the browser) and per address (IP), in 10 minutes. */
const PER_CLIENT = 5;
const PER_ADDRESS = 20;
const WINDOW_MS = 10 * 60 * 1000;

/** Counts a client's recent posts; true while it is within its limit. In memory: a restart forgets. */
function clientLimiter(max: number, windowMs: number) {
  const seen = new Map<string, number[]>();
  return (key: string, now: number): boolean => {
    const recent = (seen.get(key) ?? []).filter((t) => now - t < windowMs);
    if (recent.length >= max) {
      seen.set(key, recent);
      return false;
    }
    recent.push(now);
    seen.set(key, recent);
    if (seen.size > 100_000) seen.clear(); // a flood of made-up ids cannot grow this without bound
    return true;
  };
}

export async function intakeRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const withinClientLimit = clientLimiter(PER_CLIENT, WINDOW_MS);

  r.get(
    '/api/v1/concerns/form',
    { config: { public: true }, schema: { summary: 'The one way in: municipalities and their city areas to choose from (no personal data)', response: { 200: api.concernForm } } },
    async () => concernForm(ctx),
  );

  r.post(
    '/api/v1/concerns',
    {
      // Issue 3 §1: no login; limited per address and per client; a size limit; a honeypot field.
      bodyLimit: 16 * 1024,
      config: { public: true, rateLimit: { max: PER_ADDRESS, timeWindow: WINDOW_MS } },
      schema: {
        summary: 'Report a concern about a household without logging in (en väg in); answers a reference number and nothing else',
        body: api.publicConcernBody,
        response: { 201: api.concernReceived },
      },
    },
    async (request, reply) => {
      const { clientId, website, ...input } = request.body;
      if (clientId && !withinClientLimit(clientId, Date.now()))
        throw new AppError(429, 'rate_limited', 'Du har skickat många anmälningar på kort tid. Vänta en stund eller ring socialtjänsten.');
      // A filled-in honeypot is a robot: it gets an answer that looks the same, and nothing is kept.
      if (website) return reply.code(201).send({ reference: newConcernReference() });
      return reply.code(201).send(await reportConcern(ctx, null, input, clientId ?? null));
    },
  );

  r.post(
    '/api/v1/concerns/reported',
    {
      config: { authenticated: true },
      schema: {
        summary: "Report a concern from one's own login: a landlord's staff or caretaker, or a social worker logging a call",
        body: api.concernBody,
        response: { 201: api.concernReceived },
      },
    },
    async (request, reply) => reply.code(201).send(await reportConcern(ctx, actorOf(request), request.body)),
  );

  r.get(
    '/api/v1/inbox',
    {
      config: { permission: 'inbox.read' },
      schema: {
        summary: "Social services' inbox: notices delivered to the board and new concerns, children first, by city area",
        querystring: api.inboxQuery,
        // Sent as kept JSON (platform/responses.ts), encoded through this schema when it is built.
        response: { 200: api.inboxPage },
      },
    },
    async (request, reply) => sendKeptJson(request, reply, await inbox(ctx, actorOf(request), { area: request.query.area, page: request.query.page })),
  );

  r.post(
    '/api/v1/inbox/concerns/set-aside',
    {
      config: { permission: 'inbox.assign' },
      schema: {
        summary: 'A team lead sets aside a flood of the public form: new anonymous concerns without a flag received between two moments, with a reason',
        body: api.setAsideBody,
        response: { 200: api.setAside },
      },
    },
    async (request) => setAsideFlood(ctx, actorOf(request), request.body),
  );

  r.put(
    '/api/v1/areas/:areaId/responsible',
    {
      config: { permission: 'inbox.assign' },
      schema: {
        summary: 'Say which social worker answers for a city area (null: nobody yet)',
        params: api.areaParams,
        body: api.areaResponsibleBody,
        response: { 200: api.areaAnswer },
      },
    },
    async (request) => ({ area: await setAreaResponsible(ctx, actorOf(request), request.params.areaId, request.body.userId) }),
  );

  r.post(
    '/api/v1/inbox/:kind/:id/case',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: "Open the household's case from an inbox item, or join the case already open for the same home",
        params: api.intakeParams,
        response: { 201: api.caseOpened },
      },
    },
    async (request, reply) => reply.code(201).send(await openCaseFrom(ctx, actorOf(request), request.params)),
  );

  r.post(
    '/api/v1/inbox/concern/:id/dismiss',
    {
      config: { permission: 'case.write' },
      schema: { summary: 'Take a concern that needs no case out of the inbox, with the reason', params: api.idParams, body: api.dismissBody, response: { 200: done } },
    },
    async (request) => {
      await dismissConcern(ctx, actorOf(request), request.params.id, request.body.reason);
      return DONE;
    },
  );

  r.post(
    '/api/v1/kfm-notices',
    {
      config: { permission: 'kfm.notice' },
      schema: {
        summary:
          "Kronofogden tells social services of an application for eviction or an eviction date (its system with an API token, or its liaison); " +
          'the same notice sent again is kept once (200 instead of 201)',
        body: api.kfmNoticeBody,
        response: { 200: api.kfmNoticeKept, 201: api.kfmNoticeKept },
      },
    },
    async (request, reply) => {
      const kept = await reportKfmNotice(ctx, actorOf(request), request.body);
      return reply.code(kept.created ? 201 : 200).send(kept);
    },
  );

  r.post(
    '/api/v1/referrals',
    {
      config: { permission: 'referral.create' },
      schema: {
        summary: "An early referral to social services before any notice, with the tenant's recorded consent (who, when, how)",
        body: api.referralBody,
        response: { 201: created },
      },
    },
    async (request, reply) => reply.code(201).send({ id: await createReferral(ctx, actorOf(request), request.body) }),
  );

  r.get(
    '/api/v1/referrals',
    { config: { permission: 'referral.create' }, schema: { summary: "The landlord's own early referrals (what was sent)", response: { 200: api.sentReferrals } } },
    async (request) => ({ referrals: await sentReferrals(ctx, actorOf(request)) }),
  );
}
