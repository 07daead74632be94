import { SYSTEM_ACTOR, tokenPermissions, type Actor } from '../access/model.ts';
import { createOrganisation, createUser } from '../access/service.ts';
import { accessStore } from '../access/store.ts';
import { reportConcern, reportKfmNotice } from '../cases/intake.ts';
import { addDays, addMonths, dueDateOfMonth, forfeitureFrom, type IsoDate } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { csvKronor } from '../collection/model.ts';
import { createNotice, recordDates } from '../collection/notices.ts';
import { runDaily } from '../collection/daily-run.ts';
import { logOutreach } from '../collection/outreach.ts';
import { arrearsOn, fromLedgerRows } from '../ledger/model.ts';
import { importLedgerFile, tenancyDetail } from '../ledger/service.ts';
import { TEST_PERSONNUMMER } from '../ledger/test-personnummer.ts';
import { applicantPriority, DEFAULT_LADDER } from '../housing/model.ts';
import { startGuarantee } from '../housing/guarantees.ts';
import { contractStore } from '../housing/contract-store.ts';
import { inspectionStore } from '../housing/inspection-store.ts';
import { housingStore } from '../housing/store.ts';
import { type Assessment, waitingListStore } from '../housing/waiting-list-store.ts';
import type { AppContext } from './context.ts';

/** Every demo account has this password (README "Demo logins"). */
export const DEMO_PASSWORD = 'bokvar-demo';

export const DEMO_USERS = [
  { org: 'Demobostäder AB', email: 'admin@demobostader.se', role: 'admin', name: 'Anna Administratör' },
  { org: 'Demobostäder AB', email: 'krav@demobostader.se', role: 'collection_officer', name: 'Karin Kravhandläggare' },
  { org: 'Demobostäder AB', email: 'boendesocial@demobostader.se', role: 'housing_social_coordinator', name: 'Bo Boendesocial' },
  { org: 'Demobostäder AB', email: 'vicevard@demobostader.se', role: 'caretaker', name: 'Viktor Vicevärd' },
  { org: 'Demobostäder AB', email: 'revisor@demobostader.se', role: 'auditor', name: 'Rut Revisor' },
  { org: 'Demobostäder AB', email: 'ledning@demobostader.se', role: 'management', name: 'Maj Styrelse' },
  { org: 'Privatvärden AB', email: 'admin@privatvarden.se', role: 'admin', name: 'Per Privatvärd' },
  { org: 'Privatvärden AB', email: 'krav@privatvarden.se', role: 'collection_officer', name: 'Klara Kravsson' },
  { org: 'Demokommun', email: 'admin@demokommun.se', role: 'admin', name: 'Ali Admin' },
  { org: 'Demokommun', email: 'socialsekreterare@demokommun.se', role: 'social_worker', name: 'Sara Socialsekreterare' },
  { org: 'Demokommun', email: 'teamledare@demokommun.se', role: 'team_lead', name: 'Tove Teamledare' },
  { org: 'Demokommun', email: 'bostadssamordnare@demokommun.se', role: 'housing_coordinator', name: 'Bengt Bostadssamordnare' },
  { org: 'Demokommun', email: 'boendestod@demokommun.se', role: 'housing_support', name: 'Britt Boendestöd' },
  { org: 'Demokommun', email: 'skuldradgivare@demokommun.se', role: 'debt_adviser', name: 'Sven Skuldrådgivare' },
  { org: 'Demokommun', email: 'ledning@demokommun.se', role: 'leadership', name: 'Lena Ledning' },
  { org: 'Demokommun', email: 'revisor@demokommun.se', role: 'auditor', name: 'Rolf Revisor' },
  { org: 'Kronofogden', email: 'samverkan@kronofogden.example', role: 'kfm_liaison', name: 'Kim Kronofogden' },
] as const;

const FIRST = ['Anna', 'Erik', 'Fatima', 'Johan', 'Maria', 'Ahmed', 'Sofia', 'Lars', 'Elin', 'Mohammed', 'Karin', 'Oskar', 'Leila', 'Nils', 'Emma', 'Yusuf', 'Ida', 'Gustav', 'Amina', 'Peter'];
const LAST = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Hassan', 'Ali', 'Lindberg', 'Berg', 'Holm', 'Ek'];
const STREETS = { 'Norra staden': ['Norrgatan', 'Björkvägen', 'Skolgatan'], 'Södra staden': ['Söderleden', 'Ekvägen', 'Torggatan'] } as const;

