// The household of a case, the consents its members give, and what others then see of the case
// (issue 3 §2–3). Use cases in the same shape as service.ts: access check, work, audit row, one transaction.

import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, caseShareFor } from '../access/policy.ts';
import { directory } from '../access/directory.ts';
import { isIsoDate } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { parsePersonnummer } from '../ledger/personnummer.ts';
import { renderLetter } from '../messaging/letters.ts';
import type { AppContext } from '../platform/context.ts';
import type { Queryable } from '../platform/database.ts';
import { forbidden, invalidField, notFound } from '../platform/errors.ts';
import type { z } from 'zod';
import type { sharedCase as sharedCaseAnswer } from './api.ts';
import { CONSENT_CATEGORIES, CONSENT_CATEGORY_SV, type ConsentCategory, type ConsentFacts, consentState, outcomeForLandlord } from './model.ts';
import { ownCase } from './own-case.ts';
import { type CaseRow, caseStore } from './case-store.ts';
import { type ConsentRow, consentStore } from './consent-store.ts';
import { planStore } from './plan-store.ts';

export interface PersonInput {
  relation: 'tenant' | 'adult' | 'child';
  personnummer?: string | null;
  name?: string | null;
  /** A child known only by age: the year of birth. */
  birthYear?: number | null;
}

/** Adds a person to the household of a case: an adult by personnummer, a child by personnummer or year of birth. */
export async function addPerson(ctx: AppContext, actor: Actor, caseId: string, input: PersonInput): Promise<string> {
  assertCan(actor, 'case.write');
  const today = todayInStockholm(ctx.clock.now());
  const year = Number(today.slice(0, 4));
  let personnummer: string | null = null;
  if (input.personnummer?.trim()) {
    const parsed = parsePersonnummer(input.personnummer, today);
    if (!parsed.ok) throw invalidField('personnummer', parsed.reason);
    personnummer = parsed.value;
  } else if (input.relation !== 'child') {
    throw invalidField('personnummer', 'Ange personnummer för en vuxen');
  }
  let birthYear = personnummer ? Number(personnummer.slice(0, 4)) : null;
  if (!personnummer) {
    if (input.birthYear == null || !Number.isInteger(input.birthYear)) throw invalidField('birthYear', 'Ange barnets födelseår eller personnummer');
    if (input.birthYear > year || input.birthYear < year - 17) throw invalidField('birthYear', `Ett barn är fött ${year - 17}–${year}`);
    birthYear = input.birthYear;
  }
  const name = input.name?.trim() || null;
  if (name && name.length > 200) throw invalidField('name', 'Högst 200 tecken');
  return ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    const id = await caseStore.insertPerson(tx, { caseId, relation: input.relation, personnummer, name, birthYear, addedBy: actor.userId });
    if (!id) throw invalidField('personnummer', 'Personen finns redan i hushållet');
    await recordAudit(tx, actor, { action: 'household.add', subjectType: 'case', subjectId: caseId, details: { person: id, relation: input.relation } });
    return id;
  });
}

export interface ConsentInput {
  personId: string;
  categories: ConsentCategory[];
  recipientOrgIds: string[];
  toDebtAdvice?: boolean;
  purpose: string;
  validFrom: string;
  validUntil: string;
}

/**
 * Records a consent as the person gave it. It holds once documented: the form printed from it and
 * signed, then scanned in or filed on paper (documentConsent).
 */
