-- Issue 4 §4: move-in and move-out inspections of a home on a social contract, with social services
-- present (Götene). Either party books one (a new date replaces the booked one until it is held); the
-- protocol says who was there, the remarks and any damage.
create table contract_inspections (
  id uuid primary key default gen_random_uuid(),
  contract_id uuid not null references housing_contracts (id),
  kind text not null check (kind in ('move_in', 'move_out')),
  scheduled_on date not null,
  booked_by uuid references users (id),
  booked_at timestamptz not null,
  held_on date,
  social_services_present boolean,
  tenant_present boolean,
  remarks text check (length(remarks) <= 4000),
  damages text check (length(damages) <= 4000),
  recorded_by uuid references users (id),
  recorded_at timestamptz,
  unique (contract_id, kind),
  check ((held_on is null) = (social_services_present is null))
);
