// The cases capability's routes, by topic: the way in and the inbox, the case, consent, plans, closing.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { caseRoutes } from './case-routes.ts';
import { closingRoutes } from './closing-routes.ts';
import { consentRoutes } from './consent-routes.ts';
import { intakeRoutes } from './intake-routes.ts';
import { planRoutes } from './plan-routes.ts';

export async function casesRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await intakeRoutes(app, ctx);
  await caseRoutes(app, ctx);
  await consentRoutes(app, ctx);
  await planRoutes(app, ctx);
  await closingRoutes(app, ctx);
}
