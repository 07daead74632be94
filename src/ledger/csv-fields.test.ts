// parseAmountToOre (csv-fields.ts): amounts as Swedish exports write them, read into exact öre.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmountToOre } from './csv-fields.ts';

describe('parseAmountToOre', () => {
  it('reads decimal comma or point and space thousands separators into exact öre', () => {
    expect(parseAmountToOre('7450')).toBe(745000);
    expect(parseAmountToOre('7 450,50')).toBe(745050);
    expect(parseAmountToOre('7450.5')).toBe(745050);
    expect(parseAmountToOre('0,05')).toBe(5);
    expect(parseAmountToOre('-250')).toBe(-25000);
    expect(parseAmountToOre('\u2212250,10')).toBe(-25010); // minus sign
    expect(parseAmountToOre('1\u00a0234\u00a0567,89')).toBe(123456789); // no-break space
    expect(parseAmountToOre('1\u2009234,89')).toBe(123489); // thin space
    expect(parseAmountToOre('1\u202f234,89')).toBe(123489); // narrow no-break space
    expect(parseAmountToOre(' 12 345,67 ')).toBe(1234567);
    expect(parseAmountToOre('0.29')).toBe(29); // 0.29 * 100 is 28.999… in floating point
    expect(Object.is(parseAmountToOre('-0,00'), 0)).toBe(true);
    expect(parseAmountToOre('9999999999999,99')).toBe(999999999999999);
  });

  it('rejects currencies, ambiguous separators and anything else', () => {
    for (const bad of ['', ' ', '7 450 kr', '7450kr', '100 SEK', '100:-', '1.234,50', '1,234.50', '1.234.567', '12 34', '1234 567', '12,345', '+100', ',50', '100,', '1e3', '12345678901234', '- 5', '--5', 'abc', '7 450,5 0']) {
      expect(parseAmountToOre(bad), bad).toBeNull();
    }
  });

  it('round-trips any amount formatted with either decimal mark and any thousands separator (property)', () => {
    const format = (ore: number, mark: string, sep: string, decimals: number): string => {
      const abs = Math.abs(ore);
      const kronor = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+$)/g, sep);
      const cents = String(abs % 100).padStart(2, '0');
      const frac = decimals === 0 ? '' : `${mark}${decimals === 1 ? cents.slice(0, 1) : cents}`;
      return `${ore < 0 ? '-' : ''}${kronor}${frac}`;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: -1e14, max: 1e14 }),
        fc.constantFrom(',', '.'),
        fc.constantFrom('', ' ', '\u00a0', '\u2009', '\u202f'),
        fc.integer({ min: 0, max: 2 }),
        (ore, mark, sep, want) => {
          // as few decimals as the amount allows, at least `want`
          const decimals = ore % 100 !== 0 ? (ore % 10 !== 0 ? 2 : Math.max(1, want)) : want;
          const s = format(ore, mark, sep, decimals);
          expect(parseAmountToOre(s), s).toBe(ore === 0 ? 0 : ore);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
