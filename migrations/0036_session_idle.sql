-- Issue 12 §21: a session ends after a while without use, not only after its 7 days; how long is a
-- setting of the organisation (null: its kind's default, access/model.ts SESSION_IDLE_DEFAULTS). The
-- user sees their own sessions, from which browser and when last used, and may end any of them.
alter table sessions add column last_seen_at timestamptz;
update sessions set last_seen_at = created_at;
alter table sessions alter column last_seen_at set not null;
alter table sessions add column user_agent text check (length(user_agent) <= 200);
alter table organisations add column session_idle_minutes int check (session_idle_minutes between 5 and 1440);
