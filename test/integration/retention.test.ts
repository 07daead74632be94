// Retention and culling (issue 12 §22): each organisation's periods as settings with the defaults, a
// daily job that culls what has reached them (a file whole or not at all, never an open case), the
// report of what went and when, and the audit log kept by its own rule with its chain still whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { linkAuditChain, verifyAuditChain } from '../../src/access/audit.ts';
import { anchorAuditHead } from '../../src/access/audit-anchor.ts';
import { cullExpired } from '../../src/privacy/retention.ts';
import { retentionStore } from '../../src/privacy/retention-store.ts';
import { keptForResearch } from '../../src/privacy/retention-rules.ts';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';

let b: TestBokvar;
let kommunId: string;
let worker: Client;
let admin: Client;
let landlordAdmin: Client;
const ids: Record<string, string> = {};

const csv = (rows: string[]) => rows.join('\n') + '\n';
const ordinary = TEST_PERSONNUMMER.filter((p) => !keptForResearch(p));
const bornOn15th = TEST_PERSONNUMMER.find((p) => p.slice(6, 8) === '15')!;

/** Every row of any table that names the id in a column of its kind (case_id, tenancy_id …) or as its own id. */
async function rowsNaming(id: string, column: string, own: string): Promise<string[]> {
  const cols = await b.db.query<{ t: string }>(
    "select table_name as t from information_schema.columns where table_schema = 'public' and column_name = $1 order by 1", [column]);
  const found: string[] = [];
  for (const { t } of cols) {
    const [n] = await b.db.query<{ n: number }>(`select count(*)::int as n from ${t} where ${column} = $1`, [id]);
    if (n!.n > 0) found.push(`${t}: ${n!.n}`);
  }
  const [self] = await b.db.query<{ n: number }>(`select count(*)::int as n from ${own} where id = $1`, [id]);
  if (self!.n > 0) found.push(`${own}: itself`);
  return found;
}

async function openClosedCase(address: string, personnummer: string): Promise<string> {
  await b.app.inject({ method: 'POST', url: '/api/v1/concerns', payload: { municipalityId: kommunId, address, what: 'Oro' } });
  const item = (await worker.get('/api/v1/inbox')).json().items.find((i: { address: string }) => i.address === address) as { id: string };
  const caseId = (await worker.post(`/api/v1/inbox/concern/${item.id}/case`)).json().caseId as string;
  expect((await worker.post(`/api/v1/cases/${caseId}/persons`, { relation: 'tenant', personnummer })).statusCode).toBe(201);
  expect((await worker.post(`/api/v1/cases/${caseId}/journal`, { eventDate: '2027-01-20', body: `Samtal om ${address}` })).statusCode).toBe(201);
  expect((await worker.post(`/api/v1/cases/${caseId}/contacts`, { kind: 'call', contactDate: '2027-01-20', reached: false })).statusCode).toBe(201);
  expect((await worker.post(`/api/v1/cases/${caseId}/close`, { outcome: 'never_reached' })).statusCode).toBe(200);
  return caseId;
}

