/**
 * Runs one claim through fast-check and returns what happened as data (STYLE.md §1.1: `fc.check`, never
 * `fc.assert`, so a failure becomes a record that the CLI prints and stores as a fixture).
 *
 * How verdicts map onto fast-check's boolean property:
 * - `pass` → true; `fail` → false (fast-check then shrinks the instance); `inconclusive` → true. An inconclusive
 *   run is not a failure for fast-check, but the record counts it apart, and it never counts as a pass.
 * - A check that throws is a bug in the claim: fast-check sees the exception as a failure and shrinks it; the record
 *   counts the run as failed and `errors`, and the counterexample carries the message.
 *
 * Counting: fast-check stops at the first failure, so `runs` is the number of instances drawn before and
 * including it (`RunDetails.numRuns`). Every call of the predicate is logged in order; the first `runs` calls are
 * the drawn instances, the rest are shrink attempts, which are not counted. `runs = passed + failed + inconclusive`.
 *
 * Timeout per run (a deadline check, documented choice): `Claim.check` is synchronous, and fast-check's `timeout`
 * and `interruptAfterTimeLimit` can only interrupt asynchronous properties (fast-check's own docs: "will not
 * interrupt a synchronous code"). So the runner times each check with `performance.now()` and, when it took longer
 * than `timeoutPerRunMs`, discards the verdict (whatever it was) and counts the run inconclusive (and `timedOut`);
 * for fast-check it is `true`, so a slow shrink candidate is simply not pursued. The budget is enforced after the
 * fact: a run is never cut short, only disqualified.
 *
 * Determinism: with the same claim, seed, runs and path the record is the same except `seconds` — as long as no run
 * comes near the timeout (a timed-out run depends on the wall clock; `timedOut` says when that happened).
 */
import fc from 'fast-check';
import type { Claim, Json, Verdict } from './claim.ts';

