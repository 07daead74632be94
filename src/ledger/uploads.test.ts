import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataRows, sweepStaleUploads, withUploadedFile } from './uploads.ts';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'bokvar-uploads-test-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const through = () => new Transform({ transform: (chunk, _enc, done) => done(null, chunk) });

describe('an uploaded ledger file on disk', () => {
  it('is readable by this user only while it is imported, and gone afterwards', async () => {
    let seen = '';
    const rows = await withUploadedFile(Readable.from(['kontraktsnummer;personnummer\n', 'K-1;194107086995\n']), through(), async (file) => {
      seen = file;
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(path.basename(path.dirname(file))).toMatch(new RegExp(`^bokvar-import-${process.pid}-`));
      return 2;
    }, tmp);
    expect(rows).toBe(2);
    expect(existsSync(seen)).toBe(false);
  });

  it("left by a process that is gone is swept when a server starts; a running one's stays", async () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const stale = path.join(tmp, `bokvar-import-${gone}-abc123`);
    const live = path.join(tmp, `bokvar-import-${process.pid}-def456`);
    for (const dir of [stale, live]) {
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'upload.csv'), 'K-1;194107086995\n');
    }
    expect(await sweepStaleUploads(tmp)).toBe(1);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(path.join(live, 'upload.csv'))).toBe(true);
  });
});

describe('the rows of an uploaded file, counted before it is read in', () => {
  const file = (content: string) => {
    const f = path.join(tmp, 'f.csv');
    writeFileSync(f, content);
    return f;
  };

  it('counts the lines after the header, with or without a last line break, LF or CRLF', async () => {
    expect(await dataRows(file('a;b\n1;2\n3;4\n'))).toBe(2);
    expect(await dataRows(file('a;b\n1;2\n3;4'))).toBe(2);
    expect(await dataRows(file('a;b\r\n1;2\r\n3;4\r\n'))).toBe(2);
    expect(await dataRows(file('a;b\n'))).toBe(0);
    expect(await dataRows(file(''))).toBe(0);
  });

  it('counts a line break inside a quoted field as part of its record', async () => {
    expect(await dataRows(file('adress;namn\n"Storgatan 1\nlgh 1102";Elin\n"Gränd ""2""";Kim\n'))).toBe(2);
  });

  it('counts across the chunks a large file is read in', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `K-${i};avi;2026-12-01;2026-12-30;7000,00;R-${i}`);
    expect(await dataRows(file(['kontraktsnummer;typ;datum;forfallodatum;belopp;referens', ...rows].join('\n') + '\n'))).toBe(100_000);
  });
});