/** Deterministic so every fresh demo looks the same (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function monthsBack(today: IsoDate, n: number): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) - n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}


interface DemoTenancy {
  contract: string;
  pnr: string;
  rent: number;
  /** How this household pays: on time, late but pays, or behind now. */
  pattern: 'on_time' | 'late' | 'behind' | 'behind_two';
}

/** Tenancies and 12 months of ledger for one landlord, as the CSV files its system would export. */
function demoFiles(prefix: string, count: number, pnrs: string[], today: IsoDate, rnd: () => number) {
  const tenancyLines = ['kontraktsnummer;objektnummer;adress;postnummer;ort;omrade;personnummer;namn;telefon;epost;vuxna;barn;manadshyra;startdatum;slutdatum;uthyrningsform'];
  const txLines = ['kontraktsnummer;typ;datum;forfallodatum;belopp;referens'];
  const tenancies: DemoTenancy[] = [];
  for (let i = 0; i < count; i++) {
    const area = i % 2 === 0 ? 'Norra staden' : 'Södra staden';
    const street = STREETS[area][i % 3]!;
    const contract = `${prefix}-${String(1001 + i)}`;
    const pnr = pnrs[i]!;
    const name = `${FIRST[Math.floor(rnd() * FIRST.length)]} ${LAST[Math.floor(rnd() * LAST.length)]}`;
    const children = rnd() < 0.3 ? 1 + Math.floor(rnd() * 3) : 0;
    const adults = rnd() < 0.5 ? 2 : 1;
    const rent = (5200 + Math.floor(rnd() * 60) * 100) * 100;
    // PTS reserves 070-174 06 05 – 070-174 06 99 for fiction.
    const phone = rnd() < 0.9 ? `070-17406${String(5 + (i % 95)).padStart(2, '0')}` : '';
    const r = rnd();
    const pattern: DemoTenancy['pattern'] = r < 0.07 ? 'behind_two' : r < 0.2 ? 'behind' : r < 0.35 ? 'late' : 'on_time';
    tenancyLines.push(
      [contract, `${prefix}O${1001 + i}`, `${street} ${1 + (i % 40)}, lgh ${1001 + i}`, area === 'Norra staden' ? '72211' : '72244', 'Demostad', area, pnr, name, phone, '', adults, children, csvKronor(rent), '2019-04-01', '', prefix === 'PV' && i % 20 === 0 ? 'andrahand' : 'hyresratt'].join(';'),
    );
    tenancies.push({ contract, pnr, rent, pattern });
  }
  for (const t of tenancies) {
    for (let back = 11; back >= -1; back--) {
      const month = monthsBack(today, back);
      const due = dueDateOfMonth(month);
      // The rent notice (avi) goes out a month ahead; it is owed from its due date.
      if (addDays(due, -30) > today) continue;
      txLines.push([t.contract, 'avi', addDays(due, -30), due, csvKronor(t.rent), `${t.contract}-A-${month}`].join(';'));
      if (due > today) continue;
      const recent = back <= 0;
      if (t.pattern === 'behind_two' && back <= 1) continue;
      if (t.pattern === 'behind' && recent) continue;
      const lateDays = t.pattern === 'late' && rnd() < 0.4 ? 8 + Math.floor(rnd() * 20) : -Math.floor(rnd() * 4);
      const paidOn = addDays(due, lateDays);
      if (paidOn > today) continue;
      txLines.push([t.contract, 'betalning', paidOn, '', csvKronor(t.rent), `${t.contract}-B-${month}`].join(';'));
    }
  }
  return { tenancies: tenancyLines.join('\n') + '\n', transactions: txLines.join('\n') + '\n' };
}

