// Meetings with the household (issue 3 §2): the eviction day, and the rent-debt consultation for
// families with children. Use cases in the same shape as service.ts.

import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, municipalityScope } from '../access/policy.ts';
import { addDays, isIsoDate } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import type { AppContext } from '../platform/context.ts';
import type { Queryable } from '../platform/database.ts';
import { forbidden, invalidField, notFound } from '../platform/errors.ts';
import { ownCase } from './own-case.ts';
import { closingStore } from './closing-store.ts';
import { intakeStore } from './intake-store.ts';
import { planStore } from './plan-store.ts';

const at = (d: Date) => d.toLocaleTimeString('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' });

/**
 * An eviction date in the case gives two tasks (Västerås): be there on the day, ask "do you need help"
 * and book a time the same day; call back two days later.
 */
export async function evictionTasks(tx: Queryable, caseId: string, assignedTo: string | null, kfm: { id: string; eviction_at: Date | null }): Promise<void> {
  if (!kfm.eviction_at) return;
  const day = todayInStockholm(kfm.eviction_at);
  await planStore.insertTasks(tx, [
    { caseId, kind: 'eviction_day', title: `Avhysning kl. ${at(kfm.eviction_at)}: var där, fråga om hjälp behövs, boka en tid samma dag`, dueOn: day, assignedTo, sourceId: kfm.id },
    { caseId, kind: 'eviction_follow_up', title: 'Ring upp efter avhysningen', dueOn: addDays(day, 2), assignedTo, sourceId: kfm.id },
  ]);
}

/** What social services do on the eviction day: offered to be present, will be there, a time booked that day. */
export async function recordEvictionDay(
  ctx: AppContext, actor: Actor, caseId: string, kfmNoticeId: string,
  input: { presenceOffered: boolean; attending: boolean; bookedAt?: string | null; note?: string | null },
): Promise<void> {
  assertCan(actor, 'case.write');
  if (!actor.userId) throw forbidden('Registreras av en namngiven handläggare');
  const note = input.note?.trim() || null;
  if (note && note.length > 2000) throw invalidField('note', 'Högst 2 000 tecken');
  await ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    const intake = await intakeStore.caseIntake(tx, caseId);
    const kfm = intake.some((i) => i.kfm_notice_id === kfmNoticeId) ? await intakeStore.kfmNotice(tx, municipalityScope(actor), kfmNoticeId) : undefined;
    if (!kfm?.eviction_at) throw notFound('Ärendet har inget sådant datum för avhysning');
    let bookedAt: string | null = null;
    if (input.bookedAt) {
      const t = new Date(input.bookedAt);
      if (Number.isNaN(t.getTime()) || !/([+-]\d{2}:\d{2}|Z)$/.test(input.bookedAt)) throw invalidField('bookedAt', 'Ange klockslag, t.ex. 2027-02-03T13:00:00+01:00');
      // Västerås: a time the same day as the eviction.
      if (todayInStockholm(t) !== todayInStockholm(kfm.eviction_at)) throw invalidField('bookedAt', 'Tiden bokas samma dag som avhysningen');
      bookedAt = t.toISOString();
    }
    await closingStore.upsertEvictionDay(tx, { caseId, kfmNoticeId, presenceOffered: input.presenceOffered, attending: input.attending, bookedAt, note, by: actor.userId! });
    await recordAudit(tx, actor, { action: 'eviction_day.record', subjectType: 'case', subjectId: caseId, details: { kfm: kfmNoticeId, attending: input.attending } });
  });
}

/** A rent-debt consultation (hyresskuldsamråd): when, who took part, what was agreed. */
export async function recordConsultation(
  ctx: AppContext, actor: Actor, caseId: string, input: { heldOn: string; participants: string; landlordTookPart: boolean; agreements: string },
): Promise<string> {
  assertCan(actor, 'case.write');
  if (!actor.userId) throw forbidden('Registreras av en namngiven handläggare');
  if (!isIsoDate(input.heldOn)) throw invalidField('heldOn', 'Ogiltigt datum (ÅÅÅÅ-MM-DD)');
  if (input.heldOn > todayInStockholm(ctx.clock.now())) throw invalidField('heldOn', 'Samrådet kan inte ha hållits i framtiden');
  const participants = input.participants.trim();
  if (participants === '' || participants.length > 1000) throw invalidField('participants', 'Skriv vilka som deltog (högst 1 000 tecken)');
  const agreements = input.agreements.trim();
  if (agreements === '' || agreements.length > 4000) throw invalidField('agreements', 'Skriv vad ni kom överens om (högst 4 000 tecken)');
  return ctx.db.transaction(async (tx) => {
    await ownCase(tx, actor, caseId);
    const id = await closingStore.insertConsultation(tx, { caseId, heldOn: input.heldOn, participants, landlordTookPart: input.landlordTookPart, agreements, by: actor.userId! });
    await recordAudit(tx, actor, { action: 'consultation.record', subjectType: 'case', subjectId: caseId, details: { consultation: id } });
    return id;
  });
}
