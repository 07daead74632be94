-- Issue 3 §3: the cooperation agreement between a municipality and a landlord says from which step of
-- the landlord's collection routine its arrears list is shared with social services before any notice.
-- No row: nothing is shared before the statutory notice (the default).
create table arrears_sharing (
  landlord_id uuid not null references organisations (id),
  municipality_id uuid not null references organisations (id),
  from_step text not null check (length(from_step) between 1 and 64),
  set_by uuid references users (id),
  set_at timestamptz not null default now(),
  primary key (landlord_id, municipality_id)
);
create index arrears_sharing_municipality on arrears_sharing (municipality_id);
