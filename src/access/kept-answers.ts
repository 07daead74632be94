import { type AuditEvent, recordAudit, recordReadIf } from './audit.ts';
import type { Actor } from './model.ts';
import type { Database, Queryable } from '../platform/database.ts';
import type { z } from 'zod';
import { encodeAnswer } from '../platform/answer-contract.ts';
import { auditStore, VERSIONS_GUARD } from './audit-store.ts';

/**
 * Answers a server builds once and sends as they are while what they were built from is unchanged:
 * social services' inbox, a page of the case list, a case with its timeline (issue 3 §5). Each is kept
 * under the versions of its scopes (migration 0023 `casework_versions`: a municipality, a case, the
 * directory; migration 0008 `worklist_versions`: a landlord's tenancies, ledger, notices and routine),
 * read in the same snapshot as the answer. A read of a kept answer is one statement that checks those
 * versions and writes the read's audit row, together with the other reads of the same moment
 * (`recordReadIf`); if any version has moved, the answer is built again. Several servers each keep
 * their own.
 */
export interface KeptAnswer<M> {
  /** The answer as UTF-8 JSON, sent as it is to every reader allowed it. */
  json: Buffer;
  /** Scope → version, as read in the snapshot the answer was built in. */
  versions: Record<string, number>;
  /** What a read needs without building: who may have the answer, what its audit row says. */
  meta: M;
}

/** The scope of names in every answer: users, organisations and city areas (migration 0023). */
export const DIRECTORY_SCOPE = '00000000-0000-0000-0000-000000000000';

/** Kept answers of one kind, least recently used first, per database. */
export class KeptAnswers<M> {
  private readonly byDb = new WeakMap<Queryable, Map<string, KeptAnswer<M>>>();

  constructor(private readonly limit: number) {}

  get(db: Queryable, key: string): KeptAnswer<M> | undefined {
    return this.byDb.get(db)?.get(key);
  }

  /** Keeps an answer as the most recently used (a Map iterates oldest first), forgetting the least recently used beyond the limit. */
  keep(db: Queryable, key: string, answer: KeptAnswer<M>): void {
    let answers = this.byDb.get(db);
    if (!answers) this.byDb.set(db, (answers = new Map()));
    answers.delete(key);
    answers.set(key, answer);
    if (answers.size > this.limit) answers.delete(answers.keys().next().value!);
  }
}

export interface Built<M, B = unknown> {
  body: B;
  /** Every scope the answer was read from (case ids, municipality ids, landlord ids, DIRECTORY_SCOPE). */
  scopes: string[];
  meta: M;
}

/**
 * The answer kept under `key` if the actor may have it and its versions still stand (its audit row
 * written by the same statement); else `build` in one repeatable-read transaction, so the versions read
 * after the data are those of the same snapshot, with its audit row, kept for the next reader.
 */
export async function keptRead<M, S extends z.ZodType>(
  db: Database,
  actor: Actor,
  opts: {
    /**
     * The route's answer schema: the body is encoded through it once, when built, as a route's answer
     * is when it is sent (platform/answer-contract.ts); `where` names it in a contract error.
     */
    answer: { schema: S; strict: boolean; where: string };
    kept: KeptAnswers<M>;
    key: string;
    /** Whether this actor may be given a kept answer; when not, it is built, which refuses as it should. */
    allowed: (meta: M) => boolean;
    audit: (meta: M) => AuditEvent;
    build: (tx: Queryable) => Promise<Built<M, z.output<S>>>;
  },
): Promise<Buffer> {
  const kept = opts.kept.get(db, opts.key);
  if (kept && opts.allowed(kept.meta) && (await recordReadIf(db, actor, opts.audit(kept.meta), { sql: VERSIONS_GUARD, a: opts.key, b: JSON.stringify(kept.versions) }))) {
    opts.kept.keep(db, opts.key, kept);
    return kept.json;
  }
  const answer = await db.transaction(async (tx) => {
    await tx.query('set transaction isolation level repeatable read');
    const built = await opts.build(tx);
    const body = encodeAnswer(opts.answer.schema, built.body, opts.answer);
    const answer: KeptAnswer<M> = { json: Buffer.from(JSON.stringify(body)), versions: await versionsOf(tx, built.scopes), meta: built.meta };
    await recordAudit(tx, actor, opts.audit(built.meta));
    return answer;
  });
  opts.kept.keep(db, opts.key, answer);
  return answer.json;
}

/** The current versions of scopes: casework_versions or worklist_versions, 0 for a scope nothing has moved yet. */
async function versionsOf(tx: Queryable, scopes: string[]): Promise<Record<string, number>> {
  const unique = [...new Set(scopes)];
  const rows = await auditStore.versions(tx, unique);
  return Object.fromEntries(rows.map((r) => [r.scope, Number(r.version)]));
}
