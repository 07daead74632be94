-- Issue 3 §5: versions of what social services read, as migration 0008 gave the landlord's worklist.
-- A server keeps the answers it has built (the inbox, a page of the case list, a case with its
-- timeline) under the versions of everything they were built from, and answers from them while those
-- versions stand: checking them is one index lookup each, building a case view is some 25 statements.
--
-- A scope is a municipality (its inbox and case list: intake and every case in it), a case (its view),
-- or the directory (the one row 00000000-…: users, organisations and city areas, whose names appear in
-- every answer). Landlord data (tenancies, tenants, notices, the ledger, the routine) is versioned by
-- worklist_versions. As in 0008 the triggers are deferred to commit (the version row is locked only
-- while a transaction commits, after every other lock it takes) and move each scope once per
-- transaction.
create table casework_versions (
  scope uuid primary key,
  version bigint not null
);

create function casework_version_move(moved uuid) returns void language plpgsql as $$
begin
  -- Once per transaction: the row this transaction has moved already carries its id as xmin. (A flag
  -- per scope in a setting, as 0008 does per landlord, costs time growing with the number of flags on
  -- PostgreSQL, and a transaction may touch 50 000 cases.)
  update casework_versions v set version = v.version + 1
   where v.scope = moved and v.xmin::text::bigint <> (txid_current() & 4294967295);
  if not found then
    insert into casework_versions (scope, version) values (moved, 1) on conflict (scope) do nothing;
  end if;
end
$$;

-- tg_argv[0] says how a row finds its case or municipality:
--   case          the row is a case (id, municipality_id)
--   case_id       the row has case_id
--   payment_plan  the row has plan_id of a payment plan
--   action_plan   the row has plan_id of an action plan
--   municipality  the row has municipality_id (intake: concerns, notices, Kronofogden, referrals)
--   directory     users, organisations, city areas
create function casework_changed() returns trigger language plpgsql as $$
declare
  r jsonb := to_jsonb(case when tg_op = 'DELETE' then old else new end);
  case_id uuid;
  municipality uuid;
begin
  if tg_argv[0] = 'directory' then
    perform casework_version_move('00000000-0000-0000-0000-000000000000');
    return null;
  elsif tg_argv[0] = 'municipality' then
    municipality := (r->>'municipality_id')::uuid;
  elsif tg_argv[0] = 'case' then
    case_id := (r->>'id')::uuid;
    municipality := (r->>'municipality_id')::uuid;
  else
    if tg_argv[0] = 'case_id' then
      case_id := (r->>'case_id')::uuid;
    elsif tg_argv[0] = 'payment_plan' then
      select p.case_id into case_id from payment_plans p where p.id = (r->>'plan_id')::uuid;
    elsif tg_argv[0] = 'action_plan' then
      select p.case_id into case_id from action_plans p where p.id = (r->>'plan_id')::uuid;
    end if;
    select c.municipality_id into municipality from cases c where c.id = case_id;
  end if;
  if case_id is not null then
    perform casework_version_move(case_id);
  end if;
  if municipality is not null then
    perform casework_version_move(municipality);
  end if;
  return null;
end
$$;

create constraint trigger casework_cases after insert or update or delete on cases
  deferrable initially deferred for each row execute function casework_changed('case');
create constraint trigger casework_case_intake after insert or update or delete on case_intake
  deferrable initially deferred for each row execute function casework_changed('case_id');
create constraint trigger casework_journal_entries after insert on journal_entries
  deferrable initially deferred for each row execute function casework_changed('case_id');
create constraint trigger casework_case_contacts after insert or update or delete on case_contacts
  deferrable initially deferred for each row execute function casework_changed('case_id');
create constraint trigger casework_case_persons after insert or update or delete on case_persons
  deferrable initially deferred for each row execute function casework_changed('case_id');
create constraint trigger casework_consents after insert or update or delete on consents
  deferrable initially deferred for each row execute function casework_changed('case_id');
create constraint trigger casework_payment_plans after insert or update or delete on payment_plans
  deferrable initially deferred for each row execute function casework_changed('case_id');
create constraint trigger casework_payment_plan_instalments after insert or update or delete on payment_plan_instalments
  deferrable initially deferred for each row execute function casework_changed('payment_plan');
create constraint trigger casework_case_tasks after insert or update or delete on case_tasks
  deferrable initially deferred for each row execute function casework_changed('case_id');
create constraint trigger casework_child_assessments after insert or update or delete on child_assessments
  deferrable initially deferred for each row execute function casework_changed('case_id');
create constraint trigger casework_action_plans after insert or update or delete on action_plans
  deferrable initially deferred for each row execute function casework_changed('case_id');
create constraint trigger casework_action_plan_tasks after insert or update or delete on action_plan_tasks
  deferrable initially deferred for each row execute function casework_changed('action_plan');
create constraint trigger casework_action_plan_requests after insert or update or delete on action_plan_requests
  deferrable initially deferred for each row execute function casework_changed('case_id');
create constraint trigger casework_case_follow_ups after insert or update or delete on case_follow_ups
  deferrable initially deferred for each row execute function casework_changed('case_id');
create constraint trigger casework_eviction_days after insert or update or delete on eviction_days
  deferrable initially deferred for each row execute function casework_changed('case_id');
create constraint trigger casework_debt_consultations after insert or update or delete on debt_consultations
  deferrable initially deferred for each row execute function casework_changed('case_id');
create constraint trigger casework_case_workers after insert or update or delete on case_workers
  deferrable initially deferred for each row execute function casework_changed('case_id');
create constraint trigger casework_assistance_decisions after insert or update or delete on assistance_decisions
  deferrable initially deferred for each row execute function casework_changed('case_id');

create constraint trigger casework_concerns after insert or update or delete on concerns
  deferrable initially deferred for each row execute function casework_changed('municipality');
create constraint trigger casework_notices after insert or update or delete on notices
  deferrable initially deferred for each row execute function casework_changed('municipality');
create constraint trigger casework_kfm_notices after insert or update or delete on kfm_notices
  deferrable initially deferred for each row execute function casework_changed('municipality');
create constraint trigger casework_early_referrals after insert or update or delete on early_referrals
  deferrable initially deferred for each row execute function casework_changed('municipality');

create constraint trigger casework_users after insert or update or delete on users
  deferrable initially deferred for each row execute function casework_changed('directory');
create constraint trigger casework_organisations after insert or update or delete on organisations
  deferrable initially deferred for each row execute function casework_changed('directory');
create constraint trigger casework_city_areas after insert or update or delete on city_areas
  deferrable initially deferred for each row execute function casework_changed('directory');

-- What a case shows of the landlord's side moves the landlord's worklist version too: an accepted
-- import of the ledger (arrears today) and a changed routine (the steps of the timeline).
create constraint trigger imports_changed after insert on imports
  deferrable initially deferred for each row execute function worklist_changed();
create constraint trigger routines_changed after insert or update or delete on routines
  deferrable initially deferred for each row execute function worklist_changed();
