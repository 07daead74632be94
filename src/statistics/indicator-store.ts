// The facts the indicators count, read together across the capabilities' tables (ADR 8): a report, so
// hand-written SQL that only reads, aggregated in the database so that no row about a person leaves
// it — what comes back is counts per month or per kind, and for the times to a first contact, a list
// of numbers of days. Every query takes the period as [start, end) dates.
import type { Queryable } from '../platform/database.ts';

/** Whose figures: a municipality's (every landlord's homes in it, by kommunkod) or one landlord's own. */
export type Scope = { kind: 'municipality'; id: string; code: string } | { kind: 'landlord'; id: string };

export interface StageRow {
  stage: string;
  month: string;
  households: number;
  /** Null where the stage's facts do not say whether there were children. */
  with_children: number | null;
}

const STOCKHOLM_DAY = (col: string) => `(${col} at time zone 'Europe/Stockholm')::date`;
const MONTH = (day: string) => `to_char(${day}, 'YYYY-MM')`;

/**
 * The funnel's stages per month, or over the whole period (`month` then 'all'): $1 the scope's key, $2
 * start, $3 end (exclusive), $4 today. A household that reached a stage twice counts once per bucket.
 */
function funnelSql(scope: Scope, perMonth: boolean): string {
  const own = scope.kind === 'municipality' ? 't.municipality_code = $1' : 't.landlord_id = $1::uuid';
  const children = 'count(distinct t.id) filter (where t.children > 0)::int';
  const bucket = (day: string) => (perMonth ? MONTH(day) : "'all'::text");
  const byTenancy = (stage: string, day: string, from: string, where: string) =>
    `select '${stage}' as stage, ${bucket(day)} as month, count(distinct t.id)::int as households, ${children} as with_children
       from ${from} where ${own} and ${day} >= $2::date and ${day} < $3::date ${where} group by 2`;
  const active = perMonth
    ? `select 'active' as stage, to_char(m, 'YYYY-MM') as month, count(*)::int as households, count(*) filter (where t.children > 0)::int as with_children
         from generate_series($2::date, $3::date - 1, interval '1 month') m
         join tenancies t on t.start_date < m + interval '1 month' and (t.end_date is null or t.end_date >= m)
        where ${own} group by 2`
    : `select 'active' as stage, 'all'::text as month, count(*)::int as households, count(*) filter (where t.children > 0)::int as with_children
         from tenancies t where ${own} and t.start_date < $3::date and (t.end_date is null or t.end_date >= $2::date)`;
  const parts = [
    active,
    byTenancy('unpaid', 'w.anchor_due_date', 'worklist_items w join tenancies t on t.id = w.tenancy_id', ''),
    // Still owed a week after (JB 12 kap. 42 § 1 p.: forfeiture from then): the daily run had not resolved
    // the item by then (or has not yet), and the week is over.
    byTenancy('unpaid_week', 'w.anchor_due_date', 'worklist_items w join tenancies t on t.id = w.tenancy_id', 'and w.anchor_due_date + 7 < $4::date and coalesce(w.resolved_on, $4::date) > w.anchor_due_date + 7'),
    byTenancy('reached', 'o.contact_date', 'outreach o join tenancies t on t.id = o.tenancy_id', 'and o.reached'),
    byTenancy('promise', 'o.contact_date', 'outreach o join tenancies t on t.id = o.tenancy_id', "and o.outcome in ('promise_to_pay', 'wants_payment_plan')"),
    byTenancy('collection_demand', STOCKHOLM_DAY('w.done_at'), 'worklist_items w join tenancies t on t.id = w.tenancy_id', "and w.action = 'collection_demand' and w.status = 'done'"),
    byTenancy('notice', 'n.delivered_to_board', 'notices n join tenancies t on t.id = n.tenancy_id', "and n.reason = 'arrears'"),
    byTenancy('recovered', 'n.recovered_on', 'notices n join tenancies t on t.id = n.tenancy_id', "and n.reason = 'arrears' and n.status = 'recovered'"),
  ];
  if (scope.kind === 'municipality') {
    const caseChildren = `count(*) filter (where coalesce(t.children, 0) > 0 or exists (select 1 from case_persons p where p.case_id = c.id and p.relation = 'child'))::int`;
    parts.push(
      `select 'case_opened', ${bucket(STOCKHOLM_DAY('c.opened_at'))}, count(*)::int, ${caseChildren}
         from cases c left join tenancies t on t.id = c.tenancy_id
        where c.municipality_id = $5::uuid and ${STOCKHOLM_DAY('c.opened_at')} >= $2::date and ${STOCKHOLM_DAY('c.opened_at')} < $3::date group by 2`,
      `select 'first_contact', ${bucket('f.first_on')}, count(*)::int, ${caseChildren}
         from (select k.case_id, min(k.contact_date) as first_on from case_contacts k where k.reached group by k.case_id) f
         join cases c on c.id = f.case_id left join tenancies t on t.id = c.tenancy_id
        where c.municipality_id = $5::uuid and f.first_on >= $2::date and f.first_on < $3::date group by 2`,
      ...(['received_on:application', 'withdrawn_on:withdrawn', 'carried_out_on:evicted'] as const).map((pair) => {
        const [column, stage] = pair.split(':');
        // Kronofogden tells of children only for an eviction carried out.
        const kids = stage === 'evicted' ? 'count(*) filter (where children_permanent + children_alternating + children_visiting > 0)::int' : 'null::int';
        return `select '${stage}', ${bucket(`m.${column}`)}, count(*)::int, ${kids}
                  from kfm_matters m where m.municipality_id = $5::uuid and m.${column} >= $2::date and m.${column} < $3::date group by 2`;
      }),
    );
  } else {
    const from = 'landlord_kfm_applications a left join tenancies t on t.id = a.tenancy_id';
    for (const [stage, column] of [['application', 'applied_on'], ['withdrawn', 'withdrawn_on'], ['evicted', 'carried_out_on']] as const) {
      parts.push(
        `select '${stage}', ${bucket(`a.${column}`)}, count(*)::int, count(*) filter (where t.children > 0)::int
           from ${from} where a.landlord_id = $1::uuid and a.${column} >= $2::date and a.${column} < $3::date group by 2`,
      );
    }
  }
  return parts.join('\nunion all\n');
}

