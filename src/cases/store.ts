import type { Queryable } from '../platform/database.ts';
import type { ConcernSource } from './model.ts';

export interface NewConcern {
  reference: string;
  municipalityId: string;
  areaId: string | null;
  address: string;
  contractNumber: string | null;
  tenancyId: string | null;
  what: string;
  children: boolean;
  mentalHealth: boolean;
  violence: boolean;
  contact: string | null;
  source: ConcernSource;
  reportedBy: string | null;
  reporterOrgId: string | null;
  clientKey: string | null;
}

export interface ConcernRow {
  id: string;
  reference: string;
  municipality_id: string;
  area_id: string | null;
  address: string;
  contract_number: string | null;
  tenancy_id: string | null;
  what: string;
  children: boolean;
  mental_health: boolean;
  violence: boolean;
  contact: string | null;
  source: ConcernSource;
  reporter_org_name: string | null;
  received_at: Date;
  status: 'new' | 'handled';
}

export interface AreaRow {
  id: string;
  name: string;
  responsible_user_id: string | null;
  responsible_name: string | null;
}

export const casesStore = {
  /** Inserts a concern; false when the reference is already taken (the caller draws another). */
  async insertConcern(q: Queryable, c: NewConcern): Promise<string | null> {
    const [row] = await q.query<{ id: string }>(
      `insert into concerns (reference, municipality_id, area_id, address, contract_number, tenancy_id, what, children, mental_health, violence,
                             contact, source, reported_by, reporter_org_id, client_key)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       on conflict (reference) do nothing returning id`,
      [
        c.reference, c.municipalityId, c.areaId, c.address, c.contractNumber, c.tenancyId, c.what, c.children, c.mentalHealth, c.violence,
        c.contact, c.source, c.reportedBy, c.reporterOrgId, c.clientKey,
      ],
    );
    return row?.id ?? null;
  },

  /** The reference of the same concern sent from the same form within the last hour (a resent form). */
  async recentFromClient(q: Queryable, clientKey: string, what: string, address: string): Promise<string | undefined> {
    const [row] = await q.query<{ reference: string }>(
      `select reference from concerns
        where client_key = $1 and what = $2 and address = $3 and received_at > now() - interval '1 hour'
        order by received_at desc limit 1`,
      [clientKey, what, address],
    );
    return row?.reference;
  },

  async newConcerns(q: Queryable, municipalityId: string, limit: number): Promise<ConcernRow[]> {
    return q.query<ConcernRow>(
      `select c.id, c.reference, c.municipality_id, c.area_id, c.address, c.contract_number, c.tenancy_id, c.what, c.children, c.mental_health,
              c.violence, c.contact, c.source, o.name as reporter_org_name, c.received_at, c.status
         from concerns c left join organisations o on o.id = c.reporter_org_id
        where c.municipality_id = $1 and c.status = 'new'
        order by c.received_at limit $2`,
      [municipalityId, limit],
    );
  },

  async areas(q: Queryable, municipalityId: string): Promise<AreaRow[]> {
    return q.query<AreaRow>(
      `select a.id, a.name, a.responsible_user_id, u.name as responsible_name
         from city_areas a left join users u on u.id = a.responsible_user_id
        where a.municipality_id = $1 order by a.name`,
      [municipalityId],
    );
  },

  async areaByName(q: Queryable, municipalityId: string, name: string): Promise<AreaRow | undefined> {
    const [row] = await q.query<AreaRow>(
      `select a.id, a.name, a.responsible_user_id, null as responsible_name from city_areas a
        where a.municipality_id = $1 and lower(a.name) = lower($2)`,
      [municipalityId, name],
    );
    return row;
  },

  /** Sets the social worker responsible for an area; false when the area is not the municipality's. */
  async setResponsible(q: Queryable, municipalityId: string, areaId: string, userId: string | null): Promise<boolean> {
    const rows = await q.query('update city_areas set responsible_user_id = $3 where id = $2 and municipality_id = $1 returning id', [
      municipalityId,
      areaId,
      userId,
    ]);
    return rows.length > 0;
  },

  /** The public form's list: municipalities and their areas, names only. */
  async municipalitiesWithAreas(q: Queryable): Promise<{ id: string; name: string; areas: { id: string; name: string }[] }[]> {
    return q.query(
      `select o.id, o.name, coalesce(json_agg(json_build_object('id', a.id, 'name', a.name) order by a.name) filter (where a.id is not null), '[]') as areas
         from organisations o left join city_areas a on a.municipality_id = o.id
        where o.kind = 'municipality' group by o.id, o.name order by o.name`,
    );
  },
};