/** Seeds the demo world if the database has no organisations; returns whether it did. */
export async function seedDemoIfEmpty(ctx: AppContext): Promise<boolean> {
  if ((await accessStore.organisations(ctx.db)).length > 0) return false;
  const today = todayInStockholm(ctx.clock.now());
  const rnd = random(20261121);
  const kommun = await createOrganisation(ctx.db, SYSTEM_ACTOR, { kind: 'municipality', name: 'Demokommun', municipalityCode: '9999', phone: '021-39 00 00' });
  for (const area of Object.keys(STREETS)) await accessStore.insertArea(ctx.db, kommun.id, area);
  const demo = await createOrganisation(ctx.db, SYSTEM_ACTOR, {
    kind: 'landlord', name: 'Demobostäder AB', municipal: true, municipalityId: kommun.id, phone: '021-39 01 00', email: 'hyra@demobostader.se',
  });
  const privat = await createOrganisation(ctx.db, SYSTEM_ACTOR, {
    kind: 'landlord', name: 'Privatvärden AB', municipalityId: kommun.id, phone: '021-39 02 00', email: 'hyra@privatvarden.se',
  });
  const kfm = await createOrganisation(ctx.db, SYSTEM_ACTOR, { kind: 'authority', name: 'Kronofogden' });
  const orgs: Record<string, string> = { 'Demobostäder AB': demo.id, 'Privatvärden AB': privat.id, Demokommun: kommun.id, Kronofogden: kfm.id };
  for (const u of DEMO_USERS) await createUser(ctx.db, SYSTEM_ACTOR, { orgId: orgs[u.org]!, email: u.email, password: DEMO_PASSWORD, role: u.role, name: u.name, demoPassword: true });

  // Only Skatteverket's test personnummer; young (born 2003–04) and older tenants mixed in.
  const young = TEST_PERSONNUMMER.filter((p) => p.startsWith('200'));
  const older = TEST_PERSONNUMMER.filter((p) => p < '196000000000');
  const middle = TEST_PERSONNUMMER.filter((p) => p >= '196500000000' && p < '200000000000');
  const pick = (i: number) => (i % 7 === 0 ? young[i] : i % 5 === 0 ? older[i] : middle[i])!;
  const pnrs = Array.from({ length: 200 }, (_, i) => pick(i));
  for (const [org, prefix, from, count] of [[demo, 'DB', 0, 140], [privat, 'PV', 140, 60]] as const) {
    const files = demoFiles(prefix, count, pnrs.slice(from, from + count), today, rnd);
    const actor: Actor = { ...SYSTEM_ACTOR, kind: 'system', orgId: org.id, orgKind: 'landlord', orgName: org.name, permissions: tokenPermissions('landlord') };
    await importLedgerFile(ctx, actor, { kind: 'tenancies', data: files.tenancies, fileName: 'demo-hyresavtal.csv' });
    await importLedgerFile(ctx, actor, { kind: 'transactions', data: files.transactions, fileName: 'demo-reskontra.csv' });
  }
  await demoHistory(ctx, privat.id, today);
  await demoIntake(ctx, kommun.id);
  await demoHousing(ctx, kommun.id, demo.id, privat.id, today);
  await demoFigures(ctx, kommun.id, demo.id, kfm.id, today);
  return true;
}

/**
 * What leadership's figures are counted from (issue 14 §1): the population and Demobostäder's homes (Privatvärden's
 * are left for its administrator to enter), and last year's and this year's eviction matters as Kronofogden tells them —
 * fewer carried out this year, more withdrawn.
 */
