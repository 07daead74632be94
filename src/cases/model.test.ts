import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IntakeFacts, intakePriority, newConcernReference } from './model.ts';

const none: IntakeFacts = { children: false, ages: [], mentalHealth: false, violence: false, amountOwed: null, daysLate: null, daysToEviction: null };

describe('the order of the inbox', () => {
  it('puts children first, then age, mental health, violence, then amount and days late', () => {
    const order: IntakeFacts[] = [
      { ...none, children: true },
      { ...none, ages: [22] },
      { ...none, mentalHealth: true },
      { ...none, violence: true },
      { ...none, amountOwed: 2_000_000, daysLate: 40 },
      { ...none, amountOwed: 800_000, daysLate: 20, daysToEviction: 30 },
      { ...none, amountOwed: 800_000, daysLate: 20, daysToEviction: 60 },
      { ...none, amountOwed: 800_000, daysLate: 20 },
      { ...none, daysToEviction: 5 },
      none,
    ];
    const scores = order.map((f) => intakePriority(f).score);
    for (let i = 1; i < scores.length; i++) expect(scores[i - 1]).toBeGreaterThan(scores[i]!);
    // Under 25 and over 65 weigh the same.
    expect(intakePriority({ ...none, ages: [22] }).score).toBe(intakePriority({ ...none, ages: [70] }).score);
    expect(intakePriority({ ...none, children: true, ages: [30] }).reasons).toEqual(['children']);
    expect(intakePriority({ ...none, ages: [19, 70], violence: true }).reasons).toEqual(['under_25', 'over_65', 'violence']);
  });

  it('never lets money, days or an eviction date outweigh a reason (property)', () => {
    const facts = fc.record({
      children: fc.boolean(),
      ages: fc.array(fc.integer({ min: 18, max: 100 }), { maxLength: 3 }),
      mentalHealth: fc.boolean(),
      violence: fc.boolean(),
      amountOwed: fc.option(fc.integer({ min: 0, max: 2_000_000_000 })),
      daysLate: fc.option(fc.integer({ min: 0, max: 5000 })),
      daysToEviction: fc.option(fc.integer({ min: -30, max: 400 })),
    });
    fc.assert(
      fc.property(facts, facts, (a, b) => {
        const pa = intakePriority(a);
        const pb = intakePriority(b);
        const rank = (p: typeof pa) => p.reasons.reduce((s, r) => s + { children: 16, under_25: 8, over_65: 8, mental_health: 4, violence: 2 }[r], 0);
        if (rank(pa) > rank(pb)) expect(pa.score).toBeGreaterThan(pb.score);
      }),
    );
  });
});

describe('the reference a reporter gets', () => {
  it('is EVI- and two groups of four unambiguous characters, and does not repeat', () => {
    const refs = Array.from({ length: 2000 }, newConcernReference);
    for (const r of refs) expect(r).toMatch(/^EVI-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(new Set(refs).size).toBe(refs.length);
  });
});
