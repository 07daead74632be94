import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, landlordScope } from '../access/policy.ts';
import { accessStore } from '../access/store.ts';
import { todayInStockholm } from '../calendar/model.ts';
import type { AppContext } from '../platform/context.ts';
import { invalidField } from '../platform/errors.ts';
import { arrearsSms, senderName } from './model.ts';

export interface BulkSmsResult {
  queued: number;
  alreadySent: number;
  withoutPhone: number;
  sent: number;
  failed: number;
}

/**
 * Sends the arrears SMS to the tenants of the selected worklist items. The outbox row is keyed by the
 * request's idempotency key and the tenancy, so a retried request never sends the same SMS twice.
 */
export async function sendArrearsSms(ctx: AppContext, actor: Actor, input: { itemIds: number[]; idempotencyKey: string }): Promise<BulkSmsResult> {
  assertCan(actor, 'sms.send');
  const landlordId = landlordScope(actor);
  if (!/^[A-Za-z0-9_-]{8,100}$/.test(input.idempotencyKey)) throw invalidField('idempotencyKey', '8–100 tecken: bokstäver, siffror, - och _');
  if (input.itemIds.length === 0) throw invalidField('itemIds', 'Välj minst en rad');
  const today = todayInStockholm(ctx.clock.now());
  const result: BulkSmsResult = { queued: 0, alreadySent: 0, withoutPhone: 0, sent: 0, failed: 0 };
  await ctx.db.transaction(async (tx) => {
    const landlord = await accessStore.organisation(tx, landlordId);
    const rows = await tx.query<{ tenancy_id: string; address: string; phone: string | null }>(
      `select distinct w.tenancy_id, t.address, p.phone
         from worklist_items w join tenancies t on t.id = w.tenancy_id left join tenants p on p.tenancy_id = t.id and p.position = 1
        where w.landlord_id = $1 and w.id = any($2::bigint[])`,
      [landlordId, input.itemIds],
    );
    for (const r of rows) {
      if (!r.phone) {
        result.withoutPhone++;
        continue;
      }
      // Only the tenant's own address and the landlord's number: nothing another person could misuse.
      const body = arrearsSms({ landlordName: landlord!.name, landlordPhone: landlord!.phone, address: r.address });
      const inserted = await tx.query(
        `insert into sms_outbox (landlord_id, tenancy_id, idempotency_key, to_phone, body, created_by) values ($1, $2, $3, $4, $5, $6)
         on conflict (landlord_id, idempotency_key) do nothing returning id`,
        [landlordId, r.tenancy_id, `${input.idempotencyKey}:${r.tenancy_id}`, r.phone, body, actor.userId],
      );
      if (inserted.length === 0) {
        result.alreadySent++;
        continue;
      }
      result.queued++;
      await tx.query(
        "insert into outreach (landlord_id, tenancy_id, kind, reached, contact_date, note, created_by) values ($1, $2, 'sms', false, $3, 'Påminnelse-sms', $4)",
        [landlordId, r.tenancy_id, today, actor.userId],
      );
    }
    await recordAudit(tx, actor, { action: 'sms.queue', subjectType: 'worklist', details: { items: input.itemIds, queued: result.queued } });
  });
  const delivered = await deliverQueued(ctx, landlordId);
  result.sent = delivered.sent;
  result.failed = delivered.failed;
  return result;
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
      await ctx.db.query("update sms_outbox set status = case when attempts >= 3 then 'failed' else 'queued' end, error = $2 where id = $1", [
        claimed.id,
        (err as Error).message.slice(0, 500),
      ]);
      failed++;
      if (landlordId) break;
    }
  }
  return { sent, failed };
}

/** The landlord's outbox, newest first, and (in development) what the local sink received. */
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
