// The daily jobs' claims (job_runs, migration 0001): each job runs once per date, even with several
// servers, because the claim is written in the same transaction as the job's work.
import type { Queryable } from './database.ts';

/** Claims a job for a date; false when it has already run (or another server committed it first). */
export async function claimJobRun(q: Queryable, job: string, date: string): Promise<boolean> {
  return (await q.query('insert into job_runs (job, run_date) values ($1, $2) on conflict do nothing returning 1', [job, date])).length > 0;
}

/** Marks a claimed job done, keeping what it did. */
export async function finishJobRun(q: Queryable, job: string, date: string, result: object): Promise<void> {
  await q.query('update job_runs set finished_at = now(), result = $3 where job = $1 and run_date = $2', [job, date, JSON.stringify(result)]);
}

/** Whether a job has been claimed for a date. */
export async function jobRan(q: Queryable, job: string, date: string): Promise<boolean> {
  return (await q.query('select 1 from job_runs where job = $1 and run_date = $2', [job, date])).length > 0;
}

/** What a job's run of a date did, once finished (null while it runs or if it never did). */
export async function jobRunResult<T>(q: Queryable, job: string, date: string): Promise<T | null> {
  const [row] = await q.query<{ result: T | null }>('select result from job_runs where job = $1 and run_date = $2', [job, date]);
  return row?.result ?? null;
}
