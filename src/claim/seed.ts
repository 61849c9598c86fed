/**
 * The one seed mechanism (issue 12 item 3): `--seed`, else UFMCHECK_SEED, else the clock — for `verify`, `hunt`,
 * `npm test` and a user's `assertClaim` alike. A malformed value is a usage error naming where it came from.
 */
import { UsageError } from '../core/index.ts';
import { MAX_SEED } from './run.ts';

/**
 * Parses a seed: a decimal integer in [0, 2³²−1].
 *
 * @example
 * parseSeed('42', '--seed'); // => 42
 */
export function parseSeed(s: string, field: string): number {
  const x = /^\d{1,10}$/.test(s) ? Number(s) : Number.NaN;
  if (!(x >= 0 && x <= MAX_SEED)) throw new UsageError(field, `must be an integer in [0, ${MAX_SEED}]; got '${s}'`);
  return x;
}

/** The environment variable that fixes the seed of `verify`, `hunt` and `npm test` alike (issue 12 item 3). */
export const SEED_ENV = 'UFMCHECK_SEED';

/** Where a run's seed came from: the flag, UFMCHECK_SEED, or the clock (then printed so it can be repeated). */
export type SeedSource = 'flag' | 'env' | 'clock';

/**
 * The seed of a run: `--seed` when given, else UFMCHECK_SEED (the variable the tests honour too), else the clock.
 *
 * @param flag - the `--seed` text, if any
 * @param env - the process environment
 * @param now - the clock in ms
 * @throws {UsageError} naming `--seed` or `UFMCHECK_SEED` when the text is not an integer in [0, 2^32−1]
 * @example
 * resolveSeed(undefined, { UFMCHECK_SEED: '7' }, Date.now); // => { seed: 7, source: 'env' }
 */
export function resolveSeed(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  now: () => number,
): { seed: number; source: SeedSource } {
  if (flag !== undefined) return { seed: parseSeed(flag, '--seed'), source: 'flag' };
  const e = env[SEED_ENV];
  if (e !== undefined && e !== '') return { seed: parseSeed(e, SEED_ENV), source: 'env' };
  return { seed: now() % 0x1_0000_0000, source: 'clock' };
}
