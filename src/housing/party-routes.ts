// Routes of what both parties to a social contract do on it: the landlord's view of its contracts and
// the problems it reports (with social services' answers), claims under the rent guarantee, and the
// move-in and move-out inspections.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context.ts';
import { actorOf } from '../access/http.ts';
import * as api from './contract-api.ts';
import { landlordContracts, municipalityProblems, reportProblem, respondToProblem } from './problems.ts';
import { claimGuarantee, decideClaim, landlordClaims, municipalityClaims } from './guarantees.ts';
import { bookInspection, recordInspection } from './inspections.ts';

export async function partyRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/housing/landlord-contracts',
    {
      config: { permission: 'proposal.answer' },
      schema: { summary: "The landlord's homes with social contracts on them (no names), and the problems it reported with their response clocks", response: { 200: api.landlordContracts } },
    },
    async (request) => landlordContracts(ctx, actorOf(request)),
  );

  r.post(
    '/api/v1/housing/contracts/:id/problems',
    {
      config: { permission: 'proposal.answer' },
      schema: {
        summary: "The landlord reports a problem on a contract: the agreement's response clock starts",
        params: api.idParams,
        body: api.problemBody,
        response: { 201: api.problem },
      },
    },
    async (request, reply) => reply.code(201).send(await reportProblem(ctx, actorOf(request), request.params.id, request.body.description)),
  );

  r.get(
    '/api/v1/housing/problems',
    {
      config: { permission: 'applicant.read' },
      schema: { summary: "Problems landlords reported on the municipality's contracts, open ones first, breaches flagged", response: { 200: api.municipalityProblems } },
    },
    async (request) => ({ problems: await municipalityProblems(ctx, actorOf(request)) }),
  );

  r.post(
    '/api/v1/housing/problems/:id/response',
    {
      config: { permission: 'applicant.write' },
      schema: {
        summary: "Social services' answer to a problem the landlord reported",
        params: api.idParams,
        body: api.problemResponseBody,
        response: { 200: api.municipalityProblem },
      },
    },
    async (request) => respondToProblem(ctx, actorOf(request), request.params.id, request.body.response),
  );

  r.post(
    '/api/v1/housing/contracts/:id/guarantee-claims',
    {
      config: { permission: 'proposal.answer' },
      schema: {
        summary: "The landlord claims under a contract's rent guarantee for rent due on given dates; checked against the guarantee and the ledger",
        params: api.idParams,
        body: api.claimBody,
        response: { 201: api.claim },
      },
    },
    async (request, reply) => reply.code(201).send(await claimGuarantee(ctx, actorOf(request), request.params.id, request.body)),
  );

  r.get(
    '/api/v1/housing/landlord-guarantee-claims',
    { config: { permission: 'proposal.answer' }, schema: { summary: "The landlord's claims under rent guarantees and what became of them", response: { 200: api.landlordClaims } } },
    async (request) => ({ claims: await landlordClaims(ctx, actorOf(request)) }),
  );

  r.get(
    '/api/v1/housing/guarantee-claims',
    {
      config: { permission: 'applicant.read' },
      schema: {
        summary: "Claims on the municipality's rent guarantees, undecided first, each with its check against the guarantee and the ledger",
        response: { 200: api.municipalityClaims },
      },
    },
    async (request) => ({ claims: await municipalityClaims(ctx, actorOf(request)) }),
  );

  r.post(
    '/api/v1/housing/guarantee-claims/:id/decision',
    {
      config: { permission: 'agreement.edit' },
      schema: {
        summary: 'Pay a claim (at most what the check allows) or reject it with a reason',
        params: api.idParams,
        body: api.claimDecisionBody,
        response: { 200: api.municipalityClaim },
      },
    },
    async (request) => decideClaim(ctx, actorOf(request), request.params.id, request.body),
  );

  r.post(
    '/api/v1/housing/contracts/:id/inspections',
    {
      config: { permission: 'inspection.record' },
      schema: {
        summary: 'Book the move-in or move-out inspection (either party); booking again before it is held moves the date',
        params: api.idParams,
        body: api.inspectionBody,
        response: { 201: api.inspection },
      },
    },
    async (request, reply) => reply.code(201).send(await bookInspection(ctx, actorOf(request), request.params.id, request.body)),
  );

  r.post(
    '/api/v1/housing/inspections/:id/protocol',
    {
      config: { permission: 'inspection.record' },
      schema: {
        summary: 'The protocol of a held inspection: who was there (social services, the tenant), remarks and damage',
        params: api.idParams,
        body: api.protocolBody,
        response: { 200: api.inspection },
      },
    },
    async (request) => recordInspection(ctx, actorOf(request), request.params.id, request.body),
  );
}
