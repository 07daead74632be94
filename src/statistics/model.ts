// The facts the figures are counted against (issue 14 §1): a municipality's inhabitants per year, in
// total and aged 0–17 (the denominators of evictions per 10 000 inhabitants and of children affected per
// 100 000 children, as Kolada publishes them), and a landlord's homes per year (per 1 000 homes). Pure:
// what a year and a count may be, and a population table as SCB's Statistikdatabas exports it.
import type { CsvRecord } from '../ledger/csv-records.ts';

/** Years a fact can be about. */
export const FACT_YEARS = { first: 1968, last: 2100 };

export interface Population {
  year: number;
  inhabitants: number;
  /** Aged 0–17. */
  childrenUnder18: number;
}

export interface FactProblem {
  field: string;
  message: string;
}

/** What is wrong with a year, or null. */
export function yearProblem(year: number): FactProblem | null {
  return Number.isInteger(year) && year >= FACT_YEARS.first && year <= FACT_YEARS.last ? null : { field: 'year', message: `Ett år ${FACT_YEARS.first}–${FACT_YEARS.last}` };
}

/** What is wrong with a population as entered, or null. */
export function populationProblem(p: Population): FactProblem | null {
  const wrongYear = yearProblem(p.year);
  if (wrongYear) return wrongYear;
  if (!Number.isInteger(p.inhabitants) || p.inhabitants < 1) return { field: 'inhabitants', message: 'Antalet invånare, ett heltal över noll' };
  if (!Number.isInteger(p.childrenUnder18) || p.childrenUnder18 < 0) return { field: 'childrenUnder18', message: 'Antalet barn 0–17 år, ett heltal' };
  if (p.childrenUnder18 > p.inhabitants) return { field: 'childrenUnder18', message: 'Barnen kan inte vara fler än alla invånare' };
  return null;
}

/** A line of an SCB file that could not be read, as the import report shows it. */
export interface FileProblem {
  line: number;
  column: string | null;
  value: string | null;
  reason: string;
}

/**
 * The municipality's population per year from a table exported from SCB's Statistikdatabas
 * ("Folkmängd efter region, ålder och år", comma- or semicolon-separated with a heading row): a column
 * `region` ("1980 Västerås"), a column `ålder` ("0 år" … "100+ år", and "totalt ålder" if chosen), maybe
 * `kön` (both sexes are added up unless a total is there), and one column per year ("2024" or
 * "Folkmängd 2024"). Rows of other municipalities are passed over; children are the ages 0–17.
 */
export function populationFromScb(records: readonly CsvRecord[], kommunkod: string): { years: Population[]; problems: FileProblem[] } {
  const problems: FileProblem[] = [];
  const [header, ...rows] = records;
  if (!header) return { years: [], problems: [{ line: 1, column: null, value: null, reason: 'Filen är tom' }] };
  const names = header.fields.map((f) => f.toLowerCase());
  const regionAt = names.findIndex((n) => n.includes('region'));
  const ageAt = names.findIndex((n) => n.includes('ålder'));
  const sexAt = names.indexOf('kön');
  const years = names.flatMap((n, i) => {
    const m = /(?:^|\D)((?:19|20|21)\d\d)$/.exec(n);
    return m && i !== regionAt && i !== ageAt && i !== sexAt ? [{ at: i, year: Number(m[1]) }] : [];
  });
  if (regionAt < 0) problems.push({ line: header.line, column: 'region', value: null, reason: 'Kolumnen "region" saknas i rubrikraden' });
  if (ageAt < 0) problems.push({ line: header.line, column: 'ålder', value: null, reason: 'Kolumnen "ålder" saknas i rubrikraden' });
  if (years.length === 0) problems.push({ line: header.line, column: null, value: null, reason: 'Ingen kolumn för ett år (till exempel "2024") i rubrikraden' });
  if (problems.length > 0) return { years: [], problems };

  // Per year: the ages added up, the children among them, and the file's own total where it has one.
  const sums = new Map<number, { all: number; children: number; total: number | null; ages: Set<string> }>();
  for (const { year } of years) sums.set(year, { all: 0, children: 0, total: null, ages: new Set() });
  const sexes = new Set(rows.map((r) => (sexAt >= 0 ? (r.fields[sexAt] ?? '').toLowerCase() : '')));
  const sexTotal = [...sexes].find((s) => s.startsWith('totalt'));
  let ours = 0;
  for (const row of rows) {
    const region = row.fields[regionAt] ?? '';
    if (!region.startsWith(`${kommunkod} `) && region !== kommunkod) continue;
    if (sexAt >= 0 && sexTotal !== undefined && (row.fields[sexAt] ?? '').toLowerCase() !== sexTotal) continue;
    ours++;
    const ageText = (row.fields[ageAt] ?? '').toLowerCase();
    const age = /^(\d{1,3})\+? år$/.exec(ageText);
    const isTotal = ageText.startsWith('totalt');
    if (!age && !isTotal) {
      problems.push({ line: row.line, column: 'ålder', value: row.fields[ageAt] ?? null, reason: 'En ålder som "17 år", "100+ år" eller "totalt ålder"' });
      continue;
    }
    for (const { at, year } of years) {
      const raw = (row.fields[at] ?? '').replace(/[\s\u00a0]/g, '');
      if (!/^\d+$/.test(raw)) {
        problems.push({ line: row.line, column: header.fields[at] ?? String(year), value: row.fields[at] ?? null, reason: 'Ett antal, ett heltal' });
        continue;
      }
      const n = Number(raw);
      const sum = sums.get(year)!;
      if (isTotal) sum.total = (sum.total ?? 0) + n;
      else {
        sum.all += n;
        if (Number(age![1]) <= 17 && !ageText.includes('+')) sum.children += n;
        sum.ages.add(ageText);
      }
    }
  }
  if (ours === 0 && problems.length === 0) {
    problems.push({ line: header.line, column: 'region', value: null, reason: `Filen har inga rader för kommunen (kommunkod ${kommunkod})` });
  }
  for (const { year } of years) {
    const sum = sums.get(year)!;
    const childAges = [...sum.ages].filter((a) => /^\d{1,2} år$/.test(a) && Number.parseInt(a, 10) <= 17).length;
    if (ours > 0 && childAges < 18) {
      problems.push({ line: header.line, column: 'ålder', value: null, reason: `Filen har inte varje ålder 0–17 år för ${year}: välj alla åldrar i Statistikdatabasen` });
      break;
    }
    if (sum.total !== null && sum.ages.size > 0 && sum.total !== sum.all) {
      problems.push({ line: header.line, column: String(year), value: String(sum.total), reason: `Totalen ${sum.total} är inte summan av åldrarna (${sum.all})` });
    }
  }
  if (problems.length > 0) return { years: [], problems };
  return {
    years: years.map(({ year }) => {
      const sum = sums.get(year)!;
      return { year, inhabitants: sum.total ?? sum.all, childrenUnder18: sum.children };
    }),
    problems: [],
  };
}
