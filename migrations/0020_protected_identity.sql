-- Issue 3 §3: the case of a person with protected identity (skyddade personuppgifter) is seen only by
-- the social workers named on it, and its address never appears in lists, letters to others or exports.
alter table cases add column protected_identity boolean not null default false;

create table case_workers (
  case_id uuid not null references cases (id),
  user_id uuid not null references users (id),
  added_by uuid references users (id),
  added_at timestamptz not null default now(),
  primary key (case_id, user_id)
);
create index case_workers_user on case_workers (user_id);
