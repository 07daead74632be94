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
