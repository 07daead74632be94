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
