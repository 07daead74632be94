-- Issue 14 §1: what became of an eviction matter at Kronofogden, the facts evictions are counted from.
-- One row per matter (Kronofogden's målnummer): the application received, withdrawn by the applicant
-- (återkallad), decided, carried out (verkställd) or not, each with its date. For one carried out,
-- Kronofogden's own statistics variables (domain section 8): the household, the children affected by how
-- they lived with the evicted parent (permanently, alternating, visiting), whether social services were
-- present. No personnummer and no address: a matter is a fact about the municipality and the landlord,
-- kept when the person's file is culled. The person stays in the notice (kfm_notices) and the case.
create table kfm_matters (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references organisations (id),
  case_number text not null,
  municipality_id uuid not null references organisations (id),
  -- Found from the home's address when Bokvar knows the tenancy; the applicant, as Kronofogden counts it.
  landlord_id uuid references organisations (id),
  area_id uuid references city_areas (id),
  received_on date,
  withdrawn_on date,
  decided_on date,
  carried_out_on date,
  not_carried_out_on date,
  household_type text check (household_type in ('single_woman', 'single_man', 'couple', 'other')),
  children_permanent int check (children_permanent between 0 and 30),
  children_alternating int check (children_alternating between 0 and 30),
  children_visiting int check (children_visiting between 0 and 30),
  social_services_present boolean,
  check ((carried_out_on is null) = (household_type is null)),
  check ((carried_out_on is null) = (children_permanent is null and children_alternating is null and children_visiting is null)),
  check ((carried_out_on is null) = (social_services_present is null)),
  check (carried_out_on is null or not_carried_out_on is null),
  updated_at timestamptz not null,
  unique (authority_id, case_number)
);
create index kfm_matters_municipality on kfm_matters (municipality_id);
create index kfm_matters_landlord on kfm_matters (landlord_id) where landlord_id is not null;

-- The landlord's own record of its applications to Kronofogden (issue 14 §1): when it applied, and
-- when it withdrew the application or the eviction was carried out. The landlord board's figures per
-- 1 000 homes count these; the tenancy may later be culled, the fact stays.
create table landlord_kfm_applications (
  id uuid primary key default gen_random_uuid(),
  landlord_id uuid not null references organisations (id),
  tenancy_id uuid references tenancies (id) on delete set null,
  applied_on date not null,
  case_number text check (length(case_number) between 1 and 40),
  withdrawn_on date check (withdrawn_on >= applied_on),
  carried_out_on date check (carried_out_on >= applied_on),
  check (withdrawn_on is null or carried_out_on is null),
  -- Null when the landlord's system recorded it with an API token.
  recorded_by uuid references users (id),
  recorded_at timestamptz not null,
  unique (tenancy_id, applied_on)
);
create index landlord_kfm_applications_landlord on landlord_kfm_applications (landlord_id, applied_on);
