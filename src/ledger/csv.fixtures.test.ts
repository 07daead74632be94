// The CSV files in test/fixtures: the valid ones are read whole, the one with errors reports each on its line.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isTestPersonnummer } from '../../test/fixtures/personnummer.ts';
import { parseTenancies, parseTransactions } from './csv.ts';
import { collect, REF } from './csv.test-helpers.ts';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url));

describe('fixtures', () => {
  it('tenancies-valid.csv: every row is accepted, co-tenants included, and only test personnummer are used', async () => {
    const { rows, problems } = await collect(parseTenancies(fixture('tenancies-valid.csv'), REF));
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r.contractNumber === '100-1001')).toHaveLength(2);
    for (const r of rows) expect(isTestPersonnummer(r.personnummer), r.personnummer).toBe(true);
    expect(rows.find((r) => r.contractNumber === '300-0050')).toMatchObject({ address: 'Sveavägen 8; lgh 1002', lettingForm: 'andrahand', monthlyRent: 810000 });
  });

  it('transactions-valid.csv: every row is accepted', async () => {
    const { rows, problems } = await collect(parseTransactions(fixture('transactions-valid.csv')));
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(11);
    expect(rows.filter((r) => r.kind === 'charge').reduce((sum, r) => sum + r.amount, 0)).toBe(3_753_750);
  });

  it('transactions-errors.csv: each typical mistake is reported on its line', async () => {
    const { rows, problems } = await collect(parseTransactions(fixture('transactions-errors.csv')));
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'forfallodatum'],
      [4, 'belopp'],
      [5, 'datum'],
      [6, 'typ'],
      [7, 'referens'],
      [8, 'belopp'],
      [9, 'belopp'],
      [10, 'belopp'],
      [11, 'datum'],
      [12, null],
    ]);
  });
});
