// An answer encoded through its schema (src/<capability>/api.ts, ADR 7): what a route serializes,
// and what a kept answer (access/kept-answers.ts) is built to, so neither sends what it does not declare.
import { z } from 'zod';

/** An answer that breaks its route's contract: a bug of ours. Its message names fields, never values, so it is logged. */
export class AnswerContractError extends Error {
  override name = 'AnswerContractError';
}

/**
 * `data` encoded through the answer's schema: a field the schema does not declare is left out, so
 * nothing reaches a client by accident. In strict mode (the tests) such a field is an error instead,
 * naming where and the field, so the contract and the code cannot drift apart unnoticed.
 */
export function encodeAnswer(schema: z.ZodType, data: unknown, opts: { strict: boolean; where: string }): unknown {
  const result = z.safeEncode(schema, data);
  if (!result.success) throw new AnswerContractError(`${opts.where}: the answer does not match its schema: ${z.prettifyError(result.error)}`);
  if (opts.strict) {
    const field = undeclaredField(data, result.data, 'answer');
    if (field) throw new AnswerContractError(`${opts.where}: ${field} is not declared in the route's response schema`);
  }
  return result.data;
}

/** The path of the first field of `raw` that encoding through a schema left out of `kept`; null if none. */
export function undeclaredField(raw: unknown, kept: unknown, path: string): string | null {
  if (raw === null || typeof raw !== 'object' || kept === null || typeof kept !== 'object') return null;
  if (Array.isArray(raw)) {
    if (!Array.isArray(kept)) return null;
    for (let i = 0; i < raw.length; i++) {
      const found = undeclaredField(raw[i], kept[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (raw instanceof Date) return null;
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!(key in kept)) return `${path}.${key}`;
    const found = undeclaredField(value, (kept as Record<string, unknown>)[key], `${path}.${key}`);
    if (found) return found;
  }
  return null;
}
