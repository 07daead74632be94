// Privacy: disabling a user ends their access at once; an admin reaches only their own organisation's
// users; a caretaker's view of a tenancy holds no personnummer, ledger or arrears; a rejected import
// keeps no whole personnummer; reading the access log is itself logged (domain section 1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPersonnummer } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, PASSWORD, startTestBokvar, type TestBokvar } from '../support/app.ts';

const CSV = { 'content-type': 'text/csv' };
const TENANCY_HEADER =
  'kontraktsnummer;objektnummer;adress;postnummer;ort;kommunkod;omrade;personnummer;namn;telefon;epost;vuxna;barn;manadshyra;startdatum;slutdatum;uthyrningsform';

function tenancyLine(contract: string, pnr: string, name: string, email = ''): string {
  return [contract, `OBJ-${contract}`, 'Storgatan 1', '722 12', 'Västerås', '', 'Centrum', pnr, name, '070-123 45 67', email, '1', '0', '7 450,00', '2020-04-01', '', 'hyresratt'].join(';');
}

interface Problem {
  line: number;
  column: string | null;
  value: string | null;
  reason: string;
}

let b: TestBokvar;
let landlordA: string;
let adminA: Client;
let adminAId: string;
let adminB: Client;
let officerA: Client;
let caretakerA: Client;
let tenancyId: string;
const PNR = testPersonnummer('1979-01-01', 0);

const loginFails = async (email: string) =>
  (await b.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: PASSWORD } })).statusCode;
const auditCount = async (action: string, subjectId?: string) =>
  (
    await b.db.query<{ n: number }>(
      'select count(*)::int as n from audit_log where action = $1 and ($2::text is null or subject_id = $2)',
      [action, subjectId ?? null],
    )
  )[0]!.n;

beforeAll(async () => {
  b = await startTestBokvar();
  const kommun = await buildOrg(b.db, 'municipality', 'Testkommun', { municipalityCode: '1980' });
  landlordA = (await buildOrg(b.db, 'landlord', 'Bostäder A', { municipalityId: kommun.id, municipal: true })).id;
  const landlordB = (await buildOrg(b.db, 'landlord', 'Bostäder B', { municipalityId: kommun.id })).id;
  const a = await buildUser(b.db, landlordA, 'admin');
  adminAId = a.id;
  adminA = await login(b, a.email);
  adminB = await login(b, (await buildUser(b.db, landlordB, 'admin')).email);
  officerA = await login(b, (await buildUser(b.db, landlordA, 'collection_officer')).email);
  caretakerA = await login(b, (await buildUser(b.db, landlordA, 'caretaker')).email);

  const tenancies = [TENANCY_HEADER, tenancyLine('A-1', PNR, 'Anna Andersson', 'anna@example.se')].join('\n') + '\n';
  expect((await adminA.post('/api/v1/imports?kind=tenancies', tenancies, CSV)).statusCode).toBe(200);
  const transactions = 'kontraktsnummer;typ;datum;forfallodatum;belopp;referens\nA-1;avi;2026-12-15;2026-12-30;7 450,00;AVI-1\n';
  expect((await adminA.post('/api/v1/imports?kind=transactions', transactions, CSV)).statusCode).toBe(200);
  const [row] = await b.db.query<{ id: string }>("select id from tenancies where landlord_id = $1 and contract_number = 'A-1'", [landlordA]);
  tenancyId = row!.id;
});
afterAll(async () => b?.close());

describe('disabling a user', () => {
  it('ends their open session at once, refuses their login and is audited', async () => {
    const user = await buildUser(b.db, landlordA, 'collection_officer');
    const client = await login(b, user.email);
    expect((await client.get('/api/v1/session')).statusCode).toBe(200);

    const res = await adminA.post(`/api/v1/users/${user.id}/disable`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: user.id, disabledAt: expect.any(String) });

    expect((await client.get('/api/v1/session')).statusCode).toBe(401);
    expect((await client.get(`/api/v1/tenancies/${tenancyId}`)).statusCode).toBe(401);
    expect(await loginFails(user.email)).toBe(401);
    const open = await b.db.query('select 1 from sessions where user_id = $1 and revoked_at is null', [user.id]);
    expect(open).toHaveLength(0);
    expect(await auditCount('user.disable', user.id)).toBe(1);

    const listed = (await adminA.get('/api/v1/users')).json() as { users: { id: string; disabled_at: string | null }[] };
    expect(listed.users.find((u) => u.id === user.id)?.disabled_at).not.toBeNull();
  });

  it("answers 404 to another landlord's admin and leaves the user working", async () => {
    const user = await buildUser(b.db, landlordA, 'caretaker');
    const client = await login(b, user.email);
    const res = await adminB.post(`/api/v1/users/${user.id}/disable`);
    expect(res.statusCode).toBe(404);
    expect((await adminB.put(`/api/v1/users/${user.id}/role`, { role: 'admin' })).statusCode).toBe(404);
    expect((await client.get('/api/v1/session')).statusCode).toBe(200);
    const [row] = await b.db.query<{ disabled_at: Date | null; role: string }>('select disabled_at, role from users where id = $1', [user.id]);
    expect(row).toEqual({ disabled_at: null, role: 'caretaker' });
  });

  it('does not let an admin disable themself, nor anyone without users.manage disable anybody', async () => {
    const self = await adminA.post(`/api/v1/users/${adminAId}/disable`);
    expect(self.statusCode).toBe(409);
    expect((await adminA.get('/api/v1/session')).statusCode).toBe(200);
    expect((await officerA.post(`/api/v1/users/${adminAId}/disable`)).statusCode).toBe(403);
  });
});

