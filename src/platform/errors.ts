/** An error a user can act on: an HTTP status, a stable code and a plain Swedish message. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Hittades inte') => new AppError(404, 'not_found', what);
export const forbidden = (why = 'Du har inte behörighet till detta') => new AppError(403, 'forbidden', why);
export const badRequest = (message: string, details?: unknown) => new AppError(400, 'bad_request', message, details);
/** A field the user must correct: the message names the field. */
export const invalidField = (field: string, message: string) =>
  new AppError(400, 'invalid', `${field}: ${message}`, { fields: [{ field, message }] });

/**
 * What an unexpected error may leave in a log: its type, SQLSTATE and constraint. A database error's
 * message, detail, query and parameters can hold personnummer, names and debts, so none of them is kept.
 */
export function loggableError(error: unknown): { type: string; code?: string; constraint?: string; at?: string } {
  const e = (error ?? {}) as { code?: unknown; constraint?: unknown; name?: unknown; stack?: unknown };
  const type = typeof e.name === 'string' && e.name ? e.name : ((error as object | null)?.constructor?.name ?? typeof error);
  // Where in our code it happened (a stack frame names a file and line, never a value).
  const at = typeof e.stack === 'string' ? /^\s+at .*$/m.exec(e.stack)?.[0].trim() : undefined;
  return {
    type,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.constraint === 'string' ? { constraint: e.constraint } : {}),
    ...(at ? { at } : {}),
  };
}

/**
 * A database refusal that a user's input caused, as the answer the user gets instead of a 500: a row
 * that exists already (unique), one that refers to what is not there (foreign key), a value the column
 * does not take (check, bad text). null for anything else, which stays a 500.
 */
export function answerForDatabaseError(code: string | undefined): AppError | null {
  switch (code) {
    case '23505':
      return new AppError(409, 'conflict', 'Uppgiften finns redan. Ladda om sidan och se efter.');
    case '23503':
      return new AppError(409, 'conflict', 'Det som uppgiften hänvisar till finns inte längre. Ladda om sidan och försök igen.');
    case '23514':
    case '22001':
    case '22003':
    case '22007':
    case '22008':
    case '22P02':
    case '22P05':
    case '22021':
      return new AppError(400, 'invalid', 'Ett värde går inte att spara: kontrollera det du skrev och försök igen.');
    default:
      return null;
  }
}