export interface MatterCounts {
  received: number;
  withdrawn: number;
  evictions: number;
  children: number;
  social_services_present: number;
}

export interface ContactDelay {
  delivered: string;
  first_contact: string | null;
}

/** A breakdown's group key for a matter (m) or a notice (n, its tenancy t): what the SQL groups by. */
const MATTER_KEY: Record<string, string> = {
  area: "coalesce(a.name, '')",
  landlord_type: "case when o.municipal then 'municipal' when o.id is not null then 'private' else '' end",
  household_type: "coalesce(m.household_type, '')",
  children: "case when m.carried_out_on is null then '' when m.children_permanent + m.children_alternating + m.children_visiting > 0 then 'with_children' else 'without_children' end",
};
const NOTICE_KEY: Record<string, string> = {
  area: "coalesce(t.area, '')",
  landlord_type: "case when o.municipal then 'municipal' else 'private' end",
  children: "case when t.children > 0 then 'with_children' when t.children = 0 then 'without_children' else '' end",
};

export interface GroupCount {
  indicator: string;
  key: string;
  n: number;
}

export const indicatorStore = {
  /**
   * Readies a transaction for the report's reads. On PostgreSQL, no JIT compilation: the funnel's union is
   * estimated dear enough to be compiled, which took longer than running it (bench/statistics.bench.ts:
   * 0.21 s with, 0.07 s without, for a year at 5 000 tenancies). PGlite has no JIT.
   */
  async forReport(tx: Queryable, engine: 'pglite' | 'postgres'): Promise<void> {
    if (engine !== 'postgres') return; // PGlite has one connection: its transaction is one snapshot already
    // One snapshot for every statement of the answer (the first statement of the transaction).
    await tx.query('set transaction isolation level repeatable read, read only');
    await tx.query('set local jit = off');
  },

  /**
   * The municipality's count indicators split by `breakdown` (issue 14 §2): evictions, children affected,
   * applications and withdrawals by the matter's area, landlord or household; notices by the home's.
   * '' is the group whose key is not known, so the groups add up to the total.
   */
  async breakdown(q: Queryable, municipalityId: string, start: string, end: string, breakdown: string): Promise<GroupCount[]> {
    const parts: string[] = [];
    const matterKey = MATTER_KEY[breakdown];
    if (matterKey) {
      const from = 'kfm_matters m left join city_areas a on a.id = m.area_id left join organisations o on o.id = m.landlord_id';
      const stages: [string, string, string][] = [['evictions', 'carried_out_on', 'count(*)'], ['children_affected', 'carried_out_on', 'coalesce(sum(m.children_permanent + m.children_alternating + m.children_visiting), 0)']];
      if (breakdown === 'area' || breakdown === 'landlord_type') stages.push(['applications', 'received_on', 'count(*)'], ['applications_withdrawn', 'withdrawn_on', 'count(*)']);
      for (const [indicator, column, count] of stages) {
        parts.push(`select '${indicator}' as indicator, ${matterKey} as key, ${count}::int as n from ${from}
                     where m.municipality_id = $1 and m.${column} >= $2 and m.${column} < $3 group by 2`);
      }
    }
    const noticeKey = NOTICE_KEY[breakdown];
    if (noticeKey) {
      parts.push(`select 'notices', ${noticeKey}, count(*)::int from notices n join tenancies t on t.id = n.tenancy_id join organisations o on o.id = n.landlord_id
                   where n.municipality_id = $1 and n.delivered_to_board >= $2 and n.delivered_to_board < $3 group by 2`);
    }
    if (parts.length === 0) return [];
    return q.query<GroupCount>(parts.join('\nunion all\n'), [municipalityId, start, end]);
  },

  /** The stages per month (`month` YYYY-MM), or over the whole period (`month` 'all'). */
  async funnel(q: Queryable, scope: Scope, start: string, end: string, today: string, perMonth: boolean): Promise<StageRow[]> {
    const key = scope.kind === 'municipality' ? scope.code : scope.id;
    const params: unknown[] = [key, start, end, today];
    if (scope.kind === 'municipality') params.push(scope.id);
    return q.query<StageRow>(funnelSql(scope, perMonth), params);
  },

  async matters(q: Queryable, municipalityId: string, start: string, end: string): Promise<MatterCounts> {
    const [row] = await q.query<MatterCounts>(
      `select count(*) filter (where received_on >= $2 and received_on < $3)::int as received,
              count(*) filter (where withdrawn_on >= $2 and withdrawn_on < $3)::int as withdrawn,
              count(*) filter (where carried_out_on >= $2 and carried_out_on < $3)::int as evictions,
              coalesce(sum(children_permanent + children_alternating + children_visiting) filter (where carried_out_on >= $2 and carried_out_on < $3), 0)::int as children,
              count(*) filter (where carried_out_on >= $2 and carried_out_on < $3 and social_services_present)::int as social_services_present
         from kfm_matters where municipality_id = $1`,
      [municipalityId, start, end],
    );
    return row!;
  },

  /** Each notice delivered in the period, with the first contact that reached the household in a case it opened or joined. */
  async noticeContacts(q: Queryable, municipalityId: string, start: string, end: string): Promise<ContactDelay[]> {
    return q.query<ContactDelay>(
      `select n.delivered_to_board::text as delivered,
              (select min(k.contact_date)::text from case_intake ci join case_contacts k on k.case_id = ci.case_id
                where ci.notice_id = n.id and k.reached and k.contact_date >= n.delivered_to_board) as first_contact
         from notices n where n.municipality_id = $1 and n.delivered_to_board >= $2 and n.delivered_to_board < $3`,
      [municipalityId, start, end],
    );
  },

  async casesClosed(q: Queryable, municipalityId: string, start: string, end: string): Promise<{ outcome: string | null; n: number }[]> {
    return q.query(
      `select outcome, count(*)::int as n from cases
        where municipality_id = $1 and status = 'closed' and ${STOCKHOLM_DAY('closed_at')} >= $2 and ${STOCKHOLM_DAY('closed_at')} < $3 group by outcome`,
      [municipalityId, start, end],
    );
  },

  async followUps(q: Queryable, municipalityId: string, start: string, end: string): Promise<{ months: number; held: number; n: number }[]> {
    return q.query(
      `select f.months, count(*) filter (where f.tenancy_holds)::int as held, count(*)::int as n
         from case_follow_ups f join cases c on c.id = f.case_id
        where c.municipality_id = $1 and ${STOCKHOLM_DAY('f.recorded_at')} >= $2 and ${STOCKHOLM_DAY('f.recorded_at')} < $3 group by f.months`,
      [municipalityId, start, end],
    );
  },

  /** Plans agreed in the period and three months old by today: how many, and how many were not broken within those months. */
  async plansAfterThreeMonths(q: Queryable, municipalityId: string, start: string, end: string, today: string): Promise<{ n: number; kept: number }> {
    const [row] = await q.query<{ n: number; kept: number }>(
      `select count(*)::int as n, count(*) filter (where p.broken_on is null or p.broken_on > p.agreed_on + interval '3 months')::int as kept
         from payment_plans p join cases c on c.id = p.case_id
        where c.municipality_id = $1 and p.agreed_on >= $2 and p.agreed_on < $3 and p.agreed_on + interval '3 months' <= $4::date and p.status <> 'cancelled'`,
      [municipalityId, start, end, today],
    );
    return row!;
  },

  async assistanceForRent(q: Queryable, municipalityId: string, start: string, end: string): Promise<{ n: number; ore: number }> {
    const [row] = await q.query<{ n: number; ore: string }>(
      `select count(*)::int as n, coalesce(sum(d.rent_amount), 0)::text as ore
         from assistance_decisions d join cases c on c.id = d.case_id
        where c.municipality_id = $1 and d.granted and d.decided_on >= $2 and d.decided_on < $3`,
      [municipalityId, start, end],
    );
    return { n: row!.n, ore: Number(row!.ore) };
  },

  /** The landlord's late payers of the period with the days to its first contact that reached them (null: not reached). */
  async landlordContactDelays(q: Queryable, landlordId: string, start: string, end: string): Promise<(number | null)[]> {
    const rows = await q.query<{ days: number | null }>(
      `select (select min(o.contact_date) - l.anchor from outreach o where o.tenancy_id = l.tenancy_id and o.reached and o.contact_date >= l.anchor)::int as days
         from (select distinct tenancy_id, anchor_due_date as anchor from worklist_items
                where landlord_id = $1 and anchor_due_date >= $2 and anchor_due_date < $3) l`,
      [landlordId, start, end],
    );
    return rows.map((r) => r.days);
  },

  async landlordPromises(q: Queryable, landlordId: string, start: string, end: string): Promise<{ kept: number; tried: number }> {
    const [row] = await q.query<{ kept: number; tried: number }>(
      `select count(*) filter (where promise_status = 'kept')::int as kept, count(*) filter (where promise_status in ('kept', 'broken'))::int as tried
         from outreach where landlord_id = $1 and promise_date >= $2 and promise_date < $3`,
      [landlordId, start, end],
    );
    return row!;
  },

  async landlordEvents(q: Queryable, landlordId: string, start: string, end: string) {
    const [row] = await q.query<{ terminations: number; recoveries: number; applications: number; evictions: number }>(
      `select (select count(*) from notices where landlord_id = $1 and reason = 'arrears' and termination_date >= $2 and termination_date < $3)::int as terminations,
              (select count(*) from notices where landlord_id = $1 and reason = 'arrears' and status = 'recovered' and recovered_on >= $2 and recovered_on < $3)::int as recoveries,
              (select count(*) from landlord_kfm_applications where landlord_id = $1 and applied_on >= $2 and applied_on < $3)::int as applications,
              (select count(*) from landlord_kfm_applications where landlord_id = $1 and carried_out_on >= $2 and carried_out_on < $3)::int as evictions`,
      [landlordId, start, end],
    );
    return row!;
  },
};
