// A ledger file's header and rows: columns found by name, each row checked against them (RowCheck),
// problems in the order of the file's columns, the personnummer column masked in every problem kept.
import type { CsvRecord } from './csv-records.ts';
import { amountReason, foldName, parseAmountToOre, parseDate } from './csv-fields.ts';
import { type Input, readCsv, TEXT_PROBLEM_REASONS } from './csv-text.ts';

/**
 * A rejected value. line is the 1-based physical line in the file (the header is line 1). The report is
 * kept in `imports.problems` and printed by the CLI, so it never holds a whole personnummer (a value in
 * the personnummer column is masked, see maskPersonnummer) nor a whole raw line (value null: the line
 * number says where).
 */
export interface ImportProblem {
  line: number;
  column: string | null;
  value: string | null;
  reason: string; // plain Swedish
}

/**
 * What a report may show of a personnummer as it was typed: at most its first 8 characters, then "****"
 * ("19121212-1212" → "19121212****"). Never the birth number: of a value with fewer than 12 digits (the
 * 10-digit form "121212-1212") at most the first 6 digits are kept ("121212****").
 */
export function maskPersonnummer(typed: string): string {
  const digits = typed.replace(/\D/g, '').length;
  const maxDigits = digits >= 12 ? 8 : 6;
  let kept = '';
  let seen = 0;
  for (const ch of typed) {
    if (kept.length >= 8) break;
    if (/\d/.test(ch)) {
      if (seen === maxDigits) break;
      seen++;
    }
    kept += ch;
  }
  return `${kept.replace(/[\s\-+]+$/, '')}****`;
}

/** A problem of a data row as it may be kept and shown: the personnummer column masked. */
function redact(problem: ImportProblem): ImportProblem {
  if (problem.column !== 'personnummer' || problem.value === null) return problem;
  return { ...problem, value: maskPersonnummer(problem.value) };
}

export type ParsedItem<R> = { row: R } | { problem: ImportProblem };


export interface ColumnSpec {
  name: string;
  required: boolean;
}

interface Header {
  line: number;
  width: number;
  index: Map<string, number>;
}

export type Get = (column: string) => string;

interface FileSpec<R> {
  columns: readonly ColumnSpec[];
  /** Check one row; may keep state across rows (duplicates). */
  row: (get: Get, line: number) => { row: R | null; problems: ImportProblem[] };
}

function readHeader(record: CsvRecord, columns: readonly ColumnSpec[]): { header: Header | null; problems: ImportProblem[] } {
  const known = new Set(columns.map((c) => c.name));
  const index = new Map<string, number>();
  const problems: ImportProblem[] = [];
  record.fields.forEach((field, i) => {
    const name = foldName(field.replace(/^\ufeff/, ''));
    if (!known.has(name)) return; // unknown extra columns are ignored
    if (index.has(name)) {
      problems.push({ line: record.line, column: name, value: field, reason: `Kolumnen "${name}" finns flera gånger i rubrikraden` });
    } else {
      index.set(name, i);
    }
  });
  if (index.size === 0) {
    const example = columns.filter((c) => c.required).map((c) => c.name).join(';');
    return {
      header: null,
      problems: [
        {
          line: record.line,
          column: null,
          value: null, // the first line may be a data row with a personnummer
          reason: `Rubrikrad saknas: första raden ska innehålla kolumnnamnen, t.ex. ${example}`,
        },
      ],
    };
  }
  for (const c of columns) {
    if (c.required && !index.has(c.name)) {
      problems.push({ line: record.line, column: c.name, value: null, reason: `Kolumnen "${c.name}" saknas i rubrikraden` });
    }
  }
  return { header: problems.length === 0 ? { line: record.line, width: record.fields.length, index } : null, problems };
}

const UNREADABLE = '\ufffd';
/** A NUL byte: no text column may hold one (PostgreSQL text cannot), so its row is refused, not the file. */
const NUL = '\u0000';

