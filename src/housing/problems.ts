// Problems the landlord reports on a social contract (issue 4): the report starts the response time
// the cooperation agreement promises, social services answer, and an answer after that time is kept
// and flagged as a breach. Also what the landlord sees of its homes with social contracts on them.
import type { z } from 'zod';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, landlordScope, municipalityScope } from '../access/policy.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError, invalidField, notFound } from '../platform/errors.ts';
import type * as api from './contract-api.ts';
import { latestGuarantees } from './guarantees.ts';
import { inspectionsByContract, inspectionsOf } from './inspections.ts';
import { type ProblemRow, problemStore } from './problem-store.ts';

/** Where a problem stands against the response time promised: answered in time, late, or open (and whether time is up). */
function problemState(p: ProblemRow, now: Date): Pick<Problem, 'status' | 'breached'> {
  const breached = p.responded_at ? p.responded_at > p.respond_by : now > p.respond_by;
  return { status: p.responded_at ? 'answered' : 'open', breached };
}

type Problem = z.output<typeof api.problem>;

function problemForLandlord(p: ProblemRow, now: Date): Problem {
  return {
    id: p.id, contractId: p.contract_id, address: p.address, description: p.description, reportedAt: p.reported_at.toISOString(), respondBy: p.respond_by.toISOString(),
    response: p.response, respondedAt: p.responded_at?.toISOString() ?? null, ...problemState(p, now),
  };
}

/** The landlord's homes with social contracts on them (no household names), and the problems it has reported. */
export async function landlordContracts(ctx: AppContext, actor: Actor): Promise<z.output<typeof api.landlordContracts>> {
  assertCan(actor, 'proposal.answer');
  const landlordId = landlordScope(actor);
  const now = ctx.clock.now();
  const today = todayInStockholm(now);
  const { contracts, problems, guarantees, inspections } = await ctx.db.transaction(async (tx) => {
    const contracts = await problemStore.landlordContracts(tx, landlordId);
    const problems = await problemStore.ofLandlord(tx, landlordId);
    const ids = contracts.map((c) => c.id);
    // Every read of what a contract holds is logged (issue 12 §15), in the read's own transaction.
    await recordAudit(tx, actor, { action: 'contract.landlord_list', subjectType: 'housing_contract', reason: 'Sociala kontrakt', details: { contracts: ids } });
    return { contracts, problems, guarantees: await latestGuarantees(tx, ids, today), inspections: await inspectionsByContract(tx, ids) };
  });
  return {
    // The landlord is a party to the housing plan and the inspections, so it reads the latest plan and
    // every protocol; it holds the guarantee, so it sees what is left of it.
    contracts: contracts.map((c) => ({
      id: c.id, address: c.address, step: c.step_name, startedOn: c.started_on, status: c.status, responseHours: c.response_hours, plan: c.plan,
      guarantee: guarantees.get(c.id) ?? null, inspections: inspectionsOf(inspections.get(c.id) ?? [], { status: c.status, started_on: c.started_on }, today),
    })),
    problems: problems.map((p) => problemForLandlord(p, now)),
  };
}

/** The landlord reports a problem on a contract: the agreement's response clock starts now. */
export async function reportProblem(ctx: AppContext, actor: Actor, contractId: string, description: string) {
  assertCan(actor, 'proposal.answer');
  const landlordId = landlordScope(actor);
  const text = description.trim();
  if (!text) throw invalidField('description', 'Beskriv problemet');
  const contract = (await problemStore.landlordContracts(ctx.db, landlordId)).find((c) => c.id === contractId && c.status !== 'ended');
  if (!contract) throw notFound('Kontraktet finns inte bland era pågående sociala kontrakt');
  const at = ctx.clock.now();
  const respondBy = new Date(at.getTime() + contract.response_hours * 3_600_000);
  const id = await ctx.db.transaction(async (tx) => {
    const id = await problemStore.insert(tx, { contractId, landlordId, description: text, at, respondBy }, actor.userId);
    await recordAudit(tx, actor, { action: 'problem.report', subjectType: 'contract_problem', subjectId: id, details: { contractId } });
    return id;
  });
  return problemForLandlord((await problemStore.problem(ctx.db, id))!, at);
}

/** Problems reported on the municipality's contracts, open ones first by how soon the answer is due. */
export async function municipalityProblems(ctx: AppContext, actor: Actor) {
  assertCan(actor, 'applicant.read');
  const municipalityId = municipalityScope(actor);
  const now = ctx.clock.now();
  const problems = await ctx.db.transaction(async (tx) => {
    const rows = await problemStore.ofMunicipality(tx, municipalityId);
    await recordAudit(tx, actor, { action: 'contract.problems', subjectType: 'housing_contract', reason: 'Problem i sociala kontrakt', details: { problems: rows.map((p) => p.id) } });
    return rows;
  });
  return problems.map((p) => ({ ...problemForLandlord(p, now), household: p.applicant_name }));
}

/** Social services answer a problem; an answer after the promised time is kept, and flagged as a breach. */
export async function respondToProblem(ctx: AppContext, actor: Actor, id: string, response: string) {
  assertCan(actor, 'applicant.write');
  const municipalityId = municipalityScope(actor);
  const text = response.trim();
  if (!text) throw invalidField('response', 'Skriv svaret till hyresvärden');
  const at = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const p = await problemStore.problem(tx, id);
    if (!p || p.municipality_id !== municipalityId) throw notFound('Problemet finns inte');
    if (!(await problemStore.respond(tx, id, text, actor.userId, at))) throw new AppError(409, 'already_answered', 'Problemet är redan besvarat');
    await recordAudit(tx, actor, { action: 'problem.respond', subjectType: 'contract_problem', subjectId: id });
  });
  const p = (await problemStore.problem(ctx.db, id))!;
  return { ...problemForLandlord(p, at), household: p.applicant_name };
}
