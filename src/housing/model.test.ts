import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applicantPriority, checkGuaranteeClaim, committedHomes, CONTRACT_FORMS, type ContractForm, DEFAULT_LADDER, firstStep, type LadderStep, ladderProblems, sameArea, stepUpOutcome, unmetConditions,
} from './model.ts';

describe('what a commitment comes to', () => {
  it('is the number of homes, or the share of the base rounded up', () => {
    expect(committedHomes({ kind: 'homes_per_year', homes: 14, share: null, base: null })).toBe(14);
    expect(committedHomes({ kind: 'share_of_turnover', homes: null, share: 0.1, base: 30 })).toBe(3);
    expect(committedHomes({ kind: 'share_of_turnover', homes: null, share: 0.1, base: 37 })).toBe(4);
    expect(committedHomes({ kind: 'share_of_stock', homes: null, share: 0.015, base: 2400 })).toBe(36);
  });

  it('is never below the share and never a whole home above it (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 100_000 }), (bp, base) => {
        const n = committedHomes({ kind: 'share_of_stock', homes: null, share: bp / 10_000, base });
        expect(n * 10_000).toBeGreaterThanOrEqual(bp * base);
        expect((n - 1) * 10_000).toBeLessThan(bp * base);
      }),
    );
  });
});

describe('areas', () => {
  it('are the same whatever the case and spaces', () => {
    expect(sameArea('Råby', ' råby')).toBe(true);
    expect(sameArea('Råby', 'Raby')).toBe(false);
  });
});

describe('the priority on the waiting list', () => {
  it('puts domestic violence first, then children, then the most acute situation (property)', () => {
    const facts = fc.record({ domesticViolence: fc.boolean(), childrenAges: fc.array(fc.integer({ min: 0, max: 17 }), { maxLength: 4 }), situation: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4> });
    fc.assert(
      fc.property(facts, facts, (a, b) => {
        const pa = applicantPriority(a);
        const pb = applicantPriority(b);
        expect(pa).toBeGreaterThanOrEqual(1);
        if (a.domesticViolence && !b.domesticViolence) expect(pa).toBeGreaterThan(pb);
        if (a.domesticViolence === b.domesticViolence && a.childrenAges.length > 0 && b.childrenAges.length === 0) expect(pa).toBeGreaterThan(pb);
      }),
    );
    expect(applicantPriority({ domesticViolence: false, childrenAges: [], situation: 1 })).toBeGreaterThan(applicantPriority({ domesticViolence: false, childrenAges: [], situation: 4 }));
    expect(applicantPriority({ domesticViolence: false, childrenAges: [], situation: 4 })).toBeGreaterThan(applicantPriority({ domesticViolence: false, childrenAges: [], situation: 3 }));
  });
});

describe('the housing ladder', () => {
  it('holds as Västerås has it, and names what is wrong with a ladder that does not', () => {
    expect(ladderProblems(DEFAULT_LADDER)).toEqual([]);
    const [training, support, own] = DEFAULT_LADDER as [LadderStep, LadderStep, LadderStep];
    expect(ladderProblems([training, { ...support, position: 3 }, own]).map((p) => p.field)).toEqual(['steps[1].position']);
    expect(ladderProblems([training, support]).map((p) => p.field)).toEqual(['steps[1].form', 'steps[1].trialMonths']);
    expect(ladderProblems([{ ...training, trialMonths: null }, { ...own, position: 2 }]).map((p) => p.field)).toEqual(['steps[0].trialMonths']);
  });

  it('starts families with children past the steps they may skip', () => {
    expect(firstStep(DEFAULT_LADDER, false).form).toBe('training_apartment');
    expect(firstStep(DEFAULT_LADDER, true).form).toBe('support_agreement');
  });

  it('steps up only with every condition met', () => {
    expect(unmetConditions(['no_disturbance', 'no_late_rent'], { no_disturbance: true, no_late_rent: true })).toEqual([]);
    expect(unmetConditions(['no_disturbance', 'no_late_rent'], { no_disturbance: true })).toEqual(['no_late_rent']);
  });
});

describe('stepping up between contract forms', () => {
  it("asks the landlord for the transfer when the household is to hold the lease, and ends the municipality's part on the own lease", () => {
    expect(stepUpOutcome('training_apartment', 'support_agreement')).toBe('transfer'); // Västerås
    expect(stepUpOutcome('municipal_contract', 'own_lease')).toBe('transfer'); // Göteborg
    expect(stepUpOutcome('short_contract', 'own_lease')).toBe('transfer'); // security of tenure was waived
    expect(stepUpOutcome('support_agreement', 'own_lease')).toBe('own_lease'); // the household already holds it
    expect(stepUpOutcome('rent_guarantee', 'own_lease')).toBe('own_lease');
    expect(stepUpOutcome('emergency_placement', 'social_contract')).toBe('next_step');
  });

  it('never moves a household without the landlord onto a lease it did not hold (property)', () => {
    const forms = Object.keys(CONTRACT_FORMS) as ContractForm[];
    fc.assert(
      fc.property(fc.constantFrom(...forms), fc.constantFrom(...forms), (from, to) => {
        const outcome = stepUpOutcome(from, to);
        if (outcome === 'own_lease') expect(to).toBe('own_lease');
        if (to === 'own_lease' && outcome !== 'transfer') expect(['support_agreement', 'rent_guarantee', 'own_lease']).toContain(from);
      }),
    );
  });
});

