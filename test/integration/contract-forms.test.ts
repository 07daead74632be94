// The contract forms' own rules, rent guarantees, inspections, reviews as tasks and withdrawing a waiting
// household (issue 4 §2 and §4). The municipality's ladder here is Karlstad's kind: a social contract (the
// municipality's lease; families with children skip it), then the household's own lease under a rent
// guarantee of three months' rent over a year, then the own lease.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contract, Inspections } from '../../src/housing/contract-api.ts';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, type Client, startTestBokvar, type TestBokvar } from '../support/app.ts';
import { acceptedProposals, buildAgreement, buildContract, buildHome, buildHousehold, importTenancies, importTransactions, loginAs } from '../support/world.ts';

let b: TestBokvar;
let coordinator: Client;
let socialWorker: Client;
let landlord: Client;
let otherLandlord: Client;
let municipalAdmin: Client;
const contracts: Record<string, string> = {};
const applicants: Record<string, string> = {};
/** Moves the clock; the sessions were made to outlast the months this file travels through. */
async function at(iso: string) {
  b.clock.set(iso);
}

const KARLSTAD = [
  { position: 1, form: 'social_contract', name: 'Socialt kontrakt', trialMonths: 12, conditions: ['no_disturbance', 'no_late_rent'], decidedBy: 'social_services', childrenMaySkip: true },
  { position: 2, form: 'rent_guarantee', name: 'Hyresgaranti', trialMonths: 12, conditions: ['no_disturbance', 'no_late_rent'], decidedBy: 'joint', guaranteeMonths: 3 },
  { position: 3, form: 'own_lease', name: 'Eget kontrakt', trialMonths: null, conditions: [], decidedBy: 'landlord' },
];


const contract = async (id: string) => ((await coordinator.get('/api/v1/housing/contracts')).json().contracts as Contract[]).find((c) => c.id === id)!;

beforeAll(async () => {
  b = await startTestBokvar('2027-03-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Formkommun', { municipalityCode: '1780' });
  const vard = await buildOrg(b.db, 'landlord', 'Formvärd AB', { municipalityId: kommun.id });
  const annan = await buildOrg(b.db, 'landlord', 'Annan värd AB', { municipalityId: kommun.id });
  coordinator = await loginAs(b, kommun.id, 'housing_coordinator');
  socialWorker = await loginAs(b, kommun.id, 'social_worker');
  landlord = await loginAs(b, vard.id, 'housing_social_coordinator');
  otherLandlord = await loginAs(b, annan.id, 'admin');
  municipalAdmin = await loginAs(b, kommun.id, 'admin');
  await b.db.query("update sessions set expires_at = '2030-01-01'");
  const saved = await coordinator.put('/api/v1/housing/ladder', { steps: KARLSTAD });
  expect(saved.statusCode, saved.body).toBe(200);
  const agreementId = await buildAgreement(coordinator, vard.id);
  // The family's home is the landlord's tenancy F-1 in its ledger.
  await importTenancies(landlord, [{ contractNumber: 'F-1', address: 'Formgatan 2', personnummer: TEST_PERSONNUMMER[91]!, name: 'Familjen Gran', children: 2, monthlyRent: '5000,00', startedOn: '2027-03-15' }]);
  await buildHome(landlord, agreementId, { address: 'Formgatan 1', area: 'Väster' });
  await buildHome(landlord, agreementId, { address: 'Formgatan 2', area: 'Väster', rooms: 3, contractNumber: 'F-1' });
  applicants['Ensam Eva'] = await buildHousehold(socialWorker, TEST_PERSONNUMMER[90]!, { name: 'Ensam Eva' });
  applicants['Familjen Gran'] = await buildHousehold(socialWorker, TEST_PERSONNUMMER[91]!, { name: 'Familjen Gran', adults: 2, childrenAges: [4, 9], minRooms: 3 });
  for (const [name, proposalId] of Object.entries(await acceptedProposals(coordinator, landlord))) contracts[name] = await buildContract(coordinator, proposalId, '2027-03-15');
  expect(Object.keys(contracts).sort()).toEqual(['Ensam Eva', 'Familjen Gran']);
});
afterAll(async () => b?.close());

