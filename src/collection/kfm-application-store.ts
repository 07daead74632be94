// Queries of the landlord's own record of its applications to Kronofogden (landlord_kfm_applications).
import type { Queryable } from '../platform/database.ts';

export interface KfmApplicationRow {
  id: string;
  tenancy_id: string | null;
  applied_on: string;
  case_number: string | null;
  withdrawn_on: string | null;
  carried_out_on: string | null;
  recorded_at: Date;
}

const COLUMNS = 'id, tenancy_id, applied_on::text, case_number, withdrawn_on::text, carried_out_on::text, recorded_at';

export const kfmApplicationStore = {
  async ofTenancy(q: Queryable, tenancyId: string): Promise<KfmApplicationRow[]> {
    return q.query<KfmApplicationRow>(`select ${COLUMNS} from landlord_kfm_applications where tenancy_id = $1 order by applied_on desc`, [tenancyId]);
  },

  async one(q: Queryable, landlordId: string, id: string, lock = false): Promise<KfmApplicationRow | undefined> {
    const [row] = await q.query<KfmApplicationRow>(
      `select ${COLUMNS} from landlord_kfm_applications where landlord_id = $1 and id = $2${lock ? ' for update' : ''}`,
      [landlordId, id],
    );
    return row;
  },

  /** Inserts the application; one already recorded for the tenancy on that day is answered instead (`created` false). */
  async insert(
    q: Queryable,
    a: { landlordId: string; tenancyId: string; appliedOn: string; caseNumber: string | null; recordedBy: string | null; at: Date },
  ): Promise<{ id: string; created: boolean }> {
    const [row] = await q.query<{ id: string }>(
      `insert into landlord_kfm_applications (landlord_id, tenancy_id, applied_on, case_number, recorded_by, recorded_at)
       values ($1, $2, $3, $4, $5, $6) on conflict (tenancy_id, applied_on) do nothing returning id`,
      [a.landlordId, a.tenancyId, a.appliedOn, a.caseNumber, a.recordedBy, a.at],
    );
    if (row) return { id: row.id, created: true };
    const [existing] = await q.query<{ id: string }>('select id from landlord_kfm_applications where tenancy_id = $1 and applied_on = $2', [a.tenancyId, a.appliedOn]);
    return { id: existing!.id, created: false };
  },

  async setEnd(q: Queryable, id: string, end: { withdrawnOn: string | null; carriedOutOn: string | null; caseNumber: string | null }): Promise<void> {
    await q.query('update landlord_kfm_applications set withdrawn_on = $2, carried_out_on = $3, case_number = coalesce($4, case_number) where id = $1', [
      id, end.withdrawnOn, end.carriedOutOn, end.caseNumber,
    ]);
  },
};
