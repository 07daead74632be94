// Ledger import through the HTTP API: what a landlord sees when it sends its tenancies and
// transactions files (issue 2 §3; domain section 2: semicolon CSV, decimal comma, UTF-8 or
// Windows-1252, often with a BOM).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPersonnummer } from '../fixtures/personnummer.ts';
import { buildToken, type Client, TEST_DATABASE, type TestBokvar, tokenClient } from '../support/app.ts';
import {
  A_TENANCIES, A_TRANSACTIONS, countRows, importCsv, lastAudit, ledgerWorld, P, reportOf, TENANCY_HEADER, tenanciesCsv, tenancy, tenancyId, tenancyLine, transactionsCsv,
} from '../support/ledger-world.ts';

let b: TestBokvar;
let landlordA: string;
let adminA: Client;

beforeAll(async () => {
  ({ b, landlordA, adminA } = await ledgerWorld());
});
afterAll(async () => b?.close());

describe('a clean import', () => {
  it('imports tenancies then transactions with 200 and counts, and the ledger shows what is owed', async () => {
    const t = await importCsv(adminA, 'tenancies', tenanciesCsv(A_TENANCIES));
    expect(t.statusCode, t.body).toBe(200);
    expect(t.json()).toMatchObject({ accepted: true, kind: 'tenancies', problemCount: 0, counts: { rows: 3, tenancies: 3, created: 3, updated: 0, unchanged: 0 } });

    const x = await importCsv(adminA, 'transactions', transactionsCsv(A_TRANSACTIONS));
    expect(x.statusCode, x.body).toBe(200);
    expect(x.json()).toMatchObject({ accepted: true, counts: { rows: 6, inserted: 6, alreadyImported: 0 } });
    expect(await countRows(b, 'tenancies', landlordA)).toBe(3);
    expect(await countRows(b, 'ledger_entries', landlordA)).toBe(6);

    // Decimal comma and thousands separators become exact öre; the default kommunkod is the landlord's municipality.
    const anna = await tenancy(adminA, 'A-1001');
    expect(anna.tenants.map((p) => p.name)).toEqual(['Anna Andersson']);
    expect(anna.tenancy).toMatchObject({ monthly_rent: 745000, children: 2 });
    expect(anna.arrears).toMatchObject({ owed: 745000, oldestUnpaidDueDate: '2026-12-30' });
    const bo = await tenancy(adminA, 'A-1002');
    expect(bo.tenancy.monthly_rent).toBe(620050);
    expect(bo.arrears.owed).toBe(0);
  });

  it('changes nothing when the same transactions file is sent again', async () => {
    const before = await countRows(b, 'ledger_entries', landlordA);
    const again = await importCsv(adminA, 'transactions', transactionsCsv(A_TRANSACTIONS));
    expect(again.statusCode).toBe(200);
    expect(again.json().counts).toEqual({ rows: 6, inserted: 0, alreadyImported: 6 });
    expect(await countRows(b, 'ledger_entries', landlordA)).toBe(before);
    expect((await tenancy(adminA, 'A-1001')).arrears.owed).toBe(745000);
  });

  it('leaves the tenancies as they are when the same tenancies file is sent again', async () => {
    const again = await importCsv(adminA, 'tenancies', tenanciesCsv(A_TENANCIES));
    expect(again.statusCode).toBe(200);
    expect(again.json().counts).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 3 });
    expect(await countRows(b, 'tenancies', landlordA)).toBe(3);
    expect(await countRows(b, 'tenants', landlordA)).toBe(3);
  });

  it('skips a row whose referens is already known, keeping the booked amount', async () => {
    const res = await importCsv(
      adminA,
      'transactions',
      transactionsCsv([
        'A-1003;avi;2026-12-15;2026-12-30;9 999,00;AVI-1003-01', // known reference, other amount
        'A-1003;betalning;2027-01-05;;1 000,00;BET-1003-01',
      ]),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().counts).toEqual({ rows: 2, inserted: 1, alreadyImported: 1 });
    const cilla = await tenancy(adminA, 'A-1003');
    expect(cilla.entries.find((e) => e.reference === 'AVI-1003-01')?.amount).toBe(745000);
    expect(cilla.arrears.owed).toBe(645000);
  });
});

