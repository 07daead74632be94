-- Issue 3 §2. Children: every case with children carries a child's-best-interest assessment (SoL,
-- barnkonventionen art. 3), and a case with children cannot reach an action plan or close without one.
create table child_assessments (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  assessed_on date not null,
  -- What is best for the children in this household, and how the children's own views were sought.
  assessment text not null check (length(assessment) between 1 and 20000),
  children_heard boolean not null,
  author_id uuid not null references users (id),
  author_name text not null,
  written_at timestamptz not null default now()
);
create index child_assessments_case on child_assessments (case_id);

-- Handlingsplan (Västerås): goals, tasks with an owner and a due date, a review date. The landlord can
-- ask for one for a tenant with recurring problems.
create table action_plans (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  goals text not null check (length(goals) between 1 and 4000),
  review_on date not null,
  created_by uuid not null references users (id),
  created_at timestamptz not null default now()
);
create index action_plans_case on action_plans (case_id);

create table action_plan_tasks (
  plan_id uuid not null references action_plans (id),
  seq int not null check (seq >= 1),
  what text not null check (length(what) between 1 and 500),
  owner text not null check (owner in ('tenant', 'social_services', 'landlord', 'debt_advice', 'other')),
  due_on date not null,
  primary key (plan_id, seq)
);

create table action_plan_requests (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  landlord_id uuid not null references organisations (id),
  reason text not null check (length(reason) between 1 and 2000),
  requested_by uuid not null references users (id),
  requested_at timestamptz not null default now()
);
create index action_plan_requests_case on action_plan_requests (case_id);

-- Closing: an outcome from a fixed list (at least as precise as the Dutch model, domain section 6);
-- what the landlord is told of it is derived (coarse unless the household consented to more).
alter table cases
  add column outcome text check (outcome in (
    'paid', 'payment_plan', 'social_assistance', 'quick_fix', 'referred_financial', 'referred_other', 'emergency_referral',
    'other_support_running', 'known_to_debt_advice', 'never_reached', 'no_reaction', 'declined_help', 'moved', 'evicted', 'deceased',
    'not_taken_up_repeat', 'not_taken_up_threshold', 'not_taken_up_other')),
  add column closing_note text check (length(closing_note) <= 4000),
  add column closed_by uuid references users (id),
  add constraint cases_closed_with_outcome check ((status = 'closed') = (outcome is not null and closed_at is not null));

-- Whether the tenancy still holds 6 and 12 months after the case closed (domain section 3).
create table case_follow_ups (
  case_id uuid not null references cases (id),
  months int not null check (months in (6, 12)),
  tenancy_holds boolean not null,
  note text check (length(note) <= 2000),
  recorded_by uuid not null references users (id),
  recorded_at timestamptz not null default now(),
  primary key (case_id, months)
);
