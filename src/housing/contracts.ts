// The housing ladder and the contracts on it (issue 4 §4). The municipality configures its steps (forms,
// trial periods, conditions, who decides, whether families with children skip a step); an accepted
// proposal becomes a contract on the first step the household may start on; each contract shows when it
// is to be reviewed, and a review steps it up, extends it or ends it, with reasons. A contract past its
// review date with no decision is flagged: the lock-in Nynäshamn warns of.

import type { z } from 'zod';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, landlordScope, municipalityScope } from '../access/policy.ts';
import { addDays, addMonths, isIsoDate } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { lateRentDueDates } from '../ledger/service.ts';
import type { AppContext } from '../platform/context.ts';
import { type Queryable, sqlState } from '../platform/database.ts';
import { AppError, invalidField, notFound } from '../platform/errors.ts';
import type * as api from './contract-api.ts';
import { type GuaranteeAnswer, latestGuarantees, startGuarantee } from './guarantees.ts';
import { inspectionsByContract, inspectionsOf } from './inspections.ts';
import { DEFAULT_LADDER, firstStep, type LadderStep, ladderProblems, type StepCondition, stepUpOutcome, unmetConditions } from './model.ts';
import { type ContractRow, contractStore, type LadderStepRow, type TransferRow } from './contract-store.ts';
import type { InspectionRow } from './inspection-store.ts';

const stepAnswer = (s: LadderStepRow): z.output<typeof api.ladderStep> & { id: string } => ({
  id: s.id, position: s.position, form: s.form, name: s.name, trialMonths: s.trial_months, conditions: s.conditions, decidedBy: s.decided_by, childrenMaySkip: s.children_may_skip,
  guaranteeMonths: s.guarantee_months,
});

/** The municipality's ladder, saved as its default (Västerås's) the first time it is needed. */
async function ladderOf(tx: Queryable, municipalityId: string): Promise<LadderStepRow[]> {
  const steps = await contractStore.ladder(tx, municipalityId);
  if (steps.length > 0) return steps;
  await contractStore.saveLadder(tx, municipalityId, DEFAULT_LADDER);
  return contractStore.ladder(tx, municipalityId);
}

export async function getLadder(ctx: AppContext, actor: Actor): Promise<z.output<typeof api.ladder>> {
  assertCan(actor, 'applicant.read');
  const municipalityId = municipalityScope(actor);
  const steps = await contractStore.ladder(ctx.db, municipalityId);
  return steps.length > 0 ? { steps: steps.map(stepAnswer), isDefault: false } : { steps: DEFAULT_LADDER.map((s) => ({ id: null, ...s })), isDefault: true };
}

/** The housing coordinator saves the municipality's ladder; errors name the step and field. */
export async function saveLadder(ctx: AppContext, actor: Actor, steps: LadderStep[]): Promise<z.output<typeof api.ladder>> {
  assertCan(actor, 'agreement.edit');
  const municipalityId = municipalityScope(actor);
  const problems = ladderProblems(steps);
  if (problems.length > 0) throw new AppError(400, 'invalid', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { fields: problems });
  await ctx.db.transaction(async (tx) => {
    const inUse = await contractStore.stepsInUseAbove(tx, municipalityId, steps.length);
    if (inUse.length > 0) throw invalidField('steps', `Steg ${inUse.join(', ')} har kontrakt och kan inte tas bort`);
    await contractStore.saveLadder(tx, municipalityId, steps);
    await recordAudit(tx, actor, { action: 'ladder.save', subjectType: 'ladder', subjectId: municipalityId, details: { steps: steps.length } });
  });
  return getLadder(ctx, actor);
}

interface ContractExtras {
  /** Due dates in the period under review whose rent was paid late, by the landlord's ledger (null: no ledger). */
  lateRent: string[] | null;
  guarantee: GuaranteeAnswer | null;
  inspections: InspectionRow[];
}

type Contract = z.output<typeof api.contract>;

