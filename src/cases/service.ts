import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { recordAudit } from '../access/audit.ts';
import { type Actor, PUBLIC_ACTOR } from '../access/model.ts';
import { assertCan, canSeeCase, municipalityScope, socialServicesSeeLedger } from '../access/policy.ts';
import { directory } from '../access/directory.ts';
import { daysBetween, isIsoDate, todayInStockholm } from '../calendar/model.ts';
import { noticesForBoard } from '../collection/notices.ts';
import { ageOn, parsePersonnummer } from '../ledger/personnummer.ts';
import { arrearsForCase, tenancyForConcern, tenantsForCase } from '../ledger/service.ts';
import { routineStepsOf } from '../collection/review.ts';
import { type LetterBlock, renderLetter } from '../messaging/letters.ts';
import type { AppContext } from '../platform/context.ts';
import { type Built, DIRECTORY_SCOPE, KeptAnswers, keptRead } from '../access/kept-answers.ts';
import { type Queryable, sqlState } from '../platform/database.ts';
import { AppError, forbidden, invalidField, notFound } from '../platform/errors.ts';
import { caseHasChildren } from './closing.ts';
import { consentRecipients, consentsOfCase } from './consent.ts';
import { evictionTasks } from './meetings.ts';
import { CONCERN_LIMITS, type ConcernSource, type IntakeKind, intakePriority, newConcernReference, type TimelineEvent, timelineOrder, visitFacts } from './model.ts';
import * as api from './api.ts';
import { ownCase } from './own-case.ts';
import { type AreaRow, casesStore } from './store.ts';

export interface ConcernInput {
  municipalityId: string;
  areaId?: string | null;
  address: string;
  contractNumber?: string | null;
  what: string;
  children?: boolean;
  mentalHealth?: boolean;
  violence?: boolean;
  contact?: string | null;
}

/** The public form's choices: municipalities and their city areas (names only, nothing about anyone). */
export async function concernForm(ctx: AppContext) {
  return { municipalities: await casesStore.municipalitiesWithAreas(ctx.db) };
}

/**
 * A concern about a household, through the one way in (issue 3 §1). From the public page `actor` is
 * null; a landlord's staff and a social worker taking a call report from their login. The answer is a
 * reference number and nothing else: whether Bokvar knows the address, or anyone living there, is
 * never said. The same form sent again within the hour (same client, text and address) gets the same
 * reference instead of a second concern.
 */
export async function reportConcern(ctx: AppContext, actor: Actor | null, input: ConcernInput, clientId?: string | null): Promise<{ reference: string }> {
  const source = concernSource(actor);
  const address = input.address.trim();
  const what = input.what.trim();
  const contractNumber = input.contractNumber?.trim() || null;
  const contact = input.contact?.trim() || null;
  if (address === '') throw invalidField('address', 'Skriv adressen (gata och nummer, gärna lägenhetsnummer)');
  if (address.length > CONCERN_LIMITS.address) throw invalidField('address', `Högst ${CONCERN_LIMITS.address} tecken`);
  if (what === '') throw invalidField('what', 'Berätta kort vad du har sett eller hört');
  if (what.length > CONCERN_LIMITS.what) throw invalidField('what', `Högst ${CONCERN_LIMITS.what} tecken`);
  if (contractNumber && contractNumber.length > CONCERN_LIMITS.contractNumber) throw invalidField('contractNumber', `Högst ${CONCERN_LIMITS.contractNumber} tecken`);
  if (contact && contact.length > CONCERN_LIMITS.contact) throw invalidField('contact', `Högst ${CONCERN_LIMITS.contact} tecken`);
  const clientKey = source === 'public' && clientId ? createHash('sha256').update(clientId).digest('hex') : null;

  return ctx.db.transaction(async (tx) => {
    const municipality = await directory.organisation(tx, input.municipalityId);
    if (municipality?.kind !== 'municipality') throw invalidField('municipalityId', 'Välj kommun');
    if (source === 'phone' && actor?.orgId !== municipality.id) throw invalidField('municipalityId', 'Samtal loggas i den egna kommunens inkorg');
    if (clientKey) {
      // Within the hour by the clock the concern's time of arrival comes from (not the database's).
      const earlier = await casesStore.recentFromClient(tx, clientKey, what, address, new Date(ctx.clock.now().getTime() - 3_600_000));
      if (earlier) return { reference: earlier };
    }
    if (source === 'public') await withinPublicBudget(ctx, tx, municipality);
    const areas = await casesStore.areas(tx, municipality.id);
    let areaId = input.areaId ?? null;
    if (areaId && !areas.some((a) => a.id === areaId)) throw invalidField('areaId', 'Stadsdelen hör inte till kommunen');
    // Routing: the tenancy, if a landlord in Bokvar has it, says the area when the reporter did not.
    const tenancy = municipality.municipality_code ? await tenancyForConcern(tx, municipality.municipality_code, contractNumber, address) : undefined;
    if (!areaId && tenancy?.area) areaId = (await casesStore.areaByName(tx, municipality.id, tenancy.area))?.id ?? null;
    for (let attempt = 0; attempt < 5; attempt++) {
      const reference = newConcernReference();
      const id = await casesStore.insertConcern(tx, {
        reference, municipalityId: municipality.id, areaId, address, contractNumber, tenancyId: tenancy?.id ?? null, what,
        children: input.children ?? false, mentalHealth: input.mentalHealth ?? false, violence: input.violence ?? false, contact, source,
        reportedBy: actor?.userId ?? null, reporterOrgId: source === 'public' ? null : (actor?.orgId ?? null), clientKey, receivedAt: ctx.clock.now(),
      });
      if (id === null) continue; // the reference was taken: draw another
      await recordAudit(tx, actor ?? PUBLIC_ACTOR, { action: 'concern.create', subjectType: 'concern', subjectId: id, reason: 'En väg in', details: { source } });
      return { reference };
    }
    throw new AppError(503, 'busy', 'Försök igen om en stund');
  });
}

