// Needs assessments and the waiting list (issue 4 §2). A household that cannot get a home on the ordinary
// market is assessed (kartläggning, Jönköping) and waits by priority and time waited; declining an offer
// pauses it for a period set by the reason. Social services' own data: never shown to a landlord here,
// and every read is logged.

import type { z } from 'zod';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, municipalityScope } from '../access/policy.ts';
import { addDays, daysBetween, isIsoDate } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { parsePersonnummer } from '../ledger/personnummer.ts';
import type { AppContext } from '../platform/context.ts';
import { sqlState } from '../platform/database.ts';
import { AppError, invalidField, notFound } from '../platform/errors.ts';
import { ownCase } from '../cases/own-case.ts';
import type { Queryable } from '../platform/database.ts';
import type * as api from './api.ts';
import { applicantPriority, DECLINE_REASONS, type DeclineReason, INCOME_TYPES } from './model.ts';
import { type ApplicantRow, type Assessment, waitingListStore } from './waiting-list-store.ts';

type Applicant = z.output<typeof api.applicant>;

function applicantAnswer(a: ApplicantRow, today: string): Applicant {
  return {
    id: a.id, caseId: a.case_id, personnummer: a.personnummer, name: a.name, adults: a.adults, childrenAges: a.children_ages, reason: a.reason, tried: a.tried,
    incomes: a.incomes, debts: a.debts, paymentRemarks: a.payment_remarks, drugFreeMonths: a.drug_free_months, supportNeeded: a.support_needed,
    protectedIdentity: a.protected_identity, domesticViolence: a.domestic_violence, avoidAreas: a.avoid_areas, needsAccessible: a.needs_accessible,
    minRooms: a.min_rooms, homelessnessSituation: a.homelessness_situation, priority: a.priority, waitingSince: a.waiting_since,
    waitingDays: Math.max(0, daysBetween(a.waiting_since, today)), status: a.status,
    pausedUntil: a.paused_until !== null && a.paused_until > today ? a.paused_until : null, pauseReason: a.paused_until !== null && a.paused_until > today ? a.pause_reason : null,
    assessedOn: a.assessed_on, assessedBy: a.assessed_by_name,
    withdrawn: a.status === 'withdrawn' ? { on: a.withdrawn_on, reason: a.withdrawn_reason } : null,
  };
}

/** Checks what the schema cannot; errors name the field. */
function checkedAssessment(a: Assessment, today: string): Assessment {
  const parsed = parsePersonnummer(a.personnummer, today);
  if (!parsed.ok) throw invalidField('personnummer', parsed.reason);
  const name = a.name.trim();
  if (!name) throw invalidField('name', 'Skriv hushållets namn');
  if (!a.reason.trim()) throw invalidField('reason', 'Varför kan hushållet inte få en bostad på egen hand?');
  const badIncome = a.incomes.findIndex((i) => !(INCOME_TYPES as readonly string[]).includes(i.type));
  if (badIncome >= 0) throw invalidField(`incomes[${badIncome}].type`, 'Okänt inkomstslag');
  return { ...a, personnummer: parsed.value, name, reason: a.reason.trim(), avoidAreas: a.avoidAreas.map((x) => x.trim()).filter(Boolean) };
}

const priorityOf = (a: Assessment) => applicantPriority({ domesticViolence: a.domesticViolence, childrenAges: a.childrenAges, situation: a.homelessnessSituation });

/** Puts a household on the waiting list with its needs assessment; it waits from today. */
export async function assessNeeds(ctx: AppContext, actor: Actor, input: Assessment): Promise<Applicant> {
  assertCan(actor, 'applicant.write');
  const municipalityId = municipalityScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  const a = checkedAssessment(input, today);
  try {
    const id = await ctx.db.transaction(async (tx) => {
      await caseOfActor(tx, actor, a.caseId);
      const id = await waitingListStore.insert(tx, municipalityId, a, priorityOf(a), today, actor.userId);
      await recordAudit(tx, actor, { action: 'applicant.create', subjectType: 'housing_applicant', subjectId: id, reason: 'Kartläggning' });
      return id;
    });
    return applicantAnswer((await waitingListStore.applicant(ctx.db, municipalityId, id))!, today);
  } catch (err) {
    if (sqlState(err) === '23505') throw alreadyWaiting();
    throw err;
  }
}

/**
 * The case an assessment refers to is one the actor sees: its own municipality's, and a protected one
 * only for the workers named on it. Any other id is refused as unknown, telling nothing of it.
 */
async function caseOfActor(tx: Queryable, actor: Actor, caseId: string | null): Promise<void> {
  if (!caseId) return;
  try {
    await ownCase(tx, actor, caseId);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) throw invalidField('caseId', 'Det finns inget ärende som du kan se med det id:t');
    throw err;
  }
}

/** The list holds a household once per personnummer (the unique index of migration 0025). */
function alreadyWaiting(): AppError {
  const message = 'Hushållet står redan i bostadskön; gör en ny kartläggning på det';
  return new AppError(409, 'already_waiting', `personnummer: ${message}`, { fields: [{ field: 'personnummer', message }] });
}

