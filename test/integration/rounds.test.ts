// A matching round (issue 4 §3): the waiting list matched to the homes on offer, every proposal explained
// and every household left out given its reasons; the coordinator approves, the landlord accepts or
// declines with a reason; a declined pair is never proposed again; every decision is in the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Round } from '../../src/housing/api.ts';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, type Client, startTestBokvar, type TestBokvar } from '../support/app.ts';
import { buildAgreement, buildHome, buildHousehold, loginAs } from '../support/world.ts';

let b: TestBokvar;
let coordinator: Client;
let socialWorker: Client;
let landlordA: Client;
let landlordB: Client;
const applicants: Record<string, string> = {};
const homes: Record<string, string> = {};

const audit = async (action: string) => (await b.db.query<{ n: number }>('select count(*)::int as n from audit_log where action = $1', [action]))[0]!.n;

beforeAll(async () => {
  b = await startTestBokvar('2027-03-10T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Matchkommun', { municipalityCode: '1980' });
  const a = await buildOrg(b.db, 'landlord', 'A-bostäder AB', { municipalityId: kommun.id });
  const bb = await buildOrg(b.db, 'landlord', 'B-fastigheter AB', { municipalityId: kommun.id });
  coordinator = await loginAs(b, kommun.id, 'housing_coordinator');
  socialWorker = await loginAs(b, kommun.id, 'social_worker');
  landlordA = await loginAs(b, a.id, 'housing_social_coordinator');
  landlordB = await loginAs(b, bb.id, 'admin');
  const agA = await buildAgreement(coordinator, a.id, { excludedAreas: ['Råby'], acceptedIncomeTypes: ['salary', 'social_assistance'], maxRentShare: 0.4 });
  const agB = await buildAgreement(coordinator, bb.id, { excludedAreas: ['Råby'], acceptedIncomeTypes: ['salary'], maxRentShare: 0.3 });
  const home = { sizeM2: 60, availableFrom: '2027-04-01' };
  homes.a1 = await buildHome(landlordA, agA, { ...home, address: 'Norrgatan 1', area: 'Norr', rooms: 3, rent: 700_000 });
  homes.a2 = await buildHome(landlordA, agA, { ...home, address: 'Södergatan 2', area: 'Söder', rooms: 1, rent: 450_000 });
  homes.b1 = await buildHome(landlordB, agB, { ...home, address: 'Björkgatan 3', area: 'Norr', rooms: 2, rent: 600_000, accessible: true });
  applicants.family = await buildHousehold(socialWorker, TEST_PERSONNUMMER[70]!, { name: 'Familjen Fors', adults: 2, childrenAges: [5, 8], minRooms: 3, homelessnessSituation: 1, incomes: [{ type: 'social_assistance', monthly: 1_800_000 }] });
  applicants.violence = await buildHousehold(socialWorker, TEST_PERSONNUMMER[71]!, { name: 'Vera Valv', domesticViolence: true, avoidAreas: ['Söder'], homelessnessSituation: 4, incomes: [{ type: 'salary', monthly: 2_000_000 }] });
  applicants.single = await buildHousehold(socialWorker, TEST_PERSONNUMMER[72]!, { name: 'Sune Sol', homelessnessSituation: 4, incomes: [{ type: 'social_assistance', monthly: 1_100_000 }] });
});
afterAll(async () => b?.close());

