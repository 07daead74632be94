-- Idempotency keys belong to one actor (a user or an API token), not to the whole organisation: another
-- user of the same organisation sending the same key gets its own answer, never someone else's.
-- A key is reserved before the work starts (status_code 0, no response yet) so two requests sent at
-- once cannot both do it; body_sha256 refuses the same key for a different request body.
alter table idempotency_keys add column actor_id text not null default '';
alter table idempotency_keys add column body_sha256 text;
alter table idempotency_keys alter column response drop not null;
alter table idempotency_keys drop constraint idempotency_keys_pkey;
alter table idempotency_keys add primary key (org_id, actor_id, key);
-- Error answers were kept before and replayed to every retry; only 2xx answers are kept from now on.
delete from idempotency_keys where status_code not between 200 and 299;