/** A new assessment of a waiting household: the one before is kept in its history, its waiting time stays. */
export async function reassessNeeds(ctx: AppContext, actor: Actor, id: string, input: Assessment): Promise<Applicant> {
  assertCan(actor, 'applicant.write');
  const municipalityId = municipalityScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  const a = checkedAssessment(input, today);
  try {
    await ctx.db.transaction(async (tx) => {
      await caseOfActor(tx, actor, a.caseId);
      if (!(await waitingListStore.reassess(tx, municipalityId, id, a, priorityOf(a), today, actor.userId))) throw notFound('Hushållet finns inte i bostadskön');
      await recordAudit(tx, actor, { action: 'applicant.reassess', subjectType: 'housing_applicant', subjectId: id, reason: 'Ny kartläggning' });
    });
  } catch (err) {
    // Another household on the list already has the personnummer the assessment now gives.
    if (sqlState(err) === '23505') throw alreadyWaiting();
    throw err;
  }
  return applicantAnswer((await waitingListStore.applicant(ctx.db, municipalityId, id))!, today);
}

/** The waiting list: by priority and time waited; those paused after declining an offer apart, with the day they wait again. */
export async function waitingList(ctx: AppContext, actor: Actor): Promise<z.output<typeof api.waitingList>> {
  assertCan(actor, 'applicant.read');
  const municipalityId = municipalityScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  return ctx.db.transaction(async (tx) => {
    const all = (await waitingListStore.waiting(tx, municipalityId)).map((a) => applicantAnswer(a, today));
    await recordAudit(tx, actor, { action: 'applicant.list', subjectType: 'housing_applicant', reason: 'Bostadskö', details: { applicants: all.map((a) => a.id) } });
    return { waiting: all.filter((a) => a.pausedUntil === null), paused: all.filter((a) => a.pausedUntil !== null) };
  });
}

/** One household on the list with its declines and how often it has been reassessed. */
export async function applicantDetail(ctx: AppContext, actor: Actor, id: string): Promise<z.output<typeof api.applicantDetail>> {
  assertCan(actor, 'applicant.read');
  const municipalityId = municipalityScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  return ctx.db.transaction(async (tx) => {
    const a = await waitingListStore.applicant(tx, municipalityId, id);
    if (!a) throw notFound('Hushållet finns inte i bostadskön');
    await recordAudit(tx, actor, { action: 'applicant.read', subjectType: 'housing_applicant', subjectId: id, reason: 'Bostadskö' });
    return { ...applicantAnswer(a, today), declines: await waitingListStore.declines(tx, id), reassessments: await waitingListStore.reassessments(tx, id) };
  });
}

/** The household declined an offer: it waits again after the pause its reason sets (DECLINE_REASONS). */
export async function recordDecline(ctx: AppContext, actor: Actor, id: string, input: { reason: DeclineReason; note: string | null; declinedOn: string }): Promise<Applicant> {
  assertCan(actor, 'applicant.write');
  const municipalityId = municipalityScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  if (!isIsoDate(input.declinedOn) || input.declinedOn > today) throw invalidField('declinedOn', 'Ett datum ÅÅÅÅ-MM-DD, senast i dag');
  const pausedUntil = addDays(input.declinedOn, DECLINE_REASONS[input.reason].pauseDays);
  await ctx.db.transaction(async (tx) => {
    if (!(await waitingListStore.applicant(tx, municipalityId, id))) throw notFound('Hushållet finns inte i bostadskön');
    await waitingListStore.recordDecline(tx, id, { reason: input.reason, note: input.note?.trim() || null, declinedOn: input.declinedOn, pausedUntil }, actor.userId);
    await recordAudit(tx, actor, { action: 'applicant.decline', subjectType: 'housing_applicant', subjectId: id, details: { reason: input.reason, pausedUntil } });
  });
  return applicantAnswer((await waitingListStore.applicant(ctx.db, municipalityId, id))!, today);
}

/**
 * Takes a household off the waiting list (it found a home of its own, moved away, no longer wants one),
 * with the reason; a proposal not yet accepted is set aside. The assessment stays, as the person's own
 * report shows it.
 */
export async function withdrawApplicant(ctx: AppContext, actor: Actor, id: string, reason: string): Promise<Applicant> {
  assertCan(actor, 'applicant.write');
  const municipalityId = municipalityScope(actor);
  const why = reason.trim();
  if (!why) throw invalidField('reason', 'Skriv varför hushållet lämnar bostadskön');
  const today = todayInStockholm(ctx.clock.now());
  await ctx.db.transaction(async (tx) => {
    if (!(await waitingListStore.applicant(tx, municipalityId, id))) throw notFound('Hushållet finns inte i bostadskön');
    if (!(await waitingListStore.withdraw(tx, id, why, today))) throw new AppError(409, 'not_waiting', 'Hushållet står inte längre i bostadskön');
    await recordAudit(tx, actor, { action: 'applicant.withdraw', subjectType: 'housing_applicant', subjectId: id, reason: why });
  });
  return applicantAnswer((await waitingListStore.applicant(ctx.db, municipalityId, id))!, today);
}
