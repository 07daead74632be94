// Routes of cooperation agreements and the homes offered under them, and the follow-up of both.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context.ts';
import { actorOf } from '../access/http.ts';
import * as api from './api.ts';
import { housingFollowUp } from './followup.ts';
import { agreementLandlords, createAgreement, listAgreements, listHomes, offerHome, updateAgreement, withdrawHome } from './service.ts';

export async function agreementRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/housing/agreements',
    {
      config: { permission: 'agreement.read' },
      schema: {
        summary: "Cooperation agreements on homes for social contracts: the municipality's, or the landlord's own, each with its commitment against the homes given this year and last",
        response: { 200: api.agreements },
      },
    },
    async (request) => ({ agreements: await listAgreements(ctx, actorOf(request)) }),
  );

  r.get(
    '/api/v1/housing/landlords',
    { config: { permission: 'agreement.edit' }, schema: { summary: 'The landlords a cooperation agreement can be written with', response: { 200: api.agreementLandlords } } },
    async (request) => ({ landlords: await agreementLandlords(ctx, actorOf(request)) }),
  );

  r.post(
    '/api/v1/housing/agreements',
    {
      config: { permission: 'agreement.edit' },
      schema: { summary: 'Write a cooperation agreement between the municipality and a landlord', body: api.agreementBody, response: { 201: api.agreement } },
    },
    async (request, reply) => reply.code(201).send(await createAgreement(ctx, actorOf(request), request.body)),
  );

  r.put(
    '/api/v1/housing/agreements/:id',
    {
      config: { permission: 'agreement.edit' },
      schema: { summary: 'Change a cooperation agreement (all its terms)', params: api.idParams, body: api.agreementBody, response: { 200: api.agreement } },
    },
    async (request) => updateAgreement(ctx, actorOf(request), request.params.id, request.body),
  );

  r.get(
    '/api/v1/housing/homes',
    {
      config: { authenticated: true },
      schema: { summary: "Homes offered under the agreements: a landlord's own (home.offer), or all under the municipality's (home.read)", response: { 200: api.homes } },
    },
    async (request) => ({ homes: await listHomes(ctx, actorOf(request)) }),
  );

  r.post(
    '/api/v1/housing/homes',
    {
      config: { permission: 'home.offer' },
      schema: {
        summary: 'Offer a vacant home under one of the landlord’s agreements (not in an area the agreement excludes)',
        body: api.homeBody,
        response: { 201: api.home },
      },
    },
    async (request, reply) => reply.code(201).send(await offerHome(ctx, actorOf(request), request.body)),
  );

  r.post(
    '/api/v1/housing/homes/:id/withdraw',
    { config: { permission: 'home.offer' }, schema: { summary: 'Take back a home offered', params: api.idParams, response: { 200: api.home } } },
    async (request) => withdrawHome(ctx, actorOf(request), request.params.id),
  );

  r.get(
    '/api/v1/housing/follow-up',
    {
      config: { permission: 'statistics.read' },
      schema: {
        summary: 'Follow-up per municipality and landlord, figures that name no one: contracts ongoing, time on each step, conversions to own lease this year, lock-in, quota fulfilment',
        response: { 200: api.followUp },
      },
    },
    async (request) => housingFollowUp(ctx, actorOf(request)),
  );
}
