// Cooperation agreements and the homes offered under them: their SQL.
import type { Queryable } from '../platform/database.ts';
import type { CommitmentKind, IncomeType } from './model.ts';

export interface AgreementRow {
  id: string;
  municipality_id: string;
  municipality_name: string;
  landlord_id: string;
  landlord_name: string;
  name: string;
  target_groups: string[];
  commitment_kind: CommitmentKind;
  commitment_homes: number | null;
  commitment_share: number | null;
  commitment_base: number | null;
  excluded_areas: string[];
  accepted_income_types: IncomeType[];
  max_rent_share: number;
  response_hours: number;
  transfer_refusal_needs_cause: boolean;
  valid_from: string;
  valid_until: string | null;
  review_dates: string[];
  /** Homes offered (and not withdrawn) in the given year and the year before, by the Stockholm calendar. */
  given_this_year: number;
  given_last_year: number;
}

export interface AgreementInput {
  municipalityId: string;
  landlordId: string;
  name: string;
  targetGroups: string[];
  commitmentKind: CommitmentKind;
  commitmentHomes: number | null;
  commitmentShare: number | null;
  commitmentBase: number | null;
  excludedAreas: string[];
  acceptedIncomeTypes: string[];
  maxRentShare: number;
  responseHours: number;
  transferRefusalNeedsCause: boolean;
  validFrom: string;
  validUntil: string | null;
  reviewDates: string[];
}

export interface OfferedHomeRow {
  id: string;
  agreement_id: string;
  agreement_name: string;
  landlord_id: string;
  landlord_name: string;
  address: string;
  area: string;
  rooms: number;
  size_m2: number;
  rent: number;
  floor: number;
  lift: boolean;
  accessible: boolean;
  available_from: string;
  status: 'offered' | 'withdrawn' | 'let';
  offered_at: Date;
}

export interface OfferedHomeInput {
  agreementId: string;
  landlordId: string;
  /** The landlord's tenancy of the home (by its contract number), when its ledger is in Bokvar. */
  tenancyId?: string | null;
  address: string;
  area: string;
  rooms: number;
  sizeM2: number;
  rent: number;
  floor: number;
  lift: boolean;
  accessible: boolean;
  availableFrom: string;
}

const AGREEMENT_SELECT = `select a.id, a.municipality_id, m.name as municipality_name, a.landlord_id, l.name as landlord_name, a.name, a.target_groups,
    a.commitment_kind, a.commitment_homes, a.commitment_share::float8 as commitment_share, a.commitment_base, a.excluded_areas, a.accepted_income_types,
    a.max_rent_share::float8 as max_rent_share, a.response_hours, a.transfer_refusal_needs_cause, a.valid_from, a.valid_until, a.review_dates,
    (select count(*)::int from offered_homes h where h.agreement_id = a.id and h.status <> 'withdrawn'
        and extract(year from h.offered_at at time zone 'Europe/Stockholm') = $1::int) as given_this_year,
    (select count(*)::int from offered_homes h where h.agreement_id = a.id and h.status <> 'withdrawn'
        and extract(year from h.offered_at at time zone 'Europe/Stockholm') = $1::int - 1) as given_last_year
  from housing_agreements a join organisations m on m.id = a.municipality_id join organisations l on l.id = a.landlord_id`;

const HOME_SELECT = `select h.id, h.agreement_id, a.name as agreement_name, h.landlord_id, l.name as landlord_name, h.address, h.area, h.rooms, h.size_m2::float8 as size_m2,
    h.rent, h.floor, h.lift, h.accessible, h.available_from, h.status, h.offered_at
  from offered_homes h join housing_agreements a on a.id = h.agreement_id join organisations l on l.id = h.landlord_id`;

