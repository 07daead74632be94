import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context.ts';
import { actorOf } from '../access/http.ts';
import { outbox } from './service.ts';
import * as api from './api.ts';

export async function messagingRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/sms', { config: { permission: 'messages.read' }, schema: { summary: "The landlord's latest SMS and how each went", response: { 200: api.outbox } } }, async (request) => outbox(ctx, actorOf(request)));
}
