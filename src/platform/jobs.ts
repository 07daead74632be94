import { Cron } from 'croner';
import { linkAuditChain } from '../access/audit.ts';
import { anchorAuditHead } from '../access/audit-anchor.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { checkPaymentPlans } from '../cases/plans.ts';
import { runDaily } from '../collection/daily-run.ts';
import { deliverQueued } from '../messaging/service.ts';
import { cullExpired } from '../privacy/retention.ts';
import type { AppContext } from './context.ts';

/**
 * Scheduled jobs. The daily run at 06:00 Europe/Stockholm, then the payment-plan check, are safe with
 * several servers: each date is claimed once in job_runs; so is the night's culling at 03:30 (not
 * 02:30, which the last Sunday of March does not have). Queued SMS are retried every minute. Audit rows
 * are linked into the hash chain every second (one linker at a time across servers).
 */
export function startJobs(ctx: AppContext): () => void {
  const jobs = [
    new Cron('0 6 * * *', { timezone: 'Europe/Stockholm', protect: true }, async () => {
      try {
        await runDaily(ctx, todayInStockholm(ctx.clock.now()));
      } catch (err) {
        console.error('[bokvar] daily run failed:', (err as Error).message);
      }
      try {
        await checkPaymentPlans(ctx, todayInStockholm(ctx.clock.now()));
      } catch (err) {
        console.error('[bokvar] payment-plan check failed:', (err as Error).message);
      }
    }),
    // What has reached its retention period is culled at night (privacy/retention.ts).
    new Cron('30 3 * * *', { timezone: 'Europe/Stockholm', protect: true }, async () => {
      await cullExpired(ctx).catch((err: Error) => console.error('[bokvar] culling failed:', err.message));
    }),
    new Cron('* * * * *', { protect: true }, async () => {
      await deliverQueued(ctx).catch((err: Error) => console.error('[bokvar] sms delivery failed:', err.message));
    }),
    new Cron('* * * * * *', { protect: true }, async () => {
      await linkAuditChain(ctx.db).catch((err: Error) => console.error('[bokvar] audit linking failed:', err.message));
    }),
    // The chain's head, outside the database, once a minute (access/audit-anchor.ts).
    new Cron('30 * * * * *', { protect: true }, async () => {
      await anchorAuditHead(ctx.db, ctx.config.auditAnchor, ctx.clock.now()).catch((err: Error) => console.error('[bokvar] audit anchoring failed:', err.message));
    }),
  ];
  return () => {
    for (const j of jobs) j.stop();
  };
}
