// The journal and protected identity (issue 3 §2): dated entries that are corrected, never edited, and
// which workers may see a case whose household has protected identity.
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, municipalityScope } from '../access/policy.ts';
import { directory } from '../access/directory.ts';
import { isIsoDate } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import type { AppContext } from '../platform/context.ts';
import { forbidden, invalidField } from '../platform/errors.ts';
import { ownCase } from './own-case.ts';
import { caseStore } from './case-store.ts';

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
    if (input.corrects && !(await caseStore.journal(tx, caseId)).some((e) => e.id === input.corrects))
      throw invalidField('corrects', 'Anteckningen som rättas finns inte i ärendet');
    const entry = await caseStore.insertJournalEntry(tx, { caseId, eventDate: input.eventDate, body, authorId: actor.userId!, authorName: actor.name, corrects: input.corrects ?? null, at: ctx.clock.now() });
    await recordAudit(tx, actor, { action: 'journal.write', subjectType: 'case', subjectId: caseId, details: { entry: entry.id, corrects: entry.corrects } });
    return entry;
  });
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
    await caseStore.setProtection(tx, caseId, input.protectedIdentity, input.protectedIdentity ? workers : [], actor.userId!);
    await recordAudit(tx, actor, { action: 'case.protection', subjectType: 'case', subjectId: caseId, details: { protectedIdentity: input.protectedIdentity, workers } });
  });
}
