// Rent guarantees (issue 4 §4; Karlstad: social services guarantee three months' rent over a year). A
// contract on a step that carries a guarantee gets one when it comes onto the step: that many months of the
// home's rent, for the step's trial. The landlord claims under it for rent due on given dates; Bokvar checks
// the claim against the guarantee's period and what is left of it, and against the landlord's own ledger
// where the home's tenancy is in Bokvar; the municipality pays at most what the check allows, or rejects
// with a reason. Every step is in the audit trail.

import type { z } from 'zod';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, landlordScope, municipalityScope } from '../access/policy.ts';
import { addDays, addMonths, isIsoDate } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { formatKronor } from '../ledger/model.ts';
import { unpaidByDueDate } from '../ledger/service.ts';
import type { AppContext } from '../platform/context.ts';
import type { Queryable } from '../platform/database.ts';
import { AppError, invalidField, notFound } from '../platform/errors.ts';
import type * as api from './contract-api.ts';
import { checkGuaranteeClaim } from './model.ts';
import type { LadderStepRow } from './contract-store.ts';
import { type ClaimRow, type GuaranteeRow, guaranteeStore } from './guarantee-store.ts';

/** Starts the guarantee of a step that carries one, from `from` to the end of the step's trial. */
export async function startGuarantee(tx: Queryable, contractId: string, step: LadderStepRow, from: string): Promise<void> {
  if (step.guarantee_months === null || step.trial_months === null) return;
  const rent = await guaranteeStore.rentOfContract(tx, contractId);
  await guaranteeStore.insertGuarantee(tx, {
    contractId, stepId: step.id, months: step.guarantee_months, monthlyRent: rent, validFrom: from, validUntil: addDays(addMonths(from, step.trial_months), -1),
  });
}

export type GuaranteeAnswer = z.output<typeof api.guarantee>;

export function guaranteeAnswer(g: GuaranteeRow, today: string): GuaranteeAnswer {
  return {
    id: g.id, months: g.months, monthlyRent: g.monthly_rent, amount: g.amount, validFrom: g.valid_from, validUntil: g.valid_until,
    paid: g.paid, pending: g.pending, remaining: Math.max(0, g.amount - g.paid - g.pending), current: g.valid_from <= today && today <= g.valid_until,
  };
}

/** The latest guarantee of each contract (for the contract lists of both parties). */
export async function latestGuarantees(q: Queryable, contractIds: readonly string[], today: string): Promise<Map<string, GuaranteeAnswer>> {
  const out = new Map<string, GuaranteeAnswer>();
  for (const g of await guaranteeStore.ofContracts(q, contractIds)) if (!out.has(g.contract_id)) out.set(g.contract_id, guaranteeAnswer(g, today));
  return out;
}

function claimAnswer(k: ClaimRow): z.output<typeof api.claim> {
  return {
    id: k.id, contractId: k.contract_id, address: k.address, landlord: k.landlord_name, dueDates: k.due_dates, amount: k.amount, description: k.description,
    // Null: the home's tenancy is not in Bokvar, so the claim could not be checked against the landlord's ledger.
    ledgerUnpaid: k.ledger_unpaid, payable: k.payable, claimedAt: k.claimed_at.toISOString(), status: k.status, paidAmount: k.paid_amount,
    decisionReason: k.decision_reason, decidedAt: k.decided_at?.toISOString() ?? null,
    guarantee: { amount: k.guarantee_amount, validFrom: k.valid_from, validUntil: k.valid_until },
  };
}

/** The check of a claim now: the guarantee's period and what is left of it, and the landlord's ledger. */
async function checkNow(tx: Queryable, g: GuaranteeRow, tenancyId: string | null, claim: { dueDates: string[]; amount: number; id: string | null }, today: string) {
  const others = claim.id === null ? g.paid + g.pending : await guaranteeStore.claimedByOthers(tx, g.id, claim.id);
  return checkGuaranteeClaim({
    amount: claim.amount, dueDates: claim.dueDates, guarantee: { amount: g.amount, validFrom: g.valid_from, validUntil: g.valid_until }, alreadyClaimed: others,
    ledgerUnpaid: tenancyId ? await unpaidByDueDate(tx, tenancyId, today) : null,
  });
}

export interface ClaimInput {
  dueDates: string[];
  /** Öre. */
  amount: number;
  description: string | null;
}

