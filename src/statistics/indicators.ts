// The indicators of the catalogue for a period (issue 14 §2), computed from the facts the services
// record, each against the same months a year before, and shown only as src/disclosure allows (§3):
// counts of 1–4 as "<5", rates not over fewer than 20, a median not over fewer than 5, the parts of a
// total hidden together. The municipality's leadership reads its municipality; a landlord's management
// its own homes.
import type { Actor } from '../access/model.ts';
import { assertCan } from '../access/policy.ts';
import { directory } from '../access/directory.ts';
import { addMonths, bankDaysBetween } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { countFigure, type Figure, rateFigure, suppressTable } from '../disclosure/suppression.ts';
import type { AppContext } from '../platform/context.ts';
import type { Queryable } from '../platform/database.ts';
import { forbidden, invalidField } from '../platform/errors.ts';
import { type Audience, type Breakdown, FUNNEL_STAGES, type FunnelStage, GROUP_SV, INDICATORS, type Indicator, UNKNOWN_AREA_SV } from './catalogue.ts';
import { factsStore } from './facts-store.ts';
import { type GroupCount, indicatorStore, type Scope, type StageRow } from './indicator-store.ts';

/** The longest period one request may ask for. */
export const MAX_MONTHS = 60;

export interface Period {
  from: string;
  to: string;
  /** [start, end) as dates. */
  start: string;
  end: string;
}

export interface IndicatorValue {
  id: string;
  label: string;
  definition: string;
  unit: Indicator['unit'];
  value: number | null;
  suppressed: boolean;
  hidden: Figure['hidden'];
  numerator: Figure | null;
  denominator: Figure | null;
  /** Why there is no figure although nothing is hidden (a population not entered). */
  unavailable: string | null;
  previous: { value: number | null; suppressed: boolean; hidden: Figure['hidden'] };
  /** The parts of the figure (cases by how they ended; a breakdown asked for), hidden together with their total. */
  groups: { key: string; label: string | null; value: number | null; suppressed: boolean; hidden: Figure['hidden'] }[] | null;
}

export interface FunnelMonth {
  month: string;
  stages: { id: string; label: string; households: Figure; withChildren: Figure | null; conversion: Figure | null }[];
}

export interface Statistics {
  organisation: { kind: Audience; name: string };
  breakdown: Breakdown | null;
  period: { from: string; to: string };
  previousPeriod: { from: string; to: string };
  indicators: IndicatorValue[];
  funnel: FunnelMonth[];
  /** The funnel over the whole period. */
  funnelPeriod: FunnelMonth['stages'];
}

/** The period from the month `from` through the month `to` (YYYY-MM), named fields refused with a reason. */
export function periodOf(from: string, to: string, today: string): Period {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/;
  if (!month.test(from)) throw invalidField('from', 'Ange första månaden som ÅÅÅÅ-MM, t.ex. 2026-01');
  if (!month.test(to)) throw invalidField('to', 'Ange sista månaden som ÅÅÅÅ-MM, t.ex. 2026-12');
  if (to < from) throw invalidField('to', 'Sista månaden kan inte vara före den första');
  if (to > today.slice(0, 7)) throw invalidField('to', 'Månaden har inte börjat än');
  const start = `${from}-01`;
  const end = addMonths(`${to}-01`, 1);
  if (monthsBetween(start, end) > MAX_MONTHS) throw invalidField('from', `Högst ${MAX_MONTHS} månader åt gången`);
  return { from, to, start, end };
}

const monthsBetween = (start: string, end: string) => (Number(end.slice(0, 4)) - Number(start.slice(0, 4))) * 12 + Number(end.slice(5, 7)) - Number(start.slice(5, 7));

export function yearBefore(p: Period): Period {
  const back = (m: string) => `${Number(m.slice(0, 4)) - 1}${m.slice(4)}`;
  return { from: back(p.from), to: back(p.to), start: addMonths(p.start, -12), end: addMonths(p.end, -12) };
}