export async function recordConsent(ctx: AppContext, actor: Actor, caseId: string, input: ConsentInput): Promise<string> {
  assertCan(actor, 'case.write');
  if (!actor.userId) throw forbidden('Samtycken registreras av en namngiven handläggare');
  const today = todayInStockholm(ctx.clock.now());
  const categories = [...new Set(input.categories)];
  if (categories.length === 0) throw invalidField('categories', 'Välj vilka uppgifter som får lämnas');
  const recipients = [...new Set(input.recipientOrgIds)];
  if (recipients.length === 0 && !input.toDebtAdvice) throw invalidField('recipientOrgIds', 'Välj vem som får uppgifterna');
  const purpose = input.purpose.trim();
  if (purpose === '') throw invalidField('purpose', 'Skriv vad uppgifterna ska användas till');
  if (purpose.length > 1000) throw invalidField('purpose', 'Högst 1 000 tecken');
  if (!isIsoDate(input.validFrom)) throw invalidField('validFrom', 'Ogiltigt datum (ÅÅÅÅ-MM-DD)');
  if (input.validFrom < today) throw invalidField('validFrom', 'Ett samtycke kan inte gälla bakåt i tiden');
  if (!isIsoDate(input.validUntil)) throw invalidField('validUntil', 'Ogiltigt datum (ÅÅÅÅ-MM-DD)');
  if (input.validUntil < input.validFrom) throw invalidField('validUntil', 'Slutdatum före startdatum');
  return ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    const person = (await caseStore.persons(tx, caseId)).find((p) => p.id === input.personId);
    if (!person) throw invalidField('personId', 'Personen finns inte i hushållet');
    if (person.relation === 'child') throw invalidField('personId', 'Samtycket lämnas av en vuxen i hushållet');
    for (const orgId of recipients) {
      const org = await directory.organisation(tx, orgId);
      if (!org || org.kind === 'municipality') throw invalidField('recipientOrgIds', 'Mottagaren ska vara en hyresvärd eller Kronofogden');
    }
    const id = await consentStore.insertConsent(tx, {
      caseId, personId: person.id, categories, recipientOrgIds: recipients, toDebtAdvice: input.toDebtAdvice ?? false, purpose,
      validFrom: input.validFrom, validUntil: input.validUntil, recordedBy: actor.userId!,
    });
    await recordAudit(tx, actor, { action: 'consent.record', subjectType: 'case', subjectId: caseId, details: { consent: id, categories, recipients } });
    return id;
  });
}

/** What a scan may be: the first bytes say, not the name or the header the browser sent. */
function scanType(bytes: Buffer): 'application/pdf' | 'image/jpeg' | 'image/png' | null {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

export const MAX_SCAN_BYTES = 10 * 1024 * 1024;

/** The signed form is in: scanned (PDF, JPEG or PNG) or filed on paper. From now the consent holds. */
export async function documentConsent(ctx: AppContext, actor: Actor, caseId: string, consentId: string, doc: { scan: Buffer } | { paper: true }): Promise<void> {
  assertCan(actor, 'case.write');
  if (!actor.userId) throw forbidden('Dokumenteras av en namngiven handläggare');
  let scan: Buffer | null = null;
  let type: string | null = null;
  if ('scan' in doc) {
    if (doc.scan.length === 0) throw invalidField('file', 'Filen är tom');
    if (doc.scan.length > MAX_SCAN_BYTES) throw invalidField('file', 'Högst 10 MB');
    type = scanType(doc.scan);
    if (!type) throw invalidField('file', 'Skanna blanketten som PDF, JPEG eller PNG');
    scan = doc.scan;
  }
  await ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    if (!(await consentStore.documentConsent(tx, caseId, consentId, { as: scan ? 'scan' : 'paper', scan, scanType: type, by: actor.userId! })))
      throw notFound('Det finns inget samtycke som väntar på underskrift');
    await recordAudit(tx, actor, { action: 'consent.document', subjectType: 'case', subjectId: caseId, details: { consent: consentId, as: scan ? 'scan' : 'paper' } });
  });
}

