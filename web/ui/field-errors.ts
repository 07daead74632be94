// What the server says is wrong with a field, in the words of the form: the field is named by the
// label the user sees ("Steg 2, dag: …"), never by its code or path ("steps.1.timing.day: …").
// The server sends each problem with its field (error.details.fields), so that a form can also put a
// message beside its field; this turns that list into the one line a form shows.
import { FIELD_LABELS } from './field-labels.ts';

export interface FieldProblem {
  field: string;
  message: string;
}

export type Language = 'sv' | 'en';

/** Where a field came from in the request: not part of what the user filled in. */
const REQUEST_PARTS = new Set(['body', 'querystring', 'params', 'headers']);

/**
 * The label of a field path as the user sees it, or null when no part of it has a label. Each part is
 * looked up on its own, a position counts from 1 ("steps[1].timing.day" and "steps.1.timing.day" are
 * "Steg 2, dag"), and parts without a label (a code the user never sees) are left out.
 */
export function fieldLabel(path: string, lang: Language): string | null {
  const parts: string[] = [];
  const segments = path.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean);
  for (const [i, segment] of segments.entries()) {
    if (/^\d+$/.test(segment)) {
      if (parts.length > 0) parts[parts.length - 1] += ` ${Number(segment) + 1}`;
      continue;
    }
    // "body.address" is the body's address; "body" alone is a field of that name (a journal entry's text).
    if (i === 0 && segments.length > 1 && REQUEST_PARTS.has(segment)) continue;
    const label = FIELD_LABELS[segment]?.[lang];
    if (label) parts.push(parts.length === 0 ? label : lowerFirst(label));
  }
  return parts.length > 0 ? parts.join(', ') : null;
}

/** One line for all problems: "Adress: Skriv adressen …; Vad har du sett: Berätta kort …". */
export function describeProblems(problems: readonly FieldProblem[], lang: Language): string {
  return problems
    .map((p) => {
      const label = fieldLabel(p.field, lang);
      return label ? `${label}: ${p.message}` : p.message;
    })
    .join('; ');
}

/** The problems in an error's details, when the server sent any. */
export function problemsOf(details: unknown): FieldProblem[] | null {
  const fields = (details as { fields?: unknown } | null | undefined)?.fields;
  if (!Array.isArray(fields) || fields.length === 0) return null;
  const ok = fields.every((f) => typeof (f as FieldProblem)?.field === 'string' && typeof (f as FieldProblem)?.message === 'string');
  return ok ? (fields as FieldProblem[]) : null;
}

/**
 * The problem to show beside `field`: its own, or else the first of any of its parts, so that one
 * input holding a list ("2027-04-01, 2027-05-01") shows what is wrong with the second date
 * ("dueDates[1]" or "dueDates.1" beside "dueDates").
 */
export function problemOf(problems: Readonly<Record<string, string>>, field: string): string | undefined {
  if (problems[field] !== undefined) return problems[field];
  for (const [path, message] of Object.entries(problems)) if (path.startsWith(`${field}[`) || path.startsWith(`${field}.`)) return message;
  return undefined;
}

function lowerFirst(s: string): string {
  // "Steg 2, dag", but an abbreviation or a name keeps its capitals ("OCR").
  return /^\p{Lu}\p{Ll}/u.test(s) ? s[0]!.toLocaleLowerCase('sv') + s.slice(1) : s;
}
