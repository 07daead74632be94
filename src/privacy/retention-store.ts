// The culling's SQL (issue 12 §22): what has reached its period, and removing one file, concern or
// tenancy with everything that hangs on it. Each remove runs inside the caller's transaction, so a
// file goes whole or not at all.
import type { Queryable } from '../platform/database.ts';
import { RESEARCH_BIRTH_DAYS, type RetentionSettings } from './retention-rules.ts';


const STOCKHOLM_DAY = (col: string) => `(${col} at time zone 'Europe/Stockholm')::date`;

/**
 * A case's last entry: its closing, its last journal entry, contact or follow-up, whichever is later
 * (each stamped by the app's clock). A contact logged after closing counts like a journal entry.
 */
const LAST_ENTRY = (c: string) => `greatest(${STOCKHOLM_DAY(`${c}.closed_at`)},
  (select max(${STOCKHOLM_DAY('j.written_at')}) from journal_entries j where j.case_id = ${c}.id),
  (select max(${STOCKHOLM_DAY('k.created_at')}) from case_contacts k where k.case_id = ${c}.id),
  (select max(${STOCKHOLM_DAY('f.recorded_at')}) from case_follow_ups f where f.case_id = ${c}.id))`;

/**
 * Whether a case names someone born on the 5th, 15th or 25th (a samordningsnummer adds 60 to the day),
 * whose files are kept for research: keptForResearch's rule in retention-rules.ts.
 */
const RESEARCH = (caseId: string) => `exists (select 1 from case_persons p where p.case_id = ${caseId}
  and p.personnummer ~ '^[0-9]{12}$' and substr(p.personnummer, 7, 2) in (${RESEARCH_BIRTH_DAYS.map((d) => `'${d}'`).join(', ')}))`;

/**
 * What has expired, as the culling reads it: its id and the day its period counts from (a file's last
 * entry, a concern's decision, a tenancy's end), in Stockholm.
 */
export interface Expired { day: string; id: string }

/** A concern that led to no case, decided on or before the cut-off ($2). */
const CONCERN_DUE = (c: string) => `${c}.status = 'handled' and ${c}.dismissed_at is not null
  and ${STOCKHOLM_DAY(`${c}.dismissed_at`)} <= $2::date
  and not exists (select 1 from case_intake i where i.concern_id = ${c}.id)`;

/** A tenancy ended on or before the cut-off ($2) that no municipality's record names. */
const TENANCY_DUE = (t: string) => `${t}.end_date is not null and ${t}.end_date <= $2::date
  and not exists (select 1 from cases x where x.tenancy_id = ${t}.id)
  and not exists (select 1 from concerns x where x.tenancy_id = ${t}.id)
  and not exists (select 1 from kfm_notices x where x.tenancy_id = ${t}.id)
  and not exists (select 1 from early_referrals x where x.tenancy_id = ${t}.id)
  and not exists (select 1 from payment_plans x where x.tenancy_id = ${t}.id)
  and not exists (select 1 from offered_homes x where x.tenancy_id = ${t}.id)
  and not exists (select 1 from notices n join case_intake i on i.notice_id = n.id where n.tenancy_id = ${t}.id)`;

/** A municipality's closed cases with the day of their last entry. */
const CLOSED_FILES = `select c.id, ${LAST_ENTRY('c')} as last_entry, ${RESEARCH('c.id')} as research
  from cases c where c.municipality_id = $1 and c.status = 'closed'`;

/** Tables that hang on a case by its id, leaves first (a plan's instalments before the plan). */
const CASE_PARTS = [
  ['action_plan_tasks', 'plan_id in (select id from action_plans where case_id = $1)'],
  ['payment_plan_instalments', 'plan_id in (select id from payment_plans where case_id = $1)'],
  ['consents', 'case_id = $1'],
  ['journal_entries', 'case_id = $1'],
  ['case_contacts', 'case_id = $1'],
  ['payment_plans', 'case_id = $1'],
  ['case_tasks', 'case_id = $1'],
  ['child_assessments', 'case_id = $1'],
  ['action_plans', 'case_id = $1'],
  ['action_plan_requests', 'case_id = $1'],
  ['case_follow_ups', 'case_id = $1'],
  ['eviction_days', 'case_id = $1'],
  ['debt_consultations', 'case_id = $1'],
  ['case_workers', 'case_id = $1'],
  ['assistance_decisions', 'case_id = $1'],
  ['case_persons', 'case_id = $1'],
] as const;

/** What hangs on a landlord's tenancy: its own records only (a municipality's keep it, see below), leaves first (an outreach names its worklist item). */
const TENANCY_PARTS = ['ledger_entries', 'outreach', 'worklist_items', 'sms_outbox', 'notices', 'tenants'] as const;

