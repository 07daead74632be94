// parseTenancies (csv.ts): a tenancies file read into rows, every rejection named, personnummer masked.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTenancies, type TenancyRow } from './csv.ts';
import { maskPersonnummer } from './csv-rows.ts';
import { chunked, collect, REF, utf8, windows1252 } from './csv.test-helpers.ts';

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
