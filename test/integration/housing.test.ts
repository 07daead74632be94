// Cooperation agreements and the homes offered under them (issue 4 §1): the municipality's housing
// coordinator writes the agreement, the landlord offers homes and sees its commitment against what it has
// given this year and last, the municipality sees every landlord side by side; nobody else sees either.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agreement } from '../../src/housing/api.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';

let b: TestBokvar;
let coordinator: Client;
let leadership: Client;
let socialWorker: Client;
let otherCoordinator: Client;
let landlordCoordinator: Client;
let caretaker: Client;
let otherLandlord: Client;
let landlordId: string;
let otherLandlordId: string;
let municipalityId: string;

const agreementBody = (over: Record<string, unknown> = {}) => ({
  landlordId, name: 'Sociala kontrakt 2027', targetGroups: ['Barnfamiljer utan bostad', 'Våldsutsatta'], commitmentKind: 'homes_per_year', commitmentHomes: 3,
  excludedAreas: ['Råby'], acceptedIncomeTypes: ['salary', 'social_assistance', 'housing_allowance'], maxRentShare: 0.4, responseHours: 48,
  validFrom: '2027-01-01', validUntil: '2028-12-31', reviewDates: ['2027-06-30'], ...over,
});
const homeBody = (agreementId: string, over: Record<string, unknown> = {}) => ({
  agreementId, address: 'Solgatan 4', area: 'Norr', rooms: 3, sizeM2: 74.5, rent: 780_000, floor: 2, lift: true, accessible: false, availableFrom: '2027-02-01', ...over,
});
const agreementsOf = async (client: Client) => {
  const res = await client.get('/api/v1/housing/agreements');
  expect(res.statusCode, res.body).toBe(200);
  return res.json().agreements as Agreement[];
};

beforeAll(async () => {
  b = await startTestBokvar('2027-01-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Bokommun', { municipalityCode: '1980' });
  municipalityId = kommun.id;
  const annan = await buildOrg(b.db, 'municipality', 'Grannkommun', { municipalityCode: '1982' });
  const vard = await buildOrg(b.db, 'landlord', 'Bobostäder AB', { municipalityId });
  landlordId = vard.id;
  const annanVard = await buildOrg(b.db, 'landlord', 'Annanvärd AB', { municipalityId });
  otherLandlordId = annanVard.id;
  coordinator = await login(b, (await buildUser(b.db, kommun.id, 'housing_coordinator')).email);
  leadership = await login(b, (await buildUser(b.db, kommun.id, 'leadership')).email);
  socialWorker = await login(b, (await buildUser(b.db, kommun.id, 'social_worker')).email);
  otherCoordinator = await login(b, (await buildUser(b.db, annan.id, 'housing_coordinator')).email);
  landlordCoordinator = await login(b, (await buildUser(b.db, vard.id, 'housing_social_coordinator')).email);
  caretaker = await login(b, (await buildUser(b.db, vard.id, 'caretaker')).email);
  otherLandlord = await login(b, (await buildUser(b.db, annanVard.id, 'admin')).email);
});
afterAll(async () => b?.close());

describe('a cooperation agreement', () => {
  it('is written by the housing coordinator, with its commitment in homes a year', async () => {
    const res = await coordinator.post('/api/v1/housing/agreements', agreementBody());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      landlord: { id: landlordId, name: 'Bobostäder AB' }, municipality: { id: municipalityId }, commitment: { kind: 'homes_per_year', homes: 3, homesPerYear: 3 },
      given: { year: 2027, thisYear: 0, lastYear: 0 }, excludedAreas: ['Råby'], responseHours: 48, maxRentShare: 0.4,
    });
    const [audit] = await b.db.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'agreement.create' and subject_id = $1", [res.json().id]);
    expect(audit!.n).toBe(1);
  });

  it('as a share comes to the share of its base, rounded up', async () => {
    const res = await coordinator.post('/api/v1/housing/agreements', agreementBody({ landlordId: otherLandlordId, name: 'Tio procent', commitmentKind: 'share_of_turnover', commitmentHomes: null, commitmentShare: 0.1, commitmentBase: 37 }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().commitment).toEqual({ kind: 'share_of_turnover', homes: null, share: 0.1, base: 37, homesPerYear: 4 });
  });

  it('refuses what it cannot hold, naming the field, and writes nothing', async () => {
    const before = (await agreementsOf(coordinator)).length;
    const cases: [Record<string, unknown>, string][] = [
      [{ commitmentKind: 'share_of_stock', commitmentHomes: null, commitmentShare: 0.05 }, 'commitmentBase'],
      [{ landlordId: municipalityId }, 'landlordId'],
      [{ validUntil: '2026-12-31' }, 'validUntil'],
      [{ acceptedIncomeTypes: [] }, 'acceptedIncomeTypes'],
      [{ reviewDates: ['2027-13-01'] }, 'reviewDates[0]'],
    ];
    for (const [over, field] of cases) {
      const res = await coordinator.post('/api/v1/housing/agreements', agreementBody(over));
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.body).toContain(field);
    }
    expect(await agreementsOf(coordinator)).toHaveLength(before);
  });

  it('is for the housing coordinator to write and for its parties to read, nobody else', async () => {
    expect((await socialWorker.post('/api/v1/housing/agreements', agreementBody())).statusCode).toBe(403);
    expect((await landlordCoordinator.post('/api/v1/housing/agreements', agreementBody())).statusCode).toBe(403);
    expect((await socialWorker.get('/api/v1/housing/agreements')).statusCode).toBe(403);
    expect((await caretaker.get('/api/v1/housing/agreements')).statusCode).toBe(403);
    expect(await agreementsOf(otherCoordinator)).toEqual([]);
    expect((await agreementsOf(landlordCoordinator)).map((a) => a.landlord.id)).toEqual([landlordId]);
    const [own] = await agreementsOf(landlordCoordinator);
    expect((await otherCoordinator.put(`/api/v1/housing/agreements/${own!.id}`, agreementBody())).statusCode).toBe(404);
  });
});

