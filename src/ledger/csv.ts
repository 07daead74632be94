// CSV import of landlord rent-ledger exports: tenancies and transactions (docs/import-format.md).
// Streaming: bytes → text (UTF-8 or Windows-1252) → records (csv-records.ts) → checked rows and problems,
// a chunk's worth at a time.
// Only the file's own rules are checked here (format, checksum, duplicates within the file); whether a
// kontraktsnummer or referens already exists in the database is the caller's business.

import { type CsvEvent, type CsvRecord, CsvRecordReader, type CsvTextProblem } from './csv-records.ts';
import { isRealDate, parsePersonnummer } from './personnummer.ts';
import { TextIndex } from './text-index.ts';

export type ImportKind = 'tenancies' | 'transactions';

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

export interface TenancyRow {
  line: number;
  contractNumber: string;
  objectNumber: string | null;
  address: string;
  postalCode: string | null;
  city: string | null;
  municipalityCode: string | null;
  area: string | null;
  personnummer: string;
  name: string;
  phone: string | null;
  email: string | null;
  adults: number | null;
  children: number | null;
  monthlyRent: number; // öre
  startDate: string;
  endDate: string | null;
  lettingForm: 'hyresratt' | 'andrahand' | 'privatuthyrning';
}

export interface TransactionRow {
  line: number;
  contractNumber: string;
  kind: 'charge' | 'payment' | 'credit';
  bookedOn: string;
  dueDate: string | null;
  amount: number; // öre, signed as in the file
  reference: string;
}

export type ParsedItem<R> = { row: R } | { problem: ImportProblem };

type Input = AsyncIterable<Uint8Array> | Uint8Array | string;

// ---------------------------------------------------------------------------------------------------
// Amounts

// Thousands separators: space, no-break space, thin space, narrow no-break space.
const GROUP_SEPARATORS = /[ \u00a0\u2009\u202f]/g;
const AMOUNT = /^(\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+|\d+)(?:[.,](\d{1,2}))?$/;
const MAX_KRONOR_DIGITS = 13; // < 10^13 kr keeps every öre amount an exact integer (< 2^53)

/**
 * "12 345,50" → 1234550. Decimal comma or point (at most two decimals), spaces (also no-break, thin and
 * narrow no-break) between groups of three digits, optional leading minus. Anything else — a currency
 * ("kr", "SEK"), a plus sign, two decimal marks, "." or "," as thousands separator — gives null.
 * The result is an exact integer (no floating-point arithmetic on fractions).
 */
export function parseAmountToOre(s: string): number | null {
  let t = s.trim();
  let negative = false;
  if (t.startsWith('-') || t.startsWith('\u2212')) {
    negative = true;
    t = t.slice(1);
  }
  const m = AMOUNT.exec(t);
  if (!m) return null;
  const kronor = (m[1] ?? '').replace(GROUP_SEPARATORS, '');
  if (kronor.length > MAX_KRONOR_DIGITS) return null;
  const ore = Number(kronor) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return negative && ore !== 0 ? -ore : ore;
}

function amountReason(raw: string): string {
  if (/kr|sek|:-/i.test(raw)) return 'Beloppet får inte innehålla "kr" eller annan valuta – skriv bara talet, t.ex. 7 450,00';
  const marks = raw.replace(/[^.,]/g, '');
  if (marks.length > 1) {
    return 'Ogiltigt belopp: använd ett decimaltecken (komma eller punkt) och mellanslag mellan tusental, t.ex. 12 345,50';
  }
  if (/[.,]\d{3,}\s*$/.test(raw)) return 'Ogiltigt belopp: högst två decimaler (öre)';
  return 'Ogiltigt belopp (skriv t.ex. 7 450,00 eller -250)';
}

// ---------------------------------------------------------------------------------------------------
// Dates and small field formats

const DATE_DASHED = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

type DateResult = { ok: true; value: string } | { ok: false; reason: string };

/** "2026-01-31" or "20260131" → "2026-01-31". */
function parseDate(raw: string): DateResult {
  const m = DATE_DASHED.exec(raw) ?? DATE_COMPACT.exec(raw);
  if (!m) return { ok: false, reason: 'Ogiltigt datum (skriv ÅÅÅÅ-MM-DD, t.ex. 2026-01-31)' };
  const [, y = '', mo = '', d = ''] = m;
  if (!isRealDate(Number(y), Number(mo), Number(d))) return { ok: false, reason: 'Datumet finns inte i kalendern' };
  if (Number(y) < 1900 || Number(y) > 2100) return { ok: false, reason: 'Orimligt årtal (ska vara mellan 1900 och 2100)' };
  return { ok: true, value: `${y}-${mo}-${d}` };
}

