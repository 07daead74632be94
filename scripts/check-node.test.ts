import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script of the project's, without type declarations
import { nodeProblems } from './check-node.mjs';

const check = nodeProblems as (root?: string, version?: string) => string[];

describe('the Node version the project names', () => {
  it('runs every locked package: none asks for a newer Node than the README promises', () => {
    expect(check()).toEqual([]);
  });

  it('names a package that needs a newer Node, and a Node older than the project needs', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bokvar-engines-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ engines: { node: '>=20.19' } }));
      fs.writeFileSync(
        path.join(dir, 'package-lock.json'),
        JSON.stringify({ packages: { '': {}, 'node_modules/cookie': { version: '2.0.2', engines: { node: '>=22' } }, 'node_modules/ok': { version: '1.0.0', engines: { node: '>=18' } } } }),
      );
      expect(check(dir, 'v20.20.2')).toEqual(['cookie@2.0.2 needs Node >=22, the project promises >=20.19']);
      expect(check(dir, 'v18.20.0')[0]).toBe('this is Node v18.20.0, the project needs >=20.19');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
