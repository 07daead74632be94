// A person's own report (issue 3 §3, GDPR art. 15): everything the organisation keeps about a
// personnummer and every access to it (who, when, why), as JSON and PDF; each organisation its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/access/service.ts';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';
import { importTenancies, importTransactions, openNoticeCase, tenancyIdOf } from '../support/world.ts';

let b: TestBokvar;
let landlordAdmin: Client;
let otherLandlordAdmin: Client;
let officer: Client;
let municipalityAdmin: Client;
let socialWorker: Client;
let tenancyId: string;
let caseId: string;

const TENANT = TEST_PERSONNUMMER[80]!;
const OTHER = TEST_PERSONNUMMER[81]!;
let socialWorkerId: string;
const report = (c: Client, body: object) => c.post('/api/v1/subject-reports', body);

beforeAll(async () => {
  b = await startTestBokvar('2027-01-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Utdragskommun', { municipalityCode: '1980' });
  const vard = await buildOrg(b.db, 'landlord', 'Utdragsbostäder AB', { municipalityId: kommun.id });
  const annan = await buildOrg(b.db, 'landlord', 'Annan Värd AB', { municipalityId: kommun.id });
  landlordAdmin = await login(b, (await buildUser(b.db, vard.id, 'admin')).email);
  otherLandlordAdmin = await login(b, (await buildUser(b.db, annan.id, 'admin')).email);
  officer = await login(b, (await buildUser(b.db, vard.id, 'collection_officer')).email);
  municipalityAdmin = await login(b, (await buildUser(b.db, kommun.id, 'admin')).email);
  const worker = await buildUser(b.db, kommun.id, 'social_worker');
  socialWorkerId = worker.id;
  socialWorker = await login(b, worker.email);
  await importTenancies(officer, [{ contractNumber: 'U-1', address: 'Utdragsgatan 1', personnummer: TENANT, name: 'Ulla Utdrag' }]);
  await importTransactions(officer, ['U-1;avi;2026-12-01;2026-12-30;8500,00;U1']);
  tenancyId = await tenancyIdOf(officer, 'U-1');
  expect((await officer.get(`/api/v1/tenancies/${tenancyId}`)).statusCode).toBe(200);
  caseId = await openNoticeCase(officer, socialWorker, 'U-1', { terminationDate: '2027-01-12', amountOwed: 850000 });
  await socialWorker.post(`/api/v1/cases/${caseId}/journal`, { eventDate: '2027-01-15', body: 'Hembesök; vi pratade om budgeten.' });
});
afterAll(async () => b?.close());

describe("a person's own report", () => {
  it("is the landlord's tenancy, ledger and notice, its application to Kronofogden, and who read them, when and why", async () => {
    expect((await officer.post(`/api/v1/tenancies/${tenancyId}/kfm-applications`, { appliedOn: '2027-01-14', caseNumber: '12-88-27' })).statusCode).toBe(201);
    const res = await report(landlordAdmin, { personnummer: TENANT });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.data.tenancies).toMatchObject([{ contract_number: 'U-1', name: 'Ulla Utdrag' }]);
    expect(r.data.ledger).toMatchObject([{ kind: 'charge', amount: 850000, reference: 'U1' }]);
    expect(r.data.notices).toHaveLength(1);
    expect(r.data.kfmApplications).toMatchObject([{ applied_on: '2027-01-14', case_number: '12-88-27', application_withdrawn_on: null }]);
    expect(r.data).not.toHaveProperty('journal');
    expect(r.accesses).toEqual(expect.arrayContaining([expect.objectContaining({ who: 'Test collection_officer', action: 'tenancy.read', label: 'Läste hyresförhållandet', reason: 'Hyresärende' })]));
    expect(JSON.stringify(r)).not.toContain('budgeten');
  });

  it("is the municipality's case with its journal, and the social worker's reads of it", async () => {
    const r = (await report(municipalityAdmin, { personnummer: TENANT })).json();
    expect(r.data.cases).toMatchObject([{ id: caseId, address: 'Utdragsgatan 1' }]);
    expect(r.data.journal).toMatchObject([{ body: 'Hembesök; vi pratade om budgeten.', author_name: 'Test social_worker' }]);
    expect(r.data.boardNotices).toMatchObject([{ landlord: 'Utdragsbostäder AB', amount_owed: 850000 }]);
    expect(r.accesses).toEqual(expect.arrayContaining([expect.objectContaining({ who: 'Test social_worker', action: 'journal.write', label: 'Skrev i journalen' })]));
    expect(r.data).not.toHaveProperty('ledger');
  });

  it("is nothing from another landlord's books", async () => {
    const r = (await report(otherLandlordAdmin, { personnummer: TENANT })).json();
    expect(Object.values(r.data).every((rows) => (rows as unknown[]).length === 0)).toBe(true);
    expect(r.accesses).toEqual([]);
  });

  it('prints as a PDF, is for administrators only, names a wrong personnummer, and logs only its hash', async () => {
    const pdf = await report(landlordAdmin, { personnummer: TENANT, format: 'pdf' });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await report(officer, { personnummer: TENANT })).statusCode).toBe(403);
    expect((await report(socialWorker, { personnummer: TENANT })).statusCode).toBe(403);
    const bad = await report(landlordAdmin, { personnummer: '19121212-1213' });
    expect(bad.json().error.details.fields[0].field).toBe('personnummer');
    const rows = await b.db.query<{ subject_id: string }>("select subject_id from audit_log where action = 'subject.report'");
    expect(rows.map((x) => x.subject_id)).toEqual([sha256(TENANT), sha256(TENANT), sha256(TENANT), sha256(TENANT)]);
    const [leak] = await b.db.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'subject.report' and details::text like '%' || $1 || '%'", [TENANT]);
    expect(leak!.n).toBe(0);
  });

  it("is the person's own data: the household's other members are named by their relation only; free text is marked for review", async () => {
    const partner = await socialWorker.post(`/api/v1/cases/${caseId}/persons`, { relation: 'adult', personnummer: OTHER, name: 'Olle Annan' });
    expect(partner.statusCode, partner.body).toBe(201);
    const r = (await report(municipalityAdmin, { personnummer: TENANT })).json();
    const text = JSON.stringify(r.data);
    expect(text).not.toContain(OTHER);
    expect(text).not.toContain('Olle Annan');
    expect(r.data.household).toEqual(expect.arrayContaining([expect.objectContaining({ relation: 'adult', personnummer: null, name: null, third_party: true })]));
    expect(r.data.household).toEqual(expect.arrayContaining([expect.objectContaining({ personnummer: TENANT })]));
    expect(r.forReview).toEqual(['journal']);
  });

  it("of a protected case, made by an admin not named on it, leaves out its address and journal and says a named handler completes it", async () => {
    expect((await socialWorker.put(`/api/v1/cases/${caseId}/protection`, { protectedIdentity: true, workerIds: [socialWorkerId] })).statusCode).toBe(200);
    expect((await municipalityAdmin.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(403);
    for (const format of ['json', 'pdf'] as const) {
      const res = await report(municipalityAdmin, { personnummer: TENANT, format });
      expect(res.statusCode).toBe(200);
      if (format === 'pdf') continue;
      const r = res.json();
      expect(r.data.cases).toEqual([{ id: caseId, status: 'open', protected_identity: true, withheld: expect.stringContaining('namngiven på ärendet') }]);
      expect(r.data.journal).toEqual([]);
      expect(r.data.household).toEqual([]);
      expect(JSON.stringify(r)).not.toContain('Utdragsgatan');
      expect(JSON.stringify(r)).not.toContain('budgeten');
    }
  });
});
