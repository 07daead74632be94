// The one way in (issue 3 §1): concerns from the public form or a login, Kronofogden's notices, the
// city areas they are routed to, and a case opened from what came in (or set aside, or dismissed).
import { createHash } from 'node:crypto';
import { recordAudit } from '../access/audit.ts';
import { type Actor, PUBLIC_ACTOR } from '../access/model.ts';
import { assertCan, canSeeCase, municipalityScope } from '../access/policy.ts';
import { directory } from '../access/directory.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { noticesForBoard } from '../collection/notices.ts';
import { parsePersonnummer } from '../ledger/personnummer.ts';
import { tenancyForConcern, tenantsForCase } from '../ledger/service.ts';
import type { AppContext } from '../platform/context.ts';
import { type Queryable, sqlState } from '../platform/database.ts';
import { AppError, forbidden, invalidField, notFound } from '../platform/errors.ts';
import { evictionTasks } from './meetings.ts';
import { CONCERN_LIMITS, type ConcernSource, type IntakeKind, KFM_OUTCOME_KINDS, type KfmKind, type KfmOutcomeKind, newConcernReference } from './model.ts';
import { type KfmOutcomeInput, noteApplicationReceived, outcomeProblem, recordKfmOutcome } from './kfm-matters.ts';
import { caseStore } from './case-store.ts';
import { type AreaRow, intakeStore } from './intake-store.ts';
import { planStore } from './plan-store.ts';

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
  return { municipalities: await intakeStore.municipalitiesWithAreas(ctx.db) };
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
      const earlier = await intakeStore.recentFromClient(tx, clientKey, what, address, new Date(ctx.clock.now().getTime() - 3_600_000));
      if (earlier) return { reference: earlier };
    }
    if (source === 'public') await withinPublicBudget(ctx, tx, municipality);
    const areas = await intakeStore.areas(tx, municipality.id);
    let areaId = input.areaId ?? null;
    if (areaId && !areas.some((a) => a.id === areaId)) throw invalidField('areaId', 'Stadsdelen hör inte till kommunen');
    // Routing: the tenancy, if a landlord in Bokvar has it, says the area when the reporter did not.
    const tenancy = municipality.municipality_code ? await tenancyForConcern(tx, municipality.municipality_code, contractNumber, address, todayInStockholm(ctx.clock.now())) : undefined;
    if (!areaId && tenancy?.area) areaId = (await intakeStore.areaByName(tx, municipality.id, tenancy.area))?.id ?? null;
    for (let attempt = 0; attempt < 5; attempt++) {
      const reference = newConcernReference();
      const id = await intakeStore.insertConcern(tx, {
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
  const seen = await intakeStore.publicConcernsSince(tx, municipality.id, new Date(now.getTime() - 3_600_000));
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
    if (!(await intakeStore.setResponsible(tx, municipalityId, areaId, userId))) throw notFound('Stadsdelen finns inte');
    await recordAudit(tx, actor, { action: 'area.responsible', subjectType: 'city_area', subjectId: areaId, details: { userId } });
    return (await intakeStore.areas(tx, municipalityId)).find((a) => a.id === areaId)!;
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
      const c = await intakeStore.concern(tx, municipalityId, item.id);
      if (c?.status !== 'new') throw notInInbox();
      home = { tenancyId: c.tenancy_id, address: c.address, areaId: c.area_id };
    } else if (item.kind === 'kfm') {
      const k = await intakeStore.kfmNotice(tx, municipalityId, item.id);
      if (!k || (await intakeStore.inCase(tx, { kfmNoticeId: k.id }))) throw notInInbox();
      home = { tenancyId: k.tenancy_id, address: k.address, areaId: k.area_id };
      named.push(k.personnummer);
      eviction = k;
    } else if (item.kind === 'referral') {
      const r = await intakeStore.referral(tx, municipalityId, item.id);
      if (!r || r.in_case) throw notInInbox();
      const area = r.area ? await intakeStore.areaByName(tx, municipalityId, r.area) : undefined;
      home = { tenancyId: r.tenancy_id, address: r.address, areaId: area?.id ?? null };
    } else {
      const [n] = await noticesForBoard(tx, municipalityId, 1, item.id);
      if (!n || (await intakeStore.inCase(tx, { noticeId: n.id }))) throw notInInbox();
      const area = n.area ? await intakeStore.areaByName(tx, municipalityId, n.area) : undefined;
      home = { tenancyId: n.tenancy_id, address: n.address, areaId: area?.id ?? null };
    }
    const existing = home.tenancyId ? await caseStore.openCaseOfTenancy(tx, municipalityId, home.tenancyId) : undefined;
    const caseId = existing ?? (await caseStore.insertCase(tx, { municipalityId, ...home, openedBy: actor.userId, openedAt: ctx.clock.now() }));
    // Someone else took it into a case at the same moment: this transaction (and any case it opened) is undone.
    const intake = { concern: { concernId: item.id }, kfm: { kfmNoticeId: item.id }, notice: { noticeId: item.id }, referral: { referralId: item.id } }[item.kind];
    if (!(await intakeStore.addIntake(tx, caseId, intake)))
      throw new AppError(409, 'taken', 'Någon annan har just tagit hand om det här. Ladda om inkorgen.');
    if (item.kind === 'concern') await intakeStore.markConcernHandled(tx, item.id);
    // The household as far as it is known: the tenants on the lease, then anyone else the item names.
    const tenants = home.tenancyId ? await tenantsForCase(tx, home.tenancyId) : [];
    for (const t of tenants) await caseStore.insertPerson(tx, { caseId, relation: 'tenant', personnummer: t.personnummer, name: t.name, birthYear: Number(t.personnummer.slice(0, 4)), addedBy: null });
    for (const pnr of named.filter((p) => /^\d{12}$/.test(p)))
      await caseStore.insertPerson(tx, { caseId, relation: 'tenant', personnummer: pnr, name: null, birthYear: Number(pnr.slice(0, 4)), addedBy: null });
    // The household's case is protected and the actor is not named on it (issue 12 §5): the item joins
    // it and a task tells its named social workers; the attempt is in the audit log with who made it.
    const c = await caseStore.case(tx, caseId);
    const workers = c?.protected_identity ? (await caseStore.caseWorkers(tx, caseId)).map((w) => w.user_id) : [];
    const visible = c !== undefined && canSeeCase(actor, c, workers);
    if (eviction) await evictionTasks(tx, caseId, visible ? actor.userId : null, eviction);
    if (!visible)
      await planStore.insertTasks(tx, [{ caseId, kind: 'manual', title: 'Nytt om hushållet har kommit in: läs det i ärendet', dueOn: todayInStockholm(ctx.clock.now()), assignedTo: null, sourceId: null }]);
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
    const ids = await intakeStore.setAsideFlood(tx, municipalityId, { from, to, reason: why, userId: actor.userId!, at: ctx.clock.now() });
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
    if (!(await intakeStore.dismissConcern(tx, municipalityId, concernId, why, actor.userId!, ctx.clock.now()))) throw notInInbox();
    await recordAudit(tx, actor, { action: 'concern.dismiss', subjectType: 'concern', subjectId: concernId, reason: why });
  });
}

