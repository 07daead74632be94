// The audit log's SQL (migrations 0007, 0038, 0039): rows written in the caller's transaction, reads
// written together under a guard, the chain linked and verified, its head and start read for the
// anchor, and the versions a kept answer was built from. The rules are audit.ts's and its neighbours'.
import type { Queryable } from '../platform/database.ts';

export const AUDIT_COLUMNS = 'actor_user_id, actor_token_id, actor_org_id, action, subject_type, subject_id, reason, details';

/** For a guarded read: true while every scope in g.b (JSON, scope → version) still has that version. */
export const VERSIONS_GUARD = `not exists (
  select 1 from jsonb_each_text(g.b::jsonb) v
   where coalesce((select c.version from casework_versions c where c.scope = v.key::uuid),
                  (select w.version from worklist_versions w where w.landlord_id = v.key::uuid), 0) <> v.value::bigint)`;

export const auditStore = {
  /** One row, its values in AUDIT_COLUMNS' order. */
  async insert(q: Queryable, values: unknown[]): Promise<void> {
    await q.query(`insert into audit_log (${AUDIT_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8)`, values, { prepared: true });
  },

  /**
   * One statement for many reads: the rows whose guard holds (an SQL condition over g.a and g.b) are
   * inserted in the order given; returns their positions.
   */
  async insertGuarded(q: Queryable, guardSql: string, rows: { values: unknown[]; a: string; b: string }[]): Promise<Set<number>> {
    const column = (i: number) => rows.map((r) => r.values[i] ?? null);
    const written = await q.query<{ n: number }>(
      `with g as (
         select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::int[])
                    as g(actor_user_id, actor_token_id, actor_org_id, action, subject_type, subject_id, reason, details, a, b, n)
       ), ok as (
         select * from g where ${guardSql}
       ), written as (
         insert into audit_log (${AUDIT_COLUMNS})
         select actor_user_id, actor_token_id, actor_org_id, action, subject_type, subject_id, reason, details::jsonb from ok order by n
       )
       select n from ok`,
      [column(0), column(1), column(2), column(3), column(4), column(5), column(6), column(7), rows.map((r) => r.a), rows.map((r) => r.b), rows.map((_, n) => n)],
      { prepared: true },
    );
    return new Set(written.map((r) => r.n));
  },

  /** Links up to `batch` committed rows onto the chain (the owner's function, migration 0039); returns how many. */
  async link(q: Queryable, batch: number): Promise<number> {
    const [row] = await q.query<{ n: number }>('select audit_log_link($1) as n', [batch]);
    return row?.n ?? 0;
  },

  async counts(q: Queryable): Promise<{ n: number; unlinked: number }> {
    const [count] = await q.query<{ n: number; unlinked: number }>(
      'select count(*)::int as n, (count(*) filter (where chain_seq is null))::int as unlinked from audit_log',
    );
    return count ?? { n: 0, unlinked: 0 };
  },

  /**
   * The first linked row, in chain order, whose hash, link or sequence does not hold. The chain starts at
   * its genesis, or after the last row culled by the log's own rule (migration 0038).
   */
  async firstBroken(q: Queryable): Promise<{ id: number; hash_ok: boolean; link_ok: boolean; seq_ok: boolean } | undefined> {
    const [first] = await q.query<{ id: number; hash_ok: boolean; link_ok: boolean; seq_ok: boolean }>(
      `with base as (select coalesce((select hash from audit_chain_base), 'genesis') as hash, coalesce((select chain_seq from audit_chain_base), 0) as seq)
       select id, hash_ok, link_ok, seq_ok from (
         select a.id, a.chain_seq,
                a.hash = audit_row_hash(a) as hash_ok,
                a.prev_hash = coalesce(lag(a.hash) over w, (select hash from base)) as link_ok,
                a.chain_seq = coalesce(lag(a.chain_seq) over w, (select seq from base)) + 1 as seq_ok
           from audit_log a where a.chain_seq is not null window w as (order by a.chain_seq)
       ) c where not (hash_ok and link_ok and seq_ok) order by chain_seq limit 1`,
    );
    return first;
  },

  /** The newest linked row: the chain's head. */
  async head(q: Queryable): Promise<{ seq: string; hash: string } | undefined> {
    const [head] = await q.query<{ seq: string; hash: string }>('select chain_seq::text as seq, hash from audit_log where chain_seq is not null order by chain_seq desc limit 1');
    return head;
  },

  /** The hashes of the rows at these places of the chain, and of its start after culling (which stands in for the rows up to it). */
  async hashesAt(q: Queryable, seqs: number[]): Promise<{ seq: string; hash: string }[]> {
    return q.query<{ seq: string; hash: string }>(
      'select chain_seq::text as seq, hash from audit_log where chain_seq = any ($1::bigint[]) union all select chain_seq::text, hash from audit_chain_base',
      [seqs],
    );
  },

  /** Where the chain starts after culling: 0 before any. */
  async culledThrough(q: Queryable): Promise<number> {
    return Math.max(0, ...(await q.query<{ seq: string }>('select chain_seq::text as seq from audit_chain_base')).map((r) => Number(r.seq)));
  },

  /** The current versions of scopes: casework_versions or worklist_versions, 0 for a scope nothing has moved yet. */
  async versions(q: Queryable, scopes: string[]): Promise<{ scope: string; version: string }[]> {
    return q.query<{ scope: string; version: string }>(
      `select s.scope::text as scope,
              coalesce((select c.version from casework_versions c where c.scope = s.scope),
                       (select w.version from worklist_versions w where w.landlord_id = s.scope), 0)::text as version
         from unnest($1::uuid[]) s(scope)`,
      [scopes],
    );
  },
};