/** The person takes the consent back: from this moment nothing more is shared under it. */
export async function withdrawConsent(ctx: AppContext, actor: Actor, caseId: string, consentId: string, note: string | null): Promise<void> {
  assertCan(actor, 'case.write');
  if (!actor.userId) throw forbidden('Registreras av en namngiven handläggare');
  const why = note?.trim() || null;
  if (why && why.length > 1000) throw invalidField('note', 'Högst 1 000 tecken');
  await ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    if (!(await consentStore.withdrawConsent(tx, caseId, consentId, actor.userId!, why))) throw notFound('Samtycket finns inte eller är redan återkallat');
    await recordAudit(tx, actor, { action: 'consent.withdraw', subjectType: 'case', subjectId: caseId, details: { consent: consentId } });
  });
}

/** The scanned form, for the case's social workers. */
export async function consentScan(ctx: AppContext, actor: Actor, caseId: string, consentId: string): Promise<{ bytes: Buffer; type: string }> {
  assertCan(actor, 'case.read');
  return ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    const scan = await consentStore.consentScan(tx, caseId, consentId);
    if (!scan) throw notFound('Det finns ingen inskannad blankett');
    await recordAudit(tx, actor, { action: 'consent.scan.read', subjectType: 'case', subjectId: caseId, details: { consent: consentId } });
    return { bytes: Buffer.from(scan.scan), type: scan.scan_type };
  });
}

export function consentFacts(c: ConsentRow): ConsentFacts {
  return {
    categories: c.categories, recipientOrgIds: c.recipient_org_ids, toDebtAdvice: c.to_debt_advice, validFrom: c.valid_from, validUntil: c.valid_until,
    documentedAt: c.documented_at, withdrawnAt: c.withdrawn_at,
  };
}

/** The consents of a case as its social workers see them, each with its state today. */
export async function consentsOfCase(tx: Queryable, caseId: string, today: string) {
  const orgs = new Map((await directory.organisations(tx)).map((o) => [o.id, o.name]));
  return (await consentStore.consents(tx, [caseId])).map((c) => ({
    id: c.id, personId: c.person_id, categories: c.categories, recipients: c.recipient_org_ids.map((id) => ({ id, name: orgs.get(id) ?? '' })),
    toDebtAdvice: c.to_debt_advice, purpose: c.purpose, validFrom: c.valid_from, validUntil: c.valid_until, recordedBy: c.recorded_by_name,
    recordedAt: c.recorded_at, documentedAs: c.documented_as, documentedAt: c.documented_at, withdrawnAt: c.withdrawn_at,
    withdrawnBy: c.withdrawn_by_name, withdrawnNote: c.withdrawn_note, state: consentState(consentFacts(c), today),
  }));
}

/** Who a consent may name: landlords and Kronofogden (names only). */
export async function consentRecipients(tx: Queryable) {
  return (await directory.organisations(tx)).filter((o) => o.kind !== 'municipality').map((o) => ({ id: o.id, name: o.name, kind: o.kind }));
}

