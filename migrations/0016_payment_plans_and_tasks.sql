-- Issue 3 §2: a payment plan agreed with the landlord, its instalments checked every day against the
-- imported ledger (kept, late, broken); a broken plan alerts the social worker and the landlord.
create table payment_plans (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  -- The ledger the plan is checked against.
  tenancy_id uuid not null references tenancies (id),
  -- What the household owed when the plan was agreed (öre); each instalment brings it down.
  debt bigint not null check (debt > 0),
  agreed_on date not null,
  agreed_with text not null check (length(agreed_with) between 1 and 200),
  status text not null default 'active' check (status in ('active', 'kept', 'broken', 'cancelled')),
  broken_on date,
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  check ((status = 'broken') = (broken_on is not null))
);
create index payment_plans_case on payment_plans (case_id);
create index payment_plans_active on payment_plans (status) where status = 'active';

create table payment_plan_instalments (
  plan_id uuid not null references payment_plans (id),
  seq int not null check (seq >= 1),
  due_date date not null,
  amount bigint not null check (amount > 0),
  -- The most the household may owe on the due date once this instalment is paid: the debt less every
  -- instalment up to this one (rent falling due meanwhile must be paid as well).
  allowed_owed bigint not null check (allowed_owed >= 0),
  status text not null default 'pending' check (status in ('pending', 'kept', 'late', 'overdue', 'broken')),
  checked_on date,
  primary key (plan_id, seq)
);
create index payment_plan_instalments_open on payment_plan_instalments (due_date) where status in ('pending', 'overdue');

-- Issue 3 §2: every dated step creates a task; overdue and next-7-days views. A task made by Bokvar
-- itself names its source, so the daily run never makes it twice.
create table case_tasks (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  kind text not null check (kind in ('plan_broken', 'visit', 'action_plan_review', 'eviction_day', 'eviction_follow_up', 'follow_up_6m', 'follow_up_12m', 'manual')),
  title text not null check (length(title) between 1 and 300),
  due_on date not null,
  assigned_to uuid references users (id),
  source_id uuid,
  created_at timestamptz not null default now(),
  done_at timestamptz,
  done_by uuid references users (id)
);
create unique index case_tasks_once on case_tasks (case_id, kind, source_id) where source_id is not null;
create index case_tasks_open on case_tasks (due_on) where done_at is null;
-- One plan at a time per case: a new agreement replaces the old one (cancelled first).
create unique index payment_plans_one_active on payment_plans (case_id) where status = 'active';
