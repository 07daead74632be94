// Routine previews for real months (the shipped templates) and scheduleStep's dates, as properties.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays, bankDaysBetween, dueDateOfMonth, isBankDay, type IsoDate } from '../calendar/model.ts';
import { DEFAULT_ROUTINE, ROUTINE_TEMPLATES, previewRoutine, scheduleEnd, scheduleStart, scheduleStep, type Routine } from './model.ts';
import { anyDateArb } from './model.test-helpers.ts';

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