/** The consent form printed for the person's signature (A4, tagged PDF): what, to whom, why, how long. */
export async function consentForm(ctx: AppContext, actor: Actor, caseId: string, consentId: string): Promise<{ pdf: Buffer; fileName: string }> {
  assertCan(actor, 'case.read');
  const today = todayInStockholm(ctx.clock.now());
  const data = await ctx.db.transaction(async (tx) => {
    const c = await ownCase(tx, actor, caseId);
    const consent = (await consentsOfCase(tx, caseId, today)).find((x) => x.id === consentId);
    if (!consent) throw notFound('Samtycket finns inte');
    const person = (await caseStore.persons(tx, caseId)).find((p) => p.id === consent.personId)!;
    const municipality = await directory.organisation(tx, c.municipality_id);
    await recordAudit(tx, actor, { action: 'letter.create', subjectType: 'case', subjectId: caseId, details: { consent: consentId, kind: 'consent_form' } });
    return { consent, person, municipality: municipality! };
  });
  const { consent, person, municipality } = data;
  const recipients = [...consent.recipients.map((r) => r.name), ...(consent.toDebtAdvice ? [`Budget- och skuldrådgivningen, ${municipality.name}`] : [])];
  const pdf = await renderLetter({
    title: 'Samtycke till att socialtjänsten lämnar uppgifter',
    sender: `Socialtjänsten, ${municipality.name}`,
    date: today,
    blocks: [
      { type: 'H1', text: 'Samtycke till att socialtjänsten lämnar uppgifter' },
      {
        type: 'P',
        text:
          'Det du berättar för socialtjänsten omfattas av sekretess. Med ditt samtycke får socialtjänsten lämna de uppgifter som står nedan ' +
          'till de mottagare som står nedan, för det syfte som står nedan och under den tid som står nedan – inget annat.',
      },
      { type: 'Facts', rows: [['Namn', person.name ?? ''], ['Personnummer', formatPersonnummer(person.personnummer ?? '')]] },
      { type: 'H2', text: 'Uppgifter som får lämnas' },
      { type: 'Table', header: ['Uppgift'], rows: CONSENT_CATEGORIES.filter((k) => consent.categories.includes(k)).map((k) => [CONSENT_CATEGORY_SV[k]]) },
      { type: 'Facts', rows: [['Till', recipients.join(', ')], ['Syfte', consent.purpose], ['Gäller', `${consent.validFrom} – ${consent.validUntil}`]] },
      {
        type: 'P',
        text: 'Du kan när som helst ta tillbaka ditt samtycke genom att kontakta din handläggare. Då lämnas inga fler uppgifter från den dagen.',
      },
      { type: 'Facts', rows: [['Ort och datum', '______________________________'], ['Underskrift', '______________________________'], ['Namnförtydligande', '______________________________']] },
      { type: 'P', text: `Handläggare: ${actor.name}. Telefon: ${municipality.phone ?? '–'}. Blankettens nummer: ${consent.id.slice(0, 8)}.` },
    ],
  });
  return { pdf, fileName: `samtycke-${consent.id.slice(0, 8)}.pdf` };
}

function formatPersonnummer(pnr: string): string {
  return /^\d{12}$/.test(pnr) ? `${pnr.slice(0, 8)}-${pnr.slice(8)}` : pnr;
}

/** How a case ended, told to a landlord without consent to more (domain section 6: coarsely). */
/** A case as an organisation outside social services sees it, as the answer declares it. */
export type SharedCase = z.output<typeof sharedCaseAnswer>;

/** The cases an organisation outside social services may see, each with only what the policy lets it see. */
export async function sharedCases(ctx: AppContext, actor: Actor): Promise<SharedCase[]> {
  assertCan(actor, 'case.shared');
  const today = todayInStockholm(ctx.clock.now());
  return ctx.db.transaction(async (tx) => {
    const scope = actor.orgKind === 'municipality' ? { debtAdviceOf: actor.orgId! } : { orgId: actor.orgId! };
    const ids = await consentStore.casesSharedWith(tx, scope, today, 500);
    // A broken payment plan first: the landlord is to be alerted (issue 3 §2).
    const broken = (c: SharedCase) => (c.paymentPlans ?? []).some((p) => p.status === 'broken');
    const shown = (await sharedViews(tx, actor, ids, today)).sort((a, b) => Number(broken(b)) - Number(broken(a)));
    await recordAudit(tx, actor, { action: 'case.shared.list', subjectType: 'case', reason: 'Delade ärenden', details: { cases: shown.map((c) => c.id) } });
    return shown;
  });
}

/** One case as an organisation outside social services may see it, or 404. */
export async function sharedCase(ctx: AppContext, actor: Actor, caseId: string): Promise<SharedCase> {
  assertCan(actor, 'case.shared');
  const today = todayInStockholm(ctx.clock.now());
  return ctx.db.transaction(async (tx) => {
    const [shown] = await sharedViews(tx, actor, [caseId], today);
    if (!shown) throw notFound('Ärendet finns inte');
    await recordAudit(tx, actor, { action: 'case.shared.read', subjectType: 'case', subjectId: caseId, reason: 'Delat ärende', details: { categories: shown.categories } });
    return shown;
  });
}

