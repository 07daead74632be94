-- A concern that needs no case (another municipality's, already known, nothing about housing) is taken
-- out of the inbox with the reason and who decided, so the decision can be read back.
alter table concerns add column dismissed_reason text check (length(dismissed_reason) <= 500);
alter table concerns add column dismissed_by uuid references users (id);
alter table concerns add column dismissed_at timestamptz;
alter table concerns add constraint concerns_dismissed_whole check ((dismissed_reason is null) = (dismissed_at is null));
