// A person's own report (issue 3 §3; GDPR art. 15): everything the asking organisation keeps about a
// personnummer, and every logged access to it (who, when, why), as JSON or PDF. Each organisation is
// its own controller, so each reports what it keeps: a landlord its tenancies, a municipality its
// cases, Kronofogden its notices.

import { auditLabel } from '../access/audit-actions.ts';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan } from '../access/policy.ts';
import { directory } from '../access/directory.ts';
import { sha256 } from '../access/service.ts';
import { stockholmDateTime, todayInStockholm } from '../calendar/stockholm.ts';
import { parsePersonnummer } from '../ledger/personnummer.ts';
import { type LetterBlock, renderLetter } from '../messaging/letters.ts';
import type { AppContext } from '../platform/context.ts';
import { forbidden, invalidField } from '../platform/errors.ts';
import { fieldSv, SECTION_SV, showValue } from './model.ts';
import { privacyStore } from './store.ts';

export interface SubjectReport {
  personnummer: string;
  organisation: string;
  generatedAt: string;
  data: Record<string, Record<string, unknown>[]>;
  /** Parts whose text may name other people: to be read through before the report is released. */
  forReview: string[];
  /** Each access with what was done in words (`label`, from the audit catalogue), never only its code. */
  accesses: { at: Date; who: string | null; organisation: string | null; action: string; label: string; reason: string | null }[];
}

export async function subjectReport(ctx: AppContext, actor: Actor, personnummer: string): Promise<SubjectReport> {
  assertCan(actor, 'subject.report');
  if (!actor.orgId || !actor.orgKind) throw forbidden();
  const parsed = parsePersonnummer(personnummer, todayInStockholm(ctx.clock.now()));
  if (!parsed.ok) throw invalidField('personnummer', parsed.reason);
  const pnr = parsed.value;
  return ctx.db.transaction(async (tx) => {
    const org = await directory.organisation(tx, actor.orgId!);
    let data: Record<string, Record<string, unknown>[]> =
      actor.orgKind === 'landlord'
        ? await privacyStore.landlordData(tx, actor.orgId!, pnr)
        : actor.orgKind === 'municipality'
          ? await privacyStore.municipalityData(tx, actor.orgId!, pnr)
          : await privacyStore.authorityData(tx, actor.orgId!, pnr);
    if (actor.orgKind === 'municipality') {
      const cases = data.cases ?? [];
      const protectedIds = cases.filter((c) => c.protected_identity === true).map((c) => c.id as string);
      const named = await privacyStore.casesNamedOn(tx, protectedIds, actor.userId);
      data = subjectsOwn(withholdProtected(data, new Set(protectedIds.filter((id) => !named.has(id)))), pnr);
    }
    // Every row with an id of its own, and every tenancy and case, is looked up in the access log.
    const ids = new Set<string>();
    for (const rows of Object.values(data)) for (const r of rows) for (const k of ['id', 'tenancy_id', 'case_id']) if (typeof r[k] === 'string') ids.add(r[k] as string);
    const accesses = (await privacyStore.accesses(tx, [...ids])).map((a) => ({ ...a, label: auditLabel(a.action, 'sv') }));
    // The report is itself a read of personal data; the personnummer is logged only as its hash.
    await recordAudit(tx, actor, { action: 'subject.report', subjectType: 'person', subjectId: sha256(pnr), reason: 'Registerutdrag (GDPR art. 15)' });
    const forReview = REVIEW_PARTS.filter((part) => (data[part]?.length ?? 0) > 0);
    return { personnummer: pnr, organisation: org?.name ?? '', generatedAt: ctx.clock.now().toISOString(), data, forReview, accesses };
  });
}

/** The parts of a case that belong to the case, not the person: withheld with it. */
const CASE_PARTS = ['household', 'journal', 'contacts', 'consents', 'paymentPlans', 'assistanceDecisions', 'actionPlans', 'childAssessments', 'followUps'];
/** Parts written in free text about a household: they may name other people, and are read through before release. */
const REVIEW_PARTS = ['journal', 'contacts', 'actionPlans', 'childAssessments', 'followUps'];

