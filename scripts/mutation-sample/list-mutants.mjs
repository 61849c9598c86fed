#!/usr/bin/env node
/**
 * Lists every mutant `npm run mutation` would create (issue 9 item 5), without running a test: Stryker's own
 * instrumenter over the files stryker.config.mjs mutates (the same include/exclude rules, restated here), one JSON
 * object per mutant with its 0-based API location. Used to draw the random sample behind the overall score estimate
 * (README "Mutation testing", "Overall"): the full run is 19 877 mutants, ≈ 2–4 days at concurrency 1 on 2 cores.
 *
 * Usage: node scripts/mutation-sample/list-mutants.mjs <outDir>   (writes <outDir>/mutants.json, per-file.json)
 */
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Instrumenter } from '@stryker-mutator/instrumenter';

const out = process.argv[2];
if (out === undefined) {
  console.error('usage: list-mutants.mjs <outDir>');
  process.exit(64);
}
const files = execSync("git ls-files 'src/**/*.ts'", { encoding: 'utf8' })
  .trim()
  .split('\n')
  .filter((f) => /^src\/(theory|losses|claim|certify|geometry|models|certified|define|linalg)\//.test(f))
  .filter((f) => !/^src\/linalg\/(wasmGemm|wasmEncode)\.ts$/.test(f) && f !== 'src/claim/atomicWrite.ts')
  .filter((f) => !f.endsWith('/index.ts') || f === 'src/losses/index.ts')
  .filter((f) => !f.endsWith('.d.ts'));
const silent = new Proxy({}, { get: (_t, k) => (String(k).startsWith('is') ? () => false : () => undefined) });
const instrumenter = new Instrumenter(silent); // parser, printer and transformer default to Stryker's own;
const result = await instrumenter.instrument(
  files.map((name) => ({ name, content: readFileSync(name, 'utf8'), mutate: true })),
  { plugins: null, excludedMutations: [], ignorers: [], noHeader: false },
);
const perFile = {};
for (const m of result.mutants) perFile[m.fileName] = (perFile[m.fileName] ?? 0) + 1;
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'mutants.json'),
  JSON.stringify(
    result.mutants.map((m) => ({
      id: m.id,
      file: m.fileName,
      mutator: m.mutatorName,
      replacement: m.replacement,
      loc: m.location,
    })),
  ),
);
writeFileSync(join(out, 'per-file.json'), JSON.stringify(perFile, null, 1));
console.log(`${result.mutants.length} mutants in ${files.length} files -> ${out}`);
