import type { Queryable } from '../platform/database.ts';
import type { AuditAction, AuditDetailsOf } from './audit-actions.ts';
import { type AnchorConfig, anchorProblem } from './audit-anchor.ts';
import { auditStore } from './audit-store.ts';
import type { Actor } from './model.ts';

interface AuditEventOf<A extends AuditAction> {
  /** What was done: one of the catalogue's actions (audit-actions.ts), each with its label. */
  action: A;
  subjectType: string;
  subjectId?: string | null;
  /** Why: the purpose of a read or the ground of a change. */
  reason?: string | null;
  /** The action's own details (AuditDetails in audit-actions.ts), never a personnummer; none for an action without. */
  details?: AuditDetailsOf<A> | null;
}

/** An event for the audit log: for each action, the details it records. */
export type AuditEvent = { [A in AuditAction]: AuditEventOf<A> }[AuditAction];

/**
 * Writes one audit row inside the caller's transaction, so the change and its trace commit together.
 * The row is linked into the hash chain after commit (`linkAuditChain`), so audited transactions do not
 * wait for each other.
 */
export async function recordAudit(tx: Queryable, actor: Actor, event: AuditEvent): Promise<void> {
  await auditStore.insert(tx, auditValues(actor, event));
}

/**
 * The audit row of a read answered from what this server keeps, written only while `guard` holds (the
 * kept answer is still current); resolves to whether it was written, and the read is answered only
 * then. Reads that arrive while such a statement is on its way are written together by the next one, so
 * 50 officers reading at once cost the database a few statements, not 50. `guard.sql` is an SQL
 * condition over `g.a` and `g.b` (text), given per read in `guard.a` and `guard.b`.
 */
export function recordReadIf(db: Queryable, actor: Actor, event: AuditEvent, guard: { sql: string; a: string; b: string }): Promise<boolean> {
  let batches = readBatches.get(db);
  if (!batches) readBatches.set(db, (batches = new Map()));
  let batch = batches.get(guard.sql);
  if (!batch) batches.set(guard.sql, (batch = new GuardedReads(db, guard.sql)));
  return batch.add(auditValues(actor, event), guard.a, guard.b);
}

interface GuardedRead {
  values: unknown[];
  a: string;
  b: string;
  resolve: (written: boolean) => void;
  reject: (err: unknown) => void;
}

const readBatches = new WeakMap<Queryable, Map<string, GuardedReads>>();
const READS_PER_STATEMENT = 500;

/** The reads waiting for their audit rows under one guard, and the statement that writes them. */
class GuardedReads {
  private waiting: GuardedRead[] = [];
  private writing = false;
  private scheduled = false;

  constructor(
    private readonly db: Queryable,
    private readonly guardSql: string,
  ) {}

  add(values: unknown[], a: string, b: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ values, a, b, resolve, reject });
      // Written after the requests that have arrived by now have had their turn, so they go together.
      if (!this.writing && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          void this.writeAll();
        });
      }
    });
  }

  private async writeAll(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const reads = this.waiting.splice(0, READS_PER_STATEMENT);
        try {
          const written = await this.write(reads);
          for (const [n, r] of reads.entries()) r.resolve(written.has(n));
        } catch (err) {
          for (const r of reads) r.reject(err);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** One statement: the rows whose guard holds are inserted, in the order the reads came; returns their numbers. */
  private write(reads: GuardedRead[]): Promise<Set<number>> {
    return auditStore.insertGuarded(this.db, this.guardSql, reads);
  }
}

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
    const n = await auditStore.link(db, LINK_BATCH);
    linked += n;
    if (n < LINK_BATCH) return linked;
  }
}

const LINK_BATCH = 10_000;

export interface AuditVerification {
  rows: number;
  ok: boolean;
  /** What the anchors outside the database say, when one no longer matches (audit-anchor.ts). */
  anchor?: string | null;
  /** The first row whose link is broken: changed, removed before it, or out of order. */
  firstBroken: { id: number; problem: string } | null;
  /** Rows committed while the verification ran, linked by the next run of the linker. */
  unlinked: number;
}

/** Links what is committed, then recomputes the chain in the database in chain order and reports the first broken link. */
export async function verifyAuditChain(db: Queryable, anchor: AnchorConfig = { file: null, key: null }): Promise<AuditVerification> {
  await linkAuditChain(db);
  const count = await auditStore.counts(db);
  const first = await auditStore.firstBroken(db);
  const rows = count.n;
  const unlinked = count.unlinked;
  const anchored = await anchorProblem(db, anchor);
  if (!first) return { rows, ok: anchored === null, firstBroken: null, unlinked, anchor: anchored };
  const problem = !first.seq_ok
    ? 'rader saknas före denna rad'
    : !first.hash_ok
      ? 'raden har ändrats'
      : 'länken till föregående rad stämmer inte';
  return { rows, ok: false, firstBroken: { id: Number(first.id), problem }, unlinked, anchor: anchored };
}
