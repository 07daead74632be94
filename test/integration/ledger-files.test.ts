// The ledger import, continued (issue 2 §3): the file layouts landlord systems produce, who may import,
// the audit of every import, large files, references written exactly, and the ledger's own checks in
// the database. The world (landlord A's files imported first) is in test/support/ledger-world.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CopyData } from '../../src/platform/database.ts';
import { testPersonnummer } from '../fixtures/personnummer.ts';
import { buildOrg, buildToken, buildUser, type Client, login, type TestBokvar } from '../support/app.ts';
import {
  A_TENANCIES, A_TRANSACTIONS, countRows, importCsv, lastAudit, ledgerWorld, P, reportOf, type TenancyLine, tenanciesCsv, tenancy, tenancyId, transactionsCsv,
  uploadSlowly,
} from '../support/ledger-world.ts';

let b: TestBokvar;
let landlordA: string;
let landlordB: string;
let adminA: Client;
let adminB: Client;
let kommunUser: string;
let caretakerA: string;

beforeAll(async () => {
  ({ b, landlordA, landlordB, adminA, adminB, kommunUser, caretakerA } = await ledgerWorld());
  expect((await importCsv(adminA, 'tenancies', tenanciesCsv(A_TENANCIES))).statusCode).toBe(200);
  expect((await importCsv(adminA, 'transactions', transactionsCsv(A_TRANSACTIONS))).statusCode).toBe(200);
});
afterAll(async () => b?.close());

describe('file layouts landlord systems produce', () => {
  it('finds columns by name in any order, without the optional ones, comma-separated with decimal point', async () => {
    const csv = ['namn,manadshyra,startdatum,personnummer,adress,kontraktsnummer', `Fredrik Fors,"5 100.75",2021-09-01,${P.fredrik},Lillgatan 2,L-1`].join('\r\n');
    const res = await importCsv(adminA, 'tenancies', csv);
    expect(res.statusCode, res.body).toBe(200);
    const l = await tenancy(adminA, 'L-1');
    expect(l.tenancy).toMatchObject({ address: 'Lillgatan 2', monthly_rent: 510075, children: null });
    expect(l.tenants.map((p) => p.name)).toEqual(['Fredrik Fors']);
  });

  it('makes co-tenants on one kontraktsnummer one tenancy with two tenants', async () => {
    const res = await importCsv(
      adminA,
      'tenancies',
      tenanciesCsv([
        { contract: 'C-1', pnr: P.david, name: 'David Dahl', children: 3, adults: 2 },
        { contract: 'C-1', pnr: P.elin, name: 'Elin Ek', children: 3, adults: 2 },
      ]),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().counts).toMatchObject({ rows: 2, tenancies: 1, created: 1 });
    expect((await tenancy(adminA, 'C-1')).tenants.map((p) => p.name)).toEqual(['David Dahl', 'Elin Ek']);
  });

  it('names a required column missing from the header, and refuses an empty file', async () => {
    const noPnr = await importCsv(adminA, 'tenancies', 'kontraktsnummer;adress;namn;manadshyra;startdatum\nM-1;Gatan 1;Mia;5000;2020-01-01\n');
    expect(noPnr.statusCode).toBe(422);
    expect(reportOf(noPnr).details.problems).toEqual([{ line: 1, column: 'personnummer', value: null, reason: 'Kolumnen "personnummer" saknas i rubrikraden' }]);
    const empty = await importCsv(adminA, 'transactions', '');
    expect(empty.statusCode).toBe(422);
    expect(reportOf(empty).details.problems[0]!.reason).toMatch(/Filen är tom/);
    expect(await tenancyId(adminA, 'M-1')).toBeUndefined();
  });

  it('rejects a referens used twice in one file, naming the line of the first', async () => {
    const res = await importCsv(adminA, 'transactions', transactionsCsv(['C-1;avi;2026-12-15;2026-12-30;7 450,00;DUP-1', 'C-1;avi;2027-01-15;2027-01-29;7 450,00;DUP-1']));
    expect(res.statusCode).toBe(422);
    expect(reportOf(res).details.problems).toEqual([{ line: 3, column: 'referens', value: 'DUP-1', reason: expect.stringMatching(/rad 2/) }]);
  });

  it('reads a Windows-1252 file whose first letter outside ASCII comes after the first 64 KiB', async () => {
    // A real export sorted by contract: the first few hundred tenants happen to have plain ASCII names.
    const lines: TenancyLine[] = Array.from({ length: 260 }, (_, i) => ({
      contract: `WL-${String(i).padStart(3, '0')}`,
      pnr: testPersonnummer('1979-03-01', i % 20),
      name: `Tenant Number ${i}`,
      address: `Long Street ${i} ${'x'.repeat(150)}`,
      city: 'Vasteras',
    }));
    lines.push({ contract: 'WL-999', pnr: P.elin, name: 'Åsa Öberg', address: 'Älvgränd 9' });
    const bytes = Buffer.from(tenanciesCsv(lines), 'latin1');
    const firstNonAscii = bytes.findIndex((x) => x > 0x7f);
    expect(firstNonAscii).toBeGreaterThan(64 * 1024);
    expect(bytes[firstNonAscii]).toBe(0xc4); // 'Ä' of Älvgränd in Windows-1252 (0xC3 0x84 in UTF-8)
    // Uploaded over a real socket, as a landlord system sends it: the server reads it in pieces.
    const res = await uploadSlowly(b, '/api/v1/imports?kind=tenancies', await buildToken(b.db, landlordA), bytes);
    expect(res.status, res.body.slice(0, 600)).toBe(200);
    const w = await tenancy(adminA, 'WL-999');
    expect(w.tenants[0]!.name).toBe('Åsa Öberg');
    expect(w.tenancy.address).toBe('Älvgränd 9');
  });
});

