// validateRoutine: the problems reported for a landlord's own routine, and the shipped templates validating clean.
import { describe, it, expect } from 'vitest';
import { ROUTINE_TEMPLATES, STEP_ACTIONS, STEP_ACTORS, validateRoutine, type Routine, type RoutineStep } from './model.ts';

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
