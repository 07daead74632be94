-- Issue 12 §14: an e-mail address was unique across all organisations, so one organisation's admin
-- could test whether an address exists in another ("E-postadressen används redan"). It is unique
-- within an organisation; a person with accounts in two (a consultant, a shared office) tells them
-- apart at login by the password, or by choosing the organisation (access/service.ts login).
drop index users_email;
create unique index users_email_per_org on users (org_id, lower(email));
create index users_email on users (lower(email));
