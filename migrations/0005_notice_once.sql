-- One notice per tenancy, termination date and reason: sending the same notice twice is refused.
create unique index notices_once on notices (tenancy_id, termination_date, reason) where status <> 'withdrawn';