/** Options of {@link runClaim}. */
export interface RunOptions {
  /** fast-check seed, an integer in [0, 2³²−1]. Required: every run is replayable. */
  readonly seed: number;
  /** Number of instances to draw (fast-check `numRuns`), ≥ 1. */
  readonly runs: number;
  /** Wall-clock budget of one check in ms; a check that takes longer counts as inconclusive. @defaultValue none */
  readonly timeoutPerRunMs?: number;
  /** fast-check replay path (`RunDetails.counterexamplePath`); with `seed` it starts at that counterexample. */
  readonly path?: string;
  /** Called after each drawn instance (not after shrink attempts) with (done, runs). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The shrunk counterexample of a failed claim or a refuted control. */
export interface Counterexample {
  /** The instance after shrinking, verbatim (what a fixture stores). */
  readonly instance: Json;
  /** Its verdict (status `fail`; a synthetic one from {@link errorVerdict} when the check threw). */
  readonly verdict: Verdict;
  /** The seed of the run (as given, unsigned). */
  readonly seed: number;
  /** fast-check's `counterexamplePath`: with `seed` it replays this counterexample through the generators. */
  readonly path: string;
  /** Number of successful shrink steps fast-check took. */
  readonly shrinks: number;
  /** Present when the check threw on this instance: the error message. */
  readonly error?: string;
}

/** What one {@link runClaim} did. Everything but `seconds` is a function of (claim, seed, runs, path). */
export interface RunRecord {
  readonly id: string;
  readonly cite: string;
  readonly statement: string;
  readonly kind: 'claim' | 'control';
  readonly seed: number;
  /** The `runs` asked for. */
  readonly requestedRuns: number;
  /** Instances drawn (fewer than requested when a failure ended the run). */
  readonly runs: number;
  readonly passed: number;
  /** Runs whose verdict was `fail`, plus runs whose check threw. */
  readonly failed: number;
  /** Runs whose verdict was `inconclusive`, plus timed-out runs. Never counted as passes. */
  readonly inconclusive: number;
  /** Of `inconclusive`, the runs disqualified by the per-run timeout. */
  readonly timedOut: number;
  /** Of `failed`, the runs whose check threw. */
  readonly errors: number;
  /** Largest `margin` among the drawn instances judged pass or fail; null when there was none. */
  readonly worstMargin: number | null;
  /** Wall-clock seconds of the whole run including shrinking. */
  readonly seconds: number;
  /** A `fail` verdict was found (for a control: it did its job). False when the only failure was a throw. */
  readonly refuted: boolean;
  /** The shrunk failing instance, when the run failed (fail verdict or thrown check). */
  readonly counterexample?: Counterexample;
  /** fast-check's version (fixtures store it: a path replays only under the same generators). */
  readonly fastCheckVersion: string;
}

/** One logged predicate call. */
type Call =
  | { readonly type: 'verdict'; readonly verdict: Verdict }
  | { readonly type: 'timeout' }
  | { readonly type: 'error' };

/** Largest seed accepted: fast-check seeds are 32-bit. */
export const MAX_SEED = 0xffff_ffff;

/**
 * The verdict recorded for a check that threw: status `fail` with NaN figures and the message in `why`.
 *
 * @param e - what was thrown
 * @returns the synthetic verdict
 */
export function errorVerdict(e: unknown): Verdict {
  return {
    status: 'fail',
    measured: Number.NaN,
    predicted: Number.NaN,
    tolerance: Number.NaN,
    margin: Number.NaN,
    why: `check threw: ${errorMessage(e)}`,
  };
}

/** The one-line message of a thrown value. */
export function errorMessage(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.split('\n')[0] ?? text;
}

/**
 * Runs `claim` on `runs` instances drawn by its arbitrary with the given seed, shrinking the first failure.
 *
 * @param claim - the claim or negative control
 * @param options - seed, runs, optional per-run timeout and replay path
 * @returns the record: counts, worst margin, time and, on failure, the shrunk counterexample with its verdict
 * @throws {RangeError} when seed, runs, timeout or path is out of range (programmer error; the CLI validates first)
 * @example
 * const r = runClaim(claim, { seed: 42, runs: 100 });
 * // => { id: 'ce.global-min.simplex-etf', runs: 100, passed: 97, failed: 0, inconclusive: 3, refuted: false, … }
 */
export function runClaim<I extends Json>(claim: Claim<I>, options: RunOptions): RunRecord {
  const { seed, runs, timeoutPerRunMs, path, onProgress } = options;
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new RangeError(`seed must be an integer in [0, 2^32-1]; got ${seed}`);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be an integer >= 1; got ${runs}`);
  if (timeoutPerRunMs !== undefined && !(timeoutPerRunMs > 0)) throw new RangeError(`timeoutPerRunMs must be > 0; got ${timeoutPerRunMs}`);
  if (path !== undefined && !/^\d+(:\d+)*$/.test(path)) throw new RangeError(`path must look like '3:0:1'; got '${path}'`);

  const calls: Call[] = [];
  let firstFailureSeen = false;
  let lastFailure: { readonly instance: I; readonly verdict: Verdict; readonly error?: string } | undefined;

  const property = fc.property(claim.arbitrary, (instance: I): boolean => {
    const start = performance.now();
    let verdict: Verdict;
    try {
      verdict = claim.check(instance);
    } catch (e) {
      calls.push({ type: 'error' });
      lastFailure = { instance, verdict: errorVerdict(e), error: errorMessage(e) };
      firstFailureSeen = true;
      throw e;
    }
    const timedOut = timeoutPerRunMs !== undefined && performance.now() - start > timeoutPerRunMs;
    calls.push(timedOut ? { type: 'timeout' } : { type: 'verdict', verdict });
    if (!firstFailureSeen && onProgress !== undefined) onProgress(calls.length, runs);
    if (!timedOut && verdict.status === 'fail') {
      lastFailure = { instance, verdict };
      firstFailureSeen = true;
      return false;
    }
    return true;
  });

  const t0 = performance.now();
  const details = fc.check(property, {
    seed,
    numRuns: runs,
    ...(path !== undefined ? { path } : {}),
    endOnFailure: false,
    verbose: 0,
    markInterruptAsFailure: false,
  });

  let counterexample: Counterexample | undefined;
  if (details.failed) {
    if (details.counterexample === null || details.counterexamplePath === null) {
      throw new Error(`fast-check stopped without a counterexample for ${claim.id} (interrupted or too many skips)`);
    }
    const instance = details.counterexample[0];
    // The shrunk counterexample is the last instance that failed; re-check only if fast-check handed back a copy.
    const found = lastFailure !== undefined && lastFailure.instance === instance ? lastFailure : recheck(claim, instance);
    counterexample = {
      instance,
      verdict: found.verdict,
      seed,
      path: details.counterexamplePath,
      shrinks: details.numShrinks,
      ...(found.error !== undefined ? { error: found.error } : {}),
    };
  }
  const seconds = (performance.now() - t0) / 1000;

  const drawn = calls.slice(0, details.numRuns);
  let passed = 0, failed = 0, inconclusive = 0, timedOut = 0, errors = 0;
  let worstMargin: number | null = null;
  for (const c of drawn) {
    if (c.type === 'timeout') { inconclusive++; timedOut++; continue; }
    if (c.type === 'error') { failed++; errors++; continue; }
    const v = c.verdict;
    if (v.status === 'inconclusive') { inconclusive++; continue; }
    if (v.status === 'pass') passed++;
    else failed++;
    if (worstMargin === null || v.margin > worstMargin) worstMargin = v.margin;
  }

  return {
    id: claim.id,
    cite: claim.cite,
    statement: claim.statement,
    kind: claim.kind,
    seed,
    requestedRuns: runs,
    runs: drawn.length,
    passed,
    failed,
    inconclusive,
    timedOut,
    errors,
    worstMargin,
    seconds,
    refuted: counterexample !== undefined && counterexample.error === undefined,
    ...(counterexample !== undefined ? { counterexample } : {}),
    fastCheckVersion: fc.__version,
  };
}

/** Re-checks one instance, turning a throw into an error verdict. */
function recheck<I extends Json>(claim: Claim<I>, instance: I): { readonly verdict: Verdict; readonly error?: string } {
  try {
    return { verdict: claim.check(instance) };
  } catch (e) {
    return { verdict: errorVerdict(e), error: errorMessage(e) };
  }
}