export async function statistics(ctx: AppContext, actor: Actor, query: { from: string; to: string; breakdown?: Breakdown }): Promise<Statistics> {
  assertCan(actor, 'statistics.read');
  const today = todayInStockholm(ctx.clock.now());
  const period = periodOf(query.from, query.to, today);
  const org = actor.orgId ? await directory.organisation(ctx.db, actor.orgId) : undefined;
  if (!org || (org.kind !== 'municipality' && org.kind !== 'landlord')) throw forbidden('Statistiken är kommunens och hyresvärdens');
  if (org.kind === 'municipality' && !org.municipality_code) throw forbidden('Kommunen saknar kommunkod');
  const scope: Scope = org.kind === 'municipality' ? { kind: 'municipality', id: org.id, code: org.municipality_code! } : { kind: 'landlord', id: org.id };
  const previous = yearBefore(period);
  const breakdown = query.breakdown ?? null;
  if (breakdown && scope.kind !== 'municipality') throw invalidField('breakdown', 'Uppdelningar finns än så länge bara för kommunens nyckeltal');
  // One snapshot for every figure of the answer, so that they agree with each other.
  return ctx.db.transaction(async (q) => {
    await indicatorStore.forReport(q, ctx.db.engine);
    const now = await figures(q, scope, period, today);
    if (breakdown && scope.kind === 'municipality') splitBy(now, await indicatorStore.breakdown(q, scope.id, period.start, period.end, breakdown), breakdown);
    const before = await figures(q, scope, previous, today);
    return {
      organisation: { kind: scope.kind, name: org.name },
      breakdown,
      period: { from: period.from, to: period.to },
      previousPeriod: { from: previous.from, to: previous.to },
      indicators: now.map((v, i) => ({ ...v, previous: { value: before[i]!.value, suppressed: before[i]!.suppressed, hidden: before[i]!.hidden } })),
      ...(await funnel(q, scope, period, today).then((f) => ({ funnel: f.months, funnelPeriod: f.period }))),
    };
  });
}

/**
 * A municipality's own indicators for a calendar year (through this month for the current year), as
 * the comparison between municipalities shows them (issue 14 §7).
 */
export async function municipalityYear(q: Queryable, municipality: { id: string; code: string }, year: number, today: string) {
  const to = `${year}` === today.slice(0, 4) ? today.slice(0, 7) : `${year}-12`;
  const period = periodOf(`${year}-01`, to, today);
  return figures(q, { kind: 'municipality', ...municipality }, period, today);
}

type Computed = Omit<IndicatorValue, 'previous' | 'label' | 'definition' | 'unit' | 'id'>;

const fig = (f: Figure, extra: Partial<Computed> = {}): Computed => ({
  value: f.value === null ? null : round(f.value), suppressed: f.hidden !== null, hidden: f.hidden, numerator: null, denominator: null, unavailable: null, groups: null, ...extra,
});
const round = (n: number) => Math.round(n * 10) / 10;
const unavailable = (why: string): Computed => ({ value: null, suppressed: false, hidden: null, numerator: null, denominator: null, unavailable: why, groups: null });
const shownCount = (n: number): Figure => ({ value: n, hidden: null });

/**
 * A rate with both parts as they may be shown. Over a population or homes the denominator is not people
 * counted here. Over a count of people (`denominatorIsCount`) the part above the line and the part
 * below it are a table under the denominator: 28 of 30 would tell that 2 lost their home, so where
 * either part is hidden, the rate and its numerator are too.
 */
function rate(numerator: number, denominator: number, per: number, denominatorIsCount = false): Computed {
  if (!denominatorIsCount) return fig(rateFigure(numerator, denominator, per), { numerator: countFigure(numerator), denominator: shownCount(denominator) });
  const parts = suppressTable([[numerator, denominator - numerator]]);
  const [above, rest] = parts.cells[0]!;
  const shown = rateFigure(numerator, denominator, per);
  const hidden = above!.hidden ?? rest!.hidden;
  return fig(hidden && !shown.hidden ? { value: null, hidden } : shown, { numerator: hidden ? { value: null, hidden } : above!, denominator: parts.rowTotals[0]! });
}

