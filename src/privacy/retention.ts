// Retention and culling (issue 12 §22): each organisation's periods, the daily job that culls what has
// reached them, and the report of what went and when. A file is culled whole or not at all, in its own
// transaction; an open case is never touched (the journal's trigger refuses it, migration 0038). The
// audit log follows its own rule, longer than the files whose reads it records.
import { linkAuditChain, recordAudit } from '../access/audit.ts';
import { type Actor, SYSTEM_ACTOR } from '../access/model.ts';
import { assertCan } from '../access/policy.ts';
import { addDays } from '../calendar/model.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';
import type { AppContext } from '../platform/context.ts';
import type { Queryable } from '../platform/database.ts';
import { forbidden, invalidField, loggableError } from '../platform/errors.ts';
import { claimJobRun, finishJobRun } from '../platform/job-runs-store.ts';
import { cutoff, effective, RETENTION_DEFAULTS, RETENTION_KINDS, RETENTION_LIMITS, type RetentionSettings } from './retention-rules.ts';
import { type Expired, retentionStore } from './retention-store.ts';

/** Files, concerns or tenancies read for culling per organisation and kind in one run; the rest wait for the next day. */
const PER_RUN = 2_000;

const RULE_SV = {
  case_file: (s: ReturnType<typeof effective>) => `Personakt: ${s.caseFileYears} år efter sista anteckningen (SoL); födda den 5, 15 och 25 bevaras`,
  concern: (s: ReturnType<typeof effective>) => `Orosanmälan som inte ledde till ärende: ${s.concernMonths} månader efter beslutet`,
  tenancy: (s: ReturnType<typeof effective>) => `Avslutat hyresförhållande med reskontra: ${s.tenancyMonths} månader efter slutdatum`,
  audit: (years: number) => `Åtkomstloggen: ${years} år`,
};

function ownOrg(actor: Actor): { orgId: string; kind: 'municipality' | 'landlord' | 'authority' } {
  if (!actor.orgId || !actor.orgKind) throw forbidden();
  return { orgId: actor.orgId, kind: actor.orgKind };
}

/** The organisation's periods (set and in force), the limits, and the report of what was culled. */
export async function retention(ctx: AppContext, actor: Actor) {
  assertCan(actor, 'retention.read');
  const { orgId, kind } = ownOrg(actor);
  const settings = await retentionStore.settings(ctx.db, orgId);
  const keys = RETENTION_KINDS[kind];
  return {
    settings: Object.fromEntries(keys.map((k) => [k, settings[k]])),
    inForce: Object.fromEntries(keys.map((k) => [k, effective(settings)[k]])),
    defaults: Object.fromEntries(keys.map((k) => [k, RETENTION_DEFAULTS[k]])),
    limits: Object.fromEntries(keys.map((k) => [k, RETENTION_LIMITS[k]])),
    auditRetentionYears: ctx.config.auditRetentionYears,
    culled: (await retentionStore.report(ctx.db, orgId, 200)).map((r) => ({ ...r, culled_at: r.culled_at.toISOString() })),
  };
}

