-- Issue 3 §2: the case. A municipality's case about a household, opened from what came into the inbox
-- (a concern, a statutory notice); a second item about the same home joins the open case. Its journal
-- follows SOSFS 2014:5: chronological, dated, written and signed by its author without delay; a signed
-- entry is never changed or removed, only corrected by a new entry that points to it.
create table cases (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references organisations (id),
  -- The household's home, when a landlord in Bokvar has the tenancy; else only the address is known.
  tenancy_id uuid references tenancies (id),
  address text not null,
  area_id uuid references city_areas (id),
  status text not null default 'open' check (status in ('open', 'closed')),
  opened_at timestamptz not null default now(),
  opened_by uuid references users (id),
  closed_at timestamptz
);
create unique index cases_open_per_tenancy on cases (municipality_id, tenancy_id) where status = 'open' and tenancy_id is not null;
create index cases_municipality on cases (municipality_id, status, opened_at);

-- What brought the household in: each concern or notice belongs to at most one case.
create table case_intake (
  case_id uuid not null references cases (id),
  concern_id uuid unique references concerns (id),
  notice_id uuid unique references notices (id),
  added_at timestamptz not null default now(),
  check ((concern_id is null) <> (notice_id is null))
);
create index case_intake_case on case_intake (case_id);

create table journal_entries (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  -- The order entries were written in (SOSFS 2014:5: chronological).
  seq bigint generated always as identity,
  -- The day what is written about happened; written_at is when it was written and signed.
  event_date date not null,
  body text not null check (length(body) between 1 and 20000),
  author_id uuid not null references users (id),
  author_name text not null,
  written_at timestamptz not null default now(),
  corrects uuid references journal_entries (id),
  check (corrects is null or corrects <> id)
);
create index journal_case on journal_entries (case_id, seq);

create function journal_entries_signed() returns trigger language plpgsql as $$
begin
  raise exception 'a signed journal entry is never changed or removed; write a correction (SOSFS 2014:5)'
    using errcode = 'restrict_violation';
end $$;
create trigger journal_entries_signed before update or delete on journal_entries
  for each row execute function journal_entries_signed();
create trigger journal_entries_no_truncate before truncate on journal_entries
  for each statement execute function journal_entries_signed();
