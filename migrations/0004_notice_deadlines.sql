-- The legal dates of a statutory notice, kept with it so the worklist and the social services' inbox
-- can show and sort by them; the municipality it was delivered to in Bokvar, if it uses Bokvar.

alter table notices add column recovery_deadline date;
alter table notices add column earliest_eviction_decision date;
alter table notices add column municipality_id uuid references organisations (id);
alter table notices add column recovery_right boolean not null default true;
create index notices_open_deadline on notices (recovery_deadline) where status = 'delivered';
