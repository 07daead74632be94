// Routes of the ladder and the contracts on it: reviews (also as tasks), transfers of the lease, the
// three-party housing plan and the home insurance.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context.ts';
import { actorOf } from '../access/http.ts';
import { answerBody } from './api.ts';
import * as api from './contract-api.ts';
import { answerTransfer, createContract, getLadder, landlordTransfers, listContracts, recordInsurance, reviewContract, reviewTasks, reviseHousingPlan, saveLadder } from './contracts.ts';

export async function contractRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/housing/ladder',
    {
      config: { permission: 'applicant.read' },
      schema: { summary: "The municipality's housing ladder: its steps, trial periods and conditions (Västerås's until one is saved)", response: { 200: api.ladder } },
    },
    async (request) => getLadder(ctx, actorOf(request)),
  );

  r.put(
    '/api/v1/housing/ladder',
    { config: { permission: 'agreement.edit' }, schema: { summary: "Save the municipality's housing ladder", body: api.ladderBody, response: { 200: api.ladder } } },
    async (request) => saveLadder(ctx, actorOf(request), request.body.steps),
  );

  r.get(
    '/api/v1/housing/contracts',
    {
      config: { permission: 'applicant.read' },
      schema: { summary: 'Contracts on the ladder, with their review dates; those past review with no decision flagged', response: { 200: api.contracts } },
    },
    async (request) => ({ contracts: await listContracts(ctx, actorOf(request)) }),
  );

  r.post(
    '/api/v1/housing/contracts',
    {
      config: { permission: 'round.run' },
      schema: { summary: 'An accepted proposal becomes a contract on the first step the household may start on', body: api.contractBody, response: { 201: api.contract } },
    },
    async (request, reply) => reply.code(201).send(await createContract(ctx, actorOf(request), request.body)),
  );

  r.get(
    '/api/v1/housing/review-tasks',
    {
      config: { permission: 'applicant.read' },
      schema: { summary: 'Contract reviews as tasks: past their date with no decision, and due in the next 30 days', response: { 200: api.reviewTasks } },
    },
    async (request) => reviewTasks(ctx, actorOf(request)),
  );

  r.post(
    '/api/v1/housing/contracts/:id/reviews',
    {
      config: { permission: 'applicant.write' },
      schema: {
        summary: 'Review a contract: step up (every condition met), extend, or end, with reasons',
        params: api.idParams,
        body: api.reviewBody,
        response: { 201: api.reviewedContract },
      },
    },
    async (request, reply) => reply.code(201).send(await reviewContract(ctx, actorOf(request), request.params.id, request.body)),
  );

  r.get(
    '/api/v1/housing/transfers',
    { config: { permission: 'proposal.answer' }, schema: { summary: "Transfers of the lease to the tenant proposed for the landlord's homes", response: { 200: api.transfers } } },
    async (request) => ({ transfers: await landlordTransfers(ctx, actorOf(request)) }),
  );

  r.post(
    '/api/v1/housing/transfers/:id/answer',
    {
      config: { permission: 'proposal.answer' },
      schema: {
        summary: 'The landlord accepts the transfer of the lease or refuses it (with a reason where the agreement requires one)',
        params: api.idParams,
        body: answerBody,
        response: { 200: api.transfer },
      },
    },
    async (request) => answerTransfer(ctx, actorOf(request), request.params.id, request.body),
  );

  r.post(
    '/api/v1/housing/contracts/:id/plans',
    {
      config: { permission: 'applicant.write' },
      schema: {
        summary: 'A new version of the three-party housing plan (tenant, landlord, municipality); earlier versions stay',
        params: api.idParams,
        body: api.housingPlanBody,
        response: { 201: api.housingPlanRevised },
      },
    },
    async (request, reply) => reply.code(201).send(await reviseHousingPlan(ctx, actorOf(request), request.params.id, request.body)),
  );

  r.post(
    '/api/v1/housing/contracts/:id/insurance',
    {
      config: { permission: 'applicant.write' },
      schema: {
        summary: 'The home insurance with liability cover, checked at the start or a renewal',
        params: api.idParams,
        body: api.insuranceBody,
        response: { 201: api.contract },
      },
    },
    async (request, reply) => reply.code(201).send(await recordInsurance(ctx, actorOf(request), request.params.id, request.body)),
  );
}
