import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTestPersonnummer } from '../../test/fixtures/personnummer.ts';
import { parseTenancies, parseTransactions, type TenancyRow, type TransactionRow } from './csv.ts';
import { parseAmountToOre } from './csv-fields.ts';
import { type ImportProblem, maskPersonnummer, type ParsedItem } from './csv-rows.ts';
import { decodeStream } from './csv-text.ts';

const REF = { referenceDate: '2026-01-15' };
const fixture = (name: string): Uint8Array => readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url));

async function collect<R>(items: AsyncIterable<ParsedItem<R>>): Promise<{ rows: R[]; problems: ImportProblem[] }> {
  const rows: R[] = [];
  const problems: ImportProblem[] = [];
  for await (const item of items) {
    if ('row' in item) rows.push(item.row);
    else problems.push(item.problem);
  }
  return { rows, problems };
}

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const c of chunks) s += c;
  return s;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Windows-1252 bytes for the few characters our tests use. */
function windows1252(s: string): Uint8Array {
  const special: Record<string, number> = { '€': 0x80, '–': 0x96, '’': 0x92 };
  return Uint8Array.from([...s], (ch) => {
    const code = ch.charCodeAt(0);
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
    const b = special[ch];
    if (b === undefined) throw new Error(`not in the test encoder: ${ch}`);
    return b;
  });
}

const T_HEADER =
  'kontraktsnummer;objektnummer;adress;postnummer;ort;kommunkod;omrade;personnummer;namn;telefon;epost;vuxna;barn;manadshyra;startdatum;slutdatum;uthyrningsform';

/** A complete, valid tenancies line; override columns by name. */
function tenancyLine(over: Record<string, string> = {}): string {
  const base: Record<string, string> = {
    kontraktsnummer: '100-1001',
    objektnummer: '1001-1101',
    adress: 'Vasagatan 12 lgh 1101',
    postnummer: '722 15',
    ort: 'Västerås',
    kommunkod: '1980',
    omrade: 'Centrum',
    personnummer: '19900214-2389',
    namn: 'Sara Lindqvist',
    telefon: '070-123 45 67',
    epost: 'sara@example.se',
    vuxna: '2',
    barn: '1',
    manadshyra: '7 845,00',
    startdatum: '2019-04-01',
    slutdatum: '',
    uthyrningsform: 'hyresrätt',
  };
  return T_HEADER.split(';')
    .map((c) => over[c] ?? base[c] ?? '')
    .join(';');
}

const X_HEADER = 'kontraktsnummer;typ;datum;forfallodatum;belopp;referens';

// -------------------------------------------------------------------------------------------------

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

// -------------------------------------------------------------------------------------------------

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

// -------------------------------------------------------------------------------------------------

