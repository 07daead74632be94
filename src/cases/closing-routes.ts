// Routes of the case's end game: the child's-best-interest assessment, the rent-debt consultation,
// the eviction day, closing with an outcome, and the follow-ups after.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context.ts';
import { created, DONE, done } from '../platform/api-fields.ts';
import { actorOf } from '../access/http.ts';
import * as api from './api.ts';
import { closeCase, recordFollowUp, writeChildAssessment } from './closing.ts';
import { recordConsultation, recordEvictionDay } from './meetings.ts';

export async function closingRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/cases/:id/child-assessments',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: "A child's-best-interest assessment, signed by its author; a case with children needs one before an action plan or closing",
        params: api.idParams,
        body: api.childAssessmentBody,
        response: { 201: created },
      },
    },
    async (request, reply) => reply.code(201).send({ id: await writeChildAssessment(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/v1/cases/:id/consultations',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'A rent-debt consultation (hyresskuldsamråd): when, who took part, what was agreed',
        params: api.idParams,
        body: api.consultationBody,
        response: { 201: created },
      },
    },
    async (request, reply) => reply.code(201).send({ id: await recordConsultation(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.put(
    '/api/v1/cases/:id/eviction-days/:kfmNoticeId',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'The eviction day: presence offered, social services attending, a time booked the same day',
        params: api.evictionDayParams,
        body: api.evictionDayBody,
        response: { 200: done },
      },
    },
    async (request) => {
      await recordEvictionDay(ctx, actorOf(request), request.params.id, request.params.kfmNoticeId, request.body);
      return DONE;
    },
  );

  r.post(
    '/api/v1/cases/:id/close',
    {
      config: { permission: 'case.write' },
      schema: { summary: 'Close the case with its outcome; follow-up tasks 6 and 12 months later', params: api.idParams, body: api.closeBody, response: { 200: done } },
    },
    async (request) => {
      await closeCase(ctx, actorOf(request), request.params.id, request.body);
      return DONE;
    },
  );

  r.post(
    '/api/v1/cases/:id/follow-ups',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'Whether the tenancy still holds 6 or 12 months after the case closed',
        params: api.idParams,
        body: api.followUpBody,
        response: { 201: done },
      },
    },
    async (request, reply) => {
      await recordFollowUp(ctx, actorOf(request), request.params.id, request.body);
      return reply.code(201).send(DONE);
    },
  );
}