describe('a claim under a rent guarantee', () => {
  const guarantee = { amount: 1_500_000, validFrom: '2027-03-15', validUntil: '2028-03-14' };

  it('pays what the ledger shows unpaid of the claimed months, within what is left of the guarantee and its period', () => {
    const ledger = new Map([['2027-04-01', 300_000], ['2027-05-01', 500_000], ['2027-06-01', 500_000]]);
    expect(checkGuaranteeClaim({ amount: 1_000_000, dueDates: ['2027-04-01', '2027-05-01'], guarantee, alreadyClaimed: 0, ledgerUnpaid: ledger })).toEqual({
      ledgerUnpaid: 800_000, remaining: 1_500_000, payable: 800_000, outsidePeriod: [],
    });
    expect(checkGuaranteeClaim({ amount: 1_000_000, dueDates: ['2027-05-01', '2027-06-01'], guarantee, alreadyClaimed: 800_000, ledgerUnpaid: ledger }).payable).toBe(700_000);
    expect(checkGuaranteeClaim({ amount: 500_000, dueDates: ['2027-03-01'], guarantee, alreadyClaimed: 0, ledgerUnpaid: null })).toMatchObject({ outsidePeriod: ['2027-03-01'], payable: 0 });
    expect(checkGuaranteeClaim({ amount: 2_000_000, dueDates: ['2027-04-01'], guarantee, alreadyClaimed: 0, ledgerUnpaid: null }).payable).toBe(1_500_000);
  });

  it('never pays more than claimed, than is left, or than the ledger shows unpaid (property)', () => {
    const dueDate = fc.integer({ min: 0, max: 23 }).map((m) => `${2027 + Math.floor((m + 2) / 12)}-${String(((m + 2) % 12) + 1).padStart(2, '0')}-01`);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3_000_000 }), fc.uniqueArray(dueDate, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 2_000_000 }),
        fc.option(fc.array(fc.tuple(dueDate, fc.integer({ min: -100_000, max: 600_000 })), { maxLength: 12 }), { nil: null }),
        (amount, dueDates, alreadyClaimed, unpaid) => {
          const ledgerUnpaid = unpaid === null ? null : new Map(unpaid);
          const c = checkGuaranteeClaim({ amount, dueDates, guarantee, alreadyClaimed, ledgerUnpaid });
          expect(c.payable).toBeGreaterThanOrEqual(0);
          expect(c.payable).toBeLessThanOrEqual(amount);
          expect(c.payable).toBeLessThanOrEqual(Math.max(0, guarantee.amount - alreadyClaimed));
          if (c.ledgerUnpaid !== null) expect(c.payable).toBeLessThanOrEqual(c.ledgerUnpaid);
          const inPeriod = dueDates.filter((d) => d >= guarantee.validFrom && d <= guarantee.validUntil);
          if (inPeriod.length === 0) expect(c.payable).toBe(0);
          // Nothing stands in the way: the whole claim is payable.
          if (ledgerUnpaid === null && inPeriod.length > 0 && amount <= guarantee.amount - alreadyClaimed) expect(c.payable).toBe(amount);
        },
      ),
    );
  });
});

describe('a ladder and its forms', () => {
  const own: LadderStep = { position: 2, form: 'own_lease', name: 'Eget', trialMonths: null, conditions: [], decidedBy: 'landlord', childrenMaySkip: false, guaranteeMonths: null };
  it('holds each form to its rules', () => {
    const step = (s: Partial<LadderStep>): LadderStep => ({ position: 1, form: 'social_contract', name: 'Steg', trialMonths: 12, conditions: [], decidedBy: 'joint', childrenMaySkip: false, guaranteeMonths: null, ...s });
    expect(ladderProblems([step({ form: 'housing_first', conditions: ['drug_free'] }), own]).map((p) => p.field)).toEqual(['steps[0].conditions']);
    expect(ladderProblems([step({ form: 'housing_first', conditions: ['visits_accepted'] }), own])).toEqual([]);
    expect(ladderProblems([step({ form: 'rent_guarantee' }), own]).map((p) => p.field)).toEqual(['steps[0].guaranteeMonths']);
    expect(ladderProblems([step({ form: 'rent_guarantee', guaranteeMonths: 3 }), own])).toEqual([]);
    expect(ladderProblems([step({ form: 'support_agreement', guaranteeMonths: 3 }), own])).toEqual([]);
    expect(ladderProblems([step({ guaranteeMonths: 3 }), own]).map((p) => p.field)).toEqual(['steps[0].guaranteeMonths']);
    expect(ladderProblems([step({ form: 'emergency_placement', trialMonths: 4 }), own]).map((p) => p.field)).toEqual(['steps[0].trialMonths']);
    expect(ladderProblems([step({}), step({ position: 2, form: 'emergency_placement', trialMonths: 1 }), { ...own, position: 3 }]).map((p) => p.field)).toEqual(['steps[1].form']);
  });
});
