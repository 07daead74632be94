-- Issue 3 §1: one way in. A concern about a household, from the public page (no login), a landlord's or
-- caretaker's own login, or a call the social worker logs; it lands in the municipality's inbox with
-- the statutory notices, routed to the social worker responsible for the city area (Västerås).
alter table city_areas add column responsible_user_id uuid references users (id);

create table concerns (
  id uuid primary key default gen_random_uuid(),
  -- What the reporter is given back; random (model.ts newConcernReference), so it reveals nothing.
  reference text not null unique,
  municipality_id uuid not null references organisations (id),
  area_id uuid references city_areas (id),
  address text not null,
  contract_number text,
  -- Matched from the address or contract number when a landlord in Bokvar has the tenancy; never told
  -- to the reporter.
  tenancy_id uuid references tenancies (id),
  what text not null,
  children boolean not null default false,
  mental_health boolean not null default false,
  violence boolean not null default false,
  contact text,
  source text not null check (source in ('public', 'landlord', 'caretaker', 'phone')),
  reported_by uuid references users (id),
  reporter_org_id uuid references organisations (id),
  -- SHA-256 of the public form's client id: a resent form gives the same reference, not a second concern.
  client_key text,
  received_at timestamptz not null default now(),
  status text not null default 'new' check (status in ('new', 'handled'))
);
create index concerns_inbox on concerns (municipality_id, status, received_at);
create index concerns_client on concerns (client_key, received_at) where client_key is not null;
