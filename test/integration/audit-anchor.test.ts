// Issue 12 §6: the head of the audit chain is anchored outside the database. Deleting the newest rows,
// or changing a row and linking the chain again from there, leaves a chain that verifies on its own;
// against the anchors it is reported.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkAuditChain, recordAudit, verifyAuditChain } from '../../src/access/audit.ts';
import { anchorAuditHead } from '../../src/access/audit-anchor.ts';
import { SYSTEM_ACTOR } from '../../src/access/model.ts';
import { startTestBokvar, type TestBokvar } from '../support/app.ts';

let b: TestBokvar;
let dir: string;
let anchor: { file: string; key: string };

beforeEach(async () => {
  b = await startTestBokvar('2027-02-01T09:00:00+01:00');
  dir = mkdtempSync(path.join(os.tmpdir(), 'bokvar-anchor-'));
  anchor = { file: path.join(dir, 'audit-anchor.jsonl'), key: 'nyckel-som-databasen-aldrig-ser' };
  for (let i = 0; i < 10; i++) await b.db.transaction((tx) => recordAudit(tx, SYSTEM_ACTOR, { action: 'audit.read', subjectType: 'test', subjectId: String(i) }));
  await linkAuditChain(b.db);
  expect(await anchorAuditHead(b.db, anchor, b.clock.now())).toMatchObject({ seq: 10 });
});
afterEach(async () => {
  await b.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the application's database role can do to the log (the triggers lifted, as its owner may). */
async function asOwner(sql: string): Promise<void> {
  await b.db.query('alter table audit_log disable trigger audit_log_no_update');
  await b.db.query(sql);
  await b.db.query('alter table audit_log enable trigger audit_log_no_update');
}

describe('the audit chain anchored outside the database', () => {
  it('is whole, and the anchor file is readable by this user only; an unchanged head is not anchored twice', async () => {
    expect(await verifyAuditChain(b.db, anchor)).toMatchObject({ ok: true, anchor: null });
    expect(statSync(anchor.file).mode & 0o777).toBe(0o600);
    expect(await anchorAuditHead(b.db, anchor, b.clock.now())).toBeNull();
    await b.db.transaction((tx) => recordAudit(tx, SYSTEM_ACTOR, { action: 'audit.read', subjectType: 'test', subjectId: 'x' }));
    await linkAuditChain(b.db);
    expect(await anchorAuditHead(b.db, anchor, b.clock.now())).toMatchObject({ seq: 11 });
    expect(readFileSync(anchor.file, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('reports a chain shortened by deleting its newest rows, which verifies on its own', async () => {
    await asOwner('delete from audit_log where chain_seq > 7');
    expect(await verifyAuditChain(b.db)).toMatchObject({ ok: true });
    const v = await verifyAuditChain(b.db, anchor);
    expect(v.ok).toBe(false);
    expect(v.anchor).toMatch(/^kedjan är kortare än den förankrades .*: rad 10 i kedjan saknas$/);
  });

  it('reports a row changed and the chain linked again from it', async () => {
    await asOwner("update audit_log set reason = 'ändrad' where chain_seq = 10");
    await asOwner('update audit_log a set hash = audit_row_hash(a) where chain_seq = 10');
    expect(await verifyAuditChain(b.db)).toMatchObject({ ok: true });
    const v = await verifyAuditChain(b.db, anchor);
    expect(v.ok).toBe(false);
    expect(v.anchor).toMatch(/^rad 10 i kedjan är inte den som förankrades/);
  });

  it('reports an anchor line not signed with the key, so the file cannot be rewritten to match', async () => {
    const forged = readFileSync(anchor.file, 'utf8').replace(/"mac":"[0-9a-f]+"/, `"mac":"${'0'.repeat(64)}"`);
    writeFileSync(anchor.file, forged);
    expect((await verifyAuditChain(b.db, anchor)).anchor).toMatch(/inte signerad med nyckeln/);
  });
});
