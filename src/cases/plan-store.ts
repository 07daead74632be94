// What is agreed and done in a case: payment plans and their instalments, tasks, social assistance
// towards the rent, and action plans (also as the landlord asks for one).
import type { Queryable } from '../platform/database.ts';
import type { ActionOwner, InstalmentState } from './model.ts';
import { SEES_PROTECTED } from './case-store.ts';

export interface PlanRow {
  id: string;
  case_id: string;
  tenancy_id: string;
  debt: number;
  agreed_on: string;
  agreed_with: string;
  status: 'active' | 'kept' | 'broken' | 'cancelled';
  broken_on: string | null;
  created_by_name: string;
  created_at: Date;
  instalments: { seq: number; due_date: string; amount: number; allowed_owed: number; status: InstalmentState }[];
}

export interface TaskRow {
  id: string;
  case_id: string;
  /** Null for a case of a person with protected identity: its address is never in a list. */
  address: string | null;
  kind: string;
  title: string;
  due_on: string;
  assigned_to: string | null;
  assigned_name: string | null;
  done_at: Date | null;
}

export interface ActionPlanRow {
  id: string;
  goals: string;
  review_on: string;
  created_by_name: string;
  created_at: Date;
  tasks: { seq: number; what: string; owner: ActionOwner; due_on: string }[];
}

export interface AssistanceDecisionRow {
  id: string;
  decided_on: string;
  granted: boolean;
  rent_amount: number | null;
  period_from: string | null;
  period_until: string | null;
  note: string | null;
  created_by_name: string;
}

