// The facts figures are counted against (issue 14 §1): the municipality's administrator sets its
// population per year, by hand or from SCB's table; the landlord's administrator its number of homes.
// Neither is about a person, so a read is not logged; every change is.
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { recordAudit } from '../access/audit.ts';
import { directory } from '../access/directory.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, landlordScope, municipalityScope } from '../access/policy.ts';
import type { CsvRecord } from '../ledger/csv-records.ts';
import { readCsv, TEXT_PROBLEM_REASONS } from '../ledger/csv-text.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError, badRequest, invalidField } from '../platform/errors.ts';
import type * as api from './api.ts';
import { factsStore } from './facts-store.ts';
import { type FileProblem, populationFromScb, populationProblem, yearProblem } from './model.ts';

/** SCB's table of one municipality, every age and some years, is a few hundred kB at most. */
const MAX_SCB_FILE_BYTES = 2 * 1024 * 1024;

export async function population(ctx: AppContext, actor: Actor): Promise<z.output<typeof api.population>> {
  assertCan(actor, 'statistics.facts');
  const rows = await factsStore.population(ctx.db, municipalityScope(actor));
  return { years: rows.map((r) => ({ year: r.year, inhabitants: r.inhabitants, childrenUnder18: r.childrenUnder18, source: r.source, setBy: r.set_by_name, setAt: r.set_at })) };
}

export async function setPopulation(ctx: AppContext, actor: Actor, year: number, input: { inhabitants: number; childrenUnder18: number }) {
  assertCan(actor, 'statistics.facts');
  const municipalityId = municipalityScope(actor);
  const wrong = populationProblem({ year, ...input });
  if (wrong) throw invalidField(wrong.field, wrong.message);
  await ctx.db.transaction(async (tx) => {
    await factsStore.setPopulation(tx, municipalityId, [{ year, ...input }], 'entered', actor.userId, ctx.clock.now());
    await recordAudit(tx, actor, { action: 'population.set', subjectType: 'organisation', subjectId: municipalityId, details: { year } });
  });
  return population(ctx, actor);
}

/**
 * The population per year from SCB's table for the municipality's kommunkod: every year in the file is
 * set, or none (a 422 names each line that could not be read).
 */
export async function importPopulation(ctx: AppContext, actor: Actor, file: Readable) {
  assertCan(actor, 'statistics.facts');
  const municipalityId = municipalityScope(actor);
  const bytes = await readAll(file);
  const kommunkod = (await directory.organisation(ctx.db, municipalityId))?.municipality_code;
  if (!kommunkod) throw badRequest('Kommunen saknar kommunkod: be Bokvars förvaltare lägga in den');
  const records: CsvRecord[] = [];
  const problems: FileProblem[] = [];
  for await (const events of readCsv(bytes)) {
    for (const e of events) {
      if ('record' in e) records.push(e.record);
      else problems.push({ line: e.line, column: null, value: null, reason: TEXT_PROBLEM_REASONS[e.textProblem] });
    }
  }
  const read = populationFromScb(records, kommunkod);
  problems.push(...read.problems);
  if (problems.length > 0) throw new AppError(422, 'file_rejected', `Filen lästes inte in: ${problems[0]!.reason} (rad ${problems[0]!.line})`, { problems });
  await ctx.db.transaction(async (tx) => {
    await factsStore.setPopulation(tx, municipalityId, read.years, 'scb', actor.userId, ctx.clock.now());
    await recordAudit(tx, actor, { action: 'population.import', subjectType: 'organisation', subjectId: municipalityId, details: { years: read.years.map((y) => y.year) } });
  });
  return population(ctx, actor);
}

async function readAll(file: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of file) {
    size += (chunk as Buffer).length;
    if (size > MAX_SCB_FILE_BYTES) throw new AppError(413, 'file_too_large', 'Filen är för stor för en folkmängdstabell: välj bara kommunen, åldrarna och åren');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function landlordHomes(ctx: AppContext, actor: Actor): Promise<z.output<typeof api.landlordHomes>> {
  assertCan(actor, 'statistics.facts');
  const rows = await factsStore.homes(ctx.db, landlordScope(actor));
  return { years: rows.map((r) => ({ year: r.year, homes: r.homes, setBy: r.set_by_name, setAt: r.set_at })) };
}

export async function setLandlordHomes(ctx: AppContext, actor: Actor, year: number, input: { homes: number }) {
  assertCan(actor, 'statistics.facts');
  const landlordId = landlordScope(actor);
  const wrongYear = yearProblem(year);
  if (wrongYear) throw invalidField(wrongYear.field, wrongYear.message);
  if (!Number.isInteger(input.homes) || input.homes < 1) throw invalidField('homes', 'Antalet bostäder, ett heltal över noll');
  await ctx.db.transaction(async (tx) => {
    await factsStore.setHomes(tx, landlordId, year, input.homes, actor.userId, ctx.clock.now());
    await recordAudit(tx, actor, { action: 'landlord_homes.set', subjectType: 'organisation', subjectId: landlordId, details: { year } });
  });
  return landlordHomes(ctx, actor);
}