function contractAnswer(c: ContractRow, today: string, extras: ContractExtras): Contract {
  return {
    lateRent: extras.lateRent,
    guarantee: extras.guarantee,
    inspections: inspectionsOf(extras.inspections, c, today),
    id: c.id, household: { id: c.applicant_id, name: c.applicant_name, children: c.children_ages.length }, home: { id: c.home_id, address: c.address, landlord: c.landlord_name },
    step: { id: c.step_id, position: c.step_position, name: c.step_name, form: c.form, startedOn: c.step_started_on }, startedOn: c.started_on, reviewOn: c.review_on, status: c.status,
    transfer: c.transfer ? { status: c.transfer.status, reason: c.transfer.reason, proposedOn: c.transfer.proposed_on } : null,
    plan: c.plan ? { version: c.plan.version, agreedOn: c.plan.agreed_on, tenant: c.plan.tenant, landlord: c.plan.landlord, municipality: c.plan.municipality } : null,
    // Nynäshamn: a contract needs home insurance with liability cover; none valid today is flagged.
    insurance: { validUntil: c.insured_until, missing: c.status !== 'ended' && c.status !== 'own_lease' && (c.insured_until === null || c.insured_until < today) },
    // Past the trial with no decision: the household is locked in on its step.
    reviewOverdue: c.status === 'active' && c.review_on !== null && c.review_on < today,
  };
}

/** The contracts with what each answer carries besides the row: late rent from the ledger, guarantee, inspections. */
async function contractAnswers(tx: Queryable, rows: readonly ContractRow[], today: string): Promise<Contract[]> {
  const ids = rows.map((r) => r.id);
  const guarantees = await latestGuarantees(tx, ids, today);
  const inspections = await inspectionsByContract(tx, ids);
  const out = [];
  for (const r of rows) {
    const lateRent = r.status === 'active' && r.tenancy_id ? await lateRentDueDates(tx, r.tenancy_id, r.period_from, today, LATE_AFTER_DAYS) : null;
    out.push(contractAnswer(r, today, { lateRent, guarantee: guarantees.get(r.id) ?? null, inspections: inspections.get(r.id) ?? [] }));
  }
  return out;
}

async function oneContract(q: Queryable, municipalityId: string, id: string, today: string): Promise<Contract> {
  const [answer] = await contractAnswers(q, [(await contractStore.contract(q, municipalityId, id))!], today);
  return answer!;
}

/** An accepted proposal becomes a contract on the first step the household may start on. */
export async function createContract(ctx: AppContext, actor: Actor, input: { proposalId: string; startedOn: string }) {
  assertCan(actor, 'round.run');
  const municipalityId = municipalityScope(actor);
  if (!isIsoDate(input.startedOn)) throw invalidField('startedOn', 'Ett datum ÅÅÅÅ-MM-DD');
  const today = todayInStockholm(ctx.clock.now());
  const id = await ctx.db.transaction(async (tx) => {
    const proposal = await contractStore.acceptedProposal(tx, municipalityId, input.proposalId);
    if (!proposal) throw invalidField('proposalId', 'Välj ett förslag som hyresvärden har accepterat');
    const ladder = await ladderOf(tx, municipalityId);
    const start = firstStep(ladder.map(stepAnswer), proposal.children_ages.length > 0);
    const step = ladder.find((s) => s.id === start.id)!;
    const reviewOn = step.trial_months === null ? null : addMonths(input.startedOn, step.trial_months);
    const id = await contractStore.insertContract(tx, { municipalityId, applicantId: proposal.applicant_id, homeId: proposal.home_id, stepId: step.id, startedOn: input.startedOn, reviewOn }, actor.userId);
    await startGuarantee(tx, id, step, input.startedOn);
    await recordAudit(tx, actor, { action: 'contract.create', subjectType: 'housing_contract', subjectId: id, details: { step: step.position } });
    return id;
  }).catch((err: unknown) => {
    if (sqlState(err) === '23505') throw new AppError(409, 'contract_exists', 'proposalId: bostaden har redan ett kontrakt');
    throw err;
  });
  return oneContract(ctx.db, municipalityId, id, today);
}

