// The landlord's collection routine (issue 1): its own or the default, saved only when every step
// is valid, the templates to start from, and a preview of a month under it.
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, landlordScope } from '../access/policy.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError, invalidField } from '../platform/errors.ts';
import {
  DEFAULT_ROUTINE,
  previewRoutine,
  type Routine,
  ROUTINE_TEMPLATES,
  validateRoutine,
} from './model.ts';
import { routineStore } from './routine-store.ts';

export async function getRoutine(ctx: AppContext, actor: Actor): Promise<Routine & { isDefault: boolean }> {
  assertCan(actor, 'routine.read');
  const own = await routineStore.routine(ctx.db, landlordScope(actor));
  return own ? { ...own, isDefault: false } : { ...DEFAULT_ROUTINE, isDefault: true };
}

export async function saveRoutine(ctx: AppContext, actor: Actor, routine: Routine): Promise<Routine> {
  assertCan(actor, 'routine.edit');
  const landlordId = landlordScope(actor);
  const problems = validateRoutine(routine);
  if (problems.length > 0)
    throw new AppError(400, 'invalid', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { fields: problems });
  await ctx.db.transaction(async (tx) => {
    await routineStore.saveRoutine(tx, landlordId, routine, actor.userId);
    await recordAudit(tx, actor, { action: 'routine.update', subjectType: 'routine', subjectId: landlordId });
  });
  return routine;
}

export function routineTemplate(key: string): Routine {
  const t = ROUTINE_TEMPLATES[key];
  if (!t) throw invalidField('template', `Okänd mall "${key}" (${Object.keys(ROUTINE_TEMPLATES).join(', ')})`);
  return t;
}

export function preview(routine: Routine, dueMonth: string) {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(dueMonth)) throw invalidField('dueMonth', `Ogiltig månad "${dueMonth}" (ÅÅÅÅ-MM)`);
  const problems = validateRoutine(routine);
  if (problems.length > 0) throw new AppError(400, 'invalid', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { fields: problems });
  return previewRoutine(routine, dueMonth);
}
