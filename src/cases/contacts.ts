// Contacts and home visits (issue 3 §3): logged calls and letters, a visit booked and recorded, and the
// letter or door card that announces it.
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan } from '../access/policy.ts';
import { directory } from '../access/directory.ts';
import { isIsoDate } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { type LetterBlock, renderLetter } from '../messaging/letters.ts';
import type { AppContext } from '../platform/context.ts';
import { type Nonpayment, type NonpaymentReason, nonpaymentProblem } from '../collection/model.ts';
import { forbidden, invalidField, notFound } from '../platform/errors.ts';
import { type CONTACT_KINDS, type CONTACT_OUTCOMES, type PARTS_OF_DAY, visitFacts } from './model.ts';
import { ownCase } from './own-case.ts';
import { caseStore } from './case-store.ts';
import { planStore } from './plan-store.ts';

export interface ContactInput {
  kind: (typeof CONTACT_KINDS)[number];
  contactDate: string;
  partOfDay?: (typeof PARTS_OF_DAY)[number] | null;
  reached: boolean;
  outcome?: (typeof CONTACT_OUTCOMES)[number] | null;
  note?: string | null;
  jointWithLandlord?: boolean;
  nonpaymentReason?: NonpaymentReason | null;
  nonpaymentNote?: string | null;
}

function checkedOutcome(today: string, v: Omit<ContactInput, 'kind' | 'jointWithLandlord'>): { note: string | null; nonpayment: Nonpayment } {
  if (!isIsoDate(v.contactDate)) throw invalidField('contactDate', 'Ogiltigt datum (ÅÅÅÅ-MM-DD)');
  if (v.contactDate > today) throw invalidField('contactDate', 'Kontakten kan inte ha skett i framtiden');
  if (v.outcome && !v.reached) throw invalidField('outcome', 'Ett utfall kräver att hushållet nåddes');
  const note = v.note?.trim() || null;
  if (note && note.length > 4000) throw invalidField('note', 'Högst 4 000 tecken');
  const nonpayment = { reason: v.nonpaymentReason ?? null, note: v.nonpaymentNote?.trim() || null };
  const wrong = nonpaymentProblem({ reached: v.reached, ...nonpayment });
  if (wrong) throw invalidField(wrong.field, wrong.message);
  return { note, nonpayment };
}

/** A contact made (or tried): kind, reached or not, date and part of day, outcome (issue 3 §2). */
export async function logContact(ctx: AppContext, actor: Actor, caseId: string, input: ContactInput): Promise<string> {
  assertCan(actor, 'case.write');
  if (!actor.userId) throw forbidden('Kontakter loggas av en namngiven handläggare');
  const { note, nonpayment } = checkedOutcome(todayInStockholm(ctx.clock.now()), input);
  return ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    const id = await caseStore.insertContact(tx, {
      caseId, kind: input.kind, plannedAt: null, contactDate: input.contactDate, partOfDay: input.partOfDay ?? null, reached: input.reached,
      outcome: input.outcome ?? null, note, nonpayment, joint: input.jointWithLandlord ?? false, createdBy: actor.userId!, createdAt: ctx.clock.now(),
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
    const id = await caseStore.insertContact(tx, {
      caseId, kind: 'visit', plannedAt: at.toISOString(), contactDate: null, partOfDay: null, reached: null, outcome: null, note, nonpayment: { reason: null, note: null },
      joint: input.jointWithLandlord ?? false, createdBy: actor.userId!, createdAt: ctx.clock.now(),
    });
    await planStore.insertTasks(tx, [{ caseId, kind: 'visit', title: `Hembesök kl. ${at.toLocaleTimeString('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' })}`, dueOn: todayInStockholm(at), assignedTo: actor.userId, sourceId: id }]);
    await recordAudit(tx, actor, { action: 'visit.book', subjectType: 'case', subjectId: caseId, details: { contact: id, at: at.toISOString() } });
    return id;
  });
}

/** What came of a booked visit: reached or not, when, the outcome. */
export async function recordVisit(ctx: AppContext, actor: Actor, caseId: string, contactId: string, input: Omit<ContactInput, 'kind' | 'jointWithLandlord'>): Promise<void> {
  assertCan(actor, 'case.write');
  const { note, nonpayment } = checkedOutcome(todayInStockholm(ctx.clock.now()), input);
  await ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    const done = await caseStore.recordVisit(tx, caseId, contactId, {
      contactDate: input.contactDate, partOfDay: input.partOfDay ?? null, reached: input.reached, outcome: input.outcome ?? null, note, nonpayment,
    });
    if (!done) throw notFound('Det finns inget bokat besök att fylla i');
    await planStore.finishTaskOfSource(tx, caseId, 'visit', contactId, actor.userId);
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
    const visit = await caseStore.contact(tx, caseId, contactId);
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
