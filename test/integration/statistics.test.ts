// The indicators (issue 14 §2), computed from facts the services recorded — Kronofogden's outcomes
// posted with its token, the population the administrator entered, the landlord's ledger and the daily
// run, the officer's contacts — never from rows written by hand. The report's three municipalities
// (seed 001: Göteborg 526 089 inhabitants and 125 evictions carried out, Jönköping 129 478 and 21,
// Karlstad 86 929 and 24) come out per 10 000 and per 100 000 as Kolada computes them.
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPersonnummer } from '../fixtures/personnummer.ts';
import { buildOrg, buildToken, type Client, startTestBokvar, type TestBokvar, tokenClient } from '../support/app.ts';
import { importTenancies, importTransactions, loginAs, tenancyIdOf } from '../support/world.ts';

let b: TestBokvar;
let kfm: Client;
const leadership: Record<string, Client> = {};
const admins: Record<string, Client> = {};
let landlordManagement: Client;
let officer: Client;
let socialWorker: Client;

const REPORT = [
  { name: 'Göteborgs stad', code: '1480', inhabitants: 526_089, children: 110_000, evictions: 125 },
  { name: 'Jönköpings kommun', code: '0680', inhabitants: 129_478, children: 28_000, evictions: 21 },
  { name: 'Karlstads kommun', code: '1780', inhabitants: 86_929, children: 18_000, evictions: 24 },
];

interface Shown { value: number | null; suppressed: boolean; hidden: string | null }
interface IndicatorAnswer extends Shown { id: string; unit: string; unavailable: string | null; previous: Shown; numerator: Shown | null; denominator: Shown | null; groups: ({ key: string; label: string | null } & Shown)[] | null }
interface Stage { id: string; households: Shown; withChildren: Shown | null; conversion: Shown | null }
interface Answer { breakdown: string | null; indicators: IndicatorAnswer[]; funnel: { month: string; stages: Stage[] }[]; funnelPeriod: Stage[]; previousPeriod: { from: string; to: string } }

