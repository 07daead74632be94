// Children, action plans and closing (issue 3 §2): a case with children reaches neither an action plan
// nor its end without a child's-best-interest assessment; the landlord may ask for an action plan; a
// closed case has its outcome, tells the landlord only coarsely how it ended (unless consented), and
// asks 6 and 12 months later whether the tenancy holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, type Client, startTestBokvar, type TestBokvar } from '../support/app.ts';
import { buildConsent, importTenancies, importTransactions, loginAs, openNoticeCase } from '../support/world.ts';

let b: TestBokvar;
let officer: Client;
let otherOfficer: Client;
let caretaker: Client;
let socialWorker: Client;
let caseId: string;
let vardId: string;

const detail = async () => (await socialWorker.get(`/api/v1/cases/${caseId}`)).json();

beforeAll(async () => {
  b = await startTestBokvar('2027-01-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Barnkommun', { municipalityCode: '1980' });
  const vard = await buildOrg(b.db, 'landlord', 'Barnbostäder AB', { municipalityId: kommun.id });
  vardId = vard.id;
  const annan = await buildOrg(b.db, 'landlord', 'Annan Värd AB', { municipalityId: kommun.id });
  officer = await loginAs(b, vard.id, 'collection_officer');
  caretaker = await loginAs(b, vard.id, 'caretaker');
  otherOfficer = await loginAs(b, annan.id, 'collection_officer');
  socialWorker = await loginAs(b, kommun.id, 'social_worker');
  await importTenancies(officer, [
    { contractNumber: 'B-1', address: 'Barngatan 1', personnummer: TEST_PERSONNUMMER[40]!, name: 'Berit Barn', children: 2 },
    { contractNumber: 'B-2', address: 'Barngatan 2', personnummer: TEST_PERSONNUMMER[41]!, name: 'Bo Barnlös' },
  ]);
  await importTransactions(officer, ['B-1;avi;2026-12-01;2026-12-30;8500,00;B1', 'B-2;avi;2026-12-01;2026-12-30;8500,00;B2']);
  caseId = await openNoticeCase(officer, socialWorker, 'B-1', { terminationDate: '2027-01-12', amountOwed: 850000 });
});
afterAll(async () => b?.close());

const plan = { goals: 'Betala januarihyran och hålla nya hyror', reviewOn: '2027-02-15', tasks: [{ what: 'Söka ekonomiskt bistånd för hyran', owner: 'tenant', dueOn: '2027-01-22' }] };

describe('a case with children', () => {
  it('knows it has children from the lease', async () => {
    expect((await detail()).children).toEqual({ hasChildren: true, assessments: [] });
  });

  it("reaches neither an action plan nor its end without a child's-best-interest assessment", async () => {
    const p = await socialWorker.post(`/api/v1/cases/${caseId}/action-plans`, plan);
    expect(p.statusCode).toBe(409);
    expect(p.json().error.code).toBe('child_assessment_required');
    const c = await socialWorker.post(`/api/v1/cases/${caseId}/close`, { outcome: 'paid' });
    expect(c.statusCode).toBe(409);
    expect(c.json().error.message).toMatch(/barnets bästa/);
    expect((await detail()).case.status).toBe('open');
  });

  it('takes the assessment, naming the field of a mistake', async () => {
    const empty = await socialWorker.post(`/api/v1/cases/${caseId}/child-assessments`, { assessedOn: '2027-01-15', assessment: ' ', childrenHeard: false });
    expect(empty.json().error.details.fields[0].field).toBe('assessment');
    const future = await socialWorker.post(`/api/v1/cases/${caseId}/child-assessments`, { assessedOn: '2027-01-16', assessment: 'x', childrenHeard: false });
    expect(future.json().error.details.fields[0].field).toBe('assessedOn');
    const ok = await socialWorker.post(`/api/v1/cases/${caseId}/child-assessments`, {
      assessedOn: '2027-01-15', assessment: 'Barnen (7 och 11 år) går i skolan i området; en flytt skulle bryta skolgången.', childrenHeard: true,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await detail()).children.assessments).toMatchObject([{ children_heard: true, author_name: 'Test social_worker' }]);
  });

  it('then gets its action plan, with a review task', async () => {
    const bad = await socialWorker.post(`/api/v1/cases/${caseId}/action-plans`, { ...plan, tasks: [{ what: '', owner: 'tenant', dueOn: '2027-01-22' }] });
    expect(bad.json().error.details.fields[0].field).toBe('tasks[0].what');
    const res = await socialWorker.post(`/api/v1/cases/${caseId}/action-plans`, plan);
    expect(res.statusCode, res.body).toBe(201);
    const d = await detail();
    expect(d.actionPlans).toMatchObject([{ goals: plan.goals, review_on: '2027-02-15', tasks: [{ what: 'Söka ekonomiskt bistånd för hyran', owner: 'tenant' }] }]);
    expect(d.tasks).toMatchObject([{ kind: 'action_plan_review', due_on: '2027-02-15' }]);
  });
});

