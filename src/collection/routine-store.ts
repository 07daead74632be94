// The landlord's collection routine, as saved (migration 0003); the default applies where none is.
import type { Queryable } from '../platform/database.ts';
import type { Routine } from './model.ts';

export const routineStore = {
  async routine(q: Queryable, landlordId: string): Promise<Routine | null> {
    const [row] = await q.query<{ name: string; template_key: string | null; steps: Routine['steps'] }>(
      'select name, template_key, steps from routines where landlord_id = $1',
      [landlordId],
    );
    return row ? { name: row.name, templateKey: row.template_key, steps: row.steps } : null;
  },

  async saveRoutine(q: Queryable, landlordId: string, r: Routine, userId: string | null): Promise<void> {
    await q.query(
      `insert into routines (landlord_id, name, template_key, steps, updated_by) values ($1, $2, $3, $4, $5)
       on conflict (landlord_id) do update set name = excluded.name, template_key = excluded.template_key, steps = excluded.steps,
         updated_by = excluded.updated_by, updated_at = now()`,
      [landlordId, r.name, r.templateKey, JSON.stringify(r.steps), userId],
    );
  },
};