describe('a matching round', () => {
  it('proposes the best assignment, explains each proposal, and gives each household left out its reasons', async () => {
    const res = await coordinator.post('/api/v1/housing/rounds');
    expect(res.statusCode, res.body).toBe(201);
    const round = res.json() as Round;
    // The family fits only Norrgatan (3 rooms); Vera avoids Söder and takes Björkgatan; Sune's incomes do not
    // carry any rent (B counts salary only, A's rents are above 40 % of 11 000 kr).
    expect(round.proposals.map((p) => [p.household.name, p.home.address, p.status])).toEqual([
      ['Vera Valv', 'Björkgatan 3', 'proposed'],
      ['Familjen Fors', 'Norrgatan 1', 'proposed'],
    ]);
    expect(round.proposals[1]!.explanation).toEqual([
      'Prioritet 7, väntat 0 dagar',
      '3 rum; hushållet behöver minst 3',
      'Hyran 7\u00a0000,00\u00a0kr är 38,9 % av de inkomster hyresvärden räknar (18\u00a0000,00\u00a0kr; högst 40 %)',
      'Norr: hushållet har inga områden att undvika',
    ]);
    expect(round.unassigned).toEqual([{ household: { id: applicants.single, name: 'Sune Sol' }, reasons: ['Hyran är för hög för de inkomster hyresvärdarna räknar med'] }]);
    const [kept] = await b.db.query<{ answer: { totalPriority: number } }>('select answer from matching_rounds where id = $1', [round.round!.id]);
    expect(kept!.answer.totalPriority).toBe(17);
    expect(await audit('round.run')).toBe(1);
  });

  it('goes to the landlord only once approved, and tells it the household’s size, not who they are', async () => {
    expect((await landlordB.get('/api/v1/housing/proposals')).json().proposals).toEqual([]);
    const { proposals } = (await coordinator.get('/api/v1/housing/rounds/latest')).json() as Round;
    for (const p of proposals) expect((await coordinator.post(`/api/v1/housing/proposals/${p.id}/decision`, { approve: true })).statusCode).toBe(200);
    expect((await coordinator.post(`/api/v1/housing/proposals/${proposals[0]!.id}/decision`, { approve: false })).statusCode).toBe(409);
    const res = await landlordB.get('/api/v1/housing/proposals');
    expect(res.json().proposals).toEqual([
      {
        id: proposals[0]!.id, status: 'approved', declineReason: null, household: { adults: 1, children: 0, minRooms: 1 },
        home: { id: homes.b1, address: 'Björkgatan 3', area: 'Norr', rooms: 2, rent: 600_000 },
        explanation: ['Hyran ryms inom avtalets andel av de inkomster ni räknar', 'Hushållet behöver minst 1 rum'],
      },
    ]);
    expect(res.body).not.toContain('Vera');
    expect(res.body).not.toContain(TEST_PERSONNUMMER[71]!);
    expect(await audit('proposal.approve')).toBe(2);
  });

  it('is accepted (the home let, the household housed) or declined with a reason, never proposed again', async () => {
    const [forB] = (await landlordB.get('/api/v1/housing/proposals')).json().proposals as { id: string }[];
    const [forA] = (await landlordA.get('/api/v1/housing/proposals')).json().proposals as { id: string }[];
    expect((await landlordA.post(`/api/v1/housing/proposals/${forB!.id}/answer`, { accept: true })).statusCode).toBe(404);
    const noReason = await landlordA.post(`/api/v1/housing/proposals/${forA!.id}/answer`, { accept: false });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toContain('reason');
    expect((await landlordB.post(`/api/v1/housing/proposals/${forB!.id}/answer`, { accept: true })).json().status).toBe('accepted');
    const declined = await landlordA.post(`/api/v1/housing/proposals/${forA!.id}/answer`, { accept: false, reason: 'Störningar i trappuppgången sedan tidigare' });
    expect(declined.json()).toMatchObject({ status: 'declined', declineReason: 'Störningar i trappuppgången sedan tidigare' });
    expect((await landlordA.post(`/api/v1/housing/proposals/${forA!.id}/answer`, { accept: true })).statusCode).toBe(409);

    const waiting = (await socialWorker.get('/api/v1/housing/waiting-list')).json().waiting as { name: string }[];
    expect(waiting.map((w) => w.name)).toEqual(['Familjen Fors', 'Sune Sol']);
    const [home] = await b.db.query<{ status: string }>('select status from offered_homes where id = $1', [homes.b1]);
    expect(home!.status).toBe('let');

    // The next round does not offer the family the home its landlord declined.
    const next = (await coordinator.post('/api/v1/housing/rounds')).json() as Round;
    expect(next.proposals).toEqual([]);
    expect(next.unassigned.find((u) => u.household.id === applicants.family)!.reasons).toEqual([
      '1 av 2 bostäder har färre än 3 rum', // Södergatan, the one home on offer besides the declined one
      'Hyresvärden har redan tackat nej till hushållet för 1 av 2 bostäder',
    ]);
    expect(await audit('proposal.accept')).toBe(1);
    expect(await audit('proposal.decline')).toBe(1);
  });

  it('is run and decided by the housing coordinator alone', async () => {
    expect((await socialWorker.post('/api/v1/housing/rounds')).statusCode).toBe(403);
    expect((await landlordA.post('/api/v1/housing/rounds')).statusCode).toBe(403);
    const { proposals } = (await coordinator.get('/api/v1/housing/rounds/latest')).json() as Round;
    expect(proposals).toEqual([]);
    expect((await landlordA.get('/api/v1/housing/rounds/latest')).statusCode).toBe(403);
  });
});
