// The case list and the case page (issue 3 §2): who, the household, arrears and notices, consent,
// plans and the timeline, read once and kept until something in the case changes.
import type { z } from 'zod';
import type { Actor } from '../access/model.ts';
import { assertCan, canSeeCase, municipalityScope, socialServicesSeeLedger } from '../access/policy.ts';
import { directory } from '../access/directory.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { noticesForBoard } from '../collection/notices.ts';
import { arrearsForCase } from '../ledger/service.ts';
import { routineStepsOf } from '../collection/review.ts';
import type { AppContext } from '../platform/context.ts';
import { type Built, DIRECTORY_SCOPE, KeptAnswers, keptRead } from '../access/kept-answers.ts';
import type { Queryable } from '../platform/database.ts';
import { invalidField } from '../platform/errors.ts';
import { caseHasChildren } from './closing.ts';
import { consentRecipients, consentsOfCase } from './consent.ts';
import { type TimelineEvent, timelineOrder } from './model.ts';
import * as api from './api.ts';
import { ownCase } from './own-case.ts';
import { caseStore } from './case-store.ts';
import { closingStore } from './closing-store.ts';
import { intakeStore } from './intake-store.ts';
import { planStore } from './plan-store.ts';

/** Cases a page of the case list holds. */
export const CASES_PAGE = 50;

/**
 * The municipality's open cases, newest first, a page at a time (`after`: the `next` of the page
 * before); a case with nothing done for `stalledAfterDays` (journal, contacts, plans, tasks) is
 * flagged stalled, as Open Path's users asked for.
 */