describe('the landlord asking for an action plan', () => {
  it('works on a case it may see; another landlord and a caretaker cannot', async () => {
    const res = await officer.post(`/api/v1/shared-cases/${caseId}/action-plan-request`, { reason: 'Tredje gången på ett år' });
    expect(res.statusCode, res.body).toBe(201);
    expect((await otherOfficer.post(`/api/v1/shared-cases/${caseId}/action-plan-request`, { reason: 'x' })).statusCode).toBe(404);
    expect((await caretaker.post(`/api/v1/shared-cases/${caseId}/action-plan-request`, { reason: 'x' })).statusCode).toBe(403);
    const d = await detail();
    expect(d.actionPlanRequests).toMatchObject([{ landlord_name: 'Barnbostäder AB', reason: 'Tredje gången på ett år' }]);
    expect(d.tasks.map((t: { title: string }) => t.title)).toContain('Barnbostäder AB begär en handlingsplan');
  });
});

describe('closing', () => {
  it('records the outcome and makes follow-up tasks 6 and 12 months on', async () => {
    const res = await socialWorker.post(`/api/v1/cases/${caseId}/close`, { outcome: 'social_assistance', note: 'Bistånd till hyran beviljat' });
    expect(res.statusCode, res.body).toBe(200);
    const d = await detail();
    expect(d.case).toMatchObject({ status: 'closed', outcome: 'social_assistance', closing_note: 'Bistånd till hyran beviljat' });
    const followUps = d.tasks.filter((t: { kind: string }) => t.kind.startsWith('follow_up'));
    expect(followUps.map((t: { due_on: string }) => t.due_on).sort()).toEqual(['2027-07-15', '2028-01-15']);
    expect((await socialWorker.post(`/api/v1/cases/${caseId}/close`, { outcome: 'paid' })).statusCode).toBe(409);
    expect((await socialWorker.get('/api/v1/cases')).json().cases).toEqual([]);
  });

  it('tells the landlord coarsely how it ended, and precisely only with consent', async () => {
    const shared = async () => (await officer.get(`/api/v1/shared-cases/${caseId}`)).json();
    expect((await shared()).outcome).toEqual({ coarse: 'contact_and_help', precise: null });
    expect(JSON.stringify(await shared())).not.toContain('social_assistance');
    const d = await detail();
    await buildConsent(socialWorker, caseId, { personId: d.persons[0].id, categories: ['outcome'], recipientOrgIds: [vardId], validUntil: '2027-06-30' });
    expect((await shared()).outcome).toEqual({ coarse: 'contact_and_help', precise: 'social_assistance' });
  });

  it('takes each follow-up once and marks its task done', async () => {
    const res = await socialWorker.post(`/api/v1/cases/${caseId}/follow-ups`, { months: 6, tenancyHolds: true, note: 'Hyran betald sedan januari' });
    expect(res.statusCode, res.body).toBe(201);
    expect((await socialWorker.post(`/api/v1/cases/${caseId}/follow-ups`, { months: 6, tenancyHolds: false })).statusCode).toBe(409);
    const d = await detail();
    expect(d.followUps).toMatchObject([{ months: 6, tenancy_holds: true }]);
    expect(d.tasks.find((t: { kind: string }) => t.kind === 'follow_up_6m').done_at).not.toBeNull();
    expect(d.tasks.find((t: { kind: string }) => t.kind === 'follow_up_12m').done_at).toBeNull();
  });

  it('needs no assessment where there are no children', async () => {
    const tenancies = (await officer.get('/api/v1/tenancies?q=B-2')).json().tenancies as { id: string }[];
    expect((await officer.post('/api/v1/notices', { tenancyId: tenancies[0]!.id, reason: 'arrears', terminationDate: '2027-01-12', amountOwed: 850000 })).statusCode).toBe(201);
    const [item] = (await socialWorker.get('/api/v1/inbox')).json().items as { id: string }[];
    const other = (await socialWorker.post(`/api/v1/inbox/notice/${item!.id}/case`)).json().caseId;
    expect((await socialWorker.get(`/api/v1/cases/${other}`)).json().children.hasChildren).toBe(false);
    expect((await socialWorker.post(`/api/v1/cases/${other}/close`, { outcome: 'never_reached' })).statusCode).toBe(200);
    expect((await otherOfficer.get(`/api/v1/shared-cases/${other}`)).statusCode).toBe(404);
    expect((await officer.get(`/api/v1/shared-cases/${other}`)).json().outcome).toEqual({ coarse: 'no_contact', precise: null });
  });
});
