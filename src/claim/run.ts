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
 * Timeout per run: `Claim.check` is synchronous, and fast-check's `timeout` and `interruptAfterTimeLimit` can only
 * interrupt asynchronous properties (fast-check's own docs: "will not interrupt a synchronous code"). So the runner
 * arms a cooperative deadline (src/core/deadline.ts) that the solvers and Lanczos check every iteration: a run past
 * `timeoutPerRunMs` is stopped by a DeadlineError and counted inconclusive (and `timedOut`), and a check that
 * returns late (code without deadline checks) is disqualified the same way; for fast-check it is `true`, so a slow
 * shrink candidate is simply not pursued.
 *
 * Determinism: with the same claim, seed, runs and path the record is the same except `seconds` — as long as no run
 * comes near the timeout (a timed-out run depends on the wall clock; `timedOut` says when that happened).
 */
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import type { Claim, ClaimClass, Json, Verdict } from './claim.ts';
import { classSeed, DEFAULT_MIN_PER_CLASS } from './classes.ts';
import { mergeResolution } from './verdict.ts';
import { DeadlineError, withDeadline } from '../core/index.ts';

/** Options of {@link runClaim}. */
export interface RunOptions<I extends Json = Json> {
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
  /**
   * Certified runs (pass or fail verdicts) each coverage class of the claim must get; fewer makes the claim
   * inconclusive (issue 9 item 1). Ignored for claims without classes. @defaultValue 3 (DEFAULT_MIN_PER_CLASS)
   */
  readonly minPerClass?: number;
  /** Run only this coverage class (replaying a class's counterexample with its `path`). @defaultValue all classes */
  readonly className?: string;
  /**
   * Draw the instances from this arbitrary instead of the claim's (and its coverage classes): a run profile's
   * instances (issue 12 item 4, `verify --profile`, src/arbitraries/profiles.ts). @defaultValue the claim's
   */
  readonly arbitrary?: Arbitrary<I>;
  /**
   * Run exactly these instances, in order, instead of drawing (fast-check `examples`; `runs` is then their count):
   * the fixed instances of `verify --profile paper`. A failing example is reported as it is (examples do not shrink).
   */
  readonly examples?: readonly I[];
}

/** Per-class counts of one run (`verify --json` field `coverage`). */
export interface ClassCoverage {
  readonly class: string;
  /** The class is a near-threshold stratum (issue 9 item 2). */
  readonly nearThreshold: boolean;
  /** Drawn instances of this class, over all its batches. */
  readonly runs: number;
  readonly passed: number;
  readonly failed: number;
  readonly inconclusive: number;
}

/** The shrunk counterexample of a failed claim or a refuted control. */
export interface Counterexample {
  /** The instance after shrinking, verbatim (what a fixture stores). */
  readonly instance: Json;
  /** Its verdict (status `fail`; a synthetic one from {@link errorVerdict} when the check threw). */
  readonly verdict: Verdict;
  /** The fast-check seed that drew it: the run's seed, or for a coverage class that class's derived seed (classSeed). */
  readonly seed: number;
  /** The coverage class it was drawn from, when the claim has classes. */
  readonly class?: string;
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
  /**
   * Resolving power over the drawn runs (issue 9 item 3): per predicted quantity, the smallest relative
   * perturbation of the prediction that at least one certified run is guaranteed to refute.
   */
  readonly resolution?: Readonly<Record<string, number>>;
  /** Per coverage class counts, in declaration order (only for claims with classes; classes after a failure are absent). */
  readonly coverage?: readonly ClassCoverage[];
  /** The certified runs each class needed (only for claims with classes). */
  readonly minPerClass?: number;
  /** fast-check's version (fixtures store it: a path replays only under the same generators). */
  readonly fastCheckVersion: string;
}

/** One logged predicate call. */
type Call =
  { readonly type: 'verdict'; readonly verdict: Verdict } | { readonly type: 'timeout' } | { readonly type: 'error' };

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
export function runClaim<I extends Json>(claim: Claim<I>, options: RunOptions<I>): RunRecord {
  const { seed, runs, timeoutPerRunMs, path, onProgress } = options;
  const minPerClass = options.minPerClass ?? DEFAULT_MIN_PER_CLASS;
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED)
    throw new RangeError(`seed must be an integer in [0, 2^32-1]; got ${seed}`);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be an integer >= 1; got ${runs}`);
  if (timeoutPerRunMs !== undefined && !(timeoutPerRunMs > 0))
    throw new RangeError(`timeoutPerRunMs must be > 0; got ${timeoutPerRunMs}`);
  if (path !== undefined && !/^\d+(:\d+)*$/.test(path))
    throw new RangeError(`path must look like '3:0:1'; got '${path}'`);
  if (!Number.isInteger(minPerClass) || minPerClass < 1)
    throw new RangeError(`minPerClass must be an integer >= 1; got ${minPerClass}`);

  const t0 = performance.now();
  const classes =
    options.arbitrary !== undefined || options.examples !== undefined
      ? undefined
      : selectedClasses(claim, options.className);
  const batches: Batch<I>[] = [];
  const coverage: ClassCoverage[] = [];
  if (classes === undefined) {
    const ex = options.examples;
    const total = ex !== undefined ? ex.length : runs;
    batches.push(
      runBatch(claim, options.arbitrary ?? claim.arbitrary, {
        seed,
        runs,
        timeoutPerRunMs,
        path,
        ...(ex !== undefined ? { examples: ex } : {}),
        onDrawn: (done) => onProgress?.(done, total),
      }),
    );
  } else {
    // Stratified generation (issue 9 item 1): every class gets its own seed and max(m, ⌈runs/C⌉) runs, topped up
    // (at most MAX_TOP_UPS more batches) while it has fewer than m certified runs; the first failure ends the run.
    const perClass = Math.max(minPerClass, Math.ceil(runs / classes.length));
    let planned = perClass * classes.length;
    let done = 0;
    for (const { cls, index } of classes) {
      const tally = { runs: 0, passed: 0, failed: 0, inconclusive: 0 };
      let failed = false;
      for (let batch = 0; batch <= MAX_TOP_UPS; batch++) {
        const certified = tally.passed + tally.failed;
        if (batch > 0 && certified >= minPerClass) break;
        const n = batch === 0 ? perClass : minPerClass - certified + 1;
        if (batch > 0) planned += n;
        const classPath = batch === 0 && options.className !== undefined ? path : undefined;
        const b = runBatch(claim, cls.arbitrary, {
          seed: classSeed(seed, index, batch),
          runs: n,
          timeoutPerRunMs,
          path: classPath,
          className: cls.name,
          onDrawn: () => onProgress?.(++done, planned),
        });
        batches.push(b);
        const c = countCalls(b.drawn);
        tally.runs += b.drawn.length;
        tally.passed += c.passed;
        tally.failed += c.failed;
        tally.inconclusive += c.inconclusive;
        if (b.counterexample !== undefined) {
          failed = true;
          break;
        }
      }
      coverage.push({ class: cls.name, nearThreshold: cls.nearThreshold === true, ...tally });
      if (failed) break;
    }
  }
  const seconds = (performance.now() - t0) / 1000;

  const drawn = batches.flatMap((b) => b.drawn);
  const counts = countCalls(drawn);
  const counterexample = batches.find((b) => b.counterexample !== undefined)?.counterexample;
  return {
    id: claim.id,
    cite: claim.cite,
    statement: claim.statement,
    kind: claim.kind,
    seed,
    requestedRuns: runs,
    runs: drawn.length,
    ...counts,
    seconds,
    refuted: counterexample !== undefined && counterexample.error === undefined,
    ...(counterexample !== undefined ? { counterexample } : {}),
    ...(classes !== undefined ? { coverage, minPerClass } : {}),
    fastCheckVersion: fc.__version,
  };
}

/** Most top-up batches a coverage class may get after its first batch (each asks for the missing certified runs + 1). */
export const MAX_TOP_UPS = 2;

/** The classes to run (with their index in the claim's declaration), or undefined for a claim without classes. */
function selectedClasses<I extends Json>(
  claim: Claim<I>,
  className: string | undefined,
): { cls: ClaimClass<I>; index: number }[] | undefined {
  const classes = claim.classes;
  if (classes === undefined || classes.length === 0) {
    if (className !== undefined)
      throw new RangeError(`${claim.id} has no coverage classes; got className '${className}'`);
    return undefined;
  }
  const all = classes.map((cls, index) => ({ cls, index }));
  if (className === undefined) return all;
  const one = all.filter((c) => c.cls.name === className);
  if (one.length === 0)
    throw new RangeError(`${claim.id} has no class '${className}'; classes: ${classes.map((c) => c.name).join(', ')}`);
  return one;
}

/** One fast-check run over one arbitrary: the drawn calls (shrink attempts excluded) and the shrunk counterexample. */
interface Batch<I extends Json> {
  readonly drawn: readonly Call[];
  readonly counterexample?: Counterexample;
  /** Phantom: ties the batch to its instance type. */
  readonly _instance?: I;
}

interface BatchOptions {
  readonly seed: number;
  readonly runs: number;
  readonly timeoutPerRunMs: number | undefined;
  readonly path: string | undefined;
  readonly className?: string;
  readonly onDrawn?: (done: number) => void;
  readonly examples?: readonly unknown[];
}

/** Runs `claim.check` over `arbitrary` with fast-check (see the module comment for the mapping of verdicts). */
function runBatch<I extends Json>(claim: Claim<I>, arbitrary: Arbitrary<I>, o: BatchOptions): Batch<I> {
  const calls: Call[] = [];
  let firstFailureSeen = false;
  let lastFailure: { readonly instance: I; readonly verdict: Verdict; readonly error?: string } | undefined;

  const property = fc.property(arbitrary, (instance: I): boolean => {
    const start = performance.now();
    let verdict: Verdict;
    try {
      // The per-run budget is a cooperative deadline inside the solvers (src/core/deadline.ts): a slow run is
      // stopped, not only disqualified after it returns (issue 12 item 3).
      verdict = withDeadline(o.timeoutPerRunMs, () => claim.check(instance));
    } catch (e) {
      if (e instanceof DeadlineError) {
        calls.push({ type: 'timeout' });
        if (!firstFailureSeen) o.onDrawn?.(calls.length);
        return true;
      }
      calls.push({ type: 'error' });
      lastFailure = { instance, verdict: errorVerdict(e), error: errorMessage(e) };
      firstFailureSeen = true;
      throw e;
    }
    const timedOut = o.timeoutPerRunMs !== undefined && performance.now() - start > o.timeoutPerRunMs;
    calls.push(timedOut ? { type: 'timeout' } : { type: 'verdict', verdict });
    if (!firstFailureSeen) o.onDrawn?.(calls.length);
    if (!timedOut && verdict.status === 'fail') {
      lastFailure = { instance, verdict };
      firstFailureSeen = true;
      return false;
    }
    return true;
  });

  const details = fc.check(property, {
    seed: o.seed,
    numRuns: o.examples !== undefined ? o.examples.length : o.runs,
    ...(o.examples !== undefined ? { examples: o.examples.map((x) => [x as I] as [I]) } : {}),
    ...(o.path !== undefined ? { path: o.path } : {}),
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
    const found =
      lastFailure !== undefined && lastFailure.instance === instance ? lastFailure : recheck(claim, instance);
    counterexample = {
      instance,
      verdict: found.verdict,
      seed: o.seed,
      path: details.counterexamplePath,
      shrinks: details.numShrinks,
      ...(o.className !== undefined ? { class: o.className } : {}),
      ...(found.error !== undefined ? { error: found.error } : {}),
    };
  }
  return { drawn: calls.slice(0, details.numRuns), ...(counterexample !== undefined ? { counterexample } : {}) };
}

/** Counts of drawn calls, the worst margin among pass/fail verdicts and their merged resolving power. */
function countCalls(drawn: readonly Call[]): {
  passed: number;
  failed: number;
  inconclusive: number;
  timedOut: number;
  errors: number;
  worstMargin: number | null;
  resolution?: Readonly<Record<string, number>>;
} {
  let passed = 0,
    failed = 0,
    inconclusive = 0,
    timedOut = 0,
    errors = 0;
  let worstMargin: number | null = null;
  for (const c of drawn) {
    if (c.type === 'timeout') {
      inconclusive++;
      timedOut++;
      continue;
    }
    if (c.type === 'error') {
      failed++;
      errors++;
      continue;
    }
    const v = c.verdict;
    if (v.status === 'inconclusive') {
      inconclusive++;
      continue;
    }
    if (v.status === 'pass') passed++;
    else failed++;
    if (worstMargin === null || v.margin > worstMargin) worstMargin = v.margin;
  }
  const resolution = mergeResolution(
    drawn.flatMap((c) => (c.type === 'verdict' && c.verdict.status !== 'inconclusive' ? [c.verdict] : [])),
  );
  return {
    passed,
    failed,
    inconclusive,
    timedOut,
    errors,
    worstMargin,
    ...(resolution !== undefined ? { resolution } : {}),
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
