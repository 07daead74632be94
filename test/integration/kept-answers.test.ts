// Social services' reads answered from what the server keeps (issue 3 §5, migration 0023): the inbox,
// the case list and a case with its timeline are built once and sent again while nothing they were
// built from has changed. These tests read, change one thing each reader would notice (in the case,
// in the landlord's books, in the directory of names, in the intake), and read again: the change shows
// at once. Every read keeps its own audit row, and a kept answer is never given to someone who may
// not see it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, permissionsFor } from '../../src/access/model.ts';
import { runDaily } from '../../src/collection/daily-run.ts';
import { importLedgerFile } from '../../src/ledger/service.ts';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';

let b: TestBokvar;
let municipalityId: string;
let landlordId: string;
let officerId: string;
let officer: Client;
let landlordAdmin: Client;
let admin: Client;
let socialWorker: Client;
let socialWorkerId: string;
let colleague: Client;
let colleagueId: string;
let caseId: string;
let tenancyId: string;

const csv = (rows: string[]) => rows.join('\n') + '\n';
const TENANCY_HEADER = 'kontraktsnummer;adress;personnummer;namn;barn;manadshyra;startdatum';
const caseView = async (client = socialWorker) => {
  const res = await client.get(`/api/v1/cases/${caseId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const auditRows = async (action: string, subjectId: string | null = null) => {
  const [row] = await b.db.query<{ n: number }>('select count(*)::int as n from audit_log where action = $1 and ($2::text is null or subject_id = $2)', [action, subjectId]);
  return row!.n;
};
const importTransactions = async (rows: string[]) => {
  const res = await officer.post('/api/v1/imports?kind=transactions', csv(['kontraktsnummer;typ;datum;forfallodatum;belopp;referens', ...rows]), { 'content-type': 'text/csv' });
  expect(res.statusCode, res.body).toBe(200);
};

beforeAll(async () => {
  b = await startTestBokvar('2027-01-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Sparkommun', { municipalityCode: '1980' });
  municipalityId = kommun.id;
  const vard = await buildOrg(b.db, 'landlord', 'Sparbostäder AB', { municipalityId });
  landlordId = vard.id;
  const officerUser = await buildUser(b.db, vard.id, 'collection_officer');
  officerId = officerUser.id;
  officer = await login(b, officerUser.email);
  landlordAdmin = await login(b, (await buildUser(b.db, vard.id, 'admin')).email);
  admin = await login(b, (await buildUser(b.db, kommun.id, 'admin')).email);
  const sw = await buildUser(b.db, kommun.id, 'social_worker');
  socialWorkerId = sw.id;
  socialWorker = await login(b, sw.email);
  const other = await buildUser(b.db, kommun.id, 'social_worker');
  colleagueId = other.id;
  colleague = await login(b, other.email);
  await landlordAdmin.post('/api/v1/imports?kind=tenancies', csv([TENANCY_HEADER, `S-1;Spargatan 1;${TEST_PERSONNUMMER[96]};Sam Spar;0;8500,00;2020-01-01`]), { 'content-type': 'text/csv' });
  await importTransactions(['S-1;avi;2026-12-01;2026-12-30;8500,00;S1']);
  tenancyId = ((await officer.get('/api/v1/tenancies?q=S-1')).json().tenancies as { id: string }[])[0]!.id;
  await runDaily(b.ctx, '2027-01-15');
  // A notice in the case: social services see the landlord's books.
  expect((await officer.post('/api/v1/notices', { tenancyId, reason: 'arrears', terminationDate: '2027-01-12', amountOwed: 850000 })).statusCode).toBe(201);
  const [item] = (await socialWorker.get('/api/v1/inbox')).json().items as { id: string }[];
  caseId = (await socialWorker.post(`/api/v1/inbox/notice/${item!.id}/case`)).json().caseId;
});
afterAll(async () => b?.close());

describe('a case with its timeline, read again', () => {
  it('shows a journal entry written since, at once', async () => {
    const before = await caseView();
    expect(await caseView()).toEqual(before);
    expect((await socialWorker.post(`/api/v1/cases/${caseId}/journal`, { eventDate: '2027-01-15', body: 'Hembesök bokat' })).statusCode).toBe(201);
    const after = await caseView();
    expect((after.journal as { body: string }[]).map((e) => e.body)).toEqual(['Hembesök bokat']);
    expect((after.timeline as { kind: string }[]).map((e) => e.kind)).toContain('journal');
  });

  it("shows the landlord's books as the latest import left them", async () => {
    expect((await caseView()).ledger.arrears).toEqual({ owed: 850000, oldestUnpaidDueDate: '2026-12-30' });
    // A part payment, imported as `bokvar import` does it but without refreshing today's list after:
    // nothing else of the landlord's changes, the import alone must tell.
    const actor: Actor = {
      kind: 'user', userId: officerId, tokenId: null, orgId: landlordId, orgKind: 'landlord', orgName: 'Sparbostäder AB',
      role: 'collection_officer', name: 'Kravhandläggare', permissions: permissionsFor('landlord', 'collection_officer'),
    };
    const csvText = csv(['kontraktsnummer;typ;datum;forfallodatum;belopp;referens', 'S-1;betalning;2027-01-14;;1000,00;S1-P']);
    expect((await importLedgerFile(b.ctx, actor, { kind: 'transactions', data: csvText })).accepted).toBe(true);
    expect((await caseView()).ledger.arrears).toEqual({ owed: 750000, oldestUnpaidDueDate: '2026-12-30' });
  });

  it('shows a colleague gone from the list of colleagues once disabled', async () => {
    const names = async () => ((await caseView()).colleagues as { id: string }[]).map((c) => c.id);
    expect(await names()).toContain(colleagueId);
    const third = await buildUser(b.db, municipalityId, 'social_worker');
    expect(await names()).toContain(third.id);
    expect((await admin.post(`/api/v1/users/${third.id}/disable`)).statusCode).toBe(200);
    expect(await names()).not.toContain(third.id);
  });

  it('writes an audit row for every read, also those answered together', async () => {
    await caseView();
    const before = await auditRows('case.read', caseId);
    const answers = await Promise.all(Array.from({ length: 6 }, () => socialWorker.get(`/api/v1/cases/${caseId}`)));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(await auditRows('case.read', caseId)).toBe(before + 6);
  });

  it('is refused to a colleague not named once the identity is protected, though the answer was kept for them before', async () => {
    await caseView(colleague);
    expect((await socialWorker.put(`/api/v1/cases/${caseId}/protection`, { protectedIdentity: true, workerIds: [socialWorkerId] })).statusCode).toBe(200);
    const refusedBefore = await auditRows('case.read', caseId);
    expect((await colleague.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    expect(await auditRows('case.read', caseId)).toBe(refusedBefore);
    expect((await caseView()).case.protected_identity).toBe(true);
    // Kept now for the named worker: still refused to the colleague.
    expect((await colleague.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    expect((await socialWorker.put(`/api/v1/cases/${caseId}/protection`, { protectedIdentity: false, workerIds: [] })).statusCode).toBe(200);
    expect((await caseView(colleague)).case.protected_identity).toBe(false);
  });
});

describe('the inbox and the case list, read again', () => {
  it('show a new concern and a newly opened case at once', async () => {
    const inbox = async () => (await socialWorker.get('/api/v1/inbox')).json().items as { id: string; kind: string; address: string }[];
    const list = async () => (await socialWorker.get('/api/v1/cases')).json().cases as { id: string; address: string | null }[];
    const before = { inbox: await inbox(), list: await list() };
    expect(await inbox()).toEqual(before.inbox);
    const posted = await b.app.inject({ method: 'POST', url: '/api/v1/concerns', payload: { municipalityId, address: 'Nygatan 9', what: 'Ingen har sett dem på länge', clientId: 'kept-1' } });
    expect(posted.statusCode, posted.body).toBe(201);
    const items = await inbox();
    expect(items).toHaveLength(before.inbox.length + 1);
    const concern = items.find((i) => i.address === 'Nygatan 9')!;
    expect(concern.kind).toBe('concern');
    expect(await list()).toEqual(before.list);
    // A minute later than the cases before it, so it is the newest (the app's clock opens a case).
    b.clock.set(new Date(b.clock.now().getTime() + 60_000).toISOString());
    const opened = await socialWorker.post(`/api/v1/inbox/concern/${concern.id}/case`);
    expect(opened.statusCode, opened.body).toBe(201);
    expect((await inbox()).find((i) => i.id === concern.id)).toBeUndefined();
    expect((await list())[0]).toMatchObject({ id: opened.json().caseId, address: 'Nygatan 9' });
  });

  it("shows a notice's home as the landlord's latest tenancy file has it", async () => {
    await landlordAdmin.post('/api/v1/imports?kind=tenancies', csv([TENANCY_HEADER, `S-2;Sparvägen 2;${TEST_PERSONNUMMER[97]};Siv Spar;0;8500,00;2020-01-01`]), { 'content-type': 'text/csv' });
    await importTransactions(['S-2;avi;2026-12-01;2026-12-30;8500,00;S2']);
    const s2 = ((await officer.get('/api/v1/tenancies?q=S-2')).json().tenancies as { id: string }[])[0]!.id;
    expect((await officer.post('/api/v1/notices', { tenancyId: s2, reason: 'arrears', terminationDate: '2027-01-12', amountOwed: 850000 })).statusCode).toBe(201);
    const address = async () => ((await socialWorker.get('/api/v1/inbox')).json().items as { kind: string; address: string }[]).find((i) => i.kind === 'notice')?.address;
    expect(await address()).toBe('Sparvägen 2');
    const res = await landlordAdmin.post('/api/v1/imports?kind=tenancies', csv([TENANCY_HEADER, `S-2;Sparvägen 2 B;${TEST_PERSONNUMMER[97]};Siv Spar;0;8500,00;2020-01-01`]), { 'content-type': 'text/csv' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await address()).toBe('Sparvägen 2 B');
  });

  it('keep one audit row per read, naming what was shown', async () => {
    const before = { inbox: await auditRows('inbox.read'), list: await auditRows('case.list') };
    await Promise.all([socialWorker.get('/api/v1/inbox'), socialWorker.get('/api/v1/inbox'), socialWorker.get('/api/v1/cases'), socialWorker.get('/api/v1/cases')]);
    expect(await auditRows('inbox.read')).toBe(before.inbox + 2);
    expect(await auditRows('case.list')).toBe(before.list + 2);
    const [last] = await b.db.query<{ details: { cases: string[] } }>("select details from audit_log where action = 'case.list' order by id desc limit 1");
    expect(last!.details.cases).toContain(caseId);
  });
});
