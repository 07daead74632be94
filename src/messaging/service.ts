import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, landlordScope } from '../access/policy.ts';
import type { AppContext } from '../platform/context.ts';
import type { Queryable } from '../platform/database.ts';
import { senderName, SmsRefused } from './model.ts';

/**
 * Puts one SMS in the outbox inside the caller's transaction. The key is unique per landlord, so the
 * same message is never queued twice; returns whether it was new.
 */
export async function queueSms(
  tx: Queryable,
  m: { landlordId: string; tenancyId: string | null; key: string; to: string; body: string; userId: string | null },
): Promise<boolean> {
  const rows = await tx.query(
    `insert into sms_outbox (landlord_id, tenancy_id, idempotency_key, to_phone, body, created_by) values ($1, $2, $3, $4, $5, $6)
     on conflict (landlord_id, idempotency_key) do nothing returning id`,
    [m.landlordId, m.tenancyId, m.key, m.to, m.body, m.userId],
  );
  return rows.length > 0;
}

/** Sends what is queued. Each message is claimed before it is sent, so two workers never send it twice. */
export async function deliverQueued(ctx: AppContext, landlordId?: string): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  const from = senderName(ctx.config.sms.from);
  for (;;) {
    const [claimed] = await ctx.db.transaction((tx) =>
      tx.query<{ id: string; to_phone: string; body: string }>(
        `update sms_outbox set attempts = attempts + 1, status = 'sent', provider = $2
          where id = (select id from sms_outbox where status = 'queued' and attempts < 3 and ($1::uuid is null or landlord_id = $1)
                      order by created_at limit 1 for update skip locked)
          returning id, to_phone, body`,
        [landlordId ?? null, ctx.sms.name],
      ),
    );
    if (!claimed) break;
    try {
      const { providerMessageId } = await ctx.sms.send({ from, to: claimed.to_phone, body: claimed.body });
      await ctx.db.query('update sms_outbox set provider_message_id = $2, sent_at = now() where id = $1', [claimed.id, providerMessageId]);
      sent++;
    } catch (err) {
      // Retried only when the provider said no; after a timeout it may have gone out, so it is not sent again.
      const refused = err instanceof SmsRefused;
      const error = refused ? (err as Error).message : `Okänt om meddelandet kom fram: ${(err as Error).message}`;
      await ctx.db.query(
        "update sms_outbox set status = case when $3 and attempts < 3 then 'queued' else 'failed' end, error = $2 where id = $1",
        [claimed.id, error.slice(0, 500), refused],
      );
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
    const messages = await tx.query<{ id: string; to_phone: string; body: string; status: string; provider: string | null; error: string | null; created_at: Date; sent_at: Date | null }>(
      'select id, to_phone, body, status, provider, error, created_at, sent_at from sms_outbox where landlord_id = $1 order by created_at desc limit 200',
      [landlordId],
    );
    await recordAudit(tx, actor, { action: 'sms.read', subjectType: 'sms_outbox', subjectId: landlordId });
    return { provider: ctx.sms.name, messages };
  });
}
