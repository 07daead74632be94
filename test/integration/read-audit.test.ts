// Issue 12 §15: every read of personal data writes its audit row. Every GET route the server publishes
// (its OpenAPI document) that takes no id is called by every demo user; each answer of 200 must have
// written a row, unless the route is named below as holding no personal data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoIfEmpty } from '../../src/platform/demo.ts';
import { type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';

/** GET routes whose answer names no person, household or case, and why. */
const NOT_PERSONAL: Record<string, string> = {
  '/api/v1/health': 'the server is up',
  '/api/v1/session': "the user's own login",
  '/api/v1/sessions': "the user's own logins",
  '/api/v1/routine': "the landlord's collection routine",
  '/api/v1/worklist/filters': 'areas and steps',
  '/api/v1/housing/ladder': "the municipality's ladder",
  '/api/v1/housing/agreements': 'cooperation agreements between organisations',
  '/api/v1/arrears-sharing': 'cooperation agreements between organisations',
  '/api/v1/housing/follow-up': 'figures per landlord that name no one',
  '/api/v1/housing/homes': "vacant homes a landlord offers, no household",
  '/api/v1/housing/landlords': 'landlords of the municipality',
  '/api/v1/concerns/form': "the public form's municipalities and areas",
  '/api/v1/audit/verify': 'whether the audit chain is whole',
  '/api/v1/tokens': 'names of systems with an API token',
  '/api/v1/retention': 'retention periods and counts of what was culled, never a person',
  '/api/v1/statistics/population': "the municipality's inhabitants per year",
  '/api/v1/statistics/homes': "the landlord's number of homes per year",
  '/api/v1/statistics/publications': 'the years whose figures the municipality publishes',
};

let b: TestBokvar;
const clients: { email: string; client: Client }[] = [];

beforeAll(async () => {
  b = await startTestBokvar('2026-11-23T09:00:00+01:00');
  await seedDemoIfEmpty(b.ctx);
  for (const u of DEMO_USERS) clients.push({ email: u.email, client: await login(b, u.email, DEMO_PASSWORD) });
});
afterAll(async () => b?.close());

describe('every read of personal data is logged', () => {
  it('for every GET route of the OpenAPI document, called by every demo user', async () => {
    const doc = (await b.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).filter(([path, methods]) => 'get' in methods && !path.includes('{')).map(([path]) => path);
    expect(routes.length).toBeGreaterThan(20);
    // The exceptions are routes that exist (a renamed route must not leave a hole behind).
    expect(Object.keys(NOT_PERSONAL).filter((r) => !routes.includes(r))).toEqual([]);
    const unlogged: string[] = [];
    let answered = 0;
    for (const route of routes.filter((r) => !(r in NOT_PERSONAL))) {
      for (const { email, client } of clients) {
        const [before] = await b.db.query<{ n: number }>('select count(*)::int as n from audit_log');
        const res = await client.get(route);
        if (res.statusCode !== 200) continue;
        answered++;
        const [after] = await b.db.query<{ n: number }>('select count(*)::int as n from audit_log');
        if (after!.n === before!.n) unlogged.push(`${route} as ${email}`);
      }
    }
    expect(answered).toBeGreaterThan(30);
    expect(unlogged).toEqual([]);
  });
});
