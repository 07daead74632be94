// The collection routine's test world (issue 2 §4): two landlords in Västerås with their staff, five
// tenancies of which four have not paid January 2027's rent, imported through the API, and the helpers
// that read the worklist on a given day. Used by collection.test.ts, collection-day.test.ts and
// collection-routine.test.ts.
import { expect } from 'vitest';
import { runDaily } from '../../src/collection/daily-run.ts';
import { testPersonnummer } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from './app.ts';

export const CSV = { 'content-type': 'text/csv' };
export const TENANCY_HEADER = 'kontraktsnummer;adress;postnummer;ort;omrade;personnummer;namn;telefon;vuxna;barn;manadshyra;startdatum;slutdatum';
export const TRANSACTION_HEADER = 'kontraktsnummer;typ;datum;forfallodatum;belopp;referens';

export interface Tenant {
  contract: string;
  address: string;
  area: string;
  pnr: string;
  name: string;
  phone: string;
  children: number;
}

export const PNR = {
  karin: testPersonnummer('1979-01-01', 0), // 48 in January 2027
  lars: testPersonnummer('1980-01-01', 0), // 47
  maja: testPersonnummer('2003-06-01', 0), // 23: under 25
  nils: testPersonnummer('1979-05-01', 0),
  olle: testPersonnummer('1982-01-01', 0), // 45
  berit: testPersonnummer('1985-01-01', 0),
};

// Landlord A: four tenancies that have not paid January's rent, one that has.
export const A: Tenant[] = [
  { contract: 'K-1', address: 'Kopparbergsvägen 10', area: 'Centrum', pnr: PNR.karin, name: 'Karin Karlsson', phone: '070-111 11 11', children: 2 },
  { contract: 'K-2', address: 'Kopparbergsvägen 12', area: 'Centrum', pnr: PNR.lars, name: 'Lars Larsson', phone: '070-222 22 22', children: 0 },
  { contract: 'K-3', address: 'Norrleden 3', area: 'Norr', pnr: PNR.maja, name: 'Maja Mattsson', phone: '070-333 33 33', children: 0 },
  { contract: 'K-4', address: 'Norrleden 4', area: 'Norr', pnr: PNR.nils, name: 'Nils Nilsson', phone: '070-444 44 44', children: 0 },
  { contract: 'K-5', address: 'Norrleden 5', area: 'Norr', pnr: PNR.olle, name: 'Olle Olsson', phone: '', children: 0 },
];
export const UNPAID = ['K-1', 'K-2', 'K-3', 'K-5'];
export const RENT = 800000; // öre
export const B_TENANCY: Tenant = { contract: 'B-1', address: 'Bgatan 1', area: 'Söder', pnr: PNR.berit, name: 'Berit Bengtsson', phone: '070-555 55 55', children: 0 };

export function tenanciesCsv(ts: Tenant[]): string {
  const lines = ts.map((t) => [t.contract, t.address, '721 30', 'Västerås', t.area, t.pnr, t.name, t.phone, '1', String(t.children), '8 000,00', '2019-09-01', ''].join(';'));
  return [TENANCY_HEADER, ...lines].join('\n') + '\n';
}

export function ledgerCsv(ts: Tenant[], paidJanuary: string[]): string {
  const rows: string[] = [];
  for (const t of ts) {
    rows.push(`${t.contract};avi;2026-11-16;2026-11-30;8 000,00;AVI-${t.contract}-2026-12`);
    rows.push(`${t.contract};betalning;2026-11-27;;8 000,00;BET-${t.contract}-2026-12`);
    rows.push(`${t.contract};avi;2026-12-15;2026-12-30;8 000,00;AVI-${t.contract}-2027-01`);
    if (paidJanuary.includes(t.contract)) rows.push(`${t.contract};betalning;2026-12-29;;8 000,00;BET-${t.contract}-2027-01`);
  }
  return [TRANSACTION_HEADER, ...rows].join('\n') + '\n';
}

export interface Item {
  id: number;
  tenancy_id: string;
  step_key: string;
  action: string;
  due_on: string;
  window_end: string | null;
  amount_owed: number;
  days_late: number;
  bank_days_late: number;
  priority: number;
  priority_reasons: string[];
  broken_promise: boolean;
  contract_number: string;
  overdue: boolean;
}