/** The landlord claims under the guarantee of a contract on one of its homes, for rent due on the given dates. */
export async function claimGuarantee(ctx: AppContext, actor: Actor, contractId: string, input: ClaimInput) {
  assertCan(actor, 'proposal.answer');
  const landlordId = landlordScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  if (input.dueDates.length === 0) throw invalidField('dueDates', 'Vilka förfallodagars hyra gäller kravet?');
  input.dueDates.forEach((d, i) => {
    if (!isIsoDate(d)) throw invalidField(`dueDates[${i}]`, 'Ett datum ÅÅÅÅ-MM-DD');
    if (d > today) throw invalidField(`dueDates[${i}]`, `Hyran för ${d} har inte förfallit än`);
  });
  const dueDates = [...new Set(input.dueDates)].sort();
  if (!Number.isInteger(input.amount) || input.amount <= 0) throw invalidField('amount', 'Ett belopp över noll');
  const id = await ctx.db.transaction(async (tx) => {
    const row = await guaranteeStore.latestOfContract(tx, contractId);
    if (!row || row.landlord_id !== landlordId) throw notFound('Kontraktet har ingen hyresgaranti bland era bostäder');
    const g = (await guaranteeStore.lockGuarantee(tx, row.guarantee_id))!;
    const taken = await guaranteeStore.claimedDueDates(tx, g.id, null);
    const again = dueDates.filter((d) => taken.includes(d));
    if (again.length > 0) throw new AppError(409, 'already_claimed', `dueDates: hyran för ${again.join(', ')} är redan begärd under garantin`);
    const check = await checkNow(tx, g, row.tenancy_id, { dueDates, amount: input.amount, id: null }, today);
    if (check.outsidePeriod.length > 0)
      throw invalidField('dueDates', `Garantin gäller hyra med förfallodag ${g.valid_from}–${g.valid_until}, inte ${check.outsidePeriod.join(', ')}`);
    const id = await guaranteeStore.insertClaim(
      tx, { guaranteeId: g.id, landlordId, dueDates, amount: input.amount, description: input.description?.trim() || null, ledgerUnpaid: check.ledgerUnpaid, payable: check.payable, at: ctx.clock.now() },
      actor.userId,
    );
    await recordAudit(tx, actor, { action: 'guarantee.claim', subjectType: 'guarantee_claim', subjectId: id, details: { contractId, amount: input.amount, payable: check.payable } });
    return id;
  });
  return claimAnswer((await guaranteeStore.claim(ctx.db, id))!);
}

/** The landlord's claims and what became of them. */
export async function landlordClaims(ctx: AppContext, actor: Actor) {
  assertCan(actor, 'proposal.answer');
  const landlordId = landlordScope(actor);
  return ctx.db.transaction(async (tx) => {
    const rows = await guaranteeStore.claimsOfLandlord(tx, landlordId);
    await recordAudit(tx, actor, { action: 'claim.landlord_list', subjectType: 'guarantee_claim', reason: 'Krav mot hyresgarantier', details: { claims: rows.map((r) => r.id) } });
    return rows.map(claimAnswer);
  });
}

/** The claims on the municipality's guarantees, undecided first; every read is logged (they name the household). */
export async function municipalityClaims(ctx: AppContext, actor: Actor) {
  assertCan(actor, 'applicant.read');
  const municipalityId = municipalityScope(actor);
  return ctx.db.transaction(async (tx) => {
    const rows = await guaranteeStore.claimsOfMunicipality(tx, municipalityId);
    await recordAudit(tx, actor, { action: 'guarantee.claims.list', subjectType: 'guarantee_claim', reason: 'Hyresgarantier', details: { claims: rows.map((r) => r.id) } });
    return rows.map((k) => ({ ...claimAnswer(k), household: k.applicant_name }));
  });
}

/**
 * The municipality pays a claim (at most what the check allows today: the amount, what is left of the
 * guarantee, what the ledger shows unpaid) or rejects it with a reason.
 */
export async function decideClaim(ctx: AppContext, actor: Actor, id: string, input: { pay: boolean; amount: number | null; reason: string | null }): Promise<z.output<typeof api.municipalityClaim>> {
  assertCan(actor, 'agreement.edit');
  const municipalityId = municipalityScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  const reason = input.reason?.trim() || null;
  if (!input.pay && !reason) throw invalidField('reason', 'Skriv varför kravet avslås');
  await ctx.db.transaction(async (tx) => {
    const k = await guaranteeStore.claim(tx, id);
    if (!k || k.municipality_id !== municipalityId) throw notFound('Kravet finns inte');
    const g = (await guaranteeStore.lockGuarantee(tx, k.guarantee_id))!;
    let paidAmount: number | null = null;
    if (input.pay) {
      const check = await checkNow(tx, g, k.tenancy_id, { dueDates: k.due_dates, amount: k.amount, id: k.id }, today);
      paidAmount = input.amount ?? check.payable;
      if (!Number.isInteger(paidAmount) || paidAmount <= 0) throw invalidField('amount', check.payable === 0 ? 'Inget att betala enligt kontrollen: avslå kravet med skäl' : 'Ett belopp över noll');
      if (paidAmount > check.payable)
        throw invalidField('amount', `Högst ${formatKronor(check.payable)} kan betalas: ${check.ledgerUnpaid === null ? 'det som är kvar av garantin' : 'det som är kvar av garantin och obetalt enligt reskontran'}`);
    }
    if (!(await guaranteeStore.decide(tx, id, { status: input.pay ? 'paid' : 'rejected', paidAmount, reason, at: ctx.clock.now() }, actor.userId)))
      throw new AppError(409, 'already_decided', 'Kravet är redan beslutat');
    await recordAudit(tx, actor, { action: input.pay ? 'guarantee.pay' : 'guarantee.reject', subjectType: 'guarantee_claim', subjectId: id, reason, details: { paidAmount } });
  });
  const k = (await guaranteeStore.claim(ctx.db, id))!;
  return { ...claimAnswer(k), household: k.applicant_name };
}
