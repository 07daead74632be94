import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, assertOwnTenancyField, assertSentNotice, canReadNotice, landlordScope } from '../access/policy.ts';
import { directory } from '../access/directory.ts';
import { earliestEvictionDecision, forfeitureFrom, isIsoDate, type IsoDate, recoveryDeadline } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { arrearsOn, formatKronor, fromLedgerRows } from '../ledger/model.ts';
import { ledgerReads } from '../ledger/reads.ts';
import { renderLetter } from '../messaging/letters.ts';
import type { AppContext } from '../platform/context.ts';
import type { Queryable } from '../platform/database.ts';
import { AppError, invalidField, notFound } from '../platform/errors.ts';
import { csvField, csvKronor, type NoticeReason, type OwedMonth, owedByMonth } from './model.ts';
import { type NoticeListRow, type NoticeRow, noticeStore } from './notice-store.ts';
import { worklistStore } from './worklist-store.ts';

export { type BoardNotice, type NoticeListRow, type NoticeRow, noticesForBoard } from './notice-store.ts';

export interface NewNotice {
  tenancyId: string;
  reason: NoticeReason;
  terminationDate: IsoDate;
  /** Öre, as stated in the termination: it must equal the ledger (RH 1995:34). */
  amountOwed: number;
  servedOnTenant?: IsoDate | null;
}

const REASON_SV: Record<NoticeReason, string> = {
  arrears: 'Hyran har inte betalats i tid (12 kap. 42 § första stycket 1 jordabalken)',
  disturbance: 'Störningar i boendet (12 kap. 42 § första stycket 6 jordabalken)',
  neglect: 'Bristande tillsyn eller vård av lägenheten (12 kap. 42 § första stycket 6 jordabalken)',
};

/** The legal dates, once the notice is both served on the tenant and delivered to the board (JB 12 kap 44 §). */
function deadlines(reason: NoticeReason, recoveryRight: boolean, served: IsoDate | null, delivered: IsoDate | null) {
  // Recovery applies to termination for unpaid rent only, and not to lettings under lag 2026:772.
  if (reason !== 'arrears' || !recoveryRight || !served || !delivered) return { recoveryDeadline: null, earliestEviction: null };
  const deadline = recoveryDeadline(served, delivered);
  return { recoveryDeadline: deadline, earliestEviction: earliestEvictionDecision(deadline) };
}

/**
 * Creates the statutory notice to the social welfare board of the municipality where the home is
 * (JB 12 kap 44 §, content of formulär 3 in förordning 1978:314). For unpaid rent the amount is first
 * checked against the ledger: a notice with a wrong amount does not start the recovery period
 * (RH 1995:34), so a mismatch blocks it and says why.
 */
