// A matching round (issue 4 §3): the housing coordinator asks for proposals; Bokvar matches the waiting
// list to the homes on offer with `matchHomes` (the same as `bokvar match`), keeps its input and answer,
// and explains every proposal and every household left out. The coordinator approves or sets aside each
// proposal; the landlord accepts or declines an approved one, a decline with its reason. Every decision
// is in the audit trail. The landlord sees of the household only its size and that the rules are met.

import type { z } from 'zod';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, landlordScope, municipalityScope } from '../access/policy.ts';
import { daysBetween } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import type { AppContext } from '../platform/context.ts';
import { sqlState } from '../platform/database.ts';
import { AppError, invalidField, notFound } from '../platform/errors.ts';
import { declinedPair, explainFit, type IncomeType, type MatchHome, type MatchHousehold, matchHomes } from './matching.ts';
import type * as api from './api.ts';
import { type ProposalRow, roundStore } from './round-store.ts';

function proposalForCoordinator(p: ProposalRow): z.output<typeof api.proposal> {
  return {
    id: p.id, status: p.status, explanation: p.explanation, declineReason: p.decline_reason, contract: p.has_contract,
    household: { id: p.applicant_id, name: p.applicant_name, adults: p.adults, children: p.children_ages.length, priority: p.priority },
    home: { id: p.home_id, address: p.address, area: p.area, rooms: p.rooms, rent: p.rent, landlord: p.landlord_name },
  };
}

/** What the landlord is told: the home, the household's size and needs, that the rules hold; no name, no incomes. */
function proposalForLandlord(p: ProposalRow): z.output<typeof api.landlordProposal> {
  return {
    id: p.id, status: p.status, declineReason: p.decline_reason,
    household: { adults: p.adults, children: p.children_ages.length, minRooms: p.min_rooms },
    home: { id: p.home_id, address: p.address, area: p.area, rooms: p.rooms, rent: p.rent },
    explanation: ['Hyran ryms inom avtalets andel av de inkomster ni räknar', `Hushållet behöver minst ${p.min_rooms} rum`],
  };
}

/** Runs a round on today's waiting list and homes on offer, and keeps its proposals for the coordinator to approve. */
export async function runRound(ctx: AppContext, actor: Actor): Promise<z.output<typeof api.round>> {
  assertCan(actor, 'round.run');
  const municipalityId = municipalityScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  try {
    const roundId = await ctx.db.transaction(async (tx) => {
      const applicants = await roundStore.applicantsForRound(tx, municipalityId, today);
      const homeRows = await roundStore.homesForRound(tx, municipalityId, today);
      const households: MatchHousehold[] = applicants.map((a) => ({
        id: a.id, priority: a.priority, waitingDays: Math.max(0, daysBetween(a.waiting_since, today)), minRooms: a.min_rooms,
        incomes: a.incomes.map((i) => ({ type: i.type as IncomeType, monthly: i.monthly })), needsAccessible: a.needs_accessible, avoidAreas: a.avoid_areas,
      }));
      const homes: MatchHome[] = homeRows.map((h) => ({
        id: h.id, landlord: h.landlord_id, area: h.area, rooms: h.rooms, rent: h.rent, accessible: h.accessible,
        acceptedIncomeTypes: h.accepted_income_types as IncomeType[], maxRentShare: h.max_rent_share,
      }));
      const declined = new Set((await roundStore.declinedPairs(tx, municipalityId)).map((d) => declinedPair(d.applicant_id, d.home_id)));
      const answer = matchHomes(households, homes, declined);
      const id = await roundStore.insertRound(tx, municipalityId, { households, homes }, answer, actor.userId);
      const householdOf = new Map(households.map((h) => [h.id, h]));
      const homeOf = new Map(homes.map((h) => [h.id, h]));
      for (const a of answer.assignments) {
        const home = homeOf.get(a.home)!;
        await roundStore.insertProposal(tx, { roundId: id, applicantId: a.household, homeId: a.home, landlordId: home.landlord, explanation: explainFit(householdOf.get(a.household)!, home) });
      }
      await recordAudit(tx, actor, {
        action: 'round.run', subjectType: 'matching_round', subjectId: id, reason: 'Matchning',
        details: { households: households.length, homes: homes.length, proposals: answer.assignments.length, totalPriority: answer.totalPriority },
      });
      return id;
    });
    return latestRound(ctx, actor, roundId);
  } catch (err) {
    // Two coordinators at once: the second finds the homes taken by the first's proposals.
    if (sqlState(err) === '23505') throw new AppError(409, 'round_in_progress', 'En annan matchning gjordes samtidigt; hämta den senaste');
    throw err;
  }
}

