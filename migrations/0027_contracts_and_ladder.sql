-- Issue 4 §4: the municipality's housing ladder and the contracts households hold on it. Each step has a
-- contract form, a trial period, the conditions for stepping up and who decides; families with children
-- may skip a step where the municipality says so (Västerås: straight to a support agreement). A
-- contract's review falls due when its trial ends; the review's decision (step up, extend, end) is kept
-- with its reasons.
create table ladder_steps (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references organisations (id),
  position int not null check (position between 1 and 20),
  form text not null check (form in ('social_contract', 'training_apartment', 'support_agreement', 'municipal_contract', 'short_contract',
    'rent_guarantee', 'housing_first', 'emergency_placement', 'own_lease')),
  name text not null check (length(name) between 1 and 200),
  trial_months int check (trial_months between 1 and 60),
  conditions text[] not null default '{}' check (conditions <@ array['no_disturbance', 'no_late_rent', 'visits_accepted', 'drug_free']::text[]),
  decided_by text not null check (decided_by in ('social_services', 'landlord', 'joint')),
  children_may_skip boolean not null default false,
  unique (municipality_id, position)
);

create table housing_contracts (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references organisations (id),
  applicant_id uuid not null references housing_applicants (id),
  home_id uuid not null references offered_homes (id),
  step_id uuid not null references ladder_steps (id),
  started_on date not null,
  -- When the step's trial ends and the contract is to be reviewed (null on the last step: an own lease).
  review_on date,
  -- transfer_proposed: the trial on the last step before the own lease ended without remarks and the
  -- transfer of the lease (överlåtelse) waits for the landlord's answer.
  status text not null default 'active' check (status in ('active', 'transfer_proposed', 'ended', 'own_lease')),
  created_by uuid references users (id),
  created_at timestamptz not null default now()
);
create unique index housing_contracts_home_active on housing_contracts (home_id) where status in ('active', 'transfer_proposed');
create index housing_contracts_review on housing_contracts (municipality_id, status, review_on);

create table contract_reviews (
  id uuid primary key default gen_random_uuid(),
  contract_id uuid not null references housing_contracts (id),
  reviewed_on date not null,
  decision text not null check (decision in ('step_up', 'extend', 'end')),
  reasons text not null check (length(reasons) between 1 and 4000),
  -- Each condition of the step and whether it was met.
  conditions jsonb not null,
  from_step_id uuid not null references ladder_steps (id),
  to_step_id uuid references ladder_steps (id),
  next_review_on date,
  decided_by uuid references users (id),
  decided_at timestamptz not null default now()
);
create index contract_reviews_contract on contract_reviews (contract_id, reviewed_on);

-- The transfer of the lease to the tenant (överlåtelse), proposed to the landlord when the trial ends
-- without remarks; the landlord's answer is kept, a refusal with its reason (needed where the agreement
-- says so).
create table housing_transfers (
  id uuid primary key default gen_random_uuid(),
  contract_id uuid not null references housing_contracts (id),
  landlord_id uuid not null references organisations (id),
  proposed_on date not null,
  status text not null default 'proposed' check (status in ('proposed', 'accepted', 'refused')),
  reason text check (length(reason) <= 2000),
  answered_by uuid references users (id),
  answered_at timestamptz
);
create unique index housing_transfers_open on housing_transfers (contract_id) where status = 'proposed';
create index housing_transfers_landlord on housing_transfers (landlord_id, status);
