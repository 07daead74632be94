-- Issue 4 §2: a household waiting for a home through the municipality, with its needs assessment
-- (kartläggning, Jönköping). The assessment is the household's state on the waiting list; a reassessment
-- replaces it and keeps the earlier one in needs_assessment_history.
create table housing_applicants (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references organisations (id),
  -- The social-services case of the household, when there is one.
  case_id uuid references cases (id),
  personnummer text not null check (personnummer ~ '^[0-9]{12}$'),
  name text not null check (length(name) between 1 and 200),
  adults int not null check (adults between 1 and 20),
  children_ages int[] not null default '{}',
  -- Why the household cannot get a home on the ordinary market, and what it has tried.
  reason text not null check (length(reason) between 1 and 4000),
  tried text not null default '' check (length(tried) <= 4000),
  incomes jsonb not null default '[]',
  debts bigint not null default 0 check (debts >= 0), -- öre
  payment_remarks boolean not null default false,
  -- Where the form asks for it (training apartments, Västerås): months without drugs.
  drug_free_months int check (drug_free_months between 0 and 600),
  support_needed text not null default '' check (length(support_needed) <= 4000),
  protected_identity boolean not null default false,
  domestic_violence boolean not null default false,
  avoid_areas text[] not null default '{}',
  needs_accessible boolean not null default false,
  min_rooms int not null check (min_rooms between 1 and 20),
  -- Socialstyrelsen's homelessness situations 1–4 (the national mapping of homelessness).
  homelessness_situation int not null check (homelessness_situation between 1 and 4),
  priority int not null check (priority >= 1),
  waiting_since date not null,
  status text not null default 'waiting' check (status in ('waiting', 'housed', 'withdrawn')),
  -- A household that declined an offer waits again from this day (the pause depends on the reason).
  paused_until date,
  pause_reason text,
  assessed_on date not null,
  assessed_by uuid references users (id),
  updated_at timestamptz not null default now()
);
create index housing_applicants_list on housing_applicants (municipality_id, status, priority desc, waiting_since);
create unique index housing_applicants_once on housing_applicants (municipality_id, personnummer) where status = 'waiting';

create table needs_assessment_history (
  id bigint generated always as identity primary key,
  applicant_id uuid not null references housing_applicants (id),
  assessment jsonb not null,
  replaced_at timestamptz not null default now(),
  replaced_by uuid references users (id)
);
create index needs_assessment_history_applicant on needs_assessment_history (applicant_id, id);

create table housing_declines (
  id uuid primary key default gen_random_uuid(),
  applicant_id uuid not null references housing_applicants (id),
  reason text not null,
  note text check (length(note) <= 2000),
  declined_on date not null,
  paused_until date not null,
  recorded_by uuid references users (id),
  recorded_at timestamptz not null default now()
);
create index housing_declines_applicant on housing_declines (applicant_id, declined_on);
