// One way for a form to show what the server found wrong (issue 13 §1): each field's problem beside
// its field, tied to it for a screen reader (aria-invalid, aria-describedby), and all of them in the one
// line of the form's alert, each named by the label the user sees (web/api.ts).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';
import { problemOf, problemsOf } from './field-errors.ts';

/** The field a problem is about, as the form names it: its path in the body ("instalments.0.amount"). */
const fieldPath = (path: string) => path.replace(/^(body|querystring|params)\./, '');

export interface FormErrors {
  /** The form's one line (every problem with its field's label), or null when nothing is wrong. */
  message: string | null;
  /** What is wrong with `field` (its path in the request body) or any item of it, if anything. */
  of(field: string): string | undefined;
  /**
   * The props that tie the input with element id `id` to its problem, and to its hint if it has one:
   * spread them on the input, and put `<FieldError>` with the same id beside it.
   */
  input(field: string, id: string, hint?: string): { 'aria-invalid'?: true; 'aria-describedby'?: string };
}

/** A form's errors: `fail` takes what a request threw, `clear` forgets it before the next try. */
export function useFormErrors(): { errors: FormErrors; fail: (err: unknown) => void; clear: () => void } {
  const { t } = useTranslation();
  const [state, setState] = useState<{ message: string | null; fields: Record<string, string> }>({ message: null, fields: {} });
  const of = (field: string) => problemOf(state.fields, field);
  const errors: FormErrors = {
    message: state.message,
    of,
    input: (field, id, hint) => {
      const wrong = of(field) !== undefined;
      const describedBy = [hint, wrong ? `${id}-error` : undefined].filter(Boolean).join(' ');
      return { ...(wrong ? { 'aria-invalid': true as const } : {}), ...(describedBy ? { 'aria-describedby': describedBy } : {}) };
    },
  };
  const fail = (err: unknown) => {
    if (!(err instanceof ApiError)) return setState({ message: t('app.error'), fields: {} });
    const problems = problemsOf(err.details) ?? [];
    // The first problem of a field is the one shown beside it (the line names them all).
    const fields: Record<string, string> = {};
    for (const p of problems) fields[fieldPath(p.field)] ??= p.message;
    setState({ message: err.message, fields });
  };
  const clear = () => setState({ message: null, fields: {} });
  return { errors, fail, clear };
}

/** The problem with one field, beside it; `id` is the input's (see `FormErrors.input`). */
export function FieldError({ errors, field, id }: { errors: FormErrors; field: string; id: string }) {
  const problem = errors.of(field);
  return problem ? (
    <p id={`${id}-error`} className="error">
      {problem}
    </p>
  ) : null;
}