describe('a file with rejected rows', () => {
  it('answers 422 naming line, column, value and a Swedish reason, and writes nothing', async () => {
    const tenanciesBefore = await countRows(b, 'tenancies', landlordA);
    const tenantsBefore = await countRows(b, 'tenants', landlordA);
    const good = tenancyLine({ contract: 'A-2001', pnr: P.david, name: 'David Dahl' });
    // Personnummer with its check digit changed: cannot belong to anyone.
    const badCheck = P.elin.slice(0, 11) + String((Number(P.elin[11]) + 1) % 10);
    const csv =
      '\ufeff' +
      [
        TENANCY_HEADER,
        good,
        tenancyLine({ contract: 'A-2002', pnr: badCheck, name: 'Elin Ek' }),
        tenancyLine({ contract: 'A-2003', pnr: P.fredrik, name: 'Fredrik Fors', start: '2026-02-30' }),
        tenancyLine({ contract: 'A-2004', pnr: P.bo, name: 'Bo Berg', rent: '7450 kr' }),
      ].join('\r\n') +
      '\r\n';
    const res = await importCsv(adminA, 'tenancies', csv);
    expect(res.statusCode).toBe(422);
    const err = reportOf(res);
    expect(err.code).toBe('import_rejected');
    expect(err.message).toMatch(/3 fel.*inte lästs in/);
    expect(err.details.accepted).toBe(false);
    expect(err.details.problemCount).toBe(3);
    expect(err.details.problems).toEqual([
      { line: 3, column: 'personnummer', value: badCheck.slice(0, 8) + '****', reason: expect.stringMatching(/kontrollsiffran stämmer inte/) },
      { line: 4, column: 'startdatum', value: '2026-02-30', reason: 'Datumet finns inte i kalendern' },
      { line: 5, column: 'manadshyra', value: '7450 kr', reason: expect.stringMatching(/"kr"/) },
    ]);
    // Not even the good row was written.
    expect(await countRows(b, 'tenancies', landlordA)).toBe(tenanciesBefore);
    expect(await countRows(b, 'tenants', landlordA)).toBe(tenantsBefore);
    expect(await tenancyId(adminA, 'A-2001')).toBeUndefined();
    // The rejected report is kept where the landlord can find it again.
    const imports = (await adminA.get('/api/v1/imports')).json() as { imports: { id: string; accepted: boolean }[] };
    expect(imports.imports.find((i) => i.id === err.details.importId)?.accepted).toBe(false);
  });

  it('counts physical lines, so an empty line in the file does not shift the reported line', async () => {
    const csv = [TENANCY_HEADER, tenancyLine({ contract: 'A-2101', pnr: P.david, name: 'David Dahl' }), '', tenancyLine({ contract: 'A-2102', pnr: P.elin, name: 'Elin Ek', rent: '0' })].join('\n');
    const res = await importCsv(adminA, 'tenancies', csv);
    expect(res.statusCode).toBe(422);
    expect(reportOf(res).details.problems).toEqual([{ line: 4, column: 'manadshyra', value: '0', reason: 'Månadshyran måste vara större än 0' }]);
  });

  it('writes nothing when the only bad row is the last of 6 000 good transactions', async () => {
    const before = await countRows(b, 'ledger_entries', landlordA);
    const rows: string[] = [];
    for (let i = 0; i < 6000; i++) rows.push(`A-1001;kreditering;2026-12-01;;1,00;BULK-${i}`);
    rows.push('A-1001;betalning;2026-13-01;;100,00;BULK-LAST');
    const res = await importCsv(adminA, 'transactions', transactionsCsv(rows));
    expect(res.statusCode).toBe(422);
    expect(reportOf(res).details.problems).toEqual([{ line: 6002, column: 'datum', value: '2026-13-01', reason: expect.stringMatching(/datum/i) }]);
    expect(await countRows(b, 'ledger_entries', landlordA)).toBe(before);
    expect((await tenancy(adminA, 'A-1001')).arrears.owed).toBe(745000);
  });

  it('on the embedded database, refuses a file that would keep everyone else waiting, before reading it in; PostgreSQL takes it', async () => {
    const before = await countRows(b, 'ledger_entries', landlordA);
    const rows = Array.from({ length: 30_001 }, (_, i) => `A-1001;kreditering;2026-12-01;;1,00;STOR-${i}`);
    const res = await importCsv(adminA, 'transactions', transactionsCsv(rows));
    if (TEST_DATABASE === 'pglite') {
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatchObject({ code: 'too_big_for_embedded_database' });
      expect(res.json().error.message.replace(/\s/g, ' ')).toBe(
        'Filen har 30 001 rader. Den inbyggda databasen är till för att prova Bokvar och för mindre hyresvärdar och läser in högst 30 000 rader åt gången, ' +
          'så att ingen annan får vänta under tiden. Dela upp filen (till exempel per månad) eller kör Bokvar på PostgreSQL (DATABASE_URL).',
      );
      expect(await countRows(b, 'ledger_entries', landlordA)).toBe(before);
      // The same rows in two files go in.
      expect((await importCsv(adminA, 'transactions', transactionsCsv(rows.slice(0, 15_000)))).statusCode).toBe(200);
      expect((await importCsv(adminA, 'transactions', transactionsCsv(rows.slice(15_000)))).statusCode).toBe(200);
    } else {
      expect(res.statusCode).toBe(200);
    }
    expect(await countRows(b, 'ledger_entries', landlordA)).toBe(before + 30_001);
    // As it was for the tests below, which read A-1001's debt.
    await b.db.query("delete from ledger_entries where reference like 'STOR-%'");
  });

  it('writes nothing when the only bad row is the last of 200 good tenancies', async () => {
    const before = await countRows(b, 'tenancies', landlordA);
    const lines = Array.from({ length: 200 }, (_, i) => ({ contract: `BULK-${i}`, pnr: testPersonnummer('1979-02-01', i % 20), name: `Person ${i}` }));
    const csv = tenanciesCsv(lines) + tenancyLine({ contract: 'BULK-LAST', pnr: P.anna, name: 'Anna Andersson', end: '2019-01-01' }) + '\n';
    const res = await importCsv(adminA, 'tenancies', csv);
    expect(res.statusCode).toBe(422);
    expect(reportOf(res).details.problems).toEqual([
      { line: 202, column: 'slutdatum', value: '2019-01-01', reason: expect.stringMatching(/före startdatum/) },
    ]);
    expect(await countRows(b, 'tenancies', landlordA)).toBe(before);
    expect(await tenancyId(adminA, 'BULK-0')).toBeUndefined();
  });

  it('rejects a transaction for an unknown kontraktsnummer', async () => {
    const before = await countRows(b, 'ledger_entries', landlordA);
    const res = await importCsv(
      adminA,
      'transactions',
      transactionsCsv(['A-1001;betalning;2027-01-10;;100,00;OK-1', 'X-9999;betalning;2027-01-10;;100,00;OK-2']),
    );
    expect(res.statusCode).toBe(422);
    expect(reportOf(res).details.problems).toEqual([
      { line: 3, column: 'kontraktsnummer', value: 'X-9999', reason: expect.stringMatching(/Okänt kontraktsnummer/) },
    ]);
    expect(await countRows(b, 'ledger_entries', landlordA)).toBe(before);
  });
});

