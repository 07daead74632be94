// Follow-up of social contracts (issue 4 §5), per municipality and per landlord: contracts by form, time
// on each step, conversions to the household's own lease per year, contracts past their trial with no
// decision (lock-in, as Nynäshamn warns), and each landlord's quota against the homes given. Counts only:
// no person is named, so leadership may read it.

import type { z } from 'zod';
import type { Actor } from '../access/model.ts';
import { assertCan, municipalityScope } from '../access/policy.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import type { AppContext } from '../platform/context.ts';
import type * as api from './api.ts';
import { committedHomes } from './model.ts';
import { contractStore } from './contract-store.ts';
import { housingStore } from './store.ts';

export async function housingFollowUp(ctx: AppContext, actor: Actor): Promise<z.output<typeof api.followUp>> {
  assertCan(actor, 'home.read');
  const municipalityId = municipalityScope(actor);
  const today = todayInStockholm(ctx.clock.now());
  const year = Number(today.slice(0, 4));
  const contracts = await contractStore.forFollowUp(ctx.db, municipalityId, today);
  const conversions = await contractStore.conversionsPerYear(ctx.db, municipalityId);
  const agreements = await housingStore.agreements(ctx.db, { municipalityId }, year);

  const landlords = new Map<string, string>();
  for (const c of contracts) landlords.set(c.landlord_id, c.landlord_name);
  for (const a of agreements) landlords.set(a.landlord_id, a.landlord_name);
  const ongoing = (c: (typeof contracts)[number]) => c.status === 'active' || c.status === 'transfer_proposed';
  const byForm = (rows: typeof contracts) => {
    const out: Record<string, number> = {};
    for (const c of rows.filter(ongoing)) out[c.form] = (out[c.form] ?? 0) + 1;
    return out;
  };
  const perYear = (rows: typeof conversions) => {
    const out: Record<string, number> = {};
    for (const r of rows) out[r.year] = (out[r.year] ?? 0) + r.n;
    return out;
  };
  const steps = new Map<string, { contracts: number; days: number }>();
  for (const c of contracts.filter((x) => x.status === 'active')) {
    const s = steps.get(c.step_name) ?? { contracts: 0, days: 0 };
    steps.set(c.step_name, { contracts: s.contracts + 1, days: s.days + c.days_on_step });
  }
  return {
    date: today,
    totals: {
      contractsByForm: byForm(contracts),
      ownLeases: contracts.filter((c) => c.status === 'own_lease').length,
      conversionsByYear: perYear(conversions),
      lockedIn: contracts.filter((c) => c.locked_in).length,
    },
    timeOnStep: [...steps].map(([step, s]) => ({ step, contracts: s.contracts, averageDays: Math.round(s.days / s.contracts) })),
    byLandlord: [...landlords].sort((a, b) => a[1].localeCompare(b[1], 'sv')).map(([id, name]) => {
      const own = contracts.filter((c) => c.landlord_id === id);
      const quota = agreements.filter((a) => a.landlord_id === id);
      return {
        landlord: { id, name },
        contractsByForm: byForm(own),
        conversionsByYear: perYear(conversions.filter((r) => r.landlord_id === id)),
        lockedIn: own.filter((c) => c.locked_in).length,
        quota: {
          committed: quota.reduce((n, a) => n + committedHomes({ kind: a.commitment_kind, homes: a.commitment_homes, share: a.commitment_share, base: a.commitment_base }), 0),
          givenThisYear: quota.reduce((n, a) => n + a.given_this_year, 0),
          givenLastYear: quota.reduce((n, a) => n + a.given_last_year, 0),
        },
      };
    }),
  };
}
