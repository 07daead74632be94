-- Issue 3 §3: "social assistance decision" is a category a consent can share, and the decisions it
-- shares: ekonomiskt bistånd (SoL 4 kap 1 §) towards the rent, granted or refused, and for which months.
alter table consents drop constraint consents_categories_check;
alter table consents add constraint consents_categories_check check (cardinality(categories) > 0
  and categories <@ array['case_open', 'contacts', 'payment_plan', 'action_plan', 'social_assistance', 'outcome']::text[]);

create table assistance_decisions (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  decided_on date not null,
  granted boolean not null,
  -- What is granted towards the rent (öre), and the months it covers.
  rent_amount bigint check (rent_amount > 0),
  period_from date,
  period_until date,
  note text check (length(note) <= 2000),
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  check (not granted or (rent_amount is not null and period_from is not null and period_until is not null)),
  check (period_until is null or period_from is null or period_until >= period_from)
);
create index assistance_decisions_case on assistance_decisions (case_id);
