// Problems a landlord reports on a contract, and social services' answers: their SQL.
import type { Queryable } from '../platform/database.ts';
import type { ContractRow } from './contract-store.ts';

export interface ProblemRow {
  id: string;
  contract_id: string;
  landlord_id: string;
  address: string;
  description: string;
  reported_at: Date;
  respond_by: Date;
  response: string | null;
  responded_at: Date | null;
  applicant_name: string;
  municipality_id: string;
}

const PROBLEM_SELECT = `select p.id, p.contract_id, p.landlord_id, h.address, p.description, p.reported_at, p.respond_by, p.response, p.responded_at,
    a.name as applicant_name, c.municipality_id
  from contract_problems p join housing_contracts c on c.id = p.contract_id join offered_homes h on h.id = c.home_id
  join housing_applicants a on a.id = c.applicant_id`;

export const problemStore = {
  /**
   * The landlord's homes with a contract on them (active, waiting for a transfer, or ended and not yet
   * inspected at move-out), with the agreement's response time.
   */
  async landlordContracts(q: Queryable, landlordId: string) {
    return q.query<{
      id: string; address: string; step_name: string; started_on: string; status: ContractRow['status']; response_hours: number;
      /** The latest version of the housing plan, camelCased by the query. */
      plan: { version: number; agreedOn: string; tenant: string; landlord: string; municipality: string } | null;
    }>(
      `select c.id, h.address, s.name as step_name, c.started_on, c.status, g.response_hours,
              (select json_build_object('version', p.version, 'agreedOn', p.agreed_on, 'tenant', p.tenant_part, 'landlord', p.landlord_part, 'municipality', p.municipality_part)
                 from housing_plans p where p.contract_id = c.id order by p.version desc limit 1) as plan
         from housing_contracts c join offered_homes h on h.id = c.home_id join ladder_steps s on s.id = c.step_id join housing_agreements g on g.id = h.agreement_id
        where h.landlord_id = $1
          and (c.status in ('active', 'transfer_proposed')
               -- an ended contract stays until the home's move-out inspection is held
               or (c.status = 'ended' and not exists (select 1 from contract_inspections i where i.contract_id = c.id and i.kind = 'move_out' and i.held_on is not null)))
        order by h.address, c.id`,
      [landlordId],
    );
  },

  async insert(q: Queryable, p: { contractId: string; landlordId: string; description: string; at: Date; respondBy: Date }, by: string | null): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      'insert into contract_problems (contract_id, landlord_id, description, reported_by, reported_at, respond_by) values ($1, $2, $3, $4, $5, $6) returning id',
      [p.contractId, p.landlordId, p.description, by, p.at, p.respondBy],
    );
    return row!.id;
  },

  async ofLandlord(q: Queryable, landlordId: string): Promise<ProblemRow[]> {
    return q.query<ProblemRow>(`${PROBLEM_SELECT} where p.landlord_id = $1 order by p.reported_at desc, p.id`, [landlordId]);
  },

  async ofMunicipality(q: Queryable, municipalityId: string): Promise<ProblemRow[]> {
    return q.query<ProblemRow>(`${PROBLEM_SELECT} where c.municipality_id = $1 order by p.responded_at is not null, p.respond_by, p.id`, [municipalityId]);
  },

  async problem(q: Queryable, id: string): Promise<ProblemRow | undefined> {
    const [row] = await q.query<ProblemRow>(`${PROBLEM_SELECT} where p.id = $1`, [id]);
    return row;
  },

  async respond(q: Queryable, id: string, response: string, by: string | null, at: Date): Promise<boolean> {
    const rows = await q.query('update contract_problems set response = $2, responded_by = $3, responded_at = $4 where id = $1 and responded_at is null returning id', [id, response, by, at]);
    return rows.length > 0;
  },
};
