// A flood of the public form (issue 12 §1): 150 addresses posting anonymous concerns must not hide a
// later concern about violence against children. The budget for anonymous concerns is counted in the
// database; the inbox reads by priority, then time, a page at a time, dropping nothing; a team lead sets
// a flood aside in one step with a reason, the flagged concerns staying.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';

let b: TestBokvar;
let kommun: string;
let annan: string;
let worker: Client;
let lead: Client;
const START = '2027-02-01T10:00:00+01:00';

interface Inbox {
  items: { id: string; kind: string; priority: number; concern: { what: string } | null }[];
  total: number;
  page: number;
  pages: number;
}

let posted = 0;
/** An anonymous concern from one of 150 addresses, as a browser would send it. */
function postPublic(municipalityId: string, over: Record<string, unknown> = {}) {
  posted++;
  return b.app.inject({
    method: 'POST',
    url: '/api/v1/concerns',
    remoteAddress: `127.0.${Math.floor(posted / 150) % 250}.${1 + (posted % 150)}`,
    payload: { municipalityId, address: `Floodgatan ${posted}`, what: `Skräp nummer ${posted}`, clientId: `klient-${posted}`, ...over },
  });
}

const inboxPage = async (page: number) => {
  const res = await worker.get(`/api/v1/inbox?page=${page}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Inbox;
};

beforeAll(async () => {
  b = await startTestBokvar(START);
  kommun = (await buildOrg(b.db, 'municipality', 'Flodkommun', { municipalityCode: '1980' })).id;
  annan = (await buildOrg(b.db, 'municipality', 'Grannkommun', { municipalityCode: '1982' })).id;
  worker = await login(b, (await buildUser(b.db, kommun, 'social_worker')).email);
  lead = await login(b, (await buildUser(b.db, kommun, 'team_lead')).email);
  b.ctx.config.publicConcernsPerHour = { perMunicipality: 60, total: 70 };
});
afterAll(async () => b?.close());

describe('a flood of the public form', () => {
  it("is refused once the municipality's hour is spent, telling the reporter whom to call; another municipality still takes one", async () => {
    for (let i = 0; i < 60; i++) {
      const res = await postPublic(kommun);
      expect(res.statusCode, res.body).toBe(201);
    }
    const refused = await postPublic(kommun, { what: 'Barnen är rädda, pappan slår', children: true, violence: true });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'public_budget' });
    expect(refused.json().error.message).toContain('Ring socialtjänsten i Flodkommun på 08-123 456 78');
    expect(refused.json().error.message).toContain('112');
    // The budget lives in the database: a second server (the same tables) counts the same.
    const [count] = await b.db.query<{ n: number }>("select count(*)::int as n from concerns where source = 'public'");
    expect(count!.n).toBe(60);

    for (let i = 0; i < 10; i++) expect((await postPublic(annan)).statusCode).toBe(201);
    // Seventy in all this hour: the overall budget is spent too.
    expect((await postPublic(annan)).statusCode).toBe(429);
  });

  it('an hour later takes anonymous concerns again, and a flagged one comes first in the inbox, nothing dropped', async () => {
    // Social services' own calls are not budgeted: 190 more unflagged concerns in the inbox.
    for (let i = 0; i < 190; i++) {
      const res = await worker.post('/api/v1/concerns/reported', { municipalityId: kommun, address: `Telefongatan ${i}`, what: `Samtal ${i}` });
      expect(res.statusCode, res.body).toBe(201);
    }
    b.clock.set('2027-02-01T11:00:01+01:00');
    const flagged = await postPublic(kommun, { what: 'Barnen är rädda, pappan slår', children: true, violence: true });
    expect(flagged.statusCode, flagged.body).toBe(201);

    const first = await inboxPage(1);
    expect(first.total).toBe(251);
    expect(first.pages).toBe(3);
    expect(first.items).toHaveLength(100);
    expect(first.items[0]!.concern!.what).toBe('Barnen är rädda, pappan slår');
    // Every item on exactly one page, in priority order, then oldest first.
    const all = [...first.items, ...(await inboxPage(2)).items, ...(await inboxPage(3)).items];
    expect(all).toHaveLength(251);
    expect(new Set(all.map((i) => i.id)).size).toBe(251);
    const priorities = all.map((i) => i.priority);
    expect(priorities).toEqual([...priorities].sort((x, y) => y - x));
    expect((await inboxPage(4)).items).toEqual([]);
  });

  it('a team lead sets the flood aside in one step with a reason; the flagged concern and the calls stay', async () => {
    const body = { from: '2027-02-01T09:59:00+01:00', to: '2027-02-01T11:30:00+01:00', reason: 'Massutskick från robot 1 februari' };
    expect((await worker.post('/api/v1/inbox/concerns/set-aside', body)).statusCode).toBe(403);
    const noReason = await lead.post('/api/v1/inbox/concerns/set-aside', { ...body, reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details.fields[0].field).toBe('reason');

    const res = await lead.post('/api/v1/inbox/concerns/set-aside', body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ setAside: 60 });
    const after = await inboxPage(1);
    expect(after.total).toBe(191);
    expect(after.items[0]!.concern!.what).toBe('Barnen är rädda, pappan slår');
    const [audit] = await b.db.query<{ reason: string; n: number }>(
      "select reason, jsonb_array_length(details->'concerns')::int as n from audit_log where action = 'concern.set_aside_flood'",
    );
    expect(audit).toEqual({ reason: 'Massutskick från robot 1 februari', n: 60 });
  });
});
