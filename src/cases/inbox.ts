// The inbox (issue 3 §1): what came in and is not yet a case, per city area and by priority (children
// first); a kept answer, so a page reads the day's changes and not the history.
import type { z } from 'zod';
import type { Actor } from '../access/model.ts';
import { assertCan, municipalityScope } from '../access/policy.ts';
import { daysBetween } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { noticesForBoard } from '../collection/notices.ts';
import { ageOn } from '../ledger/personnummer.ts';
import type { AppContext } from '../platform/context.ts';
import { type Built, DIRECTORY_SCOPE, KeptAnswers, keptRead } from '../access/kept-answers.ts';
import type { Queryable } from '../platform/database.ts';
import { intakePriority } from './model.ts';
import * as api from './intake-api.ts';
import { type AreaRow, intakeStore } from './intake-store.ts';

/** An item of the inbox, as the answer declares it. */
type InboxItem = z.output<typeof api.inboxItem>;

const INBOX_LIMIT = 500;

/** Items on one page of the inbox. */
export const INBOX_PAGE = 100;

/**
 * The priority of a concern for each mix of its flags (index children·4 + violence·2 + mental health):
 * the same rule as every other inbox item, so the database can read new concerns in that order.
 */
const CONCERN_SCORES = Array.from({ length: 8 }, (_, i) =>
  intakePriority({ children: (i & 4) > 0, ages: [], mentalHealth: (i & 1) > 0, violence: (i & 2) > 0, amountOwed: null, daysLate: null, daysToEviction: null }).score,
);

/**
 * The municipality's inbox: statutory notices delivered to the board and not recovered, and new
 * concerns, by priority (children first, model.ts intakePriority) and then time, a page at a time, each
 * routed to its city area and the social worker responsible for it. `area` narrows to one area, or
 * 'none' for those without one. Nothing is left out: `total` counts them all, `pages` the pages.
 */
export async function inbox(ctx: AppContext, actor: Actor, opts: { area?: string; page?: number } = {}): Promise<Buffer> {
  assertCan(actor, 'inbox.read');
  const municipalityId = municipalityScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  const page = opts.page ?? 1;
  return keptRead(ctx.db, actor, {
    kept: keptInboxes,
    key: JSON.stringify([municipalityId, today, opts.area ?? null, page]),
    allowed: () => true, // one answer for everyone of the municipality (its key)
    audit: (ids) => ({ action: 'inbox.read', subjectType: 'inbox', subjectId: municipalityId, reason: 'Inkorg', details: ids }),
    answer: { schema: api.inboxPage, strict: ctx.config.strictAnswers, where: 'the inbox' },
    build: (tx) => buildInbox(tx, municipalityId, today, opts.area, page),
  });
}

/** Inboxes kept by municipality, date and area filter. */
const keptInboxes = new KeptAnswers<Record<string, string[]>>(200);

