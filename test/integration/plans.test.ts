// Payment plans (issue 3 §2): instalments agreed with the landlord, checked every day against the
// imported ledger — kept, overdue, broken — a broken plan gives the social worker a task and shows the
// landlord (where the household consented to share the plan); tasks overdue and for the next 7 days.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPaymentPlans } from '../../src/cases/plans.ts';
import { arrearsOn, type LedgerEntry } from '../../src/ledger/model.ts';
import { owedOn } from '../../src/ledger/service.ts';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';
import { buildConsent, importTenancies, importTransactions, openNoticeCase, tenancyIdOf } from '../support/world.ts';

let b: TestBokvar;
let officer: Client;
let otherOfficer: Client;
let socialWorker: Client;
let caseId: string;
let planId: string;
let tenancyId: string;
const emails: Record<string, string> = {};

/** Moves the clock; sessions last 7 days, so everyone logs in again. */
async function laterOn(at: string) {
  b.clock.set(at);
  officer = await login(b, emails.officer!);
  otherOfficer = await login(b, emails.other!);
  socialWorker = await login(b, emails.worker!);
}

const plan = async () => (await socialWorker.get(`/api/v1/cases/${caseId}`)).json().plans[0] as { id: string; status: string; broken_on: string | null; instalments: { status: string }[] };

beforeAll(async () => {
  b = await startTestBokvar('2027-01-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Planens kommun', { municipalityCode: '1980' });
  const vard = await buildOrg(b.db, 'landlord', 'Planbostäder AB', { municipalityId: kommun.id });
  const annan = await buildOrg(b.db, 'landlord', 'Annan Värd AB', { municipalityId: kommun.id });
  emails.officer = (await buildUser(b.db, vard.id, 'collection_officer')).email;
  emails.other = (await buildUser(b.db, annan.id, 'collection_officer')).email;
  emails.worker = (await buildUser(b.db, kommun.id, 'social_worker')).email;
  officer = await login(b, emails.officer);
  otherOfficer = await login(b, emails.other);
  socialWorker = await login(b, emails.worker);
  await importTenancies(officer, [{ contractNumber: 'P-1', address: 'Plangatan 1', personnummer: TEST_PERSONNUMMER[30]!, name: 'Per Plan', children: 1 }]);
  // January's rent fell due on 30 December and was not paid; February's falls due on 29 January.
  await importTransactions(officer, ['P-1;avi;2026-12-01;2026-12-30;8500,00;A-JAN', 'P-1;avi;2027-01-01;2027-01-29;8500,00;A-FEB']);
  tenancyId = await tenancyIdOf(officer, 'P-1');
  caseId = await openNoticeCase(officer, socialWorker, 'P-1', { terminationDate: '2027-01-12', amountOwed: 850000 });
});
afterAll(async () => b?.close());