export const housingStore = {
  /** The agreements of a municipality or of a landlord, by landlord name, with what was given in `year` and the year before. */
  async agreements(q: Queryable, by: { municipalityId: string } | { landlordId: string }, year: number): Promise<AgreementRow[]> {
    const [column, id] = 'municipalityId' in by ? ['a.municipality_id', by.municipalityId] : ['a.landlord_id', by.landlordId];
    return q.query<AgreementRow>(`${AGREEMENT_SELECT} where ${column} = $2 order by l.name, a.valid_from, a.id`, [year, id]);
  },

  async agreement(q: Queryable, id: string, year: number): Promise<AgreementRow | undefined> {
    const [row] = await q.query<AgreementRow>(`${AGREEMENT_SELECT} where a.id = $2`, [year, id]);
    return row;
  },

  async insertAgreement(q: Queryable, a: AgreementInput, by: string | null): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into housing_agreements (municipality_id, landlord_id, name, target_groups, commitment_kind, commitment_homes, commitment_share, commitment_base,
         excluded_areas, accepted_income_types, max_rent_share, response_hours, valid_from, valid_until, review_dates, created_by, transfer_refusal_needs_cause)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) returning id`,
      [a.municipalityId, a.landlordId, a.name, a.targetGroups, a.commitmentKind, a.commitmentHomes, a.commitmentShare, a.commitmentBase, a.excludedAreas,
        a.acceptedIncomeTypes, a.maxRentShare, a.responseHours, a.validFrom, a.validUntil, a.reviewDates, by, a.transferRefusalNeedsCause],
    );
    return row!.id;
  },

  async updateAgreement(q: Queryable, id: string, a: AgreementInput): Promise<boolean> {
    const rows = await q.query(
      `update housing_agreements set landlord_id = $2, name = $3, target_groups = $4, commitment_kind = $5, commitment_homes = $6, commitment_share = $7,
         commitment_base = $8, excluded_areas = $9, accepted_income_types = $10, max_rent_share = $11, response_hours = $12, valid_from = $13,
         valid_until = $14, review_dates = $15, transfer_refusal_needs_cause = $17, updated_at = now()
       where id = $1 and municipality_id = $16 returning id`,
      [id, a.landlordId, a.name, a.targetGroups, a.commitmentKind, a.commitmentHomes, a.commitmentShare, a.commitmentBase, a.excludedAreas,
        a.acceptedIncomeTypes, a.maxRentShare, a.responseHours, a.validFrom, a.validUntil, a.reviewDates, a.municipalityId, a.transferRefusalNeedsCause],
    );
    return rows.length > 0;
  },

  async homes(q: Queryable, by: { municipalityId: string } | { landlordId: string }): Promise<OfferedHomeRow[]> {
    const [column, id] = 'municipalityId' in by ? ['a.municipality_id', by.municipalityId] : ['h.landlord_id', by.landlordId];
    return q.query<OfferedHomeRow>(`${HOME_SELECT} where ${column} = $1 order by h.status, h.available_from, h.address, h.id`, [id]);
  },

  async home(q: Queryable, id: string): Promise<OfferedHomeRow | undefined> {
    const [row] = await q.query<OfferedHomeRow>(`${HOME_SELECT} where h.id = $1`, [id]);
    return row;
  },

  /** `at`: the app's clock, so the year a home counts for is the year the rules are read in. */
  async insertHome(q: Queryable, h: OfferedHomeInput, by: string | null, at: Date): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into offered_homes (agreement_id, landlord_id, address, area, rooms, size_m2, rent, floor, lift, accessible, available_from, offered_by, offered_at, tenancy_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) returning id`,
      [h.agreementId, h.landlordId, h.address, h.area, h.rooms, h.sizeM2, h.rent, h.floor, h.lift, h.accessible, h.availableFrom, by, at, h.tenancyId ?? null],
    );
    return row!.id;
  },

  async withdrawHome(q: Queryable, id: string, landlordId: string, at: Date): Promise<boolean> {
    const rows = await q.query("update offered_homes set status = 'withdrawn', withdrawn_at = $3 where id = $1 and landlord_id = $2 and status = 'offered' returning id", [id, landlordId, at]);
    return rows.length > 0;
  },
};