describe('parseTenancies', () => {
  it('reads a row into normalised values', async () => {
    const { rows, problems } = await collect(parseTenancies(`${T_HEADER}\n${tenancyLine()}\n`, REF));
    expect(problems).toEqual([]);
    expect(rows).toEqual<TenancyRow[]>([
      {
        line: 2,
        contractNumber: '100-1001',
        objectNumber: '1001-1101',
        address: 'Vasagatan 12 lgh 1101',
        postalCode: '72215',
        city: 'Västerås',
        municipalityCode: '1980',
        area: 'Centrum',
        personnummer: '199002142389',
        name: 'Sara Lindqvist',
        phone: '+46701234567',
        email: 'sara@example.se',
        adults: 2,
        children: 1,
        monthlyRent: 784500,
        startDate: '2019-04-01',
        endDate: null,
        lettingForm: 'hyresratt',
      },
    ]);
  });

  it('finds columns by name in any order, case and å/ä/ö-insensitive, ignores unknown ones, allows optional ones to be missing', async () => {
    const csv = [
      'Namn ; Startdatum;EXTRA;Månadshyra;Personnummer;Adress;Kontraktsnummer',
      'Gunnel Berg;19981001;whatever;5 912,50;460304-7327;Vasagatan 12 lgh 1204;100-1002',
    ].join('\n');
    const { rows, problems } = await collect(parseTenancies(csv, REF));
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      contractNumber: '100-1002',
      personnummer: '194603047327',
      name: 'Gunnel Berg',
      monthlyRent: 591250,
      startDate: '1998-10-01',
      postalCode: null,
      municipalityCode: null,
      phone: null,
      adults: null,
      children: null,
      endDate: null,
      lettingForm: 'hyresratt',
    });
  });

  it('accepts a comma-delimited file (quoted decimal commas)', async () => {
    const csv = 'kontraktsnummer,adress,personnummer,namn,manadshyra,startdatum\n100-1001,"Vasagatan 12, lgh 1101",19900214-2389,Sara Lindqvist,"7 845,00",2019-04-01\n';
    const { rows, problems } = await collect(parseTenancies(csv, REF));
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ address: 'Vasagatan 12, lgh 1101', monthlyRent: 784500 });
  });

  it('reads a file with a BOM (bytes or string)', async () => {
    const csv = `${T_HEADER}\n${tenancyLine()}\n`;
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(csv)]);
    for (const input of [bytes, `\ufeff${csv}`, chunked(bytes, 2)]) {
      const { rows, problems } = await collect(parseTenancies(input, REF));
      expect(problems).toEqual([]);
      expect(rows).toHaveLength(1);
    }
  });

  it('reads a legacy Windows-1252 export with å, ä and ö', async () => {
    const csv = `${T_HEADER}\r\n${tenancyLine({ namn: 'Birgitta Åström', adress: 'Sveavägen 8', omrade: 'Bäckby', ort: 'Västerås', kontraktsnummer: '300-0050', personnummer: '19570218-2568' })}\r\n${tenancyLine({ namn: 'Mikael Öberg', personnummer: '800113-9297', kontraktsnummer: '200-0418' })}\r\n`;
    const { rows, problems } = await collect(parseTenancies(chunked(windows1252(csv), 64), REF));
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.line, r.name, r.address, r.area, r.city])).toEqual([
      [2, 'Birgitta Åström', 'Sveavägen 8', 'Bäckby', 'Västerås'],
      [3, 'Mikael Öberg', 'Vasagatan 12 lgh 1101', 'Centrum', 'Västerås'],
    ]);
  });

  it('normalises postnummer, telefon and uthyrningsform', async () => {
    const csv = [
      T_HEADER,
      tenancyLine({ postnummer: '72215', telefon: '+46 (0)70-123 45 67', uthyrningsform: 'Andrahand' }),
      tenancyLine({ kontraktsnummer: 'B', telefon: '021-13 45 67', uthyrningsform: 'PRIVATUTHYRNING', personnummer: '19900315-2387' }),
      tenancyLine({ kontraktsnummer: 'C', telefon: '0046 8 123 456 78', uthyrningsform: 'Hyresratt', personnummer: '19900316-2386' }),
      tenancyLine({ kontraktsnummer: 'D', telefon: '+47 912 34 567', uthyrningsform: '', personnummer: '19900317-2385' }),
    ].join('\n');
    const { rows, problems } = await collect(parseTenancies(csv, REF));
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.postalCode, r.phone, r.lettingForm])).toEqual([
      ['72215', '+46701234567', 'andrahand'],
      ['72215', '+4621134567', 'privatuthyrning'],
      ['72215', '+46812345678', 'hyresratt'],
      ['72215', '+4791234567', 'hyresratt'],
    ]);
  });

  it('accepts co-tenants on one kontraktsnummer and rejects a duplicate person or a disagreeing tenancy column', async () => {
    const csv = [
      T_HEADER,
      tenancyLine({ personnummer: '19900214-2389', namn: 'Sara Lindqvist' }),
      tenancyLine({ personnummer: '900315-2387', namn: 'Ahmed Lindqvist', manadshyra: '7845', postnummer: '72215', telefon: '', epost: '' }),
      tenancyLine({ personnummer: '199002142389', namn: 'Sara L' }),
      tenancyLine({ personnummer: '19900316-2386', namn: 'Bo', manadshyra: '7 900,00', barn: '2' }),
    ].join('\n');
    const { rows, problems } = await collect(parseTenancies(csv, REF));
    expect(rows.map((r) => [r.line, r.personnummer])).toEqual([
      [2, '199002142389'],
      [3, '199003152387'],
    ]);
    expect(problems).toEqual([
      { line: 4, column: 'personnummer', value: '19900214****', reason: 'Dubblett: samma person och kontraktsnummer finns redan på rad 2' },
      { line: 5, column: 'barn', value: '2', reason: expect.stringMatching(/^Samma kontraktsnummer som rad 2, men barn skiljer sig \(där: "1"\)/) },
      { line: 5, column: 'manadshyra', value: '7 900,00', reason: expect.stringMatching(/rad 2, men manadshyra skiljer sig \(där: "7 845,00"\)/) },
    ]);
  });

  it('names line, column, value and a Swedish reason for every rejection', async () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ kontraktsnummer: '' }, 'kontraktsnummer', /^Uppgiften saknas/],
      [{ kontraktsnummer: 'K'.repeat(65) }, 'kontraktsnummer', /för lång/],
      [{ adress: '' }, 'adress', /^Uppgiften saknas/],
      [{ namn: '' }, 'namn', /^Uppgiften saknas/],
      [{ postnummer: '7221' }, 'postnummer', /^Ogiltigt postnummer/],
      [{ kommunkod: '198' }, 'kommunkod', /^Ogiltig kommunkod/],
      [{ personnummer: '' }, 'personnummer', /^Personnummer saknas/],
      [{ personnummer: '19900214-2388' }, 'personnummer', /^Ogiltigt personnummer \(kontrollsiffran stämmer inte\)$/],
      [{ personnummer: '19900230-2385' }, 'personnummer', /datumet finns inte/],
      [{ personnummer: '1990-02-14' }, 'personnummer', /fel format/],
      [{ telefon: 'ring mig' }, 'telefon', /^Ogiltigt telefonnummer/],
      [{ telefon: '070-12' }, 'telefon', /^Ogiltigt telefonnummer/],
      [{ epost: 'sara@' }, 'epost', /^Ogiltig e-postadress/],
      [{ epost: 'sara@example' }, 'epost', /^Ogiltig e-postadress/],
      [{ vuxna: '0' }, 'vuxna', /minst 1/],
      [{ barn: '-1' }, 'barn', /heltal/],
      [{ barn: '2,5' }, 'barn', /heltal/],
      [{ barn: '25' }, 'barn', /mellan 0 och 20/],
      [{ manadshyra: '' }, 'manadshyra', /^Belopp saknas/],
      [{ manadshyra: '7 845 kr' }, 'manadshyra', /"kr"/],
      [{ manadshyra: '1.234,50' }, 'manadshyra', /ett decimaltecken/],
      [{ manadshyra: '12,345' }, 'manadshyra', /högst två decimaler/],
      [{ manadshyra: 'sju tusen' }, 'manadshyra', /^Ogiltigt belopp/],
      [{ manadshyra: '0' }, 'manadshyra', /större än 0/],
      [{ manadshyra: '-100' }, 'manadshyra', /större än 0/],
      [{ startdatum: '' }, 'startdatum', /^Datum saknas/],
      [{ startdatum: '2019-02-29' }, 'startdatum', /finns inte i kalendern/],
      [{ startdatum: '01/04/2019' }, 'startdatum', /ÅÅÅÅ-MM-DD/],
      [{ startdatum: '2019-4-1' }, 'startdatum', /ÅÅÅÅ-MM-DD/],
      [{ startdatum: '1850-01-01' }, 'startdatum', /Orimligt årtal/],
      [{ slutdatum: '2019-03-31' }, 'slutdatum', /före startdatum \(2019-04-01\)/],
      [{ uthyrningsform: 'bostadsrätt' }, 'uthyrningsform', /^Okänd uthyrningsform/],
    ];
    const csv = [T_HEADER, ...cases.map(([over], i) => tenancyLine({ kontraktsnummer: `K${i}`, ...over }))].join('\n');
    const { rows, problems } = await collect(parseTenancies(csv, REF));
    expect(rows).toEqual([]);
    expect(problems).toHaveLength(cases.length);
    // A personnummer is never kept whole in a report: at most what was typed up to the birth date.
    const masked: Record<string, string> = { '19900214-2388': '19900214****', '19900230-2385': '19900230****', '1990-02-14': '1990-02****' };
    cases.forEach(([over, column, reason], i) => {
      const p = problems[i];
      const typed = over[column] ?? '';
      expect(p?.line, column).toBe(i + 2);
      expect(p?.column).toBe(column);
      expect(p?.value).toBe(typed === '' ? null : column === 'personnummer' ? masked[typed] : typed);
      expect(p?.reason).toMatch(reason);
    });
  });

  it('masks a rejected personnummer and never keeps a raw line that may hold one', async () => {
    const csv = [
      T_HEADER,
      tenancyLine({ kontraktsnummer: 'A', personnummer: '19900214-2388' }),
      tenancyLine({ kontraktsnummer: 'B', personnummer: '900214-2388' }),
      tenancyLine({ kontraktsnummer: 'C', personnummer: '199002142388' }),
      `${tenancyLine({ kontraktsnummer: 'D', personnummer: '19900214-2389' })};extra`,
      tenancyLine({ kontraktsnummer: 'E', personnummer: '19900214-2389', namn: 'Sara \ufffd' }).replace('19900214-2389', '19900214-238\ufffd'),
    ].join('\n');
    const { problems } = await collect(parseTenancies(csv, REF));
    expect(problems.map((p) => [p.line, p.column, p.value])).toEqual([
      [2, 'personnummer', '19900214****'],
      [3, 'personnummer', '900214****'],
      [4, 'personnummer', '19900214****'],
      [5, null, null],
      [6, 'personnummer', '199002****'],
      [6, 'namn', 'Sara \ufffd'],
    ]);
    const text = JSON.stringify(problems);
    for (const whole of ['199002142388', '9002142388', '199002142389', '9002142389', '2388', '2389']) expect(text).not.toContain(whole);
  });

  it('maskPersonnummer keeps at most 8 characters and never a birth number', () => {
    expect(maskPersonnummer('19121212-1212')).toBe('19121212****');
    expect(maskPersonnummer('191212121212')).toBe('19121212****');
    expect(maskPersonnummer('121212-1212')).toBe('121212****');
    expect(maskPersonnummer('1212121212')).toBe('121212****');
    expect(maskPersonnummer('121212+1212')).toBe('121212****');
    expect(maskPersonnummer('okänt')).toBe('okänt****');
    expect(maskPersonnummer('x')).toBe('x****');
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (typed) => {
        const masked = maskPersonnummer(typed);
        expect(masked.endsWith('****')).toBe(true);
        expect(masked.length).toBeLessThanOrEqual(12);
        expect(typed.startsWith(masked.slice(0, -4))).toBe(true);
      }),
    );
  });

  it('reports several problems of one row in the order of the columns', async () => {
    const csv = `${T_HEADER}\n${tenancyLine({ telefon: 'x', postnummer: 'y', manadshyra: 'z' })}\n`;
    const { problems } = await collect(parseTenancies(csv, REF));
    expect(problems.map((p) => p.column)).toEqual(['postnummer', 'telefon', 'manadshyra']);
  });

  it('counts physical lines: empty lines are skipped, a quoted line break stays in its field', async () => {
    const csv = `${T_HEADER}\r\n\r\n${tenancyLine({ adress: '"Vasagatan 12\nlgh 1101"' })}\r\n;;;;;;;;;;;;;;;;\r\n\r\n${tenancyLine({ kontraktsnummer: 'B', manadshyra: 'fel' })}\r\n`;
    const { rows, problems } = await collect(parseTenancies(csv, REF));
    expect(rows.map((r) => [r.line, r.address])).toEqual([[3, 'Vasagatan 12\nlgh 1101']]);
    expect(problems).toMatchObject([{ line: 7, column: 'manadshyra', value: 'fel' }]);
  });

  it('rejects text that could not be decoded', async () => {
    const head = utf8(`${T_HEADER}\n${`${tenancyLine()}\n`.repeat(500)}`);
    const bytes = new Uint8Array([...head, ...utf8(tenancyLine({ kontraktsnummer: 'X', namn: 'Birgitta ' }).replace('Birgitta ', 'Birgitta #')), 0x0a]);
    const at = bytes.indexOf(0x23); // '#': put a lone Windows-1252 'Å' there, after the first 64 KiB
    bytes[at] = 0xc5;
    const { rows, problems } = await collect(parseTenancies(chunked(bytes, 8192), REF));
    expect(rows).toHaveLength(1); // the 499 copies of line 2 are duplicates of it
    expect(problems.at(-1)).toMatchObject({ line: 502, column: 'namn', value: 'Birgitta \ufffd', reason: expect.stringMatching(/inte kunde läsas/) });
  });

  it('throws on a bad reference date (a programming error)', () => {
    expect(() => parseTenancies('', { referenceDate: '15/01/2026' })).toThrow(RangeError);
  });
});