describe('access', () => {
  it('does not show landlord A\'s tenancy to landlord B', async () => {
    const id = await tenancyId(adminA, 'A-1001');
    const res = await adminB.get(`/api/v1/tenancies/${id}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Anna');
    expect(await tenancyId(adminB, 'A-1001')).toBeUndefined();
  });

  it("treats landlord A's kontraktsnummer as unknown for landlord B", async () => {
    const aBefore = await countRows(b, 'ledger_entries', landlordA);
    const res = await importCsv(adminB, 'transactions', transactionsCsv(['A-1001;betalning;2027-01-14;;7 450,00;B-PAY-1']));
    expect(res.statusCode).toBe(422);
    expect(reportOf(res).details.problems).toEqual([
      { line: 2, column: 'kontraktsnummer', value: 'A-1001', reason: expect.stringMatching(/Okänt kontraktsnummer/) },
    ]);
    expect(await countRows(b, 'ledger_entries', landlordA)).toBe(aBefore);
    expect(await countRows(b, 'ledger_entries', landlordB)).toBe(0);
  });

  it('lets landlord B import its own tenancy under a kontraktsnummer that A also uses', async () => {
    const res = await importCsv(adminB, 'tenancies', tenanciesCsv([{ contract: 'A-1001', pnr: P.fredrik, name: 'Fredrik Fors' }]));
    expect(res.statusCode).toBe(200);
    expect(res.json().counts).toMatchObject({ created: 1 });
    expect((await tenancy(adminA, 'A-1001')).tenants.map((p) => p.name)).toEqual(['Anna Andersson']);
  });

  it('refuses a municipality user and a caretaker with 403', async () => {
    const before = await countRows(b, 'tenancies', landlordA);
    for (const email of [kommunUser, caretakerA]) {
      const client = await login(b, email);
      const res = await importCsv(client, 'tenancies', tenanciesCsv([{ contract: 'Z-1', pnr: P.david, name: 'David Dahl' }]));
      expect(res.statusCode).toBe(403);
    }
    expect(await countRows(b, 'tenancies', landlordA)).toBe(before);
  });
});

describe('audit', () => {
  it('writes an audit row for every import, accepted or rejected', async () => {
    const ok = await importCsv(adminA, 'transactions', transactionsCsv(['A-1002;betalning;2027-01-14;;10,00;AUD-1']));
    expect(ok.statusCode).toBe(200);
    expect(await lastAudit(b, 'ledger.import')).toMatchObject({
      subject_id: ok.json().importId,
      actor_org_id: landlordA,
      details: { kind: 'transactions', rows: 1, inserted: 1 },
    });
    const bad = await importCsv(adminA, 'transactions', transactionsCsv(['A-1002;betalning;2027-01-14;;tio;AUD-2']));
    expect(bad.statusCode).toBe(422);
    expect(await lastAudit(b, 'ledger.import_rejected')).toMatchObject({
      subject_id: reportOf(bad).details.importId,
      actor_org_id: landlordA,
      details: { kind: 'transactions', problemCount: 1 },
    });
    // One audit row per import the landlord's imports list shows.
    const [importRow] = await b.db.query<{ imports: number }>('select count(*)::int as imports from imports where landlord_id = $1', [landlordA]);
    const [auditRow] = await b.db.query<{ audits: number }>(
      "select count(*)::int as audits from audit_log where action in ('ledger.import', 'ledger.import_rejected') and actor_org_id = $1",
      [landlordA],
    );
    expect(auditRow!.audits).toBe(importRow!.imports);
    expect(importRow!.imports).toBeGreaterThan(5);
  });
});

describe('large files', () => {
  // Batches are loaded with COPY; a batch holding a known referens is inserted skipping the known rows.
  it('imports 12 000 rows of which the first 6 000 were imported before: only the new ones are written', async () => {
    const kommun = await buildOrg(b.db, 'municipality', 'Bulkkommun', { municipalityCode: '1981' });
    const landlordC = (await buildOrg(b.db, 'landlord', 'Bulkbostäder AB', { municipalityId: kommun.id })).id;
    const adminC = await login(b, (await buildUser(b.db, landlordC, 'admin')).email);
    const t = await importCsv(adminC, 'tenancies', tenanciesCsv([{ contract: 'C-1', pnr: P.elin, name: 'Elin Ek' }]));
    expect(t.statusCode, t.body).toBe(200);
    const rows = Array.from({ length: 12_000 }, (_, i) => `C-1;betalning;2027-01-${String(1 + (i % 14)).padStart(2, '0')};;1,00;BULK-${i}`);
    const first = await importCsv(adminC, 'transactions', transactionsCsv(rows.slice(0, 6_000)));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().counts).toEqual({ rows: 6_000, inserted: 6_000, alreadyImported: 0 });
    const all = await importCsv(adminC, 'transactions', transactionsCsv(rows));
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().counts).toEqual({ rows: 12_000, inserted: 6_000, alreadyImported: 6_000 });
    expect(await countRows(b, 'ledger_entries', landlordC)).toBe(12_000);
    const [sum] = await b.db.query<{ total: number; refs: number }>(
      'select sum(amount)::bigint as total, count(distinct reference)::int as refs from ledger_entries where landlord_id = $1',
      [landlordC],
    );
    expect(sum).toEqual({ total: 12_000 * 100, refs: 12_000 });
  });
});

describe('references as landlord systems write them', () => {
  it('stores a referens with a comma, quote, semicolon or backslash exactly as written, also one that is just \\.', async () => {
    const refs = ['R,1', 'R"2', 'R;3', 'R\\4', '\\.', ' R 5 '];
    const csvField = (v: string) => `"${v.replaceAll('"', '""')}"`;
    const res = await importCsv(adminA, 'transactions', transactionsCsv(refs.map((r) => `A-1002;betalning;2027-01-10;;1,00;${csvField(r)}`)));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().counts).toEqual({ rows: 6, inserted: 6, alreadyImported: 0 });
    const stored = await b.db.query<{ reference: string }>(
      'select reference from ledger_entries where landlord_id = $1 and reference = any ($2::text[]) order by id',
      [landlordA, [...refs.slice(0, 5), 'R 5']],
    );
    // Fields are trimmed on import (docs/import-format.md), so ' R 5 ' is kept as 'R 5'.
    expect(stored.map((r) => r.reference)).toEqual(['R,1', 'R"2', 'R;3', 'R\\4', '\\.', 'R 5']);
  });
});

