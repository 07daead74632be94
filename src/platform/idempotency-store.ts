// Idempotency keys (migration 0015): a POST with an Idempotency-Key is answered once; a retry gets the
// kept answer. The HTTP app's hooks (http.ts) use these; the key belongs to one user or API token.
import type { Queryable } from './database.ts';

/** Whose key it is, which key, and what it was first used for. */
export interface IdempotencyClaim {
  orgId: string;
  actorId: string;
  key: string;
  route: string;
  bodySha256: string;
}

export const idempotencyStore = {
  /**
   * Reserves the key for this request; false when it is taken. A reservation left by a server that
   * stopped mid-request is taken over after an hour.
   */
  async reserve(q: Queryable, c: IdempotencyClaim): Promise<boolean> {
    const [mine] = await q.query(
      `insert into idempotency_keys (org_id, actor_id, key, route, body_sha256, status_code, response)
       values ($1, $2, $3, $4, $5, 0, null)
       on conflict (org_id, actor_id, key) do update
         set route = excluded.route, body_sha256 = excluded.body_sha256, created_at = now()
         where idempotency_keys.status_code = 0 and idempotency_keys.created_at < now() - interval '1 hour'
       returning key`,
      [c.orgId, c.actorId, c.key, c.route, c.bodySha256],
    );
    return mine !== undefined;
  },

  /** What the key was used for, and its answer once kept (status 0 while the first request runs). */
  async stored(q: Queryable, c: IdempotencyClaim) {
    const [stored] = await q.query<{ route: string; body_sha256: string | null; status_code: number; response: unknown }>(
      'select route, body_sha256, status_code, response from idempotency_keys where org_id = $1 and actor_id = $2 and key = $3',
      [c.orgId, c.actorId, c.key],
    );
    return stored;
  },

  async keep(q: Queryable, c: IdempotencyClaim, statusCode: number, response: string): Promise<void> {
    await q.query('update idempotency_keys set status_code = $4, response = $5 where org_id = $1 and actor_id = $2 and key = $3', [c.orgId, c.actorId, c.key, statusCode, response]);
  },

  /** Frees a reservation whose request kept no answer, so a retry runs again. */
  async free(q: Queryable, c: IdempotencyClaim): Promise<void> {
    await q.query('delete from idempotency_keys where org_id = $1 and actor_id = $2 and key = $3 and status_code = 0', [c.orgId, c.actorId, c.key]);
  },
};
