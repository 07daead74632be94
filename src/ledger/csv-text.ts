// A ledger file as text and records: bytes decoded as UTF-8 or Windows-1252, whichever the file is, and
// records with their physical line numbers and the problems of the text itself (csv-records.ts).
import { type CsvEvent, CsvRecordReader, type CsvTextProblem } from './csv-records.ts';

/** What a file is read from: a stream of bytes, the bytes at once, or text. */
export type Input = AsyncIterable<Uint8Array> | Uint8Array | string;


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

export const TEXT_PROBLEM_REASONS: Record<CsvTextProblem, string> = {
  quote_not_closed: 'Ett citattecken (") öppnas på raden men stängs aldrig – resten av filen kunde inte läsas',
  invalid_closing_quote: 'Citattecken (") på fel ställe – rätta raden; den har inte kontrollerats',
  record_too_long: 'Raden är orimligt lång – saknas ett avslutande citattecken (")? Resten av filen kunde inte läsas',
};

/**
 * Text → records (trimmed fields) and problems of the text itself, in file order, one array per chunk
 * read. Empty lines and lines with only delimiters are skipped. The delimiter is ';' unless the first
 * non-empty line has commas and no semicolons.
 */
export async function* readCsv(input: Input): AsyncGenerator<CsvEvent[]> {
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
