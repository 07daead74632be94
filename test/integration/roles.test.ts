// Issue 12 §6: on PostgreSQL with a separate owner (BOKVAR_DATABASE_OWNER_URL), the role the
// application runs as cannot shorten, rewrite or unprotect the audit log: it reads it and adds rows,
// and links and culls only through the owner's functions. (The embedded database has one role: there
// the protection is the server's own process, so this file runs on PostgreSQL only.)
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkAuditChain, verifyAuditChain } from '../../src/access/audit.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { type Database, openPostgres } from '../../src/platform/database.ts';
import { migrateAsOwner } from '../../src/platform/roles.ts';
import { type Bokvar, createBokvar } from '../../src/platform/server.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { buildOrg, buildUser, freshPostgresDatabase, login, TEST_DATABASE } from '../support/app.ts';

const onPostgres = TEST_DATABASE !== 'pglite';
const role = `bokvar_app_${randomBytes(4).toString('hex')}`;
let fresh: Awaited<ReturnType<typeof freshPostgresDatabase>>;
let app: Database;
let bokvar: Bokvar;

async function asSuperuser(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: TEST_DATABASE });
  await c.connect();
  await c.query(sql);
  await c.end();
}

beforeAll(async () => {
  if (!onPostgres) return;
  fresh = await freshPostgresDatabase();
  await asSuperuser(`create role ${role} login`);
  const appUrl = new URL(fresh.url);
  appUrl.username = role;
  app = await openPostgres(appUrl.toString());
  const config = { ...loadConfig({}), databaseUrl: appUrl.toString(), databaseOwnerUrl: fresh.url, jobs: false, auditAnchor: { file: null, key: null } };
  bokvar = await createBokvar(config, { db: app, clock: fixedClock('2027-03-01T09:00:00+01:00') });
}, 60_000);

afterAll(async () => {
  if (!onPostgres) return;
  await bokvar?.close();
  await app?.close();
  await fresh?.drop();
  await asSuperuser(`drop role if exists ${role}`);
});

describe.runIf(onPostgres)('the application role, beside the owner', () => {
  it('does its work: organisations, users, a login, all audited and linked into a chain that verifies', async () => {
    const org = await buildOrg(app, 'municipality', 'Rollkommun', { municipalityCode: '1980' });
    const client = await login(bokvar, (await buildUser(app, org.id, 'admin')).email);
    expect((await client.get('/api/v1/users')).statusCode).toBe(200);
    expect(await linkAuditChain(app)).toBeGreaterThan(0);
    expect(await verifyAuditChain(app)).toMatchObject({ ok: true });
    const [{ owner }] = (await app.query<{ owner: string }>("select tableowner as owner from pg_tables where tablename = 'audit_log'")) as [{ owner: string }];
    expect(owner).not.toBe(role);
  });

  it('cannot delete, change, truncate or unprotect the audit log, nor move its start or lift its floor', async () => {
    const refused = async (sql: string, params: unknown[] = []) => {
      const err = await app.query(sql, params).then(() => null, (e: Error) => e);
      return err?.message ?? 'allowed';
    };
    expect(await refused('delete from audit_log where id = (select max(id) from audit_log)')).toMatch(/permission denied/);
    expect(await refused("update audit_log set reason = 'ändrad' where id = 1")).toMatch(/permission denied/);
    expect(await refused('truncate audit_log')).toMatch(/permission denied/);
    expect(await refused('alter table audit_log disable trigger audit_log_no_update')).toMatch(/must be owner/);
    expect(await refused('drop trigger audit_log_no_update on audit_log')).toMatch(/must be owner/);
    expect(await refused("insert into audit_chain_base (chain_seq, hash, culled_at) values (1, 'x', now())")).toMatch(/permission denied/);
    expect(await refused("update audit_rules set min_age = interval '0'")).toMatch(/permission denied/);
    expect(await refused('create or replace function audit_log_refuse_change() returns trigger language plpgsql as $$ begin return new; end $$')).toMatch(/must be owner|permission denied for schema/);
    // Culling through the owner's function keeps the floor: nothing this young goes.
    const [head] = await app.query<{ seq: string; hash: string }>('select chain_seq::text as seq, hash from audit_log where chain_seq is not null order by chain_seq desc limit 1');
    expect(await refused('select audit_log_cull($1, $2, now())', [head!.seq, head!.hash])).toMatch(/younger than the audit log's own period/);
    expect(await verifyAuditChain(app)).toMatchObject({ ok: true });
  });

  it('is refused as its own owner: the two must be different roles', async () => {
    const same = await openPostgres(fresh.url, 1);
    try {
      await expect(migrateAsOwner(fresh.url, same)).rejects.toThrow(/ägaren måste vara en annan roll än den i DATABASE_URL/);
    } finally {
      await same.close();
    }
  });
});