// -------------------------------------------------------------------------------------------------

describe('header problems stop the file at line 1', () => {
  it('empty file, or nothing but blank lines', async () => {
    for (const input of ['', '\n\r\n  \n', new Uint8Array(0)]) {
      expect((await collect(parseTransactions(input))).problems).toEqual([
        { line: 1, column: null, value: null, reason: 'Filen är tom – den ska börja med en rubrikrad med kolumnnamnen' },
      ]);
    }
  });

  it('no header: the first line is data', async () => {
    const { rows, problems } = await collect(parseTransactions('100-1001;avi;2026-01-15;2026-01-30;7 845,00;R1\n'));
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      { line: 1, column: null, value: null, reason: expect.stringMatching(/^Rubrikrad saknas/) },
    ]);
  });

  it('each missing required column is named, and no row is read', async () => {
    const { rows, problems } = await collect(parseTenancies('kontraktsnummer;namn;telefon\n100-1001;Sara;070-1234567\n', REF));
    expect(rows).toEqual([]);
    expect(problems.map((p) => [p.line, p.column, p.reason])).toEqual(
      ['adress', 'personnummer', 'manadshyra', 'startdatum'].map((c) => [1, c, `Kolumnen "${c}" saknas i rubrikraden`]),
    );
  });

  it('a column named twice', async () => {
    const { problems } = await collect(parseTransactions(`${X_HEADER};Belopp\n`));
    expect(problems).toEqual([{ line: 1, column: 'belopp', value: 'Belopp', reason: 'Kolumnen "belopp" finns flera gånger i rubrikraden' }]);
  });
});

