/**
 * Where `verify` keeps what a failed run leaves behind (issue 10 items 4 and 7): the failures directory
 * (default {@link DEFAULT_FAILURES_DIR}, listed in .gitignore and named in the README; `--out DIR` replaces it) holds
 * the fixtures of failed claims and `lastfailed` (JSON; no .json extension, so `replay DIR` skips it), the ids
 * `verify --last-failed` re-runs.
 *
 * A green run writes nothing: it only removes a stale `lastfailed` (the previous failures are fixed).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, writeFileAtomic } from '../claim/index.ts';

/** Default failures directory, relative to the working directory. */
export const DEFAULT_FAILURES_DIR = '.ufmcheck/failures';

/** File name of the last failures inside the failures directory. */
export const LAST_FAILED_FILE = 'lastfailed';

/** One failure of the last run. */
export interface LastFailure {
  readonly id: string;
  /** The outcome that made it a failure: fail, error, not-refuted or inconclusive. */
  readonly outcome: string;
  /** The exact command that re-runs it. */
  readonly rerun: string;
  /** The fixture's replay command, when a counterexample was saved. */
  readonly replay?: string;
}

/** The contents of `lastfailed`. */
export interface LastFailed {
  readonly schema: 'ufmcheck/last-failed@1';
  readonly seed: number;
  readonly failures: readonly LastFailure[];
}

/**
 * Records the failures of a run, or clears the record after a green run (writing nothing then).
 *
 * @param dir - the failures directory (absolute)
 * @param seed - the run's seed
 * @param failures - the failures, empty for a green run
 */
export function recordLastFailed(dir: string, seed: number, failures: readonly LastFailure[]): void {
  const file = join(dir, LAST_FAILED_FILE);
  if (failures.length === 0) {
    if (existsSync(file)) rmSync(file);
    return;
  }
  const body: LastFailed = { schema: 'ufmcheck/last-failed@1', seed, failures };
  writeFileAtomic(file, `${JSON.stringify(body, null, 2)}\n`);
}

/**
 * Reads the ids of the last run's failures.
 *
 * @param dir - the failures directory (absolute)
 * @returns the ids, or undefined when no failures are recorded (no file: the last run was green or never ran)
 * @throws {UsageError} naming `--last-failed` when the file exists but is not a last-failed record
 */
export function readLastFailed(dir: string): string[] | undefined {
  return readLastFailures(dir)?.map((f) => f.id);
}

/**
 * Reads the last run's failures with their commands.
 *
 * @param dir - the failures directory (absolute)
 * @returns the failures, or undefined when none are recorded
 * @throws {UsageError} naming `--last-failed` when the file exists but is not a last-failed record
 */
export function readLastFailures(dir: string): LastFailure[] | undefined {
  const file = join(dir, LAST_FAILED_FILE);
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new UsageError('--last-failed', `${file} is not valid JSON`);
  }
  const failures = (parsed as { failures?: unknown }).failures;
  if (!Array.isArray(failures) || !failures.every((f) => typeof (f as { id?: unknown }).id === 'string')) {
    throw new UsageError('--last-failed', `${file}: 'failures' must be a list of {id, …}`);
  }
  return failures.map((f) => {
    const e = f as { id: string; outcome?: unknown; rerun?: unknown; replay?: unknown };
    return {
      id: e.id,
      outcome: typeof e.outcome === 'string' ? e.outcome : 'fail',
      rerun: typeof e.rerun === 'string' ? e.rerun : `npx ufmcheck verify --claim ${e.id}`,
      ...(typeof e.replay === 'string' ? { replay: e.replay } : {}),
    };
  });
}