/** Swedish numbers → E.164 (+46…); other numbers must already be international (+ or 00). */
function normalisePhone(raw: string): string | null {
  let s = raw.replace(/\(0\)/g, '').replace(/[\s\u00a0\u2009\u202f\-./()]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  if (s.startsWith('+')) {
    if (!/^\+[1-9]\d{6,14}$/.test(s)) return null;
    if (!s.startsWith('+46')) return s;
    let national = s.slice(3);
    if (national.startsWith('0')) national = national.slice(1); // "+46 070…" is a common slip
    return /^[1-9]\d{6,8}$/.test(national) ? `+46${national}` : null;
  }
  return /^0[1-9]\d{6,8}$/.test(s) ? `+46${s.slice(1)}` : null;
}

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>".]+(\.[^\s@,;<>".]+)*\.[^\s@,;<>".\d]{2,}$/;

function foldName(s: string): string {
  return s.trim().toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

const LETTING_FORMS: Record<string, TenancyRow['lettingForm']> = {
  hyresratt: 'hyresratt',
  andrahand: 'andrahand',
  andrahandsuthyrning: 'andrahand',
  privatuthyrning: 'privatuthyrning',
};

const TRANSACTION_KINDS: Record<string, TransactionRow['kind']> = {
  avi: 'charge',
  betalning: 'payment',
  inbetalning: 'payment',
  kreditering: 'credit',
};

// ---------------------------------------------------------------------------------------------------
// Decoding

// Windows-1252 bytes 0x80–0x9F. Applied after TextDecoder('windows-1252') because Node 20's decoder
// returns these bytes as C1 control characters (U+0080–U+009F) instead of €, –, ” and so on.
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function fixC1(s: string): string {
  return s.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? c);
}

function isUtf8Prefix(bytes: Uint8Array, complete: boolean): boolean {
  try {
    // stream: a multibyte character cut at the end of the sample is not an error
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/** Bytes of the UTF-8 character that starts with this lead byte (1 for a byte that cannot lead). */
function utf8Length(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 1;
}

function firstNonAscii(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i;
  return -1;
}

const ascii = new TextDecoder('windows-1252');

/**
 * Bytes → text. A UTF-8 BOM means UTF-8 (the BOM is dropped). Otherwise the encoding is decided at the
 * first byte that is not ASCII, wherever in the file it comes (plain ASCII reads the same in both):
 * strict UTF-8 from there means UTF-8, anything else Windows-1252. Bytes that are not valid UTF-8 later
 * in a UTF-8 file become U+FFFD, which the row checks reject.
 */
export async function* decodeStream(input: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let mode: 'undecided' | 'utf8' | 'windows-1252' = 'undecided';
  let decoder: TextDecoder | null = null;
  let first = true;
  const decode = (bytes: Uint8Array, stream: boolean): string => {
    const text = decoder!.decode(bytes, { stream });
    return mode === 'windows-1252' ? fixC1(text) : text;
  };
  for await (let chunk of input) {
    if (chunk.length === 0) continue;
    if (first) {
      first = false;
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        mode = 'utf8';
        decoder = new TextDecoder('utf-8');
        chunk = chunk.subarray(3);
      }
    }
    if (mode === 'undecided') {
      const at = firstNonAscii(chunk);
      if (at < 0) {
        yield ascii.decode(chunk);
        continue;
      }
      if (at > 0) yield ascii.decode(chunk.subarray(0, at));
      chunk = chunk.subarray(at);
      // Everything before was ASCII, so the chunk starts on a character boundary; the first character
      // decides (a Windows-1252 å, ä or ö is one byte not followed by UTF-8 continuation bytes).
      mode = isUtf8Prefix(chunk.subarray(0, utf8Length(chunk[0]!)), false) ? 'utf8' : 'windows-1252';
      decoder = new TextDecoder(mode);
    }
    const text = decode(chunk, true);
    if (text !== '') yield text;
  }
  if (decoder) {
    const rest = decode(new Uint8Array(0), false);
    if (rest !== '') yield rest;
  }
}

async function* single(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function* toText(input: Input): AsyncGenerator<string> {
  if (typeof input === 'string') {
    yield input.startsWith('\ufeff') ? input.slice(1) : input;
    return;
  }
  yield* decodeStream(input instanceof Uint8Array ? single(input) : input);
}

// ---------------------------------------------------------------------------------------------------
// CSV records with physical line numbers

const MAX_RECORD_CHARS = 100_000;

function detectDelimiter(headerLine: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
  }
  return semicolons === 0 && commas > 0 ? ',' : ';';
}

const TEXT_PROBLEM_REASONS: Record<CsvTextProblem, string> = {
  quote_not_closed: 'Ett citattecken (") öppnas på raden men stängs aldrig – resten av filen kunde inte läsas',
  invalid_closing_quote: 'Citattecken (") på fel ställe – rätta raden; den har inte kontrollerats',
  record_too_long: 'Raden är orimligt lång – saknas ett avslutande citattecken (")? Resten av filen kunde inte läsas',
};

/**
 * Text → records (trimmed fields) and problems of the text itself, in file order, one array per chunk
 * read. Empty lines and lines with only delimiters are skipped. The delimiter is ';' unless the first
 * non-empty line has commas and no semicolons.
 */
async function* readCsv(input: Input): AsyncGenerator<CsvEvent[]> {
  let reader: CsvRecordReader | null = null;
  let head = '';
  const start = (): CsvRecordReader => {
    const headerLine = head.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
    return new CsvRecordReader(detectDelimiter(headerLine), MAX_RECORD_CHARS);
  };
  for await (const text of toText(input)) {
    if (reader !== null) {
      yield reader.push(text);
      continue;
    }
    // Wait for the first non-empty line to be complete: the delimiter is detected from it.
    head += text;
    if (!/\S[^\r\n]*[\r\n]/.test(head) && head.length < MAX_RECORD_CHARS) continue;
    reader = start();
    yield reader.push(head);
  }
  if (reader === null) {
    // The whole text is shorter than its first line's end: one record, or none.
    reader = start();
    yield reader.push(head);
  }
  yield reader.end();
}

// ---------------------------------------------------------------------------------------------------
// Files: header, rows

interface ColumnSpec {
  name: string;
  required: boolean;
}

interface Header {
  line: number;
  width: number;
  index: Map<string, number>;
}

type Get = (column: string) => string;

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
async function* parseFileBatches<R>(input: Input, spec: FileSpec<R>): AsyncGenerator<ParsedItem<R>[]> {
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

async function* flatten<R>(batches: AsyncGenerator<ParsedItem<R>[]>): AsyncGenerator<ParsedItem<R>> {
  for await (const batch of batches) yield* batch;
}

function clip(s: string, max = 200): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Collects problems for one row and hands out checked values. */
class RowCheck {
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

// ---------------------------------------------------------------------------------------------------
// Tenancies

const TENANCY_COLUMNS: readonly ColumnSpec[] = [
  { name: 'kontraktsnummer', required: true },
  { name: 'objektnummer', required: false },
  { name: 'adress', required: true },
  { name: 'postnummer', required: false },
  { name: 'ort', required: false },
  { name: 'kommunkod', required: false },
  { name: 'omrade', required: false },
  { name: 'personnummer', required: true },
  { name: 'namn', required: true },
  { name: 'telefon', required: false },
  { name: 'epost', required: false },
  { name: 'vuxna', required: false },
  { name: 'barn', required: false },
  { name: 'manadshyra', required: true },
  { name: 'startdatum', required: true },
  { name: 'slutdatum', required: false },
  { name: 'uthyrningsform', required: false },
];

// Columns describing the tenancy (not the person): co-tenant rows must agree on them.
const TENANCY_FIELDS = [
  'objektnummer',
  'adress',
  'postnummer',
  'ort',
  'kommunkod',
  'omrade',
  'vuxna',
  'barn',
  'manadshyra',
  'startdatum',
  'slutdatum',
  'uthyrningsform',
] as const;

function tenancyComparable(row: TenancyRow): Record<(typeof TENANCY_FIELDS)[number], string> {
  const fold = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').toLowerCase();
  return {
    objektnummer: fold(row.objectNumber),
    adress: fold(row.address),
    postnummer: row.postalCode ?? '',
    ort: fold(row.city),
    kommunkod: row.municipalityCode ?? '',
    omrade: fold(row.area),
    vuxna: row.adults === null ? '' : String(row.adults),
    barn: row.children === null ? '' : String(row.children),
    manadshyra: String(row.monthlyRent),
    startdatum: row.startDate,
    slutdatum: row.endDate ?? '',
    uthyrningsform: row.lettingForm,
  };
}

interface ContractSeen {
  line: number;
  comparable: Record<(typeof TENANCY_FIELDS)[number], string>;
  raw: Record<(typeof TENANCY_FIELDS)[number], string>;
  people: Map<string, number>; // personnummer → line
}

function checkTenancyRow(c: RowCheck, get: Get, line: number, referenceDate: string): TenancyRow | null {
  const contractNumber = c.text('kontraktsnummer', true, 64);
  const objectNumber = c.optionalText('objektnummer', 64);
  const address = c.text('adress', true);
  const name = c.text('namn', true);
  const city = c.optionalText('ort', 100);
  const area = c.optionalText('omrade', 100);

  let postalCode: string | null = null;
  const postal = get('postnummer');
  if (postal !== '') {
    const m = /^(\d{3})[ \u00a0]?(\d{2})$/.exec(postal);
    if (m) postalCode = `${m[1]}${m[2]}`;
    else c.fail('postnummer', postal, 'Ogiltigt postnummer (fem siffror, t.ex. 722 12)');
  }

  const kommunkod = get('kommunkod');
  let municipalityCode: string | null = null;
  if (kommunkod !== '') {
    if (/^\d{4}$/.test(kommunkod)) municipalityCode = kommunkod;
    else c.fail('kommunkod', kommunkod, 'Ogiltig kommunkod (fyra siffror, t.ex. 1980 för Västerås)');
  }

  let personnummer = '';
  const pnrRaw = get('personnummer');
  if (pnrRaw === '') c.fail('personnummer', null, 'Personnummer saknas (kolumnen är obligatorisk)');
  else {
    const p = parsePersonnummer(pnrRaw, referenceDate);
    if (p.ok) personnummer = p.value;
    else c.fail('personnummer', pnrRaw, p.reason);
  }

  let phone: string | null = null;
  const phoneRaw = get('telefon');
  if (phoneRaw !== '') {
    phone = normalisePhone(phoneRaw);
    if (phone === null) c.fail('telefon', phoneRaw, 'Ogiltigt telefonnummer (t.ex. 070-123 45 67 eller +46 70 123 45 67)');
  }

  let email: string | null = null;
  const emailRaw = get('epost');
  if (emailRaw !== '') {
    if (emailRaw.length <= 254 && EMAIL.test(emailRaw)) email = emailRaw;
    else c.fail('epost', emailRaw, 'Ogiltig e-postadress (t.ex. namn@exempel.se)');
  }

  const adults = c.count('vuxna', 1, 20);
  const children = c.count('barn', 0, 20);

  let monthlyRent = c.amount('manadshyra');
  if (monthlyRent !== null && monthlyRent <= 0) {
    c.fail('manadshyra', get('manadshyra'), 'Månadshyran måste vara större än 0');
    monthlyRent = null;
  }

  const startDate = c.date('startdatum', true);
  const endDate = c.date('slutdatum', false);
  if (startDate !== null && endDate !== null && endDate < startDate) {
    c.fail('slutdatum', get('slutdatum'), `Slutdatum ligger före startdatum (${startDate})`);
  }

  let lettingForm: TenancyRow['lettingForm'] = 'hyresratt';
  const formRaw = get('uthyrningsform');
  if (formRaw !== '') {
    const form = LETTING_FORMS[foldName(formRaw).replace(/[\s-]/g, '')];
    if (form === undefined) c.fail('uthyrningsform', formRaw, 'Okänd uthyrningsform (hyresrätt, andrahand eller privatuthyrning)');
    else lettingForm = form;
  }

  if (c.problems.length > 0 || monthlyRent === null || startDate === null) return null;
  return {
    line,
    contractNumber,
    objectNumber,
    address,
    postalCode,
    city,
    municipalityCode,
    area,
    personnummer,
    name,
    phone,
    email,
    adults,
    children,
    monthlyRent,
    startDate,
    endDate,
    lettingForm,
  };
}

/**
 * Tenancies file: one row per tenant; co-tenants share a kontraktsnummer and must agree on the tenancy
 * columns. `referenceDate` (YYYY-MM-DD, normally today) decides the century of 10-digit personnummer.
 */
export function parseTenancies(input: Input, opts: { referenceDate: string }): AsyncGenerator<ParsedItem<TenancyRow>> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.referenceDate) || !parseDate(opts.referenceDate).ok) {
    throw new RangeError(`referenceDate must be YYYY-MM-DD: ${opts.referenceDate}`);
  }
  const contracts = new Map<string, ContractSeen>();
  return flatten(parseFileBatches<TenancyRow>(input, {
    columns: TENANCY_COLUMNS,
    row: (get, line) => {
      const c = new RowCheck(get, line);
      const row = checkTenancyRow(c, get, line, opts.referenceDate);
      if (row === null) return { row: null, problems: c.problems };
      const seen = contracts.get(row.contractNumber);
      if (seen === undefined) {
        const raw = {} as Record<(typeof TENANCY_FIELDS)[number], string>;
        for (const f of TENANCY_FIELDS) raw[f] = get(f);
        contracts.set(row.contractNumber, {
          line,
          comparable: tenancyComparable(row),
          raw,
          people: new Map([[row.personnummer, line]]),
        });
        return { row, problems: [] };
      }
      const firstLine = seen.people.get(row.personnummer);
      if (firstLine !== undefined) {
        c.fail(
          'personnummer',
          get('personnummer'),
          `Dubblett: samma person och kontraktsnummer finns redan på rad ${firstLine}`,
        );
        return { row: null, problems: c.problems };
      }
      const comparable = tenancyComparable(row);
      for (const f of TENANCY_FIELDS) {
        if (comparable[f] !== seen.comparable[f]) {
          const before = seen.raw[f] === '' ? 'tomt' : `"${seen.raw[f]}"`;
          c.fail(f, get(f), `Samma kontraktsnummer som rad ${seen.line}, men ${f} skiljer sig (där: ${before}); rader för samma kontrakt ska ha samma uppgifter om kontraktet`);
        }
      }
      if (c.problems.length > 0) return { row: null, problems: c.problems };
      seen.people.set(row.personnummer, line);
      return { row, problems: [] };
    },
  }));
}

// ---------------------------------------------------------------------------------------------------
// Transactions

const TRANSACTION_COLUMNS: readonly ColumnSpec[] = [
  { name: 'kontraktsnummer', required: true },
  { name: 'typ', required: true },
  { name: 'datum', required: true },
  { name: 'forfallodatum', required: false },
  { name: 'belopp', required: true },
  { name: 'referens', required: true },
];

/**
 * Transactions file: rent charges (avi), payments (betalning) and credits (kreditering). A referens may
 * occur once per file; the second occurrence is rejected naming the line of the first.
 */
export function parseTransactions(input: Input): AsyncGenerator<ParsedItem<TransactionRow>> {
  return flatten(parseTransactionBatches(input));
}

/** parseTransactions a chunk's worth of rows at a time (the import's fast path). */
export function parseTransactionBatches(input: Input): AsyncGenerator<ParsedItem<TransactionRow>[]> {
  const references = new TextIndex(); // referens → first line
  return parseFileBatches<TransactionRow>(input, {
    columns: TRANSACTION_COLUMNS,
    row: (get, line) => {
      const c = new RowCheck(get, line);
      const contractNumber = c.text('kontraktsnummer', true, 64);

      let kind: TransactionRow['kind'] | null = null;
      const typ = get('typ');
      if (typ === '') c.fail('typ', null, 'Typ saknas (avi, betalning eller kreditering)');
      else {
        kind = TRANSACTION_KINDS[foldName(typ)] ?? null;
        if (kind === null) c.fail('typ', typ, 'Okänd typ (ska vara avi, betalning eller kreditering)');
      }

      const bookedOn = c.date('datum', true);
      let dueDate: string | null = null;
      if (kind === 'charge' && get('forfallodatum') === '') {
        c.fail('forfallodatum', null, 'Förfallodatum saknas (krävs för avi)');
      } else {
        dueDate = c.date('forfallodatum', false);
      }

      const amount = c.amount('belopp');
      if (amount === 0) c.fail('belopp', get('belopp'), 'Beloppet får inte vara 0');
      else if (amount !== null && amount < 0 && kind === 'charge') {
        c.fail('belopp', get('belopp'), 'En avi måste ha ett belopp större än 0 (en rättelse läggs in som kreditering)');
      }

      const reference = c.text('referens', true, 100);
      if (reference !== '') {
        const first = references.firstLineOrAdd(reference, line);
        if (first !== undefined) c.fail('referens', reference, `Referensen finns redan på rad ${first} – varje referens får bara förekomma en gång`);
      }

      if (c.problems.length > 0 || kind === null || bookedOn === null || amount === null) {
        return { row: null, problems: c.problems };
      }
      return { row: { line, contractNumber, kind, bookedOn, dueDate, amount, reference }, problems: [] };
    },
  });
}

