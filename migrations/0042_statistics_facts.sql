-- The facts figures are counted against (issue 14 §1). A municipality's inhabitants per year, in
-- total and aged 0–17, set by its administrator or read from SCB's table: the denominators of
-- evictions per 10 000 inhabitants and children affected per 100 000 children (as Kolada publishes
-- them). A landlord's number of homes per year: the denominator of terminations, applications to
-- Kronofogden and evictions per 1 000 homes. Neither is about a person.
create table municipality_population (
  municipality_id uuid not null references organisations (id),
  year int not null check (year between 1968 and 2100),
  inhabitants int not null check (inhabitants > 0),
  children int not null check (children >= 0 and children <= inhabitants),
  source text not null check (source in ('entered', 'scb')),
  set_by uuid references users (id),
  set_at timestamptz not null,
  primary key (municipality_id, year)
);

create table landlord_homes (
  landlord_id uuid not null references organisations (id),
  year int not null check (year between 1968 and 2100),
  homes int not null check (homes > 0),
  set_by uuid references users (id),
  set_at timestamptz not null,
  primary key (landlord_id, year)
);
