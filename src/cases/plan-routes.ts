// Routes of what is agreed and done in a case: payment plans, tasks, social assistance towards the
// rent, and action plans (also as the landlord asks for one).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context.ts';
import { created, DONE, done } from '../platform/api-fields.ts';
import { actorOf } from '../access/http.ts';
import * as api from './api.ts';
import { addTask, cancelPaymentPlan, createActionPlan, createPaymentPlan, finishTask, openTasks, recordAssistanceDecision, requestActionPlan } from './plans.ts';

export async function planRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/cases/:id/plans',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'A payment plan agreed with the landlord: the debt and the instalments (öre), checked against the ledger every day',
        params: api.idParams,
        body: api.paymentPlanBody,
        response: { 201: created },
      },
    },
    async (request, reply) => reply.code(201).send({ id: await createPaymentPlan(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/v1/cases/:id/plans/:planId/cancel',
    { config: { permission: 'case.write' }, schema: { summary: 'End an active payment plan without a verdict', params: api.planParams, response: { 200: done } } },
    async (request) => {
      await cancelPaymentPlan(ctx, actorOf(request), request.params.id, request.params.planId);
      return DONE;
    },
  );

  r.get(
    '/api/v1/tasks',
    { config: { permission: 'case.read' }, schema: { summary: "The municipality's open case tasks: overdue, and due in the next 7 days", response: { 200: api.openTasks } } },
    async (request) => openTasks(ctx, actorOf(request)),
  );

  r.post(
    '/api/v1/cases/:id/tasks',
    { config: { permission: 'case.write' }, schema: { summary: 'A task on the case: what is to be done, by when', params: api.idParams, body: api.taskBody, response: { 201: created } } },
    async (request, reply) => reply.code(201).send({ id: await addTask(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/v1/tasks/:id/done',
    { config: { permission: 'case.write' }, schema: { summary: 'Mark a task done', params: api.idParams, response: { 200: done } } },
    async (request) => {
      await finishTask(ctx, actorOf(request), request.params.id);
      return DONE;
    },
  );

  r.post(
    '/api/v1/cases/:id/assistance-decisions',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'A decision on social assistance towards the rent: granted (amount in öre, months) or refused',
        params: api.idParams,
        body: api.assistanceBody,
        response: { 201: created },
      },
    },
    async (request, reply) => reply.code(201).send({ id: await recordAssistanceDecision(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/v1/cases/:id/action-plans',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'An action plan (handlingsplan): goals, tasks with owner and due date, a review date',
        params: api.idParams,
        body: api.actionPlanBody,
        response: { 201: created },
      },
    },
    async (request, reply) => reply.code(201).send({ id: await createActionPlan(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/v1/shared-cases/:id/action-plan-request',
    {
      config: { permission: 'case.shared' },
      schema: {
        summary: 'The landlord asks social services for an action plan for a tenant with recurring problems',
        params: api.idParams,
        body: api.actionPlanRequestBody,
        response: { 201: created },
      },
    },
    async (request, reply) => reply.code(201).send({ id: await requestActionPlan(ctx, actorOf(request), request.params.id, request.body.reason) }),
  );
}
