// conditionsHold: which tenancies a routine step applies to, including the Telge and Nynäshamn templates.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ROUTINE_TEMPLATES, conditionsHold, type StepConditions, type TenancyFacts } from './model.ts';

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
