import type { Queryable } from '../platform/database.ts';
import type { Actor } from './model.ts';

export interface AuditEvent {
  /** What was done, e.g. `tenancy.read`, `ledger.import`, `notice.create`. */
  action: string;
  subjectType: string;
  subjectId?: string | null;
  /** Why: the purpose of a read or the ground of a change. */
  reason?: string | null;
  /** Ids of the subjects when one request touches many (a worklist). Never personnummer. */
  details?: Record<string, unknown> | null;
}

/** Writes one audit row inside the caller's transaction, so the change and its trace commit together. */
export async function recordAudit(tx: Queryable, actor: Actor, event: AuditEvent): Promise<void> {
  await tx.query(
    `insert into audit_log (id, actor_user_id, actor_token_id, actor_org_id, action, subject_type, subject_id, reason, details, prev_hash, hash)
     values (0, $1, $2, $3, $4, $5, $6, $7, $8, '', '')`,
    [
      actor.userId,
      actor.tokenId,
      actor.orgId,
      event.action,
      event.subjectType,
      event.subjectId ?? null,
      event.reason ?? null,
      event.details ? JSON.stringify(event.details) : null,
    ],
  );
}

export interface AuditVerification {
  rows: number;
  ok: boolean;
  /** The first row whose link is broken: changed, removed before it, or out of order. */
  firstBroken: { id: number; problem: string } | null;
}

/** Recomputes the chain in the database, in id order, and reports the first broken link. */
export async function verifyAuditChain(db: Queryable): Promise<AuditVerification> {
  const [count] = await db.query<{ n: number }>('select count(*)::int as n from audit_log');
  const broken = await db.query<{ id: number; hash_ok: boolean; link_ok: boolean; seq_ok: boolean }>(
    `select id, hash_ok, link_ok, seq_ok from (
       select a.id,
              a.hash = audit_row_hash(a) as hash_ok,
              a.prev_hash = coalesce(lag(a.hash) over w, 'genesis') as link_ok,
              a.id = coalesce(lag(a.id) over w, 0) + 1 as seq_ok
         from audit_log a window w as (order by a.id)
     ) c where not (hash_ok and link_ok and seq_ok) order by id limit 1`,
  );
  const first = broken[0];
  if (!first) return { rows: count?.n ?? 0, ok: true, firstBroken: null };
  const problem = !first.seq_ok
    ? 'rader saknas före denna rad'
    : !first.hash_ok
      ? 'raden har ändrats'
      : 'länken till föregående rad stämmer inte';
  return { rows: count?.n ?? 0, ok: false, firstBroken: { id: Number(first.id), problem } };
}
