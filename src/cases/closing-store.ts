// The end game of a case: the child's-best-interest assessment, the eviction day, the rent-debt
// consultation, and the follow-ups after closing.
import type { Queryable } from '../platform/database.ts';

export const closingStore = {
  /** Records (or updates) what social services do on an eviction day. */
  async upsertEvictionDay(
    q: Queryable,
    e: { caseId: string; kfmNoticeId: string; presenceOffered: boolean; attending: boolean; bookedAt: string | null; note: string | null; by: string },
  ): Promise<void> {
    await q.query(
      `insert into eviction_days (case_id, kfm_notice_id, presence_offered, attending, booked_at, note, recorded_by) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (case_id, kfm_notice_id) do update set presence_offered = excluded.presence_offered, attending = excluded.attending,
         booked_at = excluded.booked_at, note = excluded.note, recorded_by = excluded.recorded_by, recorded_at = now()`,
      [e.caseId, e.kfmNoticeId, e.presenceOffered, e.attending, e.bookedAt, e.note, e.by],
    );
  },

  async evictionDays(q: Queryable, caseId: string): Promise<{ kfm_notice_id: string; presence_offered: boolean; attending: boolean; booked_at: Date | null; note: string | null }[]> {
    return q.query('select kfm_notice_id, presence_offered, attending, booked_at, note from eviction_days where case_id = $1', [caseId]);
  },

  async insertConsultation(q: Queryable, c: { caseId: string; heldOn: string; participants: string; landlordTookPart: boolean; agreements: string; by: string }): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      'insert into debt_consultations (case_id, held_on, participants, landlord_took_part, agreements, created_by) values ($1, $2, $3, $4, $5, $6) returning id',
      [c.caseId, c.heldOn, c.participants, c.landlordTookPart, c.agreements, c.by],
    );
    return row!.id;
  },

  async consultations(q: Queryable, caseId: string): Promise<{ id: string; held_on: string; participants: string; landlord_took_part: boolean; agreements: string; created_by_name: string }[]> {
    return q.query(
      `select d.id, d.held_on, d.participants, d.landlord_took_part, d.agreements, u.name as created_by_name
         from debt_consultations d join users u on u.id = d.created_by where d.case_id = $1 order by d.held_on`,
      [caseId],
    );
  },

  async insertChildAssessment(q: Queryable, a: { caseId: string; assessedOn: string; assessment: string; childrenHeard: boolean; authorId: string; authorName: string }): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into child_assessments (case_id, assessed_on, assessment, children_heard, author_id, author_name) values ($1, $2, $3, $4, $5, $6) returning id`,
      [a.caseId, a.assessedOn, a.assessment, a.childrenHeard, a.authorId, a.authorName],
    );
    return row!.id;
  },

  async childAssessments(q: Queryable, caseId: string): Promise<{ id: string; assessed_on: string; assessment: string; children_heard: boolean; author_name: string; written_at: Date }[]> {
    return q.query('select id, assessed_on, assessment, children_heard, author_name, written_at from child_assessments where case_id = $1 order by written_at', [caseId]);
  },

  /** Whether a concern that came into the case said there are children. */
  async concernAboutChildren(q: Queryable, caseId: string): Promise<boolean> {
    const rows = await q.query('select 1 from case_intake ci join concerns c on c.id = ci.concern_id where ci.case_id = $1 and c.children limit 1', [caseId]);
    return rows.length > 0;
  },

  /** Records a follow-up once per case and point in time; false when it is already recorded. */
  async insertFollowUp(q: Queryable, f: { caseId: string; months: 6 | 12; tenancyHolds: boolean; note: string | null; by: string; at: Date }): Promise<boolean> {
    const rows = await q.query(
      'insert into case_follow_ups (case_id, months, tenancy_holds, note, recorded_by, recorded_at) values ($1, $2, $3, $4, $5, $6) on conflict do nothing returning case_id',
      [f.caseId, f.months, f.tenancyHolds, f.note, f.by, f.at],
    );
    return rows.length > 0;
  },

  async followUps(q: Queryable, caseId: string): Promise<{ months: number; tenancy_holds: boolean; note: string | null; recorded_at: Date }[]> {
    return q.query('select months, tenancy_holds, note, recorded_at from case_follow_ups where case_id = $1 order by months', [caseId]);
  },
};