export async function createNotice(ctx: AppContext, actor: Actor, input: NewNotice): Promise<NoticeRow> {
  assertCan(actor, 'notice.create');
  const landlordId = landlordScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  if (!isIsoDate(input.terminationDate)) throw invalidField('terminationDate', 'Ogiltigt datum (ÅÅÅÅ-MM-DD)');
  // For unpaid rent the board is notified of a termination made (JB 12 kap 44 §); for disturbance or
  // neglect it is notified before the termination (JB 12 kap 42 § tredje stycket, from 1 July 2024).
  if (input.reason === 'arrears' && input.terminationDate > today)
    throw invalidField('terminationDate', 'Uppsägningen kan inte ligga i framtiden; skicka underrättelsen när hyresavtalet sägs upp');
  if (input.servedOnTenant && (!isIsoDate(input.servedOnTenant) || input.servedOnTenant > today))
    throw invalidField('servedOnTenant', 'Ogiltigt datum eller ett datum i framtiden');
  if (!Number.isInteger(input.amountOwed) || input.amountOwed < 0) throw invalidField('amountOwed', 'Beloppet ska anges i hela ören, minst 0');

  return ctx.db.transaction(async (tx) => {
    const tenancy = await ledgerReads.tenancy(tx, input.tenancyId);
    assertOwnTenancyField(actor, tenancy, 'tenancyId');
    const entries = await ledgerReads.entries(tx, tenancy.id);
    const arrears = arrearsOn(
      fromLedgerRows(entries),
      tenancy.monthly_rent,
      input.terminationDate,
    );
    let months: OwedMonth[] = [];
    if (input.reason === 'arrears') {
      if (arrears.owed <= 0 || !arrears.oldestUnpaidDueDate)
        throw new AppError(422, 'no_arrears', `Reskontran visar ingen hyresskuld den ${input.terminationDate}. Kontrollera att betalningarna är inlästa.`);
      if (arrears.owed !== input.amountOwed)
        throw new AppError(
          422,
          'amount_mismatch',
          `amountOwed: Beloppet ${formatKronor(input.amountOwed)} stämmer inte med reskontran, som visar ${formatKronor(arrears.owed)} den ${input.terminationDate}. ` +
            'En underrättelse med fel belopp startar inte tiden för återvinning (RH 1995:34). Rätta beloppet eller läs in de senaste transaktionerna.',
          { ledgerAmount: arrears.owed },
        );
      // JB 12 kap 42 § 1 st 1: rent paid more than one week late makes the lease forfeit, not earlier.
      const earliest = forfeitureFrom(arrears.oldestUnpaidDueDate);
      if (input.terminationDate < earliest)
        throw new AppError(
          422,
          'too_early',
          `terminationDate: Hyran som förföll ${arrears.oldestUnpaidDueDate} ger rätt att säga upp avtalet tidigast ${earliest} (12 kap. 42 § jordabalken).`,
        );
      months = owedByMonth(arrears.unpaidCharges);
    }
    const landlord = await directory.organisation(tx, landlordId);
    const municipality = await directory.municipalityByCode(tx, tenancy.municipality_code);
    const recoveryRight = tenancy.letting_form !== 'privatuthyrning';
    const served = input.servedOnTenant ?? null;
    if (served && input.reason === 'arrears' && served < input.terminationDate)
      throw invalidField('servedOnTenant', 'Delgivningen kan inte ligga före uppsägningen');
    // Delivered now when the municipality works in Bokvar: its inbox receives it in this transaction.
    // Otherwise the landlord sends the PDF and records the day it was delivered.
    const delivered = municipality ? today : null;
    const d = deadlines(input.reason, recoveryRight, served, delivered);
    const existing = await noticeStore.openFor(tx, tenancy.id, input.terminationDate, input.reason);
    if (existing) throw new AppError(409, 'notice_exists', 'En underrättelse för den här uppsägningen finns redan', { noticeId: existing.id });
    const row = await noticeStore.insert(tx, {
      landlordId, tenancyId: tenancy.id, municipalityCode: tenancy.municipality_code, municipalityId: municipality?.id ?? null, reason: input.reason,
      terminationDate: input.terminationDate, amountOwed: input.reason === 'arrears' ? arrears.owed : 0, owedByMonth: months,
      landlordContact: { name: landlord?.name ?? '', phone: landlord?.phone ?? null, email: landlord?.email ?? null, person: actor.kind === 'user' ? actor.name : null },
      servedOnTenant: served, deliveredToBoard: delivered, recoveryDeadline: d.recoveryDeadline, earliestEviction: d.earliestEviction, recoveryRight, createdBy: actor.userId,
    });
    await worklistStore.markStepDone(tx, tenancy.id, 'notice_to_social_services', actor.userId);
    await recordAudit(tx, actor, { action: 'notice.create', subjectType: 'tenancy', subjectId: tenancy.id, details: { notice: row.id } });
    return row;
  });
}

/**
 * Records the day the termination was served on the tenant and, for a municipality outside Bokvar,
 * the day the PDF reached the board; the recovery clock starts when both are known.
 */
