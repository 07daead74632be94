-- Issue 3 §1: an early referral from a landlord, before any notice, allowed only with the tenant's
-- recorded consent (domain section 3). The landlord records who consented, when and how; the referral
-- carries what the ledger said when it was sent.
create table early_referrals (
  id uuid primary key default gen_random_uuid(),
  landlord_id uuid not null references organisations (id),
  tenancy_id uuid not null references tenancies (id),
  municipality_id uuid not null references organisations (id),
  reason text not null check (length(reason) between 1 and 2000),
  amount_owed bigint not null,
  oldest_due date,
  consent_personnummer text not null check (consent_personnummer ~ '^[0-9]{12}$'),
  consent_given_on date not null,
  consent_how text not null check (consent_how in ('signed_form', 'in_person', 'phone')),
  created_by uuid not null references users (id),
  created_at timestamptz not null default now()
);
create index early_referrals_municipality on early_referrals (municipality_id, created_at);
create index early_referrals_tenancy on early_referrals (tenancy_id);

alter table case_intake add column referral_id uuid unique references early_referrals (id);
alter table case_intake drop constraint case_intake_one_item;
alter table case_intake add constraint case_intake_one_item check (num_nonnulls(concern_id, notice_id, kfm_notice_id, referral_id) = 1);
