import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvEvent, CsvRecordReader } from './csv-records.ts';

const NO_LIMIT = 1_000_000_000;

/** Every event from feeding `chunks` one push at a time, then end(). */
function read(chunks: string[], delimiter: ';' | ',' = ';', max = NO_LIMIT): CsvEvent[] {
  const reader = new CsvRecordReader(delimiter, max);
  return [...chunks.flatMap((c) => reader.push(c)), ...reader.end()];
}

const whole = (text: string, delimiter: ';' | ',' = ';', max = NO_LIMIT): CsvEvent[] => read([text], delimiter, max);
const oneByOne = (text: string, delimiter: ';' | ',' = ';', max = NO_LIMIT): CsvEvent[] =>
  read([...text], delimiter, max);
const rec = (line: number, ...fields: string[]): CsvEvent => ({ record: { line, fields } });

/** A field as Excel writes it: quoted when it holds the delimiter, a quote, a line break or outer blanks. */
function excelField(value: string, delimiter: string, quoteAnyway: boolean): string {
  const needs = value.includes(delimiter) || /["\r\n]/.test(value) || value !== value.trim();
  return needs || quoteAnyway ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Line breaks before `offset`: CRLF, LF and CR count once each. */
const lineAt = (text: string, offset: number): number => 1 + (text.slice(0, offset).match(/\r\n|\r|\n/g)?.length ?? 0);

/** Cuts `text` every `sizes` characters (cycled), and optionally also between every CR|LF and every "|". */
function split(text: string, sizes: readonly number[], atTricky: boolean): string[] {
  const cuts = new Set<number>();
  for (let at = 0, k = 0; at < text.length; k++) cuts.add((at += sizes[k % sizes.length]!));
  if (atTricky) {
    for (let i = 1; i < text.length; i++) {
      const pair = text.slice(i - 1, i + 1);
      if (pair === '\r\n' || pair === '""') cuts.add(i);
    }
  }
  const chunks: string[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    chunks.push(text.slice(from, cut));
    from = cut;
  }
  return chunks;
}

const piece = fc.constantFrom('a', 'Ö', 'å', 'ä', 'ö', '7', ' ', '\t', ';', ',', '"', '""', '\r', '\n', '\r\n');
const fieldArb = fc.record({
  value: fc.array(piece, { maxLength: 6 }).map((p) => p.join('')),
  quoteAnyway: fc.boolean(),
  pad: fc.constantFrom('', '', ' ', ' \t'), // blanks around a field, which some exporters add
});
const recordArb = fc.record({
  fields: fc.array(fieldArb, { minLength: 1, maxLength: 5 }),
  lineEnd: fc.constantFrom('\n', '\r\n', '\r'),
  blankLinesBefore: fc.array(fc.constantFrom('\n', '\r\n', '\r', '  \n', ' \t\r\n'), { maxLength: 2 }),
});

describe('CsvRecordReader', () => {
  it('reads any Excel-written text the same, however it is split into chunks (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<';' | ','>(';', ','),
        fc.array(recordArb, { maxLength: 8 }),
        fc.boolean(),
        fc.oneof(fc.constant([1]), fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 })),
        fc.boolean(),
        (delimiter, records, finalBreak, sizes, atTricky) => {
          let text = '';
          const expected: CsvEvent[] = [];
          records.forEach((r, n) => {
            text += r.blankLinesBefore.join('');
            const start = text.length;
            text += r.fields.map((f) => f.pad + excelField(f.value, delimiter, f.quoteAnyway) + f.pad).join(delimiter);
            if (n < records.length - 1 || finalBreak) text += r.lineEnd;
            const fields = r.fields.map((f) => f.value.trim());
            if (fields.some((f) => f !== '')) expected.push(rec(lineAt(text, start), ...fields));
          });
          const inOnePush = whole(text, delimiter);
          expect(inOnePush, JSON.stringify(text)).toEqual(expected);
          expect(read(split(text, sizes, atTricky), delimiter), JSON.stringify(text)).toEqual(inOnePush);
        },
      ),
      { numRuns: 3000 },
    );
  });

  describe('reads records as Excel writes them', () => {
    it('turns a doubled quote inside a quoted field into one quote', () => {
      expect(whole('a;"b""c";d\n')).toEqual([rec(1, 'a', 'b"c', 'd')]);
    });

    it('keeps a quote inside an unquoted field as an ordinary character', () => {
      expect(whole('ab"c;d\ne;f"\n')).toEqual([rec(1, 'ab"c', 'd'), rec(2, 'e', 'f"')]);
    });

    it('ignores blanks around a quoted field but keeps what is inside the quotes', () => {
      expect(whole('  "x"  ;y\n\t" ; "\t;z\n')).toEqual([rec(1, 'x', 'y'), rec(2, ';', 'z')]);
    });

    it('splits on commas when the delimiter is a comma, and keeps semicolons', () => {
      expect(whole('a,"b,c",d;e\r\n', ',')).toEqual([rec(1, 'a', 'b,c', 'd;e')]);
    });

    it('skips blank lines and lines of only delimiters but still counts them', () => {
      expect(whole('a;b\n;;\n\r\n  ;  \rc;d\n')).toEqual([rec(1, 'a', 'b'), rec(5, 'c', 'd')]);
    });

    it('counts line breaks inside quoted fields when numbering the next record', () => {
      expect(whole('"x\r\ny\rz\n";1\nnext;2\n')).toEqual([rec(1, 'x\r\ny\rz', '1'), rec(5, 'next', '2')]);
    });

    it('hands out the last record without a line break only at end()', () => {
      const reader = new CsvRecordReader(';', NO_LIMIT);
      expect(reader.push('a;b\nc;d')).toEqual([rec(1, 'a', 'b')]);
      expect(reader.end()).toEqual([rec(2, 'c', 'd')]);
    });

    it('waits for the LF after a CR at the end of a chunk before counting the line break', () => {
      const reader = new CsvRecordReader(';', NO_LIMIT);
      expect(reader.push('a;b\r')).toEqual([]);
      expect(reader.push('\nc;d\r')).toEqual([rec(1, 'a', 'b')]);
      expect(reader.push('e;f')).toEqual([rec(2, 'c', 'd')]);
      expect(reader.end()).toEqual([rec(3, 'e', 'f')]);
    });
  });

  describe('problems in the text', () => {
    it('reports a quote never closed once, at the line its record starts, and reads nothing after it', () => {
      const text = 'a;b\r\n"x\ny";z\r\nc;"open\nrest;1\n';
      const expected = [rec(1, 'a', 'b'), rec(2, 'x\ny', 'z'), { textProblem: 'quote_not_closed', line: 4 }];
      expect(whole(text)).toEqual(expected);
      expect(oneByOne(text)).toEqual(expected);

      const reader = new CsvRecordReader(';', NO_LIMIT);
      expect(reader.push(text)).toEqual(expected.slice(0, 2));
      expect(reader.end()).toEqual(expected.slice(2));
      expect(reader.push('more;2\n')).toEqual([]);
      expect(reader.end()).toEqual([]);
    });

    it('skips a record with text after its closing quote and goes on with the next line', () => {
      const text = 'a;b\n"ab"x;c\nd;e\n';
      const expected = [rec(1, 'a', 'b'), { textProblem: 'invalid_closing_quote', line: 2 }, rec(3, 'd', 'e')];
      expect(whole(text)).toEqual(expected);
      expect(oneByOne(text)).toEqual(expected);
    });

    it('numbers the lines after an invalid closing quote correctly when the record spans lines', () => {
      const text = '"x\r\ny";"ab" x;"c\nd"\r\ne;f';
      // The rest of the bad line is skipped up to its first line break, even one inside quotes.
      const expected = [{ textProblem: 'invalid_closing_quote', line: 1 }, rec(3, 'd"'), rec(4, 'e', 'f')];
      expect(whole(text)).toEqual(expected);
      expect(oneByOne(text)).toEqual(expected);
    });

    it('stops at a record longer than the limit, also when it arrives in many small chunks', () => {
      const text = `a;b\n"${'x'.repeat(30)}`;
      const expected = [rec(1, 'a', 'b'), { textProblem: 'record_too_long', line: 2 }];
      expect(whole(text, ';', 20)).toEqual(expected);
      expect(oneByOne(text, ';', 20)).toEqual(expected);

      const reader = new CsvRecordReader(';', 20);
      expect([...reader.push('a;b\n'), ...reader.push('x'.repeat(21))]).toEqual(expected);
      expect(reader.push('\nc;d\n')).toEqual([]);
      expect(reader.end()).toEqual([]);
    });

    it('reads a record of exactly the limit in one-character chunks when it ends with LF', () => {
      expect(oneByOne(`${'x'.repeat(20)}\nb\n`, ';', 20)).toEqual([rec(1, 'x'.repeat(20)), rec(2, 'b')]);
    });

    // The limit holds however the text is split: also for a record that arrives complete in one chunk.
    it('stops at a record longer than the limit even when it arrives complete in one chunk', () => {
      expect(whole(`${'x'.repeat(30)}\nb\n`, ';', 20)).toEqual([{ textProblem: 'record_too_long', line: 1 }]);
    });

    // A CR waiting at a chunk's end for a possible LF is not part of the record's length.
    it('reads a record of exactly the limit in one-character chunks when it ends with CRLF', () => {
      expect(oneByOne(`${'x'.repeat(20)}\r\nb\n`, ';', 20)).toEqual([rec(1, 'x'.repeat(20)), rec(2, 'b')]);
    });
  });
});
