-- Why the rent was not paid, wherever a contact reaches the household (issue 14 §1): the landlord's
-- outreach and social services' contacts, from one fixed list (src/collection/model.ts
-- NONPAYMENT_REASONS) with free text beside it. Only a contact that reached the household has one.
alter table outreach
  add column nonpayment_reason text check (nonpayment_reason in (
    'forgot', 'income_lost', 'payment_delayed', 'other_debts', 'illness', 'household_change', 'disputes_rent', 'will_not_say', 'other')),
  add column nonpayment_note text check (length(nonpayment_note) <= 500),
  add constraint outreach_nonpayment_reached check (nonpayment_reason is null or reached);

alter table case_contacts
  add column nonpayment_reason text check (nonpayment_reason in (
    'forgot', 'income_lost', 'payment_delayed', 'other_debts', 'illness', 'household_change', 'disputes_rent', 'will_not_say', 'other')),
  add column nonpayment_note text check (length(nonpayment_note) <= 500),
  add constraint case_contacts_nonpayment_reached check (nonpayment_reason is null or reached is true);
