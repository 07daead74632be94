// Move-in and move-out inspections of a contract's home: their SQL.
import type { Queryable } from '../platform/database.ts';

export interface InspectionRow {
  id: string;
  contract_id: string;
  kind: 'move_in' | 'move_out';
  scheduled_on: string;
  held_on: string | null;
  social_services_present: boolean | null;
  tenant_present: boolean | null;
  remarks: string | null;
  damages: string | null;
}

const INSPECTION_COLUMNS = 'id, contract_id, kind, scheduled_on, held_on, social_services_present, tenant_present, remarks, damages';

export const inspectionStore = {
  /** The parties of a contract, to check who may book and record its inspections. */
  async parties(q: Queryable, contractId: string): Promise<{ municipality_id: string; landlord_id: string; status: string } | undefined> {
    const [row] = await q.query<{ municipality_id: string; landlord_id: string; status: string }>(
      'select c.municipality_id, h.landlord_id, c.status from housing_contracts c join offered_homes h on h.id = c.home_id where c.id = $1',
      [contractId],
    );
    return row;
  },

  /** Books the inspection, or moves the booked date while it is not yet held; null when it was already held. */
  async book(q: Queryable, b: { contractId: string; kind: string; scheduledOn: string; at: Date }, by: string | null): Promise<string | null> {
    const [row] = await q.query<{ id: string }>(
      `insert into contract_inspections (contract_id, kind, scheduled_on, booked_by, booked_at) values ($1, $2, $3, $4, $5)
       on conflict (contract_id, kind) do update set scheduled_on = excluded.scheduled_on, booked_by = excluded.booked_by, booked_at = excluded.booked_at
         where contract_inspections.held_on is null
       returning id`,
      [b.contractId, b.kind, b.scheduledOn, by, b.at],
    );
    return row?.id ?? null;
  },

  async inspection(q: Queryable, id: string): Promise<InspectionRow | undefined> {
    const [row] = await q.query<InspectionRow>(`select ${INSPECTION_COLUMNS} from contract_inspections where id = $1`, [id]);
    return row;
  },

  async ofContracts(q: Queryable, contractIds: readonly string[]): Promise<InspectionRow[]> {
    if (contractIds.length === 0) return [];
    return q.query<InspectionRow>(`select ${INSPECTION_COLUMNS} from contract_inspections where contract_id = any($1::uuid[]) order by contract_id, kind`, [contractIds]);
  },

  /** Writes the protocol of a booked inspection once; false when it was already recorded. */
  async record(
    q: Queryable, id: string, p: { heldOn: string; socialServicesPresent: boolean; tenantPresent: boolean; remarks: string | null; damages: string | null; at: Date }, by: string | null,
  ): Promise<boolean> {
    const rows = await q.query(
      `update contract_inspections set held_on = $2, social_services_present = $3, tenant_present = $4, remarks = $5, damages = $6, recorded_by = $7, recorded_at = $8
        where id = $1 and held_on is null returning id`,
      [id, p.heldOn, p.socialServicesPresent, p.tenantPresent, p.remarks, p.damages, by, p.at],
    );
    return rows.length > 0;
  },
};
