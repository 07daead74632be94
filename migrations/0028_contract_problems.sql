-- Issue 4 §4: a problem the landlord reports on a social contract (disturbance, damage, unpaid rent)
-- starts the response clock the cooperation agreement guarantees (Karlstad: social services answer within
-- 48 hours). The landlord sees its status; an answer later than promised, or none by then, is a breach.
create table contract_problems (
  id uuid primary key default gen_random_uuid(),
  contract_id uuid not null references housing_contracts (id),
  landlord_id uuid not null references organisations (id),
  description text not null check (length(description) between 1 and 4000),
  reported_by uuid references users (id),
  reported_at timestamptz not null,
  respond_by timestamptz not null,
  response text check (length(response) <= 4000),
  responded_by uuid references users (id),
  responded_at timestamptz,
  check ((response is null) = (responded_at is null))
);
create index contract_problems_contract on contract_problems (contract_id, reported_at);
create index contract_problems_open on contract_problems (respond_by) where responded_at is null;