describe('the contract forms', () => {
  it('refuses a ladder that breaks a form’s rules, naming the step and field', async () => {
    const steps = (over: Record<string, unknown>[]) => ({ steps: over });
    const own = { position: 2, form: 'own_lease', name: 'Eget kontrakt', trialMonths: null, conditions: [], decidedBy: 'landlord' };
    const cases: [Record<string, unknown>[], string][] = [
      // Housing First: a home without a demand of sobriety.
      [[{ position: 1, form: 'housing_first', name: 'Bostad först', trialMonths: 12, conditions: ['drug_free'], decidedBy: 'joint' }, own], 'steps[0].conditions'],
      [[{ ...KARLSTAD[1], position: 1, guaranteeMonths: null }, own], 'steps[0].guaranteeMonths'],
      [[{ position: 1, form: 'training_apartment', name: 'Träning', trialMonths: 12, conditions: [], decidedBy: 'joint', guaranteeMonths: 3 }, own], 'steps[0].guaranteeMonths'],
      [[{ position: 1, form: 'emergency_placement', name: 'Tak över huvudet', trialMonths: 6, conditions: [], decidedBy: 'social_services' }, own], 'steps[0].trialMonths'],
      [[KARLSTAD[0]!, { position: 2, form: 'emergency_placement', name: 'Tak över huvudet', trialMonths: 1, conditions: [], decidedBy: 'social_services' }, { ...own, position: 3 }], 'steps[1].form'],
    ];
    for (const [ladder, field] of cases) {
      const res = await coordinator.put('/api/v1/housing/ladder', steps(ladder));
      expect(res.statusCode, field).toBe(400);
      expect(res.json().error.message).toContain(field);
    }
    expect((await coordinator.get('/api/v1/housing/ladder')).json().steps.map((s: { form: string; guaranteeMonths: number | null }) => [s.form, s.guaranteeMonths])).toEqual([
      ['social_contract', null], ['rent_guarantee', 3], ['own_lease', null],
    ]);
  });

  it('starts a rent guarantee of three months’ rent for the step’s trial when the household comes onto it', async () => {
    // The family skipped the social contract: its guarantee runs from the start.
    const family = await contract(contracts['Familjen Gran']!);
    expect(family).toMatchObject({ step: { position: 2, form: 'rent_guarantee' }, status: 'active' });
    expect(family.guarantee).toMatchObject({ months: 3, amount: 1_500_000, validFrom: '2027-03-15', validUntil: '2028-03-14', paid: 0, remaining: 1_500_000 });
    // Eva's social contract is the municipality's lease, with no guarantee; stepping up asks the landlord for
    // the transfer, and her guarantee starts the day the landlord accepts.
    expect((await contract(contracts['Ensam Eva']!)).guarantee).toBeNull();
    await at('2028-03-20T09:00:00+01:00');
    const up = await socialWorker.post(`/api/v1/housing/contracts/${contracts['Ensam Eva']}/reviews`, { decision: 'step_up', reasons: 'Ett år utan anmärkningar', conditions: { no_disturbance: true, no_late_rent: true } });
    expect(up.json()).toMatchObject({ status: 'transfer_proposed', guarantee: null });
    const [t] = (await landlord.get('/api/v1/housing/transfers')).json().transfers;
    await landlord.post(`/api/v1/housing/transfers/${t.id}/answer`, { accept: true });
    expect(await contract(contracts['Ensam Eva']!)).toMatchObject({
      status: 'active', step: { position: 2, form: 'rent_guarantee' }, guarantee: { amount: 1_500_000, validFrom: '2028-03-20', validUntil: '2029-03-19' },
    });
    await at('2027-05-20T09:00:00+02:00');
  });
});

