// A municipality's key figures side by side with the others' (issue 14 §7), as Kolada publishes them:
// each municipality's administrator says which years its figures may be shown to the others; nothing
// is shown before. What is shown is the same hidden figures as on its own page, never more.
import type { z } from 'zod';
import { recordAudit } from '../access/audit.ts';
import { directory } from '../access/directory.ts';
import type { Actor } from '../access/model.ts';
import { assertCan, municipalityScope } from '../access/policy.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import type { AppContext } from '../platform/context.ts';
import { invalidField } from '../platform/errors.ts';
import type * as api from './api.ts';
import { factsStore } from './facts-store.ts';
import { municipalityYear } from './indicators.ts';

/** What the comparison shows of each municipality: the figures Kolada and Kronofogden publish too. */
export const COMPARED = [
  'evictions', 'evictions_per_10000', 'evictions_per_100000', 'children_affected', 'children_affected_per_100000_children',
  'applications', 'applications_withdrawn', 'notices', 'first_contact_median',
] as const;

function yearOf(year: number, today: string): number {
  if (!Number.isInteger(year) || year < 2000 || year > Number(today.slice(0, 4))) throw invalidField('year', `Ange ett år från 2000 till ${today.slice(0, 4)}`);
  return year;
}

export async function publications(ctx: AppContext, actor: Actor): Promise<z.output<typeof api.publications>> {
  assertCan(actor, 'statistics.facts');
  const rows = await factsStore.publications(ctx.db, municipalityScope(actor));
  return { years: rows.map((r) => ({ year: r.year, publishedAt: r.published_at, publishedBy: r.published_by_name })) };
}

export async function setPublished(ctx: AppContext, actor: Actor, year: number, published: boolean) {
  assertCan(actor, 'statistics.facts');
  const municipalityId = municipalityScope(actor);
  yearOf(year, todayInStockholm(ctx.clock.now()));
  await ctx.db.transaction(async (tx) => {
    await factsStore.setPublished(tx, municipalityId, year, published, actor.userId, ctx.clock.now());
    await recordAudit(tx, actor, { action: published ? 'statistics.publish' : 'statistics.unpublish', subjectType: 'organisation', subjectId: municipalityId, details: { year } });
  });
  return publications(ctx, actor);
}

/** The year's figures of every municipality that published it, and the reader's own (published or not). */
export async function comparison(ctx: AppContext, actor: Actor, year: number): Promise<z.output<typeof api.comparison>> {
  assertCan(actor, 'statistics.read');
  const ownId = municipalityScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  yearOf(year, today);
  const own = await directory.organisation(ctx.db, ownId);
  const published = await factsStore.publishedFor(ctx.db, year);
  const all = [...published.filter((m) => m.id !== ownId), ...(own?.municipality_code ? [{ id: own.id, name: own.name, municipality_code: own.municipality_code }] : [])]
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  const municipalities = [];
  for (const m of all) {
    const figures = await municipalityYear(ctx.db, { id: m.id, code: m.municipality_code }, year, today);
    municipalities.push({
      name: m.name,
      own: m.id === ownId,
      published: published.some((p) => p.id === m.id),
      indicators: COMPARED.map((id) => {
        const f = figures.find((x) => x.id === id)!;
        return { id, label: f.label, unit: f.unit, value: f.value, suppressed: f.suppressed, hidden: f.hidden, unavailable: f.unavailable };
      }),
    });
  }
  return { year, municipalities };
}
