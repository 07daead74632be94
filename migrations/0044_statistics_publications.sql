-- Issue 14 §7: a municipality publishes its key figures of a year to the other municipalities in Bokvar,
-- side by side as Kolada does. Only figures, hidden by the same rule as on its own page; nothing is
-- published until its administrator says so, and it can be taken back.
create table statistics_publications (
  municipality_id uuid not null references organisations (id),
  year int not null check (year between 1968 and 2100),
  published_by uuid references users (id),
  published_at timestamptz not null,
  primary key (municipality_id, year)
);
