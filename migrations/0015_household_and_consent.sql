-- Issue 3 §2: a case belongs to a household — persons by personnummer, children by age.
create table case_persons (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  relation text not null check (relation in ('tenant', 'adult', 'child')),
  -- Adults are known by personnummer; a child may be known only by year of birth (its age).
  personnummer text check (personnummer ~ '^[0-9]{12}$'),
  name text check (length(name) <= 200),
  birth_year int check (birth_year between 1900 and 2200),
  added_by uuid references users (id),
  added_at timestamptz not null default now(),
  check (relation = 'child' or personnummer is not null),
  check (personnummer is not null or birth_year is not null)
);
create unique index case_persons_once on case_persons (case_id, personnummer) where personnummer is not null;
create index case_persons_case on case_persons (case_id);
create index case_persons_personnummer on case_persons (personnummer) where personnummer is not null;

-- Issue 3 §3, OSL 26 kap 1 §: social services share nothing without the person's consent. A consent
-- names the person, the data categories, the recipients, the purpose and the period; it can be
-- withdrawn. It takes effect once documented: a scan of the signed form, or the signed paper form filed.
create table consents (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  person_id uuid not null references case_persons (id),
  categories text[] not null check (cardinality(categories) > 0
    and categories <@ array['case_open', 'contacts', 'payment_plan', 'action_plan', 'outcome']::text[]),
  -- Named organisations (a landlord, Kronofogden) and/or the municipality's budget and debt advice.
  recipient_org_ids uuid[] not null default '{}',
  to_debt_advice boolean not null default false,
  purpose text not null check (length(purpose) between 1 and 1000),
  valid_from date not null,
  valid_until date not null,
  recorded_by uuid not null references users (id),
  recorded_at timestamptz not null default now(),
  documented_as text check (documented_as in ('scan', 'paper')),
  documented_at timestamptz,
  documented_by uuid references users (id),
  scan bytea,
  scan_type text check (scan_type in ('application/pdf', 'image/jpeg', 'image/png')),
  withdrawn_at timestamptz,
  withdrawn_by uuid references users (id),
  withdrawn_note text check (length(withdrawn_note) <= 1000),
  check (valid_until >= valid_from),
  check (cardinality(recipient_org_ids) > 0 or to_debt_advice),
  check ((documented_as is null) = (documented_at is null)),
  check ((documented_as = 'scan') = (scan is not null and scan_type is not null))
);
create index consents_case on consents (case_id);
create index consents_recipients on consents using gin (recipient_org_ids);
