/**
 * Where `hunt` takes its shard from (issue 13 item 3): the flag, or the environment a CI matrix or a Kubernetes
 * Indexed Job sets, so that one command line serves every shard.
 *
 * Contract (first match wins):
 * 1. `--shard i/n` — explicit (combining it with `--shard-count` or UFMCHECK_SHARD_COUNT is a usage error only for
 *    the flag; the environment is then ignored).
 * 2. A shard count n from `--shard-count n`, else from the environment variable `UFMCHECK_SHARD_COUNT`; the index
 *    i from `UFMCHECK_SHARD_INDEX`, else from `JOB_COMPLETION_INDEX` (set by Kubernetes in every pod of an Indexed
 *    Job: 0 … completions − 1). With a count and no index: usage error. With an index ≥ n: usage error.
 * 3. Otherwise the whole hunt: 0/1. `JOB_COMPLETION_INDEX` alone (an Indexed Job that does not shard the hunt) is
 *    ignored; `UFMCHECK_SHARD_INDEX` alone is a usage error (half of our own contract).
 */
import { UsageError } from '../claim/index.ts';
import { MAX_SHARDS, parseShard, type Shard } from '../hunt/index.ts';
import { parsePositiveInt } from './args.ts';

/** Environment variables of the contract. */
export const SHARD_ENV = {
  count: 'UFMCHECK_SHARD_COUNT',
  index: 'UFMCHECK_SHARD_INDEX',
  k8s: 'JOB_COMPLETION_INDEX',
} as const;

/** The shard and where it came from (for the summary). */
export interface ResolvedShard {
  readonly shard: Shard;
  /** 'flag', 'env' or 'none'. */
  readonly source: 'flag' | 'env' | 'none';
}

function envIndex(s: string, field: string): number {
  if (!/^\d{1,7}$/.test(s)) throw new UsageError(field, `must be a shard index 0, 1, 2, …; got '${s}'`);
  return Number(s);
}

/**
 * Resolves the shard of a hunt.
 *
 * @param flag - `--shard`
 * @param countFlag - `--shard-count`
 * @param env - the environment
 * @throws {UsageError} naming the flag or the variable
 * @example
 * resolveShard(undefined, '4', { JOB_COMPLETION_INDEX: '2' }); // => { shard: { index: 2, count: 4 }, source: 'env' }
 */
export function resolveShard(
  flag: string | undefined,
  countFlag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedShard {
  if (flag !== undefined) {
    if (countFlag !== undefined)
      throw new UsageError(
        '--shard-count',
        'give either --shard i/n or --shard-count n (with the index in UFMCHECK_SHARD_INDEX or JOB_COMPLETION_INDEX), not both',
      );
    return { shard: parseShard(flag, '--shard'), source: 'flag' };
  }
  const countEnv = env[SHARD_ENV.count];
  const count =
    countFlag !== undefined
      ? parsePositiveInt(countFlag, '--shard-count', MAX_SHARDS)
      : countEnv !== undefined && countEnv !== ''
        ? parsePositiveInt(countEnv, SHARD_ENV.count, MAX_SHARDS)
        : undefined;
  const ours = env[SHARD_ENV.index];
  const k8s = env[SHARD_ENV.k8s];
  if (count === undefined) {
    if (ours !== undefined && ours !== '')
      throw new UsageError(
        SHARD_ENV.index,
        `is set ('${ours}') but the shard count is not: set ${SHARD_ENV.count} or give --shard-count n`,
      );
    return { shard: { index: 0, count: 1 }, source: 'none' };
  }
  const [field, raw] =
    ours !== undefined && ours !== ''
      ? [SHARD_ENV.index, ours]
      : k8s !== undefined && k8s !== ''
        ? [SHARD_ENV.k8s, k8s]
        : [undefined, undefined];
  if (field === undefined || raw === undefined) {
    throw new UsageError(
      countFlag !== undefined ? '--shard-count' : SHARD_ENV.count,
      `gives ${count} shards but no shard index is set: set ${SHARD_ENV.index} (CI matrix) or run in a Kubernetes Indexed Job (${SHARD_ENV.k8s}), or give --shard i/n`,
    );
  }
  const index = envIndex(raw, field);
  if (index >= count)
    throw new UsageError(
      field,
      `is ${index}, but there are only ${count} shards (0 … ${count - 1}); the Job's completions must equal the shard count`,
    );
  return { shard: parseShard(`${index}/${count}`, field), source: 'env' };
}