async function buildInbox(
  tx: Queryable, municipalityId: string, today: string, area: string | undefined, page: number,
): Promise<Built<Record<string, string[]>, z.output<typeof api.inboxPage>>> {
  const areas = await intakeStore.areas(tx, municipalityId);
  const byId = new Map(areas.map((a) => [a.id, a]));
  const byName = new Map(areas.map((a) => [a.name.toLowerCase(), a]));
  const routed = (a: AreaRow | undefined) => ({
    area: a ? { id: a.id, name: a.name } : null,
    responsible: a?.responsible_user_id ? { id: a.responsible_user_id, name: a.responsible_name ?? '' } : null,
  });
  const items: InboxItem[] = [];
  // The first pages' worth of concerns by priority: those further down rank below every item on them.
  const concerns = await intakeStore.newConcerns(tx, municipalityId, { scores: CONCERN_SCORES, area, limit: page * INBOX_PAGE });
  for (const c of concerns.rows) {
    const p = intakePriority({ children: c.children, ages: [], mentalHealth: c.mental_health, violence: c.violence, amountOwed: null, daysLate: null, daysToEviction: null });
    items.push({
      kind: 'concern', id: c.id, reference: c.reference, receivedAt: c.received_at.toISOString(), address: c.address,
      ...routed(c.area_id ? byId.get(c.area_id) : undefined), priority: p.score, reasons: p.reasons,
      concern: { what: c.what, source: c.source, reporter: c.reporter_org_name, contact: c.contact }, notice: null, kfm: null, referral: null,
    });
  }
  const landlords = new Set<string>();
  const notices = await noticesForBoard(tx, municipalityId, INBOX_LIMIT);
  const inCases = await intakeStore.noticesInCases(tx, notices.map((n) => n.id));
  for (const n of notices.filter((x) => !inCases.has(x.id))) {
    landlords.add(n.landlord_id);
    const ages = n.personnummer.filter((pnr) => /^\d{12}$/.test(pnr)).map((pnr) => ageOn(pnr, today));
    const daysLate = n.oldest_due ? Math.max(0, daysBetween(n.oldest_due, today)) : null;
    const p = intakePriority({ children: (n.children ?? 0) > 0, ages, mentalHealth: false, violence: false, amountOwed: n.amount_owed, daysLate, daysToEviction: null });
    items.push({
      kind: 'notice', id: n.id, reference: null, receivedAt: n.created_at.toISOString(), address: n.address,
      ...routed(n.area ? byName.get(n.area.toLowerCase()) : undefined), priority: p.score, reasons: p.reasons, concern: null,
      notice: { landlord: n.landlord_name, amountOwed: n.amount_owed, terminationDate: n.termination_date, reason: n.reason }, kfm: null, referral: null,
    });
  }
  for (const k of await intakeStore.newKfmNotices(tx, municipalityId, INBOX_LIMIT)) {
    const age = /^\d{12}$/.test(k.personnummer) ? [ageOn(k.personnummer, today)] : [];
    const daysToEviction = k.eviction_at ? daysBetween(today, todayInStockholm(k.eviction_at)) : null;
    const p = intakePriority({ children: false, ages: age, mentalHealth: false, violence: false, amountOwed: null, daysLate: null, daysToEviction });
    items.push({
      kind: 'kfm', id: k.id, reference: null, receivedAt: k.received_at.toISOString(), address: k.address,
      ...routed(k.area_id ? byId.get(k.area_id) : undefined), priority: p.score, reasons: p.reasons, concern: null, notice: null,
      kfm: { kind: k.kind, caseNumber: k.case_number, evictionAt: k.eviction_at?.toISOString() ?? null, landlord: k.landlord_name }, referral: null,
    });
  }
  for (const r of await intakeStore.newReferrals(tx, municipalityId, INBOX_LIMIT)) {
    landlords.add(r.landlord_id);
    const ages = r.personnummer.filter((pnr) => /^\d{12}$/.test(pnr)).map((pnr) => ageOn(pnr, today));
    const daysLate = r.oldest_due ? Math.max(0, daysBetween(r.oldest_due, today)) : null;
    const p = intakePriority({ children: (r.children ?? 0) > 0, ages, mentalHealth: false, violence: false, amountOwed: r.amount_owed, daysLate, daysToEviction: null });
    items.push({
      kind: 'referral', id: r.id, reference: null, receivedAt: r.created_at.toISOString(), address: r.address,
      ...routed(r.area ? byName.get(r.area.toLowerCase()) : undefined), priority: p.score, reasons: p.reasons, concern: null, notice: null, kfm: null,
      referral: { landlord: r.landlord_name, amountOwed: r.amount_owed, reason: r.reason, consentGivenOn: r.consent_given_on },
    });
  }
  const ordered = items
    .filter((i) => !area || (area === 'none' ? i.area === null : i.area?.id === area))
    .sort((a, b) => b.priority - a.priority || (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.id < b.id ? -1 : 1));
  const total = concerns.total + ordered.filter((i) => i.kind !== 'concern').length;
  const shown = ordered.slice((page - 1) * INBOX_PAGE, page * INBOX_PAGE);
  return {
    body: { items: shown, areas, total, page, pages: Math.max(1, Math.ceil(total / INBOX_PAGE)) },
    // Notices and referrals show the landlord's tenancy as it is now (address, children, tenants).
    scopes: [municipalityId, DIRECTORY_SCOPE, ...landlords],
    meta: Object.fromEntries((['concern', 'notice', 'kfm', 'referral'] as const).map((kind) => [`${kind}s`, shown.filter((i) => i.kind === kind).map((i) => i.id)])),
  };
}
