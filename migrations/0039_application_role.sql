-- Issue 12 §6: the role the application runs as owned audit_log, so it could disable the triggers and
-- shorten or rewrite the chain. With a separate owner (BOKVAR_DATABASE_OWNER_URL, platform/roles.ts)
-- the migrations run as the owner and the application's role may only read the log and add rows;
-- linking and culling go through the functions below, which run as the owner and keep the rules.
alter function audit_log_link(int) security definer set search_path = public;

-- The youngest a culled audit row may be, whatever the application asks (its own setting,
-- BOKVAR_AUDIT_RETENTION_YEARS, is at least this). Only the owner changes it.
create table audit_rules (
  only_row boolean primary key default true check (only_row),
  min_age interval not null
);
insert into audit_rules (min_age) values (interval '2 years');

-- Culls the chain from its start through `through` (whose hash the caller read), recording the new
-- start; returns the rows removed. Refuses rows younger than audit_rules.min_age.
create function audit_log_cull(through bigint, through_hash text, culled timestamptz) returns int
language plpgsql security definer set search_path = public as $$
declare
  n int;
begin
  perform pg_advisory_xact_lock(72431002);
  if exists (select 1 from audit_log where chain_seq <= through and at > now() - (select min_age from audit_rules)) then
    raise exception 'audit rows younger than the audit log''s own period are kept' using errcode = 'restrict_violation';
  end if;
  insert into audit_chain_base (chain_seq, hash, culled_at) values (through, through_hash, culled)
    on conflict (only_row) do update set chain_seq = excluded.chain_seq, hash = excluded.hash, culled_at = excluded.culled_at;
  delete from audit_log where chain_seq <= through;
  get diagnostics n = row_count;
  return n;
end
$$;
