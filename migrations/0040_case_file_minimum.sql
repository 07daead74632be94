-- Issue 12 §22 (review): a social-services personal file is kept at least five years after its last
-- entry (old SoL 12 kap 1 §, domain §8), so a municipality may lengthen the period but not shorten it
-- below that. A setting already below it keeps its files longer rather than fewer.
update organisations set case_file_years = 5 where case_file_years < 5;
alter table organisations drop constraint organisations_case_file_years_check;
alter table organisations add constraint organisations_case_file_years_check check (case_file_years between 5 and 50);
