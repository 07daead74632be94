// Outreach (issue 1): contact attempts and promises to pay logged from the worklist, the household's
// contact log, and the arrears reminder SMS, at most one per household a day.
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, assertOwnTenancyField, can, landlordScope } from '../access/policy.ts';
import { directory } from '../access/directory.ts';
import { isIsoDate, type IsoDate } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { arrearsOn, fromLedgerRows } from '../ledger/model.ts';
import { ledgerReads } from '../ledger/reads.ts';
import { arrearsSms } from '../messaging/model.ts';
import { deliverQueued, queueSms } from '../messaging/service.ts';
import type { AppContext } from '../platform/context.ts';
import { invalidField, notFound } from '../platform/errors.ts';
import { type NonpaymentReason, nonpaymentProblem, promisePauseEnds } from './model.ts';
import { outreachStore } from './outreach-store.ts';
import { worklistStore } from './worklist-store.ts';

export interface OutreachInput {
  tenancyId: string;
  worklistItemId?: number | null;
  kind: 'call' | 'sms' | 'letter' | 'visit';
  reached: boolean;
  contactDate?: IsoDate;
  partOfDay?: 'morning' | 'afternoon' | 'evening' | null;
  outcome?: 'promise_to_pay' | 'wants_payment_plan' | 'referred_to_social_services' | 'disputes_debt' | 'no_agreement' | null;
  promiseAmount?: number | null;
  promiseDate?: IsoDate | null;
  note?: string | null;
  nonpaymentReason?: NonpaymentReason | null;
  nonpaymentNote?: string | null;
}

/** Logs a contact attempt; a promise to pay pauses escalation, and the worklist item it came from is done. */
export async function logOutreach(ctx: AppContext, actor: Actor, input: OutreachInput): Promise<{ id: string; pausedUntil: IsoDate | null }> {
  assertCan(actor, 'outreach.write');
  const landlordId = landlordScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  const contactDate = input.contactDate ?? today;
  if (!isIsoDate(contactDate)) throw invalidField('contactDate', 'Ogiltigt datum');
  if (contactDate > today) throw invalidField('contactDate', 'Kontakten kan inte ha skett i framtiden');
  const isPromise = input.outcome === 'promise_to_pay';
  if (input.outcome && !input.reached) throw invalidField('outcome', 'Ett utfall kräver att hyresgästen nåddes');
  if (isPromise) {
    if (!input.promiseAmount || input.promiseAmount <= 0) throw invalidField('promiseAmount', 'Ange det utlovade beloppet');
    if (!input.promiseDate || !isIsoDate(input.promiseDate)) throw invalidField('promiseDate', 'Ange det datum hyresgästen lovat att betala');
    if (input.promiseDate < contactDate) throw invalidField('promiseDate', 'Betalningsdagen kan inte ligga före kontakten');
  }
  const nonpayment = { reached: input.reached, reason: input.nonpaymentReason ?? null, note: input.nonpaymentNote?.trim() || null };
  const wrongReason = nonpaymentProblem(nonpayment);
  if (wrongReason) throw invalidField(wrongReason.field, wrongReason.message);
  return ctx.db.transaction(async (tx) => {
    const tenancy = await ledgerReads.tenancy(tx, input.tenancyId);
    assertOwnTenancyField(actor, tenancy, 'tenancyId');
    if (input.worklistItemId) {
      const [item] = await worklistStore.items(tx, landlordId, [input.worklistItemId]);
      if (!item || item.tenancy_id !== input.tenancyId) throw invalidField('worklistItemId', 'Uppgiften hör inte till detta hyresförhållande');
    }
    const id = await outreachStore.recordOutreach(tx, {
      landlordId, tenancyId: input.tenancyId, worklistItemId: input.worklistItemId ?? null, kind: input.kind, reached: input.reached, contactDate,
      partOfDay: input.partOfDay ?? null, outcome: input.outcome ?? null, promiseAmount: isPromise ? input.promiseAmount! : null,
      promiseDate: isPromise ? input.promiseDate! : null, note: input.note?.trim() || null, nonpaymentReason: nonpayment.reason, nonpaymentNote: nonpayment.note,
      createdBy: actor.userId,
    });
    if (input.worklistItemId && input.reached) await worklistStore.markDone(tx, landlordId, [input.worklistItemId], actor.userId);
    await recordAudit(tx, actor, { action: 'outreach.create', subjectType: 'tenancy', subjectId: input.tenancyId, details: { outreach: id, kind: input.kind } });
    return { id, pausedUntil: isPromise ? promisePauseEnds(input.promiseDate!) : null };
  });
}

