-- Issue 3 §2: contacts with the household — letter, SMS, call, home visit — each with whether the
-- household was reached, the date and part of day (so the next attempt can differ) and the outcome. A
-- home visit is booked for a time first; a letter announcing it and a contact card print as PDF.
create table case_contacts (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  kind text not null check (kind in ('letter', 'sms', 'call', 'visit')),
  -- A booked visit: when. Null for contacts logged after the fact.
  planned_at timestamptz,
  -- When it happened; null while a booked visit is still ahead.
  contact_date date,
  part_of_day text check (part_of_day in ('morning', 'afternoon', 'evening')),
  reached boolean,
  outcome text check (outcome in ('payment_plan', 'support_offered', 'referred_to_debt_advice', 'declined_help', 'no_agreement')),
  note text check (length(note) <= 4000),
  -- Nynäshamn: landlord and social services visit together.
  joint_with_landlord boolean not null default false,
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  check (kind = 'visit' or planned_at is null),
  check ((contact_date is null) = (reached is null)),
  check (outcome is null or reached)
);
create index case_contacts_case on case_contacts (case_id, created_at);
