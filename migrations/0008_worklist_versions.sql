-- Each landlord's worklist has a version that moves on with every committed change to what the list
-- shows (items, promises, tenancies, tenants, notices). A server keeps the pages it has built for a
-- version and answers from them while the version stands: building a page walks every open item of the
-- landlord (about 9 ms for 1 100 households on PostgreSQL), reading the version is one index lookup.
--
-- The triggers are deferred to commit, so the version row is locked only while a transaction commits,
-- after every other lock it takes: two transactions never wait for each other on it in a cycle. Each
-- transaction moves a landlord's version once, however many rows it changed.
create table worklist_versions (
  landlord_id uuid primary key references organisations (id),
  version bigint not null
);

create function worklist_changed() returns trigger language plpgsql as $$
declare
  landlord uuid;
  flag text;
begin
  if tg_table_name = 'tenants' then
    select t.landlord_id into landlord from tenancies t
     where t.id = case when tg_op = 'DELETE' then old.tenancy_id else new.tenancy_id end;
  elsif tg_op = 'DELETE' then
    landlord := old.landlord_id;
  else
    landlord := new.landlord_id;
  end if;
  if landlord is null then
    return null;
  end if;
  flag := 'bokvar.worklist_' || replace(landlord::text, '-', '');
  if current_setting(flag, true) = 'moved' then
    return null;
  end if;
  perform set_config(flag, 'moved', true);
  insert into worklist_versions (landlord_id, version) values (landlord, 1)
  on conflict (landlord_id) do update set version = worklist_versions.version + 1;
  return null;
end
$$;

create constraint trigger worklist_items_changed after insert or update or delete on worklist_items
  deferrable initially deferred for each row execute function worklist_changed();
create constraint trigger outreach_changed after insert or update or delete on outreach
  deferrable initially deferred for each row execute function worklist_changed();
create constraint trigger notices_changed after insert or update or delete on notices
  deferrable initially deferred for each row execute function worklist_changed();
create constraint trigger tenancies_changed after insert or update or delete on tenancies
  deferrable initially deferred for each row execute function worklist_changed();
create constraint trigger tenants_changed after insert or update or delete on tenants
  deferrable initially deferred for each row execute function worklist_changed();
