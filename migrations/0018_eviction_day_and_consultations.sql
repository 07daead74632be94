-- Issue 3 §2. The eviction day (Västerås): Kronofogden's date and time; social services offer to be
-- present, ask "do you need help", try to book a time the same day, and call back two days later.
create table eviction_days (
  case_id uuid not null references cases (id),
  kfm_notice_id uuid not null references kfm_notices (id),
  presence_offered boolean not null,
  attending boolean not null,
  -- A time booked with social services the same day.
  booked_at timestamptz,
  note text check (length(note) <= 2000),
  recorded_by uuid not null references users (id),
  recorded_at timestamptz not null default now(),
  primary key (case_id, kfm_notice_id)
);

-- Hyresskuldsamråd (Västerås) for families with children: the meeting, who took part, what was agreed.
-- The landlord often takes part, which removes secrecy obstacles.
create table debt_consultations (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  held_on date not null,
  participants text not null check (length(participants) between 1 and 1000),
  landlord_took_part boolean not null,
  agreements text not null check (length(agreements) between 1 and 4000),
  created_by uuid not null references users (id),
  created_at timestamptz not null default now()
);
create index debt_consultations_case on debt_consultations (case_id);
