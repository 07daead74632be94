// Protected identity (issue 3 §3): the case is seen only by the social workers named on it; its address
// is in no list, not even theirs; nobody outside social services sees it, whatever was sent or consented.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';
import { importTenancies, importTransactions, openNoticeCase } from '../support/world.ts';

let b: TestBokvar;
let officer: Client;
let named: Client;
let colleague: Client;
let namedId: string;
let colleagueId: string;
let caseId: string;


beforeAll(async () => {
  b = await startTestBokvar('2027-01-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Skyddskommun', { municipalityCode: '1980' });
  const vard = await buildOrg(b.db, 'landlord', 'Skyddsbostäder AB', { municipalityId: kommun.id });
  officer = await login(b, (await buildUser(b.db, vard.id, 'collection_officer')).email);
  const a = await buildUser(b.db, kommun.id, 'social_worker');
  const c = await buildUser(b.db, kommun.id, 'social_worker');
  namedId = a.id;
  colleagueId = c.id;
  named = await login(b, a.email);
  colleague = await login(b, c.email);
  await importTenancies(officer, [{ contractNumber: 'H-1', address: 'Hemliga gatan 1', personnummer: TEST_PERSONNUMMER[70]!, name: 'Hedda Hemlig' }]);
  await importTransactions(officer, ['H-1;avi;2026-12-01;2026-12-30;8500,00;H1']);
  caseId = await openNoticeCase(officer, named, 'H-1', { terminationDate: '2027-01-12', amountOwed: 850000 });
  expect((await named.post(`/api/v1/cases/${caseId}/visits`, { at: '2027-01-20T10:00:00+01:00' })).statusCode).toBe(201);
});
afterAll(async () => b?.close());

describe('protected identity', () => {
  it('needs the one who protects the case among the named', async () => {
    const res = await named.put(`/api/v1/cases/${caseId}/protection`, { protectedIdentity: true, workerIds: [colleagueId] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].field).toBe('workerIds');
    expect((await named.put(`/api/v1/cases/${caseId}/protection`, { protectedIdentity: true, workerIds: [namedId] })).statusCode).toBe(200);
  });

  it('hides the case from a colleague not named on it', async () => {
    expect((await colleague.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    expect((await colleague.post(`/api/v1/cases/${caseId}/journal`, { eventDate: '2027-01-15', body: 'x' })).statusCode).toBe(404);
    expect((await colleague.get('/api/v1/cases')).json().cases).toEqual([]);
    const tasks = (await colleague.get('/api/v1/tasks')).json();
    expect([...tasks.overdue, ...tasks.coming]).toEqual([]);
  });

  it('keeps the address out of the lists of those named, not out of the case itself', async () => {
    const [listed] = (await named.get('/api/v1/cases')).json().cases;
    expect(listed).toMatchObject({ id: caseId, address: null, protected_identity: true });
    const tasks = (await named.get('/api/v1/tasks')).json().coming;
    expect(tasks).toMatchObject([{ case_id: caseId, address: null }]);
    expect(JSON.stringify(tasks)).not.toContain('Hemliga gatan');
    const d = (await named.get(`/api/v1/cases/${caseId}`)).json();
    expect(d.case.address).toBe('Hemliga gatan 1');
    expect(d.workers).toMatchObject([{ user_id: namedId }]);
  });

  it('takes news about the household from a colleague without showing them the case', async () => {
    const municipalityId = (await named.get(`/api/v1/cases/${caseId}`)).json().case.municipality_id;
    const sent = await officer.post('/api/v1/concerns/reported', { municipalityId, address: 'Hemliga gatan 1', contractNumber: 'H-1', what: 'Grannar hör bråk' });
    expect(sent.statusCode, sent.body).toBe(201);
    const [item] = (await colleague.get('/api/v1/inbox')).json().items as { id: string; kind: string }[];
    const opened = await colleague.post(`/api/v1/inbox/${item!.kind}/${item!.id}/case`);
    // Answered as when another colleague took the item before them (issue 12 §5): not a sign of a
    // protected case, which `{"caseId":null}` was.
    expect(opened.statusCode).toBe(404);
    expect(opened.json().error).toEqual({ code: 'not_found', message: 'Det finns inget sådant nytt i inkorgen' });
    expect(opened.body).not.toContain(caseId);
    expect((await named.get(`/api/v1/cases/${caseId}`)).json().concerns.map((c: { what: string }) => c.what)).toEqual(['Grannar hör bråk']);
    // The named worker is told; the colleague's attempt is logged under their name.
    const tasks = (await named.get('/api/v1/tasks')).json();
    expect(JSON.stringify(tasks)).toContain('Nytt om hushållet har kommit in');
    const [attempt] = await b.db.query<{ user_id: string; details: { outOfSight?: boolean } }>(
      "select actor_user_id as user_id, details from audit_log where action = 'case.join' and subject_id = $1 order by id desc limit 1", [caseId]);
    expect(attempt).toMatchObject({ user_id: colleagueId, details: { outOfSight: true } });
    expect((await colleague.get('/api/v1/inbox')).json().items).toEqual([]);
  });

  it('shows the landlord nothing, even after its own notice', async () => {
    expect((await officer.get('/api/v1/shared-cases')).json().cases).toEqual([]);
    expect((await officer.get(`/api/v1/shared-cases/${caseId}`)).statusCode).toBe(404);
  });

  it('lets a colleague in once named, and everyone once lifted', async () => {
    expect((await named.put(`/api/v1/cases/${caseId}/protection`, { protectedIdentity: true, workerIds: [namedId, colleagueId] })).statusCode).toBe(200);
    expect((await colleague.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(200);
    expect((await colleague.put(`/api/v1/cases/${caseId}/protection`, { protectedIdentity: false, workerIds: [] })).statusCode).toBe(200);
    expect((await officer.get('/api/v1/shared-cases')).json().cases).toHaveLength(1);
    expect((await colleague.get('/api/v1/cases')).json().cases[0].address).toBe('Hemliga gatan 1');
  });

  it('answers the same, word for word, for an item about another home that a colleague took first', async () => {
    const municipalityId = (await named.get(`/api/v1/cases/${caseId}`)).json().case.municipality_id;
    await b.app.inject({ method: 'POST', url: '/api/v1/concerns', payload: { municipalityId, address: 'Öppna gatan 9', what: 'Oro för grannen' } });
    const [item] = (await colleague.get('/api/v1/inbox')).json().items as { id: string; kind: string }[];
    const [first, second] = [await named.post(`/api/v1/inbox/${item!.kind}/${item!.id}/case`), await colleague.post(`/api/v1/inbox/${item!.kind}/${item!.id}/case`)];
    expect(first.statusCode).toBe(201);
    expect({ status: second.statusCode, body: second.json() }).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'Det finns inget sådant nytt i inkorgen' } } });
  });
});
