// The layering rules of docs/ARCHITECTURE.md as code (issue 13 §3): read over a tree of source files
// (path → text), each rule answers the places that break it, one line each, so a test can compare them
// with what is known and show each rule failing on a tree made to break it.

/** Where a file stands: the base every capability uses, a capability, or the composition root. */
export type Layer = { kind: 'base' } | { kind: 'capability'; name: string; rank: number } | { kind: 'root' };

/**
 * The capabilities from the lowest up: one may import from those below it, never from those above or
 * beside it. Access is the rule everyone asks; the ledger and messaging are the tools the collection
 * routine uses; cases build on collection's notices; housing on cases; privacy reads them all, and so
 * do the statistics (figures of them all, never a person).
 */
export const CAPABILITY_RANK: Record<string, number> = { access: 1, ledger: 2, messaging: 2, collection: 3, cases: 4, housing: 5, privacy: 6, statistics: 6 };

/** The composition root: wiring, the HTTP app, jobs, the demo, the command line. It may import anything. */
const ROOT = [/^src\/platform\/(server|http|jobs|demo)\.ts$/, /^src\/cli\//];
/**
 * Where SQL is the point outside a store: the database itself (adapter, migrations, roles), and the
 * demo seed, which shapes its made-up world directly (months back-dated, as if they had passed), a
 * state no use case produces.
 */
const SQL_ALLOWED = [/^src\/platform\/(database|migrate|roles|demo)\.ts$/];
/** A store: the one place of a capability's SQL. */
const STORE = /(^|\/)([a-z-]+-)?store\.ts$/;

export function layerOf(file: string): Layer {
  if (ROOT.some((r) => r.test(file))) return { kind: 'root' };
  const [, top] = /^src\/([a-z-]+)\//.exec(file) ?? [];
  if (!top || top === 'platform' || top === 'calendar' || top === 'disclosure') return { kind: 'base' };
  return { kind: 'capability', name: top, rank: CAPABILITY_RANK[top] ?? 99 };
}

export interface Import { from: string; to: string; typeOnly: boolean }

/** The relative imports and re-exports of each file, resolved to paths of the tree. */
export function importsOf(files: Record<string, string>): Import[] {
  const out: Import[] = [];
  const pattern = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'(\.{1,2}\/[^']+)'/gm;
  for (const [from, text] of Object.entries(files)) {
    for (const m of text.matchAll(pattern)) {
      const to = resolve(from, m[3]!);
      if (to in files) out.push({ from, to, typeOnly: Boolean(m[2]) });
    }
  }
  return out;
}

function resolve(from: string, rel: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const p of rel.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/');
}

/** An import from a lower layer up to a higher one, or across to a capability of the same rank. */
export function upwardImports(imports: Import[]): string[] {
  const out: string[] = [];
  for (const i of imports) {
    const a = layerOf(i.from);
    const b = layerOf(i.to);
    if (a.kind === 'root' || b.kind === 'base') continue;
    if (a.kind === 'base' || b.kind === 'root' || (a.kind === 'capability' && b.kind === 'capability' && a.name !== b.name && b.rank >= a.rank))
      out.push(`upward: ${i.from} imports ${i.to}`);
  }
  return out;
}

/** A capability reaching into another's store instead of calling its service. */
export function foreignStores(imports: Import[]): string[] {
  const out: string[] = [];
  for (const i of imports) {
    const a = layerOf(i.from);
    const b = layerOf(i.to);
    // The root wires stores together; the base's stores (job runs) serve every capability.
    if (a.kind === 'root' || b.kind === 'base' || !STORE.test(i.to)) continue;
    if (a.kind === 'capability' && b.kind === 'capability' && a.name === b.name) continue;
    out.push(`store: ${i.from} imports ${i.to}`);
  }
  return out;
}

/** SQL written outside a store: a string that starts like a statement. Comments are not read. */
export function sqlOutsideStores(files: Record<string, string>): string[] {
  const out: string[] = [];
  const statement = /[`'"]\s*(select\s[\s\S]{0,200}?\sfrom\s|insert\s+into\s|update\s+\w+\s+set\s|delete\s+from\s|with\s+\w+\s+as\s*\()/gi;
  for (const [file, text] of Object.entries(files)) {
    if (STORE.test(file) || SQL_ALLOWED.some((r) => r.test(file))) continue;
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const n = [...code.matchAll(statement)].length;
    if (n > 0) out.push(`sql: ${file} has ${n} statement${n === 1 ? '' : 's'}`);
  }
  return out;
}

/** Every circle of imports (type-only imports left out: they are gone at run time), one line each. */
export function importCircles(imports: Import[]): string[] {
  const next = new Map<string, string[]>();
  for (const i of imports) if (!i.typeOnly) next.set(i.from, [...(next.get(i.from) ?? []), i.to]);
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(`circle: ${component.sort().join(' ↔ ')}`);
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort();
}

/** Every rule over the tree. */
export function violations(files: Record<string, string>): string[] {
  const imports = importsOf(files);
  return [...upwardImports(imports), ...foreignStores(imports), ...sqlOutsideStores(files), ...importCircles(imports)].sort();
}