async function demoFigures(ctx: AppContext, kommunId: string, landlordId: string, kfmId: string, today: IsoDate): Promise<void> {
  const year = Number(today.slice(0, 4));
  for (const [y, inhabitants, children] of [[year - 1, 152_300, 33_900], [year, 153_800, 34_200]] as const) {
    await ctx.db.query("insert into municipality_population (municipality_id, year, inhabitants, children, source, set_at) values ($1, $2, $3, $4, 'scb', $5)", [
      kommunId, y, inhabitants, children, ctx.clock.now(),
    ]);
    await ctx.db.query('insert into landlord_homes (landlord_id, year, homes, set_at) values ($1, $2, 4200, $3)', [landlordId, y, ctx.clock.now()]);
  }
  const kronofogden: Actor = { ...SYSTEM_ACTOR, orgId: kfmId, orgKind: 'authority', orgName: 'Kronofogden', permissions: tokenPermissions('authority') };
  const tell = (n: number, kind: 'carried_out' | 'withdrawn', occurredOn: string) =>
    reportKfmNotice(ctx, kronofogden, {
      kind, caseNumber: `${kind === 'carried_out' ? 'V' : 'Å'}-${n}-${occurredOn.slice(0, 4)}`, municipalityCode: '9999', address: `Demogatan ${n}`, occurredOn,
      ...(kind === 'carried_out' ? { householdType: n % 3 === 0 ? 'single_woman' : 'single_man', childrenPermanent: n % 4 === 0 ? 1 : 0, childrenAlternating: 0, childrenVisiting: 0, socialServicesPresent: n % 2 === 0 } : {}),
    });
  const lastYear = (n: number) => `${year - 1}-${String((n % 12) + 1).padStart(2, '0')}-12`;
  for (let n = 0; n < 9; n++) await tell(n, 'carried_out', lastYear(n));
  for (let n = 0; n < 14; n++) await tell(n, 'withdrawn', lastYear(n));
  // This year's, on days before today within the year.
  const thisYear = (n: number) => [addDays(today, -(n * 19 + 3))].find((d) => d.startsWith(String(year))) ?? `${year}-01-01`;
  for (let n = 0; n < 6; n++) await tell(n, 'carried_out', thisYear(n));
  for (let n = 0; n < 17; n++) await tell(n, 'withdrawn', thisYear(n));
}