describe('a later tenancies export', () => {
  const A_UPDATED = A_TENANCIES.map((t) => (t.contract === 'A-1002' ? { ...t, rent: '6 500,00', adults: 2, children: 1 } : t));

  it('updates rent and household', async () => {
    const res = await importCsv(adminA, 'tenancies', tenanciesCsv(A_UPDATED));
    expect(res.statusCode).toBe(200);
    expect(res.json().counts).toMatchObject({ rows: 3, created: 0, updated: 1, unchanged: 2, closed: 0 });
    const bo = await tenancy(adminA, 'A-1002');
    expect(bo.tenancy).toMatchObject({ monthly_rent: 650000, adults: 2, children: 1 });
  });

  it('closes a tenancy with a slutdatum: it leaves the worklist after its end date', async () => {
    // Before the end date the unpaid A-1001 and A-1003 are both to be contacted.
    b.clock.set('2027-01-12T08:00:00+01:00');
    const before = await adminA.get('/api/v1/worklist?date=2027-01-12');
    expect(before.statusCode).toBe(200);
    const contractsBefore = new Set((before.json().households as { contract_number: string }[]).map((h) => h.contract_number));
    expect(contractsBefore).toEqual(new Set(['A-1001', 'A-1003']));

    b.clock.set('2027-01-14T08:00:00+01:00');
    const lines = A_UPDATED.map((t) => (t.contract === 'A-1003' ? { ...t, end: '2027-01-13' } : t));
    const res = await importCsv(adminA, 'tenancies', tenanciesCsv(lines));
    expect(res.statusCode).toBe(200);
    expect(res.json().counts).toMatchObject({ updated: 1, closed: 1 });
    expect((await tenancy(adminA, 'A-1003')).tenancy.end_date).toBe('2027-01-13');

    const after = await adminA.get('/api/v1/worklist?date=2027-01-14');
    const contractsAfter = new Set((after.json().households as { contract_number: string }[]).map((h) => h.contract_number));
    expect(contractsAfter).toEqual(new Set(['A-1001']));
    b.clock.set('2027-01-15T08:00:00+01:00');
  });
});

