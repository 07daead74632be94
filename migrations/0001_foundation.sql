-- Organisations, users, sessions, API tokens, the audit chain and the job ledger.

create table organisations (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('landlord', 'municipality', 'authority')),
  name text not null,
  -- allmännyttan: the municipal housing company
  municipal boolean not null default false,
  -- for a landlord: the municipality it mainly lets homes in (default kommunkod of its imports)
  municipality_id uuid references organisations (id),
  -- for a municipality: its four-digit kommunkod (SCB)
  municipality_code text check (municipality_code ~ '^[0-9]{4}$'),
  phone text,
  email text,
  created_at timestamptz not null default now(),
  check (kind = 'municipality' or municipality_code is null)
);
create unique index organisations_municipality_code on organisations (municipality_code) where municipality_code is not null;

create table city_areas (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references organisations (id),
  name text not null,
  unique (municipality_id, name)
);

create table users (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  email text not null,
  name text not null,
  role text not null,
  password_hash text not null,
  locale text not null default 'sv' check (locale in ('sv', 'en')),
  disabled_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index users_email on users (lower(email));

-- A session cookie holds a random token; only its SHA-256 is stored, so a database leak opens no session.
create table sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  token_hash text not null unique,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user on sessions (user_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  name text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- Append-only audit log. Every row carries the hash of the previous one, so a changed or removed
-- row breaks the chain (`bokvar audit verify`). Ids are given by the trigger under a lock, gapless.
create table audit_log (
  id bigint primary key,
  at timestamptz not null default clock_timestamp(),
  actor_user_id uuid,
  actor_token_id uuid,
  actor_org_id uuid,
  action text not null,
  subject_type text not null,
  subject_id text,
  reason text,
  details jsonb,
  prev_hash text not null,
  hash text not null
);
create index audit_log_subject on audit_log (subject_type, subject_id);
create index audit_log_org_at on audit_log (actor_org_id, at);

create function audit_row_hash(a audit_log) returns text language sql immutable as $$
  select encode(sha256(convert_to(concat_ws('|',
    a.id::text, a.prev_hash,
    to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    coalesce(a.actor_user_id::text, ''), coalesce(a.actor_token_id::text, ''), coalesce(a.actor_org_id::text, ''),
    a.action, a.subject_type, coalesce(a.subject_id, ''), coalesce(a.reason, ''), coalesce(a.details::text, '')
  ), 'UTF8')), 'hex')
$$;

create function audit_log_chain() returns trigger language plpgsql as $$
declare
  last_id bigint;
  last_hash text;
begin
  perform pg_advisory_xact_lock(72431002);
  select id, hash into last_id, last_hash from audit_log order by id desc limit 1;
  new.id := coalesce(last_id, 0) + 1;
  new.prev_hash := coalesce(last_hash, 'genesis');
  new.at := clock_timestamp();
  new.hash := audit_row_hash(new);
  return new;
end
$$;

create trigger audit_log_chain before insert on audit_log for each row execute function audit_log_chain();

create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end
$$;

create trigger audit_log_no_update before update or delete on audit_log for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_refuse_change();

-- One row per job and date: the unique key lets exactly one server run the daily job for a date.
create table job_runs (
  job text not null,
  run_date date not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  result jsonb,
  primary key (job, run_date)
);

-- Answers to requests sent with an Idempotency-Key, so a retried POST does its work once.
create table idempotency_keys (
  org_id uuid not null references organisations (id),
  key text not null,
  route text not null,
  status_code int not null,
  response jsonb not null,
  created_at timestamptz not null default now(),
  primary key (org_id, key)
);
