// The statistics' facts in SQL: a municipality's population per year and a landlord's homes per year.
import type { Queryable } from '../platform/database.ts';
import type { Population } from './model.ts';

export interface PopulationRow extends Population {
  source: 'entered' | 'scb';
  set_by_name: string | null;
  set_at: Date;
}

export interface HomesRow {
  year: number;
  homes: number;
  set_by_name: string | null;
  set_at: Date;
}

export const factsStore = {
  async population(q: Queryable, municipalityId: string): Promise<PopulationRow[]> {
    return q.query<PopulationRow>(
      `select p.year, p.inhabitants, p.children as "childrenUnder18", p.source, u.name as set_by_name, p.set_at
         from municipality_population p left join users u on u.id = p.set_by where p.municipality_id = $1 order by p.year desc`,
      [municipalityId],
    );
  },

  /** Sets the years given (a year set again is replaced: the latest figure holds). */
  async setPopulation(q: Queryable, municipalityId: string, years: readonly Population[], source: 'entered' | 'scb', userId: string | null, at: Date): Promise<void> {
    for (const p of years) {
      await q.query(
        `insert into municipality_population (municipality_id, year, inhabitants, children, source, set_by, set_at) values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (municipality_id, year) do update set inhabitants = excluded.inhabitants, children = excluded.children, source = excluded.source,
           set_by = excluded.set_by, set_at = excluded.set_at`,
        [municipalityId, p.year, p.inhabitants, p.childrenUnder18, source, userId, at],
      );
    }
  },

  async homes(q: Queryable, landlordId: string): Promise<HomesRow[]> {
    return q.query<HomesRow>(
      `select h.year, h.homes, u.name as set_by_name, h.set_at from landlord_homes h left join users u on u.id = h.set_by where h.landlord_id = $1 order by h.year desc`,
      [landlordId],
    );
  },

  async setHomes(q: Queryable, landlordId: string, year: number, homes: number, userId: string | null, at: Date): Promise<void> {
    await q.query(
      `insert into landlord_homes (landlord_id, year, homes, set_by, set_at) values ($1, $2, $3, $4, $5)
       on conflict (landlord_id, year) do update set homes = excluded.homes, set_by = excluded.set_by, set_at = excluded.set_at`,
      [landlordId, year, homes, userId, at],
    );
  },

  async publications(q: Queryable, municipalityId: string): Promise<{ year: number; published_at: Date; published_by_name: string | null }[]> {
    return q.query(
      `select p.year, p.published_at, u.name as published_by_name from statistics_publications p left join users u on u.id = p.published_by
        where p.municipality_id = $1 order by p.year desc`,
      [municipalityId],
    );
  },

  /** Publishes the year (again: kept as first published) or takes it back. */
  async setPublished(q: Queryable, municipalityId: string, year: number, published: boolean, userId: string | null, at: Date): Promise<void> {
    if (published) {
      await q.query('insert into statistics_publications (municipality_id, year, published_by, published_at) values ($1, $2, $3, $4) on conflict do nothing', [municipalityId, year, userId, at]);
    } else {
      await q.query('delete from statistics_publications where municipality_id = $1 and year = $2', [municipalityId, year]);
    }
  },

  /** The municipalities that published the year, by name. */
  async publishedFor(q: Queryable, year: number): Promise<{ id: string; name: string; municipality_code: string }[]> {
    return q.query(
      `select o.id, o.name, o.municipality_code from statistics_publications p join organisations o on o.id = p.municipality_id
        where p.year = $1 and o.municipality_code is not null order by o.name`,
      [year],
    );
  },
};
