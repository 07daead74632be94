// The ledger import's test world (issue 2 §3): the two files as landlord systems write them, landlord
// A's tenancies and January 2027 transactions, and the helpers that read back what an import did.
// Used by ledger-import.test.ts and ledger-files.test.ts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { testPersonnummer } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from './app.ts';

export const CSV = { 'content-type': 'text/csv' };
export const TENANCY_HEADER =
  'kontraktsnummer;objektnummer;adress;postnummer;ort;kommunkod;omrade;personnummer;namn;telefon;epost;vuxna;barn;manadshyra;startdatum;slutdatum;uthyrningsform';
export const TRANSACTION_HEADER = 'kontraktsnummer;typ;datum;forfallodatum;belopp;referens';

export interface TenancyLine {
  contract: string;
  pnr: string;
  name: string;
  address?: string;
  area?: string;
  city?: string;
  phone?: string;
  adults?: number;
  children?: number;
  rent?: string;
  start?: string;
  end?: string;
}

export function tenancyLine(t: TenancyLine): string {
  return [
    t.contract, `OBJ-${t.contract}`, t.address ?? `Storgatan ${t.contract.replace(/\D/g, '')}`, '722 12', t.city ?? 'Västerås', '', t.area ?? 'Centrum',
    t.pnr, t.name, t.phone ?? '070-123 45 67', '', String(t.adults ?? 1), String(t.children ?? 0), t.rent ?? '7 450,00', t.start ?? '2020-04-01',
    t.end ?? '', 'hyresratt',
  ].join(';');
}

export function tenanciesCsv(lines: TenancyLine[]): string {
  return [TENANCY_HEADER, ...lines.map(tenancyLine)].join('\n') + '\n';
}

export function transactionsCsv(rows: string[]): string {
  return [TRANSACTION_HEADER, ...rows].join('\n') + '\n';
}

export const importCsv = (client: Client, kind: 'tenancies' | 'transactions', csv: string | Buffer, extra = '') =>
  client.post(`/api/v1/imports?kind=${kind}${extra}`, csv, CSV);

export interface Problem {
  line: number;
  column: string | null;
  value: string | null;
  reason: string;
}
export const reportOf = (res: LightMyRequestResponse) =>
  (res.json() as { error: { code: string; message: string; details: { accepted: boolean; problems: Problem[]; problemCount: number; importId: string } } }).error;

export const P = {
  anna: testPersonnummer('1979-01-01', 0),
  bo: testPersonnummer('1979-01-01', 1),
  cilla: testPersonnummer('1980-01-01', 0),
  david: testPersonnummer('1982-01-01', 0),
  elin: testPersonnummer('1985-01-01', 0),
  fredrik: testPersonnummer('1975-01-01', 0),
};

export const A_TENANCIES: TenancyLine[] = [
  { contract: 'A-1001', pnr: P.anna, name: 'Anna Andersson', children: 2, adults: 1 },
  { contract: 'A-1002', pnr: P.bo, name: 'Bo Berg', rent: '6 200,50' },
  { contract: 'A-1003', pnr: P.cilla, name: 'Cilla Carlsson', area: 'Norr' },
];

// January 2027's rent falls due on Wednesday 30 December 2026 (domain section 2).
export const A_TRANSACTIONS = [
  'A-1001;avi;2026-11-15;2026-11-30;7 450,00;AVI-1001-12',
  'A-1001;betalning;2026-11-28;;7 450,00;BET-1001-12',
  'A-1001;avi;2026-12-15;2026-12-30;7 450,00;AVI-1001-01',
  'A-1002;avi;2026-12-15;2026-12-30;6 200,50;AVI-1002-01',
  'A-1002;betalning;2026-12-29;;6 200,50;BET-1002-01',
  'A-1003;avi;2026-12-15;2026-12-30;7 450,00;AVI-1003-01',
];

export interface LedgerWorld {
  b: TestBokvar;
  landlordA: string;
  landlordB: string;
  adminA: Client;
  adminB: Client;
  kommunUser: string;
  caretakerA: string;
}

/** A fresh Bokvar on 15 January 2027 with landlords A and B in Västerås, their admins, a social worker and A's caretaker. */
export async function ledgerWorld(): Promise<LedgerWorld> {
  const b = await startTestBokvar('2027-01-15T08:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Västerås stad', { municipalityCode: '1980' });
  const landlordA = (await buildOrg(b.db, 'landlord', 'Bostäder A AB', { municipalityId: kommun.id, municipal: true })).id;
  const landlordB = (await buildOrg(b.db, 'landlord', 'Hyresvärd B AB', { municipalityId: kommun.id })).id;
  const adminA = await login(b, (await buildUser(b.db, landlordA, 'admin')).email);
  const adminB = await login(b, (await buildUser(b.db, landlordB, 'admin')).email);
  const kommunUser = (await buildUser(b.db, kommun.id, 'social_worker')).email;
  const caretakerA = (await buildUser(b.db, landlordA, 'caretaker')).email;
  return { b, landlordA, landlordB, adminA, adminB, kommunUser, caretakerA };
}

export async function countRows(b: TestBokvar, table: 'tenancies' | 'ledger_entries' | 'tenants', landlordId: string): Promise<number> {
  const sql =
    table === 'tenants'
      ? 'select count(*)::int n from tenants p join tenancies t on t.id = p.tenancy_id where t.landlord_id = $1'
      : `select count(*)::int n from ${table} where landlord_id = $1`;
  return (await b.db.query<{ n: number }>(sql, [landlordId]))[0]!.n;
}

export async function tenancyId(client: Client, contract: string): Promise<string | undefined> {
  const res = await client.get(`/api/v1/tenancies?q=${encodeURIComponent(contract)}`);
  expect(res.statusCode).toBe(200);
  return (res.json() as { tenancies: { id: string; contract_number: string }[] }).tenancies.find((t) => t.contract_number === contract)?.id;
}

export async function tenancy(client: Client, contract: string) {
  const id = await tenancyId(client, contract);
  expect(id, `tenancy ${contract} should exist`).toBeDefined();
  const res = await client.get(`/api/v1/tenancies/${id}`);
  expect(res.statusCode).toBe(200);
  return res.json() as {
    tenancy: { id: string; monthly_rent: number; children: number | null; adults: number | null; end_date: string | null; address: string };
    tenants: { name: string; personnummer: string }[];
    entries: { reference: string; amount: number; kind: string }[];
    arrears: { owed: number; oldestUnpaidDueDate: string | null };
  };
}

export async function lastAudit(b: TestBokvar, action: string) {
  const [row] = await b.db.query<{ action: string; subject_id: string | null; actor_org_id: string | null; actor_user_id: string | null; actor_token_id: string | null; details: Record<string, unknown> | null }>(
    'select action, subject_id, actor_org_id, actor_user_id, actor_token_id, details from audit_log where action = $1 order by id desc limit 1',
    [action],
  );
  return row;
}

/**
 * POSTs the bytes to the listening server as a slow upload does: the first 64 KiB, a pause, then the
 * rest, so the server has read the beginning before the end arrives.
 */
export async function uploadSlowly(b: TestBokvar, url: string, token: string, bytes: Buffer): Promise<{ status: number; body: string }> {
  if (!b.app.server.listening) await b.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (b.app.server.address() as AddressInfo).port;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: url, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    void (async () => {
      req.write(bytes.subarray(0, 64 * 1024));
      await sleep(500);
      req.end(bytes.subarray(64 * 1024));
    })();
  });
}
