// The one way every use case reaches a case: through the policy's rule of who may see it. Its own
// file, so the case's topics (closing, consent, meetings, plans) and housing use it without importing
// each other.
import type { Actor } from '../access/model.ts';
import { canSeeCase, municipalityScope } from '../access/policy.ts';
import type { Queryable } from '../platform/database.ts';
import { notFound } from '../platform/errors.ts';
import { caseStore } from './case-store.ts';

/**
 * The case if the actor may see it (access/policy.ts canSeeCase), or 404: another municipality's case,
 * or a protected one the actor is not named on, does not exist for them.
 */
export async function ownCase(tx: Queryable, actor: Actor, caseId: string) {
  municipalityScope(actor);
  const c = await caseStore.case(tx, caseId);
  const named = c?.protected_identity ? (await caseStore.caseWorkers(tx, caseId)).map((w) => w.user_id) : [];
  if (!c || !canSeeCase(actor, c, named)) throw notFound('Ärendet finns inte');
  return c;
}