// -------------------------------------------------------------------------------------------------

describe('parseTransactions', () => {
  it('reads charges, payments (also reversals) and credits', async () => {
    const csv = [
      X_HEADER,
      '100-1001;avi;2025-12-15;2025-12-30;7 845,00;A1',
      '100-1001;Betalning;20251229;;7845.00;B1',
      '100-1001;betalning;2026-01-02;;-7 845,00;B2',
      '100-1001;kreditering;2026-01-05;2025-12-30;1 200;K1',
      '100-1001;inbetalning;2026-01-09;;100,5;B3',
    ].join('\n');
    const { rows, problems } = await collect(parseTransactions(csv));
    expect(problems).toEqual([]);
    expect(rows).toEqual<TransactionRow[]>([
      { line: 2, contractNumber: '100-1001', kind: 'charge', bookedOn: '2025-12-15', dueDate: '2025-12-30', amount: 784500, reference: 'A1' },
      { line: 3, contractNumber: '100-1001', kind: 'payment', bookedOn: '2025-12-29', dueDate: null, amount: 784500, reference: 'B1' },
      { line: 4, contractNumber: '100-1001', kind: 'payment', bookedOn: '2026-01-02', dueDate: null, amount: -784500, reference: 'B2' },
      { line: 5, contractNumber: '100-1001', kind: 'credit', bookedOn: '2026-01-05', dueDate: '2025-12-30', amount: 120000, reference: 'K1' },
      { line: 6, contractNumber: '100-1001', kind: 'payment', bookedOn: '2026-01-09', dueDate: null, amount: 10050, reference: 'B3' },
    ]);
  });

  it('names every rejection', async () => {
    const cases: [string, string | null, string | null, RegExp][] = [
      [';avi;2026-01-15;2026-01-30;100;R1', 'kontraktsnummer', null, /^Uppgiften saknas/],
      ['K;;2026-01-15;2026-01-30;100;R2', 'typ', null, /^Typ saknas/],
      ['K;hyra;2026-01-15;2026-01-30;100;R3', 'typ', 'hyra', /^Okänd typ/],
      ['K;avi;;2026-01-30;100;R4', 'datum', null, /^Datum saknas/],
      ['K;avi;2026-13-01;2026-01-30;100;R5', 'datum', '2026-13-01', /finns inte i kalendern/],
      ['K;avi;2026-01-15;;100;R6', 'forfallodatum', null, /krävs för avi/],
      ['K;betalning;2026-01-15;30 jan;100;R7', 'forfallodatum', '30 jan', /ÅÅÅÅ-MM-DD/],
      ['K;avi;2026-01-15;2026-01-30;;R8', 'belopp', null, /^Belopp saknas/],
      ['K;avi;2026-01-15;2026-01-30;100 kr;R9', 'belopp', '100 kr', /"kr"/],
      ['K;betalning;2026-01-15;;0,00;R10', 'belopp', '0,00', /inte vara 0/],
      ['K;avi;2026-01-15;2026-01-30;-100;R11', 'belopp', '-100', /avi måste ha ett belopp större än 0/],
      ['K;avi;2026-01-15;2026-01-30;100;', 'referens', null, /^Uppgiften saknas/],
      ['K;avi;2026-01-15;2026-01-30;100;R1', 'referens', 'R1', /^Referensen finns redan på rad 2/],
      ['K;avi;2026-01-15;2026-01-30;100', null, null, /^Raden har 5 fält men rubrikraden har 6/],
    ];
    const { rows, problems } = await collect(parseTransactions([X_HEADER, ...cases.map(([l]) => l)].join('\n')));
    expect(rows).toEqual([]);
    expect(problems.map((p) => [p.line, p.column, p.value])).toEqual(cases.map(([, column, value], i) => [i + 2, column, value]));
    for (const [i, [, , , reason]] of cases.entries()) expect(problems[i]?.reason).toMatch(reason);
  });

  it('reports a quote that is never closed at the line where it opens', async () => {
    const csv = `${X_HEADER}\nK;avi;2026-01-15;2026-01-30;100;R1\nK;"avi;2026-01-15;2026-01-30;100;R2\nK;avi;2026-01-15;2026-01-30;100;R3\n`;
    const { rows, problems } = await collect(parseTransactions(csv));
    expect(rows.map((r) => r.reference)).toEqual(['R1']);
    expect(problems).toEqual([{ line: 3, column: null, value: null, reason: expect.stringMatching(/stängs aldrig/) }]);
  });

  it('stops cleanly when the caller stops reading', async () => {
    let closed = false;
    async function* endless(): AsyncGenerator<Uint8Array> {
      try {
        yield utf8(`${X_HEADER}\n`);
        for (let i = 0; ; i++) yield utf8(`K;betalning;2026-01-15;;100;R${i}\n`);
      } finally {
        closed = true;
      }
    }
    let seen = 0;
    for await (const item of parseTransactions(endless())) {
      expect('row' in item).toBe(true);
      if (++seen === 10) break;
    }
    expect(closed).toBe(true);
  });

  it('parses 200 000 rows as a stream with the heap staying flat', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const N = 200_000;
    async function* generate(): AsyncGenerator<Uint8Array> {
      const enc = new TextEncoder();
      yield enc.encode(`${X_HEADER}\n`);
      for (let i = 0; i < N; i += 1000) {
        let s = '';
        for (let j = i; j < i + 1000; j++) {
          const charge = j % 3 === 0;
          s += `K${j % 5000};${charge ? 'avi' : 'betalning'};2026-01-${String(1 + (j % 28)).padStart(2, '0')};${charge ? '2025-12-30' : ''};${1 + (j % 90)} ${String(j % 1000).padStart(3, '0')},${String(j % 100).padStart(2, '0')};REF-${j}\n`;
        }
        yield enc.encode(s);
      }
    }
    gc();
    const base = process.memoryUsage().heapUsed;
    let rows = 0;
    let peak = 0;
    for await (const item of parseTransactions(generate())) {
      if (!('row' in item)) throw new Error(JSON.stringify(item));
      if (++rows % 25_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - base);
      }
    }
    expect(rows).toBe(N);
    // Streaming keeps only the set of references (~15 MB here); holding every row would take ~55 MB.
    expect(peak).toBeLessThan(40 * 1024 * 1024);
  }, 60_000);
});