/** The municipality's latest round: its proposals with their explanations, and each household left out with its reasons. */
export async function latestRound(ctx: AppContext, actor: Actor, expected?: string): Promise<z.output<typeof api.round>> {
  assertCan(actor, 'round.run');
  const municipalityId = municipalityScope(actor);
  return ctx.db.transaction(async (tx) => {
    const round = await roundStore.latestRound(tx, municipalityId);
    if (!round || (expected && round.id !== expected)) {
      await recordAudit(tx, actor, { action: 'round.read', subjectType: 'matching_round', reason: 'Matchning', details: { none: true } });
      return { round: null, proposals: [], unassigned: [] };
    }
    const proposals = (await roundStore.proposalsOfRound(tx, round.id)).map(proposalForCoordinator);
    const names = await roundStore.applicantNames(tx, municipalityId, round.answer.unassigned.map((u) => u.household));
    const unassigned = round.answer.unassigned.map((u) => ({ household: { id: u.household, name: names.get(u.household) ?? null }, reasons: u.reasons }));
    await recordAudit(tx, actor, { action: 'round.read', subjectType: 'matching_round', subjectId: round.id, reason: 'Matchning' });
    return { round: { id: round.id, createdAt: round.created_at.toISOString() }, proposals, unassigned };
  });
}

/** The coordinator approves a proposal (it goes to the landlord) or sets it aside. */
export async function decideProposal(ctx: AppContext, actor: Actor, id: string, approve: boolean) {
  assertCan(actor, 'round.run');
  const municipalityId = municipalityScope(actor);
  await ctx.db.transaction(async (tx) => {
    const p = await roundStore.proposal(tx, id);
    if (!p || p.municipality_id !== municipalityId) throw notFound('Förslaget finns inte');
    if (!(await roundStore.decide(tx, id, 'proposed', approve ? 'approved' : 'set_aside', actor.userId, ctx.clock.now())))
      throw new AppError(409, 'already_decided', 'Förslaget är redan avgjort');
    await recordAudit(tx, actor, { action: approve ? 'proposal.approve' : 'proposal.set_aside', subjectType: 'housing_proposal', subjectId: id });
  });
  return proposalForCoordinator((await roundStore.proposal(ctx.db, id))!);
}

/** The proposals approved for the landlord's homes, and its earlier answers. */
export async function landlordProposals(ctx: AppContext, actor: Actor) {
  assertCan(actor, 'proposal.answer');
  const landlordId = landlordScope(actor);
  return ctx.db.transaction(async (tx) => {
    const rows = await roundStore.proposalsOfLandlord(tx, landlordId);
    await recordAudit(tx, actor, { action: 'proposal.list', subjectType: 'housing_proposal', reason: 'Förslag till sociala kontrakt', details: { proposals: rows.map((r) => r.id) } });
    return rows.map(proposalForLandlord);
  });
}

/** The landlord accepts an approved proposal (the home is let, the household housed) or declines it with a reason. */
export async function answerProposal(ctx: AppContext, actor: Actor, id: string, input: { accept: boolean; reason: string | null }) {
  assertCan(actor, 'proposal.answer');
  const landlordId = landlordScope(actor);
  const reason = input.reason?.trim() || null;
  if (!input.accept && !reason) throw invalidField('reason', 'Skriv varför ni tackar nej (hyresvärdens rätt att välja hyresgäst, med skäl)');
  await ctx.db.transaction(async (tx) => {
    const p = await roundStore.proposal(tx, id);
    if (!p || p.landlord_id !== landlordId || !['approved', 'accepted', 'declined'].includes(p.status)) throw notFound('Förslaget finns inte');
    if (!(await roundStore.answer(tx, id, landlordId, input.accept, reason, actor.userId, ctx.clock.now()))) throw new AppError(409, 'already_answered', 'Förslaget är redan besvarat');
    if (input.accept) await roundStore.markLet(tx, p.home_id, p.applicant_id);
    await recordAudit(tx, actor, { action: input.accept ? 'proposal.accept' : 'proposal.decline', subjectType: 'housing_proposal', subjectId: id, reason });
  });
  return proposalForLandlord((await roundStore.proposal(ctx.db, id))!);
}