/**
 * The budget for anonymous concerns (issue 12 §1): so many an hour to one municipality, and so many to
 * all, counted in the database so that it holds across servers and restarts. A flood is refused once
 * it is spent, and the reporter is told to call instead; the concerns already in stay readable. One
 * transaction at a time counts (an advisory lock), so two posts cannot both take the last place.
 */
async function withinPublicBudget(ctx: AppContext, tx: Queryable, municipality: { id: string; name: string; phone: string | null }): Promise<void> {
  await tx.query("select pg_advisory_xact_lock(hashtext('bokvar:public-concerns'))");
  const now = ctx.clock.now();
  const seen = await casesStore.publicConcernsSince(tx, municipality.id, new Date(now.getTime() - 3_600_000));
  const { perMunicipality, total } = ctx.config.publicConcernsPerHour;
  if (seen.municipality >= perMunicipality || seen.all >= total) {
    const call = municipality.phone ? ` Ring socialtjänsten i ${municipality.name} på ${municipality.phone}.` : ' Ring socialtjänsten i kommunen.';
    throw new AppError(429, 'public_budget', `Just nu kommer det in ovanligt många anmälningar och vi kan inte ta emot fler här.${call} Är det akut, ring 112.`);
  }
}

function concernSource(actor: Actor | null): ConcernSource {
  if (actor === null) return 'public';
  if (actor.orgKind === 'landlord') {
    assertCan(actor, 'concern.report');
    return actor.role === 'caretaker' ? 'caretaker' : 'landlord';
  }
  // A social worker logs a concern that came by phone.
  assertCan(actor, 'inbox.read');
  return 'phone';
}

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
  const areas = await casesStore.areas(tx, municipalityId);
  const byId = new Map(areas.map((a) => [a.id, a]));
  const byName = new Map(areas.map((a) => [a.name.toLowerCase(), a]));
  const routed = (a: AreaRow | undefined) => ({
    area: a ? { id: a.id, name: a.name } : null,
    responsible: a?.responsible_user_id ? { id: a.responsible_user_id, name: a.responsible_name ?? '' } : null,
  });
  const items: InboxItem[] = [];
  // The first pages' worth of concerns by priority: those further down rank below every item on them.
  const concerns = await casesStore.newConcerns(tx, municipalityId, { scores: CONCERN_SCORES, area, limit: page * INBOX_PAGE });
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
  const inCases = await casesStore.noticesInCases(tx, notices.map((n) => n.id));
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
  for (const k of await casesStore.newKfmNotices(tx, municipalityId, INBOX_LIMIT)) {
    const age = /^\d{12}$/.test(k.personnummer) ? [ageOn(k.personnummer, today)] : [];
    const daysToEviction = k.eviction_at ? daysBetween(today, todayInStockholm(k.eviction_at)) : null;
    const p = intakePriority({ children: false, ages: age, mentalHealth: false, violence: false, amountOwed: null, daysLate: null, daysToEviction });
    items.push({
      kind: 'kfm', id: k.id, reference: null, receivedAt: k.received_at.toISOString(), address: k.address,
      ...routed(k.area_id ? byId.get(k.area_id) : undefined), priority: p.score, reasons: p.reasons, concern: null, notice: null,
      kfm: { kind: k.kind, caseNumber: k.case_number, evictionAt: k.eviction_at?.toISOString() ?? null, landlord: k.landlord_name }, referral: null,
    });
  }
  for (const r of await casesStore.newReferrals(tx, municipalityId, INBOX_LIMIT)) {
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

/** Says which social worker answers for a city area (Västerås: one per area); null leaves it open. */
export async function setAreaResponsible(ctx: AppContext, actor: Actor, areaId: string, userId: string | null): Promise<AreaRow> {
  assertCan(actor, 'inbox.assign');
  const municipalityId = municipalityScope(actor);
  return ctx.db.transaction(async (tx) => {
    if (userId) {
      const user = await directory.userOfOrg(tx, municipalityId, userId);
      const answers = user && !user.disabled_at && (user.role === 'social_worker' || user.role === 'team_lead');
      if (!answers) throw invalidField('userId', 'Välj en socialsekreterare eller teamledare i kommunen');
    }
    if (!(await casesStore.setResponsible(tx, municipalityId, areaId, userId))) throw notFound('Stadsdelen finns inte');
    await recordAudit(tx, actor, { action: 'area.responsible', subjectType: 'city_area', subjectId: areaId, details: { userId } });
    return (await casesStore.areas(tx, municipalityId)).find((a) => a.id === areaId)!;
  });
}

/**
 * Opens the case of the household an inbox item is about, or joins the case already open for the same
 * home (a concern after a notice, a second notice), and takes the item out of the inbox.
 */
export async function openCaseFrom(ctx: AppContext, actor: Actor, item: { kind: IntakeKind; id: string }): Promise<{ caseId: string; joined: boolean }> {
  assertCan(actor, 'case.write');
  const municipalityId = municipalityScope(actor);
  // Two social workers opening a case for the same home at once: the second is told, not failed.
  const opened = await openingCase(() => ctx.db.transaction(async (tx) => {
    let home: { tenancyId: string | null; address: string; areaId: string | null };
    // Who the item names: Kronofogden's notice names the tenant; the landlord's tenants come with the tenancy.
    const named: string[] = [];
    let eviction: { id: string; eviction_at: Date | null } | null = null;
    if (item.kind === 'concern') {
      const c = await casesStore.concern(tx, municipalityId, item.id);
      if (c?.status !== 'new') throw notInInbox();
      home = { tenancyId: c.tenancy_id, address: c.address, areaId: c.area_id };
    } else if (item.kind === 'kfm') {
      const k = await casesStore.kfmNotice(tx, municipalityId, item.id);
      if (!k || (await casesStore.inCase(tx, { kfmNoticeId: k.id }))) throw notInInbox();
      home = { tenancyId: k.tenancy_id, address: k.address, areaId: k.area_id };
      named.push(k.personnummer);
      eviction = k;
    } else if (item.kind === 'referral') {
      const r = await casesStore.referral(tx, municipalityId, item.id);
      if (!r || r.in_case) throw notInInbox();
      const area = r.area ? await casesStore.areaByName(tx, municipalityId, r.area) : undefined;
      home = { tenancyId: r.tenancy_id, address: r.address, areaId: area?.id ?? null };
    } else {
      const [n] = await noticesForBoard(tx, municipalityId, 1, item.id);
      if (!n || (await casesStore.inCase(tx, { noticeId: n.id }))) throw notInInbox();
      const area = n.area ? await casesStore.areaByName(tx, municipalityId, n.area) : undefined;
      home = { tenancyId: n.tenancy_id, address: n.address, areaId: area?.id ?? null };
    }
    const existing = home.tenancyId ? await casesStore.openCaseOfTenancy(tx, municipalityId, home.tenancyId) : undefined;
    const caseId = existing ?? (await casesStore.insertCase(tx, { municipalityId, ...home, openedBy: actor.userId, openedAt: ctx.clock.now() }));
    // Someone else took it into a case at the same moment: this transaction (and any case it opened) is undone.
    const intake = { concern: { concernId: item.id }, kfm: { kfmNoticeId: item.id }, notice: { noticeId: item.id }, referral: { referralId: item.id } }[item.kind];
    if (!(await casesStore.addIntake(tx, caseId, intake)))
      throw new AppError(409, 'taken', 'Någon annan har just tagit hand om det här. Ladda om inkorgen.');
    if (item.kind === 'concern') await casesStore.markConcernHandled(tx, item.id);
    // The household as far as it is known: the tenants on the lease, then anyone else the item names.
    const tenants = home.tenancyId ? await tenantsForCase(tx, home.tenancyId) : [];
    for (const t of tenants) await casesStore.insertPerson(tx, { caseId, relation: 'tenant', personnummer: t.personnummer, name: t.name, birthYear: Number(t.personnummer.slice(0, 4)), addedBy: null });
    for (const pnr of named.filter((p) => /^\d{12}$/.test(p)))
      await casesStore.insertPerson(tx, { caseId, relation: 'tenant', personnummer: pnr, name: null, birthYear: Number(pnr.slice(0, 4)), addedBy: null });
    // The household's case is protected and the actor is not named on it (issue 12 §5): the item joins
    // it and a task tells its named social workers; the attempt is in the audit log with who made it.
    const c = await casesStore.case(tx, caseId);
    const workers = c?.protected_identity ? (await casesStore.caseWorkers(tx, caseId)).map((w) => w.user_id) : [];
    const visible = c !== undefined && canSeeCase(actor, c, workers);
    if (eviction) await evictionTasks(tx, caseId, visible ? actor.userId : null, eviction);
    if (!visible)
      await casesStore.insertTasks(tx, [{ caseId, kind: 'manual', title: 'Nytt om hushållet har kommit in: läs det i ärendet', dueOn: todayInStockholm(ctx.clock.now()), assignedTo: null, sourceId: null }]);
    await recordAudit(tx, actor, {
      action: existing ? 'case.join' : 'case.open', subjectType: 'case', subjectId: caseId, details: visible ? item : { ...item, outOfSight: true },
    });
    return visible ? { caseId, joined: existing !== undefined } : null;
  }));
  // The colleague is answered exactly as when a colleague took the item before them (their inbox was
  // older than the news), so the answer does not tell a home with a protected case from any other.
  if (!opened) throw notInInbox();
  return opened;
}

const notInInbox = () => notFound('Det finns inget sådant nytt i inkorgen');

async function openingCase<T>(open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (err) {
    // cases_open_per_tenancy (migration 0011): another case for the home was opened in the meantime.
    if (sqlState(err) === '23505') throw new AppError(409, 'taken', 'Någon annan har just öppnat ett ärende för hushållet. Ladda om inkorgen.');
    throw err;
  }
}

/** A concern that needs no case leaves the inbox with the reason why, and who decided (audited). */
/**
 * A team lead sets aside a flood of the public form in one step (issue 12 §1): every new anonymous
 * concern received between two moments that carries no flag, with one reason. Flagged concerns
 * (children, violence, mental health) stay for a person to read. Each one set aside is audited.
 */
export async function setAsideFlood(ctx: AppContext, actor: Actor, input: { from: string; to: string; reason: string }): Promise<{ setAside: number }> {
  assertCan(actor, 'inbox.read');
  assertCan(actor, 'inbox.assign');
  if (!actor.userId) throw forbidden('En namngiven person lägger undan anmälningar, inte ett system');
  const municipalityId = municipalityScope(actor);
  const why = input.reason.trim();
  if (why === '') throw invalidField('reason', 'Skriv varför anmälningarna läggs undan');
  if (why.length > 500) throw invalidField('reason', 'Högst 500 tecken');
  const from = new Date(input.from);
  const to = new Date(input.to);
  if (Number.isNaN(from.getTime())) throw invalidField('from', 'Ange från vilken tidpunkt');
  if (Number.isNaN(to.getTime()) || to < from) throw invalidField('to', 'Ange en tidpunkt efter den första');
  return ctx.db.transaction(async (tx) => {
    const ids = await casesStore.setAsideFlood(tx, municipalityId, { from, to, reason: why, userId: actor.userId!, at: ctx.clock.now() });
    await recordAudit(tx, actor, { action: 'concern.set_aside_flood', subjectType: 'concern', reason: why, details: { concerns: ids, from: input.from, to: input.to } });
    return { setAside: ids.length };
  });
}

export async function dismissConcern(ctx: AppContext, actor: Actor, concernId: string, reason: string): Promise<void> {
  assertCan(actor, 'case.write');
  const municipalityId = municipalityScope(actor);
  if (!actor.userId) throw forbidden('Beslutas av en namngiven handläggare');
  const why = reason.trim();
  if (why === '') throw invalidField('reason', 'Skriv varför det inte blir något ärende');
  if (why.length > 500) throw invalidField('reason', 'Högst 500 tecken');
  await ctx.db.transaction(async (tx) => {
    if (!(await casesStore.dismissConcern(tx, municipalityId, concernId, why, actor.userId!, ctx.clock.now()))) throw notInInbox();
    await recordAudit(tx, actor, { action: 'concern.dismiss', subjectType: 'concern', subjectId: concernId, reason: why });
  });
}

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
      const rows = await casesStore.openCases(tx, municipalityId, actor.userId, CASES_PAGE + 1, { today, days: ctx.config.stalledAfterDays }, cursor);
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
  const intake = await casesStore.caseIntake(tx, caseId);
  const concerns = [];
  const notices = [];
  const kfm = [];
  const referrals = [];
  for (const i of intake) {
    if (i.referral_id) {
      const r = await casesStore.referral(tx, municipalityId, i.referral_id);
      if (r) referrals.push({ id: r.id, landlord: r.landlord_name, reason: r.reason, amountOwed: r.amount_owed, consentGivenOn: r.consent_given_on, consentHow: r.consent_how, sentBy: r.created_by_name, receivedAt: r.created_at });
    }
    if (i.kfm_notice_id) {
      const k = await casesStore.kfmNotice(tx, municipalityId, i.kfm_notice_id);
      if (k) kfm.push({ id: k.id, kind: k.kind, caseNumber: k.case_number, evictionAt: k.eviction_at, authority: k.authority_name, receivedAt: k.received_at });
    }
    if (i.concern_id) {
      const con = await casesStore.concern(tx, municipalityId, i.concern_id);
      if (con) concerns.push(con);
    } else if (i.notice_id) {
      const [n] = await noticesForBoard(tx, municipalityId, 1, i.notice_id, true);
      if (n) notices.push({ id: n.id, landlord: n.landlord_name, amountOwed: n.amount_owed, terminationDate: n.termination_date, deliveredToBoard: n.delivered_to_board, reason: n.reason });
    }
  }
  const journal = await casesStore.journal(tx, caseId);
  const contacts = await casesStore.contacts(tx, caseId);
  const persons = await casesStore.persons(tx, caseId);
  const consents = await consentsOfCase(tx, caseId, today);
  const recipients = await consentRecipients(tx);
  const plans = await casesStore.plans(tx, [caseId]);
  const tasks = await casesStore.caseTasks(tx, caseId);
  const children = {
    hasChildren: await caseHasChildren(tx, c),
    assessments: await casesStore.childAssessments(tx, caseId),
  };
  const actionPlans = await casesStore.actionPlans(tx, caseId);
  const actionPlanRequests = await casesStore.actionPlanRequests(tx, caseId);
  const followUps = await casesStore.followUps(tx, caseId);
  const evictionDays = await casesStore.evictionDays(tx, caseId);
  const assistance = await casesStore.assistanceDecisions(tx, caseId);
  const workers = await casesStore.caseWorkers(tx, caseId);
  const colleagues = (await directory.usersOfOrg(tx, municipalityId))
    .filter((u) => !u.disabled_at && (u.role === 'social_worker' || u.role === 'team_lead'))
    .map((u) => ({ id: u.id, name: u.name }));
  const consultations = await casesStore.consultations(tx, caseId);
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
  const landlordId = c.tenancy_id ? await casesStore.landlordOfTenancy(tx, c.tenancy_id) : undefined;
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

/**
 * A journal entry, written and signed by its author at once (SOSFS 2014:5: "utan dröjsmål"). It is
 * never changed afterwards; `corrects` points a new entry at the one it corrects.
 */
export async function writeJournalEntry(ctx: AppContext, actor: Actor, caseId: string, input: { eventDate: string; body: string; corrects?: string | null }) {
  assertCan(actor, 'case.write');
  if (!actor.userId) throw forbidden('Journalen skrivs av en namngiven handläggare');
  const body = input.body.trim();
  if (body === '') throw invalidField('body', 'Skriv anteckningen');
  if (body.length > 20_000) throw invalidField('body', 'Högst 20 000 tecken');
  const today = todayInStockholm(ctx.clock.now());
  if (!isIsoDate(input.eventDate)) throw invalidField('eventDate', 'Ogiltigt datum (ÅÅÅÅ-MM-DD)');
  if (input.eventDate > today) throw invalidField('eventDate', 'Datumet kan inte ligga i framtiden');
  return ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    if (input.corrects && !(await casesStore.journal(tx, caseId)).some((e) => e.id === input.corrects))
      throw invalidField('corrects', 'Anteckningen som rättas finns inte i ärendet');
    const entry = await casesStore.insertJournalEntry(tx, { caseId, eventDate: input.eventDate, body, authorId: actor.userId!, authorName: actor.name, corrects: input.corrects ?? null, at: ctx.clock.now() });
    await recordAudit(tx, actor, { action: 'journal.write', subjectType: 'case', subjectId: caseId, details: { entry: entry.id, corrects: entry.corrects } });
    return entry;
  });
}

