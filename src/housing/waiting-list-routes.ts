// Routes of the waiting list: needs assessments, declines and withdrawals.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context.ts';
import { actorOf } from '../access/http.ts';
import * as api from './api.ts';
import { applicantDetail, assessNeeds, reassessNeeds, recordDecline, waitingList, withdrawApplicant } from './waiting-list.ts';

export async function waitingListRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/housing/waiting-list',
    {
      config: { permission: 'applicant.read' },
      schema: { summary: 'The waiting list: households by priority and time waited; those paused after declining an offer apart', response: { 200: api.waitingList } },
    },
    async (request) => waitingList(ctx, actorOf(request)),
  );

  r.post(
    '/api/v1/housing/applicants',
    {
      config: { permission: 'applicant.write' },
      schema: { summary: "A household's needs assessment (kartläggning): puts it on the waiting list", body: api.assessmentBody, response: { 201: api.applicant } },
    },
    async (request, reply) => reply.code(201).send(await assessNeeds(ctx, actorOf(request), request.body)),
  );

  r.get(
    '/api/v1/housing/applicants/:id',
    {
      config: { permission: 'applicant.read' },
      schema: { summary: 'A household on the waiting list, with its declines', params: api.idParams, response: { 200: api.applicantDetail } },
    },
    async (request) => applicantDetail(ctx, actorOf(request), request.params.id),
  );

  r.put(
    '/api/v1/housing/applicants/:id',
    {
      config: { permission: 'applicant.write' },
      schema: {
        summary: 'A new needs assessment of a waiting household (the one before is kept)',
        params: api.idParams,
        body: api.assessmentBody,
        response: { 200: api.applicant },
      },
    },
    async (request) => reassessNeeds(ctx, actorOf(request), request.params.id, request.body),
  );

  r.post(
    '/api/v1/housing/applicants/:id/declines',
    {
      config: { permission: 'applicant.write' },
      schema: {
        summary: 'The household declined an offer: paused for the period its reason sets',
        params: api.idParams,
        body: api.declineBody,
        response: { 201: api.applicant },
      },
    },
    async (request, reply) => reply.code(201).send(await recordDecline(ctx, actorOf(request), request.params.id, request.body)),
  );

  r.post(
    '/api/v1/housing/applicants/:id/withdraw',
    {
      config: { permission: 'applicant.write' },
      schema: {
        summary: 'Take a household off the waiting list, with the reason; its proposals not yet accepted are set aside',
        params: api.idParams,
        body: api.withdrawBody,
        response: { 200: api.applicant },
      },
    },
    async (request) => withdrawApplicant(ctx, actorOf(request), request.params.id, request.body.reason),
  );
}