/** The municipality's contracts, those to review first; every read is logged. */
export async function listContracts(ctx: AppContext, actor: Actor) {
  assertCan(actor, 'applicant.read');
  const municipalityId = municipalityScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  return ctx.db.transaction(async (tx) => {
    const rows = await contractStore.contracts(tx, municipalityId);
    await recordAudit(tx, actor, { action: 'contract.list', subjectType: 'housing_contract', reason: 'Kontrakt', details: { contracts: rows.map((r) => r.id) } });
    return contractAnswers(tx, rows, today);
  });
}

/** Days ahead a coming review shows in the task list: time to book the meeting with the household and the landlord. */
const REVIEW_TASK_DAYS = 30;

/**
 * The contract reviews as tasks (issue 4 §4): those past their date (the household is locked in on its
 * step until someone decides) and those due in the next 30 days. A review is done when it is decided.
 */
export async function reviewTasks(ctx: AppContext, actor: Actor): Promise<z.output<typeof api.reviewTasks>> {
  assertCan(actor, 'applicant.read');
  const municipalityId = municipalityScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  return ctx.db.transaction(async (tx) => {
    const rows = await contractStore.dueReviews(tx, municipalityId, addDays(today, REVIEW_TASK_DAYS));
    await recordAudit(tx, actor, { action: 'contract.reviews_due', subjectType: 'housing_contract', reason: 'Uppgifter', details: { contracts: rows.map((r) => r.id) } });
    const tasks = rows.map((r) => ({ contractId: r.id, household: r.applicant_name, address: r.address, step: r.step_name, reviewOn: r.review_on }));
    return { today, overdue: tasks.filter((t) => t.reviewOn < today), coming: tasks.filter((t) => t.reviewOn >= today) };
  });
}

export interface ReviewInput {
  decision: 'step_up' | 'extend' | 'end';
  reasons: string;
  conditions: Partial<Record<StepCondition, boolean>>;
  /** For an extension: months until the next review (default: the step's trial). */
  extendMonths: number | null;
}

/**
 * A review of a contract: step up (every condition of the step met; the last step is the household's own
 * lease), extend to a new review date, or end; always with reasons.
 */
export async function reviewContract(ctx: AppContext, actor: Actor, id: string, input: ReviewInput): Promise<z.output<typeof api.reviewedContract>> {
  assertCan(actor, 'applicant.write');
  const municipalityId = municipalityScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  const reasons = input.reasons.trim();
  if (!reasons) throw invalidField('reasons', 'Skriv skälen för beslutet');
  await ctx.db.transaction(async (tx) => {
    const contract = await contractStore.contract(tx, municipalityId, id);
    if (!contract) throw notFound('Kontraktet finns inte');
    if (contract.status !== 'active') throw new AppError(409, 'not_active', 'Kontraktet är inte längre aktivt');
    const ladder = await ladderOf(tx, municipalityId);
    const step = ladder.find((s) => s.id === contract.step_id)!;
    let toStepId: string | null = null;
    let newStepId: string | null = null;
    let nextReviewOn: string | null = null;
    let status = 'active';
    if (input.decision === 'step_up') {
      const unmet = unmetConditions(step.conditions.filter((c) => !(c === 'no_late_rent' && contract.tenancy_id)), input.conditions);
      if (unmet.length > 0) throw invalidField(`conditions.${unmet[0]}`, 'Alla villkor för steget ska vara uppfyllda för att kliva upp');
      const next = ladder.find((s) => s.position === step.position + 1);
      if (!next) throw new AppError(409, 'top_of_ladder', 'Kontraktet är redan på trappans sista steg');
      toStepId = next.id;
      const outcome = stepUpOutcome(step.form, next.form);
      if (outcome === 'transfer') {
        // The trial ended without remarks and the household is to hold the lease: the transfer is proposed
        // to the landlord, whose answer decides; the contract stays on its step meanwhile.
        status = 'transfer_proposed';
      } else {
        // Onto the next step in the same home; on the own lease (the household already held the lease,
        // as with a support agreement) the municipality's part ends.
        newStepId = next.id;
        status = outcome === 'own_lease' ? 'own_lease' : 'active';
        nextReviewOn = next.trial_months === null ? null : addMonths(today, next.trial_months);
      }
    } else if (input.decision === 'extend') {
      nextReviewOn = addMonths(today, input.extendMonths ?? step.trial_months ?? 6);
    } else {
      status = 'ended';
    }
    // No late rent is read from the landlord's ledger where the home's tenancy is in Bokvar.
    const met = { ...input.conditions };
    if (step.conditions.includes('no_late_rent') && contract.tenancy_id) {
      const late = await lateRentDueDates(tx, contract.tenancy_id, contract.period_from, today, LATE_AFTER_DAYS);
      met.no_late_rent = late.length === 0;
      if (late.length > 0 && input.decision === 'step_up')
        throw invalidField('conditions.no_late_rent', `Enligt hyresvärdens reskontra var hyran obetald en vecka efter förfallodagen ${late.join(', ')}`);
    }
    const conditions = Object.fromEntries(step.conditions.map((c) => [c, met[c] === true]));
    if (!(await contractStore.recordReview(tx, { contractId: id, reviewedOn: today, decision: input.decision, reasons, conditions, fromStepId: step.id, toStepId, newStepId, nextReviewOn, status }, actor.userId)))
      throw new AppError(409, 'not_active', 'Kontraktet är inte längre aktivt');
    if (status === 'transfer_proposed') await contractStore.proposeTransfer(tx, id, toStepId!, today);
    if (newStepId) await startGuarantee(tx, id, ladder.find((s) => s.id === newStepId)!, today);
    await recordAudit(tx, actor, { action: `contract.${input.decision}`, subjectType: 'housing_contract', subjectId: id, reason: reasons });
  });
  return { ...(await oneContract(ctx.db, municipalityId, id, today)), reviews: await contractStore.reviews(ctx.db, id) };
}

