// The housing ladder and its contracts (issue 4 §4): an accepted proposal becomes a contract on the first
// step the household may start on (families with children skip the training apartment, as in Västerås);
// the review falls due when the trial ends, a contract past it with no decision is flagged; a review steps
// up only with every condition met; off the municipality's lease onto the household's own the landlord is
// asked for the transfer; the last step is the household's own lease.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contract } from '../../src/housing/contract-api.ts';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, type Client, startTestBokvar, type TestBokvar } from '../support/app.ts';
import { acceptedProposals, buildAgreement, buildHome, buildHousehold, loginAs } from '../support/world.ts';

let b: TestBokvar;
let coordinator: Client;
let socialWorker: Client;
let landlord: Client;
const proposals: Record<string, string> = {};
const contracts: Record<string, string> = {};


beforeAll(async () => {
  b = await startTestBokvar('2027-03-10T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Trappkommun', { municipalityCode: '1980' });
  const vard = await buildOrg(b.db, 'landlord', 'Trappvärd AB', { municipalityId: kommun.id });
  coordinator = await loginAs(b, kommun.id, 'housing_coordinator');
  socialWorker = await loginAs(b, kommun.id, 'social_worker');
  landlord = await loginAs(b, vard.id, 'housing_social_coordinator');
  const agreementId = await buildAgreement(coordinator, vard.id, { transferRefusalNeedsCause: true }); // Göteborg: the landlord may not refuse a transfer without cause
  await buildHome(landlord, agreementId, { address: 'Stegvägen 1' });
  await buildHome(landlord, agreementId, { address: 'Stegvägen 2', rooms: 3 });
  await buildHousehold(socialWorker, TEST_PERSONNUMMER[80]!, { name: 'Ensam Ester' });
  await buildHousehold(socialWorker, TEST_PERSONNUMMER[81]!, { name: 'Familjen Falk', adults: 2, childrenAges: [3], minRooms: 3 });
  Object.assign(proposals, await acceptedProposals(coordinator, landlord));
  expect(Object.keys(proposals).sort()).toEqual(['Ensam Ester', 'Familjen Falk']);
});
afterAll(async () => b?.close());