describe('ways in', () => {
  it('accepts a multipart upload and keeps the file name', async () => {
    const boundary = '----bokvar-test-7d1f';
    const csv = transactionsCsv(['A-1001;betalning;2027-01-14;;500,00;MP-1']);
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="transaktioner-jan.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
    );
    const res = await adminA.post('/api/v1/imports?kind=transactions', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().counts).toEqual({ rows: 1, inserted: 1, alreadyImported: 0 });
    const imports = (await adminA.get('/api/v1/imports')).json() as { imports: { id: string; file_name: string | null }[] };
    expect(imports.imports.find((i) => i.id === res.json().importId)?.file_name).toBe('transaktioner-jan.csv');
    expect((await tenancy(adminA, 'A-1001')).arrears.owed).toBe(745000 - 50000);
  });

  it('accepts an import from the landlord system with an API token (Bearer)', async () => {
    const system = tokenClient(b, await buildToken(b.db, landlordA));
    const res = await importCsv(system, 'transactions', transactionsCsv(['A-1001;betalning;2027-01-14;;250,00;API-1']));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().counts).toEqual({ rows: 1, inserted: 1, alreadyImported: 0 });
    expect((await tenancy(adminA, 'A-1001')).arrears.owed).toBe(745000 - 75000);
    const audit = await lastAudit(b, 'ledger.import');
    expect(audit).toMatchObject({ subject_id: res.json().importId, actor_org_id: landlordA, actor_user_id: null });
    expect(audit!.actor_token_id).not.toBeNull();
  });

  it('reads a Windows-1252 file with å, ä, ö and – intact', async () => {
    const text = tenanciesCsv([
      { contract: 'W-1', pnr: P.elin, name: 'Åsa Öberg-Lärka', address: 'Älvgränd 3 – uppgång B', area: 'Östermalm' },
    ]);
    // Windows-1252: Latin-1 for å/ä/ö, 0x96 for the en dash.
    const bytes = Buffer.from(text.replace('–', '\u0096'), 'latin1');
    expect(bytes.includes(0xc3)).toBe(false); // really not UTF-8
    const res = await importCsv(adminA, 'tenancies', bytes);
    expect(res.statusCode, res.body).toBe(200);
    const w = await tenancy(adminA, 'W-1');
    expect(w.tenants[0]!.name).toBe('Åsa Öberg-Lärka');
    expect(w.tenancy.address).toBe('Älvgränd 3 – uppgång B');
  });
});