export const planStore = {
  async insertAssistanceDecision(
    q: Queryable,
    d: { caseId: string; decidedOn: string; granted: boolean; rentAmount: number | null; periodFrom: string | null; periodUntil: string | null; note: string | null; by: string },
  ): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into assistance_decisions (case_id, decided_on, granted, rent_amount, period_from, period_until, note, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [d.caseId, d.decidedOn, d.granted, d.rentAmount, d.periodFrom, d.periodUntil, d.note, d.by],
    );
    return row!.id;
  },

  async assistanceDecisions(q: Queryable, caseId: string): Promise<AssistanceDecisionRow[]> {
    return q.query<AssistanceDecisionRow>(
      `select d.id, d.decided_on, d.granted, d.rent_amount, d.period_from, d.period_until, d.note, u.name as created_by_name
         from assistance_decisions d join users u on u.id = d.created_by where d.case_id = $1 order by d.decided_on, d.created_at`,
      [caseId],
    );
  },

  /** Marks done the task one step made (a visit recorded). */
  async finishTaskOfSource(q: Queryable, caseId: string, kind: string, sourceId: string, by: string | null): Promise<void> {
    await q.query('update case_tasks set done_at = now(), done_by = $4 where case_id = $1 and kind = $2 and source_id = $3 and done_at is null', [caseId, kind, sourceId, by]);
  },

  async insertActionPlan(q: Queryable, p: { caseId: string; goals: string; reviewOn: string; createdBy: string; tasks: { what: string; owner: ActionOwner; dueOn: string }[] }): Promise<string> {
    const [row] = await q.query<{ id: string }>('insert into action_plans (case_id, goals, review_on, created_by) values ($1, $2, $3, $4) returning id', [
      p.caseId, p.goals, p.reviewOn, p.createdBy,
    ]);
    await q.query(
      `insert into action_plan_tasks (plan_id, seq, what, owner, due_on)
       select $1, x.seq, x.what, x.owner, x.due from unnest($2::text[], $3::text[], $4::date[]) with ordinality as x (what, owner, due, seq)`,
      [row!.id, p.tasks.map((t) => t.what), p.tasks.map((t) => t.owner), p.tasks.map((t) => t.dueOn)],
    );
    return row!.id;
  },

  async actionPlans(q: Queryable, caseId: string): Promise<ActionPlanRow[]> {
    return q.query<ActionPlanRow>(
      `select p.id, p.goals, p.review_on, u.name as created_by_name, p.created_at,
              coalesce((select json_agg(json_build_object('seq', t.seq, 'what', t.what, 'owner', t.owner, 'due_on', t.due_on) order by t.seq)
                          from action_plan_tasks t where t.plan_id = p.id), '[]') as tasks
         from action_plans p join users u on u.id = p.created_by where p.case_id = $1 order by p.created_at desc`,
      [caseId],
    );
  },

  async insertActionPlanRequest(q: Queryable, r: { caseId: string; landlordId: string; reason: string; requestedBy: string }): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      'insert into action_plan_requests (case_id, landlord_id, reason, requested_by) values ($1, $2, $3, $4) returning id',
      [r.caseId, r.landlordId, r.reason, r.requestedBy],
    );
    return row!.id;
  },

  async actionPlanRequests(q: Queryable, caseId: string): Promise<{ id: string; landlord_name: string; reason: string; requested_by_name: string; requested_at: Date }[]> {
    return q.query(
      `select r.id, o.name as landlord_name, r.reason, u.name as requested_by_name, r.requested_at
         from action_plan_requests r join organisations o on o.id = r.landlord_id join users u on u.id = r.requested_by
        where r.case_id = $1 order by r.requested_at`,
      [caseId],
    );
  },

  /** Marks the open task a step made done (the follow-up recorded, the request answered). */
  async finishTaskOf(q: Queryable, caseId: string, kind: string, by: string): Promise<void> {
    await q.query('update case_tasks set done_at = now(), done_by = $3 where case_id = $1 and kind = $2 and done_at is null', [caseId, kind, by]);
  },

  async insertPlan(
    q: Queryable,
    p: { caseId: string; tenancyId: string; debt: number; agreedOn: string; agreedWith: string; createdBy: string; instalments: { dueDate: string; amount: number; allowedOwed: number }[] },
  ): Promise<string> {
    const [row] = await q.query<{ id: string }>(
      `insert into payment_plans (case_id, tenancy_id, debt, agreed_on, agreed_with, created_by) values ($1, $2, $3, $4, $5, $6) returning id`,
      [p.caseId, p.tenancyId, p.debt, p.agreedOn, p.agreedWith, p.createdBy],
    );
    await q.query(
      `insert into payment_plan_instalments (plan_id, seq, due_date, amount, allowed_owed)
       select $1, x.seq, x.due, x.amount, x.allowed from unnest($2::date[], $3::bigint[], $4::bigint[]) with ordinality as x (due, amount, allowed, seq)`,
      [row!.id, p.instalments.map((i) => i.dueDate), p.instalments.map((i) => i.amount), p.instalments.map((i) => i.allowedOwed)],
    );
    return row!.id;
  },

  async plans(q: Queryable, caseIds: string[]): Promise<PlanRow[]> {
    if (caseIds.length === 0) return [];
    return q.query<PlanRow>(
      `select p.id, p.case_id, p.tenancy_id, p.debt, p.agreed_on, p.agreed_with, p.status, p.broken_on, u.name as created_by_name, p.created_at,
              (select json_agg(json_build_object('seq', i.seq, 'due_date', i.due_date, 'amount', i.amount, 'allowed_owed', i.allowed_owed, 'status', i.status) order by i.seq)
                 from payment_plan_instalments i where i.plan_id = p.id) as instalments
         from payment_plans p join users u on u.id = p.created_by
        where p.case_id = any ($1::uuid[]) order by p.created_at desc`,
      [caseIds],
    );
  },

  /** Cancels the case's active plan (a new agreement replaces it); false when there is none. */
  async cancelPlan(q: Queryable, caseId: string, planId: string): Promise<boolean> {
    const rows = await q.query("update payment_plans set status = 'cancelled' where case_id = $1 and id = $2 and status = 'active' returning id", [caseId, planId]);
    return rows.length > 0;
  },

  /** Instalments of active plans fallen due and not yet settled: the daily check's work. */
  async instalmentsToCheck(q: Queryable, date: string): Promise<{ plan_id: string; seq: number; case_id: string; tenancy_id: string; due_date: string; allowed_owed: number; status: InstalmentState }[]> {
    return q.query(
      `select i.plan_id, i.seq, p.case_id, p.tenancy_id, i.due_date, i.allowed_owed, i.status
         from payment_plan_instalments i join payment_plans p on p.id = i.plan_id
        where i.status in ('pending', 'overdue') and i.due_date <= $1 and p.status = 'active'`,
      [date],
    );
  },

  async setInstalmentStates(q: Queryable, rows: { planId: string; seq: number; status: InstalmentState }[], date: string): Promise<void> {
    if (rows.length === 0) return;
    await q.query(
      `update payment_plan_instalments i set status = x.status, checked_on = $4
         from unnest($1::uuid[], $2::int[], $3::text[]) as x (plan_id, seq, status)
        where i.plan_id = x.plan_id and i.seq = x.seq`,
      [rows.map((r) => r.planId), rows.map((r) => r.seq), rows.map((r) => r.status), date],
    );
  },

  /** Every instalment state of these plans, for deciding each plan's own state. */
  async instalmentStates(q: Queryable, planIds: string[]): Promise<Map<string, InstalmentState[]>> {
    const byPlan = new Map<string, InstalmentState[]>();
    if (planIds.length === 0) return byPlan;
    const rows = await q.query<{ plan_id: string; status: InstalmentState }>(
      'select plan_id, status from payment_plan_instalments where plan_id = any ($1::uuid[]) order by plan_id, seq',
      [planIds],
    );
    for (const r of rows) byPlan.set(r.plan_id, [...(byPlan.get(r.plan_id) ?? []), r.status]);
    return byPlan;
  },

  async setPlanStates(q: Queryable, rows: { planId: string; status: 'kept' | 'broken' }[], date: string): Promise<void> {
    if (rows.length === 0) return;
    await q.query(
      `update payment_plans p set status = x.status, broken_on = case when x.status = 'broken' then $3::date end
         from unnest($1::uuid[], $2::text[]) as x (id, status) where p.id = x.id and p.status = 'active'`,
      [rows.map((r) => r.planId), rows.map((r) => r.status), date],
    );
  },

  /** A task Bokvar makes itself is made once per case, kind and source (a re-run adds nothing). */
  async insertTasks(q: Queryable, tasks: { caseId: string; kind: string; title: string; dueOn: string; assignedTo: string | null; sourceId: string | null }[]): Promise<string[]> {
    if (tasks.length === 0) return [];
    const rows = await q.query<{ id: string }>(
      `insert into case_tasks (case_id, kind, title, due_on, assigned_to, source_id)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::uuid[], $6::uuid[])
       on conflict (case_id, kind, source_id) where source_id is not null do nothing returning id`,
      [tasks.map((t) => t.caseId), tasks.map((t) => t.kind), tasks.map((t) => t.title), tasks.map((t) => t.dueOn), tasks.map((t) => t.assignedTo), tasks.map((t) => t.sourceId)],
    );
    return rows.map((r) => r.id);
  },

  /** Open tasks of the municipality due by a date (overdue and the coming days), soonest first. */
  async openTasks(q: Queryable, municipalityId: string, userId: string | null, until: string, limit: number): Promise<TaskRow[]> {
    return q.query<TaskRow>(
      `select t.id, t.case_id, case when c.protected_identity then null else c.address end as address, t.kind, t.title, t.due_on, t.assigned_to,
              u.name as assigned_name, t.done_at
         from case_tasks t join cases c on c.id = t.case_id left join users u on u.id = t.assigned_to
        where c.municipality_id = $1 and t.done_at is null and t.due_on <= $2 and ${SEES_PROTECTED.replace('$user', '$4')}
        order by t.due_on, t.created_at limit $3`,
      [municipalityId, until, limit, userId],
    );
  },

  async caseTasks(q: Queryable, caseId: string): Promise<TaskRow[]> {
    return q.query<TaskRow>(
      `select t.id, t.case_id, c.address, t.kind, t.title, t.due_on, t.assigned_to, u.name as assigned_name, t.done_at
         from case_tasks t join cases c on c.id = t.case_id left join users u on u.id = t.assigned_to
        where t.case_id = $1 order by t.done_at nulls first, t.due_on`,
      [caseId],
    );
  },

  /** Marks a task of the municipality done; false when there is no such open task. */
  async finishTask(q: Queryable, municipalityId: string, id: string, by: string): Promise<boolean> {
    const rows = await q.query(
      `update case_tasks t set done_at = now(), done_by = $3 from cases c
        where t.id = $2 and c.id = t.case_id and c.municipality_id = $1 and t.done_at is null returning t.id`,
      [municipalityId, id, by],
    );
    return rows.length > 0;
  },
};
