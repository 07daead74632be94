-- Tenancies, their tenants and the rent ledger, as imported from landlord systems.

create table tenancies (
  id uuid primary key default gen_random_uuid(),
  landlord_id uuid not null references organisations (id),
  contract_number text not null,
  object_number text,
  address text not null,
  postal_code text,
  city text,
  municipality_code text not null check (municipality_code ~ '^[0-9]{4}$'),
  area text,
  adults int check (adults >= 0),
  children int check (children >= 0),
  monthly_rent bigint not null check (monthly_rent >= 0),
  start_date date not null,
  end_date date,
  -- hyresratt | andrahand | privatuthyrning (lag 2026:772: no recovery right)
  letting_form text not null default 'hyresratt' check (letting_form in ('hyresratt', 'andrahand', 'privatuthyrning')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (landlord_id, contract_number)
);

-- The persons holding the lease; position 1 is the first named tenant.
create table tenants (
  tenancy_id uuid not null references tenancies (id),
  personnummer text not null check (personnummer ~ '^[0-9]{12}$'),
  name text not null,
  phone text,
  email text,
  position int not null,
  primary key (tenancy_id, personnummer)
);
create index tenants_personnummer on tenants (personnummer);

create table ledger_entries (
  id bigint generated always as identity primary key,
  landlord_id uuid not null references organisations (id),
  tenancy_id uuid not null references tenancies (id),
  -- charge (avi), payment (betalning), credit (kreditering); amounts in öre as in the file
  kind text not null check (kind in ('charge', 'payment', 'credit')),
  booked_on date not null,
  due_date date,
  amount bigint not null,
  reference text not null,
  check (kind <> 'charge' or due_date is not null),
  unique (landlord_id, reference)
);
create index ledger_entries_tenancy on ledger_entries (tenancy_id, kind, due_date);

create table imports (
  id uuid primary key default gen_random_uuid(),
  landlord_id uuid not null references organisations (id),
  kind text not null check (kind in ('tenancies', 'transactions')),
  file_sha256 text not null,
  file_name text,
  accepted boolean not null,
  counts jsonb not null,
  problems jsonb not null default '[]',
  created_by uuid references users (id),
  created_at timestamptz not null default now()
);
create index imports_landlord on imports (landlord_id, created_at desc);
