// The landlord's own record of its applications to Kronofogden (issue 14 §1): the day it applied for
// eviction, and the day it withdrew the application (the tenant paid) or the eviction was carried out.
// The landlord board's figures (applications and evictions per 1 000 homes, withdrawn) count these.
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, assertSeesLandlordRow } from '../access/policy.ts';
import { isIsoDate } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { ledgerReads } from '../ledger/reads.ts';
import type { AppContext } from '../platform/context.ts';
import { invalidField, notFound } from '../platform/errors.ts';
import { type KfmApplicationRow, kfmApplicationStore } from './kfm-application-store.ts';

export interface KfmApplicationView {
  id: string;
  appliedOn: string;
  caseNumber: string | null;
  withdrawnOn: string | null;
  carriedOutOn: string | null;
  recordedAt: Date;
}

const view = (r: KfmApplicationRow): KfmApplicationView => ({
  id: r.id, appliedOn: r.applied_on, caseNumber: r.case_number, withdrawnOn: r.withdrawn_on, carriedOutOn: r.carried_out_on, recordedAt: r.recorded_at,
});

function pastDay(field: string, value: string | null | undefined, today: string, required: boolean): string | null {
  const day = value?.trim() ?? '';
  if (day === '') {
    if (required) throw invalidField(field, 'Ange dagen, t.ex. 2027-02-03');
    return null;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !isIsoDate(day)) throw invalidField(field, 'Ange dagen, t.ex. 2027-02-03');
  if (day > today) throw invalidField(field, 'Dagen har inte kommit än');
  return day;
}

function caseNumberOf(value: string | null | undefined): string | null {
  const n = value?.trim() ?? '';
  if (n === '') return null;
  if (!/^[\p{L}\p{N}][\p{L}\p{N} \-/]{0,39}$/u.test(n)) throw invalidField('caseNumber', 'Kronofogdens målnummer: bokstäver, siffror, bindestreck (högst 40 tecken)');
  return n;
}

export async function kfmApplicationsOf(ctx: AppContext, actor: Actor, tenancyId: string): Promise<KfmApplicationView[]> {
  assertCan(actor, 'notice.read');
  return ctx.db.transaction(async (tx) => {
    assertSeesLandlordRow(actor, (await ledgerReads.tenancy(tx, tenancyId))?.landlord_id);
    const rows = await kfmApplicationStore.ofTenancy(tx, tenancyId);
    await recordAudit(tx, actor, { action: 'kfm_application.read', subjectType: 'tenancy', subjectId: tenancyId, details: { applications: rows.map((r) => r.id) } });
    return rows.map(view);
  });
}

/** Records the landlord's application; the same tenancy and day again is answered with the one kept (`created` false). */
export async function recordKfmApplication(
  ctx: AppContext,
  actor: Actor,
  tenancyId: string,
  input: { appliedOn: string; caseNumber?: string | null },
): Promise<{ id: string; created: boolean }> {
  assertCan(actor, 'kfm.export');
  const today = todayInStockholm(ctx.clock.now());
  const appliedOn = pastDay('appliedOn', input.appliedOn, today, true)!;
  const caseNumber = caseNumberOf(input.caseNumber);
  return ctx.db.transaction(async (tx) => {
    const tenancy = await ledgerReads.tenancy(tx, tenancyId);
    assertSeesLandlordRow(actor, tenancy?.landlord_id);
    const kept = await kfmApplicationStore.insert(tx, { landlordId: tenancy!.landlord_id, tenancyId, appliedOn, caseNumber, recordedBy: actor.userId, at: ctx.clock.now() });
    if (kept.created) await recordAudit(tx, actor, { action: 'kfm_application.record', subjectType: 'kfm_application', subjectId: kept.id, details: { tenancy: tenancyId, appliedOn } });
    return kept;
  });
}

/** How the application ended: withdrawn, or the eviction carried out (or neither yet: both null). */
export async function endKfmApplication(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { withdrawnOn?: string | null; carriedOutOn?: string | null; caseNumber?: string | null },
): Promise<KfmApplicationView> {
  assertCan(actor, 'kfm.export');
  if (actor.orgKind !== 'landlord' || !actor.orgId) throw notFound('Ansökan finns inte');
  const today = todayInStockholm(ctx.clock.now());
  const withdrawnOn = pastDay('withdrawnOn', input.withdrawnOn, today, false);
  const carriedOutOn = pastDay('carriedOutOn', input.carriedOutOn, today, false);
  if (withdrawnOn && carriedOutOn) throw invalidField('carriedOutOn', 'En återkallad ansökan kan inte också ha verkställts');
  const caseNumber = caseNumberOf(input.caseNumber);
  return ctx.db.transaction(async (tx) => {
    const row = await kfmApplicationStore.one(tx, actor.orgId!, id, true);
    if (!row) throw notFound('Ansökan finns inte');
    if (withdrawnOn && withdrawnOn < row.applied_on) throw invalidField('withdrawnOn', `Ansökan gjordes ${row.applied_on}; den kan inte återkallas före det`);
    if (carriedOutOn && carriedOutOn < row.applied_on) throw invalidField('carriedOutOn', `Ansökan gjordes ${row.applied_on}; avhysningen kan inte ha skett före det`);
    await kfmApplicationStore.setEnd(tx, id, { withdrawnOn, carriedOutOn, caseNumber });
    if (row.withdrawn_on !== withdrawnOn || row.carried_out_on !== carriedOutOn)
      await recordAudit(tx, actor, { action: 'kfm_application.update', subjectType: 'kfm_application', subjectId: id, details: { withdrawnOn, carriedOutOn } });
    return view((await kfmApplicationStore.one(tx, actor.orgId!, id))!);
  });
}