/** Rent still owed this many days after its due date counts as late (JB 12 kap 42 §: a week late forfeits the lease). */
const LATE_AFTER_DAYS = 7;

/** Months a contract waits on its step after the landlord refused the transfer, until it is reviewed again. */
const AFTER_REFUSAL_MONTHS = 6;

function transferAnswer(t: TransferRow): z.output<typeof api.transfer> {
  return {
    id: t.id, status: t.status, reason: t.reason, proposedOn: t.proposed_on, needsCause: t.needs_cause,
    home: { address: t.address }, household: { adults: t.adults, children: t.children_ages.length }, startedOn: t.started_on,
  };
}

/** The transfers of the lease proposed to the landlord, open ones first. */
export async function landlordTransfers(ctx: AppContext, actor: Actor) {
  assertCan(actor, 'proposal.answer');
  const landlordId = landlordScope(actor);
  return ctx.db.transaction(async (tx) => {
    const rows = await contractStore.transfersOfLandlord(tx, landlordId);
    // The home of a household on a social contract: its read is logged (issue 12 §15).
    await recordAudit(tx, actor, { action: 'transfer.list', subjectType: 'housing_contract', reason: 'Överlåtelser', details: { transfers: rows.map((r) => r.id) } });
    return rows.map(transferAnswer);
  });
}

/**
 * The landlord accepts the transfer (the household holds its own lease) or refuses it; where the agreement
 * says it may not refuse without cause (Göteborg), a refusal needs a reason.
 */
