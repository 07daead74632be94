// Queries of Kronofogden's eviction matters (kfm_matters): one row per målnummer, the day of each stage.
import type { Queryable } from '../platform/database.ts';
import type { KfmOutcomeKind } from './model.ts';

export interface KfmMatterRow {
  id: string;
  received_on: string | null;
  withdrawn_on: string | null;
  decided_on: string | null;
  carried_out_on: string | null;
  not_carried_out_on: string | null;
  household_type: string | null;
  children_permanent: number | null;
  children_alternating: number | null;
  children_visiting: number | null;
  social_services_present: boolean | null;
}

/** The column of each stage's day. */
export const STAGE_COLUMN: Record<KfmOutcomeKind | 'received', keyof KfmMatterRow> = {
  received: 'received_on',
  withdrawn: 'withdrawn_on',
  decided: 'decided_on',
  carried_out: 'carried_out_on',
  not_carried_out: 'not_carried_out_on',
};

export interface CarriedOut {
  householdType: string;
  childrenPermanent: number;
  childrenAlternating: number;
  childrenVisiting: number;
  socialServicesPresent: boolean;
}

export const kfmMatterStore = {
  /** The matter, locked for the change, made if Kronofogden had not told of it before. */
  async lockMatter(
    q: Queryable,
    m: { authorityId: string; caseNumber: string; municipalityId: string; landlordId: string | null; areaId: string | null; at: Date },
  ): Promise<KfmMatterRow> {
    await q.query(
      `insert into kfm_matters (authority_id, case_number, municipality_id, landlord_id, area_id, updated_at)
       values ($1, $2, $3, $4, $5, $6) on conflict (authority_id, case_number) do nothing`,
      [m.authorityId, m.caseNumber, m.municipalityId, m.landlordId, m.areaId, m.at],
    );
    const [row] = await q.query<KfmMatterRow>(
      `select id, received_on::text, withdrawn_on::text, decided_on::text, carried_out_on::text, not_carried_out_on::text,
              household_type, children_permanent, children_alternating, children_visiting, social_services_present
         from kfm_matters where authority_id = $1 and case_number = $2 for update`,
      [m.authorityId, m.caseNumber],
    );
    return row!;
  },

  /** Sets a stage's day (and, for an eviction carried out, its variables); fills in the landlord and area if now known. */
  async setStage(
    q: Queryable,
    id: string,
    stage: KfmOutcomeKind | 'received',
    day: string,
    m: { municipalityId: string; landlordId: string | null; areaId: string | null; carriedOut: CarriedOut | null; at: Date },
  ): Promise<void> {
    const c = m.carriedOut;
    await q.query(
      `update kfm_matters set ${STAGE_COLUMN[stage]} = $2, municipality_id = $3,
              landlord_id = coalesce($4, landlord_id), area_id = coalesce($5, area_id),
              household_type = coalesce($6, household_type), children_permanent = coalesce($7, children_permanent),
              children_alternating = coalesce($8, children_alternating), children_visiting = coalesce($9, children_visiting),
              social_services_present = coalesce($10, social_services_present), updated_at = $11
        where id = $1`,
      [id, day, m.municipalityId, m.landlordId, m.areaId, c?.householdType ?? null, c?.childrenPermanent ?? null, c?.childrenAlternating ?? null, c?.childrenVisiting ?? null, c?.socialServicesPresent ?? null, m.at],
    );
  },
};