beforeAll(async () => {
  b = await startTestBokvar('2027-01-20T10:00:00+01:00');
  // The log's rows are stamped by the database's clock, which the test's clock does not move; the
  // owner's floor on culling them (migration 0039) is lifted here and tried on its own below.
  await b.db.query("update audit_rules set min_age = interval '0'");
  kommunId = (await buildOrg(b.db, 'municipality', 'Gallringskommun', { municipalityCode: '1980' })).id;
  const vard = await buildOrg(b.db, 'landlord', 'Gallringsbostäder AB', { municipalityId: kommunId });
  worker = await login(b, (await buildUser(b.db, kommunId, 'social_worker')).email);
  admin = await login(b, (await buildUser(b.db, kommunId, 'admin')).email);
  landlordAdmin = await login(b, (await buildUser(b.db, vard.id, 'admin')).email);

  ids.culled = await openClosedCase('Gallringsgatan 1', ordinary[0]!);
  ids.research = await openClosedCase('Forskningsgatan 15', bornOn15th);
  // An open case with an entry as old: never culled.
  await b.app.inject({ method: 'POST', url: '/api/v1/concerns', payload: { municipalityId: kommunId, address: 'Öppna gatan 2', what: 'Oro' } });
  const open = (await worker.get('/api/v1/inbox')).json().items.find((i: { address: string }) => i.address === 'Öppna gatan 2') as { id: string };
  ids.open = (await worker.post(`/api/v1/inbox/concern/${open.id}/case`)).json().caseId;
  expect((await worker.post(`/api/v1/cases/${ids.open}/journal`, { eventDate: '2027-01-20', body: 'Pågår' })).statusCode).toBe(201);
  // A concern set aside with a reason: no case.
  await b.app.inject({ method: 'POST', url: '/api/v1/concerns', payload: { municipalityId: kommunId, address: 'Avskrivna gatan 3', what: 'Oro' } });
  const dismissed = (await worker.get('/api/v1/inbox')).json().items.find((i: { address: string }) => i.address === 'Avskrivna gatan 3') as { id: string };
  ids.concern = dismissed.id;
  expect((await worker.post(`/api/v1/inbox/concern/${dismissed.id}/dismiss`, { reason: 'Ingen oro för boendet' })).statusCode).toBe(200);

  // The landlord's tenancies: one ended with its ledger, one still running.
  const head = 'kontraktsnummer;adress;personnummer;namn;barn;manadshyra;startdatum;slutdatum';
  expect((await landlordAdmin.post('/api/v1/imports?kind=tenancies', csv([head, `G-1;Slutgatan 1;${ordinary[1]};Elin Ende;0;7000,00;2020-01-01;2027-01-31`, `G-2;Kvargatan 2;${ordinary[2]};Kim Kvar;0;7000,00;2020-01-01;`]), { 'content-type': 'text/csv' })).statusCode).toBe(200);
  expect((await landlordAdmin.post('/api/v1/imports?kind=transactions', csv(['kontraktsnummer;typ;datum;forfallodatum;belopp;referens', 'G-1;avi;2026-12-01;2026-12-30;7000,00;G1', 'G-1;betalning;2026-12-29;;7000,00;G1b', 'G-2;avi;2026-12-01;2026-12-30;7000,00;G2']), { 'content-type': 'text/csv' })).statusCode).toBe(200);
  const [ended] = await b.db.query<{ id: string; landlord_id: string }>("select id, landlord_id from tenancies where contract_number = 'G-1'");
  ids.tenancy = ended!.id;
  // The collection routine's history of it: a worklist step and the call made on it.
  const [item] = await b.db.query<{ id: string }>(
    `insert into worklist_items (landlord_id, tenancy_id, step_key, anchor_due_date, action, actor, due_on, first_listed_on, amount_owed, months_owed, days_late, bank_days_late, priority)
     values ($1, $2, 'call', '2026-12-30', 'call', 'landlord', '2027-01-05', '2027-01-05', 700000, 1, 6, 4, 1) returning id`, [ended!.landlord_id, ended!.id]);
  await b.db.query("insert into outreach (landlord_id, tenancy_id, worklist_item_id, kind, reached, contact_date) values ($1, $2, $3, 'call', false, '2027-01-05')",
    [ended!.landlord_id, ended!.id, item!.id]);
}, 60_000);
afterAll(async () => b?.close());

const runOn = async (iso: string) => {
  b.clock.set(iso);
  return cullExpired(b.ctx);
};

