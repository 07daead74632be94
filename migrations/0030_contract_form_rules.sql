-- Issue 4 §4: each contract form's own rules. A step may carry a rent guarantee (months of rent the
-- municipality guarantees the landlord over the step's trial: required for a rent guarantee, possible with
-- a support agreement). A transfer of the lease names the step the household moves to when the landlord
-- accepts (the household holds the lease from then: a support agreement, a rent guarantee or its own
-- lease); transfers proposed before this migration led to the own lease.
alter table ladder_steps add column guarantee_months int check (guarantee_months between 1 and 24);
alter table housing_transfers add column to_step_id uuid references ladder_steps (id);
-- The order transfers of one contract were proposed in (several may be proposed the same day after a refusal).
alter table housing_transfers add column seq bigint generated always as identity;
-- When the contract came onto its present step: a guarantee runs from then, and time on step counts from then.
alter table housing_contracts add column step_started_on date;
update housing_contracts c set step_started_on = coalesce(
  (select max(r.reviewed_on) from contract_reviews r where r.contract_id = c.id and r.decision = 'step_up' and r.to_step_id = c.step_id), c.started_on);
alter table housing_contracts alter column step_started_on set not null;

-- A waiting household withdrawn from the list (found a home of its own, moved away, no longer wants one):
-- the reason is kept.
alter table housing_applicants add column withdrawn_reason text check (length(withdrawn_reason) <= 2000);
alter table housing_applicants add column withdrawn_on date;
