-- Issue 4 §3: a matching round. The housing coordinator asks for proposals; Bokvar matches the waiting
-- list to the homes on offer (src/housing/matching.ts) and keeps what it read and what it answered, so a
-- round can always be explained and run again. The coordinator approves or sets aside each proposal; the
-- landlord accepts or declines an approved one with a reason.
create table matching_rounds (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references organisations (id),
  -- The input as bokvar match reads it, and the answer it gave (with the reasons of those left out).
  input jsonb not null,
  answer jsonb not null,
  created_by uuid references users (id),
  created_at timestamptz not null default now()
);
create index matching_rounds_municipality on matching_rounds (municipality_id, created_at);

create table housing_proposals (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references matching_rounds (id),
  applicant_id uuid not null references housing_applicants (id),
  home_id uuid not null references offered_homes (id),
  landlord_id uuid not null references organisations (id),
  -- Why this household and this home, in words (each rule the pair meets).
  explanation text[] not null,
  status text not null default 'proposed' check (status in ('proposed', 'approved', 'set_aside', 'accepted', 'declined')),
  decided_by uuid references users (id),
  decided_at timestamptz,
  landlord_answer_by uuid references users (id),
  landlord_answer_at timestamptz,
  -- The landlord's reason for declining (its right to choose its tenants, with a reason).
  decline_reason text check (length(decline_reason) <= 2000),
  check ((status = 'declined') = (decline_reason is not null))
);
create index housing_proposals_round on housing_proposals (round_id);
create index housing_proposals_landlord on housing_proposals (landlord_id, status);
-- A home and a household are in at most one live proposal at a time.
create unique index housing_proposals_home_live on housing_proposals (home_id) where status in ('proposed', 'approved', 'accepted');
create unique index housing_proposals_applicant_live on housing_proposals (applicant_id) where status in ('proposed', 'approved', 'accepted');
