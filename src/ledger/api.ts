// The ledger capability's API contract: imports, the search for a tenancy and the tenancy's own page.
import { z } from 'zod';
import { type Answer, count, id, instant, isoDate, ore } from '../platform/api-fields.ts';

const entryKind = z.enum(['charge', 'payment', 'credit']);
const importKind = z.enum(['tenancies', 'transactions']);

// ── Requests ──
export const importQuery = z.object({ kind: importKind, filename: z.string().max(200).optional() });
export const tenancySearchQuery = z.object({ q: z.string().max(100).default('') });

// ── Answers ──
/** An import's report; with 422 (`import_rejected`) the same report is the error's details, and nothing was written. */
export const importReport = z.object({
  importId: id,
  kind: importKind,
  accepted: z.boolean(),
  counts: z.record(z.string(), count),
  /** The first problems, each naming its line and column in plain Swedish. */
  problems: z.array(z.object({ line: z.number().int(), column: z.string().nullable(), value: z.string().nullable(), reason: z.string() })),
  problemCount: count,
});
export type ImportReport = Answer<typeof importReport>;

export const recentImports = z.object({
  imports: z.array(z.object({ id, kind: z.string(), file_name: z.string().nullable(), accepted: z.boolean(), counts: z.record(z.string(), count), created_at: instant })),
});
export type RecentImports = Answer<typeof recentImports>;

export const tenancies = z.object({
  tenancies: z.array(
    z.object({ id, contract_number: z.string(), address: z.string(), area: z.string().nullable(), tenant_name: z.string().nullable(), end_date: isoDate.nullable() }),
  ),
});
export type Tenancies = Answer<typeof tenancies>;

export const tenancy = z.object({
  id,
  landlord_id: id,
  contract_number: z.string(),
  object_number: z.string().nullable(),
  address: z.string(),
  postal_code: z.string().nullable(),
  city: z.string().nullable(),
  municipality_code: z.string(),
  area: z.string().nullable(),
  adults: z.number().int().nullable(),
  children: z.number().int().nullable(),
  monthly_rent: ore,
  start_date: isoDate,
  end_date: isoDate.nullable(),
  letting_form: z.enum(['hyresratt', 'andrahand', 'privatuthyrning']),
});

export const arrears = z.object({
  owed: ore,
  oldestUnpaidDueDate: isoDate.nullable(),
  monthsOwed: z.number(),
  daysLate: z.number().int(),
  bankDaysLate: z.number().int(),
  unpaidCharges: z.array(z.object({ dueDate: isoDate, unpaid: ore })),
});

export const tenancyDetail = z.object({
  tenancy,
  /** A caretaker, who may not see the ledger, gets no personnummer and no e-mail. */
  tenants: z.array(z.object({ personnummer: z.string().nullable(), name: z.string(), phone: z.string().nullable(), email: z.string().nullable(), position: z.number().int() })),
  entries: z.array(z.object({ id: z.number().int(), kind: entryKind, booked_on: isoDate, due_date: isoDate.nullable(), amount: ore, reference: z.string() })),
  /** Null for roles that may not see the ledger. */
  arrears: arrears.nullable(),
  today: isoDate,
});
export type TenancyDetail = Answer<typeof tenancyDetail>;