export async function recordDates(
  ctx: AppContext,
  actor: Actor,
  noticeId: string,
  dates: { servedOnTenant?: IsoDate | null; deliveredToBoard?: IsoDate | null },
): Promise<NoticeRow> {
  assertCan(actor, 'notice.create');
  landlordScope(actor); // landlords only
  const today = todayInStockholm(ctx.clock.now());
  for (const [field, value] of Object.entries(dates))
    if (value && (!isIsoDate(value) || value > today)) throw invalidField(field, 'Ogiltigt datum eller ett datum i framtiden');
  return ctx.db.transaction(async (tx) => {
    const notice = await noticeStore.byId(tx, noticeId);
    assertSentNotice(actor, notice);
    if (notice.status !== 'delivered') throw new AppError(409, 'notice_closed', 'Underrättelsen är avslutad och kan inte ändras');
    const served = dates.servedOnTenant ?? notice.served_on_tenant;
    if (served && notice.reason === 'arrears' && served < notice.termination_date)
      throw invalidField('servedOnTenant', 'Delgivningen kan inte ligga före uppsägningen');
    let delivered = notice.delivered_to_board;
    if (dates.deliveredToBoard) {
      if (notice.municipality_id) throw invalidField('deliveredToBoard', 'Underrättelsen lämnades till socialnämnden i Bokvar; datumet kan inte ändras');
      delivered = dates.deliveredToBoard;
    }
    const d = deadlines(notice.reason, notice.recovery_right, served, delivered);
    const row = await noticeStore.setDates(tx, noticeId, { served, delivered, recoveryDeadline: d.recoveryDeadline, earliestEviction: d.earliestEviction });
    await recordAudit(tx, actor, { action: 'notice.dates', subjectType: 'tenancy', subjectId: notice.tenancy_id, details: { notice: noticeId } });
    return row;
  });
}

/** Who may read a notice: the landlord that sent it, and the social services it was delivered to. */
function assertMayRead(actor: Actor, notice: NoticeRow | undefined): asserts notice is NoticeRow {
  if (!notice || !canReadNotice(actor, notice)) throw notFound('Underrättelsen finns inte');
}

/** The landlord's sent notices, or the social services' inbox of received ones. */
export async function listNotices(ctx: AppContext, actor: Actor): Promise<NoticeListRow[]> {
  assertCan(actor, 'notice.read');
  const side = actor.orgKind === 'landlord' ? 'sent' : actor.orgKind === 'municipality' ? 'received' : null;
  if (!side || !actor.orgId) return [];
  return ctx.db.transaction(async (tx) => {
    const rows = await noticeStore.list(tx, side, actor.orgId!);
    await recordAudit(tx, actor, { action: 'notice.list', subjectType: 'notice', reason: 'Underrättelser', details: { notices: rows.map((r) => r.id) } });
    return rows;
  });
}

