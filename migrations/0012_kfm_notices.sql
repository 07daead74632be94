-- Issue 3 §1: Kronofogden's notices to social services, one of the ways in: an application for eviction
-- received, or an eviction date set (domain section 2: Kronofogden sends the eviction date to the tenant,
-- the landlord and social services). Entered by the authority's liaison in the web app or posted by
-- Kronofogden's system with an API token; a notice sent twice is kept once.
create table kfm_notices (
  id uuid primary key default gen_random_uuid(),
  authority_id uuid not null references organisations (id),
  municipality_id uuid not null references organisations (id),
  kind text not null check (kind in ('application', 'eviction_date')),
  -- Kronofogden's own case number (målnummer).
  case_number text not null,
  personnummer text not null,
  address text not null,
  landlord_name text,
  -- For an eviction date: when Kronofogden will carry it out (date and time).
  eviction_at timestamptz,
  check ((kind = 'eviction_date') = (eviction_at is not null)),
  tenancy_id uuid references tenancies (id),
  area_id uuid references city_areas (id),
  received_at timestamptz not null default now(),
  unique nulls not distinct (authority_id, case_number, kind, eviction_at)
);
create index kfm_notices_municipality on kfm_notices (municipality_id, received_at);

alter table case_intake add column kfm_notice_id uuid unique references kfm_notices (id);
alter table case_intake drop constraint case_intake_check;
alter table case_intake add constraint case_intake_one_item check (num_nonnulls(concern_id, notice_id, kfm_notice_id) = 1);