describe('a payment plan', () => {
  const valid = { debt: 850000, agreedOn: '2027-01-15', agreedWith: 'Karin på Planbostäder', instalments: [{ dueDate: '2027-01-25', amount: 425000 }, { dueDate: '2027-02-25', amount: 425000 }] };

  it('is refused when it does not add up, naming the field', async () => {
    const problems = [
      [{ debt: 0 }, 'debt'],
      [{ agreedOn: '2027-01-16' }, 'agreedOn'],
      [{ agreedWith: ' ' }, 'agreedWith'],
      [{ instalments: [] }, 'instalments'],
      [{ instalments: [{ dueDate: '2027-02-25', amount: 425000 }, { dueDate: '2027-01-25', amount: 425000 }] }, 'instalments[1].dueDate'],
      [{ instalments: [{ dueDate: '2027-01-10', amount: 425000 }] }, 'instalments[0].dueDate'],
      [{ instalments: [{ dueDate: '2027-01-25', amount: 0 }] }, 'instalments[0].amount'],
      [{ instalments: [{ dueDate: '2027-01-25', amount: 900000 }] }, 'instalments'],
    ] as const;
    for (const [change, field] of problems) {
      const res = await socialWorker.post(`/api/v1/cases/${caseId}/plans`, { ...valid, ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect(res.json().error.details.fields[0].field, JSON.stringify(change)).toBe(field);
    }
    expect((await socialWorker.get(`/api/v1/cases/${caseId}`)).json().plans).toEqual([]);
  });

  it('is recorded with each instalment pending, one plan at a time', async () => {
    const res = await socialWorker.post(`/api/v1/cases/${caseId}/plans`, valid);
    expect(res.statusCode, res.body).toBe(201);
    planId = res.json().id;
    expect(await plan()).toMatchObject({ id: planId, status: 'active', instalments: [{ status: 'pending' }, { status: 'pending' }] });
    expect((await socialWorker.post(`/api/v1/cases/${caseId}/plans`, valid)).statusCode).toBe(409);
  });

  it('counts an instalment paid by its due date as kept, and rent falling due must be paid too', async () => {
    await importTransactions(officer, ['P-1;betalning;2027-01-24;;4250,00;B-1']);
    const r = await checkPaymentPlans(b.ctx, '2027-01-25');
    expect(r).toMatchObject({ checked: 1, kept: 1, plansBroken: 0 });
    expect((await plan()).instalments.map((i) => i.status)).toEqual(['kept', 'pending']);
    // The same date again does nothing.
    expect(await checkPaymentPlans(b.ctx, '2027-01-25')).toMatchObject({ alreadyRan: true, checked: 0 });
    await importTransactions(officer, ['P-1;betalning;2027-01-28;;8500,00;B-FEB']);
  });

  it('is overdue while the grace week runs, then broken: a task for the social worker', async () => {
    expect(await checkPaymentPlans(b.ctx, '2027-02-25')).toMatchObject({ checked: 1, overdue: 1 });
    expect(await checkPaymentPlans(b.ctx, '2027-03-04')).toMatchObject({ overdue: 1, plansBroken: 0 });
    expect((await plan()).status).toBe('active');
    const r = await checkPaymentPlans(b.ctx, '2027-03-05');
    expect(r).toMatchObject({ broken: 1, plansBroken: 1 });
    expect(await plan()).toMatchObject({ status: 'broken', broken_on: '2027-03-05', instalments: [{ status: 'kept' }, { status: 'broken' }] });
    // Nothing is checked of a broken plan any more, and the task is made once.
    expect(await checkPaymentPlans(b.ctx, '2027-03-06')).toMatchObject({ checked: 0 });
    const tasks = (await socialWorker.get(`/api/v1/cases/${caseId}`)).json().tasks as { kind: string; due_on: string; assigned_name: string }[];
    expect(tasks).toMatchObject([{ kind: 'plan_broken', due_on: '2027-03-05', assigned_name: 'Test social_worker' }]);
  });

  it('shows the landlord the broken plan only when the household consented to share it', async () => {
    const shared = async (c: Client) => (await c.get('/api/v1/shared-cases')).json().cases as { paymentPlans: { status: string }[] | null }[];
    await laterOn('2027-03-05T08:00:00+01:00');
    expect((await shared(officer))[0]!.paymentPlans).toBeNull();
    const detail = (await socialWorker.get(`/api/v1/cases/${caseId}`)).json();
    const vard = (detail.consentRecipients as { id: string; name: string }[]).find((r) => r.name === 'Planbostäder AB')!;
    await buildConsent(socialWorker, caseId, { personId: detail.persons[0].id, categories: ['payment_plan'], recipientOrgIds: [vard.id], validFrom: '2027-03-05' });
    expect((await shared(officer))[0]!.paymentPlans).toMatchObject([{ status: 'broken', instalments: [{ status: 'kept' }, { status: 'broken' }] }]);
    expect(await shared(otherOfficer)).toEqual([]);
  });
});

describe('tasks', () => {
  it('lists overdue tasks and those of the next 7 days; done ones leave the list', async () => {
    await laterOn('2027-03-08T08:00:00+01:00');
    expect((await socialWorker.post(`/api/v1/cases/${caseId}/tasks`, { title: 'Ring hyresvärden', dueOn: '2027-03-12' })).statusCode).toBe(201);
    expect((await socialWorker.post(`/api/v1/cases/${caseId}/tasks`, { title: 'Långt fram', dueOn: '2027-04-30' })).statusCode).toBe(201);
    expect((await socialWorker.post(`/api/v1/cases/${caseId}/tasks`, { title: '', dueOn: '2027-04-30' })).json().error.details.fields[0].field).toBe('title');
    const list = (await socialWorker.get('/api/v1/tasks')).json();
    expect(list.overdue.map((t: { title: string }) => t.title)).toEqual(['Avbetalningsplanen har brutits: kontakta hushållet och hyresvärden']);
    expect(list.coming.map((t: { title: string }) => t.title)).toEqual(['Ring hyresvärden']);
    expect((await socialWorker.post(`/api/v1/tasks/${list.overdue[0].id}/done`)).statusCode).toBe(200);
    expect((await socialWorker.post(`/api/v1/tasks/${list.overdue[0].id}/done`)).statusCode).toBe(404);
    expect((await socialWorker.get('/api/v1/tasks')).json().overdue).toEqual([]);
  });
});

describe('a decision on social assistance', () => {
  it('is recorded granted with amount and months, or refused, naming the field of a mistake', async () => {
    const post = (body: object) => socialWorker.post(`/api/v1/cases/${caseId}/assistance-decisions`, body);
    expect((await post({ decidedOn: '2027-03-08', granted: true })).json().error.details.fields[0].field).toBe('rentAmount');
    expect((await post({ decidedOn: '2027-03-08', granted: true, rentAmount: 850000, periodFrom: '2027-04-01', periodUntil: '2027-03-01' })).json().error.details.fields[0].field).toBe('periodUntil');
    expect((await post({ decidedOn: '2027-03-09', granted: false })).json().error.details.fields[0].field).toBe('decidedOn');
    expect((await post({ decidedOn: '2027-03-08', granted: true, rentAmount: 850000, periodFrom: '2027-03-01', periodUntil: '2027-04-30', note: 'Hemligt skäl' })).statusCode).toBe(201);
    const d = (await socialWorker.get(`/api/v1/cases/${caseId}`)).json();
    expect(d.assistance).toMatchObject([{ granted: true, rent_amount: 850000, period_from: '2027-03-01', period_until: '2027-04-30' }]);
    expect((d.timeline as { kind: string }[]).map((e) => e.kind)).toContain('assistance');
  });

  it('reaches the landlord only with consent to share it, and never its notes', async () => {
    const shared = async () => (await officer.get(`/api/v1/shared-cases/${caseId}`)).json();
    expect((await shared()).assistance).toBeNull();
    const d = (await socialWorker.get(`/api/v1/cases/${caseId}`)).json();
    const vard = (d.consentRecipients as { id: string; name: string }[]).find((r) => r.name === 'Planbostäder AB')!;
    await buildConsent(socialWorker, caseId, { personId: d.persons[0].id, categories: ['social_assistance'], recipientOrgIds: [vard.id], validFrom: '2027-03-08' });
    const view = await shared();
    expect(view.assistance).toEqual([{ decidedOn: '2027-03-08', granted: true, rentAmount: 850000, periodFrom: '2027-03-01', periodUntil: '2027-04-30' }]);
    expect(JSON.stringify(view)).not.toContain('Hemligt skäl');
  });
});

describe('what is owed on a date', () => {
  it('is the same in SQL as in the ledger model, for any ledger and dates', async () => {
    const day = fc.integer({ min: 0, max: 120 }).map((n) => new Date(Date.UTC(2027, 0, 1 + n)).toISOString().slice(0, 10));
    const entry = fc.record({
      kind: fc.constantFrom('charge', 'payment', 'credit') as fc.Arbitrary<'charge' | 'payment' | 'credit'>,
      bookedOn: day,
      dueDate: day,
      amount: fc.integer({ min: -50000, max: 900000 }).filter((a) => a !== 0),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 12 }), fc.array(day, { minLength: 1, maxLength: 5 }), async (entries, dates) => {
        run++;
        const rows = entries.map((e, n) => ({ ...e, amount: e.kind === 'charge' ? Math.abs(e.amount) : e.amount, reference: `PROP-${run}-${n}` }));
        await b.db.query('delete from ledger_entries where tenancy_id = $1 and reference like $2', [tenancyId, 'PROP-%']);
        const before = await owedOn(b.db, dates.map((date) => ({ tenancyId, date })));
        for (const r of rows)
          await b.db.query(
            "insert into ledger_entries (landlord_id, tenancy_id, kind, booked_on, due_date, amount, reference) select landlord_id, id, $2, $3, $4, $5, $6 from tenancies where id = $1",
            [tenancyId, r.kind, r.bookedOn, r.kind === 'charge' ? r.dueDate : null, r.amount, r.reference],
          );
        const after = await owedOn(b.db, dates.map((date) => ({ tenancyId, date })));
        const model: LedgerEntry[] = rows.map((r) => ({ kind: r.kind, bookedOn: r.bookedOn, dueDate: r.kind === 'charge' ? r.dueDate : null, amount: r.amount }));
        for (const [i, date] of dates.entries()) expect(after[i]! - before[i]!).toBe(arrearsOn(model, 0, date).owed);
      }),
      { numRuns: 40 },
    );
    await b.db.query('delete from ledger_entries where tenancy_id = $1 and reference like $2', [tenancyId, 'PROP-%']);
  });
});