export interface KfmNoticeInput {
  kind: 'application' | 'eviction_date';
  caseNumber: string;
  /** The municipality where the home is, by its four-digit code (Kronofogden knows the address). */
  municipalityCode: string;
  personnummer: string;
  address: string;
  landlordName?: string | null;
  /** For an eviction date: when, as an ISO date-time with offset (e.g. 2027-02-03T09:00:00+01:00). */
  evictionAt?: string | null;
}

/**
 * A notice from Kronofogden to social services (issue 3 §1): an application for eviction received, or
 * the date and time of an eviction. Posted by Kronofogden's system with its API token or entered by its
 * liaison; sent twice, it is kept once. It lands in the inbox of the municipality where the home is.
 */
export async function reportKfmNotice(ctx: AppContext, actor: Actor, input: KfmNoticeInput): Promise<{ id: string; created: boolean }> {
  assertCan(actor, 'kfm.notice');
  if (actor.orgKind !== 'authority' || !actor.orgId) throw forbidden('Endast för Kronofogden');
  const today = todayInStockholm(ctx.clock.now());
  const caseNumber = input.caseNumber.trim();
  if (!/^[\p{L}\p{N}][\p{L}\p{N} \-/]{0,39}$/u.test(caseNumber)) throw invalidField('caseNumber', 'Ange Kronofogdens målnummer');
  if (!/^\d{4}$/.test(input.municipalityCode)) throw invalidField('municipalityCode', 'Kommunkod: fyra siffror, t.ex. 1980');
  const pnr = parsePersonnummer(input.personnummer, today);
  if (!pnr.ok) throw invalidField('personnummer', pnr.reason);
  const address = input.address.trim();
  if (address === '' || address.length > 200) throw invalidField('address', 'Ange adressen (högst 200 tecken)');
  let evictionAt: string | null = null;
  if (input.kind === 'eviction_date') {
    const at = input.evictionAt ? new Date(input.evictionAt) : null;
    if (!at || Number.isNaN(at.getTime()) || !/[+-]\d{2}:\d{2}$|Z$/.test(input.evictionAt!)) throw invalidField('evictionAt', 'Ange dag och klockslag för avhysningen, t.ex. 2027-02-03T09:00:00+01:00');
    evictionAt = at.toISOString();
  } else if (input.evictionAt) {
    throw invalidField('evictionAt', 'En ansökan har inget datum för avhysning');
  }
  return ctx.db.transaction(async (tx) => {
    const municipality = await directory.municipalityByCode(tx, input.municipalityCode);
    if (!municipality) throw invalidField('municipalityCode', `Ingen kommun i Bokvar har kommunkod ${input.municipalityCode}`);
    const tenancy = await tenancyForConcern(tx, input.municipalityCode, null, address);
    const area = tenancy?.area ? await casesStore.areaByName(tx, municipality.id, tenancy.area) : undefined;
    const kept = await casesStore.insertKfmNotice(tx, {
      authorityId: actor.orgId!, municipalityId: municipality.id, kind: input.kind, caseNumber, personnummer: pnr.value, address,
      landlordName: input.landlordName?.trim() || null, evictionAt, tenancyId: tenancy?.id ?? null, areaId: area?.id ?? null,
    });
    if (kept.created) await recordAudit(tx, actor, { action: 'kfm_notice.create', subjectType: 'kfm_notice', subjectId: kept.id, details: { kind: input.kind } });
    return kept;
  });
}

