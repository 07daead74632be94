import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/model.ts';
import { allowedOwedAfter, graceEnd, timelineOrder, type InstalmentState, instalmentState, type IntakeFacts, intakePriority, newConcernReference, PLAN_GRACE_DAYS, planState, visitFacts } from './model.ts';

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

describe('a payment-plan instalment', () => {
  const day = fc.integer({ min: 0, max: 60 }).map((n) => addDays('2027-01-01', n));
  const owed = fc.integer({ min: -100_000, max: 2_000_000 });
  const worse: Record<InstalmentState, number> = { pending: 0, kept: 1, late: 2, overdue: 3, broken: 4 };

  it('is kept only if the debt was down to what the plan allows by the due date; broken only after the grace week', () => {
    fc.assert(
      fc.property(day, day, fc.integer({ min: 0, max: 1_000_000 }), owed, owed, (due, today, allowedOwed, atDue, atEnd) => {
        const s = instalmentState({ dueDate: due, allowedOwed }, atDue, atEnd, today);
        if (today < due) return s === 'pending';
        if (s === 'kept') return atDue <= allowedOwed;
        if (s === 'late') return atDue > allowedOwed && atEnd <= allowedOwed;
        if (s === 'broken') return today > graceEnd(due) && atEnd > allowedOwed;
        return s === 'overdue' && today <= graceEnd(due) && atEnd > allowedOwed;
      }),
    );
  });

  it('is never worse for having paid more', () => {
    fc.assert(
      fc.property(day, day, fc.integer({ min: 0, max: 1_000_000 }), owed, owed, fc.nat(500_000), (due, today, allowedOwed, atDue, atEnd, more) => {
        const i = { dueDate: due, allowedOwed };
        return worse[instalmentState(i, atDue - more, atEnd - more, today)] <= worse[instalmentState(i, atDue, atEnd, today)];
      }),
    );
  });

  it('has a grace week, and a plan is broken by one broken instalment and kept when all are paid', () => {
    expect(graceEnd('2027-02-25')).toBe(addDays('2027-02-25', PLAN_GRACE_DAYS));
    expect(instalmentState({ dueDate: '2027-02-25', allowedOwed: 0 }, 1, 1, '2027-03-04')).toBe('overdue');
    expect(instalmentState({ dueDate: '2027-02-25', allowedOwed: 0 }, 1, 1, '2027-03-05')).toBe('broken');
    expect(instalmentState({ dueDate: '2027-02-25', allowedOwed: 0 }, 1, 0, '2027-03-05')).toBe('late');
    expect(planState(['kept', 'late'])).toBe('kept');
    expect(planState(['kept', 'overdue'])).toBe('active');
    expect(planState(['kept', 'broken', 'pending'])).toBe('broken');
  });

  it('allows less and less to be owed, never below nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000_000 }), fc.array(fc.integer({ min: 1, max: 2_000_000 }), { minLength: 1, maxLength: 24 }), (debt, amounts) => {
        const allowed = allowedOwedAfter(debt, amounts);
        const total = amounts.reduce((a, b) => a + b, 0);
        return allowed.every((a, n) => a >= 0 && (n === 0 ? a <= debt : a <= allowed[n - 1]!)) && allowed.at(-1) === Math.max(0, debt - total);
      }),
    );
  });
});

describe("the case's timeline", () => {
  it('runs from the first event to the last; a day comes before the moments of that day', () => {
    const events = [
      { at: '2027-01-15T10:00:00.000Z', kind: 'contact' as const, data: {} },
      { at: '2027-01-15', kind: 'journal' as const, data: {} },
      { at: '2027-01-14T23:00:00.000Z', kind: 'concern' as const, data: {} },
      { at: '2027-01-20', kind: 'routine_step' as const, data: {} },
    ];
    expect(timelineOrder(events).map((e) => e.kind)).toEqual(['concern', 'journal', 'contact', 'routine_step']);
    expect(events[0]!.kind).toBe('contact'); // the input is left as it was
  });
});

describe('the visit letter and contact card', () => {
  const visit = { day: 'onsdag 20 januari', time: '10:00', address: 'Hemliga gatan 1', worker: 'Sara Socialsekreterare', phone: '021-39 00 00' };
  it('print the address of an ordinary case', () => {
    expect(visitFacts({ ...visit, protectedIdentity: false })).toContainEqual(['Adress', 'Hemliga gatan 1']);
  });
  it('never print a protected address: the place we agreed on', () => {
    const rows = visitFacts({ ...visit, protectedIdentity: true });
    expect(JSON.stringify(rows)).not.toContain('Hemliga gatan');
    expect(rows).toContainEqual(['Plats', 'Där vi har kommit överens om att ses']);
    expect(rows).toContainEqual(['Handläggare', 'Sara Socialsekreterare']);
  });
});