export interface KfmNoticeInput extends KfmOutcomeInput {
  kind: KfmKind;
  caseNumber: string;
  /** The municipality where the home is, by its four-digit code (Kronofogden knows the address). */
  municipalityCode: string;
  /** A notice names the person; an outcome is kept without (if sent, it is not kept). */
  personnummer?: string | null;
  address: string;
  landlordName?: string | null;
  /** For an eviction date: when, as an ISO date-time with offset (e.g. 2027-02-03T09:00:00+01:00). */
  evictionAt?: string | null;
}

/**
 * A notice from Kronofogden to social services (issue 3 §1): an application for eviction received, or
 * the date and time of an eviction. Posted by Kronofogden's system with its API token or entered by its
 * liaison; sent twice, it is kept once. It lands in the inbox of the municipality where the home is.
 * An outcome of the matter (withdrawn, decided, carried out or not: issue 14 §1) is kept as a fact for
 * the figures, without the person, and opens nothing.
 */
export async function reportKfmNotice(ctx: AppContext, actor: Actor, input: KfmNoticeInput): Promise<{ id: string; created: boolean }> {
  assertCan(actor, 'kfm.notice');
  if (actor.orgKind !== 'authority' || !actor.orgId) throw forbidden('Endast för Kronofogden');
  const today = todayInStockholm(ctx.clock.now());
  const caseNumber = input.caseNumber.trim();
  if (!/^[\p{L}\p{N}][\p{L}\p{N} \-/]{0,39}$/u.test(caseNumber)) throw invalidField('caseNumber', 'Ange Kronofogdens målnummer');
  if (!/^\d{4}$/.test(input.municipalityCode)) throw invalidField('municipalityCode', 'Kommunkod: fyra siffror, t.ex. 1980');
  const address = input.address.trim();
  if (address === '' || address.length > 200) throw invalidField('address', 'Ange adressen (högst 200 tecken)');
  const kind = input.kind;
  if (isOutcome(kind)) {
    const outcome = outcomeProblem(kind, input, today);
    return ctx.db.transaction(async (tx) => {
      // The home's tenancy on the day it happened: an eviction carried out has often ended it since.
      const place = await matterPlace(tx, actor.orgId!, caseNumber, input.municipalityCode, address, outcome.day);
      return recordKfmOutcome(tx, actor, kind, place, outcome, ctx.clock.now());
    });
  }
  const pnr = parsePersonnummer(input.personnummer ?? '', today);
  if (!pnr.ok) throw invalidField('personnummer', pnr.reason);
  let evictionAt: string | null = null;
  if (kind === 'eviction_date') {
    const at = input.evictionAt ? new Date(input.evictionAt) : null;
    if (!at || Number.isNaN(at.getTime()) || !/[+-]\d{2}:\d{2}$|Z$/.test(input.evictionAt!)) throw invalidField('evictionAt', 'Ange dag och klockslag för avhysningen, t.ex. 2027-02-03T09:00:00+01:00');
    evictionAt = at.toISOString();
  } else if (input.evictionAt) {
    throw invalidField('evictionAt', 'En ansökan har inget datum för avhysning');
  }
  return ctx.db.transaction(async (tx) => {
    const place = await matterPlace(tx, actor.orgId!, caseNumber, input.municipalityCode, address, today);
    const kept = await intakeStore.insertKfmNotice(tx, {
      authorityId: actor.orgId!, municipalityId: place.municipalityId, kind, caseNumber, personnummer: pnr.value, address,
      landlordName: input.landlordName?.trim() || null, evictionAt, tenancyId: place.tenancyId, areaId: place.areaId,
    });
    if (kept.created) await recordAudit(tx, actor, { action: 'kfm_notice.create', subjectType: 'kfm_notice', subjectId: kept.id, details: { kind } });
    if (kind === 'application') await noteApplicationReceived(tx, place, today, ctx.clock.now());
    return kept;
  });
}

const isOutcome = (kind: KfmKind): kind is KfmOutcomeKind => (KFM_OUTCOME_KINDS as readonly string[]).includes(kind);

/** The municipality by its code, and the home's tenancy, landlord and city area where Bokvar knows them. */
async function matterPlace(tx: Queryable, authorityId: string, caseNumber: string, municipalityCode: string, address: string, today: string) {
  const municipality = await directory.municipalityByCode(tx, municipalityCode);
  if (!municipality) throw invalidField('municipalityCode', `Ingen kommun i Bokvar har kommunkod ${municipalityCode}`);
  const tenancy = await tenancyForConcern(tx, municipalityCode, null, address, today);
  const area = tenancy?.area ? await intakeStore.areaByName(tx, municipality.id, tenancy.area) : undefined;
  return { authorityId, caseNumber, municipalityId: municipality.id, tenancyId: tenancy?.id ?? null, landlordId: tenancy?.landlord_id ?? null, areaId: area?.id ?? null };
}
