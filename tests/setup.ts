/**
 * Global fast-check configuration (fast-check's vitest.setup.mjs pattern, STYLE.md §1.1): UFMCHECK_SEED fixes
 * the seed of every property run, UFMCHECK_RUNS scales the number of runs. The seed is always set here: given by
 * the user or drawn once per test run and printed by tests/globalSetup.ts (issue 12 item 3: no CI-only failure).
 */
import fc from 'fast-check';

const seedText = process.env['UFMCHECK_SEED'];
const seed = seedText === undefined || seedText === '' ? undefined : Number(seedText);
if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`UFMCHECK_SEED must be an integer; got ${seedText}`);
fc.configureGlobal({ ...(seed !== undefined ? { seed } : {}) });