/** The fewest values a median is shown over; a 90th percentile needs ten, or it is the largest, one household's own. */
const MIN_FOR_PERCENTILE = (p: number) => (p > 50 ? 10 : 5);

/** The value at a percentile of the values (nearest rank); hidden over fewer than MIN_FOR_PERCENTILE. */
function percentile(values: number[], p: number): Computed {
  const n = countFigure(values.length);
  if (values.length === 0) return { ...unavailable('Inga att räkna på'), denominator: n };
  if (values.length < MIN_FOR_PERCENTILE(p)) return fig({ value: null, hidden: 'small' }, { denominator: n });
  const sorted = [...values].sort((a, b) => a - b);
  return fig({ value: sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!, hidden: null }, { denominator: n });
}

async function figures(q: Queryable, scope: Scope, p: Period, today: string): Promise<(Computed & { id: string; label: string; definition: string; unit: Indicator['unit'] })[]> {
  const values = scope.kind === 'municipality' ? await municipalityFigures(q, scope.id, p, today) : await landlordFigures(q, scope.id, p);
  return INDICATORS.filter((i) => i.audience === scope.kind).map((i) => ({ id: i.id, label: i.sv, definition: i.definition.sv, unit: i.unit, ...values[i.id]! }));
}

/** The population of the year the period ends, or of the latest year before it that is entered. */
async function populationFor(q: Queryable, municipalityId: string, p: Period) {
  const year = Number(p.to.slice(0, 4));
  return (await factsStore.population(q, municipalityId)).find((r) => r.year <= year);
}

async function municipalityFigures(q: Queryable, municipalityId: string, p: Period, today: string): Promise<Record<string, Computed>> {
  const m = await indicatorStore.matters(q, municipalityId, p.start, p.end);
  const population = await populationFor(q, municipalityId, p);
  const noPopulation = unavailable(`Kommunens folkmängd för ${p.to.slice(0, 4)} är inte inlagd`);
  const contacts = await indicatorStore.noticeContacts(q, municipalityId, p.start, p.end);
  const delays = contacts.filter((c) => c.first_contact !== null).map((c) => bankDaysBetween(c.delivered, c.first_contact!));
  const closed = await indicatorStore.casesClosed(q, municipalityId, p.start, p.end);
  const followUps = await indicatorStore.followUps(q, municipalityId, p.start, p.end);
  const held = (months: number) => {
    const f = followUps.find((x) => x.months === months);
    return rate(f?.held ?? 0, f?.n ?? 0, 100, true);
  };
  const plans = await indicatorStore.plansAfterThreeMonths(q, municipalityId, p.start, p.end, today);
  const assistance = await indicatorStore.assistanceForRent(q, municipalityId, p.start, p.end);
  const assistanceCount = countFigure(assistance.n);

  // Cases by how they ended: one row of a table with its total, hidden together.
  const outcomes = closed.map((c) => c.outcome ?? 'none').sort();
  const table = suppressTable([outcomes.map((o) => closed.find((c) => (c.outcome ?? 'none') === o)!.n)]);
  const casesClosed = fig(outcomes.length ? table.rowTotals[0]! : countFigure(0), {
    groups: outcomes.map((key, i) => ({ key, label: null, value: table.cells[0]![i]!.value, suppressed: table.cells[0]![i]!.hidden !== null, hidden: table.cells[0]![i]!.hidden })),
  });

  return {
    evictions: fig(countFigure(m.evictions)),
    evictions_per_10000: population ? rate(m.evictions, population.inhabitants, 10_000) : noPopulation,
    evictions_per_100000: population ? rate(m.evictions, population.inhabitants, 100_000) : noPopulation,
    children_affected: fig(countFigure(m.children)),
    children_affected_per_100000_children: population ? rate(m.children, population.childrenUnder18, 100_000) : noPopulation,
    evictions_social_services_present: rate(m.social_services_present, m.evictions, 100, true),
    applications: fig(countFigure(m.received)),
    applications_withdrawn: fig(countFigure(m.withdrawn)),
    notices: fig(countFigure(contacts.length)),
    first_contact_median: percentile(delays, 50),
    first_contact_p90: percentile(delays, 90),
    first_contact_within_10: rate(delays.filter((d) => d <= 10).length, contacts.length, 100, true),
    cases_closed: casesClosed,
    tenancy_holds_6: held(6),
    tenancy_holds_12: held(12),
    payment_plans_kept: rate(plans.kept, plans.n, 100, true),
    assistance_for_rent: fig(assistanceCount),
    // Kronor over a few decisions would tell what each household got: hidden with their count.
    assistance_for_rent_kronor: assistanceCount.hidden ? fig(assistanceCount) : fig({ value: Math.round(assistance.ore / 100), hidden: null }),
  };
}

