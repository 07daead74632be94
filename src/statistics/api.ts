// The statistics capability's API contract (ADR 7): the facts figures are counted against.
import { z } from 'zod';
import { type Answer, count, instant } from '../platform/api-fields.ts';

export const yearParams = z.object({ year: z.coerce.number().int() });

export const populationBody = z.object({ inhabitants: z.number().int(), childrenUnder18: z.number().int() });
const populationYear = z.object({
  year: z.number().int(),
  inhabitants: count,
  /** Aged 0–17. */
  childrenUnder18: count,
  /** Entered by the administrator, or read from SCB's table. */
  source: z.enum(['entered', 'scb']),
  setBy: z.string().nullable(),
  setAt: instant,
});
/** The municipality's population, newest year first. */
export const population = z.object({ years: z.array(populationYear) });
export type PopulationAnswer = Answer<typeof population>;

/** A line of an SCB file that could not be read. */
export const populationImportProblem = z.object({ line: z.number().int(), column: z.string().nullable(), value: z.string().nullable(), reason: z.string() });

export const homesBody = z.object({ homes: z.number().int() });
/** The landlord's number of homes, newest year first. */
export const landlordHomes = z.object({ years: z.array(z.object({ year: z.number().int(), homes: count, setBy: z.string().nullable(), setAt: instant })) });
export type LandlordHomesAnswer = Answer<typeof landlordHomes>;
