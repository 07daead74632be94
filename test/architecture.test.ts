// The layering as a test (issue 13 §3): src/ breaks none of the rules in architecture/rules.ts, and
// each rule is shown failing on a tree made to break it. On the code of 2026-12-03 before the fixes of
// that day it found 35 breaks: upward imports, other capabilities' stores, SQL outside stores, a circle.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importCircles, importsOf, sqlOutsideStores, foreignStores, upwardImports, violations } from './architecture/rules.ts';

function sourceTree(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of readdirSync('src', { recursive: true }) as string[])
    if (f.endsWith('.ts') && !f.endsWith('.test.ts')) files[`src/${f.split('\\').join('/')}`] = readFileSync(`src/${f}`, 'utf8');
  return files;
}

describe('the layering of src/', () => {
  it('breaks no rule', () => {
    const tree = sourceTree();
    expect(Object.keys(tree).length).toBeGreaterThan(60);
    expect(violations(tree)).toEqual([]);
  });
});

describe('each rule, on a tree made to break it', () => {
  const tree = {
    'src/platform/errors.ts': "import { roleOf } from '../access/model.ts';\nexport const x = 1;\n",
    'src/access/model.ts': "import { caseOf } from '../cases/model.ts';\nexport const roleOf = 1;\n",
    'src/cases/model.ts': 'export const caseOf = 1;\n',
    'src/cases/service.ts': "import { ledgerStore } from '../ledger/store.ts';\nimport { b } from './plans.ts';\nexport const a = 1;\n",
    'src/cases/plans.ts': "import { a } from './service.ts';\nimport type { caseOf } from './model.ts';\nexport const b = 2;\n",
    'src/ledger/store.ts': "export const ledgerStore = { q: () => 'select id from tenancies where id = $1' };\n",
    'src/ledger/service.ts': "// select x from y in a comment is not SQL\nexport const s = (q) => q.query(`insert into tenancies (id) values ($1)`);\n",
    'src/platform/server.ts': "import { a } from '../cases/service.ts';\nimport { ledgerStore } from '../ledger/store.ts';\n",
  };
  const imports = importsOf(tree);

  it('an import up from the base or a lower capability to a higher one', () => {
    expect(upwardImports(imports)).toEqual(['upward: src/platform/errors.ts imports src/access/model.ts', 'upward: src/access/model.ts imports src/cases/model.ts']);
  });

  it("a capability's use of another's store (the composition root may)", () => {
    expect(foreignStores(imports)).toEqual(['store: src/cases/service.ts imports src/ledger/store.ts']);
  });

  it('SQL outside a store file, not counting comments', () => {
    expect(sqlOutsideStores(tree)).toEqual(['sql: src/ledger/service.ts has 1 statement']);
  });

  it('a circle of imports (a type-only import makes none)', () => {
    expect(importCircles(imports)).toEqual(['circle: src/cases/plans.ts ↔ src/cases/service.ts']);
  });
});