/**
 * Splits each count that has groups into them, as one table with its total, hidden together. The total
 * itself is shown anyway (here, in the funnel, in the same request without a split), so a split that
 * could only be protected by hiding its total is not shown at all: five areas of one eviction each
 * under a total of five could only be five 1s.
 */
export function splitBy(values: (Computed & { id: string })[], counts: GroupCount[], breakdown: Breakdown): void {
  for (const v of values) {
    const mine = counts.filter((c) => c.indicator === v.id).sort((a, b) => (a.key === '' ? 1 : b.key === '' ? -1 : a.key.localeCompare(b.key, 'sv')));
    if (mine.length === 0) continue;
    const table = suppressTable([mine.map((c) => c.n)]);
    const total = countFigure(mine.reduce((n, c) => n + c.n, 0));
    if (table.rowTotals[0]!.hidden && !total.hidden) {
      v.groups = [];
      continue;
    }
    v.groups = mine.map((c, i) => {
      const f = table.cells[0]![i]!;
      const label = breakdown === 'area' ? c.key || UNKNOWN_AREA_SV : (GROUP_SV[breakdown][c.key] ?? c.key);
      return { key: c.key, label, value: f.value, suppressed: f.hidden !== null, hidden: f.hidden };
    });
  }
}

async function landlordFigures(q: Queryable, landlordId: string, p: Period): Promise<Record<string, Computed>> {
  const delays = await indicatorStore.landlordContactDelays(q, landlordId, p.start, p.end);
  const reached = delays.filter((d): d is number => d !== null);
  const promises = await indicatorStore.landlordPromises(q, landlordId, p.start, p.end);
  const events = await indicatorStore.landlordEvents(q, landlordId, p.start, p.end);
  const year = Number(p.to.slice(0, 4));
  const homes = (await factsStore.homes(q, landlordId)).find((h) => h.year <= year)?.homes ?? null;
  const perHomes = (n: number) => (homes === null ? unavailable(`Antalet bostäder för ${year} är inte inlagt`) : rate(n, homes, 1_000));
  return {
    reached_within_7: rate(reached.filter((d) => d <= 7).length, delays.length, 100, true),
    days_to_first_contact: percentile(reached, 50),
    promises_kept: rate(promises.kept, promises.tried, 100, true),
    terminations_per_1000: perHomes(events.terminations),
    recoveries_per_1000: perHomes(events.recoveries),
    applications_per_1000: perHomes(events.applications),
    evictions_per_1000: perHomes(events.evictions),
  };
}

type Stage = FunnelMonth['stages'][number];

