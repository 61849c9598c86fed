#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/main.js and its worker-thread entries) into dist/cli/ with esbuild, so a
// cold `ufmcheck` loads a few files instead of ~150 ES modules and @stdlib's CommonJS tree (issue 13 item 4e, issue 14:
// start-up). The library subpaths keep using the unbundled dist/src (their .d.ts live there). Code splitting shares
// one chunk between the entries; the worker entries land beside it as <name>.js, which is where
// src/claim/workerEntry.ts looks for them. vega and vega-lite (report only, large) stay external.
//   node scripts/bundle-cli.mjs [DIST]   (DIST defaults to ./dist; run by `npm run build` after tsc)
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = resolve(process.argv[2] ?? 'dist');
await build({
  entryPoints: {
    main: `${dist}/src/cli/main.js`,
    huntWorker: `${dist}/src/cli/huntWorker.js`,
    reportWorker: `${dist}/src/cli/reportWorker.js`,
    moduleProbeWorker: `${dist}/src/claim/moduleProbeWorker.js`,
  },
  outdir: `${dist}/cli`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['vega', 'vega-lite', 'tsx', 'tsx/*'],
  // Whitespace and syntax only: identifiers stay, so an internal error's stack (exit 70) still names our functions.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // Packages resolve from this checkout's node_modules too, so a DIST outside it (the consumer test builds into a
  // temporary stage when dist/ is stale) bundles the same dependencies.
  nodePaths: [fileURLToPath(new URL('../node_modules', import.meta.url))],
});