const PARTS_OF_DAY = ['morning', 'afternoon', 'evening'] as const;
const CONTACT_OUTCOMES = ['payment_plan', 'support_offered', 'referred_to_debt_advice', 'declined_help', 'no_agreement'] as const;

export interface ContactInput {
  kind: 'letter' | 'sms' | 'call' | 'visit';
  contactDate: string;
  partOfDay?: (typeof PARTS_OF_DAY)[number] | null;
  reached: boolean;
  outcome?: (typeof CONTACT_OUTCOMES)[number] | null;
  note?: string | null;
  jointWithLandlord?: boolean;
}

function checkedOutcome(today: string, v: { contactDate: string; reached: boolean; outcome?: string | null; note?: string | null }) {
  if (!isIsoDate(v.contactDate)) throw invalidField('contactDate', 'Ogiltigt datum (ÅÅÅÅ-MM-DD)');
  if (v.contactDate > today) throw invalidField('contactDate', 'Kontakten kan inte ha skett i framtiden');
  if (v.outcome && !v.reached) throw invalidField('outcome', 'Ett utfall kräver att hushållet nåddes');
  const note = v.note?.trim() || null;
  if (note && note.length > 4000) throw invalidField('note', 'Högst 4 000 tecken');
  return note;
}

/** A contact made (or tried): kind, reached or not, date and part of day, outcome (issue 3 §2). */
export async function logContact(ctx: AppContext, actor: Actor, caseId: string, input: ContactInput): Promise<string> {
  assertCan(actor, 'case.write');
  if (!actor.userId) throw forbidden('Kontakter loggas av en namngiven handläggare');
  const note = checkedOutcome(todayInStockholm(ctx.clock.now()), input);
  return ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    const id = await casesStore.insertContact(tx, {
      caseId, kind: input.kind, plannedAt: null, contactDate: input.contactDate, partOfDay: input.partOfDay ?? null, reached: input.reached,
      outcome: input.outcome ?? null, note, joint: input.jointWithLandlord ?? false, createdBy: actor.userId!, createdAt: ctx.clock.now(),
    });
    await recordAudit(tx, actor, { action: 'contact.log', subjectType: 'case', subjectId: caseId, details: { contact: id, kind: input.kind, reached: input.reached } });
    return id;
  });
}

