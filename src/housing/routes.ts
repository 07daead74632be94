// The housing capability's routes, by topic: agreements and homes, the waiting list, matching rounds,
// the ladder and its contracts, and what both parties to a contract do on it.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { agreementRoutes } from './agreement-routes.ts';
import { contractRoutes } from './contract-routes.ts';
import { partyRoutes } from './party-routes.ts';
import { roundRoutes } from './round-routes.ts';
import { waitingListRoutes } from './waiting-list-routes.ts';

export async function housingRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await agreementRoutes(app, ctx);
  await waitingListRoutes(app, ctx);
  await roundRoutes(app, ctx);
  await contractRoutes(app, ctx);
  await partyRoutes(app, ctx);
}