describe('a home offered under an agreement', () => {
  it('counts towards the commitment this year; withdrawn it counts no more', async () => {
    const [agreement] = await agreementsOf(landlordCoordinator);
    const res = await landlordCoordinator.post('/api/v1/housing/homes', homeBody(agreement!.id), { 'idempotency-key': 'offer-solgatan-4' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ address: 'Solgatan 4', area: 'Norr', rooms: 3, sizeM2: 74.5, rent: 780_000, status: 'offered', landlord: { id: landlordId } });
    // Sent again (a retry): the same home, not a second one.
    const again = await landlordCoordinator.post('/api/v1/housing/homes', homeBody(agreement!.id), { 'idempotency-key': 'offer-solgatan-4' });
    expect(again.json().id).toBe(res.json().id);
    expect((await agreementsOf(landlordCoordinator))[0]!.given).toEqual({ year: 2027, thisYear: 1, lastYear: 0 });

    // The municipality sees it beside the other landlord's agreement; another municipality sees nothing.
    const side = await agreementsOf(coordinator);
    expect(side.map((a) => [a.landlord.id, a.commitment.homesPerYear, a.given?.thisYear])).toEqual([
      [otherLandlordId, 4, 0],
      [landlordId, 3, 1],
    ]);
    // Leadership reads the commitments, not the one household placed: that is in the follow-up, as "<5".
    expect((await agreementsOf(leadership)).map((a) => [a.landlord.id, a.commitment.homesPerYear, a.given])).toEqual([
      [otherLandlordId, 4, null],
      [landlordId, 3, null],
    ]);
    expect(((await coordinator.get('/api/v1/housing/homes')).json().homes as { id: string }[]).map((h) => h.id)).toEqual([res.json().id]);
    expect((await otherCoordinator.get('/api/v1/housing/homes')).json().homes).toEqual([]);
    expect((await otherLandlord.get('/api/v1/housing/homes')).json().homes).toEqual([]);
    expect((await socialWorker.get('/api/v1/housing/homes')).statusCode).toBe(403);
    // Leadership reads figures, never an address: the homes offered are where households will live (issue 14 §3).
    expect((await leadership.get('/api/v1/housing/homes')).statusCode).toBe(403);
    expect((await leadership.get('/api/v1/housing/follow-up')).statusCode).toBe(200);

    expect((await otherLandlord.post(`/api/v1/housing/homes/${res.json().id}/withdraw`)).statusCode).toBe(404);
    const withdrawn = await landlordCoordinator.post(`/api/v1/housing/homes/${res.json().id}/withdraw`);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().status).toBe('withdrawn');
    expect((await agreementsOf(landlordCoordinator))[0]!.given?.thisYear).toBe(0);
  });

  it('is counted for the year it was offered in', async () => {
    const [agreement] = await agreementsOf(landlordCoordinator);
    await b.db.query(
      `insert into offered_homes (agreement_id, landlord_id, address, area, rooms, size_m2, rent, floor, lift, accessible, available_from, offered_at)
       values ($1, $2, 'Gamla vägen 1', 'Norr', 2, 50, 600000, 1, false, false, '2026-12-01', '2026-11-30 10:00+01')`,
      [agreement!.id, landlordId],
    );
    expect((await agreementsOf(landlordCoordinator))[0]!.given).toEqual({ year: 2027, thisYear: 0, lastYear: 1 });
  });

  it('is refused in an area the agreement excludes, under another landlord’s agreement, or by a caretaker', async () => {
    const [agreement] = await agreementsOf(landlordCoordinator);
    const excluded = await landlordCoordinator.post('/api/v1/housing/homes', homeBody(agreement!.id, { area: ' råby' }));
    expect(excluded.statusCode).toBe(400);
    expect(excluded.json().error.message).toContain('area');
    expect(excluded.json().error.message).toContain('Området råby är undantaget i avtalet');
    const notTheirs = await otherLandlord.post('/api/v1/housing/homes', homeBody(agreement!.id));
    expect(notTheirs.statusCode).toBe(400);
    expect(notTheirs.json().error.message).toContain('agreementId');
    expect((await caretaker.post('/api/v1/housing/homes', homeBody(agreement!.id))).statusCode).toBe(403);
    const [count] = await b.db.query<{ n: number }>("select count(*)::int as n from offered_homes where status = 'offered'");
    expect(count!.n).toBe(1); // only the one offered last year
  });
});
