// decodeStream (csv-text.ts): UTF-8 or Windows-1252 bytes, in chunks of any size, to text.
import { describe, expect, it } from 'vitest';
import { decodeStream } from './csv-text.ts';
import { chunked, utf8, windows1252 } from './csv.test-helpers.ts';

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const c of chunks) s += c;
  return s;
}

describe('decodeStream', () => {
  const sample = 'namn;ort\nBirgitta Åström;Västerås\nMikael Öberg;Bäckby – Hälla\n';

  it('reads UTF-8 even when a multibyte character is split between chunks', async () => {
    for (const size of [1, 2, 3, 7]) {
      expect(await text(decodeStream(chunked(utf8(sample), size)))).toBe(sample);
    }
  });

  it('drops a UTF-8 byte-order mark, also when it arrives byte by byte', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(sample)]);
    expect(await text(decodeStream(chunked(bytes, 1)))).toBe(sample);
  });

  it('reads a file that is not UTF-8 as Windows-1252, including € and – (0x80–0x9F)', async () => {
    const legacy = `${sample}Hyra € 7 450,00\n`;
    expect(await text(decodeStream(chunked(windows1252(legacy), 5)))).toBe(legacy);
  });

  it('decides at the first non-ASCII byte, however far into the file: a Windows-1252 å after 70 000 ASCII bytes stays å', async () => {
    const bytes = new Uint8Array([...utf8('a'.repeat(70_000)), 0xe5, ...utf8('b')]);
    expect(await text(decodeStream(chunked(bytes, 4096)))).toBe(`${'a'.repeat(70_000)}åb`);
  });

  it('reads UTF-8 whose first å comes late, and marks a later invalid byte as U+FFFD', async () => {
    const bytes = new Uint8Array([...utf8('a'.repeat(70_000) + 'å'), 0xe5, ...utf8('b')]);
    expect(await text(decodeStream(chunked(bytes, 4096)))).toBe(`${'a'.repeat(70_000)}å\ufffdb`);
  });
});