export async function noticePdf(ctx: AppContext, actor: Actor, noticeId: string): Promise<{ pdf: Buffer; fileName: string }> {
  const { notice, tenancy, tenants } = await ctx.db.transaction(async (tx) => {
    const n = await noticeStore.byId(tx, noticeId);
    assertMayRead(actor, n);
    const t = await ledgerReads.tenancy(tx, n.tenancy_id);
    const p = await ledgerReads.tenants(tx, n.tenancy_id);
    await recordAudit(tx, actor, { action: 'notice.read', subjectType: 'tenancy', subjectId: n.tenancy_id, details: { notice: n.id, format: 'pdf' } });
    return { notice: n, tenancy: t!, tenants: p };
  });
  const c = notice.landlord_contact;
  const pdf = await renderLetter({
    title: 'Underrättelse till socialnämnden om uppsägning av hyresavtal',
    sender: c.name,
    date: notice.delivered_to_board ?? '',
    blocks: [
      { type: 'H1', text: 'Underrättelse till socialnämnden om uppsägning av hyresavtal' },
      { type: 'P', text: 'Enligt 12 kap. 44 § jordabalken och formulär 3 i förordningen (1978:314) om formulär för underrättelser i hyres- och bostadsrättsförhållanden.' },
      { type: 'H2', text: 'Hyresgäst' },
      { type: 'Facts', rows: tenants.map((p) => [p.name, `${p.personnummer.slice(0, 8)}-${p.personnummer.slice(8)}`] as [string, string]) },
      { type: 'H2', text: 'Lägenheten' },
      {
        type: 'Facts',
        rows: [
          ['Adress', [tenancy.address, [tenancy.postal_code, tenancy.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')],
          ['Objekt / kontrakt', [tenancy.object_number, tenancy.contract_number].filter(Boolean).join(' / ')],
          ['Kommun (kommunkod)', notice.municipality_code],
          ['Hushåll', `${tenancy.adults ?? '–'} vuxna, ${tenancy.children ?? 0} barn`],
        ],
      },
      { type: 'H2', text: 'Uppsägningen' },
      {
        type: 'Facts',
        rows: [
          ['Uppsagt den', notice.termination_date],
          ['Skäl', REASON_SV[notice.reason]],
          ['Delgiven hyresgästen', notice.served_on_tenant ?? 'Ännu inte delgiven'],
          ['Underrättelsen lämnad', notice.delivered_to_board ?? ''],
          ...(notice.recovery_deadline
            ? ([
                ['Sista dag att betala och behålla lägenheten', notice.recovery_deadline],
                ['Avhysning kan beslutas tidigast', notice.earliest_eviction_decision ?? ''],
              ] as [string, string][])
            : []),
          ...(!notice.recovery_right ? ([['Observera', 'Privatuthyrning (lag 2026:772): hyresgästen har ingen rätt till återvinning']] as [string, string][]) : []),
        ],
      },
      ...(notice.reason === 'arrears'
        ? ([
            { type: 'H2', text: `Hyresskuld: ${formatKronor(notice.amount_owed)}` },
            { type: 'Table', header: ['Hyresmånad', 'Förfallodag', 'Obetalt'], rows: notice.owed_by_month.map((m) => [m.month, m.dueDate, formatKronor(m.amount)]) },
          ] as const)
        : []),
      { type: 'H2', text: 'Hyresvärd och kontaktperson' },
      { type: 'Facts', rows: [['Hyresvärd', c.name], ['Kontaktperson', c.person ?? '–'], ['Telefon', c.phone ?? '–'], ['E-post', c.email ?? '–']] },
    ],
  });
  return { pdf, fileName: `underrattelse-${tenancy.contract_number}-${notice.termination_date}.pdf` };
}

/**
 * Marks notices recovered when the rent the termination was for is paid within the three weeks
 * (JB 12 kap 44 §). Read from the ledger: payments booked by the deadline count even when they are
 * imported later, and a tenancy given an end date after the termination is still judged by its ledger.
 * Our reading: the months in the notice must be paid; rent falling due later is not a condition here.
 * TODO verify: whether praxis also requires rent that fell due during the three weeks.
 */
export async function markRecovered(tx: Queryable, landlordId: string, date: IsoDate): Promise<string[]> {
  const open = await noticeStore.awaitingRecovery(tx, landlordId, date);
  const recovered: string[] = [];
  for (const n of open) {
    if (!(await paidInTime(tx, n, date))) continue;
    await noticeStore.markRecovered(tx, n.id, date);
    recovered.push(n.id);
  }
  return recovered;
}

async function paidInTime(q: Queryable, notice: NoticeRow, date: IsoDate): Promise<boolean> {
  const cutoff = notice.recovery_deadline && notice.recovery_deadline < date ? notice.recovery_deadline : date;
  const tenancy = await ledgerReads.tenancy(q, notice.tenancy_id);
  const entries = fromLedgerRows(
    (await ledgerReads.entries(q, notice.tenancy_id)).filter((e) => e.kind !== 'charge' || (e.due_date !== null && e.due_date <= notice.termination_date)),
  );
  return arrearsOn(entries, tenancy!.monthly_rent, cutoff).owed <= 0;
}

/** The tenancy's notices, for its page: the landlord's own, or the board's it received. */
export async function noticesOfTenancy(ctx: AppContext, actor: Actor, tenancyId: string): Promise<NoticeRow[]> {
  assertCan(actor, 'notice.read');
  return ctx.db.transaction(async (tx) => {
    const rows = await noticeStore.ofTenancy(tx, tenancyId);
    const visible = rows.filter((n) => canReadNotice(actor, n));
    // Not the landlord's own and no notice the actor may read: not found, like a tenancy that does not exist.
    if (visible.length === 0 && (actor.orgKind !== 'landlord' || (await ledgerReads.tenancy(tx, tenancyId))?.landlord_id !== actor.orgId))
      throw notFound('Hyresavtalet har inga uppsägningar som du kan se');
    await recordAudit(tx, actor, { action: 'notice.read', subjectType: 'tenancy', subjectId: tenancyId, details: { notices: visible.map((n) => n.id) } });
    return visible;
  });
}

/** One application for payment order and eviction (betalningsföreläggande och vanlig handräckning). */
export interface KfmApplication {
  landlordName: string;
  tenantName: string;
  personnummer: string;
  address: string;
  postalCode: string | null;
  city: string | null;
  claim: number;
  owedByMonth: OwedMonth[];
  terminationDate: IsoDate;
  reason: NoticeReason;
}

/** Kronofogden exports go through this interface; CSV today, Kronofogden's e-service format later. */
export interface KfmExporter {
  readonly contentType: string;
  readonly extension: string;
  render(applications: KfmApplication[]): string;
}

// Kronofogden's application fee for payment order and eviction: 300 kr (förordning 1992:1094 om avgifter vid Kronofogdemyndigheten).
export const KFM_APPLICATION_FEE_ORE = 30000;

export const csvKfmExporter: KfmExporter = {
  contentType: 'text/csv; charset=utf-8',
  extension: 'csv',
  render(apps) {
    const lines = ['sokande;svarande_namn;svarande_personnummer;adress;postnummer;ort;fordran;hyresmanader;uppsagningsdatum;grund;ansokningsavgift'];
    for (const a of apps)
      lines.push(
        [
          a.landlordName, a.tenantName, a.personnummer, a.address, a.postalCode ?? '', a.city ?? '', csvKronor(a.claim),
          a.owedByMonth.map((m) => m.month).join(' '), a.terminationDate, a.reason, csvKronor(KFM_APPLICATION_FEE_ORE),
        ]
          .map(csvField)
          .join(';'),
      );
    return '\ufeff' + lines.join('\r\n') + '\r\n';
  },
};

/** Terminations whose recovery period has run out unpaid (or that have no recovery right), ready for Kronofogden. */
export async function kfmApplications(ctx: AppContext, actor: Actor, date: IsoDate, exporter: KfmExporter = csvKfmExporter): Promise<string> {
  assertCan(actor, 'kfm.export');
  const landlordId = landlordScope(actor);
  if (!isIsoDate(date) || date > todayInStockholm(ctx.clock.now())) throw invalidField('date', 'Ogiltigt datum eller ett datum i framtiden');
  return ctx.db.transaction(async (tx) => {
    // A payment booked in time but imported since must keep the tenant out of the export.
    await markRecovered(tx, landlordId, date);
    const rows = await noticeStore.forKronofogden(tx, landlordId, date);
    await recordAudit(tx, actor, { action: 'kfm.export', subjectType: 'notice', subjectId: date, details: { notices: rows.map((r) => r.id) } });
    const applications: KfmApplication[] = [];
    for (const r of rows) {
      // The claim is what is owed today, not at the termination: part payments since count.
      const tenancy = await ledgerReads.tenancy(tx, r.tenancy_id);
      const entries = fromLedgerRows(await ledgerReads.entries(tx, r.tenancy_id));
      const now = arrearsOn(entries, tenancy!.monthly_rent, date);
      if (now.owed <= 0) continue;
      applications.push({
        landlordName: r.landlord_name, tenantName: r.tenant_name, personnummer: r.personnummer, address: r.address, postalCode: r.postal_code,
        city: r.city, claim: now.owed, owedByMonth: owedByMonth(now.unpaidCharges), terminationDate: r.termination_date, reason: r.reason,
      });
    }
    return exporter.render(applications);
  });
}
