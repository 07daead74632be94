#!/usr/bin/env node
// Checks that this Node.js is one the project names (package.json "engines") and that every
// package in package-lock.json runs on the oldest Node the project names: a dependency that wants a newer Node
// than the README promises fails here, not on a user's machine. Exit code 1 with each problem named.
//
//   node scripts/check-node.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Problems with the Node versions: this one, and each locked package's `engines.node`. */
export function nodeProblems(root = ROOT, version = process.version) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const wanted = pkg.engines?.node;
  if (!wanted) return ['package.json names no Node version (engines.node)'];
  const problems = [];
  if (!semver.satisfies(version, wanted)) problems.push(`this is Node ${version}, the project needs ${wanted}`);
  const oldest = semver.minVersion(wanted).version;
  for (const [where, entry] of Object.entries(lock.packages ?? {})) {
    const range = entry.engines?.node;
    if (!where || !range) continue;
    if (!semver.satisfies(oldest, range)) problems.push(`${where.replace(/^node_modules\//, '')}@${entry.version} needs Node ${range}, the project promises ${wanted}`);
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problems = nodeProblems();
  for (const p of problems) process.stderr.write(`[node] ${p}\n`);
  if (problems.length) process.exit(1);
  process.stdout.write(`[node] Node ${process.version} and every locked package fit engines ${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node}\n`);
}
