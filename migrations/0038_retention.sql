-- Issue 12 §22: nothing was ever deleted. Each organisation's retention periods (null: the default of
-- privacy/retention-rules.ts RETENTION_DEFAULTS), what the daily culling removed (counts and dates, never a
-- person), and the start of the audit chain once its oldest rows are culled by its own rule.
alter table organisations add column case_file_years int check (case_file_years between 1 and 50);
alter table organisations add column concern_months int check (concern_months between 1 and 120);
alter table organisations add column tenancy_months int check (tenancy_months between 1 and 240);

create table culling_log (
  id bigint generated always as identity primary key,
  org_id uuid references organisations (id),
  culled_on date not null,
  culled_at timestamptz not null,
  kind text not null check (kind in ('case_file', 'concern', 'tenancy', 'audit')),
  count int not null check (count > 0),
  -- The range of the dates the rule counted from (last entry, decision, end of tenancy, logged).
  oldest date not null,
  newest date not null,
  rule text not null check (length(rule) <= 200)
);
create index culling_log_org on culling_log (org_id, culled_at desc);

-- A file being culled: its journal entries may go, and only then (the trigger below). A case is
-- marked in the culling's own transaction, so the mark never outlives it.
alter table cases add column culling boolean not null default false;
alter table cases add constraint cases_culled_closed check (not culling or status = 'closed');

create or replace function journal_entries_signed() returns trigger language plpgsql as $$
begin
  -- Culling a closed file whose time is out (SoL: five years after the last entry) removes its entries;
  -- nothing else ever changes or removes a signed entry.
  if tg_op = 'DELETE' and exists (select 1 from cases c where c.id = old.case_id and c.culling and c.status = 'closed') then
    return old;
  end if;
  raise exception 'a signed journal entry is never changed or removed; write a correction (SOSFS 2014:5)'
    using errcode = 'restrict_violation';
end $$;

-- The audit log's own rule: its oldest rows are culled after their period, from the start of the chain.
-- The row before the first one kept is remembered (its position and hash), so the chain still verifies.
create table audit_chain_base (
  only_row boolean primary key default true check (only_row),
  chain_seq bigint not null,
  hash text not null,
  culled_at timestamptz not null
);

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
  -- Only rows at or before the recorded start of the chain may go: the culling records it first.
  if tg_op = 'DELETE' and old.chain_seq is not null
     and old.chain_seq <= (select chain_seq from audit_chain_base) then
    return old;
  end if;
  raise exception 'audit_log is append-only';
end
$$;

-- The start only moves forward, and only onto a row of the chain as it stands.
create function audit_chain_base_check() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'audit_chain_base is kept';
  end if;
  if tg_op = 'UPDATE' and new.chain_seq <= old.chain_seq then
    raise exception 'the start of the audit chain only moves forward';
  end if;
  if not exists (select 1 from audit_log where chain_seq = new.chain_seq and hash = new.hash) then
    raise exception 'the start of the audit chain must be a row of the chain';
  end if;
  return new;
end
$$;
create trigger audit_chain_base_check before insert or update or delete on audit_chain_base
  for each row execute function audit_chain_base_check();

-- One line per organisation, day and kind in the report.
create unique index culling_log_day on culling_log (coalesce(org_id, '00000000-0000-0000-0000-000000000000'::uuid), culled_on, kind);

-- The linker goes on from the last row linked, or from the recorded start when every earlier row is culled.
create or replace function audit_log_link(max_rows int) returns int language plpgsql as $$
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
  if last_seq is null then
    select chain_seq, hash into last_seq, last_hash from audit_chain_base;
  end if;
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
