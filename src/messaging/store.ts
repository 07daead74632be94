// The SMS outbox and the development sink: their SQL.
import type { Queryable } from '../platform/database.ts';

export interface QueuedSms { landlordId: string; tenancyId: string | null; key: string; to: string; body: string; userId: string | null }

export const messagingStore = {
  /** Queues a message; false when the landlord's key was used before (the message is already queued). */
  async queue(q: Queryable, m: QueuedSms): Promise<boolean> {
    const rows = await q.query(
      `insert into sms_outbox (landlord_id, tenancy_id, idempotency_key, to_phone, body, created_by) values ($1, $2, $3, $4, $5, $6)
       on conflict (landlord_id, idempotency_key) do nothing returning id`,
      [m.landlordId, m.tenancyId, m.key, m.to, m.body, m.userId],
    );
    return rows.length > 0;
  },

  /** Claims the oldest queued message (of one landlord, or any), marked sent before it goes; skips those another worker holds. */
  async claimNext(q: Queryable, landlordId: string | null, provider: string): Promise<{ id: string; to_phone: string; body: string } | undefined> {
    const [claimed] = await q.query<{ id: string; to_phone: string; body: string }>(
      `update sms_outbox set attempts = attempts + 1, status = 'sent', provider = $2
        where id = (select id from sms_outbox where status = 'queued' and attempts < 3 and ($1::uuid is null or landlord_id = $1)
                    order by created_at limit 1 for update skip locked)
        returning id, to_phone, body`,
      [landlordId, provider],
    );
    return claimed;
  },

  async markSent(q: Queryable, id: string, providerMessageId: string): Promise<void> {
    await q.query('update sms_outbox set provider_message_id = $2, sent_at = now() where id = $1', [id, providerMessageId]);
  },

  /** Queued again when the provider refused it and attempts are left; otherwise failed. */
  async markFailed(q: Queryable, id: string, error: string, retry: boolean): Promise<void> {
    await q.query("update sms_outbox set status = case when $3 and attempts < 3 then 'queued' else 'failed' end, error = $2 where id = $1", [id, error, retry]);
  },

  async outbox(q: Queryable, landlordId: string) {
    return q.query<{ id: string; to_phone: string; body: string; status: string; provider: string | null; error: string | null; created_at: Date; sent_at: Date | null }>(
      'select id, to_phone, body, status, provider, error, created_at, sent_at from sms_outbox where landlord_id = $1 order by created_at desc limit 200',
      [landlordId],
    );
  },

  /** The development sink's copy of a message "sent"; its id stands for the provider's. */
  async sink(q: Queryable, m: { from: string; to: string; body: string }): Promise<string> {
    const [row] = await q.query<{ id: string }>('insert into sms_sink (from_name, to_phone, body) values ($1, $2, $3) returning id', [m.from, m.to, m.body]);
    return row!.id;
  },
};
