// The privacy capability's API contract: the person's own report and the retention periods.
import { z } from 'zod';
import { type Answer, instant, isoDate } from '../platform/api-fields.ts';
import { RETENTION_LIMITS } from './retention-rules.ts';

// ── Requests ──
export const subjectReportBody = z.object({ personnummer: z.string().max(20), format: z.enum(['json', 'pdf']).default('json') });

const period = ([min, max]: readonly [number, number]) => {
  const words = `Ett heltal ${min}–${max}`;
  return z.number(words).int(words).min(min, words).max(max, words).nullable().optional();
};
export const retentionBody = z.object({
  caseFileYears: period(RETENTION_LIMITS.caseFileYears),
  concernMonths: period(RETENTION_LIMITS.concernMonths),
  tenancyMonths: period(RETENTION_LIMITS.tenancyMonths),
});

// ── Answers ──
export const subjectReport = z.object({
  personnummer: z.string(),
  organisation: z.string(),
  generatedAt: instant,
  /** Every kind of record kept about the person, by table: the rows as they are kept. */
  data: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
  /** Parts whose text may name other people: to be read through before the report is released. */
  forReview: z.array(z.string()),
  /** Each access, with what was done in words (the audit catalogue's label). */
  accesses: z.array(
    z.object({ at: instant, who: z.string().nullable(), organisation: z.string().nullable(), action: z.string(), label: z.string(), reason: z.string().nullable() }),
  ),
});
export type SubjectReport = Answer<typeof subjectReport>;

const periods = <T extends z.ZodType>(value: T) => z.object({ caseFileYears: value, concernMonths: value, tenancyMonths: value }).partial();
export const retention = z.object({
  settings: periods(z.number().int().nullable()),
  inForce: periods(z.number().int()),
  defaults: periods(z.number().int()),
  limits: periods(z.tuple([z.number().int(), z.number().int()]).readonly()),
  auditRetentionYears: z.number().int(),
  /** What the daily culling removed: counts and dates, never a person. */
  culled: z.array(
    z.object({
      culled_on: isoDate,
      culled_at: instant,
      kind: z.enum(['case_file', 'concern', 'tenancy', 'audit']),
      count: z.number().int(),
      oldest: isoDate,
      newest: isoDate,
      rule: z.string(),
    }),
  ),
});
export type Retention = Answer<typeof retention>;
