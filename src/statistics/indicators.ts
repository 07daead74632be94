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

/** A rate over a count of people, with both parts as they may be shown (the denominator is a population or homes, not people counted here). */
function rate(numerator: number, denominator: number, per: number, denominatorIsCount = false): Computed {
  return fig(rateFigure(numerator, denominator, per), { numerator: countFigure(numerator), denominator: denominatorIsCount ? countFigure(denominator) : shownCount(denominator) });
}

/** The value of `n` sorted values at a percentile (nearest rank); hidden over fewer than five, as their count would be. */
function percentile(values: number[], p: number): Computed {
  const n = countFigure(values.length);
  if (values.length === 0) return { ...unavailable('Inga att räkna på'), denominator: n };
  if (n.hidden) return fig(n, { denominator: n });
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
 * Splits each count that has groups into them, as one table with its total hidden together; the figure
 * itself becomes the table's total, so what the split hides the figure does not give away.
 */
export function splitBy(values: (Computed & { id: string })[], counts: GroupCount[], breakdown: Breakdown): void {
  for (const v of values) {
    const mine = counts.filter((c) => c.indicator === v.id).sort((a, b) => (a.key === '' ? 1 : b.key === '' ? -1 : a.key.localeCompare(b.key, 'sv')));
    if (mine.length === 0) continue;
    const table = suppressTable([mine.map((c) => c.n)]);
    Object.assign(v, fig(table.rowTotals[0]!), {
      groups: mine.map((c, i) => {
        const f = table.cells[0]![i]!;
        const label = breakdown === 'area' ? c.key || UNKNOWN_AREA_SV : (GROUP_SV[breakdown][c.key] ?? c.key);
        return { key: c.key, label, value: f.value, suppressed: f.hidden !== null, hidden: f.hidden };
      }),
    });
    // A total the split had to hide would come back through a figure made from it.
    if (v.hidden) for (const d of values.filter((x) => MADE_FROM[v.id]?.includes(x.id))) Object.assign(d, fig({ value: null, hidden: 'complement' }, { numerator: d.numerator && { value: null, hidden: 'complement' }, denominator: d.denominator }));
  }
}

/** The figures computed from a count, which must be hidden where the count is. */
const MADE_FROM: Record<string, readonly string[]> = {
  evictions: ['evictions_per_10000', 'evictions_per_100000', 'evictions_social_services_present'],
  children_affected: ['children_affected_per_100000_children'],
  notices: ['first_contact_within_10', 'first_contact_median', 'first_contact_p90'],
};

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
  return { months: months.map((month) => ({ month, stages: stagesOf(perMonth, month) })), period: stagesOf(whole, 'all') };
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
