-- Issue 12 §1: a flood of the public form must not bury the concerns that matter. Anonymous concerns are
-- counted per municipality and in all over the last hour, from this table itself, so the budget holds
-- across servers and restarts; the inbox reads new concerns by priority, then time, a page at a time.
create index concerns_public_recent on concerns (received_at) where source = 'public';
create index concerns_public_recent_municipality on concerns (municipality_id, received_at) where source = 'public';
create index concerns_new_by_flags on concerns (municipality_id, children, violence, mental_health, received_at) where status = 'new';