export async function answerTransfer(ctx: AppContext, actor: Actor, id: string, input: { accept: boolean; reason: string | null }) {
  assertCan(actor, 'proposal.answer');
  const landlordId = landlordScope(actor);
  const reason = input.reason?.trim() || null;
  const today = todayInStockholm(ctx.clock.now());
  await ctx.db.transaction(async (tx) => {
    const t = await contractStore.transfer(tx, id);
    if (!t || t.landlord_id !== landlordId) throw notFound('Överlåtelsen finns inte');
    if (!input.accept && !reason && t.needs_cause) throw invalidField('reason', 'Enligt samarbetsavtalet får ni inte neka en överlåtelse utan skäl');
    if (!(await contractStore.answerTransfer(tx, id, input.accept, reason, actor.userId, ctx.clock.now()))) throw new AppError(409, 'already_answered', 'Överlåtelsen är redan besvarad');
    if (input.accept) {
      // The household holds the lease from today, on the step the transfer leads to (its own lease, or a
      // step with the municipality's guarantee such as a support agreement).
      const ladder = await ladderOf(tx, t.municipality_id);
      const to = ladder.find((s) => s.id === t.to_step_id) ?? ladder.find((s) => s.form === 'own_lease') ?? ladder[ladder.length - 1]!;
      const own = to.form === 'own_lease';
      await contractStore.moveContract(tx, t.contract_id, { stepId: to.id, status: own ? 'own_lease' : 'active', reviewOn: to.trial_months === null ? null : addMonths(today, to.trial_months), on: today });
      await startGuarantee(tx, t.contract_id, to, today);
    } else {
      await contractStore.moveContract(tx, t.contract_id, { stepId: null, status: 'active', reviewOn: addMonths(today, AFTER_REFUSAL_MONTHS), on: today });
    }
    await recordAudit(tx, actor, { action: input.accept ? 'transfer.accept' : 'transfer.refuse', subjectType: 'housing_transfer', subjectId: id, reason });
  });
  return transferAnswer((await contractStore.transfer(ctx.db, id))!);
}

/** A new version of the three-party housing plan (boplan: tenant, landlord, municipality); the earlier ones stay. */
export async function reviseHousingPlan(ctx: AppContext, actor: Actor, contractId: string, input: { tenant: string; landlord: string; municipality: string; agreedOn: string }): Promise<z.output<typeof api.housingPlanRevised>> {
  assertCan(actor, 'applicant.write');
  const municipalityId = municipalityScope(actor);
  const parts = { tenant: input.tenant.trim(), landlord: input.landlord.trim(), municipality: input.municipality.trim() };
  for (const [field, text] of Object.entries(parts)) if (!text) throw invalidField(field, 'Skriv vad parten åtar sig');
  if (!isIsoDate(input.agreedOn)) throw invalidField('agreedOn', 'Ett datum ÅÅÅÅ-MM-DD');
  const version = await ctx.db.transaction(async (tx) => {
    if (!(await contractStore.contract(tx, municipalityId, contractId))) throw notFound('Kontraktet finns inte');
    const version = await contractStore.insertPlan(tx, contractId, { ...parts, agreedOn: input.agreedOn }, actor.userId);
    await recordAudit(tx, actor, { action: 'plan.revise', subjectType: 'housing_contract', subjectId: contractId, details: { version } });
    return version;
  });
  return { version, history: await contractStore.plans(ctx.db, contractId) };
}

/** The home insurance checked (at the start, at a renewal): it must include liability cover. */
export async function recordInsurance(
  ctx: AppContext, actor: Actor, contractId: string, input: { insurer: string; policyNumber: string; liabilityCover: boolean; validFrom: string; validUntil: string },
) {
  assertCan(actor, 'applicant.write');
  const municipalityId = municipalityScope(actor);
  if (!input.liabilityCover) throw invalidField('liabilityCover', 'Hemförsäkringen ska ha ansvarsskydd');
  if (!input.insurer.trim()) throw invalidField('insurer', 'Vilket försäkringsbolag?');
  if (!input.policyNumber.trim()) throw invalidField('policyNumber', 'Försäkringsnumret');
  if (!isIsoDate(input.validFrom)) throw invalidField('validFrom', 'Ett datum ÅÅÅÅ-MM-DD');
  if (!isIsoDate(input.validUntil) || input.validUntil < input.validFrom) throw invalidField('validUntil', 'Ett datum ÅÅÅÅ-MM-DD, inte före startdagen');
  const today = todayInStockholm(ctx.clock.now());
  await ctx.db.transaction(async (tx) => {
    if (!(await contractStore.contract(tx, municipalityId, contractId))) throw notFound('Kontraktet finns inte');
    await contractStore.insertInsurance(tx, contractId, { insurer: input.insurer.trim(), policyNumber: input.policyNumber.trim(), validFrom: input.validFrom, validUntil: input.validUntil, checkedOn: today }, actor.userId);
    await recordAudit(tx, actor, { action: 'insurance.check', subjectType: 'housing_contract', subjectId: contractId });
  });
  return oneContract(ctx.db, municipalityId, contractId, today);
}
