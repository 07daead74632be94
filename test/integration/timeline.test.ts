// The case's one timeline (issue 3 §2): what came in, contacts, journal and the rest in the order they
// happened; the landlord's ledger state and routine steps only once a notice, a consented referral or a
// Kronofogden notice is in the case (domain section 1), never on a concern alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDaily } from '../../src/collection/daily-run.ts';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';

let b: TestBokvar;
let officer: Client;
let socialWorker: Client;
let caseId: string;
let tenancyId: string;

const csv = (rows: string[]) => rows.join('\n') + '\n';
const detail = async () => (await socialWorker.get(`/api/v1/cases/${caseId}`)).json();

beforeAll(async () => {
  b = await startTestBokvar('2027-01-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Tidslinjekommun', { municipalityCode: '1980' });
  const vard = await buildOrg(b.db, 'landlord', 'Tidslinjebostäder AB', { municipalityId: kommun.id });
  officer = await login(b, (await buildUser(b.db, vard.id, 'collection_officer')).email);
  socialWorker = await login(b, (await buildUser(b.db, kommun.id, 'social_worker')).email);
  await officer.post('/api/v1/imports?kind=tenancies', csv(['kontraktsnummer;adress;personnummer;namn;barn;manadshyra;startdatum', `T-1;Tidsgatan 1;${TEST_PERSONNUMMER[95]};Tea Tid;0;8500,00;2020-01-01`]), { 'content-type': 'text/csv' });
  await officer.post('/api/v1/imports?kind=transactions', csv(['kontraktsnummer;typ;datum;forfallodatum;belopp;referens', 'T-1;avi;2026-12-01;2026-12-30;8500,00;T1']), { 'content-type': 'text/csv' });
  tenancyId = ((await officer.get('/api/v1/tenancies?q=T-1')).json().tenancies as { id: string }[])[0]!.id;
  await runDaily(b.ctx, '2027-01-15');
  const municipalityId = kommun.id;
  await officer.post('/api/v1/concerns/reported', { municipalityId, address: 'Tidsgatan 1', contractNumber: 'T-1', what: 'Posten ligger kvar' });
  const [item] = (await socialWorker.get('/api/v1/inbox')).json().items as { id: string }[];
  caseId = (await socialWorker.post(`/api/v1/inbox/concern/${item!.id}/case`)).json().caseId;
  await socialWorker.post(`/api/v1/cases/${caseId}/contacts`, { kind: 'call', contactDate: '2027-01-15', reached: false });
  await socialWorker.post(`/api/v1/cases/${caseId}/journal`, { eventDate: '2027-01-14', body: 'Samtal med vicevärden igår' });
});
afterAll(async () => b?.close());

describe("the case's timeline", () => {
  it('puts everything in the order it happened, and opens no books on a concern alone', async () => {
    const d = await detail();
    expect(d.ledger).toBeNull();
    const kinds = (d.timeline as { kind: string; at: string }[]).map((e) => e.kind);
    expect(kinds).not.toContain('routine_step');
    expect(kinds.sort()).toEqual(['concern', 'contact', 'journal']);
    const order = (d.timeline as { kind: string }[]).map((e) => e.kind).filter((k) => k !== 'concern');
    expect(order).toEqual(['journal', 'contact']); // the entry is about the 14th, the call was on the 15th
    const ats = (d.timeline as { at: string }[]).map((e) => e.at);
    expect([...ats].sort()).toEqual(ats);
  });

  it("shows the landlord's ledger state and routine steps once the landlord's notice is in the case", async () => {
    expect((await officer.post('/api/v1/notices', { tenancyId, reason: 'arrears', terminationDate: '2027-01-12', amountOwed: 850000 })).statusCode).toBe(201);
    const [item] = (await socialWorker.get('/api/v1/inbox')).json().items as { id: string }[];
    expect((await socialWorker.post(`/api/v1/inbox/notice/${item!.id}/case`)).json().joined).toBe(true);
    const d = await detail();
    expect(d.ledger.arrears).toEqual({ owed: 850000, oldestUnpaidDueDate: '2026-12-30' });
    const steps = (d.timeline as { kind: string; data: { step: string } }[]).filter((e) => e.kind === 'routine_step').map((e) => e.data.step);
    expect(steps).toEqual(expect.arrayContaining(['Inkassofil', 'Inkassokrav']));
    expect((d.timeline as { kind: string }[]).map((e) => e.kind)).toContain('notice');
    const [audit] = await b.db.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'case.read' and subject_id = $1 and details->>'ledger' = 'true'", [caseId]);
    expect(audit!.n).toBe(1);
  });
});