/** The funnel per month, and over the whole period (a household counted once however many months it reached a stage). */
async function funnel(q: Queryable, scope: Scope, p: Period, today: string): Promise<{ months: FunnelMonth[]; period: Stage[] }> {
  const stages = FUNNEL_STAGES.filter((s) => s.audiences.includes(scope.kind));
  const stagesOf = (rows: StageRow[], month: string) => shownStages(scope, stages, rows.filter((r) => r.month === month));
  const perMonth = await indicatorStore.funnel(q, scope, p.start, p.end, today, true);
  const whole = await indicatorStore.funnel(q, scope, p.start, p.end, today, false);
  const months: string[] = [];
  for (let d = p.start; d < p.end; d = addMonths(d, 1)) months.push(d.slice(0, 7));
  const byMonth = months.map((month) => ({ month, stages: stagesOf(perMonth, month) }));
  const period = stagesOf(whole, 'all');
  protectMonths(byMonth, period, perMonth, months);
  return { months: byMonth, period };
}

const withheld: Figure = { value: null, hidden: 'complement' };

/**
 * The months of a stage add up to (or, for households counted once, bound) the period's figure shown
 * beside them: each stage's months, with children and without, are one table under the period's totals,
 * hidden together; where that table could only be protected by hiding a total, every month of the stage
 * is withheld (a 0 too: five months of "<5" under a total of five could only be five 1s). The
 * conversions follow what is left shown.
 */
function protectMonths(byMonth: FunnelMonth[], period: Stage[], rows: StageRow[], months: string[]): void {
  period.forEach((s, j) => {
    const raw = months.map((month) => rows.find((r) => r.stage === s.id && r.month === month));
    const knows = byMonth[0]?.stages[j]?.withChildren !== null;
    const n = raw.map((r) => r?.households ?? 0);
    const c = raw.map((r) => r?.with_children ?? 0);
    const table = suppressTable(knows ? [c, n.map((x, i) => x - c[i]!)] : [n]);
    // A total hidden here but shown (or worked out) beside the months.
    const shown = (f: Figure | null) => f !== null && f.hidden === null;
    const [withTotal, withoutTotal] = table.rowTotals;
    const hide =
      (table.total.hidden !== null && shown(s.households)) ||
      (knows && withTotal!.hidden !== null && shown(s.withChildren)) ||
      (knows && withoutTotal!.hidden !== null && shown(s.households) && shown(s.withChildren));
    byMonth.forEach((m, i) => {
      const stage = m.stages[j]!;
      stage.households = hide ? withheld : table.columnTotals[i]!;
      if (knows) stage.withChildren = hide ? withheld : table.cells[0]![i]!;
    });
  });
  for (const m of byMonth) {
    m.stages.forEach((stage, j) => {
      if (j === 0) return;
      const before = m.stages[j - 1]!.households;
      const now = stage.households;
      const share = before.hidden || now.hidden ? { value: null, hidden: now.hidden ?? before.hidden! } : rateFigure(now.value, before.value, 100);
      stage.conversion = share.value === null ? share : { value: round(share.value), hidden: null };
    });
  }
}

function shownStages(scope: Scope, stages: readonly FunnelStage[], rows: StageRow[]): Stage[] {
  // Kronofogden tells the municipality of children only for an eviction carried out.
  const knowsChildren = (stage: string) => !(scope.kind === 'municipality' && (stage === 'application' || stage === 'withdrawn'));
  let before: { n: number; figure: Figure } | null = null;
  return stages.map((s) => {
    const row = rows.find((r) => r.stage === s.id);
    const n = row?.households ?? 0;
    const children = knowsChildren(s.id) ? (row?.with_children ?? 0) : null;
    // With children and without, under the households: one table, so neither part can be worked out.
    const table = children === null ? null : suppressTable([[children, n - children]]);
    const households = table ? table.rowTotals[0]! : countFigure(n);
    // A share between two figures would give away either one that is hidden.
    const conversion: Figure | null =
      before === null ? null : before.figure.hidden || households.hidden ? { value: null, hidden: households.hidden ?? before.figure.hidden! } : rateFigure(n, before.n, 100);
    before = { n, figure: households };
    return {
      id: s.id,
      label: s.sv,
      households,
      withChildren: table ? table.cells[0]![0]! : null,
      conversion: conversion && conversion.value !== null ? { value: round(conversion.value), hidden: null } : conversion,
    };
  });
}
