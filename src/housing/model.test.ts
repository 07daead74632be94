import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applicantPriority, committedHomes, DEFAULT_LADDER, firstStep, type LadderStep, ladderProblems, sameArea, unmetConditions } from './model.ts';

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
