// Test helpers for the CSV import's tests: a reference date, the transactions header, byte input and collecting parsed items.
import type { ImportProblem, ParsedItem } from './csv-rows.ts';

export const REF = { referenceDate: '2026-01-15' };

export async function collect<R>(items: AsyncIterable<ParsedItem<R>>): Promise<{ rows: R[]; problems: ImportProblem[] }> {
  const rows: R[] = [];
  const problems: ImportProblem[] = [];
  for await (const item of items) {
    if ('row' in item) rows.push(item.row);
    else problems.push(item.problem);
  }
  return { rows, problems };
}

export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Windows-1252 bytes for the few characters our tests use. */
export function windows1252(s: string): Uint8Array {
  const special: Record<string, number> = { '€': 0x80, '–': 0x96, '’': 0x92 };
  return Uint8Array.from([...s], (ch) => {
    const code = ch.charCodeAt(0);
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
    const b = special[ch];
    if (b === undefined) throw new Error(`not in the test encoder: ${ch}`);
    return b;
  });
}

export const X_HEADER = 'kontraktsnummer;typ;datum;forfallodatum;belopp;referens';