/** Sets the organisation's periods; null goes back to the default. */
export async function setRetention(ctx: AppContext, actor: Actor, input: Partial<RetentionSettings>) {
  assertCan(actor, 'retention.manage');
  const { orgId, kind } = ownOrg(actor);
  const keys = RETENTION_KINDS[kind];
  for (const [k, v] of Object.entries(input) as [keyof RetentionSettings, number | null | undefined][]) {
    if (v === undefined) continue;
    if (!keys.includes(k)) throw invalidField(k, 'Gäller inte den här sortens organisation');
    const [min, max] = RETENTION_LIMITS[k];
    if (v !== null && (!Number.isInteger(v) || v < min || v > max)) throw invalidField(k, `Ett heltal ${min}–${max}`);
  }
  await ctx.db.transaction(async (tx) => {
    const now = { ...(await retentionStore.settings(tx, orgId)), ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
    await retentionStore.setSettings(tx, orgId, now);
    await recordAudit(tx, actor, { action: 'retention.set', subjectType: 'organisation', subjectId: orgId, details: input });
  });
  return retention(ctx, actor);
}

export interface CullResult { caseFiles: number; keptForResearch: number; concerns: number; tenancies: number; auditRows: number; failed: number }

/**
 * The day's culling, once a day across servers (job_runs; a run cut short leaves the rest to the next
 * day). Every organisation's expired files, concerns and tenancies, each in its own transaction with
 * its audit row and its line in the report; then the audit log's oldest rows by its own rule.
 */
export async function cullExpired(ctx: AppContext): Promise<CullResult | null> {
  const at = ctx.clock.now();
  const today = todayInStockholm(at);
  if (!(await claimJobRun(ctx.db, 'retention', today))) return null;
  const result: CullResult = { caseFiles: 0, keptForResearch: 0, concerns: 0, tenancies: 0, auditRows: 0, failed: 0 };
  // One item that cannot be culled (something new hangs on it) is left whole and named in the
  // server's log by type and code only; the others go on. One that has changed since it was listed
  // (an entry written, a case opened) is not culled either: the remove asks again under a lock.
  const each = async (kind: string, id: string, work: () => Promise<boolean>): Promise<boolean> => {
    try {
      return await work();
    } catch (err) {
      result.failed++;
      console.error(`[bokvar] culling of ${kind} ${id} failed:`, JSON.stringify(loggableError(err)));
      return false;
    }
  };
  for (const org of await retentionStore.organisations(ctx.db)) {
    const s = effective(await retentionStore.settings(ctx.db, org.id));
    const system: Actor = { ...SYSTEM_ACTOR, orgId: org.id, orgKind: org.kind };
    // Each expired item in its own transaction: removed (if still due), its line in the report, its
    // audit row. The list is read once (it is computed over the history); one that cannot go is passed by.
    const cull = async (kind: 'case_file' | 'concern' | 'tenancy', subjectType: string, list: Expired[],
      remove: (tx: Queryable, id: string) => Promise<boolean>, details?: (day: string) => Record<string, string>) => {
      let culled = 0;
      for (const item of list) {
        const gone = await each(subjectType, item.id, () => ctx.db.transaction(async (tx) => {
          if (!(await remove(tx, item.id))) return false;
          await retentionStore.logCulled(tx, { orgId: org.id, on: today, at, kind, count: 1, oldest: item.day, newest: item.day, rule: RULE_SV[kind](s) });
          await recordAudit(tx, system, { action: 'retention.cull', subjectType, subjectId: item.id, reason: 'Gallring', ...(details ? { details: details(item.day) } : {}) });
          return true;
        }));
        if (gone) culled++;
      }
      return culled;
    };
    if (org.kind === 'municipality') {
      const files = cutoff(today, s.caseFileYears * 12);
      result.caseFiles += await cull('case_file', 'case', await retentionStore.expiredFiles(ctx.db, org.id, files, PER_RUN),
        (tx, id) => retentionStore.removeFile(tx, id, files), (day) => ({ lastEntry: day }));
      // Those whose period ran out today and that are kept instead (counted once, on that day).
      result.keptForResearch += await retentionStore.keptForResearch(ctx.db, org.id, cutoff(addDays(today, -1), s.caseFileYears * 12), files);
      const concerns = cutoff(today, s.concernMonths);
      result.concerns += await cull('concern', 'concern', await retentionStore.expiredConcerns(ctx.db, org.id, concerns, PER_RUN),
        (tx, id) => retentionStore.removeConcern(tx, id, concerns));
    } else {
      const tenancies = cutoff(today, s.tenancyMonths);
      result.tenancies += await cull('tenancy', 'tenancy', await retentionStore.expiredTenancies(ctx.db, org.id, tenancies, PER_RUN),
        (tx, id) => retentionStore.removeTenancy(tx, id, tenancies), (day) => ({ ended: day }));
    }
  }
  // The audit log by its own rule: whole years back from this moment. A failure here is logged and
  // leaves the log as it was; the day's run is still recorded with what it did.
  try {
    result.auditRows = await cullAuditLog(ctx, at, today);
  } catch (err) {
    result.failed++;
    console.error('[bokvar] culling of the audit log failed:', JSON.stringify(loggableError(err)));
  }
  await finishJobRun(ctx.db, 'retention', today, result);
  return result;
}

async function cullAuditLog(ctx: AppContext, at: Date, today: string): Promise<number> {
  const before = new Date(at);
  before.setUTCFullYear(before.getUTCFullYear() - ctx.config.auditRetentionYears);
  // Only linked rows are culled: the rows of this run are linked first, so the chain is whole to its head.
  await linkAuditChain(ctx.db);
  return ctx.db.transaction(async (tx) => {
    // The linker's lock: no row is linked onto the chain while its start moves.
    await retentionStore.lockAuditChain(tx);
    const gone = await retentionStore.auditCullable(tx, before);
    if (!gone) return 0;
    await retentionStore.cullAudit(tx, gone.seq, gone.hash, at);
    await retentionStore.logCulled(tx, { orgId: null, on: today, at, kind: 'audit', count: gone.count, oldest: gone.oldest, newest: gone.newest, rule: RULE_SV.audit(ctx.config.auditRetentionYears) });
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'retention.cull', subjectType: 'audit_log', subjectId: gone.seq, reason: 'Gallring', details: { rows: gone.count } });
    return gone.count;
  });
}