/** Cooperation agreements on homes for social contracts (issue 4 §1): one in homes a year, one as a share of last year's turnover. */
async function demoHousing(ctx: AppContext, kommunId: string, demoId: string, privatId: string, today: IsoDate): Promise<void> {
  const year = today.slice(0, 4);
  const terms = {
    targetGroups: ['Barnfamiljer utan eget kontrakt', 'Våldsutsatta'], excludedAreas: [] as string[], acceptedIncomeTypes: ['salary', 'pension', 'social_assistance', 'housing_allowance'],
    maxRentShare: 0.4, responseHours: 48, validFrom: `${year}-01-01`, validUntil: `${Number(year) + 1}-12-31`, reviewDates: [`${year}-12-15`],
  };
  await ctx.db.query(
    `insert into housing_agreements (municipality_id, landlord_id, name, target_groups, commitment_kind, commitment_homes, commitment_share, commitment_base,
       excluded_areas, accepted_income_types, max_rent_share, response_hours, valid_from, valid_until, review_dates)
     values ($1, $2, 'Sociala kontrakt', $4, 'homes_per_year', 12, null, null, $5, $6, $7, $8, $9, $10, $11),
            ($1, $3, 'Bostäder för bostadslösa', $4, 'share_of_turnover', null, 0.1, 40, $5, $6, $7, $8, $9, $10, $11)`,
    [kommunId, demoId, privatId, terms.targetGroups, ['Södra staden'], terms.acceptedIncomeTypes, terms.maxRentShare, terms.responseHours, terms.validFrom, terms.validUntil, terms.reviewDates],
  );
  // Two homes on offer from Privatvärden, and three households waiting (one whose pension carries neither rent).
  const [privatAgreement] = await ctx.db.query<{ id: string }>('select id from housing_agreements where landlord_id = $1', [privatId]);
  const at = ctx.clock.now();
  for (const [address, rooms, sizeM2, rent] of [['Lärkgatan 5', 3, 76, 720_000], ['Granvägen 9', 1, 34, 490_000]] as const) {
    await housingStore.insertHome(
      ctx.db,
      { agreementId: privatAgreement!.id, landlordId: privatId, address, area: 'Norra staden', rooms, sizeM2, rent, floor: 1, lift: true, accessible: false, availableFrom: addDays(today, 30) },
      null,
      at,
    );
  }
  const household = (pnr: string, name: string, o: Partial<Assessment>): Assessment => ({
    caseId: null, personnummer: pnr, name, adults: 1, childrenAges: [], reason: 'Skulder och betalningsanmärkningar; ingen hyresvärd godtar hushållet', tried: 'Bostadsförmedlingen',
    incomes: [], debts: 0, paymentRemarks: true, drugFreeMonths: null, supportNeeded: '', protectedIdentity: false, domesticViolence: false, avoidAreas: [],
    needsAccessible: false, minRooms: 1, homelessnessSituation: 4, ...o,
  });
  const waiting = [
    household(TEST_PERSONNUMMER[1950]!, 'Familjen Demir', { adults: 2, childrenAges: [6, 11], minRooms: 3, homelessnessSituation: 2, incomes: [{ type: 'social_assistance', monthly: 1_600_000 }, { type: 'housing_allowance', monthly: 300_000 }] }),
    household(TEST_PERSONNUMMER[1951]!, 'Amir Aziz', { homelessnessSituation: 1, incomes: [{ type: 'social_assistance', monthly: 1_250_000 }] }),
    household(TEST_PERSONNUMMER[1952]!, 'Lisa Lund', { incomes: [{ type: 'pension', monthly: 900_000 }] }),
  ];
  for (const [n, a] of waiting.entries()) {
    const id = await waitingListStore.insert(ctx.db, kommunId, a, applicantPriority({ domesticViolence: a.domesticViolence, childrenAges: a.childrenAges, situation: a.homelessnessSituation }), today, null);
    await ctx.db.query('update housing_applicants set waiting_since = $2 where id = $1', [id, addDays(today, -(40 + 30 * n))]);
  }

  // Two households already on Västerås's ladder in Demobostäder's homes, both due for review: one in a
  // training apartment for thirteen months, its review overdue (its move-in inspection held with social
  // services), one on a support agreement for three weeks short of a year, under which the municipality
  // guarantees three months' rent (as Karlstad's rent guarantees do), still current on the day the demo
  // is seeded, whatever day that is.
  await ctx.db.query('update housing_agreements set transfer_refusal_needs_cause = true where landlord_id = $1', [demoId]);
  await contractStore.saveLadder(ctx.db, kommunId, DEFAULT_LADDER.map((s) => (s.form === 'support_agreement' ? { ...s, guaranteeMonths: 3 } : s)));
  const steps = await contractStore.ladder(ctx.db, kommunId);
  const [demoAgreement] = await ctx.db.query<{ id: string }>('select id from housing_agreements where landlord_id = $1', [demoId]);
  for (const [pnr, name, address, position, startedOn] of [
    [TEST_PERSONNUMMER[1953]!, 'Karin Kvist', 'Björkvägen 21', 1, addMonths(today, -13)],
    [TEST_PERSONNUMMER[1954]!, 'Omar Olsson', 'Skolgatan 8', 2, addDays(addMonths(today, -12), 21)],
  ] as const) {
    const homeId = await housingStore.insertHome(
      ctx.db,
      { agreementId: demoAgreement!.id, landlordId: demoId, address, area: 'Norra staden', rooms: 2, sizeM2: 52, rent: 610_000, floor: 2, lift: true, accessible: false, availableFrom: startedOn },
      null,
      new Date(`${startedOn}T09:00:00+01:00`),
    );
    const applicantId = await waitingListStore.insert(ctx.db, kommunId, household(pnr, name, { homelessnessSituation: 3, incomes: [{ type: 'salary', monthly: 2_100_000 }] }), 2, addMonths(startedOn, -6), null);
    await ctx.db.query("update housing_applicants set status = 'housed' where id = $1", [applicantId]);
    await ctx.db.query("update offered_homes set status = 'let' where id = $1", [homeId]);
    const contractId = await contractStore.insertContract(ctx.db, { municipalityId: kommunId, applicantId, homeId, stepId: steps[position - 1]!.id, startedOn, reviewOn: addMonths(startedOn, 12) }, null);
    await startGuarantee(ctx.db, contractId, steps[position - 1]!, startedOn);
    if (position === 1) {
      const inspectionId = await inspectionStore.book(ctx.db, { contractId, kind: 'move_in', scheduledOn: startedOn, at: new Date(`${startedOn}T09:00:00+01:00`) }, null);
      await inspectionStore.record(ctx.db, inspectionId!, { heldOn: startedOn, socialServicesPresent: true, tenantPresent: true, remarks: 'Nymålad; inga anmärkningar', damages: null, at: new Date(`${startedOn}T11:00:00+01:00`) }, null);
    }
  }
}

