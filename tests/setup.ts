/**
 * Global fast-check configuration (fast-check's vitest.setup.mjs pattern, STYLE.md §1.1):
 * UFMCHECK_SEED fixes the seed of every property run, UFMCHECK_RUNS scales the number of runs.
 * In CI (CI=true) a seed is mandatory so every failure is replayable.
 */
import fc from 'fast-check';

const seedText = process.env['UFMCHECK_SEED'];
if (process.env['CI'] && (seedText === undefined || seedText === '')) {
  throw new Error('UFMCHECK_SEED must be set in CI so that every property failure can be replayed');
}
const seed = seedText === undefined || seedText === '' ? undefined : Number(seedText);
if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`UFMCHECK_SEED must be an integer; got ${seedText}`);
fc.configureGlobal({ ...(seed !== undefined ? { seed } : {}) });
