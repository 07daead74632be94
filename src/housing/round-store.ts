// Matching rounds and their proposals: their SQL.
import type { Queryable } from '../platform/database.ts';
import { APPLICANT_SELECT, type ApplicantRow } from './waiting-list-store.ts';

export interface RoundHomeRow {
  id: string;
  landlord_id: string;
  landlord_name: string;
  address: string;
  area: string;
  rooms: number;
  rent: number;
  accessible: boolean;
  accepted_income_types: string[];
  max_rent_share: number;
}

export interface ProposalRow {
  id: string;
  round_id: string;
  applicant_id: string;
  home_id: string;
  landlord_id: string;
  explanation: string[];
  status: 'proposed' | 'approved' | 'set_aside' | 'accepted' | 'declined';
  decline_reason: string | null;
  applicant_name: string;
  adults: number;
  children_ages: number[];
  min_rooms: number;
  priority: number;
  address: string;
  area: string;
  rooms: number;
  rent: number;
  landlord_name: string;
  has_contract: boolean;
}

const PROPOSAL_SELECT = `select p.id, p.round_id, p.applicant_id, p.home_id, p.landlord_id, p.explanation, p.status, p.decline_reason,
    a.name as applicant_name, a.adults, a.children_ages, a.min_rooms, a.priority, h.address, h.area, h.rooms, h.rent, l.name as landlord_name,
    exists (select 1 from housing_contracts c where c.applicant_id = p.applicant_id and c.home_id = p.home_id) as has_contract
  from housing_proposals p join housing_applicants a on a.id = p.applicant_id join offered_homes h on h.id = p.home_id join organisations l on l.id = p.landlord_id`;

const LIVE = "('proposed', 'approved', 'accepted')";

export const roundStore = {
  /** Households that may be matched today: waiting, not paused, in no live proposal. */
  async applicantsForRound(q: Queryable, municipalityId: string, today: string): Promise<ApplicantRow[]> {
    return q.query<ApplicantRow>(
      `${APPLICANT_SELECT} where a.municipality_id = $1 and a.status = 'waiting' and (a.paused_until is null or a.paused_until <= $2)
          and not exists (select 1 from housing_proposals p where p.applicant_id = a.id and p.status in ${LIVE})
        order by a.priority desc, a.waiting_since, a.id`,
      [municipalityId, today],
    );
  },

  /** Homes on offer under the municipality's agreements valid today, in no live proposal, with the agreement's income rules. */
  async homesForRound(q: Queryable, municipalityId: string, today: string): Promise<RoundHomeRow[]> {
    return q.query<RoundHomeRow>(
      `select h.id, h.landlord_id, l.name as landlord_name, h.address, h.area, h.rooms, h.rent, h.accessible, g.accepted_income_types, g.max_rent_share::float8 as max_rent_share
         from offered_homes h join housing_agreements g on g.id = h.agreement_id join organisations l on l.id = h.landlord_id
        where g.municipality_id = $1 and h.status = 'offered' and g.valid_from <= $2 and (g.valid_until is null or g.valid_until >= $2)
          and not exists (select 1 from housing_proposals p where p.home_id = h.id and p.status in ${LIVE})
        order by h.available_from, h.id`,
      [municipalityId, today],
    );
  },

  async insertRound(q: Queryable, municipalityId: string, input: unknown, answer: unknown, by: string | null): Promise<string> {
    const [row] = await q.query<{ id: string }>('insert into matching_rounds (municipality_id, input, answer, created_by) values ($1, $2, $3, $4) returning id', [
      municipalityId, JSON.stringify(input), JSON.stringify(answer), by,
    ]);
    return row!.id;
  },

  async insertProposal(q: Queryable, p: { roundId: string; applicantId: string; homeId: string; landlordId: string; explanation: string[] }): Promise<void> {
    await q.query('insert into housing_proposals (round_id, applicant_id, home_id, landlord_id, explanation) values ($1, $2, $3, $4, $5)', [
      p.roundId, p.applicantId, p.homeId, p.landlordId, p.explanation,
    ]);
  },

  async latestRound(q: Queryable, municipalityId: string): Promise<{ id: string; answer: { unassigned: { household: string; reasons: string[] }[] }; created_at: Date } | undefined> {
    const [row] = await q.query<{ id: string; answer: { unassigned: { household: string; reasons: string[] }[] }; created_at: Date }>(
      'select id, answer, created_at from matching_rounds where municipality_id = $1 order by created_at desc, id desc limit 1',
      [municipalityId],
    );
    return row;
  },

  async proposalsOfRound(q: Queryable, roundId: string): Promise<ProposalRow[]> {
    return q.query<ProposalRow>(`${PROPOSAL_SELECT} where p.round_id = $1 order by a.priority desc, a.waiting_since, p.id`, [roundId]);
  },

  async proposalsOfLandlord(q: Queryable, landlordId: string): Promise<ProposalRow[]> {
    return q.query<ProposalRow>(`${PROPOSAL_SELECT} where p.landlord_id = $1 and p.status in ('approved', 'accepted', 'declined') order by p.decided_at desc, p.id`, [landlordId]);
  },

  async proposal(q: Queryable, id: string): Promise<(ProposalRow & { municipality_id: string }) | undefined> {
    const [row] = await q.query<ProposalRow & { municipality_id: string }>(
      `select x.*, r.municipality_id from (${PROPOSAL_SELECT} where p.id = $1) x join matching_rounds r on r.id = x.round_id`,
      [id],
    );
    return row;
  },

  /** Moves a proposal on from `from`; false if it was not there (decided meanwhile). */
  async decide(q: Queryable, id: string, from: string, to: string, by: string | null, at: Date): Promise<boolean> {
    const rows = await q.query("update housing_proposals set status = $3, decided_by = $4, decided_at = $5 where id = $1 and status = $2 returning id", [id, from, to, by, at]);
    return rows.length > 0;
  },

  async answer(q: Queryable, id: string, landlordId: string, accept: boolean, reason: string | null, by: string | null, at: Date): Promise<boolean> {
    const rows = await q.query(
      `update housing_proposals set status = $3, decline_reason = $4, landlord_answer_by = $5, landlord_answer_at = $6
        where id = $1 and landlord_id = $2 and status = 'approved' returning id`,
      [id, landlordId, accept ? 'accepted' : 'declined', accept ? null : reason, by, at],
    );
    return rows.length > 0;
  },

  /** Household and home pairs a landlord has declined, for the households and homes of a round. */
  async declinedPairs(q: Queryable, municipalityId: string): Promise<{ applicant_id: string; home_id: string }[]> {
    return q.query(
      `select p.applicant_id, p.home_id from housing_proposals p join matching_rounds r on r.id = p.round_id where r.municipality_id = $1 and p.status = 'declined'`,
      [municipalityId],
    );
  },

  async applicantNames(q: Queryable, municipalityId: string, ids: string[]): Promise<Map<string, string>> {
    const rows = await q.query<{ id: string; name: string }>('select id, name from housing_applicants where municipality_id = $1 and id = any ($2::uuid[])', [municipalityId, ids]);
    return new Map(rows.map((r) => [r.id, r.name]));
  },

  async markLet(q: Queryable, homeId: string, applicantId: string): Promise<void> {
    await q.query("update offered_homes set status = 'let' where id = $1", [homeId]);
    await q.query("update housing_applicants set status = 'housed', updated_at = now() where id = $1", [applicantId]);
  },
};
