-- Issue 4 §4: rent guarantees. When a contract comes onto a step whose form carries a guarantee, the
-- municipality guarantees the landlord that many months of the home's rent over the step's trial
-- (Karlstad: three months' rent over one year). The landlord claims under it for rent due on given dates;
-- each claim is checked against the landlord's ledger where the home's tenancy is in Bokvar, and against
-- what is left of the guarantee; the municipality pays (never more than the check allows) or rejects with
-- a reason.
create table rent_guarantees (
  id uuid primary key default gen_random_uuid(),
  contract_id uuid not null references housing_contracts (id),
  step_id uuid not null references ladder_steps (id),
  months int not null check (months between 1 and 24),
  monthly_rent bigint not null check (monthly_rent >= 0),
  amount bigint not null check (amount >= 0),
  valid_from date not null,
  valid_until date not null check (valid_until >= valid_from),
  created_at timestamptz not null default now(),
  unique (contract_id, valid_from)
);

create table guarantee_claims (
  id uuid primary key default gen_random_uuid(),
  guarantee_id uuid not null references rent_guarantees (id),
  landlord_id uuid not null references organisations (id),
  due_dates date[] not null check (cardinality(due_dates) between 1 and 24),
  amount bigint not null check (amount > 0),
  description text check (length(description) <= 2000),
  -- What the ledger showed still unpaid of the rent claimed when the claim came (null: no ledger in Bokvar).
  ledger_unpaid bigint,
  -- What may be paid: at most the amount, what was left of the guarantee and what the ledger showed unpaid.
  payable bigint not null check (payable >= 0),
  claimed_by uuid references users (id),
  claimed_at timestamptz not null,
  status text not null default 'claimed' check (status in ('claimed', 'paid', 'rejected')),
  paid_amount bigint check (paid_amount >= 0),
  decision_reason text check (length(decision_reason) <= 2000),
  decided_by uuid references users (id),
  decided_at timestamptz
);
create index guarantee_claims_guarantee on guarantee_claims (guarantee_id, status);
create index guarantee_claims_landlord on guarantee_claims (landlord_id, claimed_at);
