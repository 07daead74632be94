import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../platform/context.ts';
import { actorOf } from '../platform/http.ts';
import { outbox, sendArrearsSms } from './service.ts';

export async function messagingRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/sms/arrears',
    {
      config: { permission: 'sms.send' },
      schema: {
        summary: 'Send the arrears reminder SMS to the tenants of selected worklist items (idempotent per key)',
        body: z.object({ itemIds: z.array(z.number().int().positive()).min(1).max(1000), idempotencyKey: z.string() }),
      },
    },
    async (request) => sendArrearsSms(ctx, actorOf(request), request.body),
  );

  r.get('/api/v1/sms', { config: { permission: 'messages.read' } }, async (request) => outbox(ctx, actorOf(request)));
}
