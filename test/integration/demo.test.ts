// The demo is made relative to the day it is seeded: on any day a newcomer starts it, the rent
// guarantee, the reviews, the promise to pay and the notice's deadline are current, not history.
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../src/platform/demo.ts';
import { login, startTestBokvar, type TestBokvar } from '../support/app.ts';

// A summer's day, New Year's Eve (the agreements' year ends tomorrow) and a leap day.
const DAYS = [
  { now: '2027-06-15T08:00:00+02:00', today: '2027-06-15' },
  { now: '2026-12-31T08:00:00+01:00', today: '2026-12-31' },
  { now: '2028-02-29T08:00:00+01:00', today: '2028-02-29' },
];

interface Contract {
  household: { name: string };
  reviewOn: string;
  guarantee: { validFrom: string; validUntil: string; current: boolean; remaining: number } | null;
}

const started: TestBokvar[] = [];
afterAll(async () => {
  for (const b of started) await b.close();
});

describe('the demo, seeded on any day', () => {
  for (const day of DAYS) {
    it(`on ${day.today} its guarantee, reviews, promise and deadlines lie around that day`, async () => {
      const bokvar = await startTestBokvar(day.now);
      started.push(bokvar);
      expect(await seedDemoIfEmpty(bokvar.ctx)).toBe(true);

      const coordinator = await login(bokvar, 'bostadssamordnare@demokommun.se', DEMO_PASSWORD);
      const { contracts } = (await coordinator.get('/api/v1/housing/contracts')).json() as { contracts: Contract[] };
      const omar = contracts.find((c) => c.household.name === 'Omar Olsson')!;
      expect(omar.guarantee).toMatchObject({ current: true, remaining: 3 * 610_000 });
      expect(omar.guarantee!.validUntil > day.today).toBe(true);

      // Karin's review is overdue, Omar's comes within the task list's 30 days: both are the worker's tasks.
      const tasks = (await coordinator.get('/api/v1/housing/review-tasks')).json() as { today: string; overdue: { household: string }[]; coming: { household: string; reviewOn: string }[] };
      expect(tasks.today).toBe(day.today);
      expect(tasks.overdue.map((t) => t.household)).toEqual(['Karin Kvist']);
      expect(tasks.coming.map((t) => t.household)).toEqual(['Omar Olsson']);

      // The promise to pay logged in the demo falls due in the coming week.
      const [promise] = await bokvar.db.query<{ promise_date: string }>("select promise_date::text from outreach where outcome = 'promise_to_pay'");
      expect(promise!.promise_date > day.today).toBe(true);

      // Privatvärden's statutory notice: the tenant was served yesterday, the recovery deadline lies ahead.
      const officer = await login(bokvar, 'krav@privatvarden.se', DEMO_PASSWORD);
      const { notices } = (await officer.get('/api/v1/notices')).json() as { notices: { served_on_tenant: string | null; recovery_deadline: string | null }[] };
      expect(notices).toHaveLength(1);
      expect(notices[0]!.served_on_tenant).toBe(addDaysIso(day.today, -1));
      expect(notices[0]!.recovery_deadline! > day.today).toBe(true);

      // And the officer's worklist of that day has households on it.
      const worklist = (await officer.get(`/api/v1/worklist?date=${day.today}`)).json() as { households: unknown[] };
      expect(worklist.households.length).toBeGreaterThan(0);
    });
  }
});

function addDaysIso(iso: string, n: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
