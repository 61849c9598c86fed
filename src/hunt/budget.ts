/**
 * Budgets and shards of a hunt (`--budget`, `--shard`), parsed and validated at the boundary.
 *
 * A **run budget** `--budget 500` means the hunt tries the instance indices 0 … 499, and a shard i/n takes those
 * ≡ i (mod n): the shards of one run-budget hunt partition its instances exactly (none twice, none missed), and
 * the result does not depend on the number of workers.
 *
 * A **time budget** `--budget 45s` / `10m` / `1.5h` lets the threads of a shard take its next untried index until
 * the time is up, so a shard tries a prefix of its indices (those claimed in time). Shards stay disjoint (their
 * index sets are disjoint by construction), but they are *not* exhaustive: how long a prefix each shard reaches
 * depends on the machine, so two shards with a time budget together try a subset of what one long unsharded hunt
 * would, not "the instances one unsharded hunt would" (a run budget gives that). The deadline is checked before an
 * index is claimed: an instance (and the shrinking of its hit) that started in time runs to completion, and a hunt
 * tries at least one instance.
 */
import { UsageError } from '../core/index.ts';

/** How long a hunt runs: a number of instance indices, or wall-clock milliseconds. */
export type HuntBudget =
  { readonly kind: 'runs'; readonly runs: number } | { readonly kind: 'time'; readonly ms: number };

/** The slice of the index space a machine takes: indices ≡ index (mod count). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Largest run budget (indices stay exact doubles and far below 2^53). */
export const MAX_BUDGET_RUNS = 1e12;
/** Largest time budget: 7 days. */
export const MAX_BUDGET_MS = 7 * 24 * 3600 * 1000;
/** Largest shard count. */
export const MAX_SHARDS = 1_000_000;

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses `--budget`: a positive integer is a number of runs; a positive number followed by `s`, `m` or `h` is a
 * wall-clock time.
 *
 * @param s - the flag's value
 * @param field - the flag, for the error (`--budget`)
 * @returns the budget
 * @throws {UsageError} naming `field` for anything else (`0`, `-3`, `10x`, `1.5` runs, `0s`, more than 7 days)
 * @example
 * parseBudget('500', '--budget'); // => { kind: 'runs', runs: 500 }
 * parseBudget('45s', '--budget'); // => { kind: 'time', ms: 45000 }
 * parseBudget('10m', '--budget'); // => { kind: 'time', ms: 600000 }
 */
export function parseBudget(s: string, field: string): HuntBudget {
  const hint = `a number of runs like '500' or a time like '45s', '10m', '2h'; got '${s}'`;
  if (/^\d{1,13}$/.test(s)) {
    const runs = Number(s);
    if (runs < 1 || runs > MAX_BUDGET_RUNS)
      throw new UsageError(field, `runs must be in [1, ${MAX_BUDGET_RUNS}]; got '${s}'`);
    return { kind: 'runs', runs };
  }
  const m = /^(\d+\.?\d*|\.\d+)([smh])$/.exec(s);
  if (m === null) throw new UsageError(field, `must be ${hint}`);
  const ms = Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  if (!(ms >= 1) || ms > MAX_BUDGET_MS) throw new UsageError(field, `time must be between 1ms and 7 days; got '${s}'`);
  return { kind: 'time', ms: Math.round(ms) };
}

/**
 * The budget as the user would type it.
 *
 * @example
 * formatBudget({ kind: 'time', ms: 45000 }); // => '45s'
 */
export function formatBudget(b: HuntBudget): string {
  if (b.kind === 'runs') return String(b.runs);
  if (b.ms % 3_600_000 === 0) return `${b.ms / 3_600_000}h`;
  if (b.ms % 60_000 === 0) return `${b.ms / 60_000}m`;
  return `${b.ms / 1000}s`;
}

/**
 * Parses `--shard i/n` (0-based: the shards of a 3-way split are 0/3, 1/3, 2/3).
 *
 * @throws {UsageError} naming `field` unless 0 ≤ i < n ≤ 1e6
 * @example
 * parseShard('1/4', '--shard'); // => { index: 1, count: 4 }
 */
export function parseShard(s: string, field: string): Shard {
  const m = /^(\d{1,7})\/(\d{1,7})$/.exec(s);
  if (m === null) throw new UsageError(field, `must be i/n with 0 <= i < n (0-based, e.g. 0/2 and 1/2); got '${s}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) throw new UsageError(field, `n must be in [1, ${MAX_SHARDS}]; got '${s}'`);
  if (index >= count)
    throw new UsageError(field, `i must be < n (shards are 0-based: 0/${count} … ${count - 1}/${count}); got '${s}'`);
  return { index, count };
}

/** `i/n`. */
export function formatShard(s: Shard): string {
  return `${s.index}/${s.count}`;
}