/** Checked rows and problems in file order, one array per chunk of text read. */
export async function* parseFileBatches<R>(input: Input, spec: FileSpec<R>): AsyncGenerator<ParsedItem<R>[]> {
  let header: Header | null = null;
  // One `get` for the whole file, reading the current row: no function is created per row.
  let fields: string[] = [];
  let index = new Map<string, number>();
  const get: Get = (column) => {
    const i = index.get(column);
    return i === undefined ? '' : (fields[i] ?? '');
  };
  for await (const events of readCsv(input)) {
    const out: ParsedItem<R>[] = [];
    for (const event of events) {
      if ('textProblem' in event) {
        out.push({ problem: { line: event.line, column: null, value: null, reason: TEXT_PROBLEM_REASONS[event.textProblem] } });
        if (header === null) {
          yield out; // the header itself could not be read
          return;
        }
        continue;
      }
      const record = event.record;
      if (header === null) {
        const h = readHeader(record, spec.columns);
        for (const problem of h.problems) out.push({ problem });
        if (h.header === null) {
          yield out;
          return;
        }
        header = h.header;
        index = header.index;
        continue;
      }
      if (record.fields.length !== header.width) {
        out.push({
          problem: {
            line: record.line,
            column: null,
            value: null, // the raw line may hold a personnummer; the line number says where
            reason: `Raden har ${record.fields.length} fält men rubrikraden har ${header.width} – kontrollera avgränsare (;) och citattecken`,
          },
        });
        continue;
      }
      fields = record.fields;
      if (unreadableProblems(record.line, fields, index, out)) continue;
      const result = spec.row(get, record.line);
      if (result.problems.length > 0) {
        // Problems in the order of the file's columns, so a reader can fix the row left to right.
        const position = (p: ImportProblem): number => (p.column === null ? -1 : (index.get(p.column) ?? fields.length));
        for (const problem of [...result.problems].sort((x, y) => position(x) - position(y))) out.push({ problem: redact(problem) });
      } else if (result.row !== null) {
        out.push({ row: result.row });
      }
    }
    if (out.length > 0) yield out;
  }
  if (header === null) {
    yield [{ problem: { line: 1, column: null, value: null, reason: 'Filen är tom – den ska börja med en rubrikrad med kolumnnamnen' } }];
  }
}

/** Adds a problem for each read column holding text that could not be decoded or a NUL; true if there was any. */
function unreadableProblems<R>(line: number, fields: string[], index: Map<string, number>, out: ParsedItem<R>[]): boolean {
  if (!fields.some((f) => f.includes(UNREADABLE) || f.includes(NUL))) return false;
  let found = false;
  for (const [column, i] of index) {
    const value = fields[i] ?? '';
    if (value.includes(NUL)) {
      out.push({ problem: redact({ line, column, value: value.replaceAll(NUL, '\\0'), reason: 'Texten innehåller ett NUL-tecken (byte 0), som inte hör hemma i en textfil – exportera filen igen' }) });
      found = true;
    } else if (value.includes(UNREADABLE)) {
      const reason = 'Texten innehåller tecken som inte kunde läsas – spara filen som UTF-8 (eller Windows-1252) och försök igen';
      out.push({ problem: redact({ line, column, value, reason }) });
      found = true;
    }
  }
  return found; // text in a column Bokvar does not read is ignored, as the column is
}

export async function* flatten<R>(batches: AsyncGenerator<ParsedItem<R>[]>): AsyncGenerator<ParsedItem<R>> {
  for await (const batch of batches) yield* batch;
}

function clip(s: string, max = 200): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Collects problems for one row and hands out checked values. */
export class RowCheck {
  readonly problems: ImportProblem[] = [];
  constructor(
    private readonly get: Get,
    private readonly line: number,
  ) {}

  fail(column: string | null, value: string | null, reason: string): void {
    this.problems.push({ line: this.line, column, value: value === '' ? null : value, reason });
  }

  /** Trimmed text; '' when absent. Required and empty → problem. */
  text(column: string, required: boolean, maxLength = 200): string {
    const v = this.get(column);
    if (v === '') {
      if (required) this.fail(column, null, 'Uppgiften saknas (kolumnen är obligatorisk)');
      return '';
    }
    if (v.length > maxLength) {
      this.fail(column, clip(v), `Texten är för lång (högst ${maxLength} tecken)`);
      return '';
    }
    return v;
  }

  optionalText(column: string, maxLength = 200): string | null {
    const v = this.text(column, false, maxLength);
    return v === '' ? null : v;
  }

  date(column: string, required: boolean): string | null {
    const v = this.get(column);
    if (v === '') {
      if (required) this.fail(column, null, 'Datum saknas (kolumnen är obligatorisk)');
      return null;
    }
    const d = parseDate(v);
    if (!d.ok) {
      this.fail(column, v, d.reason);
      return null;
    }
    return d.value;
  }

  amount(column: string): number | null {
    const v = this.get(column);
    if (v === '') {
      this.fail(column, null, 'Belopp saknas (kolumnen är obligatorisk)');
      return null;
    }
    const ore = parseAmountToOre(v);
    if (ore === null) this.fail(column, v, amountReason(v));
    return ore;
  }

  count(column: string, min: number, max: number): number | null {
    const v = this.get(column);
    if (v === '') return null;
    if (!/^\d{1,3}$/.test(v)) {
      this.fail(column, v, 'Ska vara ett heltal, t.ex. 2');
      return null;
    }
    const n = Number(v);
    if (n < min || n > max) {
      this.fail(column, v, min === 1 ? `Ska vara minst 1 och högst ${max}` : `Ska vara mellan ${min} och ${max}`);
      return null;
    }
    return n;
  }
}
