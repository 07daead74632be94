// Social contracts and the housing ladder (issue 4; domain section 4): the rules that need no database.

// Pure: no imports, so the web takes its lists from here (ADR 7).

/** Income types an agreement may count (issue 4 §1). */
export const INCOME_TYPES = ['salary', 'pension', 'social_assistance', 'housing_allowance', 'activity_compensation', 'student_aid'] as const;
export type IncomeType = (typeof INCOME_TYPES)[number];

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
/** The reasons as a list, in the order above. */
export const DECLINE_REASON_KINDS = Object.keys(DECLINE_REASONS) as [DeclineReason, ...DeclineReason[]];

/** The contract forms a municipality's ladder is built from (issue 4 §4; domain section 4). */
export const CONTRACT_FORMS = {
  social_contract: 'Socialt kontrakt (andrahand från kommunen)',
  training_apartment: 'Träningslägenhet',
  support_agreement: 'Boendestödsavtal med kommunal garanti',
  municipal_contract: 'Kommunkontrakt',
  short_contract: 'Korttidskontrakt utan besittningsskydd',
  rent_guarantee: 'Hyresgaranti',
  housing_first: 'Bostad först',
  emergency_placement: 'Tak över huvudet',
  own_lease: 'Eget förstahandskontrakt',
} as const;
export type ContractForm = keyof typeof CONTRACT_FORMS;
/** The forms as a list, in the order above (what the ladder editor offers). */
export const CONTRACT_FORM_KINDS = Object.keys(CONTRACT_FORMS) as [ContractForm, ...ContractForm[]];

/**
 * What each contract form is, in law and in practice (domain section 4), as far as the ladder needs it:
 * - `tenantHoldsLease`: the household holds a first-hand lease with security of tenure (JB 12 kap 45 §).
 *   A social contract, training apartment, municipal contract or Housing First flat is the municipality's
 *   lease sublet to the household; a short contract is made with security of tenure waived (JB 12 kap
 *   45 a §, approved by the rent tribunal; Norrköping); a roof over the head is no lease at all. Stepping from such a step to one where
 *   the household holds the lease is the transfer (överlåtelse), which the landlord answers.
 * - `guarantee`: months of rent the municipality guarantees the landlord on this step: required for a
 *   rent guarantee (Karlstad: three months' rent over a year), possible with a support agreement (Västerås).
 * - `forbidden`: conditions the form does not allow: Housing First gives a home without a demand of
 *   sobriety or treatment (Socialstyrelsen, Bostad först); a roof over the head is guaranteed to whoever
 *   has none tonight (Karlstad's tak över huvudet-garanti).
 * - `maxTrialMonths`: a roof over the head is acute, reviewed at least every three months (Karlstad).
 */
export const FORM_RULES: Record<ContractForm, { tenantHoldsLease: boolean; guarantee: 'none' | 'optional' | 'required'; forbidden: StepCondition[]; maxTrialMonths: number | null }> = {
  social_contract: { tenantHoldsLease: false, guarantee: 'none', forbidden: [], maxTrialMonths: null },
  training_apartment: { tenantHoldsLease: false, guarantee: 'none', forbidden: [], maxTrialMonths: null },
  support_agreement: { tenantHoldsLease: true, guarantee: 'optional', forbidden: [], maxTrialMonths: null },
  municipal_contract: { tenantHoldsLease: false, guarantee: 'none', forbidden: [], maxTrialMonths: null },
  short_contract: { tenantHoldsLease: false, guarantee: 'optional', forbidden: [], maxTrialMonths: null },
  rent_guarantee: { tenantHoldsLease: true, guarantee: 'required', forbidden: [], maxTrialMonths: null },
  housing_first: { tenantHoldsLease: false, guarantee: 'none', forbidden: ['drug_free'], maxTrialMonths: null },
  emergency_placement: { tenantHoldsLease: false, guarantee: 'none', forbidden: ['drug_free'], maxTrialMonths: 3 },
  own_lease: { tenantHoldsLease: true, guarantee: 'none', forbidden: [], maxTrialMonths: null },
};