describe('a contract on the ladder', () => {
  it("starts where the household may start: Västerås's ladder until the municipality saves its own", async () => {
    const ladder = (await socialWorker.get('/api/v1/housing/ladder')).json();
    expect(ladder.isDefault).toBe(true);
    expect(ladder.steps.map((s: { name: string; trialMonths: number | null }) => [s.name, s.trialMonths])).toEqual([['Träningslägenhet', 12], ['Boendestödsavtal', 12], ['Eget kontrakt', null]]);

    const single = await coordinator.post('/api/v1/housing/contracts', { proposalId: proposals['Ensam Ester'], startedOn: '2026-03-01' });
    expect(single.statusCode, single.body).toBe(201);
    expect(single.json()).toMatchObject({ step: { position: 1, form: 'training_apartment' }, startedOn: '2026-03-01', reviewOn: '2027-03-01', reviewOverdue: true });
    contracts.single = single.json().id;
    const family = await coordinator.post('/api/v1/housing/contracts', { proposalId: proposals['Familjen Falk'], startedOn: '2027-03-10' });
    expect(family.json()).toMatchObject({ step: { position: 2, form: 'support_agreement' }, reviewOn: '2028-03-10', reviewOverdue: false });
    contracts.family = family.json().id;

    expect((await coordinator.post('/api/v1/housing/contracts', { proposalId: proposals['Ensam Ester'], startedOn: '2027-03-10' })).statusCode).toBe(409);
    const notAccepted = await coordinator.post('/api/v1/housing/contracts', { proposalId: '00000000-0000-4000-8000-000000000001', startedOn: '2027-03-10' });
    expect(notAccepted.statusCode).toBe(400);
    expect(notAccepted.body).toContain('proposalId');
  });

  it("steps up only with every condition of the step met, with reasons; off the municipality's lease it asks the landlord for the transfer", async () => {
    const missing = await socialWorker.post(`/api/v1/housing/contracts/${contracts.single}/reviews`, {
      decision: 'step_up', reasons: 'Ett år utan anmärkningar', conditions: { no_disturbance: true, no_late_rent: true },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('conditions.visits_accepted');
    const noReasons = await socialWorker.post(`/api/v1/housing/contracts/${contracts.single}/reviews`, { decision: 'extend', reasons: ' ' });
    expect(noReasons.body).toContain('reasons');

    // A training apartment is the municipality's lease; the support agreement is the household's own, so
    // stepping up is the transfer of the lease, which the landlord answers.
    const up = await socialWorker.post(`/api/v1/housing/contracts/${contracts.single}/reviews`, {
      decision: 'step_up', reasons: 'Ett år utan störningar eller sen hyra; hembesöken har tagits emot', conditions: { no_disturbance: true, no_late_rent: true, visits_accepted: true },
    });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ step: { position: 1, name: 'Träningslägenhet' }, status: 'transfer_proposed', reviewOn: null, transfer: { status: 'proposed', proposedOn: '2027-03-10' } });
    expect(up.json().reviews).toEqual([
      { reviewed_on: '2027-03-10', decision: 'step_up', reasons: 'Ett år utan störningar eller sen hyra; hembesöken har tagits emot', conditions: { no_disturbance: true, no_late_rent: true, visits_accepted: true }, next_review_on: null },
    ]);
  });

  it('has the landlord answer the transfer: a refusal needs a reason, an acceptance puts the household on the support agreement', async () => {
    const transfers = async () => (await landlord.get('/api/v1/housing/transfers')).json().transfers as { id: string; status: string; needsCause: boolean; home: { address: string }; household: { adults: number; children: number } }[];
    const [t] = await transfers();
    expect(t).toMatchObject({ status: 'proposed', needsCause: true, home: { address: 'Stegvägen 1' }, household: { adults: 1, children: 0 } });

    const noCause = await landlord.post(`/api/v1/housing/transfers/${t!.id}/answer`, { accept: false });
    expect(noCause.statusCode).toBe(400);
    expect(noCause.json().error.message).toContain('reason');
    const refused = await landlord.post(`/api/v1/housing/transfers/${t!.id}/answer`, { accept: false, reason: 'Hyran har betalats sent två gånger i vinter' });
    expect(refused.json()).toMatchObject({ status: 'refused', reason: 'Hyran har betalats sent två gånger i vinter' });
    let list = (await coordinator.get('/api/v1/housing/contracts')).json().contracts as (Contract & { transfer: { status: string } | null })[];
    expect(list.find((c) => c.id === contracts.single)).toMatchObject({ status: 'active', step: { position: 1 }, reviewOn: '2027-09-10', transfer: { status: 'refused' } });

    await coordinator.post(`/api/v1/housing/contracts/${contracts.single}/reviews`, {
      decision: 'step_up', reasons: 'Hyran i tid sedan i höstas', conditions: { no_disturbance: true, no_late_rent: true, visits_accepted: true },
    });
    const again = (await transfers()).find((x) => x.status === 'proposed')!;
    expect((await landlord.post(`/api/v1/housing/transfers/${again.id}/answer`, { accept: true })).json().status).toBe('accepted');
    expect((await landlord.post(`/api/v1/housing/transfers/${again.id}/answer`, { accept: true })).statusCode).toBe(409);
    list = (await coordinator.get('/api/v1/housing/contracts')).json().contracts;
    expect(list.find((c) => c.id === contracts.single)).toMatchObject({
      status: 'active', step: { position: 2, name: 'Boendestödsavtal', form: 'support_agreement', startedOn: '2027-03-10' }, reviewOn: '2028-03-10', transfer: { status: 'accepted' },
    });
  });

  it("ends the municipality's part when a household that holds its lease steps up to its own", async () => {
    const up = await coordinator.post(`/api/v1/housing/contracts/${contracts.family}/reviews`, { decision: 'step_up', reasons: 'Inga anmärkningar', conditions: { no_disturbance: true, no_late_rent: true } });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ status: 'own_lease', step: { position: 3, form: 'own_lease' }, reviewOn: null, transfer: null });
    expect((await landlord.get('/api/v1/housing/transfers')).json().transfers).toHaveLength(2); // Ester's two; none for the family
    expect((await coordinator.post(`/api/v1/housing/contracts/${contracts.family}/reviews`, { decision: 'end', reasons: 'x' })).statusCode).toBe(409);

    const extend = await coordinator.post(`/api/v1/housing/contracts/${contracts.single}/reviews`, { decision: 'extend', reasons: 'Skuld hos hyresvärden kvar', extendMonths: 6 });
    expect(extend.json()).toMatchObject({ reviewOn: '2027-09-10', status: 'active', step: { startedOn: '2027-03-10' } });
  });

  it("reads whether the rent was paid on time from the landlord's ledger, where the home's tenancy is in Bokvar", async () => {
    const csv = (rows: string[]) => rows.join('\n') + '\n';
    const tenancies = await landlord.post('/api/v1/imports?kind=tenancies', csv(['kontraktsnummer;adress;personnummer;namn;barn;manadshyra;startdatum', `S-9;Stegvägen 1;${TEST_PERSONNUMMER[82]};Trappkommun (socialt kontrakt);0;5000,00;2026-01-01`]), { 'content-type': 'text/csv' });
    expect(tenancies.statusCode, tenancies.body).toBe(200);
    const ledger = await landlord.post('/api/v1/imports?kind=transactions', csv([
      'kontraktsnummer;typ;datum;forfallodatum;belopp;referens',
      'S-9;avi;2026-12-01;2027-01-01;5000,00;A1', 'S-9;betalning;2027-01-20;;5000,00;P1',
      'S-9;avi;2027-01-01;2027-02-01;5000,00;A2', 'S-9;betalning;2027-01-30;;5000,00;P2',
    ]), { 'content-type': 'text/csv' });
    expect(ledger.statusCode, ledger.body).toBe(200);
    const unknown = await landlord.post('/api/v1/housing/homes', { agreementId: (await coordinator.get('/api/v1/housing/agreements')).json().agreements[0].id, address: 'Stegvägen 9', area: 'Norr', rooms: 2, sizeM2: 50, rent: 500_000, floor: 1, lift: true, accessible: false, availableFrom: '2027-04-01', contractNumber: 'S-404' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('contractNumber');

    // Ester's home is tenancy S-9; her period on the support agreement began in December.
    await b.db.query("update offered_homes set tenancy_id = (select id from tenancies where contract_number = 'S-9') where address = 'Stegvägen 1'");
    await b.db.query("update contract_reviews set reviewed_on = '2026-12-01' where contract_id = $1", [contracts.single]);
    await b.db.query("update housing_contracts set step_started_on = '2026-12-01' where id = $1", [contracts.single]);
    const late = await coordinator.post(`/api/v1/housing/contracts/${contracts.single}/reviews`, {
      decision: 'step_up', reasons: 'Inga anmärkningar', conditions: { no_disturbance: true, no_late_rent: true },
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.message).toContain('conditions.no_late_rent');
    expect(late.json().error.message).toContain('2027-01-01'); // paid on the 20th; February's rent was on time
    expect(late.json().error.message).not.toContain('2027-02-01');
    const list = (await coordinator.get('/api/v1/housing/contracts')).json().contracts as { id: string; lateRent: string[] | null }[];
    expect(list.find((c) => c.id === contracts.single)!.lateRent).toEqual(['2027-01-01']);
    expect(list.find((c) => c.id === contracts.family)!.lateRent).toBeNull();
  });

  it('keeps its step when the ladder is changed, which cannot drop a step contracts are on', async () => {
    const ladder = (await coordinator.get('/api/v1/housing/ladder')).json() as { steps: Record<string, unknown>[] };
    const steps = ladder.steps.map(({ id: _, ...s }) => s);
    const shorter = await coordinator.put('/api/v1/housing/ladder', { steps: [{ ...steps[0], trialMonths: 18 }, { ...steps[2], position: 2 }] });
    expect(shorter.statusCode).toBe(400);
    expect(shorter.body).toContain('Steg 3');
    const longer = await coordinator.put('/api/v1/housing/ladder', { steps: [{ ...steps[0], trialMonths: 18 }, steps[1], steps[2]] });
    expect(longer.statusCode, longer.body).toBe(200);
    expect(longer.json().steps.map((s: { trialMonths: number | null }) => s.trialMonths)).toEqual([18, 12, null]);
    const list = (await socialWorker.get('/api/v1/housing/contracts')).json().contracts as Contract[];
    expect(list.map((c) => [c.id, c.step.position, c.status])).toEqual(expect.arrayContaining([[contracts.single, 2, 'active'], [contracts.family, 3, 'own_lease']]));
  });

  it("starts the agreement's response clock when the landlord reports a problem; a late answer is a breach", async () => {
    const mine = (await landlord.get('/api/v1/housing/landlord-contracts')).json() as { contracts: { id: string; address: string; responseHours: number }[] };
    expect(mine.contracts.map((c) => [c.address, c.responseHours])).toEqual([['Stegvägen 1', 48]]); // the family's is its own lease now
    expect(JSON.stringify(mine)).not.toContain('Ester');
    const empty = await landlord.post(`/api/v1/housing/contracts/${contracts.single}/problems`, { description: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('description');

    b.clock.set('2027-03-10T10:00:00+01:00');
    const first = await landlord.post(`/api/v1/housing/contracts/${contracts.single}/problems`, { description: 'Grannar klagar på hög musik nattetid' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: 'open', breached: false, respondBy: '2027-03-12T09:00:00.000Z' });
    b.clock.set('2027-03-11T15:00:00+01:00');
    const answered = await socialWorker.post(`/api/v1/housing/problems/${first.json().id}/response`, { response: 'Hembesök i morgon; vi pratar med hyresgästen' });
    expect(answered.json()).toMatchObject({ status: 'answered', breached: false, household: 'Ensam Ester' });

    const second = await landlord.post(`/api/v1/housing/contracts/${contracts.single}/problems`, { description: 'Vattenskada i badrummet' });
    b.clock.set('2027-03-14T09:00:00+01:00'); // 66 hours later, no answer
    const open = (await landlord.get('/api/v1/housing/landlord-contracts')).json().problems as { id: string; status: string; breached: boolean }[];
    expect(open.find((p) => p.id === second.json().id)).toMatchObject({ status: 'open', breached: true });
    const late = await coordinator.post(`/api/v1/housing/problems/${second.json().id}/response`, { response: 'Vi ringde hyresgästen' });
    expect(late.json()).toMatchObject({ status: 'answered', breached: true });
    const all = (await socialWorker.get('/api/v1/housing/problems')).json().problems as { id: string; breached: boolean }[];
    expect(all.map((p) => [p.id, p.breached]).sort()).toEqual([[first.json().id, false], [second.json().id, true]].sort());
    expect((await landlord.post(`/api/v1/housing/contracts/${contracts.family}/problems`, { description: 'x' })).statusCode).toBe(404);
    b.clock.set('2027-03-10T09:00:00+01:00');
  });

  it('has a three-party housing plan whose earlier versions stay, and needs home insurance with liability cover', async () => {
    const plan = (over: Record<string, unknown> = {}) => ({
      tenant: 'Betalar hyran den 25:e; tar emot boendestöd varje vecka', landlord: 'Hör av sig till socialtjänsten vid första störningen', municipality: 'Boendestöd; svar inom 48 timmar', agreedOn: '2027-03-10', ...over,
    });
    const empty = await coordinator.post(`/api/v1/housing/contracts/${contracts.single}/plans`, plan({ landlord: ' ' }));
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('landlord');
    expect((await coordinator.post(`/api/v1/housing/contracts/${contracts.single}/plans`, plan())).json().version).toBe(1);
    const second = await socialWorker.post(`/api/v1/housing/contracts/${contracts.single}/plans`, plan({ tenant: 'Betalar hyran den 25:e; skuldsanering påbörjad', agreedOn: '2027-03-11' }));
    expect(second.json().history.map((p: { version: number; tenant_part: string }) => [p.version, p.tenant_part])).toEqual([
      [1, 'Betalar hyran den 25:e; tar emot boendestöd varje vecka'],
      [2, 'Betalar hyran den 25:e; skuldsanering påbörjad'],
    ]);
    const mine = (await landlord.get('/api/v1/housing/landlord-contracts')).json().contracts as { id: string; plan: { version: number; landlord: string } }[];
    expect(mine.find((c) => c.id === contracts.single)!.plan).toMatchObject({ version: 2, landlord: 'Hör av sig till socialtjänsten vid första störningen' });

    const single = async () => ((await coordinator.get('/api/v1/housing/contracts')).json().contracts as { id: string; insurance: { validUntil: string | null; missing: boolean } }[]).find((c) => c.id === contracts.single)!;
    expect((await single()).insurance).toEqual({ validUntil: null, missing: true });
    const noCover = await socialWorker.post(`/api/v1/housing/contracts/${contracts.single}/insurance`, { insurer: 'Folksam', policyNumber: 'H-123', liabilityCover: false, validFrom: '2027-01-01', validUntil: '2027-12-31' });
    expect(noCover.statusCode).toBe(400);
    expect(noCover.body).toContain('liabilityCover');
    await socialWorker.post(`/api/v1/housing/contracts/${contracts.single}/insurance`, { insurer: 'Folksam', policyNumber: 'H-123', liabilityCover: true, validFrom: '2026-03-01', validUntil: '2027-02-28' });
    expect((await single()).insurance).toEqual({ validUntil: '2027-02-28', missing: true }); // lapsed at the renewal
    await socialWorker.post(`/api/v1/housing/contracts/${contracts.single}/insurance`, { insurer: 'Folksam', policyNumber: 'H-124', liabilityCover: true, validFrom: '2027-03-01', validUntil: '2028-02-29' });
    expect((await single()).insurance).toEqual({ validUntil: '2028-02-29', missing: false });
  });

  it('is followed up per municipality and landlord in figures that name no one: ongoing, time on step, conversions, lock-in, quota', async () => {
    const res = await coordinator.get('/api/v1/housing/follow-up');
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    // One ongoing contract, one own lease, one conversion, two homes given: each a household, so "<5".
    const small = { value: null, hidden: 'small' };
    const none = { value: 0, hidden: null };
    expect(f.totals).toEqual({ ongoing: small, ownLeases: small, convertedThisYear: small, lockedIn: none, givenThisYear: small });
    // The one contract on the step has been there 99 days (since 2026-12-01): that household's time, so hidden with its count.
    expect(f.timeOnStep).toEqual([{ step: 'Boendestödsavtal', contracts: small, averageDays: small }]);
    expect(f.byLandlord).toEqual([
      { landlord: { id: expect.any(String), name: 'Trappvärd AB' }, ongoing: small, convertedThisYear: small, lockedIn: none, quota: { committed: 5, givenThisYear: small } },
    ]);
    // A contract past its review with no decision is locked in.
    await b.db.query("update housing_contracts set review_on = '2027-03-01' where id = $1", [contracts.single]);
    expect((await coordinator.get('/api/v1/housing/follow-up')).json().totals.lockedIn).toEqual(small);
    expect((await landlord.get('/api/v1/housing/follow-up')).statusCode).toBe(403);
    expect(JSON.stringify(f)).not.toContain('Ester');
  });

  it('is for social services alone: the coordinator makes it, social workers review it, the landlord sees none of it', async () => {
    expect((await landlord.get('/api/v1/housing/contracts')).statusCode).toBe(403);
    expect((await socialWorker.post('/api/v1/housing/contracts', { proposalId: proposals['Ensam Ester'], startedOn: '2027-03-10' })).statusCode).toBe(403);
    expect((await socialWorker.put('/api/v1/housing/ladder', { steps: [] })).statusCode).toBe(403);
    const [audit] = await b.db.query<{ n: number }>(
      "select count(*)::int as n from audit_log where action in ('contract.create', 'contract.step_up', 'contract.extend', 'ladder.save', 'transfer.accept', 'transfer.refuse')",
    );
    expect(audit!.n).toBe(9); // two contracts, three steps up (Ester's two asked for the transfer), an extension, a ladder, a refusal and an acceptance
  });
});
