-- Issue 4 §1: cooperation agreements (samarbetsavtal) between a municipality and a landlord on homes for
-- people who cannot get a lease on the ordinary market, and the vacant homes a landlord offers under one.
create table housing_agreements (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references organisations (id),
  landlord_id uuid not null references organisations (id),
  name text not null check (length(name) between 1 and 200),
  target_groups text[] not null default '{}',
  -- The commitment: a number of homes a year (Göteborg), or a share of the landlord's stock (Jönköping,
  -- Karlstad) or of last year's turnover of homes (Götene), the share of `commitment_base` homes.
  commitment_kind text not null check (commitment_kind in ('homes_per_year', 'share_of_stock', 'share_of_turnover')),
  commitment_homes int check (commitment_homes between 0 and 100000),
  commitment_share numeric(5, 4) check (commitment_share > 0 and commitment_share <= 1),
  commitment_base int check (commitment_base between 0 and 10000000),
  check ((commitment_kind = 'homes_per_year') = (commitment_homes is not null)),
  check ((commitment_kind = 'homes_per_year') = (commitment_share is null and commitment_base is null)),
  -- Areas where no home is offered under the agreement (Jönköping: vulnerable areas).
  excluded_areas text[] not null default '{}',
  -- The incomes the landlord counts, and the largest share of them the rent may be.
  accepted_income_types text[] not null check (cardinality(accepted_income_types) > 0 and accepted_income_types <@
    array['salary', 'pension', 'social_assistance', 'housing_allowance', 'activity_compensation', 'student_aid']::text[]),
  max_rent_share numeric(4, 3) not null check (max_rent_share > 0 and max_rent_share <= 1),
  -- Göteborg: the landlord may not refuse a transfer of the lease without cause (a refusal needs a reason).
  transfer_refusal_needs_cause boolean not null default false,
  -- How soon social services answer the landlord about a problem (Karlstad: 48 hours).
  response_hours int not null check (response_hours between 1 and 720),
  valid_from date not null,
  valid_until date check (valid_until >= valid_from),
  review_dates date[] not null default '{}',
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index housing_agreements_municipality on housing_agreements (municipality_id);
create index housing_agreements_landlord on housing_agreements (landlord_id);

create table offered_homes (
  id uuid primary key default gen_random_uuid(),
  agreement_id uuid not null references housing_agreements (id),
  landlord_id uuid not null references organisations (id),
  address text not null check (length(address) between 1 and 200),
  area text not null check (length(area) between 1 and 100),
  rooms int not null check (rooms between 1 and 20),
  size_m2 numeric(6, 1) not null check (size_m2 > 0 and size_m2 < 10000),
  rent bigint not null check (rent >= 0), -- öre a month
  floor int not null check (floor between -5 and 100),
  lift boolean not null,
  accessible boolean not null,
  available_from date not null,
  -- The landlord's own tenancy of the home, when its ledger is in Bokvar: a contract's review reads from
  -- it whether the rent was paid on time (issue 4 §4).
  tenancy_id uuid references tenancies (id),
  -- let: a proposal for it was accepted (issue 4 §3).
  status text not null default 'offered' check (status in ('offered', 'withdrawn', 'let')),
  offered_by uuid references users (id),
  offered_at timestamptz not null default now(),
  withdrawn_at timestamptz
);
create index offered_homes_agreement on offered_homes (agreement_id, offered_at);