/** Books a home visit for a time (a letter announcing it and a contact card can then be printed). */
export async function bookVisit(ctx: AppContext, actor: Actor, caseId: string, input: { at: string; jointWithLandlord?: boolean; note?: string | null }): Promise<string> {
  assertCan(actor, 'case.write');
  if (!actor.userId) throw forbidden('Besök bokas av en namngiven handläggare');
  const at = new Date(input.at);
  if (Number.isNaN(at.getTime()) || !/([+-]\d{2}:\d{2}|Z)$/.test(input.at)) throw invalidField('at', 'Ange dag och klockslag, t.ex. 2027-01-20T10:00:00+01:00');
  if (at.getTime() < ctx.clock.now().getTime()) throw invalidField('at', 'Besöket kan inte bokas bakåt i tiden');
  const note = input.note?.trim() || null;
  return ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    const id = await casesStore.insertContact(tx, {
      caseId, kind: 'visit', plannedAt: at.toISOString(), contactDate: null, partOfDay: null, reached: null, outcome: null, note,
      joint: input.jointWithLandlord ?? false, createdBy: actor.userId!, createdAt: ctx.clock.now(),
    });
    await casesStore.insertTasks(tx, [{ caseId, kind: 'visit', title: `Hembesök kl. ${at.toLocaleTimeString('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' })}`, dueOn: todayInStockholm(at), assignedTo: actor.userId, sourceId: id }]);
    await recordAudit(tx, actor, { action: 'visit.book', subjectType: 'case', subjectId: caseId, details: { contact: id, at: at.toISOString() } });
    return id;
  });
}