/**
 * What stepping up from one step to the next means: the landlord is asked to transfer the lease when the
 * household is to hold it and did not before; the household's own lease on the last step ends the
 * municipality's part; else the contract moves to the next step.
 */
export function stepUpOutcome(from: ContractForm, to: ContractForm): 'transfer' | 'own_lease' | 'next_step' {
  if (!FORM_RULES[from].tenantHoldsLease && FORM_RULES[to].tenantHoldsLease) return 'transfer';
  return to === 'own_lease' ? 'own_lease' : 'next_step';
}

/** What a step can require before a household steps up. */
export const STEP_CONDITIONS = {
  no_disturbance: 'Inga störningar',
  no_late_rent: 'Ingen sen hyra',
  visits_accepted: 'Hembesök har tagits emot',
  drug_free: 'Drogfrihet',
} as const;
export type StepCondition = keyof typeof STEP_CONDITIONS;
/** The conditions as a list, in the order above. */
export const STEP_CONDITION_KINDS = Object.keys(STEP_CONDITIONS) as [StepCondition, ...StepCondition[]];

/** Who decides on a step. */
export const DECIDERS = ['social_services', 'landlord', 'joint'] as const;
export type Decider = (typeof DECIDERS)[number];

export interface LadderStep {
  position: number;
  form: ContractForm;
  name: string;
  /** Months on the step before the review; null on the last step (the household's own lease). */
  trialMonths: number | null;
  conditions: StepCondition[];
  decidedBy: Decider;
  /** Families with children go past this step (Västerås: straight to a support agreement). */
  childrenMaySkip: boolean;
  /** Months of rent the municipality guarantees the landlord over the step's trial (null: no guarantee). */
  guaranteeMonths: number | null;
}

/**
 * A municipality's ladder until it saves its own: Västerås's. A training apartment for a year without
 * disturbance or late rent, with visits accepted (families with children skip it), then a support
 * agreement with a municipal guarantee for another year, then the household's own lease.
 */
export const DEFAULT_LADDER: LadderStep[] = [
  { position: 1, form: 'training_apartment', name: 'Träningslägenhet', trialMonths: 12, conditions: ['no_disturbance', 'no_late_rent', 'visits_accepted'], decidedBy: 'social_services', childrenMaySkip: true, guaranteeMonths: null },
  { position: 2, form: 'support_agreement', name: 'Boendestödsavtal', trialMonths: 12, conditions: ['no_disturbance', 'no_late_rent'], decidedBy: 'joint', childrenMaySkip: false, guaranteeMonths: null },
  { position: 3, form: 'own_lease', name: 'Eget kontrakt', trialMonths: null, conditions: [], decidedBy: 'landlord', childrenMaySkip: false, guaranteeMonths: null },
];