describe('changing a role', () => {
  it("takes effect on the user's next request, only with a role of the organisation kind, and is audited", async () => {
    const user = await buildUser(b.db, landlordA, 'caretaker');
    const client = await login(b, user.email);
    expect((await client.get('/api/v1/session')).json().permissions).not.toContain('ledger.read');

    const wrongKind = await adminA.put(`/api/v1/users/${user.id}/role`, { role: 'social_worker' });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().error.message).toMatch(/^role:/);

    const res = await adminA.put(`/api/v1/users/${user.id}/role`, { role: 'collection_officer' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: user.id, role: 'collection_officer' });
    expect((await client.get('/api/v1/session')).json().permissions).toContain('ledger.read');
    const [audit] = await b.db.query<{ details: unknown }>("select details from audit_log where action = 'user.role' and subject_id = $1", [user.id]);
    expect(audit?.details).toEqual({ from: 'caretaker', to: 'collection_officer' });
  });
});

describe('a tenancy as the caretaker sees it', () => {
  it('has no personnummer, e-mail, ledger entries or arrears; the collection officer sees them', async () => {
    const res = await caretakerA.get(`/api/v1/tenancies/${tenancyId}`);
    expect(res.statusCode).toBe(200);
    const seen = res.json();
    expect(seen.tenancy.contract_number).toBe('A-1');
    expect(seen.tenants).toEqual([expect.objectContaining({ name: 'Anna Andersson', phone: '+46701234567', personnummer: null, email: null })]);
    expect(seen.entries).toEqual([]);
    expect(seen.arrears).toBeNull();
    expect(res.body).not.toContain(PNR);
    expect(res.body).not.toContain(PNR.slice(2));
    expect(res.body).not.toContain('anna@example.se');

    const officer = (await officerA.get(`/api/v1/tenancies/${tenancyId}`)).json();
    expect(officer.tenants[0]).toMatchObject({ personnummer: PNR, email: 'anna@example.se' });
    expect(officer.entries).toHaveLength(1);
    expect(officer.arrears.owed).toBe(745_000);
  });

  it('is refused to the caretaker in the permissions the web app receives', async () => {
    expect((await caretakerA.get('/api/v1/session')).json().permissions).not.toContain('ledger.read');
    expect((await officerA.get('/api/v1/session')).json().permissions).toContain('ledger.read');
  });
});

describe('a rejected tenancies import', () => {
  it('keeps no whole personnummer in imports.problems and masks it in the 422 report', async () => {
    const good = testPersonnummer('1982-01-01', 0);
    const inBadLine = testPersonnummer('1985-01-01', 0);
    const badCheck = good.slice(0, 11) + String((Number(good[11]) + 1) % 10);
    const tenDigits = `${badCheck.slice(2, 8)}-${badCheck.slice(8)}`;
    const csv =
      [
        TENANCY_HEADER,
        tenancyLine('B-1', badCheck, 'Bo Berg'),
        tenancyLine('B-2', tenDigits, 'Cilla Carlsson'),
        `${tenancyLine('B-3', inBadLine, 'David Dahl')};extra`,
      ].join('\n') + '\n';
    const res = await adminA.post('/api/v1/imports?kind=tenancies', csv, CSV);
    expect(res.statusCode).toBe(422);
    const details = res.json().error.details as { importId: string; problems: Problem[] };
    expect(details.problems).toEqual([
      { line: 2, column: 'personnummer', value: `${badCheck.slice(0, 8)}****`, reason: expect.stringMatching(/kontrollsiffran/) },
      { line: 3, column: 'personnummer', value: `${badCheck.slice(2, 8)}****`, reason: expect.stringMatching(/kontrollsiffran/) },
      { line: 4, column: null, value: null, reason: expect.stringMatching(/^Raden har 18 fält/) },
    ]);
    const [stored] = await b.db.query<{ text: string; accepted: boolean }>('select problems::text as text, accepted from imports where id = $1', [details.importId]);
    expect(stored?.accepted).toBe(false);
    for (const pnr of [badCheck, inBadLine]) {
      for (const text of [stored!.text, res.body]) {
        expect(text).not.toContain(pnr);
        expect(text).not.toContain(pnr.slice(2));
      }
      expect(stored!.text).not.toContain(pnr.slice(8)); // not even the birth number and check digit
    }
  });
});

describe('the access log', () => {
  it('writes an audit row for every read of it', async () => {
    const before = await auditCount('audit.read', landlordA);
    const res = await adminA.get('/api/v1/audit?limit=5');
    expect(res.statusCode).toBe(200);
    expect((res.json() as { events: unknown[] }).events.length).toBeLessThanOrEqual(5);
    expect(await auditCount('audit.read', landlordA)).toBe(before + 1);
    const [row] = await b.db.query<{ actor_user_id: string; details: unknown }>(
      "select actor_user_id, details from audit_log where action = 'audit.read' order by id desc limit 1",
    );
    expect(row).toEqual({ actor_user_id: adminAId, details: { limit: 5, rows: expect.any(Number) } });
    // The next read shows the previous one.
    const again = (await adminA.get('/api/v1/audit?limit=5')).json() as { events: { action: string }[] };
    expect(again.events[0]?.action).toBe('audit.read');
    expect((await caretakerA.get('/api/v1/audit')).statusCode).toBe(403);
  });
});