/** What came of a booked visit: reached or not, when, the outcome. */
export async function recordVisit(ctx: AppContext, actor: Actor, caseId: string, contactId: string, input: Omit<ContactInput, 'kind' | 'jointWithLandlord'>): Promise<void> {
  assertCan(actor, 'case.write');
  const note = checkedOutcome(todayInStockholm(ctx.clock.now()), input);
  await ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    const done = await casesStore.recordVisit(tx, caseId, contactId, { contactDate: input.contactDate, partOfDay: input.partOfDay ?? null, reached: input.reached, outcome: input.outcome ?? null, note });
    if (!done) throw notFound('Det finns inget bokat besök att fylla i');
    await casesStore.finishTaskOfSource(tx, caseId, 'visit', contactId, actor.userId);
    await recordAudit(tx, actor, { action: 'visit.record', subjectType: 'case', subjectId: caseId, details: { contact: contactId, reached: input.reached } });
  });
}

/**
 * The letter announcing a booked home visit (A4), or the contact card with the visit time to leave at
 * the door (A5). Plain and respectful (domain section 3: dignified contact reduces shame); they name
 * nobody but the social worker and say what help there is.
 */
export async function visitLetter(ctx: AppContext, actor: Actor, caseId: string, contactId: string, kind: 'letter' | 'card'): Promise<{ pdf: Buffer; fileName: string }> {
  assertCan(actor, 'case.read');
  const data = await ctx.db.transaction(async (tx) => {
    const c = await ownCase(tx, actor, caseId);
    const visit = await casesStore.contact(tx, caseId, contactId);
    if (visit?.kind !== 'visit' || !visit.planned_at) throw notFound('Det finns inget bokat besök');
    const municipality = await directory.organisation(tx, c.municipality_id);
    await recordAudit(tx, actor, { action: 'letter.create', subjectType: 'case', subjectId: caseId, details: { contact: contactId, kind } });
    return { c, visit, municipality: municipality! };
  });
  const { c, visit, municipality } = data;
  const at = visit.planned_at!;
  const day = at.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm', weekday: 'long', day: 'numeric', month: 'long' });
  const time = at.toLocaleTimeString('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' });
  const today = todayInStockholm(ctx.clock.now());
  const contact: LetterBlock = { type: 'Facts', rows: visitFacts({ day, time, address: c.address, protectedIdentity: c.protected_identity, worker: actor.name, phone: municipality.phone }) };
  const pdf =
    kind === 'card'
      ? await renderLetter({
          title: 'Kontaktkort från socialtjänsten', sender: `Socialtjänsten, ${municipality.name}`, date: today, size: 'A5',
          blocks: [
            { type: 'H1', text: 'Vi var här och vill gärna träffa dig' },
            { type: 'P', text: 'Vi kommer tillbaka vid den tid som står nedan. Passar den inte, ring oss så bokar vi en annan tid.' },
            contact,
          ],
        })
      : await renderLetter({
          title: 'Vi vill gärna träffa dig', sender: `Socialtjänsten, ${municipality.name}`, date: today,
          blocks: [
            { type: 'H1', text: 'Vi vill gärna träffa dig' },
            {
              type: 'P',
              text:
                'Vi på socialtjänsten vill hjälpa dig att kunna bo kvar. Vi kommer på ett hembesök för att prata om hur du har det och vad som kan göras – ' +
                'till exempel en avbetalningsplan, stöd från socialtjänsten eller budget- och skuldrådgivning.' +
                (visit.joint_with_landlord ? ' Någon från hyresvärden följer med.' : ''),
            },
            contact,
            { type: 'P', text: 'Passar tiden inte, ring oss så bokar vi en annan. Det du berättar för oss omfattas av sekretess.' },
          ],
        });
  return { pdf, fileName: `${kind === 'card' ? 'kontaktkort' : 'brev-hembesok'}-${visit.planned_at!.toISOString().slice(0, 10)}.pdf` };
}