const figuresOf = async (client: Client, from: string, to: string, breakdown?: string): Promise<Answer> => {
  const res = await client.get(`/api/v1/statistics?from=${from}&to=${to}${breakdown ? `&breakdown=${breakdown}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const indicatorIn = (a: Answer, id: string) => a.indicators.find((i) => i.id === id)!;

beforeAll(async () => {
  b = await startTestBokvar('2027-01-20T09:00:00+01:00');
  const authority = await buildOrg(b.db, 'authority', 'Kronofogden');
  kfm = tokenClient(b, await buildToken(b.db, authority.id));
  for (const m of REPORT) {
    const org = await buildOrg(b.db, 'municipality', m.name, { municipalityCode: m.code });
    const admin = await loginAs(b, org.id, 'admin');
    admins[m.code] = admin;
    expect((await admin.put('/api/v1/statistics/population/2026', { inhabitants: m.inhabitants, childrenUnder18: m.children })).statusCode).toBe(200);
    leadership[m.code] = await loginAs(b, org.id, 'leadership');
    // The year's evictions, a few each month, told by Kronofogden one by one; every fifth with a child living there.
    for (let i = 0; i < m.evictions; i++) {
      const res = await kfm.post('/api/v1/kfm-notices', {
        kind: 'carried_out', caseNumber: `${m.code}-${i}-26`, municipalityCode: m.code, address: `Okänd gata ${i}`,
        occurredOn: `2026-${String((i % 12) + 1).padStart(2, '0')}-15`, householdType: 'single_man',
        childrenPermanent: i % 5 === 0 ? 1 : 0, childrenAlternating: 0, childrenVisiting: 0, socialServicesPresent: i % 2 === 0,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  }

  // Västerås: a landlord whose eight households owe January's rent, or do not.
  const vasteras = await buildOrg(b.db, 'municipality', 'Västerås stad', { municipalityCode: '1980' });
  leadership['1980'] = await loginAs(b, vasteras.id, 'leadership');
  socialWorker = await loginAs(b, vasteras.id, 'social_worker');
  const landlord = await buildOrg(b.db, 'landlord', 'Mälarbostäder AB', { municipalityId: vasteras.id, municipal: true });
  officer = await loginAs(b, landlord.id, 'collection_officer');
  landlordManagement = await loginAs(b, landlord.id, 'management');
  const households = Array.from({ length: 8 }, (_, i) => ({
    contractNumber: `V-${i + 1}`, address: `Vasagatan ${i + 1}`, personnummer: testPersonnummer('1980-01-01', i), name: `Test ${i + 1}`, children: i < 2 ? 1 : 0,
  }));
  await importTenancies(officer, households);
  // January's rent is due on 2026-12-30; the last two paid it, the first six did not.
  await importTransactions(officer, [
    ...households.map((h) => `${h.contractNumber};avi;2026-12-15;2026-12-30;8500,00;A-${h.contractNumber}`),
    'V-7;betalning;2026-12-29;;8500,00;B-V-7', 'V-8;betalning;2026-12-30;;8500,00;B-V-8',
  ]);
  expect((await officer.get('/api/v1/worklist')).statusCode).toBe(200);
  for (const n of [1, 2, 3, 4, 5]) {
    const tenancyId = await tenancyIdOf(officer, `V-${n}`);
    const res = await officer.post('/api/v1/outreach', { tenancyId, kind: 'call', contactDate: `2027-01-0${n + 1}`, reached: true, outcome: 'no_agreement' });
    expect(res.statusCode, res.body).toBe(201);
  }
  const homes = await loginAs(b, landlord.id, 'admin');
  expect((await homes.put('/api/v1/statistics/homes/2026', { homes: 2_000 })).statusCode).toBe(200);
});
afterAll(async () => b?.close());

describe("the municipality's eviction figures", () => {
  it("reproduce the report's per 10 000 and per 100 000 inhabitants for Göteborg, Jönköping and Karlstad", async () => {
    const figures = await Promise.all(REPORT.map((m) => figuresOf(leadership[m.code]!, '2026-01', '2026-12')));
    expect(figures.map((f) => [indicatorIn(f, 'evictions').value, indicatorIn(f, 'evictions_per_10000').value, indicatorIn(f, 'evictions_per_100000').value])).toEqual([
      [125, 2.4, 23.8],
      [21, 1.6, 16.2],
      [24, 2.8, 27.6],
    ]);
    const goteborg = figures[0]!;
    expect(indicatorIn(goteborg, 'evictions_per_10000')).toMatchObject({ numerator: { value: 125, hidden: null }, denominator: { value: 526_089, hidden: null }, unit: 'per_10000' });
    // 25 of 125 had a child living there: per 100 000 of the 110 000 children.
    expect([indicatorIn(goteborg, 'children_affected').value, indicatorIn(goteborg, 'children_affected_per_100000_children').value]).toEqual([25, 22.7]);
    expect(indicatorIn(goteborg, 'evictions_social_services_present').value).toBe(50.4);
  });

  it('hides a count of 1–4 and the rate made from it; says when the population is not entered', async () => {
    // Karlstad's March: 2 evictions (the 3rd and 15th told).
    const march = await figuresOf(leadership['1780']!, '2026-03', '2026-03');
    expect(indicatorIn(march, 'evictions')).toMatchObject({ value: null, suppressed: true, hidden: 'small' });
    expect(indicatorIn(march, 'evictions_per_10000')).toMatchObject({ value: null, suppressed: true, numerator: { value: null, hidden: 'small' } });
    expect(JSON.stringify(march.indicators.find((i) => i.id === 'evictions'))).not.toContain('"value":2');
    const vasteras = await figuresOf(leadership['1980']!, '2026-01', '2026-12');
    expect(indicatorIn(vasteras, 'evictions_per_10000')).toMatchObject({ value: null, suppressed: false, unavailable: 'Kommunens folkmängd för 2026 är inte inlagd' });
  });

  it('splits the counts by whether there were children or by the household, as a table hidden with its total', async () => {
    const f = await figuresOf(leadership['0680']!, '2026-01', '2026-12', 'children');
    expect(f.breakdown).toBe('children');
    const evictions = indicatorIn(f, 'evictions');
    expect([evictions.value, evictions.groups!.map((g) => [g.label, g.value])]).toEqual([21, [['Med barn', 5], ['Utan barn', 16]]]);
    // Karlstad's March: two evictions, both without children: the table is hidden, and so is all made from it.
    const march = await figuresOf(leadership['1780']!, '2026-03', '2026-03', 'household_type');
    expect(indicatorIn(march, 'evictions').groups).toEqual([{ key: 'single_man', label: 'Ensamstående man', value: null, suppressed: true, hidden: 'small' }]);
    expect(indicatorIn(march, 'evictions_per_10000').value).toBeNull();
    expect((await landlordManagement.get('/api/v1/statistics?from=2026-01&to=2026-12&breakdown=area')).json().error.details.fields[0].field).toBe('breakdown');
  });

  it('sets each figure against the same months a year before', async () => {
    const f = await figuresOf(leadership['1480']!, '2026-01', '2026-12');
    expect(f.previousPeriod).toEqual({ from: '2025-01', to: '2025-12' });
    expect(indicatorIn(f, 'evictions').previous).toEqual({ value: 0, suppressed: false, hidden: null });
  });
});

describe('the funnel per month', () => {
  it("counts the municipality's households at each stage, with children hidden where they are few", async () => {
    const f = await figuresOf(leadership['1980']!, '2026-12', '2026-12');
    const stage = (id: string) => f.funnel[0]!.stages.find((s) => s.id === id)!;
    expect(f.funnel.map((m) => m.month)).toEqual(['2026-12']);
    expect(stage('active').households.value).toBe(8);
    expect(stage('unpaid').households.value).toBe(6);
    // 6 of 8: a share over fewer than 20 is not shown.
    expect(stage('unpaid').conversion).toEqual({ value: null, hidden: 'small' });
    // Two of the six have children: "<5", and the four without cannot be worked out from it.
    expect(stage('unpaid').withChildren).toEqual({ value: null, hidden: 'small' });
    expect(stage('unpaid_week').households.value).toBe(6);
    expect(f.funnel[0]!.stages.map((s) => s.id)).toContain('case_opened');
    const january = await figuresOf(leadership['1980']!, '2027-01', '2027-01');
    expect(january.funnel[0]!.stages.find((s) => s.id === 'reached')!.households).toEqual({ value: 5, hidden: null });
    // Over both months a household counts once at each stage: eight tenancies ran, not sixteen.
    const both = await figuresOf(leadership['1980']!, '2026-12', '2027-01');
    expect(both.funnelPeriod.map((s) => [s.id, s.households.value]).slice(0, 4)).toEqual([['active', 8], ['unpaid', 6], ['unpaid_week', 6], ['reached', 5]]);
  });

  it('never lets the months be added up to a hidden month: twelve months of "<5" under a shown year are withheld', async () => {
    // Karlstad: 24 evictions, two a month.
    const f = await figuresOf(leadership['1780']!, '2026-01', '2026-12');
    expect(f.funnelPeriod.find((s) => s.id === 'evicted')!.households).toEqual({ value: 24, hidden: null });
    const months = f.funnel.map((m) => m.stages.find((s) => s.id === 'evicted')!);
    expect(months.every((s) => s.households.value === null && s.withChildren!.value === null)).toBe(true);
    expect(months.some((s) => s.households.hidden === 'complement')).toBe(true);
  });

  it("is the landlord's own for its management, without social services' stages", async () => {
    const f = await figuresOf(landlordManagement, '2026-12', '2027-01');
    expect(f.funnel.map((m) => m.month)).toEqual(['2026-12', '2027-01']);
    expect(f.funnel[0]!.stages.map((s) => s.id)).not.toContain('case_opened');
    expect(f.funnel[0]!.stages.map((s) => s.id)).not.toContain('first_contact');
    expect(f.indicators.map((i) => i.id)).toEqual(['reached_within_7', 'days_to_first_contact', 'promises_kept', 'terminations_per_1000', 'recoveries_per_1000', 'applications_per_1000', 'evictions_per_1000']);
    // Five of six reached within 7 days (on days 3–7; 5 at the median) — but six households are too few for a share.
    expect(indicatorIn(f, 'reached_within_7')).toMatchObject({ value: null, suppressed: true });
    expect(indicatorIn(f, 'days_to_first_contact')).toMatchObject({ value: 5, denominator: { value: 5, hidden: null } });
    expect(indicatorIn(f, 'terminations_per_1000')).toMatchObject({ value: 0, denominator: { value: 2_000, hidden: null } });
  });
});

describe('the figures as files', () => {
  it('are an Excel workbook with every table, read back: shown figures as numbers, hidden ones as on the page', async () => {
    const res = await leadership['1480']!.get('/api/v1/statistics/export?from=2026-01&to=2026-12&format=xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="nyckeltal-2026-01-2026-12.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Nyckeltal', 'Tratten', 'Per månad']);
    const sheet = book.getWorksheet('Nyckeltal')!;
    expect(sheet.getCell('A1').value).toBe('Göteborgs stad: Nyckeltal 2026-01 – 2026-12');
    const row = (label: string) => sheet.getRows(3, sheet.rowCount)!.find((r) => r.getCell(1).value === label)!;
    expect([row('Verkställda avhysningar').getCell(4).value, row('Verkställda avhysningar').getCell(5).value]).toEqual([125, 0]);
    expect(row('Verkställda avhysningar per 10 000 invånare').getCell(4).value).toBe(2.4);
    expect(row('Verkställda avhysningar per 10 000 invånare').getCell(3).value).toBe('per 10 000 invånare');
  });

  it("are the board's report, a tagged PDF with the funnel's chart as a figure with its words, read back", async () => {
    const res = await leadership['1480']!.get('/api/v1/statistics/report?from=2026-01&to=2026-12');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    // Each reading gets its own copy: pdf.js takes the bytes it is given.
    const pdf = () => new Uint8Array(res.rawPayload);
    const text = (await extractText(pdf(), { mergePages: true })).text.replace(/\s+/g, ' ');
    expect(text).toContain('Nyckeltal för Göteborgs stad');
    expect(text).toContain('2026-01 – 2026-12, jämfört med 2025-01 – 2025-12');
    expect(text).toContain('Verkställda avhysningar antal 125 0');
    expect(text).toContain('Verkställda avhysningar per 10 000 invånare per 10 000 invånare 2,4');
    expect(text).toContain('Avhysning verkställd 125 25');
    const doc = await getDocumentProxy(pdf());
    const tree = JSON.stringify(await (await doc.getPage(1)).getStructTree());
    expect(tree).toContain('"role":"Figure"');
    expect(tree).toContain('Stapeldiagram: hushåll i varje steg 2026-01 – 2026-12');
    expect(tree).toContain('"role":"Table"');
  });

  it("are one table as CSV, with a small count as \"<5\" and a share over too few as \"..\"", async () => {
    const res = await leadership['1780']!.get('/api/v1/statistics/export?from=2026-03&to=2026-03&format=csv&table=indicators');
    expect(res.statusCode, res.body).toBe(200);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('Nyckeltal;Definition;Enhet;Värde 2026-03 – 2026-03;Året innan 2025-03 – 2025-03');
    expect(lines.find((l) => l.startsWith('Verkställda avhysningar;'))!.split(';').slice(2)).toEqual(['antal', '<5', '0']);
    expect(lines.find((l) => l.startsWith('Avhysningar där socialtjänsten var på plats;'))!.split(';').slice(3)).toEqual(['..', '..']);
    expect(res.body).not.toMatch(/;2;/);
    const funnel = await leadership['1980']!.get('/api/v1/statistics/export?from=2026-12&to=2027-01&format=csv&table=months');
    expect(funnel.body.split('\r\n').slice(0, 2)).toEqual(['Steg;2026-12;2027-01', 'Löpande hyresavtal;8;8']);
  });
});

describe('the municipalities side by side', () => {
  it("shows another municipality's year only once its administrator publishes it, and no longer once taken back", async () => {
    const names = async () => ((await leadership['0680']!.get('/api/v1/statistics/comparison?year=2026')).json().municipalities as { name: string; own: boolean }[]).map((m) => [m.name, m.own]);
    expect(await names()).toEqual([['Jönköpings kommun', true]]);
    const published = await admins['1480']!.put('/api/v1/statistics/publications/2026', { published: true });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().years).toMatchObject([{ year: 2026, publishedBy: expect.any(String) }]);
    expect(await names()).toEqual([['Göteborgs stad', false], ['Jönköpings kommun', true]]);
    const compared = (await leadership['0680']!.get('/api/v1/statistics/comparison?year=2026')).json();
    const goteborg = compared.municipalities[0].indicators as { id: string; value: number | null }[];
    expect(goteborg.filter((i) => ['evictions', 'evictions_per_10000'].includes(i.id)).map((i) => i.value)).toEqual([125, 2.4]);
    // Another year of Göteborg's is not published.
    expect(((await leadership['0680']!.get('/api/v1/statistics/comparison?year=2025')).json().municipalities as unknown[]).length).toBe(1);
    expect((await admins['1480']!.put('/api/v1/statistics/publications/2026', { published: false })).statusCode).toBe(200);
    expect(await names()).toEqual([['Jönköpings kommun', true]]);
    const [logged] = await b.db.query<{ n: string }>("select count(*)::text as n from audit_log where action in ('statistics.publish', 'statistics.unpublish')");
    expect(Number(logged!.n)).toBe(2);
  });

  it("is the municipalities' own: a wrong year is named, a landlord has no comparison, leadership publishes nothing", async () => {
    expect((await leadership['0680']!.get('/api/v1/statistics/comparison?year=2031')).json().error.details.fields[0].field).toBe('year');
    expect((await landlordManagement.get('/api/v1/statistics/comparison?year=2026')).statusCode).toBe(403);
    expect((await leadership['1480']!.put('/api/v1/statistics/publications/2026', { published: true })).statusCode).toBe(403);
  });
});

describe('asking for figures', () => {
  it('names a wrong month beside its field', async () => {
    const field = async (q: string) => (await leadership['1480']!.get(`/api/v1/statistics?${q}`)).json().error.details.fields[0].field;
    expect(await field('from=2026-13&to=2026-12')).toBe('from');
    expect(await field('from=2026-05&to=2026-04')).toBe('to');
    expect(await field('from=2026-01&to=2027-02')).toBe('to');
    expect(await field('from=2020-01&to=2026-12')).toBe('from');
  });

  it('is for leadership and management only: social workers and officers read cases, not figures', async () => {
    for (const client of [socialWorker, officer]) expect((await client.get('/api/v1/statistics?from=2026-01&to=2026-12')).statusCode).toBe(403);
  });
});