export async function outreachOf(ctx: AppContext, actor: Actor, tenancyId: string) {
  assertCan(actor, 'tenancy.read');
  const landlordId = landlordScope(actor);
  // Caretakers see that contact was made, not what was said or promised.
  const full = can(actor, 'ledger.read');
  return ctx.db.transaction(async (tx) => {
    // Another landlord's tenancy is not found, like one that does not exist (not an empty log).
    if ((await ledgerReads.tenancy(tx, tenancyId))?.landlord_id !== landlordId) throw notFound('Hyresavtalet finns inte');
    await recordAudit(tx, actor, { action: 'outreach.read', subjectType: 'tenancy', subjectId: tenancyId, reason: 'Kontaktlogg' });
    const rows = await outreachStore.outreachOf(tx, landlordId, tenancyId);
    return full ? rows : rows.map((r) => ({ ...r, outcome: null, promise_amount: null, promise_date: null, promise_status: null, note: null, nonpayment_reason: null, nonpayment_note: null }));
  });
}

export interface BulkSmsResult {
  queued: number;
  alreadySent: number;
  withoutPhone: number;
  notOwing: number;
  sent: number;
  failed: number;
}

/**
 * The arrears reminder SMS to the tenants of selected worklist items. Only open items of households
 * that still owe and have no promise holding; at most one reminder per household a day, whatever the
 * selection or retries (the outbox key is the household and the day).
 */
export async function sendArrearsSms(ctx: AppContext, actor: Actor, input: { itemIds: number[]; idempotencyKey: string }): Promise<BulkSmsResult> {
  assertCan(actor, 'sms.send');
  const landlordId = landlordScope(actor);
  if (!/^[A-Za-z0-9_-]{8,100}$/.test(input.idempotencyKey)) throw invalidField('idempotencyKey', '8–100 tecken: bokstäver, siffror, - och _');
  if (input.itemIds.length === 0) throw invalidField('itemIds', 'Välj minst en rad');
  const today = todayInStockholm(ctx.clock.now());
  const result: BulkSmsResult = { queued: 0, alreadySent: 0, withoutPhone: 0, notOwing: 0, sent: 0, failed: 0 };
  await ctx.db.transaction(async (tx) => {
    const landlord = await directory.organisation(tx, landlordId);
    const paused = await outreachStore.pausedOn(tx, landlordId, today);
    const rows = await outreachStore.smsRecipients(tx, landlordId, input.itemIds);
    for (const r of rows) {
      const entries = await ledgerReads.entries(tx, r.tenancy_id);
      const owed = arrearsOn(fromLedgerRows(entries), 0, today).owed;
      if (owed <= 0 || paused.has(r.tenancy_id)) {
        result.notOwing++;
        continue;
      }
      if (!r.phone) {
        result.withoutPhone++;
        continue;
      }
      // Only the tenant's own address and the landlord's number: nothing another person could misuse.
      const body = arrearsSms({ landlordName: landlord!.name, landlordPhone: landlord!.phone, address: r.address });
      const queued = await queueSms(tx, { landlordId, tenancyId: r.tenancy_id, key: `arrears:${today}:${r.tenancy_id}`, to: r.phone, body, userId: actor.userId });
      if (!queued) {
        result.alreadySent++;
        continue;
      }
      result.queued++;
      await outreachStore.insertOutreach(tx, { landlordId, tenancyId: r.tenancy_id, kind: 'sms', reached: false, contactDate: today, note: 'Påminnelse-sms', userId: actor.userId });
    }
    await recordAudit(tx, actor, { action: 'sms.queue', subjectType: 'worklist', details: { items: input.itemIds, queued: result.queued, key: input.idempotencyKey } });
  });
  const delivered = await deliverQueued(ctx, landlordId);
  result.sent = delivered.sent;
  result.failed = delivered.failed;
  return result;
}
