// The rows of a file (csv-rows.ts): header problems stop the file at line 1; a NUL byte refuses only its row.
import { describe, expect, it } from 'vitest';
import { parseTenancies, parseTransactions } from './csv.ts';
import { collect, REF, X_HEADER } from './csv.test-helpers.ts';

describe('header problems stop the file at line 1', () => {
  it('empty file, or nothing but blank lines', async () => {
    for (const input of ['', '\n\r\n  \n', new Uint8Array(0)]) {
      expect((await collect(parseTransactions(input))).problems).toEqual([
        { line: 1, column: null, value: null, reason: 'Filen är tom – den ska börja med en rubrikrad med kolumnnamnen' },
      ]);
    }
  });

  it('no header: the first line is data', async () => {
    const { rows, problems } = await collect(parseTransactions('100-1001;avi;2026-01-15;2026-01-30;7 845,00;R1\n'));
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      { line: 1, column: null, value: null, reason: expect.stringMatching(/^Rubrikrad saknas/) },
    ]);
  });

  it('each missing required column is named, and no row is read', async () => {
    const { rows, problems } = await collect(parseTenancies('kontraktsnummer;namn;telefon\n100-1001;Sara;070-1234567\n', REF));
    expect(rows).toEqual([]);
    expect(problems.map((p) => [p.line, p.column, p.reason])).toEqual(
      ['adress', 'personnummer', 'manadshyra', 'startdatum'].map((c) => [1, c, `Kolumnen "${c}" saknas i rubrikraden`]),
    );
  });

  it('a column named twice', async () => {
    const { problems } = await collect(parseTransactions(`${X_HEADER};Belopp\n`));
    expect(problems).toEqual([{ line: 1, column: 'belopp', value: 'Belopp', reason: 'Kolumnen "belopp" finns flera gånger i rubrikraden' }]);
  });
});

describe('a NUL byte in a cell', () => {
  it('refuses its row with a line in the report, naming the column, and reads the rest of the file', async () => {
    const csv = [X_HEADER, '100-1001;avi;2025-12-15;2025-12-30;7 845,00;A1', '100-1002;avi;2025-12-15;2025-12-30;7 845,00;A\u00002', '100-1003;avi;2025-12-15;2025-12-30;100;A3'].join('\n');
    const { rows, problems } = await collect(parseTransactions(csv));
    expect(rows.map((r) => r.reference)).toEqual(['A1', 'A3']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, column: 'referens', value: 'A\\02' });
    expect(problems[0]!.reason).toMatch(/NUL-tecken/);
  });
});