describe('the ledger in the database', () => {
  // Migration 0009: a statement-level check stands where the foreign keys of ledger_entries were.
  const entry = (landlordId: string, tenancyId: string, reference: string) =>
    b.db.transaction((tx) =>
      tx.query(
        `insert into ledger_entries (landlord_id, tenancy_id, kind, booked_on, amount, reference) values ($1, $2, 'payment', '2027-01-10', 100, $3)`,
        [landlordId, tenancyId, reference],
      ),
    );
  const sqlStateOf = (p: Promise<unknown>) => p.then(() => 'no error', (err: { code?: string }) => err.code);

  it("refuses an entry for another landlord's tenancy or for no tenancy, by INSERT or COPY", async () => {
    const annaTenancy = (await tenancyId(adminA, 'A-1001'))!;
    expect(await sqlStateOf(entry(landlordB, annaTenancy, 'FK-1'))).toBe('23503');
    expect(await sqlStateOf(entry(landlordA, '00000000-0000-4000-8000-000000000000', 'FK-2'))).toBe('23503');
    const copy = b.db.transaction((tx) =>
      tx.copyRows('ledger_entries', ['landlord_id', 'tenancy_id', 'kind', 'booked_on', 'amount', 'reference'], new CopyData([
        [landlordA, annaTenancy, 'payment', '2027-01-10', 100, 'FK-3'],
        [landlordB, annaTenancy, 'payment', '2027-01-10', 100, 'FK-4'],
      ])),
    );
    expect(await sqlStateOf(copy)).toBe('23503');
    const [n] = await b.db.query<{ n: number }>("select count(*)::int as n from ledger_entries where reference like 'FK-%'");
    expect(n!.n).toBe(0);
    expect(await sqlStateOf(entry(landlordA, annaTenancy, 'FK-5'))).toBe('no error');
  });

  it('refuses to delete a tenancy with ledger entries, or to move it to another landlord', async () => {
    const annaTenancy = (await tenancyId(adminA, 'A-1001'))!;
    expect(await sqlStateOf(b.db.query('delete from tenancies where id = $1', [annaTenancy]))).toBe('23503');
    expect(await sqlStateOf(b.db.query('update tenancies set landlord_id = $2 where id = $1', [annaTenancy, landlordB]))).toBe('23503');
    expect(await sqlStateOf(b.db.query('update tenancies set monthly_rent = monthly_rent where id = $1', [annaTenancy]))).toBe('no error');
    expect(await tenancyId(adminA, 'A-1001')).toBe(annaTenancy);
  });
});