/** Each city area has its social worker (Västerås), and a neighbour has used the one way in. */
async function demoIntake(ctx: AppContext, kommunId: string): Promise<void> {
  const areas = await ctx.db.query<{ id: string; name: string }>('select id, name from city_areas where municipality_id = $1', [kommunId]);
  const users = await ctx.db.query<{ id: string; email: string }>("select id, email from users where email in ('socialsekreterare@demokommun.se', 'teamledare@demokommun.se')");
  const by = (email: string) => users.find((u) => u.email === email)!.id;
  for (const a of areas) await ctx.db.query('update city_areas set responsible_user_id = $2 where id = $1', [a.id, by(a.name === 'Norra staden' ? 'socialsekreterare@demokommun.se' : 'teamledare@demokommun.se')]);
  await reportConcern(ctx, null, {
    municipalityId: kommunId, address: 'Ekvägen 3', children: true,
    what: 'Familjen i lägenheten bredvid har fått lappar om obetald hyra på dörren. Barnen har sagt att de kanske måste flytta.',
  });
}

/**
 * A lived-in start: today's run has happened, collection files older than two days were sent, a few
 * calls are logged (one with a promise to pay), and Privatvärden has sent one statutory notice, so the
 * social services' inbox has something in it.
 */
async function demoHistory(ctx: AppContext, privatId: string, today: IsoDate): Promise<void> {
  await runDaily(ctx, today);
  await ctx.db.query(
    "update worklist_items set status = 'done', done_at = $2 where action in ('collection_file', 'collection_demand') and due_on < $1::date - 2",
    [today, ctx.clock.now()],
  );
  const [officer] = await ctx.db.query<{ id: string; name: string }>("select id, name from users where email = 'krav@privatvarden.se'");
  const actor: Actor = {
    kind: 'user', userId: officer!.id, tokenId: null, orgId: privatId, orgKind: 'landlord', orgName: 'Privatvärden AB', role: 'collection_officer',
    name: officer!.name, permissions: tokenPermissions('landlord'),
  };
  const owing = await ctx.db.query<{ tenancy_id: string; anchor_due_date: string }>(
    `select distinct on (tenancy_id) tenancy_id, anchor_due_date from worklist_items
      where landlord_id = $1 and status = 'open' order by tenancy_id, anchor_due_date`,
    [privatId],
  );
  const [oldest, second, third] = [...owing].sort((a, b) => (a.anchor_due_date < b.anchor_due_date ? -1 : 1));
  if (second) await logOutreach(ctx, actor, { tenancyId: second.tenancy_id, kind: 'call', reached: false, partOfDay: 'morning', note: 'Inget svar' });
  if (third) {
    const detail = await tenancyDetail(ctx, actor, third.tenancy_id);
    await logOutreach(ctx, actor, {
      tenancyId: third.tenancy_id, kind: 'call', reached: true, partOfDay: 'afternoon', outcome: 'promise_to_pay',
      promiseAmount: detail.arrears?.owed ?? 0, promiseDate: addDays(today, 7), note: 'Lön kommer den 25:e',
    });
  }
  if (oldest) {
    const detail = await tenancyDetail(ctx, actor, oldest.tenancy_id);
    const terminationDate = addDays(today, -2);
    // JB 12 kap 42 §: terminated only once the rent is more than a week late.
    const oldestUnpaid = detail.arrears?.oldestUnpaidDueDate;
    if (oldestUnpaid && forfeitureFrom(oldestUnpaid) <= terminationDate) {
      const entries = fromLedgerRows(detail.entries);
      const atTermination = arrearsOn(entries, detail.tenancy.monthly_rent, terminationDate);
      const notice = await createNotice(ctx, actor, { tenancyId: oldest.tenancy_id, reason: 'arrears', terminationDate, amountOwed: atTermination.owed });
      await recordDates(ctx, actor, notice.id, { servedOnTenant: addDays(today, -1) });
    }
  }
}
