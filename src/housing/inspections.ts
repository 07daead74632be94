// Move-in and move-out inspections of a home on a social contract, with social services present (issue 4
// §4; Götene). Either party to the contract books one; the protocol records when it was held, whether
// social services and the tenant were there, the remarks and any damage. A contract under way with no
// move-in inspection held, an ended one with no move-out inspection, and an inspection held without social
// services are flagged.

import type { z } from 'zod';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, assertContractParty } from '../access/policy.ts';
import { isIsoDate } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import type { AppContext } from '../platform/context.ts';
import type { Queryable } from '../platform/database.ts';
import { AppError, invalidField, notFound } from '../platform/errors.ts';
import type * as api from './contract-api.ts';
import { type InspectionRow, inspectionStore } from './inspection-store.ts';
import type { InspectionKind } from './model.ts';


function inspectionAnswer(i: InspectionRow): z.output<typeof api.inspection> {
  return {
    id: i.id, kind: i.kind, scheduledOn: i.scheduled_on, heldOn: i.held_on, socialServicesPresent: i.social_services_present, tenantPresent: i.tenant_present,
    remarks: i.remarks, damages: i.damages,
  };
}

/** A contract's inspections and what is missing, for the contract lists of both parties. */
export function inspectionsOf(rows: readonly InspectionRow[], contract: { status: string; started_on: string }, today: string): z.output<typeof api.inspections> {
  const moveIn = rows.find((i) => i.kind === 'move_in');
  const moveOut = rows.find((i) => i.kind === 'move_out');
  return {
    moveIn: moveIn ? inspectionAnswer(moveIn) : null,
    moveOut: moveOut ? inspectionAnswer(moveOut) : null,
    // The household has moved in and no move-in inspection has been held.
    moveInMissing: contract.started_on < today && !moveIn?.held_on && contract.status !== 'ended',
    // The contract has ended and the home has not been inspected since.
    moveOutMissing: contract.status === 'ended' && !moveOut?.held_on,
    // Götene: social services take part in the inspections.
    withoutSocialServices: rows.some((i) => i.held_on !== null && i.social_services_present === false),
  };
}

/** The inspections of many contracts at once, by contract. */
export async function inspectionsByContract(q: Queryable, contractIds: readonly string[]): Promise<Map<string, InspectionRow[]>> {
  const out = new Map<string, InspectionRow[]>();
  for (const i of await inspectionStore.ofContracts(q, contractIds)) out.set(i.contract_id, [...(out.get(i.contract_id) ?? []), i]);
  return out;
}

/** Books a move-in or move-out inspection; booking again before it is held moves the date. */
export async function bookInspection(ctx: AppContext, actor: Actor, contractId: string, input: { kind: InspectionKind; scheduledOn: string }) {
  assertCan(actor, 'inspection.record');
  if (!isIsoDate(input.scheduledOn)) throw invalidField('scheduledOn', 'Ett datum ÅÅÅÅ-MM-DD');
  const id = await ctx.db.transaction(async (tx) => {
    const contract = await inspectionStore.parties(tx, contractId);
    assertContractParty(actor, contract);
    if (input.kind === 'move_in' && contract.status === 'ended') throw invalidField('kind', 'Kontraktet har upphört: boka en avflyttningsbesiktning');
    const id = await inspectionStore.book(tx, { contractId, kind: input.kind, scheduledOn: input.scheduledOn, at: ctx.clock.now() }, actor.userId);
    if (!id) throw new AppError(409, 'already_held', `kind: ${input.kind === 'move_in' ? 'inflyttningsbesiktningen' : 'avflyttningsbesiktningen'} är redan hållen`);
    await recordAudit(tx, actor, { action: 'inspection.book', subjectType: 'housing_contract', subjectId: contractId, details: { kind: input.kind, scheduledOn: input.scheduledOn } });
    return id;
  });
  return inspectionAnswer((await inspectionStore.inspection(ctx.db, id))!);
}

export interface ProtocolInput {
  heldOn: string;
  socialServicesPresent: boolean;
  tenantPresent: boolean;
  remarks: string | null;
  damages: string | null;
}

/** The protocol of a booked inspection, written once by either party. */
export async function recordInspection(ctx: AppContext, actor: Actor, id: string, input: ProtocolInput) {
  assertCan(actor, 'inspection.record');
  if (!isIsoDate(input.heldOn)) throw invalidField('heldOn', 'Ett datum ÅÅÅÅ-MM-DD');
  if (input.heldOn > todayInStockholm(ctx.clock.now())) throw invalidField('heldOn', 'Besiktningen kan inte protokollföras före den har hållits');
  await ctx.db.transaction(async (tx) => {
    const inspection = await inspectionStore.inspection(tx, id);
    if (!inspection) throw notFound('Besiktningen finns inte');
    assertContractParty(actor, await inspectionStore.parties(tx, inspection.contract_id));
    const protocol = { ...input, remarks: input.remarks?.trim() || null, damages: input.damages?.trim() || null, at: ctx.clock.now() };
    if (!(await inspectionStore.record(tx, id, protocol, actor.userId))) throw new AppError(409, 'already_recorded', 'Besiktningen är redan protokollförd');
    await recordAudit(tx, actor, {
      action: 'inspection.record', subjectType: 'housing_contract', subjectId: inspection.contract_id,
      details: { kind: inspection.kind, socialServicesPresent: input.socialServicesPresent, damages: protocol.damages !== null },
    });
  });
  return inspectionAnswer((await inspectionStore.inspection(ctx.db, id))!);
}
