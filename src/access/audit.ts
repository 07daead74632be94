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

/**
 * Writes one audit row inside the caller's transaction, so the change and its trace commit together.
 * The row is linked into the hash chain after commit (`linkAuditChain`), so audited transactions do not
 * wait for each other.
 */
export async function recordAudit(tx: Queryable, actor: Actor, event: AuditEvent): Promise<void> {
  await tx.query(`insert into audit_log (${AUDIT_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8)`, auditValues(actor, event), { prepared: true });
}

/**
 * Writes the audit row of a read only if `condition` holds, in one statement (so, as a transaction of
 * its own, the check and the row commit together); returns whether it was written. `condition` is an SQL
 * boolean over parameters $9 onwards, given in `conditionParams`. For a read answered from what the
 * server already holds, as long as the database says it is still current.
 */
export async function recordAuditIf(q: Queryable, actor: Actor, event: AuditEvent, condition: string, conditionParams: unknown[]): Promise<boolean> {
  const rows = await q.query(
    `insert into audit_log (${AUDIT_COLUMNS}) select $1, $2, $3, $4, $5, $6, $7, $8 where ${condition} returning 1 as written`,
    [...auditValues(actor, event), ...conditionParams],
    { prepared: true },
  );
  return rows.length > 0;
}

const AUDIT_COLUMNS = 'actor_user_id, actor_token_id, actor_org_id, action, subject_type, subject_id, reason, details';

function auditValues(actor: Actor, event: AuditEvent): unknown[] {
  return [
    actor.userId,
    actor.tokenId,
    actor.orgId,
    event.action,
    event.subjectType,
    event.subjectId ?? null,
    event.reason ?? null,
    event.details ? JSON.stringify(event.details) : null,
  ];
}

/**
 * Links every committed, unlinked audit row into the chain, oldest first; returns how many. Runs every
 * second in the server (jobs.ts), when a `bokvar` command closes the database, and before a verification.
 * Another linker at work at the same moment makes this return 0: that one links the rows.
 */
export async function linkAuditChain(db: Queryable): Promise<number> {
  let linked = 0;
  for (;;) {
    const [row] = await db.query<{ n: number }>('select audit_log_link($1) as n', [LINK_BATCH]);
    linked += row?.n ?? 0;
    if ((row?.n ?? 0) < LINK_BATCH) return linked;
  }
}

const LINK_BATCH = 10_000;

export interface AuditVerification {
  rows: number;
  ok: boolean;
  /** The first row whose link is broken: changed, removed before it, or out of order. */
  firstBroken: { id: number; problem: string } | null;
  /** Rows committed while the verification ran, linked by the next run of the linker. */
  unlinked: number;
}

/** Links what is committed, then recomputes the chain in the database in chain order and reports the first broken link. */
export async function verifyAuditChain(db: Queryable): Promise<AuditVerification> {
  await linkAuditChain(db);
  const [count] = await db.query<{ n: number; unlinked: number }>(
    'select count(*)::int as n, (count(*) filter (where chain_seq is null))::int as unlinked from audit_log',
  );
  const broken = await db.query<{ id: number; hash_ok: boolean; link_ok: boolean; seq_ok: boolean }>(
    `select id, hash_ok, link_ok, seq_ok from (
       select a.id, a.chain_seq,
              a.hash = audit_row_hash(a) as hash_ok,
              a.prev_hash = coalesce(lag(a.hash) over w, 'genesis') as link_ok,
              a.chain_seq = coalesce(lag(a.chain_seq) over w, 0) + 1 as seq_ok
         from audit_log a where a.chain_seq is not null window w as (order by a.chain_seq)
     ) c where not (hash_ok and link_ok and seq_ok) order by chain_seq limit 1`,
  );
  const rows = count?.n ?? 0;
  const unlinked = count?.unlinked ?? 0;
  const first = broken[0];
  if (!first) return { rows, ok: true, firstBroken: null, unlinked };
  const problem = !first.seq_ok
    ? 'rader saknas före denna rad'
    : !first.hash_ok
      ? 'raden har ändrats'
      : 'länken till föregående rad stämmer inte';
  return { rows, ok: false, firstBroken: { id: Number(first.id), problem }, unlinked };
}
