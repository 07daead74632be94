-- Issue 12 §13: a per-account back-off. Failed logins are counted by the SHA-256 of the lower-cased
-- e-mail address, known or not, so that the back-off does not tell which addresses have an account; it
-- holds across servers and restarts. A login that succeeds removes the row.
create table login_failures (
  email_sha256 text primary key,
  failures int not null check (failures > 0),
  last_failed_at timestamptz not null
);
