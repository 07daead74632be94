// The facts figures are counted against, set where they arise (issue 14 §1): the municipality's
// administrator enters its population per year or reads it from SCB's table; the landlord's
// administrator its number of homes. Each change is logged with its label; nobody else sets them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, type Client, login, startTestBokvar, type TestBokvar } from '../support/app.ts';

let b: TestBokvar;
let kommunAdmin: Client;
let otherKommunAdmin: Client;
let socialWorker: Client;
let landlordAdmin: Client;
let officer: Client;

beforeAll(async () => {
  b = await startTestBokvar('2027-02-10T09:00:00+01:00');
  const kommun = await buildOrg(b.db, 'municipality', 'Västerås stad', { municipalityCode: '1980' });
  const other = await buildOrg(b.db, 'municipality', 'Köpings kommun', { municipalityCode: '1983' });
  const landlord = await buildOrg(b.db, 'landlord', 'Mälarbostäder AB', { municipalityId: kommun.id, municipal: true });
  kommunAdmin = await login(b, (await buildUser(b.db, kommun.id, 'admin')).email);
  otherKommunAdmin = await login(b, (await buildUser(b.db, other.id, 'admin')).email);
  socialWorker = await login(b, (await buildUser(b.db, kommun.id, 'social_worker')).email);
  landlordAdmin = await login(b, (await buildUser(b.db, landlord.id, 'admin')).email);
  officer = await login(b, (await buildUser(b.db, landlord.id, 'collection_officer')).email);
});
afterAll(async () => b?.close());

/** SCB's "Folkmängd efter region, ålder och år", comma-separated: every age, one year. */
function scbTable(kommun: string, year: number, perAge: (age: number) => number): string {
  const lines = [`"region","ålder","${year}"`];
  for (let age = 0; age <= 100; age++) lines.push(`"${kommun}","${age === 100 ? '100+' : age} år",${perAge(age)}`);
  return `${lines.join('\r\n')}\r\n`;
}

describe("the municipality's population", () => {
  it('is entered per year by the administrator, a year set again replaced, a mistake named beside its field', async () => {
    const put = (year: number | string, body: object) => kommunAdmin.put(`/api/v1/statistics/population/${year}`, body);
    expect((await put(2025, { inhabitants: 150_000, childrenUnder18: 160_000 })).json().error.details.fields).toEqual([
      { field: 'childrenUnder18', message: 'Barnen kan inte vara fler än alla invånare' },
    ]);
    expect((await put(1800, { inhabitants: 150_000, childrenUnder18: 30_000 })).json().error.details.fields[0].field).toBe('year');
    expect((await put(2025, { inhabitants: 0, childrenUnder18: 0 })).json().error.details.fields[0].field).toBe('inhabitants');
    expect((await put(2025, { inhabitants: 150_000, childrenUnder18: 30_000 })).statusCode).toBe(200);
    const again = await put(2025, { inhabitants: 158_000, childrenUnder18: 35_500 });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().years).toMatchObject([{ year: 2025, inhabitants: 158_000, childrenUnder18: 35_500, source: 'entered', setBy: expect.any(String) }]);
    expect((await otherKommunAdmin.get('/api/v1/statistics/population')).json().years).toEqual([]);
  });

  it("is read from SCB's table for the municipality's kommunkod, every year in it or none", async () => {
    const csv = { 'content-type': 'text/csv' };
    const table = scbTable('1980 Västerås', 2026, (age) => (age <= 17 ? 2_000 : 1_500)) + scbTable('1983 Köping', 2026, () => 300).split('\r\n').slice(1).join('\r\n');
    const res = await kommunAdmin.post('/api/v1/statistics/population/import', table, csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().years.map((y: { year: number; inhabitants: number; childrenUnder18: number; source: string }) => [y.year, y.inhabitants, y.childrenUnder18, y.source])).toEqual([
      [2026, 18 * 2_000 + 83 * 1_500, 18 * 2_000, 'scb'],
      [2025, 158_000, 35_500, 'entered'],
    ]);
    // Köping's own table is Köping's: Västerås has no rows in it, and nothing is set.
    const wrong = await kommunAdmin.post('/api/v1/statistics/population/import', scbTable('1983 Köping', 2027, () => 300), csv);
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.details.problems).toEqual([{ line: 1, column: 'region', value: null, reason: 'Filen har inga rader för kommunen (kommunkod 1980)' }]);
    expect((await kommunAdmin.get('/api/v1/statistics/population')).json().years.map((y: { year: number }) => y.year)).toEqual([2026, 2025]);
  });

  it('is set by no one but its administrator, and each change is in the access log in words', async () => {
    expect((await socialWorker.put('/api/v1/statistics/population/2025', { inhabitants: 1, childrenUnder18: 0 })).statusCode).toBe(403);
    expect((await landlordAdmin.put('/api/v1/statistics/population/2025', { inhabitants: 1, childrenUnder18: 0 })).statusCode).toBe(403);
    const rows = await b.db.query<{ action: string }>("select action from audit_log where action like 'population.%' order by id");
    expect(rows.map((r) => r.action)).toEqual(['population.set', 'population.set', 'population.import']);
  });
});

describe("the landlord's number of homes", () => {
  it('is set per year by its administrator, and by no one else', async () => {
    expect((await landlordAdmin.put('/api/v1/statistics/homes/2026', { homes: 0 })).json().error.details.fields[0].field).toBe('homes');
    const res = await landlordAdmin.put('/api/v1/statistics/homes/2026', { homes: 12_400 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().years).toMatchObject([{ year: 2026, homes: 12_400 }]);
    expect((await officer.put('/api/v1/statistics/homes/2026', { homes: 1 })).statusCode).toBe(403);
    expect((await kommunAdmin.put('/api/v1/statistics/homes/2026', { homes: 1 })).statusCode).toBe(403);
    expect((await landlordAdmin.get('/api/v1/statistics/homes')).json().years).toMatchObject([{ year: 2026, homes: 12_400 }]);
  });
});