/**
 * Marks a case as one of a person with protected identity and names the social workers who may see it
 * (the one marking it among them), or lifts the protection.
 */
export async function setProtection(ctx: AppContext, actor: Actor, caseId: string, input: { protectedIdentity: boolean; workerIds: string[] }): Promise<void> {
  assertCan(actor, 'case.write');
  const municipalityId = municipalityScope(actor);
  if (!actor.userId) throw forbidden('Beslutas av en namngiven handläggare');
  const workers = [...new Set(input.workerIds)];
  if (input.protectedIdentity && !workers.includes(actor.userId)) throw invalidField('workerIds', 'Du som skyddar ärendet ska själv stå med bland handläggarna');
  await ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    for (const id of workers) {
      const user = await directory.userOfOrg(tx, municipalityId, id);
      if (!user || user.disabled_at || (user.role !== 'social_worker' && user.role !== 'team_lead')) throw invalidField('workerIds', 'Välj socialsekreterare eller teamledare i kommunen');
    }
    await casesStore.setProtection(tx, caseId, input.protectedIdentity, input.protectedIdentity ? workers : [], actor.userId!);
    await recordAudit(tx, actor, { action: 'case.protection', subjectType: 'case', subjectId: caseId, details: { protectedIdentity: input.protectedIdentity, workers } });
  });
}