/** What is wrong with a ladder, by field; empty when it holds. */
export function ladderProblems(steps: readonly LadderStep[]): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (steps.length < 2) problems.push({ field: 'steps', message: 'En trappa har minst två steg' });
  steps.forEach((s, i) => {
    if (s.position !== i + 1) problems.push({ field: `steps[${i}].position`, message: `Stegen numreras 1, 2, 3 … (väntade ${i + 1})` });
    const last = i === steps.length - 1;
    if (last && s.form !== 'own_lease') problems.push({ field: `steps[${i}].form`, message: 'Trappans sista steg är ett eget förstahandskontrakt' });
    if (!last && s.form === 'own_lease') problems.push({ field: `steps[${i}].form`, message: 'Eget kontrakt är trappans sista steg' });
    if (!last && s.trialMonths === null) problems.push({ field: `steps[${i}].trialMonths`, message: 'Hur många månader prövas steget?' });
    if (last && s.trialMonths !== null) problems.push({ field: `steps[${i}].trialMonths`, message: 'Det egna kontraktet har ingen prövotid' });
    if (!s.name.trim()) problems.push({ field: `steps[${i}].name`, message: 'Ge steget ett namn' });
    const rules = FORM_RULES[s.form];
    for (const c of s.conditions.filter((c) => rules.forbidden.includes(c)))
      problems.push({ field: `steps[${i}].conditions`, message: `${CONTRACT_FORMS[s.form]} ställer inte villkoret ${STEP_CONDITIONS[c].toLocaleLowerCase('sv')}` });
    if (rules.maxTrialMonths !== null && s.trialMonths !== null && s.trialMonths > rules.maxTrialMonths)
      problems.push({ field: `steps[${i}].trialMonths`, message: `${CONTRACT_FORMS[s.form]} prövas högst ${rules.maxTrialMonths} månader i taget` });
    if (s.form === 'emergency_placement' && i > 0) problems.push({ field: `steps[${i}].form`, message: 'Tak över huvudet kan bara vara trappans första steg' });
    if (rules.guarantee === 'required' && s.guaranteeMonths === null) problems.push({ field: `steps[${i}].guaranteeMonths`, message: 'Hur många månadshyror garanterar kommunen?' });
    if (rules.guarantee === 'none' && s.guaranteeMonths !== null) problems.push({ field: `steps[${i}].guaranteeMonths`, message: `${CONTRACT_FORMS[s.form]} har ingen hyresgaranti` });
  });
  return problems;
}

/** The step a household starts on: the first one, past those families with children may skip if it has children. */
export function firstStep<T extends Pick<LadderStep, 'childrenMaySkip' | 'form'>>(steps: readonly T[], hasChildren: boolean): T {
  const start = steps.find((s) => !(hasChildren && s.childrenMaySkip) && s.form !== 'own_lease');
  return start ?? steps[0]!;
}

/** The conditions of a step not met at a review; stepping up needs none. */
export function unmetConditions(required: readonly StepCondition[], met: Partial<Record<StepCondition, boolean>>): StepCondition[] {
  return required.filter((c) => met[c] !== true);
}

/** The inspections of a contract's home: when the household moves in, and out. */
export const INSPECTION_KINDS = ['move_in', 'move_out'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

/** A landlord's claim under a rent guarantee, and what the guarantee and the landlord's ledger allow. */
export interface GuaranteeClaimCheck {
  /** Öre claimed, for rent due on `dueDates`. */
  amount: number;
  dueDates: readonly string[];
  guarantee: { amount: number; validFrom: string; validUntil: string };
  /** Öre already paid or claimed under the guarantee by other claims. */
  alreadyClaimed: number;
  /** What the ledger shows still unpaid of the rent due on each date; null where the home's tenancy is not in Bokvar. */
  ledgerUnpaid: ReadonlyMap<string, number> | null;
}

/**
 * What may be paid on a claim: never more than claimed, than what is left of the guarantee, or than the
 * ledger shows unpaid of the rent claimed (where the ledger is in Bokvar). Due dates outside the guarantee's
 * period are not covered. Karlstad: the municipality guarantees a number of months' rent over a period.
 */
export function checkGuaranteeClaim(c: GuaranteeClaimCheck): { ledgerUnpaid: number | null; remaining: number; payable: number; outsidePeriod: string[] } {
  const outsidePeriod = c.dueDates.filter((d) => d < c.guarantee.validFrom || d > c.guarantee.validUntil);
  const covered = [...new Set(c.dueDates)].filter((d) => !outsidePeriod.includes(d));
  const ledgerUnpaid = c.ledgerUnpaid === null ? null : covered.reduce((sum, d) => sum + Math.max(0, c.ledgerUnpaid!.get(d) ?? 0), 0);
  const remaining = Math.max(0, c.guarantee.amount - c.alreadyClaimed);
  const payable = covered.length === 0 ? 0 : Math.max(0, Math.min(c.amount, remaining, ledgerUnpaid ?? c.amount));
  return { ledgerUnpaid, remaining, payable, outsidePeriod };
}
