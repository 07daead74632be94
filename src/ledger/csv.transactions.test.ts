// parseTransactions (csv.ts): charges, payments and credits read into rows, every rejection named, and streaming.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseTransactions, type TransactionRow } from './csv.ts';
import { collect, utf8, X_HEADER } from './csv.test-helpers.ts';

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
