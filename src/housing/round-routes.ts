// Routes of matching rounds and their proposals: the coordinator's approval, the landlord's answer.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context.ts';
import { actorOf } from '../access/http.ts';
import * as api from './api.ts';
import { answerProposal, decideProposal, landlordProposals, latestRound, runRound } from './rounds.ts';

export async function roundRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/housing/rounds',
    {
      config: { permission: 'round.run' },
      schema: { summary: 'A matching round: the waiting list matched to the homes on offer; proposals to approve, reasons for those left out', response: { 201: api.round } },
    },
    async (request, reply) => reply.code(201).send(await runRound(ctx, actorOf(request))),
  );

  r.get(
    '/api/v1/housing/rounds/latest',
    { config: { permission: 'round.run' }, schema: { summary: 'The latest matching round with its proposals and the households left out', response: { 200: api.round } } },
    async (request) => latestRound(ctx, actorOf(request)),
  );

  r.post(
    '/api/v1/housing/proposals/:id/decision',
    {
      config: { permission: 'round.run' },
      schema: {
        summary: 'The coordinator approves a proposal (it goes to the landlord) or sets it aside',
        params: api.idParams,
        body: api.proposalDecisionBody,
        response: { 200: api.proposal },
      },
    },
    async (request) => decideProposal(ctx, actorOf(request), request.params.id, request.body.approve),
  );

  r.get(
    '/api/v1/housing/proposals',
    { config: { permission: 'proposal.answer' }, schema: { summary: "Proposals approved for the landlord's homes, and its answers", response: { 200: api.landlordProposals } } },
    async (request) => ({ proposals: await landlordProposals(ctx, actorOf(request)) }),
  );

  r.post(
    '/api/v1/housing/proposals/:id/answer',
    {
      config: { permission: 'proposal.answer' },
      schema: {
        summary: 'The landlord accepts a proposal or declines it with a reason',
        params: api.idParams,
        body: api.answerBody,
        response: { 200: api.landlordProposal },
      },
    },
    async (request) => answerProposal(ctx, actorOf(request), request.params.id, request.body),
  );
}
