// A person's own report (GDPR art. 15): what one organisation keeps about a personnummer, across the
// tables of several capabilities. A report, so hand-written SQL that reads them together
// (../shared/architecture.md); nothing here writes.
import type { Queryable } from '../platform/database.ts';

type Rows = Record<string, unknown>[];

export const privacyStore = {
  /** A landlord's tenancies where the person is a tenant, with what the landlord keeps about each. */
  async landlordData(q: Queryable, landlordId: string, pnr: string) {
    const tenancies = await q.query<{ id: string } & Record<string, unknown>>(
      `select t.id, t.contract_number, t.address, t.postal_code, t.city, t.monthly_rent, t.start_date, t.end_date, t.adults, t.children,
              p.name, p.phone, p.email
         from tenants p join tenancies t on t.id = p.tenancy_id where p.personnummer = $1 and t.landlord_id = $2 order by t.start_date`,
      [pnr, landlordId],
    );
    const ids = tenancies.map((t) => t.id);
    const each = (sql: string) => (ids.length ? q.query(sql, [ids]) : Promise.resolve([] as Rows));
    return {
      tenancies,
      ledger: await each('select tenancy_id, kind, booked_on, due_date, amount, reference from ledger_entries where tenancy_id = any ($1::uuid[]) order by booked_on, id'),
      outreach: await each(
        `select tenancy_id, contact_date, kind, reached, part_of_day, outcome, promise_amount, promise_date, promise_status, note, nonpayment_reason, nonpayment_note
           from outreach where tenancy_id = any ($1::uuid[]) order by contact_date`,
      ),
      notices: await each(
        `select id, tenancy_id, reason, termination_date, amount_owed, served_on_tenant, delivered_to_board, recovered_on, status, created_at
           from notices where tenancy_id = any ($1::uuid[]) order by created_at`,
      ),
      sms: await each('select tenancy_id, to_phone, body, status, created_at, sent_at from sms_outbox where tenancy_id = any ($1::uuid[]) order by created_at'),
      referrals: await each(
        'select id, tenancy_id, reason, amount_owed, consent_given_on, consent_how, created_at from early_referrals where tenancy_id = any ($1::uuid[]) order by created_at',
      ),
      kfmApplications: await each(
        'select id, tenancy_id, applied_on, case_number, withdrawn_on as application_withdrawn_on, carried_out_on from landlord_kfm_applications where tenancy_id = any ($1::uuid[]) order by applied_on',
      ),
    };
  },

  /** A municipality's cases where the person is in the household, everything in them, and what came in naming them. */
  /** Of the given cases, those the user is named on (the social workers of a protected case). */
  async casesNamedOn(q: Queryable, caseIds: readonly string[], userId: string | null): Promise<Set<string>> {
    if (caseIds.length === 0 || !userId) return new Set();
    const rows = await q.query<{ case_id: string }>('select case_id from case_workers where case_id = any ($1::uuid[]) and user_id = $2', [caseIds, userId]);
    return new Set(rows.map((r) => r.case_id));
  },

  async municipalityData(q: Queryable, municipalityId: string, pnr: string) {
    const cases = await q.query<{ id: string } & Record<string, unknown>>(
      `select c.id, c.address, c.status, c.opened_at, c.closed_at, c.outcome, c.protected_identity, p.relation, p.name
         from case_persons p join cases c on c.id = p.case_id where p.personnummer = $1 and c.municipality_id = $2 order by c.opened_at`,
      [pnr, municipalityId],
    );
    const ids = cases.map((c) => c.id);
    const each = (sql: string) => (ids.length ? q.query(sql, [ids]) : Promise.resolve([] as Rows));
    return {
      cases,
      household: await each('select case_id, relation, personnummer, name, birth_year from case_persons where case_id = any ($1::uuid[]) order by case_id, added_at'),
      journal: await each('select case_id, number as seq, event_date, author_name, written_at, body, corrects from journal_entries where case_id = any ($1::uuid[]) order by case_id, seq'),
      contacts: await each(
        `select case_id, kind, planned_at, contact_date, part_of_day, reached, outcome, note, nonpayment_reason, nonpayment_note
           from case_contacts where case_id = any ($1::uuid[]) order by case_id, created_at`,
      ),
      consents: await each(
        `select case_id, categories, purpose, valid_from, valid_until, documented_as, documented_at, withdrawn_at,
                array(select o.name from organisations o where o.id = any (k.recipient_org_ids) order by o.name) as recipients, to_debt_advice
           from consents k where case_id = any ($1::uuid[]) order by recorded_at`,
      ),
      paymentPlans: await each(
        `select p.case_id, p.debt, p.agreed_on, p.status, p.broken_on,
                (select json_agg(json_build_object('dueDate', i.due_date, 'amount', i.amount, 'status', i.status) order by i.seq) from payment_plan_instalments i where i.plan_id = p.id) as instalments
           from payment_plans p where case_id = any ($1::uuid[]) order by created_at`,
      ),
      assistanceDecisions: await each(
        'select case_id, decided_on, granted, rent_amount, period_from, period_until, note from assistance_decisions where case_id = any ($1::uuid[]) order by decided_on',
      ),
      actionPlans: await each('select case_id, goals, review_on, created_at from action_plans where case_id = any ($1::uuid[]) order by created_at'),
      childAssessments: await each('select case_id, assessed_on, assessment, children_heard, author_name from child_assessments where case_id = any ($1::uuid[]) order by written_at'),
      followUps: await each('select case_id, months, tenancy_holds, note from case_follow_ups where case_id = any ($1::uuid[]) order by months'),
      boardNotices: await q.query(
        `select n.id, n.reason, n.termination_date, n.amount_owed, n.delivered_to_board, n.status, o.name as landlord
           from notices n join tenants p on p.tenancy_id = n.tenancy_id join organisations o on o.id = n.landlord_id
          where p.personnummer = $1 and n.municipality_code = (select municipality_code from organisations where id = $2) order by n.created_at`,
        [pnr, municipalityId],
      ),
      kfmNotices: await q.query(
        `select k.id, k.kind, k.case_number, k.address, k.eviction_at, k.received_at from kfm_notices k where k.personnummer = $1 and k.municipality_id = $2 order by k.received_at`,
        [pnr, municipalityId],
      ),
      referrals: await q.query(
        'select r.id, r.reason, r.amount_owed, r.consent_given_on, r.consent_how, r.created_at from early_referrals r where r.consent_personnummer = $1 and r.municipality_id = $2 order by r.created_at',
        [pnr, municipalityId],
      ),
      // The waiting list for a home (issue 4 §2): the needs assessment, its earlier versions and declined offers.
      housingApplications: await q.query(
        `select a.id, a.name, a.adults, a.children_ages, a.reason, a.tried, a.incomes, a.debts, a.payment_remarks, a.drug_free_months, a.support_needed,
                a.protected_identity, a.domestic_violence, a.avoid_areas, a.needs_accessible, a.min_rooms, a.homelessness_situation, a.priority,
                a.waiting_since, a.status, a.paused_until, a.assessed_on, a.withdrawn_on, a.withdrawn_reason,
                (select count(*)::int from needs_assessment_history h where h.applicant_id = a.id) as earlier_assessments,
                (select json_agg(json_build_object('reason', d.reason, 'note', d.note, 'declinedOn', d.declined_on) order by d.declined_on) from housing_declines d where d.applicant_id = a.id) as declines
           from housing_applicants a where a.personnummer = $1 and a.municipality_id = $2 order by a.waiting_since`,
        [pnr, municipalityId],
      ),
      // Contracts on the housing ladder (issue 4 §4): the step, the reviews and their reasons, the housing
      // plan's versions, the inspections of the home, the rent guarantee and the landlord's claims under it.
      housingContracts: await q.query(
        `select c.id, h.address, s.name as step, c.started_on, c.review_on, c.status,
                (select json_agg(json_build_object('reviewedOn', r.reviewed_on, 'decision', r.decision, 'reasons', r.reasons) order by r.reviewed_on, r.decided_at)
                   from contract_reviews r where r.contract_id = c.id) as reviews,
                (select json_agg(json_build_object('version', p.version, 'agreedOn', p.agreed_on, 'tenant', p.tenant_part, 'landlord', p.landlord_part, 'municipality', p.municipality_part) order by p.version)
                   from housing_plans p where p.contract_id = c.id) as plans,
                (select json_agg(json_build_object('kind', i.kind, 'scheduledOn', i.scheduled_on, 'heldOn', i.held_on, 'remarks', i.remarks, 'damages', i.damages) order by i.kind)
                   from contract_inspections i where i.contract_id = c.id) as inspections,
                (select json_agg(json_build_object('amount', g.amount, 'validFrom', g.valid_from, 'validUntil', g.valid_until,
                          'claims', (select json_agg(json_build_object('dueDates', k.due_dates, 'amount', k.amount, 'status', k.status, 'paidAmount', k.paid_amount) order by k.claimed_at)
                                       from guarantee_claims k where k.guarantee_id = g.id)) order by g.valid_from)
                   from rent_guarantees g where g.contract_id = c.id) as guarantees
           from housing_contracts c join housing_applicants a on a.id = c.applicant_id join offered_homes h on h.id = c.home_id join ladder_steps s on s.id = c.step_id
          where a.personnummer = $1 and c.municipality_id = $2 order by c.started_on`,
        [pnr, municipalityId],
      ),
    };
  },

  /** The notices Kronofogden sent naming the person. */
  async authorityData(q: Queryable, authorityId: string, pnr: string) {
    return {
      kfmNotices: await q.query(
        'select k.id, k.kind, k.case_number, k.address, k.eviction_at, k.received_at from kfm_notices k where k.personnummer = $1 and k.authority_id = $2 order by k.received_at',
        [pnr, authorityId],
      ),
    };
  },

  /**
   * Every logged access to these rows: where one is the subject, or named in the details (a list read
   * records the ids it showed). Ids are UUIDs, so a text match finds exactly those.
   */
  async accesses(q: Queryable, ids: string[]) {
    if (ids.length === 0) return [];
    return q.query<{ at: Date; who: string | null; organisation: string | null; action: string; reason: string | null }>(
      `select a.at, coalesce(u.name, case when a.actor_token_id is not null then 'API-nyckel' else 'Bokvar' end) as who, o.name as organisation, a.action, a.reason
         from audit_log a left join users u on u.id = a.actor_user_id left join organisations o on o.id = a.actor_org_id
        where a.subject_id = any ($1::text[]) or a.details::text like any (select '%' || x || '%' from unnest($1::text[]) x)
        order by a.at, a.id`,
      [ids],
    );
  },
};
