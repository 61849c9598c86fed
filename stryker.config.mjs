// @ts-check
/**
 * Mutation testing (issue 9 item 5): `npm run mutation` mutates the numeric and theory layers and runs the tests of
 * vitest.mutation.config.ts against every mutant. Narrow it with `npm run mutation -- --mutate 'src/theory/**\/*.ts'`.
 * Reports: reports/mutation/mutation.html, reports/mutation/mutation.json, and a clear-text table on stdout.
 * Equivalent mutants (survivors that no test can kill, with the reason): docs/mutation-equivalents.md.
 *
 * What is mutated, and what is not:
 * - src/theory, src/losses, src/claim, src/certify, src/certified, src/define, src/geometry, src/linalg: all of it.
 * - src/models and src/linalg: the JS paths. Left out: linalg/wasmGemm.ts and wasmEncode.ts, the WebAssembly module
 *   encoder and SIMD kernel generator — its
 *   mutants change bytes of a wasm binary, which either fails validation at instantiation (every test dies the same
 *   way) or is caught by the JS-vs-wasm agreement tests of tests/unit/linalg/wasmGemm.test.ts; mutating it measures
 *   the encoder, not the theory, and costs a full recompile of the module per mutant.
 * - src/claim/atomicWrite.ts: I/O only (temp file + fsync + rename); its mutants are file-system plumbing whose
 *   failure modes (half-written files on a crash) no in-process test can provoke.
 * - `index.ts` files are re-exports (src/losses/index.ts holds the loss registry and stays in).
 *
 * Concurrency: 1 by default (2 shared cores); set STRYKER_CONCURRENCY to use more on a free machine.
 */
const concurrency = Number(process.env.STRYKER_CONCURRENCY ?? 1);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/theory/**/*.ts',
    'src/losses/**/*.ts',
    'src/claim/**/*.ts',
    'src/certify/**/*.ts',
    'src/geometry/**/*.ts',
    'src/models/**/*.ts',
    'src/certified/**/*.ts',
    'src/define/**/*.ts',
    'src/linalg/**/*.ts',
    '!src/linalg/wasmGemm.ts',
    '!src/linalg/wasmEncode.ts',
    '!src/claim/atomicWrite.ts',
    '!src/**/index.ts',
    'src/losses/index.ts',
  ],
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Add `--reporters event-recorder,…` to a long run to get one JSON file per tested mutant while it runs.
  eventReporter: { baseDir: 'reports/mutation/events' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 85, low: 75, break: null },
  concurrency,
  timeoutMS: 10_000,
  timeoutFactor: 2,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['reports', 'coverage', 'bench/results.json', '.stryker-tmp'],
};
export default config;
