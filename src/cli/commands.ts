import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { accessStore } from '../access/store.ts';
import { type Actor, tokenPermissions } from '../access/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import { DEFAULT_ROUTINE, type Routine, ROUTINE_TEMPLATES } from '../collection/model.ts';
import { checkPaymentPlans } from '../cases/plans.ts';
import { refreshToday, runDaily } from '../collection/daily-run.ts';
import { preview } from '../collection/routine.ts';
import { routineSchema } from '../collection/api.ts';
import { matchHomes, parseMatchInput } from '../housing/matching.ts';
import { importLedgerFile } from '../ledger/service.ts';
import { systemClock } from '../platform/clock.ts';
import { loadConfig } from '../platform/config.ts';
import type { AppContext } from '../platform/context.ts';
import type { Database } from '../platform/database.ts';
import { AppError } from '../platform/errors.ts';
import { sinkProvider } from '../messaging/providers.ts';
import { statistics } from '../statistics/indicators.ts';

type WithDb = <T>(fn: (db: Database) => Promise<T>) => Promise<T>;

function contextFor(db: Database): AppContext {
  return { db, clock: systemClock, sms: sinkProvider(db), config: loadConfig() };
}

/** Commands of the capabilities (import, daily run, routines). Returns null for an unknown command. */
export async function runCommand(
  command: string | undefined,
  args: string[],
  withDb: WithDb,
  readFile: (path: string) => Promise<Buffer>,
): Promise<number | null> {
  switch (command) {
    case 'match': {
      // Issue 4 §3: the matching of a round, on a file, for testing and for transparency. No database.
      const file = args[0];
      if (!file || args.length > 1) throw new AppError(2, 'usage', 'bokvar match FIL.json');
      let text: string;
      try {
        text = (await readFile(file)).toString('utf8');
      } catch (err) {
        throw new AppError(2, 'usage', `${file}: kan inte läsas (${(err as NodeJS.ErrnoException).code ?? 'fel'})`);
      }
      const input = parseMatchInput(text);
      if ('problems' in input) {
        for (const problem of input.problems) console.error(`Fel: ${problem}`);
        return 1;
      }
      console.log(JSON.stringify(matchHomes(input.households, input.homes)));
      return 0;
    }
    case 'import': {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { org: { type: 'string' }, kind: { type: 'string' } } });
      const file = positionals[0];
      if (!values.org || !file || (values.kind !== 'tenancies' && values.kind !== 'transactions'))
        throw new AppError(2, 'usage', 'bokvar import --org ID --kind tenancies|transactions FIL');
      const kind = values.kind;
      const report = await withDb(async (db) => {
        const org = await accessStore.organisation(db, values.org!);
        if (org?.kind !== 'landlord') throw new AppError(2, 'usage', `--org: ingen hyresvärd med id ${values.org}`);
        // The CLI acts as the landlord's own system, like its API token would.
        const actor: Actor = {
          kind: 'system', userId: null, tokenId: null, orgId: org.id, orgKind: 'landlord', orgName: org.name, role: null, name: 'bokvar import',
          permissions: tokenPermissions('landlord'),
        };
        const ctx = contextFor(db);
        const result = await importLedgerFile(ctx, actor, { kind, data: createReadStream(file), fileName: file });
        if (kind === 'transactions') await refreshToday(ctx, org.id);
        return result;
      });
      console.error(`Inläst: ${Object.entries(report.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
      console.log(report.importId);
      return 0;
    }
    case 'run-daily': {
      const { values } = parseArgs({ args, options: { date: { type: 'string' } } });
      const date = values.date ?? todayInStockholm(new Date());
      const result = await withDb(async (db) => ({ ...(await runDaily(contextFor(db), date)), paymentPlans: await checkPaymentPlans(contextFor(db), date) }));
      console.log(JSON.stringify(result));
      return 0;
    }
    case 'routine': {
      if (args[0] !== 'preview') return null;
      const { values } = parseArgs({ args: args.slice(1), options: { 'due-month': { type: 'string' }, routine: { type: 'string' }, json: { type: 'boolean' } } });
      if (!values['due-month']) throw new AppError(2, 'usage', '--due-month ÅÅÅÅ-MM krävs');
      let routine: Routine = DEFAULT_ROUTINE;
      if (values.routine) {
        const template = ROUTINE_TEMPLATES[values.routine];
        if (template) routine = template;
        else {
          const parsed = routineSchema.safeParse(JSON.parse((await readFile(values.routine)).toString('utf8')));
          if (!parsed.success) throw new AppError(2, 'usage', `--routine: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
          routine = parsed.data;
        }
      }
      const p = preview(routine, values['due-month']);
      if (values.json) {
        console.log(JSON.stringify({ dueDate: p.dueDate, steps: p.steps.map(({ label: _label, ...s }) => s) }));
      } else {
        console.log(`${routine.name}: hyran för ${values['due-month']} förfaller ${p.dueDate}`);
        for (const s of p.steps) console.log(`  ${'date' in s ? s.date : `${s.from} – ${s.to}`}  ${s.label} (${s.key})`);
      }
      return 0;
    }
    case 'stats': {
      // Issue 14 §2: the same figures as GET /api/v1/statistics, hidden by the same rule, for the organisation's own use.
      const { values } = parseArgs({ args, options: { org: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } } });
      if (!values.org || !values.from || !values.to) throw new AppError(2, 'usage', 'bokvar stats --org ID --from ÅÅÅÅ-MM --to ÅÅÅÅ-MM [--json]');
      const answer = await withDb(async (db) => {
        const org = await accessStore.organisation(db, values.org!);
        if (org?.kind !== 'municipality' && org?.kind !== 'landlord') throw new AppError(2, 'usage', `--org: ingen kommun eller hyresvärd med id ${values.org}`);
        const actor: Actor = {
          kind: 'system', userId: null, tokenId: null, orgId: org.id, orgKind: org.kind, orgName: org.name, role: null, name: 'bokvar stats', permissions: new Set(['statistics.read']),
        };
        return statistics(contextFor(db), actor, { from: values.from!, to: values.to! });
      });
      if (values.json) {
        console.log(JSON.stringify(answer));
        return 0;
      }
      const shown = (f: { value: number | null; hidden: string | null }) => (f.hidden === 'small' ? '<5' : f.hidden ? '..' : f.value === null ? '–' : String(f.value));
      console.log(`${answer.organisation.name}, ${answer.period.from} – ${answer.period.to} (föregående: ${answer.previousPeriod.from} – ${answer.previousPeriod.to})`);
      for (const i of answer.indicators) console.log(`  ${i.label}: ${i.unavailable ?? shown(i)} (${shown(i.previous)})`);
      return 0;
    }
    case 'seed-demo': {
      const { seedDemoIfEmpty } = await import('../platform/demo.ts');
      const seeded = await withDb((db) => seedDemoIfEmpty(contextFor(db)));
      console.error(seeded ? 'Demodata inlagd.' : 'Databasen är inte tom; inget gjort.');
      return 0;
    }
    default:
      return null;
  }
}
