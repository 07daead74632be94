// CSV text → records with the physical line each starts on, chunk by chunk, synchronously.
//
// Quoting as RFC 4180 and Excel write it: a field whose first non-blank character is `"` runs to the next
// `"` not doubled (`""` is one quote) and may hold delimiters and line breaks; a `"` inside an unquoted
// field is an ordinary character. Records end at an unquoted CRLF, LF or CR. Fields are trimmed; records
// whose fields are all empty (blank lines, a line of only delimiters) are skipped but counted as lines.
//
// Written by hand rather than through a general CSV stream because the import reads a million rows in a
// few seconds: records are handed out a chunk's worth at a time, with no per-row stream or promise.

export interface CsvRecord {
  /** Physical line (1-based) the record starts on. */
  line: number;
  fields: string[];
}

/**
 * What can go wrong in the text itself:
 * - `quote_not_closed`: a quoted field never ends; nothing after its line can be read.
 * - `invalid_closing_quote`: something other than a delimiter or line break follows a closing quote;
 *   that record is skipped and reading resumes on the next line.
 * - `record_too_long`: one record longer than the limit (nearly always a quote never closed); reading stops.
 */
export type CsvTextProblem = 'quote_not_closed' | 'invalid_closing_quote' | 'record_too_long';

export type CsvEvent = { record: CsvRecord } | { textProblem: CsvTextProblem; line: number };

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/** Where one attempt to read a record from `start` got to. */
type Attempt =
  | { kind: 'record'; fields: string[]; contentEnd: number; next: number; lineBreaks: number }
  | { kind: 'incomplete' }
  | { kind: 'invalid_closing_quote'; next: number; lineBreaks: number }
  | { kind: 'quote_not_closed' };

export class CsvRecordReader {
  private pending = '';
  private line = 1;
  private stopped = false;
  private readonly delimiter: number;

  constructor(
    delimiter: ';' | ',',
    private readonly maxRecordChars: number,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Reads the complete records in `text` (after what an earlier chunk left unfinished). */
  push(text: string): CsvEvent[] {
    if (this.stopped) return [];
    this.pending = this.pending === '' ? text : this.pending + text;
    return this.drain(false);
  }

  /** The end of the text: the last record needs no line break. */
  end(): CsvEvent[] {
    if (this.stopped) return [];
    const events = this.drain(true);
    this.stopped = true;
    return events;
  }

  private drain(final: boolean): CsvEvent[] {
    const s = this.pending;
    const events: CsvEvent[] = [];
    let pos = 0;
    while (pos < s.length) {
      const a = this.readRecord(s, pos, final);
      // The limit holds however the text was split into chunks (a CR waiting for its LF is not counted).
      const length = a.kind === 'record' ? a.contentEnd - pos : s.length - pos - (s.endsWith('\r') ? 1 : 0);
      if (length > this.maxRecordChars && a.kind !== 'invalid_closing_quote') {
        events.push({ textProblem: 'record_too_long', line: this.line });
        this.stop();
        return events;
      }
      if (a.kind === 'incomplete') break;
      if (a.kind === 'quote_not_closed') {
        events.push({ textProblem: 'quote_not_closed', line: this.line });
        this.stop();
        return events;
      }
      if (a.kind === 'invalid_closing_quote') events.push({ textProblem: 'invalid_closing_quote', line: this.line });
      else if (!allEmpty(a.fields)) events.push({ record: { line: this.line, fields: a.fields } });
      this.line += a.lineBreaks;
      pos = a.next;
    }
    this.pending = pos === 0 ? s : s.slice(pos);
    return events;
  }

  private stop(): void {
    this.stopped = true;
    this.pending = '';
  }

  /** One record from `start`; `lineBreaks` counts those inside quoted fields and the one ending the record. */
  private readRecord(s: string, start: number, final: boolean): Attempt {
    const fields: string[] = [];
    const d = this.delimiter;
    let lineBreaks = 0;
    let i = start;
    for (;;) {
      while (i < s.length && (s.charCodeAt(i) === SPACE || s.charCodeAt(i) === TAB)) i++;
      let value: string;
      if (i < s.length && s.charCodeAt(i) === QUOTE) {
        // Quoted: up to the next quote that is not doubled.
        let text = '';
        let from = i + 1;
        let close: number;
        for (;;) {
          close = s.indexOf('"', from);
          if (close < 0) return final ? { kind: 'quote_not_closed' } : { kind: 'incomplete' };
          if (s.charCodeAt(close + 1) !== QUOTE) break;
          text += s.slice(from, close + 1);
          from = close + 2;
        }
        text += s.slice(from, close);
        lineBreaks += countLineBreaks(s, i + 1, close);
        value = text.trim();
        i = close + 1;
        while (i < s.length && (s.charCodeAt(i) === SPACE || s.charCodeAt(i) === TAB)) i++;
        if (i === s.length && !final) return { kind: 'incomplete' };
        const c = s.charCodeAt(i);
        if (i < s.length && c !== d && c !== CR && c !== LF) {
          // Skip the rest of the line; the next record starts after its line break.
          let j = i;
          while (j < s.length && s.charCodeAt(j) !== CR && s.charCodeAt(j) !== LF) j++;
          if (j === s.length && !final) return { kind: 'incomplete' };
          const end = lineEnd(s, j, final);
          if (end === null) return { kind: 'incomplete' };
          return { kind: 'invalid_closing_quote', next: end.next, lineBreaks: lineBreaks + end.breaks };
        }
      } else {
        let j = i;
        for (; j < s.length; j++) {
          const c = s.charCodeAt(j);
          if (c === d || c === CR || c === LF) break;
        }
        if (j === s.length && !final) return { kind: 'incomplete' };
        value = s.slice(i, j).trim();
        i = j;
      }
      fields.push(value);
      if (i < s.length && s.charCodeAt(i) === d) {
        i++;
        continue;
      }
      const end = lineEnd(s, i, final);
      if (end === null) return { kind: 'incomplete' };
      return { kind: 'record', fields, contentEnd: i, next: end.next, lineBreaks: lineBreaks + end.breaks };
    }
  }
}

/** The line break at `i` (or the end of the text): where the next record starts. Null: CR at a chunk's end. */
function lineEnd(s: string, i: number, final: boolean): { next: number; breaks: number } | null {
  if (i >= s.length) return { next: s.length, breaks: 1 };
  if (s.charCodeAt(i) === LF) return { next: i + 1, breaks: 1 };
  // CR: alone, or the first half of CRLF, which the next chunk may complete.
  if (i + 1 === s.length && !final) return null;
  return { next: s.charCodeAt(i + 1) === LF ? i + 2 : i + 1, breaks: 1 };
}

/** Line breaks in s[from, to): CRLF, LF and CR each count once. */
function countLineBreaks(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR) {
      n++;
      if (i + 1 < to && s.charCodeAt(i + 1) === LF) i++;
    }
  }
  return n;
}

function allEmpty(fields: string[]): boolean {
  for (const f of fields) if (f !== '') return false;
  return true;
}
