// An uploaded ledger file waits on disk while it is imported, so that no transaction waits on a slow
// network. It holds personnummer: it is readable by this user only, lives in a folder named by the
// process that owns it, and a folder left by a process that is gone (a crash, kill -9) is removed when a
// server starts.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { processAlive } from '../platform/database.ts';

const PREFIX = 'bokvar-import-';

/** Writes the upload to a file of its own (mode 0600) and hands its path to `use`; the file is gone after. */
export async function withUploadedFile<T>(data: Readable, limit: Transform, use: (file: string) => Promise<T>, tmp = os.tmpdir()): Promise<T> {
  const dir = await mkdtemp(path.join(tmp, `${PREFIX}${process.pid}-`));
  try {
    const file = path.join(dir, 'upload.csv');
    await pipeline(data, limit, createWriteStream(file, { mode: 0o600 }));
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The file's data rows: its records after the header, a last one without a line break counted too. A
 * line break inside a quoted field ("Storgatan 1\nlgh 1102") is part of its record, as the CSV reader
 * takes it; a doubled quote inside a field turns the quoting off and on again, so it changes nothing.
 */
export async function dataRows(file: string): Promise<number> {
  let records = 0;
  let quoted = false;
  let last = 10;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (const byte of chunk) {
      if (byte === 34) quoted = !quoted;
      else if (byte === 10 && !quoted) records++;
    }
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
  }
  if (last !== 10) records++;
  return Math.max(0, records - 1);
}

/** Removes upload folders whose process is gone; returns how many. Those of running processes stay. */
export async function sweepStaleUploads(tmp = os.tmpdir()): Promise<number> {
  let swept = 0;
  for (const name of await readdir(tmp).catch(() => [] as string[])) {
    const pid = Number(/^bokvar-import-(\d+)-/.exec(name)?.[1]);
    if (!pid || processAlive(pid)) continue;
    await rm(path.join(tmp, name), { recursive: true, force: true });
    swept++;
  }
  return swept;
}