export async function listCases(ctx: AppContext, actor: Actor, after?: string): Promise<Buffer> {
  assertCan(actor, 'case.read');
  const municipalityId = municipalityScope(actor);
  let cursor: { openedUs: string; id: string } | null = null;
  if (after) {
    const [us, id] = after.split('|');
    if (!us || !id || !/^\d{1,18}$/.test(us) || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw invalidField('after', 'Ogiltig fortsättning; hämta listan från början');
    cursor = { openedUs: us, id };
  }
  const today = todayInStockholm(ctx.clock.now());
  return keptRead(ctx.db, actor, {
    kept: keptCaseLists,
    // Per user: a protected case is in the list only of those named on it.
    key: JSON.stringify([municipalityId, actor.userId, today, after ?? null]),
    allowed: () => true,
    audit: (ids) => ({ action: 'case.list', subjectType: 'case', reason: 'Ärendelista', details: { cases: ids } }),
    answer: { schema: api.caseList, strict: ctx.config.strictAnswers, where: 'the case list' },
    build: async (tx) => {
      // Stalled is counted back from the app's today, the day the user sees.
      const rows = await caseStore.openCases(tx, municipalityId, actor.userId, CASES_PAGE + 1, { today, days: ctx.config.stalledAfterDays }, cursor);
      const cases = rows.slice(0, CASES_PAGE);
      const last = cases.at(-1);
      return {
        body: {
          // Protected identity: the address is never in a list, not even for those named on the case.
          cases: cases.map(({ opened_us: _, ...c }) => (c.protected_identity ? { ...c, address: null } : c)),
          next: rows.length > CASES_PAGE && last ? `${last.opened_us}|${last.id}` : null,
        },
        scopes: [municipalityId, DIRECTORY_SCOPE],
        meta: cases.map((c) => c.id),
      };
    },
  });
}

/** Pages of the case list kept by municipality, user, date and position. */
const keptCaseLists = new KeptAnswers<string[]>(500);

/** A case with what brought it in and its journal, for the social workers of its municipality. */
export async function caseDetail(ctx: AppContext, actor: Actor, caseId: string): Promise<Buffer> {
  assertCan(actor, 'case.read');
  const municipalityId = municipalityScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  return keptRead(ctx.db, actor, {
    kept: keptCases,
    key: JSON.stringify([caseId, today]),
    // The same rule as ownCase, on what the kept answer says of the case.
    allowed: (m) => canSeeCase(actor, m.case, m.namedWorkers),
    audit: (m) => ({ action: 'case.read', subjectType: 'case', subjectId: caseId, reason: 'Ärende', details: m.ledger ? { ledger: true } : null }),
    answer: { schema: api.caseDetail, strict: ctx.config.strictAnswers, where: 'the case page' },
    build: (tx) => buildCaseDetail(tx, actor, municipalityId, caseId, today),
  });
}

interface CaseDetailMeta {
  case: { municipality_id: string; protected_identity: boolean };
  namedWorkers: string[];
  /** Whether the answer shows the landlord's books (marked in the audit row). */
  ledger: boolean;
}

/** Cases with their timelines kept by case and date (about 10–30 kB each). */
const keptCases = new KeptAnswers<CaseDetailMeta>(1000);

async function buildCaseDetail(
  tx: Queryable, actor: Actor, municipalityId: string, caseId: string, today: string,
): Promise<Built<CaseDetailMeta, z.output<typeof api.caseDetail>>> {
  const c = await ownCase(tx, actor, caseId);
  const intake = await intakeStore.caseIntake(tx, caseId);
  const concerns = [];
  const notices = [];
  const kfm = [];
  const referrals = [];
  for (const i of intake) {
    if (i.referral_id) {
      const r = await intakeStore.referral(tx, municipalityId, i.referral_id);
      if (r) referrals.push({ id: r.id, landlord: r.landlord_name, reason: r.reason, amountOwed: r.amount_owed, consentGivenOn: r.consent_given_on, consentHow: r.consent_how, sentBy: r.created_by_name, receivedAt: r.created_at });
    }
    if (i.kfm_notice_id) {
      const k = await intakeStore.kfmNotice(tx, municipalityId, i.kfm_notice_id);
      if (k) kfm.push({ id: k.id, kind: k.kind, caseNumber: k.case_number, evictionAt: k.eviction_at, authority: k.authority_name, receivedAt: k.received_at });
    }
    if (i.concern_id) {
      const con = await intakeStore.concern(tx, municipalityId, i.concern_id);
      if (con) concerns.push(con);
    } else if (i.notice_id) {
      const [n] = await noticesForBoard(tx, municipalityId, 1, i.notice_id, true);
      if (n) notices.push({ id: n.id, landlord: n.landlord_name, amountOwed: n.amount_owed, terminationDate: n.termination_date, deliveredToBoard: n.delivered_to_board, reason: n.reason });
    }
  }
  const journal = await caseStore.journal(tx, caseId);
  const contacts = await caseStore.contacts(tx, caseId);
  const persons = await caseStore.persons(tx, caseId);
  const consents = await consentsOfCase(tx, caseId, today);
  const recipients = await consentRecipients(tx);
  const plans = await planStore.plans(tx, [caseId]);
  const tasks = await planStore.caseTasks(tx, caseId);
  const children = {
    hasChildren: await caseHasChildren(tx, c),
    assessments: await closingStore.childAssessments(tx, caseId),
  };
  const actionPlans = await planStore.actionPlans(tx, caseId);
  const actionPlanRequests = await planStore.actionPlanRequests(tx, caseId);
  const followUps = await closingStore.followUps(tx, caseId);
  const evictionDays = await closingStore.evictionDays(tx, caseId);
  const assistance = await planStore.assistanceDecisions(tx, caseId);
  const workers = await caseStore.caseWorkers(tx, caseId);
  const colleagues = (await directory.usersOfOrg(tx, municipalityId))
    .filter((u) => !u.disabled_at && (u.role === 'social_worker' || u.role === 'team_lead'))
    .map((u) => ({ id: u.id, name: u.name }));
  const consultations = await closingStore.consultations(tx, caseId);
  // The landlord's books: only after a notice, a consented referral or a Kronofogden notice.
  const seesLedger = c.tenancy_id !== null && socialServicesSeeLedger({ notices: notices.length, referrals: referrals.length, kfmNotices: kfm.length });
  const ledger = seesLedger ? { arrears: await arrearsForCase(tx, c.tenancy_id!, today), steps: await routineStepsOf(tx, c.tenancy_id!) } : null;
  const iso = (d: Date | string | null) => (d instanceof Date ? d.toISOString() : d);
  const events: TimelineEvent[] = [
    ...concerns.map((x) => ({ at: iso(x.received_at)!, kind: 'concern' as const, data: { reference: x.reference, what: x.what } })),
    ...notices.map((n) => ({ at: n.deliveredToBoard ?? n.terminationDate, kind: 'notice' as const, data: { landlord: n.landlord, amountOwed: n.amountOwed } })),
    ...referrals.map((r) => ({ at: iso(r.receivedAt)!, kind: 'referral' as const, data: { landlord: r.landlord, amountOwed: r.amountOwed } })),
    ...kfm.map((k) => ({ at: iso(k.receivedAt)!, kind: 'kfm_application' as const, data: { caseNumber: k.caseNumber, kind: k.kind } })),
    ...kfm.filter((k) => k.evictionAt).map((k) => ({ at: iso(k.evictionAt)!, kind: 'eviction' as const, data: { caseNumber: k.caseNumber } })),
    ...contacts.filter((k) => k.contact_date).map((k) => ({ at: k.contact_date!, kind: 'contact' as const, data: { kind: k.kind, reached: k.reached, partOfDay: k.part_of_day, outcome: k.outcome } })),
    ...contacts.filter((k) => k.planned_at && k.reached === null).map((k) => ({ at: iso(k.planned_at)!, kind: 'visit_booked' as const, data: { joint: k.joint_with_landlord } })),
    ...journal.map((e) => ({ at: e.event_date, kind: 'journal' as const, data: { seq: e.seq, author: e.author_name, body: e.body.length > 140 ? `${e.body.slice(0, 140)}…` : e.body } })),
    ...consents.filter((k) => k.documentedAt).map((k) => ({ at: iso(k.documentedAt)!, kind: 'consent' as const, data: { to: k.recipients.map((r) => r.name).join(', ') || null, until: k.validUntil } })),
    ...consents.filter((k) => k.withdrawnAt).map((k) => ({ at: iso(k.withdrawnAt)!, kind: 'consent_withdrawn' as const, data: {} })),
    ...plans.map((p) => ({ at: p.agreed_on, kind: 'plan' as const, data: { debt: p.debt, instalments: p.instalments.length } })),
    ...plans.filter((p) => p.broken_on).map((p) => ({ at: p.broken_on!, kind: 'plan_broken' as const, data: {} })),
    ...assistance.map((a) => ({ at: a.decided_on, kind: 'assistance' as const, data: { granted: a.granted, amount: a.rent_amount, from: a.period_from, until: a.period_until } })),
    ...children.assessments.map((a) => ({ at: a.assessed_on, kind: 'assessment' as const, data: { author: a.author_name } })),
    ...actionPlans.map((p) => ({ at: iso(p.created_at)!, kind: 'action_plan' as const, data: { goals: p.goals, reviewOn: p.review_on } })),
    ...consultations.map((x) => ({ at: x.held_on, kind: 'consultation' as const, data: { landlordTookPart: x.landlord_took_part } })),
    ...followUps.map((f) => ({ at: iso(f.recorded_at)!, kind: 'follow_up' as const, data: { months: f.months, holds: f.tenancy_holds } })),
    ...(c.closed_at ? [{ at: iso(c.closed_at)!, kind: 'closed' as const, data: { outcome: c.outcome } }] : []),
    ...(ledger?.steps ?? []).map((s) => ({ at: s.dueOn, kind: 'routine_step' as const, data: { step: s.step, status: s.status } })),
  ];
  const timeline = timelineOrder(events);
  // The landlord's side (tenancy, notices, ledger, routine) is versioned by the landlord's worklist.
  const landlordId = c.tenancy_id ? await caseStore.landlordOfTenancy(tx, c.tenancy_id) : undefined;
  return {
    body: {
      timeline, ledger,
      case: c, persons, concerns, notices, kfm, referrals, contacts, journal, consents, consentRecipients: recipients, plans, tasks, children, actionPlans, actionPlanRequests, followUps,
      evictionDays, consultations, workers, colleagues, assistance,
    },
    scopes: [caseId, DIRECTORY_SCOPE, ...(landlordId ? [landlordId] : [])],
    meta: { case: { municipality_id: c.municipality_id, protected_identity: c.protected_identity }, namedWorkers: workers.map((w) => w.user_id), ledger: seesLedger },
  };
}
