-- The audit chain is linked after commit by one linker, no longer under a lock held until every audited
-- transaction commits. That lock serialised every audited request of the whole system: 50 concurrent
-- readers on PostgreSQL got about 1 400 audited transactions a second with a p99 of 50 ms for the
-- audit row alone (bench/README.md, worklist).
--
-- A row is now written unlinked (chain_seq, prev_hash and hash null) in the caller's transaction, with its
-- id from a sequence and no lock. `audit_log_link` (run by the server every second, by the bokvar command
-- before it closes, and before every verification) takes the rows committed since, in id order, and gives
-- each the next position in the chain, the previous row's hash and its own hash: the only update the
-- table allows, once per row. Rows already linked keep their positions (chain_seq = id) and hashes.

alter table audit_log add column chain_seq bigint unique;
alter table audit_log alter column prev_hash drop not null;
alter table audit_log alter column hash drop not null;
alter table audit_log disable trigger audit_log_no_update;
update audit_log set chain_seq = id;
alter table audit_log enable trigger audit_log_no_update;
create index audit_log_unlinked on audit_log (id) where chain_seq is null;

create sequence audit_log_id_seq owned by audit_log.id;
select setval('audit_log_id_seq', coalesce((select max(id) from audit_log), 0) + 1, false);
alter table audit_log alter column id set default nextval('audit_log_id_seq');

drop trigger audit_log_chain on audit_log;
drop function audit_log_chain();

create function audit_log_stamp() returns trigger language plpgsql as $$
begin
  new.id := nextval('audit_log_id_seq');
  new.at := clock_timestamp();
  new.chain_seq := null;
  new.prev_hash := null;
  new.hash := null;
  return new;
end
$$;
create trigger audit_log_stamp before insert on audit_log for each row execute function audit_log_stamp();

-- Append-only: no delete, no truncate, and the one update is linking an unlinked row without touching
-- what it says.
create or replace function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and old.chain_seq is null and new.chain_seq is not null
     and new.prev_hash is not null and new.hash is not null
     and (new.id, new.at, new.actor_user_id, new.actor_token_id, new.actor_org_id, new.action, new.subject_type,
          new.subject_id, new.reason, new.details::text)
         is not distinct from
         (old.id, old.at, old.actor_user_id, old.actor_token_id, old.actor_org_id, old.action, old.subject_type,
          old.subject_id, old.reason, old.details::text)
  then
    return new;
  end if;
  raise exception 'audit_log is append-only';
end
$$;

-- Links up to max_rows committed rows; returns how many. One linker at a time (the same advisory lock
-- the old trigger took): a second caller returns 0 at once and the rows are linked by the first.
create function audit_log_link(max_rows int) returns int language plpgsql as $$
declare
  last_seq bigint;
  last_hash text;
  r audit_log;
  n int := 0;
begin
  if not pg_try_advisory_xact_lock(72431002) then
    return 0;
  end if;
  select chain_seq, hash into last_seq, last_hash from audit_log where chain_seq is not null order by chain_seq desc limit 1;
  for r in select * from audit_log where chain_seq is null order by id limit max_rows loop
    r.chain_seq := coalesce(last_seq, 0) + 1;
    r.prev_hash := coalesce(last_hash, 'genesis');
    r.hash := audit_row_hash(r);
    update audit_log set chain_seq = r.chain_seq, prev_hash = r.prev_hash, hash = r.hash where id = r.id;
    last_seq := r.chain_seq;
    last_hash := r.hash;
    n := n + 1;
  end loop;
  return n;
end
$$;
