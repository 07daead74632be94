// The statistics capability's API contract (ADR 7): the key figures, their files and their comparison
// between municipalities, and the facts they are counted against.
import { z } from 'zod';
import { HIDDEN_REASONS } from '../disclosure/suppression.ts';
import { type Answer, count, figure, instant } from '../platform/api-fields.ts';
import { BREAKDOWNS, EXPORT_TABLES, UNITS } from './catalogue.ts';

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

// ── The indicators (issue 14 §2) ──
export const statisticsQuery = z.object({ from: z.string().max(7), to: z.string().max(7), breakdown: z.enum(BREAKDOWNS).optional() });
export const statisticsExportQuery = statisticsQuery.extend({ format: z.enum(['csv', 'xlsx']), table: z.enum(EXPORT_TABLES).optional() });
const stage = z.object({ id: z.string(), label: z.string(), households: figure, withChildren: figure.nullable(), conversion: figure.nullable() });
const shownValue = { value: z.number().nullable(), suppressed: z.boolean(), hidden: z.enum(HIDDEN_REASONS).nullable() };
export const statistics = z.object({
  organisation: z.object({ kind: z.enum(['municipality', 'landlord']), name: z.string() }),
  breakdown: z.enum(BREAKDOWNS).nullable(),
  period: z.object({ from: z.string(), to: z.string() }),
  /** The same months a year before, which `previous` of each indicator is for. */
  previousPeriod: z.object({ from: z.string(), to: z.string() }),
  indicators: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      definition: z.string(),
      unit: z.enum(UNITS),
      ...shownValue,
      numerator: figure.nullable(),
      denominator: figure.nullable(),
      unavailable: z.string().nullable(),
      previous: z.object(shownValue),
      groups: z.array(z.object({ key: z.string(), label: z.string().nullable(), ...shownValue })).nullable(),
    }),
  ),
  funnel: z.array(z.object({ month: z.string(), stages: z.array(stage) })),
  /** The funnel over the whole period: a household that reached a stage in several months counts once. */
  funnelPeriod: z.array(stage),
});
export type StatisticsAnswer = Answer<typeof statistics>;

// ── Publishing to the other municipalities (issue 14 §7) ──
export const publishBody = z.object({ published: z.boolean() });
export const publications = z.object({ years: z.array(z.object({ year: z.number().int(), publishedAt: instant, publishedBy: z.string().nullable() })) });
export type PublicationsAnswer = Answer<typeof publications>;
export const comparisonQuery = z.object({ year: z.coerce.number().int() });
export const comparison = z.object({
  year: z.number().int(),
  municipalities: z.array(
    z.object({
      name: z.string(),
      /** The reader's own municipality, shown whether it has published or not. */
      own: z.boolean(),
      published: z.boolean(),
      indicators: z.array(z.object({ id: z.string(), label: z.string(), unit: z.enum(UNITS), ...shownValue, unavailable: z.string().nullable() })),
    }),
  ),
});
export type ComparisonAnswer = Answer<typeof comparison>;
