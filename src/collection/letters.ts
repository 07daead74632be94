import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, assertSeesLandlordRow } from '../access/policy.ts';
import { directory } from '../access/directory.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { arrearsOn, formatKronor, fromLedgerRows } from '../ledger/model.ts';
import { ledgerReads } from '../ledger/reads.ts';
import { type LetterBlock, renderLetter } from '../messaging/letters.ts';
import type { AppContext } from '../platform/context.ts';
import { owedByMonth } from './model.ts';

export type TenancyLetterKind = 'reminder' | 'contact-card';

/**
 * Letters to the tenant: a reminder with what is owed by month, and a contact card to leave at the
 * door. Plain and respectful (Sveriges Allmännytta: dignified contact reduces shame); they say what
 * can be done and where help is, and name no one but the tenant.
 */
export async function tenancyLetter(ctx: AppContext, actor: Actor, tenancyId: string, kind: TenancyLetterKind): Promise<{ pdf: Buffer; fileName: string }> {
  assertCan(actor, 'tenancy.read');
  // The reminder says what is owed: who may not see the arrears on screen (a caretaker) may not print them.
  if (kind === 'reminder') assertCan(actor, 'ledger.read');
  const today = todayInStockholm(ctx.clock.now());
  const data = await ctx.db.transaction(async (tx) => {
    const tenancy = await ledgerReads.tenancy(tx, tenancyId);
    assertSeesLandlordRow(actor, tenancy?.landlord_id);
    const [tenants, entries, landlord] = await Promise.all([
      ledgerReads.tenants(tx, tenancyId),
      ledgerReads.entries(tx, tenancyId),
      directory.organisation(tx, tenancy!.landlord_id),
    ]);
    await recordAudit(tx, actor, { action: 'letter.create', subjectType: 'tenancy', subjectId: tenancyId, details: { kind } });
    return { tenancy: tenancy!, tenants, entries, landlord: landlord! };
  });
  const { tenancy, tenants, landlord } = data;
  const names = tenants.map((t) => t.name).join(' och ') || 'hyresgäst';
  const phone = landlord.phone ?? '';
  const arrears = arrearsOn(
    fromLedgerRows(data.entries),
    tenancy.monthly_rent,
    today,
  );
  const contact: LetterBlock = {
    type: 'Facts',
    rows: [
      ['Ring', phone || '–'],
      ['E-post', landlord.email ?? '–'],
      ['Ditt kontrakt', tenancy.contract_number],
    ],
  };
  if (kind === 'contact-card') {
    const pdf = await renderLetter({
      title: 'Kontaktkort',
      sender: landlord.name,
      date: today,
      size: 'A5',
      blocks: [
        { type: 'H1', text: `Hej ${names}!` },
        { type: 'P', text: `Vi från ${landlord.name} har sökt dig om hyran för ${tenancy.address}. Vi vill gärna prata med dig – tillsammans kan vi oftast hitta en lösning, till exempel en avbetalningsplan.` },
        contact,
        { type: 'P', text: 'Du kan också få stöd av kommunens budget- och skuldrådgivning eller socialtjänsten.' },
      ],
    });
    return { pdf, fileName: `kontaktkort-${tenancy.contract_number}.pdf` };
  }
  const months = owedByMonth(arrears.unpaidCharges);
  const pdf = await renderLetter({
    title: 'Påminnelse om hyra',
    sender: landlord.name,
    date: today,
    blocks: [
      { type: 'H1', text: 'Påminnelse om hyra' },
      { type: 'P', text: `Hej ${names}! Vi har inte fått hela hyran för ${tenancy.address}. Det kan hända alla, och vi vill hjälpa dig att lösa det innan det blir dyrare för dig.` },
      ...(arrears.owed > 0
        ? ([
            { type: 'H2', text: `Att betala: ${formatKronor(arrears.owed)}` },
            { type: 'Table', header: ['Hyresmånad', 'Förfallodag', 'Obetalt'], rows: months.map((m) => [m.month, m.dueDate, formatKronor(m.amount)]) },
          ] satisfies LetterBlock[])
        : [{ type: 'P', text: 'Enligt vår reskontra är hyran nu betald. Tack!' } satisfies LetterBlock]),
      { type: 'P', text: 'Kan du inte betala allt nu? Hör av dig så kan vi komma överens om en avbetalningsplan. Kommunens budget- och skuldrådgivning och socialtjänsten kan också hjälpa dig.' },
      { type: 'H2', text: 'Kontakta oss' },
      contact,
    ],
  });
  return { pdf, fileName: `paminnelse-${tenancy.contract_number}-${today}.pdf` };
}
