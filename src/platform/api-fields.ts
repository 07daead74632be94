// The fields every capability's API contract (src/<capability>/api.ts) is built of, defined once.
// The web imports only the types inferred from these (type-only), never zod itself.
import { z } from 'zod';
import { HIDDEN_REASONS } from '../disclosure/suppression.ts';

/** A calendar date as the API writes it: 2027-01-31 (a day in Stockholm, never an instant). */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Datum ÅÅÅÅ-MM-DD');

/**
 * An instant: the server hands over a Date (or its ISO text), the client receives ISO-8601 text
 * (2027-01-15T07:00:00.000Z). OpenAPI shows it as a date-time string (platform/http.ts).
 */
export const instant = z.union([z.date(), z.string()]);

/** Money in öre, a whole number (100 öre = 1 krona); negative where it is owed back. */
export const ore = z.number().int();

/** A record's id in an answer (any 8-4-4-4-12 hex: fixed ids of the demo are not all RFC 4122). */
export const id = z.guid();

/**
 * A date as a form sends it: only its length is checked here, so that the use case can name the field
 * in words the user reads ("Ange ett datum ÅÅÅÅ-MM-DD") instead of a schema's message.
 */
export const requestDate = z.string().max(10);

/** A record named by its id in the path: a case, an agreement, a home, a household, a contract … */
export const idParams = z.object({ id: z.uuid() });

/**
 * A count of people or households as it may be shown (src/disclosure): the number, or null with why it
 * is hidden — "small" (1–4, shown "<5") or "complement" (hidden so that no other can be worked out).
 */
export const figure = z.object({ value: z.number().nullable(), hidden: z.enum(HIDDEN_REASONS).nullable() });
export type ShownFigure = z.infer<typeof figure>;

/** A count of things. */
export const count = z.number().int().min(0);

/** Free text with a limit on its length; the limit is the user's to see in the error. */
export const text = (max: number) => z.string().max(max);

/** The answer of a change that has nothing more to say than that it was done. */
export const done = z.object({ ok: z.literal(true) });
/** The answer of a change that made a record: its id. */
export const created = z.object({ id });

/** What a route answers with `done`. */
export const DONE = { ok: true } as const;

/** A PDF answer (a letter, a notice, a report): sent as it is, described for OpenAPI. */
export const pdfAnswer = { description: 'A PDF document', content: { 'application/pdf': { schema: z.instanceof(Buffer) } } };

/** A CSV file answer (an export): sent as it is, described for OpenAPI. */
export const csvAnswer = { description: 'A CSV file', content: { 'text/csv': { schema: z.string() } } };

/** Every error answer of the API: a code for programs, a message in the user's words, and per-field problems. */
export const errorAnswer = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** For code `invalid`: `{ fields: [{ field, message }] }`, the field as `body.name` or `query.q`. */
    details: z.unknown().optional(),
  }),
});
export type ErrorAnswer = z.infer<typeof errorAnswer>;

/** A value as it arrives after JSON: an instant is its ISO text. */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** What the web receives from a route that declares `schema`: the type to import (type-only) in `web/`. */
export type Answer<S extends z.ZodType> = Json<z.output<S>>;

/** A spreadsheet answer (xlsx): sent as it is, described for OpenAPI. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const xlsxAnswer = { description: 'An Excel workbook', content: { [XLSX_TYPE]: { schema: z.instanceof(Buffer) } } };
