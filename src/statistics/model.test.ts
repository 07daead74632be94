// The population a municipality's figures are counted against, read from SCB's table as the
// Statistikdatabas exports it, and entered by hand.
import { describe, expect, it } from 'vitest';
import type { CsvRecord } from '../ledger/csv-records.ts';
import { readCsv } from '../ledger/csv-text.ts';
import { populationFromScb, populationProblem } from './model.ts';

async function records(text: string | Uint8Array): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const events of readCsv(text)) for (const e of events) if ('record' in e) out.push(e.record);
  return out;
}

/** "Folkmängd efter region, ålder och år" for two municipalities, every age 0–100+, two years. */
function scbTable(opts: { delimiter?: string; withTotal?: boolean; yearHeading?: (y: number) => string } = {}): string {
  const d = opts.delimiter ?? ',';
  const q = (s: string) => `"${s}"`;
  const heading = opts.yearHeading ?? ((y: number) => String(y));
  const lines = [[q('region'), q('ålder'), q(heading(2023)), q(heading(2024))].join(d)];
  for (const region of ['1980 Västerås', '1983 Köping']) {
    for (let age = 0; age <= 100; age++) {
      const label = age === 100 ? '100+ år' : `${age} år`;
      // Västerås: 2 000 of each age under 18 in 2023, 2 010 in 2024; 1 500 of each age from 18.
      const [a, b] = region.startsWith('1980') ? (age <= 17 ? [2000, 2010] : [1500, 1500]) : [100, 100];
      lines.push([q(region), q(label), a, b].join(d));
    }
    if (opts.withTotal) {
      const total = region.startsWith('1980') ? [18 * 2000 + 83 * 1500, 18 * 2010 + 83 * 1500] : [10100, 10100];
      lines.push([q(region), q('totalt ålder'), ...total].join(d));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe("a municipality's population from SCB's table", () => {
  it('adds the ages up per year for its kommunkod, the children being 0–17, and passes other municipalities over', async () => {
    const read = populationFromScb(await records(scbTable()), '1980');
    expect(read.problems).toEqual([]);
    expect(read.years).toEqual([
      { year: 2023, inhabitants: 18 * 2000 + 83 * 1500, childrenUnder18: 18 * 2000 },
      { year: 2024, inhabitants: 18 * 2010 + 83 * 1500, childrenUnder18: 18 * 2010 },
    ]);
  });

  it('reads it semicolon-separated, with "Folkmängd 2024" headings, a total row, and in Windows-1252', async () => {
    const text = scbTable({ delimiter: ';', withTotal: true, yearHeading: (y) => `Folkmängd ${y}` });
    const read = populationFromScb(await records(Buffer.from(text, 'latin1')), '1980');
    expect(read.problems).toEqual([]);
    expect(read.years.map((y) => [y.year, y.inhabitants, y.childrenUnder18])).toEqual([
      [2023, 160_500, 36_000],
      [2024, 160_680, 36_180],
    ]);
  });

  it('adds both sexes up when the table is by sex too', async () => {
    const lines = ['region;ålder;kön;2024'];
    for (let age = 0; age <= 17; age++) for (const sex of ['män', 'kvinnor']) lines.push(`1980 Västerås;${age} år;${sex};10`);
    for (const sex of ['män', 'kvinnor']) lines.push(`1980 Västerås;50 år;${sex};100`);
    const read = populationFromScb(await records(lines.join('\n')), '1980');
    expect(read.years).toEqual([{ year: 2024, inhabitants: 18 * 20 + 200, childrenUnder18: 18 * 20 }]);
  });

  it('names what is wrong: a missing column, another municipality only, an age missing, a count that is not one, a total that does not add up', async () => {
    expect(populationFromScb(await records('kommun,2024\n"1980 Västerås",100\n'), '1980').problems.map((p) => p.reason)).toEqual([
      'Kolumnen "region" saknas i rubrikraden',
      'Kolumnen "ålder" saknas i rubrikraden',
    ]);
    expect(populationFromScb(await records(scbTable()), '0180').problems.map((p) => p.reason)).toEqual(['Filen har inga rader för kommunen (kommunkod 0180)']);
    const noTeens = scbTable().split('\r\n').filter((l) => !l.includes('"1980 Västerås","15 år"')).join('\r\n');
    expect(populationFromScb(await records(noTeens), '1980').problems[0]!.reason).toMatch(/^Filen har inte varje ålder 0–17 år för 2023/);
    const dotted = scbTable().replace('"1980 Västerås","40 år",1500', '"1980 Västerås","40 år",..');
    expect(populationFromScb(await records(dotted), '1980').problems).toEqual([{ line: 42, column: '2023', value: '..', reason: 'Ett antal, ett heltal' }]);
    const wrongTotal = scbTable({ withTotal: true }).replace(`"totalt ålder",${18 * 2000 + 83 * 1500}`, '"totalt ålder",1');
    expect(populationFromScb(await records(wrongTotal), '1980').problems[0]!.reason).toBe('Totalen 1 är inte summan av åldrarna (160500)');
  });
});

describe('a population entered by hand', () => {
  it('needs a year, inhabitants above zero and no more children than inhabitants', () => {
    expect(populationProblem({ year: 2024, inhabitants: 160_000, childrenUnder18: 36_000 })).toBeNull();
    expect(populationProblem({ year: 1800, inhabitants: 1, childrenUnder18: 0 })?.field).toBe('year');
    expect(populationProblem({ year: 2024, inhabitants: 0, childrenUnder18: 0 })?.field).toBe('inhabitants');
    expect(populationProblem({ year: 2024, inhabitants: 10, childrenUnder18: 11 })).toEqual({ field: 'childrenUnder18', message: 'Barnen kan inte vara fler än alla invånare' });
  });
});
