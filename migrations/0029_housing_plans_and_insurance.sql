-- Issue 4 §4: the three-party housing plan (boplan, Karlstad: tenant, landlord, municipality), revisable:
-- each revision is a new version and the earlier ones stay. And the home insurance with liability cover a
-- contract requires (Nynäshamn), checked at the start and at each renewal.
create table housing_plans (
  id uuid primary key default gen_random_uuid(),
  contract_id uuid not null references housing_contracts (id),
  version int not null check (version >= 1),
  tenant_part text not null check (length(tenant_part) between 1 and 4000),
  landlord_part text not null check (length(landlord_part) between 1 and 4000),
  municipality_part text not null check (length(municipality_part) between 1 and 4000),
  agreed_on date not null,
  written_by uuid references users (id),
  written_at timestamptz not null default now(),
  unique (contract_id, version)
);

create table contract_insurance (
  id uuid primary key default gen_random_uuid(),
  contract_id uuid not null references housing_contracts (id),
  insurer text not null check (length(insurer) between 1 and 200),
  policy_number text not null check (length(policy_number) between 1 and 100),
  liability_cover boolean not null check (liability_cover),
  valid_from date not null,
  valid_until date not null check (valid_until >= valid_from),
  checked_on date not null,
  checked_by uuid references users (id)
);
create index contract_insurance_contract on contract_insurance (contract_id, valid_until);
