// Follow-up of social contracts (issue 4 §5), per municipality and per landlord: contracts ongoing, time
// on each step, conversions to the household's own lease this year, contracts past their trial with no
// decision (lock-in, as Nynäshamn warns), and each landlord's quota against the homes given. Figures
// only, each shown as src/disclosure allows (issue 14 §3): no person is named and none can be worked
// out, so leadership may read it.

import type { z } from 'zod';
import type { Actor } from '../access/model.ts';
import { assertCan, municipalityScope } from '../access/policy.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { countFigure, type Figure, suppressTable } from '../disclosure/suppression.ts';
import type { AppContext } from '../platform/context.ts';
import type * as api from './api.ts';
import { committedHomes } from './model.ts';
import { contractStore } from './contract-store.ts';
import { housingStore } from './store.ts';

/**
 * A column of counts, one per row (a landlord, a step), with its total: hidden together, as one
 * table, so that no hidden row can be worked out from the total and the others.
 */
function column(counts: number[]): { rows: Figure[]; total: Figure } {
  const shown = suppressTable(counts.length > 0 ? counts.map((n) => [n]) : [[0]]);
  return { rows: counts.length > 0 ? shown.cells.map(([f]) => f!) : [], total: shown.columnTotals[0]! };
}

export async function housingFollowUp(ctx: AppContext, actor: Actor): Promise<z.output<typeof api.followUp>> {
  assertCan(actor, 'statistics.read');
  const municipalityId = municipalityScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  const year = Number(today.slice(0, 4));
  const contracts = await contractStore.forFollowUp(ctx.db, municipalityId, today);
  const conversions = await contractStore.conversionsPerYear(ctx.db, municipalityId);
  const agreements = await housingStore.agreements(ctx.db, { municipalityId }, year);

  const names = new Map<string, string>();
  for (const c of contracts) names.set(c.landlord_id, c.landlord_name);
  for (const a of agreements) names.set(a.landlord_id, a.landlord_name);
  const landlords = [...names].sort((a, b) => a[1].localeCompare(b[1], 'sv'));
  const ongoing = (c: (typeof contracts)[number]) => c.status === 'active' || c.status === 'transfer_proposed';
  const of = (id: string) => ({ contracts: contracts.filter((c) => c.landlord_id === id), agreements: agreements.filter((a) => a.landlord_id === id) });

  const ongoingBy = column(landlords.map(([id]) => of(id).contracts.filter(ongoing).length));
  const convertedBy = column(landlords.map(([id]) => conversions.filter((r) => r.landlord_id === id && Number(r.year) === year).reduce((n, r) => n + r.n, 0)));
  const lockedBy = column(landlords.map(([id]) => of(id).contracts.filter((c) => c.locked_in).length));
  const givenBy = column(landlords.map(([id]) => of(id).agreements.reduce((n, a) => n + a.given_this_year, 0)));

  const steps = new Map<string, { contracts: number; days: number }>();
  for (const c of contracts.filter((x) => x.status === 'active')) {
    const s = steps.get(c.step_name) ?? { contracts: 0, days: 0 };
    steps.set(c.step_name, { contracts: s.contracts + 1, days: s.days + c.days_on_step });
  }
  const onStep = column([...steps.values()].map((s) => s.contracts));

  return {
    date: today,
    year,
    totals: {
      ongoing: ongoingBy.total,
      ownLeases: countFigure(contracts.filter((c) => c.status === 'own_lease').length),
      convertedThisYear: convertedBy.total,
      lockedIn: lockedBy.total,
      givenThisYear: givenBy.total,
    },
    // An average over contracts whose number is hidden would tell of those few: it is hidden with it.
    timeOnStep: [...steps].map(([step, s], i) => {
      const contractsOnStep = onStep.rows[i]!;
      const averageDays: Figure = contractsOnStep.hidden ? { value: null, hidden: contractsOnStep.hidden } : { value: Math.round(s.days / s.contracts), hidden: null };
      return { step, contracts: contractsOnStep, averageDays };
    }),
    byLandlord: landlords.map(([id, name], i) => ({
      landlord: { id, name },
      ongoing: ongoingBy.rows[i]!,
      convertedThisYear: convertedBy.rows[i]!,
      lockedIn: lockedBy.rows[i]!,
      quota: {
        committed: of(id).agreements.reduce((n, a) => n + committedHomes({ kind: a.commitment_kind, homes: a.commitment_homes, share: a.commitment_share, base: a.commitment_base }), 0),
        givenThisYear: givenBy.rows[i]!,
      },
    })),
  };
}
