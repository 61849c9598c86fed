#!/usr/bin/env node
// Entry point. The installed package runs the compiled CLI: the esbuild bundle dist/cli/main.js (a few files to load;
// scripts/bundle-cli.mjs), else the unbundled dist/src/cli/main.js — both built by `npm run build`, which `prepare`
// runs on `npm ci` and `npm pack`. A source checkout whose build is missing or older than any source file runs the
// TypeScript directly through tsx (a dev dependency), so an edit is never shadowed by a stale build.
import { existsSync, readdirSync, statSync } from 'node:fs';

const compiled = [
  new URL('../dist/cli/main.js', import.meta.url),
  new URL('../dist/src/cli/main.js', import.meta.url),
].find((u) => existsSync(u));
const source = new URL('../src/cli/main.ts', import.meta.url);

/** Newest modification time (ms) of the .ts files under a directory of the checkout. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = new URL(e.name + (e.isDirectory() ? '/' : ''), dir);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

function useCompiled() {
  if (compiled === undefined) return false;
  if (!existsSync(source)) return true; // the installed package ships dist/ only
  if (process.env.UFMCHECK_FROM_SOURCE === '1') return false;
  const built = statSync(compiled).mtimeMs;
  return ['../src/', '../properties/'].every((d) => newest(new URL(d, import.meta.url)) <= built);
}

let entry = compiled;
if (!useCompiled()) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = source;
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
