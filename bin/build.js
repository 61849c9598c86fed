// Which build of ufmcheck to run, and whether a checkout's build is current — one answer for bin/ufmcheck.js, the
// consumer test (tests/package) and the cold-start bench (bench/coldStart.bench.ts). Types: build.d.ts.
import { existsSync, readdirSync, statSync } from 'node:fs';

/** Newest modification time (ms) of the .ts files under the directory URL `dir` (0 when there are none). */
export function newestSource(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = new URL(e.name + (e.isDirectory() ? '/' : ''), dir);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** The compiled CLI under the package root URL `root`: the bundle, else the unbundled build, else undefined. */
export function compiledCli(root) {
  return [new URL('dist/cli/main.js', root), new URL('dist/src/cli/main.js', root)].find((u) => existsSync(u));
}

/**
 * Whether `root`'s compiled CLI may run: it exists, and in a checkout (src/ present) no source file is newer than it.
 * An installed package ships dist/ only, so its build is current by definition.
 */
export function buildIsCurrent(root) {
  const cli = compiledCli(root);
  if (cli === undefined) return false;
  if (!existsSync(new URL('src/cli/main.ts', root))) return true;
  const built = statSync(cli).mtimeMs;
  return ['src/', 'properties/'].every((d) => newestSource(new URL(d, root)) <= built);
}