describe('a claim under a rent guarantee', () => {
  it("is checked against the guarantee's period and the landlord's ledger, and never paid beyond them", async () => {
    await importTransactions(landlord, ['F-1;avi;2027-03-01;2027-04-01;5000,00;A1', 'F-1;avi;2027-04-01;2027-05-01;5000,00;A2', 'F-1;betalning;2027-05-03;;2000,00;P1']);
    const family = contracts['Familjen Gran']!;
    const claim = (body: Record<string, unknown>, who = landlord) => who.post(`/api/v1/housing/contracts/${family}/guarantee-claims`, body);

    const future = await claim({ dueDates: ['2027-06-01'], amount: 500_000 });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toContain('dueDates[0]');
    const before = await claim({ dueDates: ['2027-03-01'], amount: 500_000 });
    expect(before.statusCode).toBe(400);
    expect(before.json().error.message).toContain('2027-03-15–2028-03-14');
    expect((await claim({ dueDates: ['2027-04-01'], amount: 500_000 }, otherLandlord)).statusCode).toBe(404);

    // The payment of 2 000 kr settled April's rent first: 3 000 kr of April and 5 000 kr of May are unpaid.
    const made = await claim({ dueDates: ['2027-04-01', '2027-05-01'], amount: 1_000_000, description: 'April och maj obetalda' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ dueDates: ['2027-04-01', '2027-05-01'], amount: 1_000_000, ledgerUnpaid: 800_000, payable: 800_000, status: 'claimed' });
    const twice = await claim({ dueDates: ['2027-05-01'], amount: 500_000 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain('2027-05-01');

    const listed = (await socialWorker.get('/api/v1/housing/guarantee-claims')).json().claims;
    expect(listed).toMatchObject([{ id: made.json().id, household: 'Familjen Gran', address: 'Formgatan 2', payable: 800_000, status: 'claimed' }]);
    expect((await socialWorker.post(`/api/v1/housing/guarantee-claims/${made.json().id}/decision`, { pay: true })).statusCode).toBe(403); // the coordinator pays
    const tooMuch = await coordinator.post(`/api/v1/housing/guarantee-claims/${made.json().id}/decision`, { pay: true, amount: 900_000 });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error.message).toContain('8\u00a0000,00\u00a0kr');
    const paid = await coordinator.post(`/api/v1/housing/guarantee-claims/${made.json().id}/decision`, { pay: true });
    expect(paid.json()).toMatchObject({ status: 'paid', paidAmount: 800_000 });
    expect((await coordinator.post(`/api/v1/housing/guarantee-claims/${made.json().id}/decision`, { pay: false, reason: 'x' })).statusCode).toBe(409);
    expect((await contract(family)).guarantee).toMatchObject({ paid: 800_000, pending: 0, remaining: 700_000 });
    expect((await landlord.get('/api/v1/housing/landlord-guarantee-claims')).json().claims).toMatchObject([{ status: 'paid', paidAmount: 800_000 }]);
    expect((await otherLandlord.get('/api/v1/housing/landlord-guarantee-claims')).json().claims).toEqual([]);
  });

  it('is capped by what is left of the guarantee where no ledger can check it, and rejected only with a reason', async () => {
    // Eva's home is not in the landlord's ledger in Bokvar: the claim cannot be checked against it.
    await at('2028-06-20T09:00:00+02:00');
    const eva = contracts['Ensam Eva']!;
    const made = await landlord.post(`/api/v1/housing/contracts/${eva}/guarantee-claims`, { dueDates: ['2028-04-01', '2028-05-01', '2028-06-01', '2028-04-01'], amount: 2_000_000 });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ dueDates: ['2028-04-01', '2028-05-01', '2028-06-01'], ledgerUnpaid: null, payable: 1_500_000 });
    const noReason = await coordinator.post(`/api/v1/housing/guarantee-claims/${made.json().id}/decision`, { pay: false });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toContain('reason');
    const rejected = await coordinator.post(`/api/v1/housing/guarantee-claims/${made.json().id}/decision`, { pay: false, reason: 'Hyresgästen har betalat; kvitton visade' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', decisionReason: 'Hyresgästen har betalat; kvitton visade' });
    // Rejected dates may be claimed again.
    expect((await landlord.post(`/api/v1/housing/contracts/${eva}/guarantee-claims`, { dueDates: ['2028-06-01'], amount: 500_000 })).statusCode).toBe(201);
    const [audit] = await b.db.query<{ n: number }>("select count(*)::int as n from audit_log where action in ('guarantee.claim', 'guarantee.pay', 'guarantee.reject')");
    expect(audit!.n).toBe(5);
    await at('2027-05-20T09:00:00+02:00');
  });
});

describe('move-in and move-out inspections', () => {
  it('are booked by either party, recorded once, and flagged when missing or held without social services', async () => {
    const family = contracts['Familjen Gran']!;
    expect((await contract(family)).inspections).toMatchObject({ moveIn: null, moveInMissing: true, moveOutMissing: false });
    const booked = await landlord.post(`/api/v1/housing/contracts/${family}/inspections`, { kind: 'move_in', scheduledOn: '2027-05-24' });
    expect(booked.statusCode, booked.body).toBe(201);
    const moved = await coordinator.post(`/api/v1/housing/contracts/${family}/inspections`, { kind: 'move_in', scheduledOn: '2027-05-25' });
    expect(moved.json()).toMatchObject({ id: booked.json().id, scheduledOn: '2027-05-25', heldOn: null });
    expect((await otherLandlord.post(`/api/v1/housing/contracts/${family}/inspections`, { kind: 'move_in', scheduledOn: '2027-05-25' })).statusCode).toBe(404);

    const protocol = { heldOn: '2027-05-25', socialServicesPresent: true, tenantPresent: true, remarks: 'Lägenheten i gott skick', damages: null };
    const early = await socialWorker.post(`/api/v1/housing/inspections/${booked.json().id}/protocol`, protocol);
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toContain('heldOn');
    await at('2027-05-25T15:00:00+02:00');
    expect((await otherLandlord.post(`/api/v1/housing/inspections/${booked.json().id}/protocol`, protocol)).statusCode).toBe(404);
    const held = await socialWorker.post(`/api/v1/housing/inspections/${booked.json().id}/protocol`, protocol);
    expect(held.json()).toMatchObject({ heldOn: '2027-05-25', socialServicesPresent: true, remarks: 'Lägenheten i gott skick' });
    expect((await landlord.post(`/api/v1/housing/inspections/${booked.json().id}/protocol`, protocol)).statusCode).toBe(409);
    expect((await landlord.post(`/api/v1/housing/contracts/${family}/inspections`, { kind: 'move_in', scheduledOn: '2027-06-01' })).statusCode).toBe(409);
    expect((await contract(family)).inspections).toMatchObject({ moveIn: { heldOn: '2027-05-25' }, moveInMissing: false, withoutSocialServices: false });
    const mine = (await landlord.get('/api/v1/housing/landlord-contracts')).json().contracts as { id: string; inspections: Inspections }[];
    expect(mine.find((c) => c.id === family)!.inspections.moveIn).toMatchObject({ remarks: 'Lägenheten i gott skick' });

    // Eva's contract ends; her move-out inspection is held without social services.
    const eva = contracts['Ensam Eva']!;
    await coordinator.post(`/api/v1/housing/contracts/${eva}/reviews`, { decision: 'end', reasons: 'Hushållet har flyttat till annan ort' });
    expect((await contract(eva)).inspections).toMatchObject({ moveInMissing: false, moveOutMissing: true });
    expect((await coordinator.post(`/api/v1/housing/contracts/${eva}/inspections`, { kind: 'move_in', scheduledOn: '2027-05-26' })).statusCode).toBe(400);
    const out = await landlord.post(`/api/v1/housing/contracts/${eva}/inspections`, { kind: 'move_out', scheduledOn: '2027-05-25' });
    await landlord.post(`/api/v1/housing/inspections/${out.json().id}/protocol`, { heldOn: '2027-05-25', socialServicesPresent: false, tenantPresent: false, remarks: null, damages: 'Trasig garderobsdörr' });
    expect((await contract(eva)).inspections).toMatchObject({ moveOut: { heldOn: '2027-05-25' }, moveOutMissing: false, withoutSocialServices: true });
    await at('2027-05-20T09:00:00+02:00');
  });
});

describe('reviews as tasks', () => {
  it('lists the reviews past their date and those due within 30 days; a decided review leaves the list', async () => {
    const family = contracts['Familjen Gran']!;
    const tasks = async () => (await socialWorker.get('/api/v1/housing/review-tasks')).json() as { overdue: { contractId: string }[]; coming: { contractId: string; reviewOn: string; household: string }[] };
    expect((await tasks()).coming).toEqual([]);
    await at('2028-02-20T09:00:00+01:00');
    expect((await tasks()).coming).toMatchObject([{ contractId: family, household: 'Familjen Gran', reviewOn: '2028-03-15' }]);
    await at('2028-03-20T09:00:00+01:00');
    expect((await tasks()).overdue.map((t) => t.contractId)).toEqual([family]);
    await socialWorker.post(`/api/v1/housing/contracts/${family}/reviews`, { decision: 'extend', reasons: 'Skuldsanering pågår', extendMonths: 6 });
    expect(await tasks()).toMatchObject({ overdue: [], coming: [] });
    expect((await landlord.get('/api/v1/housing/review-tasks')).statusCode).toBe(403);
    await at('2027-05-20T09:00:00+02:00');
  });
});

describe('withdrawing a waiting household', () => {
  it('takes it off the list with a reason and sets aside a proposal not yet accepted', async () => {
    const res = await socialWorker.post('/api/v1/housing/applicants', {
      personnummer: TEST_PERSONNUMMER[92], name: 'Hanna Hem', adults: 1, reason: 'Vräkt', minRooms: 1, homelessnessSituation: 1, incomes: [{ type: 'social_assistance', monthly: 1_500_000 }],
    });
    const hanna = res.json().id as string;
    const agreementId = (await coordinator.get('/api/v1/housing/agreements')).json().agreements[0].id;
    await landlord.post('/api/v1/housing/homes', { agreementId, address: 'Formgatan 3', area: 'Väster', rooms: 1, sizeM2: 30, rent: 400_000, floor: 1, lift: true, accessible: false, availableFrom: '2027-06-01' });
    const [proposal] = (await coordinator.post('/api/v1/housing/rounds')).json().proposals as { id: string }[];
    await coordinator.post(`/api/v1/housing/proposals/${proposal!.id}/decision`, { approve: true });

    const noReason = await socialWorker.post(`/api/v1/housing/applicants/${hanna}/withdraw`, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toContain('reason');
    const gone = await socialWorker.post(`/api/v1/housing/applicants/${hanna}/withdraw`, { reason: 'Har fått en bostad via en släkting' });
    expect(gone.json()).toMatchObject({ status: 'withdrawn', withdrawn: { on: '2027-05-20', reason: 'Har fått en bostad via en släkting' } });
    expect((await socialWorker.post(`/api/v1/housing/applicants/${hanna}/withdraw`, { reason: 'igen' })).statusCode).toBe(409);
    const waiting = (await socialWorker.get('/api/v1/housing/applicants')).json();
    expect(JSON.stringify(waiting)).not.toContain('Hanna Hem');
    // The landlord can no longer accept the proposal made to her.
    expect((await landlord.post(`/api/v1/housing/proposals/${proposal!.id}/answer`, { accept: true })).statusCode).toBe(404);
    expect((await landlord.post(`/api/v1/housing/applicants/${hanna}/withdraw`, { reason: 'x' })).statusCode).toBe(403);
  });
});

describe("the person's own report (GDPR art. 15)", () => {
  it('has the contracts on the ladder: reviews, inspections, the guarantee and the claims under it', async () => {
    const res = await municipalAdmin.post('/api/v1/subject-reports', { personnummer: TEST_PERSONNUMMER[91]! });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.housingContracts).toMatchObject([
      {
        id: contracts['Familjen Gran'], address: 'Formgatan 2', step: 'Hyresgaranti', reviews: [{ decision: 'extend', reasons: 'Skuldsanering pågår' }],
        inspections: [{ kind: 'move_in', heldOn: '2027-05-25', remarks: 'Lägenheten i gott skick' }],
        guarantees: [{ amount: 1_500_000, claims: [{ dueDates: ['2027-04-01', '2027-05-01'], status: 'paid', paidAmount: 800_000 }] }],
      },
    ]);
    const withdrawn = await municipalAdmin.post('/api/v1/subject-reports', { personnummer: TEST_PERSONNUMMER[92]! });
    expect(withdrawn.json().data.housingApplications).toMatchObject([{ status: 'withdrawn', withdrawn_reason: 'Har fått en bostad via en släkting' }]);
  });
});