/** Of these cases, those an organisation outside social services may see, each with what it may see (the policy). */
export async function sharesFor(tx: Queryable, actor: Actor, cases: CaseRow[], today: string): Promise<Map<string, { categories: Set<ConsentCategory> }>> {
  const ids = cases.map((c) => c.id);
  const consents = await consentStore.consents(tx, ids);
  const landlords = await consentStore.noticeLandlords(tx, ids);
  const shares = new Map<string, { categories: Set<ConsentCategory> }>();
  for (const c of cases) {
    const share = caseShareFor(
      actor,
      {
        municipalityId: c.municipality_id, noticeLandlordIds: landlords.get(c.id) ?? [], consents: consents.filter((k) => k.case_id === c.id).map(consentFacts),
        protectedIdentity: c.protected_identity,
      },
      today,
    );
    if (share) shares.set(c.id, share);
  }
  return shares;
}

async function sharedViews(tx: Queryable, actor: Actor, ids: string[], today: string): Promise<SharedCase[]> {
  const cases = await caseStore.casesById(tx, ids);
  const shares = await sharesFor(tx, actor, cases, today);
  const orgs = new Map((await directory.organisations(tx)).map((o) => [o.id, o]));
  const views: SharedCase[] = [];
  for (const c of cases) {
    const share = shares.get(c.id);
    if (!share) continue;
    const sees = (k: ConsentCategory) => share.categories.has(k);
    const contacts = sees('contacts') || actor.orgKind === 'landlord' ? await caseStore.contacts(tx, c.id) : [];
    // A joint visit has the landlord there (Nynäshamn), so the landlord that may see the case sees when.
    const jointVisits = actor.orgKind === 'landlord' ? contacts.filter((k) => k.joint_with_landlord && k.planned_at && k.reached === null) : [];
    const plans = sees('payment_plan') ? await planStore.plans(tx, [c.id]) : [];
    const municipality = orgs.get(c.municipality_id);
    views.push({
      id: c.id, municipality: municipality?.name ?? '', municipalityPhone: municipality?.phone ?? null, status: c.status, openedAt: c.opened_at, address: c.address,
      categories: CONSENT_CATEGORIES.filter(sees),
      socialWorker: sees('case_open') ? c.opened_by_name : null,
      contacts: sees('contacts') ? contacts.filter((k) => k.planned_at === null || k.reached !== null).map((k) => ({ kind: k.kind, date: k.contact_date, partOfDay: k.part_of_day, reached: k.reached })) : null,
      paymentPlans: sees('payment_plan')
        ? plans
            .filter((p) => p.status !== 'cancelled')
            .map((p) => ({ status: p.status, agreedOn: p.agreed_on, brokenOn: p.broken_on, instalments: p.instalments.map((i) => ({ dueDate: i.due_date, amount: i.amount, status: i.status })) }))
        : null,
      assistance: sees('social_assistance')
        ? (await planStore.assistanceDecisions(tx, c.id)).map((a) => ({ decidedOn: a.decided_on, granted: a.granted, rentAmount: a.rent_amount, periodFrom: a.period_from, periodUntil: a.period_until }))
        : null,
      actionPlans: sees('action_plan')
        ? (await planStore.actionPlans(tx, c.id)).map((p) => ({ goals: p.goals, reviewOn: p.review_on, tasks: p.tasks.map((t) => ({ what: t.what, owner: t.owner, dueOn: t.due_on })) }))
        : null,
      // Domain section 6: the landlord is told how it ended coarsely; more, and to anyone else, only with consent.
      outcome: c.outcome && (actor.orgKind === 'landlord' || sees('outcome')) ? { coarse: outcomeForLandlord(c.outcome), precise: sees('outcome') ? c.outcome : null } : null,
      jointVisits: jointVisits.map((k) => ({ at: k.planned_at! })),
    });
  }
  return views;
}
