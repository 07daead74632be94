// The one way in (issue 3 §1): the public concern form and API, and social services' inbox where
// concerns and statutory notices land by priority and city area.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONNUMMER } from '../fixtures/personnummer.ts';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';

let b: TestBokvar;
let kommunId: string;
const areas: Record<string, string> = {};
let landlord: Client;
let caretaker: Client;
let socialWorker: Client;
let teamLead: Client;
let otherSocialWorker: Client;
let socialWorkerId: string;

const csv = (rows: string[]) => rows.join('\n') + '\n';
const publicPost = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  b.app.inject({ method: 'POST', url: '/api/v1/concerns', payload: body, headers });

interface Item {
  kind: 'concern' | 'notice';
  id: string;
  reference: string | null;
  address: string;
  area: { id: string; name: string } | null;
  responsible: { id: string; name: string } | null;
  reasons: string[];
  concern: { what: string; source: string; reporter: string | null; contact: string | null } | null;
  notice: { landlord: string; amountOwed: number } | null;
}
const inboxOf = async (client: Client, query = '') => {
  const res = await client.get(`/api/v1/inbox${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: Item[] }).items;
};

beforeAll(async () => {
  b = await startTestBokvar('2027-01-15T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Vägkommun', { municipalityCode: '1980' });
  kommunId = kommun.id;
  const annan = await buildOrg(b.db, 'municipality', 'Annan kommun', { municipalityCode: '1480' });
  for (const name of ['Norr', 'Söder']) {
    const [row] = await b.db.query<{ id: string }>('insert into city_areas (municipality_id, name) values ($1, $2) returning id', [kommun.id, name]);
    areas[name] = row!.id;
  }
  const vard = await buildOrg(b.db, 'landlord', 'Vägbostäder AB', { municipalityId: kommun.id });
  landlord = await login(b, (await buildUser(b.db, vard.id, 'collection_officer')).email);
  caretaker = await login(b, (await buildUser(b.db, vard.id, 'caretaker')).email);
  const sw = await buildUser(b.db, kommun.id, 'social_worker');
  socialWorkerId = sw.id;
  socialWorker = await login(b, sw.email);
  teamLead = await login(b, (await buildUser(b.db, kommun.id, 'team_lead')).email);
  otherSocialWorker = await login(b, (await buildUser(b.db, annan.id, 'social_worker')).email);
  const header = 'kontraktsnummer;adress;omrade;personnummer;namn;barn;manadshyra;startdatum';
  const t = await landlord.post(
    '/api/v1/imports?kind=tenancies',
    csv([header, `V-1;Storgatan 1;Söder;${TEST_PERSONNUMMER[10]};Alva Test;2;8500,00;2020-01-01`, `V-2;Lillgatan 2;Norr;${TEST_PERSONNUMMER[11]};Bo Test;0;8500,00;2020-01-01`]),
    { 'content-type': 'text/csv' },
  );
  expect(t.statusCode, t.body).toBe(200);
});
afterAll(async () => b?.close());

describe('the public form (no login)', () => {
  it('offers municipalities and their city areas, and nothing about anyone', async () => {
    const res = await b.app.inject({ method: 'GET', url: '/api/v1/concerns/form' });
    expect(res.statusCode).toBe(200);
    const form = res.json() as { municipalities: { id: string; name: string; areas: { name: string }[] }[] };
    expect(form.municipalities.find((m) => m.id === kommunId)?.areas.map((a) => a.name)).toEqual(['Norr', 'Söder']);
    expect(res.body).not.toMatch(/Storgatan|Alva/);
    // The personnummer on the lease in no written form (a pattern like \d{8}-\d{4} would also match the
    // digits of a UUID now and then).
    for (const pnr of [TEST_PERSONNUMMER[10]!, TEST_PERSONNUMMER[11]!]) {
      for (const form of [pnr, pnr.slice(2), `${pnr.slice(0, 8)}-${pnr.slice(8)}`, `${pnr.slice(2, 8)}-${pnr.slice(8)}`]) {
        expect(res.body).not.toContain(form);
      }
    }
  });

  it('gives a reference number and reveals nothing, whether Bokvar knows the address or not', async () => {
    const known = await publicPost({ municipalityId: kommunId, address: 'storgatan  1', what: 'Barnen verkar vara ensamma hemma <script>alert(1)</script>', children: true, clientId: 'c-known' });
    const unknown = await publicPost({ municipalityId: kommunId, address: 'Okändvägen 99', what: 'Post har legat i brevlådan i veckor', clientId: 'c-unknown' });
    for (const res of [known, unknown]) {
      expect(res.statusCode, res.body).toBe(201);
      expect(Object.keys(res.json())).toEqual(['reference']);
      expect(res.json().reference).toMatch(/^EVI-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    }
    // Routed to Söder by the tenancy at the address; the text is kept exactly as written.
    const items = await inboxOf(socialWorker);
    const k = items.find((i) => i.reference === known.json().reference)!;
    expect(k.area?.name).toBe('Söder');
    expect(k.reasons).toEqual(['children']);
    expect(k.concern).toMatchObject({ what: 'Barnen verkar vara ensamma hemma <script>alert(1)</script>', source: 'public', reporter: null });
    expect(items.find((i) => i.reference === unknown.json().reference)?.area).toBeNull();
    const [audit] = await b.db.query<{ actor_user_id: string | null; actor_org_id: string | null }>(
      "select actor_user_id, actor_org_id from audit_log where action = 'concern.create' order by id desc limit 1",
    );
    expect(audit).toEqual({ actor_user_id: null, actor_org_id: null });
  });

  it('gives the same reference when the same form is sent again, and keeps one concern', async () => {
    const body = { municipalityId: kommunId, address: 'Lillgatan 2', what: 'Det luktar gas i trapphuset', clientId: 'c-resend' };
    const first = await publicPost(body);
    const again = await publicPost(body);
    expect(again.json().reference).toBe(first.json().reference);
    const [n] = await b.db.query<{ n: number }>('select count(*)::int as n from concerns where what = $1', [body.what]);
    expect(n!.n).toBe(1);
  });

  it('keeps nothing from a robot that fills in the hidden field, yet answers the same way', async () => {
    const res = await publicPost({ municipalityId: kommunId, address: 'Spamvägen 1', what: 'Köp billigt', website: 'http://spam.example', clientId: 'c-robot' });
    expect(res.statusCode).toBe(201);
    expect(res.json().reference).toMatch(/^EVI-/);
    expect(await b.db.query("select 1 from concerns where address = 'Spamvägen 1'")).toHaveLength(0);
  });

  it('names the field that is wrong, refuses an oversized body, and stores nothing then', async () => {
    const noAddress = await publicPost({ municipalityId: kommunId, address: '  ', what: 'Oro', clientId: 'c-bad' });
    expect(noAddress.statusCode).toBe(400);
    expect(noAddress.json().error.details.fields[0].field).toBe('address');
    const tooLong = await publicPost({ municipalityId: kommunId, address: 'Gatan 1', what: 'x'.repeat(4001), clientId: 'c-bad' });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.message).toMatch(/what/);
    const huge = await publicPost({ municipalityId: kommunId, address: 'Gatan 1', what: 'x', contact: 'y'.repeat(20_000), clientId: 'c-bad' });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.message).toMatch(/för stort/);
    const wrongKommun = await publicPost({ municipalityId: '00000000-0000-4000-8000-000000000000', address: 'Gatan 1', what: 'Oro', clientId: 'c-bad' });
    expect(wrongKommun.statusCode).toBe(400);
    expect(wrongKommun.json().error.details.fields[0].field).toBe('municipalityId');
    expect(await b.db.query("select 1 from concerns where address = 'Gatan 1'")).toHaveLength(0);
  });

  it('limits how many one client may send in a short time', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await publicPost({ municipalityId: kommunId, address: `Flodgatan ${i}`, what: `Oro ${i}`, clientId: 'c-flood' })).statusCode);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
  });
});

describe('reporting from a login', () => {
  it("a caretaker's concern names the landlord to social services; without the CSRF header it is refused", async () => {
    const noCsrf = await b.app.inject({
      method: 'POST', url: '/api/v1/concerns/reported', headers: { cookie: caretaker.cookie },
      payload: { municipalityId: kommunId, address: 'Lillgatan 2', what: 'Oro' },
    });
    expect(noCsrf.statusCode).toBe(403);
    const res = await caretaker.post('/api/v1/concerns/reported', { municipalityId: kommunId, contractNumber: 'V-2', address: 'Lillgatan 2', what: 'Hyresgästen verkar förvirrad', mentalHealth: true });
    expect(res.statusCode, res.body).toBe(201);
    const item = (await inboxOf(socialWorker)).find((i) => i.reference === res.json().reference)!;
    expect(item.concern).toMatchObject({ source: 'caretaker', reporter: 'Vägbostäder AB' });
    expect(item.area?.name).toBe('Norr');
    expect(item.reasons).toEqual(['mental_health']);
  });

  it('a social worker logs a call in their own municipality only', async () => {
    const ok = await socialWorker.post('/api/v1/concerns/reported', { municipalityId: kommunId, address: 'Storgatan 1', what: 'Granne ringde: bråk och skrik', violence: true });
    expect(ok.statusCode).toBe(201);
    const elsewhere = await otherSocialWorker.post('/api/v1/concerns/reported', { municipalityId: kommunId, address: 'Storgatan 1', what: 'Oro' });
    expect(elsewhere.statusCode).toBe(400);
  });
});

describe('the inbox', () => {
  it('lists statutory notices and concerns, children first, and routes each area to its social worker', async () => {
    const tx = await landlord.post(
      '/api/v1/imports?kind=transactions',
      csv(['kontraktsnummer;typ;datum;forfallodatum;belopp;referens', 'V-2;avi;2026-12-01;2026-12-30;8500,00;A1']),
      { 'content-type': 'text/csv' },
    );
    expect(tx.statusCode, tx.body).toBe(200);
    const notice = await landlord.post('/api/v1/notices', { tenancyId: await tenancyId('V-2'), reason: 'arrears', terminationDate: '2027-01-12', amountOwed: 850000 });
    expect(notice.statusCode, notice.body).toBe(201);

    expect((await teamLead.put(`/api/v1/areas/${areas['Norr']}/responsible`, { userId: socialWorkerId })).statusCode).toBe(200);
    const items = await inboxOf(socialWorker);
    const n = items.find((i) => i.kind === 'notice')!;
    expect(n).toMatchObject({ address: 'Lillgatan 2', area: { name: 'Norr' }, responsible: { id: socialWorkerId }, notice: { landlord: 'Vägbostäder AB', amountOwed: 850000 } });
    // Children first: every item with children comes before every item without.
    const firstWithout = items.findIndex((i) => !i.reasons.includes('children'));
    expect(items.slice(firstWithout).some((i) => i.reasons.includes('children'))).toBe(false);
    expect(items[0]!.reasons).toContain('children');

    const norr = await inboxOf(socialWorker, `?area=${areas['Norr']}`);
    expect(norr.length).toBeGreaterThan(0);
    expect(norr.every((i) => i.area?.name === 'Norr')).toBe(true);
    expect((await inboxOf(socialWorker, '?area=none')).every((i) => i.area === null)).toBe(true);
  });

  it("is social services' own: another municipality sees none of it, a landlord may not read it", async () => {
    expect(await inboxOf(otherSocialWorker)).toEqual([]);
    expect((await landlord.get('/api/v1/inbox')).statusCode).toBe(403);
    expect((await socialWorker.put(`/api/v1/areas/${areas['Norr']}/responsible`, { userId: null })).statusCode).toBe(403);
    expect((await teamLead.put(`/api/v1/areas/${areas['Norr']}/responsible`, { userId: (await buildUser(b.db, kommunId, 'debt_adviser')).id })).statusCode).toBe(400);
  });
});

async function tenancyId(contract: string): Promise<string> {
  const list = (await landlord.get(`/api/v1/tenancies?q=${contract}`)).json() as { tenancies: { id: string; contract_number: string }[] };
  return list.tenancies.find((t) => t.contract_number === contract)!.id;
}

describe('a concern that needs no case', () => {
  it('leaves the inbox with the reason and who decided; a reason is required; another municipality cannot', async () => {
    const res = await publicPost({ municipalityId: kommunId, address: 'Fel kommun 1', what: 'Gäller en annan kommun', clientId: 'c-dismiss' });
    const item = (await inboxOf(socialWorker)).find((i) => i.reference === res.json().reference)!;
    const noReason = await socialWorker.post(`/api/v1/inbox/concern/${item.id}/dismiss`, { reason: ' ' });
    expect(noReason.json().error.details.fields[0].field).toBe('reason');
    expect((await otherSocialWorker.post(`/api/v1/inbox/concern/${item.id}/dismiss`, { reason: 'Inte vår' })).statusCode).toBe(404);
    const ok = await socialWorker.post(`/api/v1/inbox/concern/${item.id}/dismiss`, { reason: 'Adressen ligger i en annan kommun; vidarebefordrad per telefon' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await inboxOf(socialWorker)).some((i) => i.id === item.id)).toBe(false);
    const [row] = await b.db.query<{ dismissed_reason: string; dismissed_by: string }>('select dismissed_reason, dismissed_by from concerns where id = $1', [item.id]);
    expect(row).toEqual({ dismissed_reason: 'Adressen ligger i en annan kommun; vidarebefordrad per telefon', dismissed_by: socialWorkerId });
    expect((await socialWorker.post(`/api/v1/inbox/concern/${item.id}/dismiss`, { reason: 'igen' })).statusCode).toBe(404);
  });
});
