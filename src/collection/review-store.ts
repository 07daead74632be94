// The cooperation on the arrears list (issue 3 §3): from which step a landlord shares it with a
// municipality, the joint review list, and the steps a tenancy has gone through for the case timeline.
import type { Queryable } from '../platform/database.ts';

export interface ReviewRow {
  item_id: number;
  landlord_id: string;
  landlord_name: string;
  tenancy_id: string;
  address: string;
  tenant: string | null;
  step_key: string;
  amount_owed: number;
  days_late: number;
  priority_reasons: string[];
}

export const reviewStore = {
  /** The routine steps a tenancy has gone through (worklist items), for social services' case timeline. */
  async stepsOfTenancy(q: Queryable, tenancyId: string): Promise<{ landlord_id: string; step_key: string; due_on: string; status: string; done_at: Date | null; anchor_due_date: string }[]> {
    return q.query('select landlord_id, step_key, due_on, status, done_at, anchor_due_date from worklist_items where tenancy_id = $1 order by due_on, id', [tenancyId]);
  },

  /** The step from which each landlord shares its arrears list with a municipality (issue 3 §3). */
  async sharing(q: Queryable, by: { landlordId: string } | { municipalityId: string }): Promise<{ landlord_id: string; municipality_id: string; from_step: string; landlord_name: string; municipality_name: string }[]> {
    return q.query(
      `select s.landlord_id, s.municipality_id, s.from_step, l.name as landlord_name, m.name as municipality_name
         from arrears_sharing s join organisations l on l.id = s.landlord_id join organisations m on m.id = s.municipality_id
        where ${'landlordId' in by ? 's.landlord_id' : 's.municipality_id'} = $1 order by l.name, m.name`,
      ['landlordId' in by ? by.landlordId : by.municipalityId],
    );
  },

  async setSharing(q: Queryable, landlordId: string, municipalityId: string, fromStep: string | null, userId: string | null): Promise<void> {
    if (fromStep === null) {
      await q.query('delete from arrears_sharing where landlord_id = $1 and municipality_id = $2', [landlordId, municipalityId]);
      return;
    }
    await q.query(
      `insert into arrears_sharing (landlord_id, municipality_id, from_step, set_by) values ($1, $2, $3, $4)
       on conflict (landlord_id, municipality_id) do update set from_step = excluded.from_step, set_by = excluded.set_by, set_at = now()`,
      [landlordId, municipalityId, fromStep, userId],
    );
  },

  /** Open worklist items of these landlords' homes in one municipality (by its code), most urgent first. */
  async reviewItems(q: Queryable, landlordIds: string[], municipalityCode: string, limit: number): Promise<ReviewRow[]> {
    if (landlordIds.length === 0) return [];
    return q.query<ReviewRow>(
      `select w.id as item_id, w.landlord_id, o.name as landlord_name, w.tenancy_id, t.address,
              (select p.name from tenants p where p.tenancy_id = t.id order by p.position limit 1) as tenant,
              w.step_key, w.amount_owed, w.days_late, w.priority_reasons
         from worklist_items w join tenancies t on t.id = w.tenancy_id join organisations o on o.id = w.landlord_id
        where w.status = 'open' and w.landlord_id = any ($1::uuid[]) and t.municipality_code = $2
        order by w.priority desc, w.days_late desc, w.id limit $3`,
      [landlordIds, municipalityCode, limit],
    );
  },
};