export interface World {
  b: TestBokvar;
  landlordA: string;
  landlordB: string;
  adminA: Client;
  officerA: Client;
  officerB: Client;
  officerAEmail: string;
  ids: Record<string, string>; // contract → tenancy id
}

/** A fresh Bokvar with landlords A and B, their staff and the ledger above imported through the API. */
export async function world(now = '2027-01-11T07:30:00+01:00'): Promise<World> {
  const b = await startTestBokvar(now);
  currentBokvar = b;
  const kommun = await buildOrg(b.db, 'municipality', 'Västerås stad', { municipalityCode: '1980' });
  const landlordA = (await buildOrg(b.db, 'landlord', 'Mälarbostäder AB', { municipalityId: kommun.id, municipal: true })).id;
  const landlordB = (await buildOrg(b.db, 'landlord', 'Privatvärd B AB', { municipalityId: kommun.id })).id;
  await b.db.query("update organisations set phone = '021-39 00 00' where id = $1", [landlordB]);
  const adminA = await login(b, (await buildUser(b.db, landlordA, 'admin')).email);
  const officerAEmail = (await buildUser(b.db, landlordA, 'collection_officer')).email;
  const officerA = await login(b, officerAEmail);
  const officerB = await login(b, (await buildUser(b.db, landlordB, 'collection_officer')).email);
  for (const [client, ts, paid] of [
    [officerA, A, ['K-4']],
    [officerB, [B_TENANCY], []],
  ] as const) {
    const t = await client.post('/api/v1/imports?kind=tenancies', tenanciesCsv([...ts]), CSV);
    expect(t.statusCode, t.body).toBe(200);
    const x = await client.post('/api/v1/imports?kind=transactions', ledgerCsv([...ts], [...paid]), CSV);
    expect(x.statusCode, x.body).toBe(200);
  }
  const rows = await b.db.query<{ id: string; contract_number: string }>('select id, contract_number from tenancies');
  const ids = Object.fromEntries(rows.map((r) => [r.contract_number, r.id]));
  return { b, landlordA, landlordB, adminA, officerA, officerB, officerAEmail, ids };
}

/**
 * The Bokvar of the latest world. A list for a later day than the clock's needs that day's run first
 * (the 06:00 job); the API refuses to run a future day itself.
 */
let currentBokvar: TestBokvar | null = null;
export async function onDay(date: string): Promise<void> {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(currentBokvar!.clock.now());
  if (date <= today) return;
  const [done] = await currentBokvar!.db.query('select 1 from job_runs where run_date = $1', [date]);
  if (!done) await runDaily(currentBokvar!.ctx, date);
}

export interface Page {
  total: number;
  households: (Omit<Item, 'id' | 'step_key' | 'action' | 'due_on' | 'window_end' | 'overdue'> & { items: Item[] })[];
  next: string | null;
}

/** Each item with its household's facts, in the order of the list. */
export const itemsOf = (page: Page): Item[] => page.households.flatMap(({ items, ...household }) => items.map((i) => ({ ...household, ...i })));

export async function worklist(client: Client, query: string): Promise<Item[]> {
  await onDay(new URLSearchParams(query).get('date')!);
  const res = await client.get(`/api/v1/worklist?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return itemsOf(res.json());
}

export const contractsOf = (items: Item[]) => [...new Set(items.map((i) => i.contract_number))].sort();
export const stepsOf = (items: Item[], contract: string) => items.filter((i) => i.contract_number === contract).map((i) => i.step_key).sort();
export const itemOf = (items: Item[], contract: string, step: string) => items.find((i) => i.contract_number === contract && i.step_key === step);

export async function payment(client: Client, contract: string, date: string, amount: string, ref: string) {
  const res = await client.post('/api/v1/imports?kind=transactions', `${TRANSACTION_HEADER}\n${contract};betalning;${date};;${amount};${ref}\n`, CSV);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().counts.inserted).toBe(1);
}

// ---------------------------------------------------------------------------------------------
