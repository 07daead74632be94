import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, landlordScope } from '../access/policy.ts';
import type { AppContext } from '../platform/context.ts';
import type { Queryable } from '../platform/database.ts';
import { senderName, SmsRefused } from './model.ts';
import { messagingStore, type QueuedSms } from './store.ts';

/**
 * Puts one SMS in the outbox inside the caller's transaction. The key is unique per landlord, so the
 * same message is never queued twice; returns whether it was new.
 */
export async function queueSms(tx: Queryable, m: QueuedSms): Promise<boolean> {
  return messagingStore.queue(tx, m);
}

/** Sends what is queued. Each message is claimed before it is sent, so two workers never send it twice. */
export async function deliverQueued(ctx: AppContext, landlordId?: string): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  const from = senderName(ctx.config.sms.from);
  for (;;) {
    const claimed = await ctx.db.transaction((tx) => messagingStore.claimNext(tx, landlordId ?? null, ctx.sms.name));
    if (!claimed) break;
    try {
      const { providerMessageId } = await ctx.sms.send({ from, to: claimed.to_phone, body: claimed.body });
      await messagingStore.markSent(ctx.db, claimed.id, providerMessageId);
      sent++;
    } catch (err) {
      // Retried only when the provider said no; after a timeout it may have gone out, so it is not sent again.
      const refused = err instanceof SmsRefused;
      const error = refused ? (err as Error).message : `Okänt om meddelandet kom fram: ${(err as Error).message}`;
      await messagingStore.markFailed(ctx.db, claimed.id, error.slice(0, 500), refused);
      failed++;
      if (landlordId) break;
    }
  }
  return { sent, failed };
}

/** The landlord's outbox, newest first, with the provider it goes through (the local sink in development). */
export async function outbox(ctx: AppContext, actor: Actor) {
  assertCan(actor, 'messages.read');
  const landlordId = landlordScope(actor);
  return ctx.db.transaction(async (tx) => {
    const messages = await messagingStore.outbox(tx, landlordId);
    await recordAudit(tx, actor, { action: 'sms.read', subjectType: 'sms_outbox', subjectId: landlordId });
    return { provider: ctx.sms.name, messages };
  });
}