describe('the periods', () => {
  it('are settings of each organisation, with the defaults shown; a bad value names its field', async () => {
    const got = (await admin.get('/api/v1/retention')).json();
    expect(got).toMatchObject({ settings: { caseFileYears: null, concernMonths: null }, inForce: { caseFileYears: 5, concernMonths: 12 }, defaults: { caseFileYears: 5 } });
    expect((await landlordAdmin.get('/api/v1/retention')).json().inForce).toEqual({ tenancyMonths: 24 });
    const bad = await admin.put('/api/v1/retention', { caseFileYears: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('body.caseFileYears');
    // Never shorter than the law's five years for a personal file.
    const short = await admin.put('/api/v1/retention', { caseFileYears: 4 });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details.fields[0].field).toBe('body.caseFileYears');
    await expect(b.db.query('update organisations set case_file_years = 4 where id = $1', [kommunId])).rejects.toThrow(/case_file_years_check/);
    const notOurs = await landlordAdmin.put('/api/v1/retention', { caseFileYears: 6 });
    expect(notOurs.statusCode).toBe(400);
    expect(notOurs.json().error.message).toBe('caseFileYears: Gäller inte den här sortens organisation');
    expect((await worker.get('/api/v1/retention')).statusCode).toBe(403);
    // Set and set back to the default; the change is audited.
    expect((await admin.put('/api/v1/retention', { concernMonths: 6 })).json().inForce.concernMonths).toBe(6);
    expect((await admin.put('/api/v1/retention', { concernMonths: null })).json().inForce.concernMonths).toBe(12);
    const [n] = await b.db.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'retention.set'");
    expect(n!.n).toBe(2);
  });
});

describe('the daily culling', () => {
  it('keeps everything until its period is out', async () => {
    const result = await runOn('2028-01-19T03:00:00+01:00');
    expect(result).toMatchObject({ caseFiles: 0, concerns: 0, tenancies: 0 });
    expect(await rowsNaming(ids.concern!, 'concern_id', 'concerns')).toEqual(['concerns: itself']);
  });

  it('culls a concern that led to no case a year after the decision, and says so in the report', async () => {
    const result = await runOn('2028-01-20T03:00:00+01:00');
    expect(result).toMatchObject({ concerns: 1, caseFiles: 0 });
    expect(await rowsNaming(ids.concern!, 'concern_id', 'concerns')).toEqual([]);
    const report = (await admin.get('/api/v1/retention')).json().culled;
    expect(report).toEqual([expect.objectContaining({ culled_on: '2028-01-20', kind: 'concern', count: 1, oldest: '2027-01-20', newest: '2027-01-20' })]);
    // The report names no person, address or case.
    expect(JSON.stringify(report)).not.toMatch(/gatan|\d{12}/);
    // Run twice the same day: nothing more.
    expect(await cullExpired(b.ctx)).toBeNull();
  });

  it("culls the landlord's ended tenancy with its ledger and collection history two years after it ended, and keeps the running one", async () => {
    expect((await runOn('2029-01-30T03:00:00+01:00'))?.tenancies).toBe(0);
    expect((await runOn('2029-01-31T03:00:00+01:00'))?.tenancies).toBe(1);
    expect(await rowsNaming(ids.tenancy!, 'tenancy_id', 'tenancies')).toEqual([]);
    const [kept] = await b.db.query<{ n: number }>("select count(*)::int as n from ledger_entries e join tenancies t on t.id = e.tenancy_id where t.contract_number = 'G-2'");
    expect(kept!.n).toBe(1);
    expect((await landlordAdmin.get('/api/v1/retention')).json().culled).toEqual([expect.objectContaining({ kind: 'tenancy', count: 1, oldest: '2027-01-31' })]);
  });

  it('culls a closed personal file five years after its last entry, whole; keeps one of a person born on the 15th', async () => {
    expect((await runOn('2032-01-19T03:00:00+01:00'))?.caseFiles).toBe(0);
    const result = await runOn('2032-01-20T03:00:00+01:00');
    expect(result).toMatchObject({ caseFiles: 1, keptForResearch: 1, failed: 0 });
    expect(await rowsNaming(ids.culled!, 'case_id', 'cases')).toEqual([]);
    // The concern that opened it went with it.
    const [concerns] = await b.db.query<{ n: number }>("select count(*)::int as n from concerns where address = 'Gallringsgatan 1'");
    expect(concerns!.n).toBe(0);
    expect((await rowsNaming(ids.research!, 'case_id', 'cases')).length).toBeGreaterThan(3);
    // The open case is never touched, and its signed entries cannot be removed by anyone.
    expect((await rowsNaming(ids.open!, 'case_id', 'cases')).length).toBeGreaterThan(0);
    await expect(b.db.query('delete from journal_entries where case_id = $1', [ids.open])).rejects.toThrow(/never changed or removed/);
    await expect(b.db.query('update cases set culling = true where id = $1', [ids.open])).rejects.toThrow(/cases_culled_closed/);
    // The culling is in the audit log, under the system, naming the file's id only.
    const [audited] = await b.db.query<{ subject_id: string; reason: string }>("select subject_id, reason from audit_log where action = 'retention.cull' and subject_type = 'case'");
    expect(audited).toEqual({ subject_id: ids.culled, reason: 'Gallring' });
    expect((await admin.get('/api/v1/retention')).json().culled[0]).toMatchObject({ kind: 'case_file', count: 1, oldest: '2027-01-20' });
  });

  it('leaves a file whole when part of it cannot go, and culls the others', async () => {
    const a = await openClosedCase('Fastgatan 4', ordinary[3]!);
    const other = await openClosedCase('Lösgatan 5', ordinary[4]!);
    // Something new that hangs on the case, which the culling does not know of.
    await b.db.query('create table retention_test_extra (case_id uuid not null references cases (id))');
    await b.db.query('insert into retention_test_extra values ($1)', [a]);
    const result = await runOn('2037-02-01T03:00:00+01:00');
    expect(result).toMatchObject({ caseFiles: 1, failed: 1 });
    expect(await rowsNaming(other, 'case_id', 'cases')).toEqual([]);
    const left = await rowsNaming(a, 'case_id', 'cases');
    expect(left).toEqual(expect.arrayContaining(['journal_entries: 1', 'case_persons: 1', 'case_contacts: 1', 'cases: itself']));
    await b.db.query('drop table retention_test_extra');
  });

  it('keeps a file written in since it was listed: the remove asks again under a lock', async () => {
    const late = await openClosedCase('Sengatan 6', ordinary[5]!); // closed on 2037-02-01
    const cut = '2042-02-01';
    const listed = await retentionStore.expiredFiles(b.db, kommunId, cut, 100);
    expect(listed.map((f) => f.id)).toContain(late);
    // An entry written the next day, after the list was read (the follow-up after closing): its period starts again.
    b.clock.set('2042-02-02T09:00:00+01:00');
    expect((await worker.post(`/api/v1/cases/${late}/follow-ups`, { months: 6, tenancyHolds: true })).statusCode).toBe(201);
    expect(await b.db.transaction((tx) => retentionStore.removeFile(tx, late, cut))).toBe(false);
    expect((await rowsNaming(late, 'case_id', 'cases')).length).toBeGreaterThan(3);
  });

  it('counts a contact logged after closing as the last entry', async () => {
    const c = await openClosedCase('Kontaktgatan 7', ordinary[6]!); // closed on 2042-02-02
    b.clock.set('2043-03-01T09:00:00+01:00');
    expect((await worker.post(`/api/v1/cases/${c}/contacts`, { kind: 'call', contactDate: '2043-03-01', reached: true })).statusCode).toBe(201);
    const listed = async (cut: string) => (await retentionStore.expiredFiles(b.db, kommunId, cut, 100)).find((f) => f.id === c);
    expect(await listed('2042-02-02')).toBeUndefined();
    expect(await listed('2043-03-01')).toMatchObject({ day: '2043-03-01' });
  });

  it('culls the audit log by its own rule, from the start of its chain, which still verifies', async () => {
    // The log's rows are stamped by the database's clock: within ten years of them, none goes.
    const [written] = await b.db.query<{ last: Date }>('select max(at) as last from audit_log');
    const withinTenYears = new Date(written!.last.getTime() + (10 * 365 - 2) * 86_400_000);
    expect((await runOn(withinTenYears.toISOString()))!.auditRows).toBe(0);
    // Past ten years they go, oldest first; the chain keeps its start (the row before the first kept).
    // The head anchored outside the database before, still agrees after.
    const anchor = { file: path.join(mkdtempSync(path.join(tmpdir(), 'bokvar-anchor-')), 'anchor.jsonl'), key: 'nyckel-för-provet' };
    await linkAuditChain(b.db);
    await anchorAuditHead(b.db, anchor, b.clock.now());
    const [before] = await b.db.query<{ n: number }>('select count(*)::int as n from audit_log');
    const result = await runOn(new Date(written!.last.getTime() + 11 * 366 * 86_400_000).toISOString());
    expect(result!.auditRows).toBeGreaterThanOrEqual(before!.n);
    const [base] = await b.db.query<{ seq: string }>('select chain_seq::text as seq from audit_chain_base');
    const [left] = await b.db.query<{ n: number; old: number }>(
      'select count(*)::int as n, (count(*) filter (where chain_seq <= $1))::int as old from audit_log', [base!.seq]);
    expect(left).toEqual({ n: 1, old: 0 }); // only the culling's own row, after the start
    expect(await verifyAuditChain(b.db)).toMatchObject({ ok: true, rows: 1 });
    expect(await verifyAuditChain(b.db, anchor)).toMatchObject({ ok: true, anchor: null });
    // The report of the audit log's own rule.
    const [line] = await b.db.query<{ kind: string; count: number; rule: string }>("select kind, count, rule from culling_log where kind = 'audit' order by id desc limit 1");
    expect(line).toEqual({ kind: 'audit', count: result!.auditRows, rule: 'Åtkomstloggen: 10 år' });
    // Nothing else can use the rule to remove rows: the start only moves forwards, and only it opens a row to removal.
    await expect(b.db.query('update audit_chain_base set chain_seq = chain_seq - 1')).rejects.toThrow(/only moves forward/);
    await expect(b.db.query('delete from audit_log')).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(b.db)).toMatchObject({ ok: true });
    // And whatever the application asks, the owner's floor keeps rows younger than it.
    await b.db.query("update audit_rules set min_age = interval '2 years'");
    await linkAuditChain(b.db);
    const [head] = await b.db.query<{ seq: string; hash: string }>('select chain_seq::text as seq, hash from audit_log where chain_seq is not null order by chain_seq desc limit 1');
    await expect(b.db.query('select audit_log_cull($1, $2, now())', [head!.seq, head!.hash])).rejects.toThrow(/younger than the audit log's own period/);
  });
});