export const WITHHELD =
  'Ärendet har skyddade personuppgifter. Den här delen av utdraget gör en handläggare som är namngiven på ärendet.';

/**
 * A protected case the asker is not named on (issue 12 §2): its address, journal and every other part
 * are left out, and the report says that a named handler completes it; no address, not even Kronofogden's.
 */
function withholdProtected(data: Record<string, Record<string, unknown>[]>, withheld: ReadonlySet<string>): Record<string, Record<string, unknown>[]> {
  if (withheld.size === 0) return data;
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [part, rows] of Object.entries(data)) {
    if (part === 'cases') out[part] = rows.map((c) => (withheld.has(c.id as string) ? { id: c.id, status: c.status, protected_identity: true, withheld: WITHHELD } : c));
    else if (CASE_PARTS.includes(part)) out[part] = rows.filter((r) => !withheld.has(r.case_id as string));
    else out[part] = rows.map((r) => ('address' in r ? { ...r, address: null } : r));
  }
  return out;
}

/**
 * The report is the person's own data (GDPR art. 15): the other members of the household are named by
 * their relation only, never by personnummer or name (issue 12 §3).
 */
function subjectsOwn(data: Record<string, Record<string, unknown>[]>, pnr: string): Record<string, Record<string, unknown>[]> {
  const household = data.household;
  if (!household) return data;
  return { ...data, household: household.map((p) => (p.personnummer === pnr ? p : { case_id: p.case_id, relation: p.relation, personnummer: null, name: null, birth_year: null, third_party: true })) };
}

/** The report as a tagged PDF: each part as a table of what is kept, then the access log. */
export async function subjectReportPdf(report: SubjectReport, date: string): Promise<Buffer> {
  const blocks: LetterBlock[] = [
    { type: 'H1', text: 'Registerutdrag' },
    {
      type: 'P',
      text:
        `Det här är allt ${report.organisation} har sparat i Bokvar om personnummer ${report.personnummer.slice(0, 8)}-${report.personnummer.slice(8)}, ` +
        'och varje gång någon har läst eller ändrat uppgifterna (artikel 15 i dataskyddsförordningen).',
    },
  ];
  for (const [section, rows] of Object.entries(report.data)) {
    if (rows.length === 0) continue;
    blocks.push({ type: 'H2', text: `${SECTION_SV[section] ?? section} (${rows.length})` });
    if (report.forReview.includes(section))
      blocks.push({ type: 'P', text: 'Läs igenom före utlämnandet: texten kan nämna andra personer, vars uppgifter kan omfattas av sekretess (OSL 26 kap. 1 §).' });
    for (const row of rows) blocks.push({ type: 'Facts', rows: Object.entries(row).map(([k, v]) => [fieldSv(k), showValue(v, k)]) });
  }
  if (Object.values(report.data).every((rows) => rows.length === 0)) blocks.push({ type: 'P', text: 'Inga uppgifter om personen finns sparade.' });
  blocks.push({ type: 'H2', text: `Åtkomster (${report.accesses.length})` });
  if (report.accesses.length > 0)
    blocks.push({
      type: 'Table', header: ['När', 'Vem', 'Organisation', 'Vad', 'Varför'],
      rows: report.accesses.map((a) => [stockholmTime(a.at), a.who ?? '–', a.organisation ?? '–', a.label, a.reason ?? '–']),
    });
  return renderLetter({ title: 'Registerutdrag enligt artikel 15 i dataskyddsförordningen', sender: report.organisation, date, blocks });
}

/** "2027-01-20 10:05", Swedish time: when the person's data was read, as the person's clock showed it. */
function stockholmTime(at: Date): string {
  const t = stockholmDateTime(at);
  return `${t.date} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}
