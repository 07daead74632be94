import type { FastifyInstance } from 'fastify';
import { linkAuditChain } from '../access/audit.ts';
import { anchorAuditHead } from '../access/audit-anchor.ts';
import { accessRoutes } from '../access/routes.ts';
import { casesRoutes } from '../cases/routes.ts';
import { privacyRoutes } from '../privacy/routes.ts';
import { housingRoutes } from '../housing/routes.ts';
import { collectionRoutes, noticeRoutes } from '../collection/routes.ts';
import { statisticsRoutes } from '../statistics/routes.ts';
import { refreshToday } from '../collection/daily-run.ts';
import { ledgerRoutes } from '../ledger/routes.ts';
import { messagingRoutes } from '../messaging/routes.ts';
import { smsProviderFromConfig } from '../messaging/providers.ts';
import type { SmsProvider } from '../messaging/model.ts';
import { type Clock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { type Database, openDatabase } from './database.ts';
import { buildApp } from './http.ts';
import { migrateFor } from './roles.ts';
import { sweepStaleUploads } from '../ledger/uploads.ts';

/** Every capability's routes, in one list. */
async function registerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await accessRoutes(app, ctx);
  await ledgerRoutes(app, ctx, (landlordId) => refreshToday(ctx, landlordId));
  await collectionRoutes(app, ctx);
  await noticeRoutes(app, ctx);
  await messagingRoutes(app, ctx);
  await casesRoutes(app, ctx);
  await privacyRoutes(app, ctx);
  await housingRoutes(app, ctx);
  await statisticsRoutes(app, ctx);
}

export interface Bokvar {
  ctx: AppContext;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Opens the database, applies migrations and builds the HTTP app (not yet listening). */
export async function createBokvar(
  config: Config,
  opts: { db?: Database; clock?: Clock; sms?: SmsProvider } = {},
): Promise<Bokvar> {
  const db = opts.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await migrateFor(config, db);
  // Uploads a crashed server left on disk hold personnummer: gone before this one takes any.
  await sweepStaleUploads();
  const ctx: AppContext = { db, clock: opts.clock ?? systemClock, sms: opts.sms ?? smsProviderFromConfig(config.sms, db), config };
  const app = await buildApp(ctx, registerRoutes);
  return {
    ctx,
    app,
    close: async () => {
      await app.close();
      await linkAuditChain(db);
      await anchorAuditHead(db, config.auditAnchor, ctx.clock.now()).catch(() => undefined);
      if (!opts.db) await db.close();
    },
  };
}