export const retentionStore = {
  async settings(q: Queryable, orgId: string): Promise<RetentionSettings> {
    const [row] = await q.query<{ case_file_years: number | null; concern_months: number | null; tenancy_months: number | null }>(
      'select case_file_years, concern_months, tenancy_months from organisations where id = $1', [orgId]);
    return { caseFileYears: row?.case_file_years ?? null, concernMonths: row?.concern_months ?? null, tenancyMonths: row?.tenancy_months ?? null };
  },

  async setSettings(q: Queryable, orgId: string, s: RetentionSettings): Promise<void> {
    await q.query('update organisations set case_file_years = $2, concern_months = $3, tenancy_months = $4 where id = $1', [orgId, s.caseFileYears, s.concernMonths, s.tenancyMonths]);
  },

  async organisations(q: Queryable): Promise<{ id: string; kind: 'municipality' | 'landlord' | 'authority' }[]> {
    return q.query("select id, kind from organisations where kind in ('municipality', 'landlord') order by id");
  },

  /**
   * Closed cases of a municipality whose last entry was on or before `cutoff`, oldest first, at most
   * `limit`. Files kept for research are not among them.
   */
  async expiredFiles(q: Queryable, municipalityId: string, cutoff: string, limit: number): Promise<Expired[]> {
    return q.query(
      `select id, last_entry::text as day from (${CLOSED_FILES}) x
        where not research and last_entry <= $2::date
        order by last_entry, id limit $3`,
      [municipalityId, cutoff, limit],
    );
  },

  /** Files kept for research whose period ran out after `from` and on or before `cutoff`: the day's count. */
  async keptForResearch(q: Queryable, municipalityId: string, from: string, cutoff: string): Promise<number> {
    const [row] = await q.query<{ n: number }>(
      `select count(*)::int as n from (${CLOSED_FILES}) x where research and last_entry > $2::date and last_entry <= $3::date`,
      [municipalityId, from, cutoff]);
    return row?.n ?? 0;
  },

  /** Removes a closed case with everything in it and the news that opened it. */
  async removeFile(q: Queryable, caseId: string, cutoff: string): Promise<boolean> {
    // Locked first, then asked again in a statement of its own (so it sees what committed while it
    // waited): an entry written since the list was read keeps the file, and one being written waits on
    // the lock (its reference to the case takes a share of it) and then finds the case gone. The mark
    // lets the journal's trigger allow the entries to go (migration 0038).
    await q.query("select id from cases where id = $1 and status = 'closed' for update", [caseId]);
    const [due] = await q.query(
      `select 1 from cases c where c.id = $1 and c.status = 'closed' and ${LAST_ENTRY('c')} <= $2::date and not ${RESEARCH('c.id')}`,
      [caseId, cutoff]);
    if (!due) return false;
    await q.query("update cases set culling = true where id = $1 and status = 'closed'", [caseId]);
    const intake = await q.query<{ concern_id: string | null; kfm_notice_id: string | null; referral_id: string | null }>(
      'select concern_id, kfm_notice_id, referral_id from case_intake where case_id = $1', [caseId]);
    for (const [table, where] of CASE_PARTS) await q.query(`delete from ${table} where ${where}`, [caseId]);
    await q.query('delete from case_intake where case_id = $1', [caseId]);
    await q.query('update housing_applicants set case_id = null where case_id = $1', [caseId]);
    await q.query('delete from cases where id = $1', [caseId]);
    const ids = (k: 'concern_id' | 'kfm_notice_id' | 'referral_id') => intake.map((i) => i[k]).filter((x): x is string => x !== null);
    await q.query('delete from concerns where id = any($1::uuid[])', [ids('concern_id')]);
    await q.query('delete from kfm_notices where id = any($1::uuid[])', [ids('kfm_notice_id')]);
    await q.query('delete from early_referrals where id = any($1::uuid[])', [ids('referral_id')]);
    return true;
  },

  /** Concerns that led to no case, decided (dismissed or set aside) on or before `cutoff`, oldest first. */
  async expiredConcerns(q: Queryable, municipalityId: string, cutoff: string, limit: number): Promise<Expired[]> {
    return q.query(
      `select c.id, ${STOCKHOLM_DAY('c.dismissed_at')}::text as day from concerns c
        where c.municipality_id = $1 and ${CONCERN_DUE('c')}
        order by ${STOCKHOLM_DAY('c.dismissed_at')}, c.id limit $3`,
      [municipalityId, cutoff, limit],
    );
  },

  /** Removes a concern, locked and asked again first (a case being opened from it keeps it). */
  async removeConcern(q: Queryable, id: string, cutoff: string): Promise<boolean> {
    await q.query('select id from concerns where id = $1 for update', [id]);
    const [due] = await q.query(`select 1 from concerns c where c.id = $1 and ${CONCERN_DUE('c')}`, [id, cutoff]);
    if (!due) return false;
    await q.query('delete from concerns where id = $1', [id]);
    return true;
  },

  /**
   * A landlord's tenancies that ended on or before `cutoff` and that no municipality's record still
   * names (a case, concern, Kronofogden notice, referral, plan or offered home keeps it until that
   * record's own period is out; the tenancy goes on a later day).
   */
  async expiredTenancies(q: Queryable, landlordId: string, cutoff: string, limit: number): Promise<Expired[]> {
    return q.query(
      `select t.id, t.end_date::text as day from tenancies t
        where t.landlord_id = $1 and ${TENANCY_DUE('t')}
        order by t.end_date, t.id limit $3`,
      [landlordId, cutoff, limit],
    );
  },

  /** Removes a tenancy with the landlord's records on it, locked and asked again first. */
  async removeTenancy(q: Queryable, id: string, cutoff: string): Promise<boolean> {
    await q.query('select id from tenancies where id = $1 for update', [id]);
    const [due] = await q.query(`select 1 from tenancies t where t.id = $1 and ${TENANCY_DUE('t')}`, [id, cutoff]);
    if (!due) return false;
    for (const table of TENANCY_PARTS) await q.query(`delete from ${table} where tenancy_id = $1`, [id]);
    await q.query('delete from tenancies where id = $1', [id]);
    return true;
  },

  /** Adds what one file, concern or tenancy culled today to the day's line of the report. */
  async logCulled(q: Queryable, e: { orgId: string | null; on: string; at: Date; kind: string; count: number; oldest: string; newest: string; rule: string }): Promise<void> {
    await q.query(
      `insert into culling_log (org_id, culled_on, culled_at, kind, count, oldest, newest, rule) values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (coalesce(org_id, '00000000-0000-0000-0000-000000000000'::uuid), culled_on, kind)
       do update set count = culling_log.count + excluded.count, culled_at = excluded.culled_at,
                     oldest = least(culling_log.oldest, excluded.oldest), newest = greatest(culling_log.newest, excluded.newest)`,
      [e.orgId, e.on, e.at, e.kind, e.count, e.oldest, e.newest, e.rule],
    );
  },

  async report(q: Queryable, orgId: string, limit: number) {
    return q.query<{ culled_on: string; culled_at: Date; kind: 'case_file' | 'concern' | 'tenancy' | 'audit'; count: number; oldest: string; newest: string; rule: string }>(
      'select culled_on::text, culled_at, kind, count, oldest::text, newest::text, rule from culling_log where org_id = $1 order by culled_at desc, id desc limit $2',
      [orgId, limit],
    );
  },

  /** The lock the audit linker takes (migration 0007), held to the end of the transaction. */
  async lockAuditChain(q: Queryable): Promise<void> {
    await q.query('select pg_advisory_xact_lock(72431002)');
  },

  /**
   * The audit log's part: linked rows logged before `before`, from the start of the chain, and never
   * younger than the owner's floor (audit_rules, migration 0039), which the cull function would refuse.
   */
  async auditCullable(q: Queryable, before: Date): Promise<{ seq: string; hash: string; count: number; oldest: string; newest: string } | undefined> {
    const [row] = await q.query<{ seq: string | null; hash: string | null; count: number; oldest: string | null; newest: string | null }>(
      `with keep as (select coalesce(min(chain_seq), (select max(chain_seq) + 1 from audit_log)) as first from audit_log
                     where chain_seq is not null and at >= least($1::timestamptz, now() - (select min_age from audit_rules))),
            gone as (select chain_seq, hash, at from audit_log where chain_seq is not null and chain_seq < (select first from keep)),
            last as (select chain_seq, hash from gone order by chain_seq desc limit 1)
       select (select chain_seq::text from last) as seq,
              (select hash from last) as hash,
              (select count(*)::int from gone) as count,
              (select ${STOCKHOLM_DAY('min(at)')}::text from gone) as oldest,
              (select ${STOCKHOLM_DAY('max(at)')}::text from gone) as newest`,
      [before],
    );
    if (!row?.seq || !row.hash || row.count === 0) return undefined;
    return { seq: row.seq, hash: row.hash, count: row.count, oldest: row.oldest!, newest: row.newest! };
  },

  /**
   * Moves the start of the chain to `seq` (the row's hash kept) and removes the rows up to it, through
   * the owner's function (migration 0039): the application's role cannot delete from the log itself.
   */
  async cullAudit(q: Queryable, seq: string, hash: string, at: Date): Promise<void> {
    await q.query('select audit_log_cull($1, $2, $3)', [seq, hash, at]);
  },
};
