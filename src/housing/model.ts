// Social contracts and the housing ladder (issue 4; domain section 4): the rules that need no database.

/** What a landlord commits to under a cooperation agreement (issue 4 §1). */
export const COMMITMENT_KINDS = ['homes_per_year', 'share_of_stock', 'share_of_turnover'] as const;
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number];

export interface Commitment {
  kind: CommitmentKind;
  /** homes_per_year: the number of homes a year (Göteborg). */
  homes: number | null;
  /** A share (0.1: 10 %) of `base` homes: the landlord's stock (Jönköping, Karlstad) or last year's turnover (Götene). */
  share: number | null;
  base: number | null;
}

/**
 * The homes a year the commitment comes to. A share is rounded up: a landlord that agreed to "10 % of its
 * turnover" of 37 homes has not kept it with 3.
 */
export function committedHomes(c: Commitment): number {
  if (c.kind === 'homes_per_year') return c.homes ?? 0;
  // In whole basis points, so 0.1 × 30 is 3 and not 3.0000000000000004 rounded up to 4.
  return Math.ceil((Math.round((c.share ?? 0) * 10_000) * (c.base ?? 0)) / 10_000);
}

/** Area names compare without regard to case or surrounding spaces ("Råby", "råby "): this is the key. */
export function areaKey(area: string): string {
  return area.trim().toLocaleLowerCase('sv');
}

export function sameArea(a: string, b: string): boolean {
  return areaKey(a) === areaKey(b);
}

/**
 * Socialstyrelsen's homelessness situations (the national mapping of homelessness, "Hemlöshet och
 * utestängning från bostadsmarknaden"): 1 acute (outdoors, shelters, emergency accommodation); 2 in an
 * institution or category housing, moving out within three months with no home; 3 in a long-term
 * solution arranged by the municipality (social contract, training apartment); 4 a short insecure
 * arrangement of one's own (with friends or family, a short sublet).
 */
export const HOMELESSNESS_SITUATIONS = [1, 2, 3, 4] as const;
export type HomelessnessSituation = (typeof HOMELESSNESS_SITUATIONS)[number];

/** What the waiting list's priority is read from. */
export interface PriorityFacts {
  domesticViolence: boolean;
  childrenAges: readonly number[];
  situation: HomelessnessSituation;
}

/**
 * The priority on the waiting list (issue 4 §2; Jönköping: domestic violence and children first). Weights
 * chosen so a reason never loses to the ones after it: violence (8) outweighs children and the most acute
 * situation together (4 + 2), children (4) the most acute situation (2); then acute homelessness before
 * leaving an institution or an insecure arrangement of one's own (1), before a municipal solution (0).
 */
export function applicantPriority(f: PriorityFacts): number {
  const situation = f.situation === 1 ? 2 : f.situation === 3 ? 0 : 1;
  return 1 + (f.domesticViolence ? 8 : 0) + (f.childrenAges.length > 0 ? 4 : 0) + situation;
}

/**
 * Why a household declined an offer, and the days it waits before the next one (issue 4 §2: paused for a
 * period set by the reason, as Open Path's users asked for). A home that did not meet the household's
 * needs costs it nothing; declining without a reason costs the most.
 */
export const DECLINE_REASONS = {
  home_unsuitable: { pauseDays: 0, label: 'Bostaden motsvarade inte behoven' },
  area: { pauseDays: 14, label: 'Området' },
  rent: { pauseDays: 14, label: 'Hyran' },
  timing: { pauseDays: 30, label: 'Tidpunkten' },
  no_reason: { pauseDays: 90, label: 'Inget skäl angavs' },
} as const;
export type DeclineReason = keyof typeof DECLINE_REASONS;
