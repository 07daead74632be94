-- Collection routines, the daily worklist, outreach and promises, SMS outbox, statutory notices.

create table routines (
  landlord_id uuid primary key references organisations (id),
  name text not null,
  template_key text,
  steps jsonb not null,
  updated_at timestamptz not null default now(),
  updated_by uuid references users (id)
);

-- One item per tenancy, routine step and unpaid due date: a re-run of the daily job adds nothing twice.
create table worklist_items (
  id bigint generated always as identity primary key,
  landlord_id uuid not null references organisations (id),
  tenancy_id uuid not null references tenancies (id),
  step_key text not null,
  anchor_due_date date not null,
  action text not null,
  actor text not null,
  due_on date not null,
  window_end date,
  first_listed_on date not null,
  status text not null default 'open' check (status in ('open', 'done', 'resolved')),
  amount_owed bigint not null,
  months_owed numeric(6, 2) not null,
  days_late int not null,
  bank_days_late int not null,
  priority int not null,
  priority_reasons text[] not null default '{}',
  broken_promise boolean not null default false,
  done_at timestamptz,
  done_by uuid references users (id),
  resolved_on date,
  unique (tenancy_id, step_key, anchor_due_date)
);
create index worklist_items_open on worklist_items (landlord_id, status, due_on);

create table outreach (
  id uuid primary key default gen_random_uuid(),
  landlord_id uuid not null references organisations (id),
  tenancy_id uuid not null references tenancies (id),
  worklist_item_id bigint references worklist_items (id),
  kind text not null check (kind in ('call', 'sms', 'letter', 'visit')),
  reached boolean not null,
  contact_date date not null,
  part_of_day text check (part_of_day in ('morning', 'afternoon', 'evening')),
  outcome text check (outcome in ('promise_to_pay', 'wants_payment_plan', 'referred_to_social_services', 'disputes_debt', 'no_agreement')),
  promise_amount bigint check (promise_amount > 0),
  promise_date date,
  -- pending until the daily run after the promise date checks it: kept or broken
  promise_status text check (promise_status in ('pending', 'kept', 'broken')),
  note text,
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  check ((outcome = 'promise_to_pay') = (promise_amount is not null and promise_date is not null))
);
create index outreach_tenancy on outreach (tenancy_id, contact_date desc);
create index outreach_pending_promises on outreach (promise_date) where promise_status = 'pending';

create table sms_outbox (
  id uuid primary key default gen_random_uuid(),
  landlord_id uuid not null references organisations (id),
  tenancy_id uuid references tenancies (id),
  idempotency_key text not null,
  to_phone text not null,
  body text not null,
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
  provider text,
  provider_message_id text,
  error text,
  attempts int not null default 0,
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  unique (landlord_id, idempotency_key)
);
create index sms_outbox_queued on sms_outbox (status, created_at) where status = 'queued';

-- The local SMS sink (development default): what would have reached the phone.
create table sms_sink (
  id uuid primary key default gen_random_uuid(),
  from_name text not null,
  to_phone text not null,
  body text not null,
  received_at timestamptz not null default now()
);

-- Statutory notice to the social welfare board (JB 12 kap 44 §, formulär 3 förordning 1978:314).
create table notices (
  id uuid primary key default gen_random_uuid(),
  landlord_id uuid not null references organisations (id),
  tenancy_id uuid not null references tenancies (id),
  municipality_code text not null,
  reason text not null check (reason in ('arrears', 'disturbance', 'neglect')),
  termination_date date not null,
  amount_owed bigint not null,
  owed_by_month jsonb not null,
  landlord_contact jsonb not null,
  served_on_tenant date,
  delivered_to_board date,
  recovered_on date,
  status text not null default 'delivered' check (status in ('delivered', 'recovered', 'withdrawn')),
  created_by uuid references users (id),
  created_at timestamptz not null default now()
);
create index notices_tenancy on notices (tenancy_id);
create index notices_municipality on notices (municipality_code, created_at desc);
