-- Issue 12 §20: a journal entry's number was counted across every municipality, so each could infer
-- the others' volume from its own entries. An entry is now numbered within its case (1, 2, 3 …), which
-- is what a social worker cites ("Rättar #2"); seq keeps the order of writing and is never shown.
alter table journal_entries add column number int;
-- The entries already signed get their numbers once; the trigger that keeps them unchanged is lifted
-- for this one statement of the migration only.
alter table journal_entries disable trigger journal_entries_signed;
update journal_entries j set number = x.n
  from (select id, row_number() over (partition by case_id order by seq) as n from journal_entries) x
 where x.id = j.id;
alter table journal_entries enable trigger journal_entries_signed;
alter table journal_entries alter column number set not null;
alter table journal_entries add constraint journal_number_per_case unique (case_id, number);
