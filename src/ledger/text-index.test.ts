import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextIndex } from './text-index.ts';

describe('TextIndex', () => {
  it('answers exactly as a Map of first lines would, through every growth of its arrays (property)', () => {
    // Short strings from a small alphabet repeat often; long and non-ASCII ones exercise the text store.
    const text = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'b', 'Å', '-'), maxLength: 4 }), fc.string({ unit: 'grapheme', maxLength: 40 }));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 3000 }), (texts) => {
        const index = new TextIndex();
        const expected = new Map<string, number>();
        texts.forEach((t, line) => {
          const first = expected.get(t);
          if (first === undefined) expected.set(t, line);
          expect(index.firstLineOrAdd(t, line)).toBe(first);
        });
        expect(index.size).toBe(expected.size);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps 200 000 references apart that differ only in their last characters', () => {
    const index = new TextIndex();
    let seenBefore = 0;
    for (let i = 0; i < 200_000; i++) if (index.firstLineOrAdd(`K0000001-B-2026-${i}`, i + 2) !== undefined) seenBefore++;
    expect(seenBefore).toBe(0);
    expect(index.size).toBe(200_000);
    expect(index.firstLineOrAdd('K0000001-B-2026-199999', 9)).toBe(200_001);
    expect(index.firstLineOrAdd('K0000001-B-2026-0', 9)).toBe(2);
    expect(index.firstLineOrAdd('', 7)).toBeUndefined();
    expect(index.firstLineOrAdd('', 8)).toBe(7);
  });
});