// -------------------------------------------------------------------------------------------------

describe('fixtures', () => {
  it('tenancies-valid.csv: every row is accepted, co-tenants included, and only test personnummer are used', async () => {
    const { rows, problems } = await collect(parseTenancies(fixture('tenancies-valid.csv'), REF));
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r.contractNumber === '100-1001')).toHaveLength(2);
    for (const r of rows) expect(isTestPersonnummer(r.personnummer), r.personnummer).toBe(true);
    expect(rows.find((r) => r.contractNumber === '300-0050')).toMatchObject({ address: 'Sveavägen 8; lgh 1002', lettingForm: 'andrahand', monthlyRent: 810000 });
  });

  it('transactions-valid.csv: every row is accepted', async () => {
    const { rows, problems } = await collect(parseTransactions(fixture('transactions-valid.csv')));
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(11);
    expect(rows.filter((r) => r.kind === 'charge').reduce((sum, r) => sum + r.amount, 0)).toBe(3_753_750);
  });

  it('transactions-errors.csv: each typical mistake is reported on its line', async () => {
    const { rows, problems } = await collect(parseTransactions(fixture('transactions-errors.csv')));
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'forfallodatum'],
      [4, 'belopp'],
      [5, 'datum'],
      [6, 'typ'],
      [7, 'referens'],
      [8, 'belopp'],
      [9, 'belopp'],
      [10, 'belopp'],
      [11, 'datum'],
      [12, null],
    ]);
  });
});

describe('a NUL byte in a cell', () => {
  it('refuses its row with a line in the report, naming the column, and reads the rest of the file', async () => {
    const csv = [X_HEADER, '100-1001;avi;2025-12-15;2025-12-30;7 845,00;A1', '100-1002;avi;2025-12-15;2025-12-30;7 845,00;A\u00002', '100-1003;avi;2025-12-15;2025-12-30;100;A3'].join('\n');
    const { rows, problems } = await collect(parseTransactions(csv));
    expect(rows.map((r) => r.reference)).toEqual(['A1', 'A3']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, column: 'referens', value: 'A\\02' });
    expect(problems[0]!.reason).toMatch(/NUL-tecken/);
  });
});
