#!/usr/bin/env node
// Entry point. The installed package runs the compiled CLI: the esbuild bundle dist/cli/main.js (a few files to load;
// scripts/bundle-cli.mjs), else the unbundled dist/src/cli/main.js — both built by `npm run build`, which `prepare`
// runs on `npm ci` and `npm pack`. A source checkout whose build is missing or older than any source file runs the
// TypeScript directly through tsx (a dev dependency), so an edit is never shadowed by a stale build (build.js).
import { existsSync } from 'node:fs';
import { buildIsCurrent, compiledCli } from './build.js';

const root = new URL('../', import.meta.url);
const source = new URL('src/cli/main.ts', root);
let entry = compiledCli(root);
// UFMCHECK_FROM_SOURCE=1 forces the sources in a checkout; an installed package has none and ignores it.
const fromSource = existsSync(source) && (process.env.UFMCHECK_FROM_SOURCE === '1' || !buildIsCurrent(root));
if (entry === undefined || fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = source;
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
