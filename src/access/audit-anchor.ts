// The head of the audit chain, anchored outside the database (issue 12 §6). Whoever can write to the
// database as the application can delete the newest rows, or change a row and link the chain again
// from there, and the chain alone still verifies. So at intervals the head (its sequence number and
// hash) is appended to a file of its own, each line signed with a key the database never holds
// (HMAC-SHA256, BOKVAR_AUDIT_ANCHOR_KEY); verification checks that every anchored row is still there
// with the same hash: a shortened or relinked chain is reported.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import type { Queryable } from '../platform/database.ts';
import { auditStore } from './audit-store.ts';

export interface AnchorConfig {
  /** The file the anchors are appended to; null: no anchoring. */
  file: string | null;
  /** The signing key; without one the lines are unsigned (the file then only guards against the database). */
  key: string | null;
}

export interface Anchor {
  seq: number;
  hash: string;
  at: string;
  mac: string | null;
}

const mac = (key: string | null, a: Omit<Anchor, 'mac'>) => (key ? createHmac('sha256', key).update(`${a.seq}|${a.hash}|${a.at}`).digest('hex') : null);

async function anchors(file: string): Promise<Anchor[]> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Anchor);
}

/** Appends the chain's head to the file when it has moved since the last anchor; returns it, or null. */
export async function anchorAuditHead(db: Queryable, cfg: AnchorConfig, now: Date): Promise<Anchor | null> {
  if (!cfg.file) return null;
  const head = await auditStore.head(db);
  if (!head) return null;
  const last = (await anchors(cfg.file)).at(-1);
  if (last && last.seq >= Number(head.seq)) return null;
  const anchor = { seq: Number(head.seq), hash: head.hash, at: now.toISOString() };
  const line: Anchor = { ...anchor, mac: mac(cfg.key, anchor) };
  await appendFile(cfg.file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
  return line;
}

/** The first anchor the database no longer matches (or a line not signed with the key), in words; null when all hold. */
export async function anchorProblem(db: Queryable, cfg: AnchorConfig): Promise<string | null> {
  if (!cfg.file) return null;
  const all = await anchors(cfg.file);
  if (all.length === 0) return null;
  for (const a of all) {
    if (cfg.key) {
      const expected = Buffer.from(mac(cfg.key, a) ?? '', 'hex');
      const given = Buffer.from(a.mac ?? '', 'hex');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return `förankringen av rad ${a.seq} (${a.at}) är inte signerad med nyckeln`;
    }
  }
  // The start of the chain after culling by the log's own rule stands in for the rows culled up to it.
  const rows = await auditStore.hashesAt(db, all.map((a) => a.seq));
  const bySeq = new Map(rows.map((r) => [Number(r.seq), r.hash]));
  const culledThrough = await auditStore.culledThrough(db);
  for (const a of all) {
    // An anchor of a row culled since says nothing of the chain that is kept (the start's own hash is checked).
    if (a.seq < culledThrough) continue;
    const hash = bySeq.get(a.seq);
    if (hash === undefined) return `kedjan är kortare än den förankrades ${a.at}: rad ${a.seq} i kedjan saknas`;
    if (hash !== a.hash) return `rad ${a.seq} i kedjan är inte den som förankrades ${a.at}: kedjan har ändrats och länkats om`;
  }
  return null;
}
