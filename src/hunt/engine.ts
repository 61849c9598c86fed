/**
 * The hunt engine: searches a {@link Conjecture} for hits over a deterministic stream of instances.
 *
 * **Instance stream.** Instance i (i = 0, 1, 2, …) of a hunt with seed S is drawn by
 * `fc.check(property, { seed: instanceSeed(S, i), numRuns: 1 })`: it depends on (S, i) alone — not on the shard,
 * the worker, the order or what was tried before — so any machine can try any index and get the same instance, and a
 * hit is shrunk by fast-check right away (the property fails exactly when the probe reports a hit). Each instance
 * is fast-check's first run under its own seed, so it is drawn with fast-check's first-run bias toward small values
 * (about half the draws come from the small end of each range: good for hunts, and visible in the distribution).
 *
 * **Indices.** A shard i/n takes the indices ≡ i (mod n): position m of the shard is index i + n·m. The threads of
 * one shard claim positions from one counter (an atomic counter shared by worker threads, see src/hunt/pool.ts),
 * so each position is tried once, by whichever thread is free — the load balances itself. With a run budget B the
 * indices are those < B, so the shards of one hunt, and the threads of one shard, partition {0, …, B−1} exactly
 * (see huntBudget.ts for time budgets).
 *
 * **Counting.** Each index tried is counted once, by the finding on its drawn instance: hit, no-hit, inconclusive, or
 * error (the probe threw or returned something that is not a Finding — a bug in the conjecture, counted apart and
 * never a hit). Shrink attempts are not counted. A hit carries the shrunk instance and the finding on it.
 *
 * **Mechanisms** (huntMechanism.ts, issue 9 item 6). Every hit is analysed (`analyseHit`: its signature, point, NC
 * metrics, one-line description), and a hit is shrunk **within its mechanism**: a shrink candidate fails the
 * property only when it is a hit with the same signature as the drawn hit, so shrinking never trades the drawn
 * mechanism for another (e.g. a learned-bias d = 2 hit for the degenerate d = 1 one). The report groups the hits by
 * signature and deduplicates them (`findings`).
 */
import fc from 'fast-check';
import type { Json } from '../claim/index.ts';
import { findingProblem, type Conjecture, type Finding } from '../claim/index.ts';
import type { HuntBudget, Shard } from './budget.ts';
import { distributionOf, paramsOf, type HuntDistribution, type ParamSample } from './distribution.ts';
import { plainJsonProblem } from '../claim/index.ts';
import { analyseWith, groupHits, hooksOf, type HitAnalysis, type HuntFindings } from './mechanism.ts';
import { errorMessage } from '../claim/index.ts';

/** The status of one tried index. */
export type TryStatus = Finding['status'] | 'error';

/** A hit: the shrunk counterexample to the conjectured statement, with its evidence. */
export interface HuntHit {
  /** The index in the hunt's instance stream. */
  readonly index: number;
  /** fast-check's seed for this index, `instanceSeed(seed, index)`. */
  readonly fcSeed: number;
  /** fast-check's `counterexamplePath` (with fcSeed it replays the shrunk instance through the generators). */
  readonly path: string;
  /** Successful shrink steps. */
  readonly shrinks: number;
  /** The shrunk instance (what the fixture stores). */
  readonly instance: Json;
  /** The finding on the shrunk instance (status 'hit'). */
  readonly finding: Finding;
  /** The instance as drawn, before shrinking. */
  readonly original: Json;
  /** The mechanism of the shrunk hit (the same signature as the drawn hit: shrinking stays within it). */
  readonly analysis: HitAnalysis;
  /** The signature of the drawn instance's hit (equal to analysis.signature; kept to show it was not crossed). */
  readonly drawnSignature: string;
}

/** What happened at one index. Plain data (it crosses worker threads by structured clone). */
export interface HuntTry {
  readonly index: number;
  readonly status: TryStatus;
  /** The searched parameters of the drawn instance (huntDistribution.ts). */
  readonly params: ParamSample;
  readonly hit?: HuntHit;
  /** For status 'error': the message. */
  readonly error?: string;
}

/** Options of {@link runHunt} (and {@link huntPositions}). */
export interface HuntOptions {
  /** The hunt's seed S, an integer in [0, 2³²−1]. */
  readonly seed: number;
  /** @defaultValue { index: 0, count: 1 } */
  readonly shard?: Shard;
  readonly budget: HuntBudget;
  /** Clock in ms for time budgets. @defaultValue Date.now */
  readonly now?: () => number;
  /** Absolute deadline on `now`'s scale (time budgets); default: now() + budget.ms when the hunt starts. */
  readonly deadline?: number;
  /** Called after each index (in increasing index order within one thread). */
  readonly onTry?: (t: HuntTry) => void;
  /** Asked before each index after the first; true stops the hunt (e.g. Ctrl-C). */
  readonly shouldStop?: () => boolean;
}

/** The result of a hunt (one shard, all its workers). */
export interface HuntReport {
  readonly id: string;
  readonly cite: string;
  readonly statement: string;
  readonly seed: number;
  readonly budget: HuntBudget;
  readonly shard: Shard;
  readonly workers: number;
  /** Indices tried. tried = hits + noHit + inconclusive + errors. */
  readonly tried: number;
  /** Hits in index order. */
  readonly hits: readonly HuntHit[];
  /** The hits grouped by mechanism and deduplicated (huntMechanism.ts). */
  readonly findings: HuntFindings<HuntHit>;
  readonly noHit: number;
  readonly inconclusive: number;
  readonly errors: number;
  /** The messages of the first (lowest-index) errors, at most 3. */
  readonly errorSamples: readonly { readonly index: number; readonly error: string }[];
  readonly distribution: HuntDistribution;
  readonly seconds: number;
}

/** MurmurHash3's 32-bit finaliser (full avalanche). */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * fast-check's seed for instance `index` of a hunt with seed `seed`: a hash of (seed, index) alone. Changing this
 * function changes every hunt's instances (the unit test pins a few values).
 *
 * @param seed - the hunt seed, integer in [0, 2³²−1]
 * @param index - the instance index, integer in [0, 2⁵³)
 * @returns an integer in [0, 2³²−1]
 * @example
 * instanceSeed(42, 0) === instanceSeed(42, 0); // => true (and independent of anything else)
 */
export function instanceSeed(seed: number, index: number): number {
  const lo = index >>> 0;
  const hi = Math.floor(index / 0x1_0000_0000) >>> 0;
  let h = fmix32((seed >>> 0) ^ 0x9e3779b9);
  h = fmix32(((h + Math.imul(lo, 0xcc9e2d51)) >>> 0) ^ 0x1b873593);
  h = fmix32((h ^ Math.imul(hi, 0x27d4eb2f)) >>> 0);
  return h;
}

/**
 * The index at position m of a shard: shard.index + shard.count·m.
 *
 * @example
 * shardIndex({ index: 1, count: 3 }, 4); // => 13
 */
export function shardIndex(shard: Shard, m: number): number {
  return shard.index + shard.count * m;
}

/**
 * The indices of a run-budget hunt that a shard tries: those < runs and ≡ the shard's index, in order.
 *
 * @example
 * shardIndices({ index: 1, count: 3 }, 10); // => [1, 4, 7]
 */
export function shardIndices(shard: Shard, runs: number): number[] {
  const out: number[] = [];
  for (let m = 0; shardIndex(shard, m) < runs; m++) out.push(shardIndex(shard, m));
  return out;
}

/** Calls the probe, turning a throw or a malformed return into an error. */
function safeProbe<I extends Json>(
  c: Conjecture<I>,
  instance: I,
): { readonly finding: Finding } | { readonly error: string } {
  let u: unknown;
  try {
    u = c.probe(instance);
  } catch (e) {
    return { error: `probe threw: ${errorMessage(e)}` };
  }
  const p = findingProblem(u);
  return p === undefined ? { finding: u as Finding } : { error: `probe returned an invalid finding: ${p}` };
}

/**
 * Draws instance `index` of the hunt with seed `seed`, probes it, and shrinks it when it is a hit.
 *
 * @param conjecture - the conjecture
 * @param seed - the hunt seed
 * @param index - the instance index
 * @returns what happened, with the shrunk hit
 * @example
 * tryInstance(conjecture, 42, 17); // => { index: 17, status: 'no-hit', params: { K: 5, d: 2, … } }
 */
export function tryInstance<I extends Json>(conjecture: Conjecture<I>, seed: number, index: number): HuntTry {
  const fcSeed = instanceSeed(seed, index);
  let drawn:
    | { readonly instance: I; readonly outcome: ReturnType<typeof safeProbe>; readonly analysis?: HitAnalysis }
    | undefined;
  let lastHit: { readonly instance: I; readonly finding: Finding; readonly analysis: HitAnalysis } | undefined;
  const property = fc.property(conjecture.arbitrary, (instance: I): boolean => {
    const outcome = safeProbe(conjecture, instance);
    // A shrink candidate whose probe throws is not pursued (the bug is counted on the drawn instance only).
    const isHit = 'finding' in outcome && outcome.finding.status === 'hit';
    const analysis = isHit ? analyseWith(conjecture, instance, outcome.finding) : undefined;
    if (drawn === undefined) {
      drawn = { instance, outcome, ...(analysis !== undefined ? { analysis } : {}) };
    } else if (analysis !== undefined && analysis.signature !== drawn.analysis?.signature) {
      // A hit of another mechanism: not a smaller witness of this one (the shrink stays within the group).
      return true;
    }
    if (isHit && analysis !== undefined) {
      lastHit = { instance, finding: outcome.finding, analysis };
      return false;
    }
    return true;
  });
  const details = fc.check(property, {
    seed: fcSeed,
    numRuns: 1,
    endOnFailure: false,
    verbose: 0,
    markInterruptAsFailure: false,
  });
  if (drawn === undefined) throw new Error(`fast-check drew no instance for index ${index} (seed ${fcSeed})`);
  const params = paramsOf(drawn.instance);
  if ('error' in drawn.outcome) return { index, status: 'error', params, error: drawn.outcome.error };
  const status = drawn.outcome.finding.status;
  if (status !== 'hit') return { index, status, params };
  if (
    !details.failed ||
    details.counterexample === null ||
    details.counterexamplePath === null ||
    lastHit === undefined ||
    drawn.analysis === undefined
  ) {
    throw new Error(`fast-check did not report the hit at index ${index} (seed ${fcSeed})`);
  }
  const shrunk = details.counterexample[0];
  // The shrunk counterexample is the last instance that hit; probe again only if fast-check handed back a copy.
  let finding = lastHit.finding;
  let analysis = lastHit.analysis;
  if (lastHit.instance !== shrunk) {
    const again = safeProbe(conjecture, shrunk);
    if ('error' in again || again.finding.status !== 'hit') {
      return {
        index,
        status: 'error',
        params,
        error: `the shrunk hit did not hit again (probe not deterministic?): ${'error' in again ? again.error : again.finding.why}`,
      };
    }
    finding = again.finding;
    analysis = analyseWith(conjecture, shrunk, finding);
  }
  const storable = plainJsonProblem(shrunk, 'instance');
  if (storable !== undefined)
    return { index, status: 'error', params, error: `hit not storable as a fixture: ${storable}` };
  return {
    index,
    status: 'hit',
    params,
    hit: {
      index,
      fcSeed,
      path: details.counterexamplePath,
      shrinks: details.numShrinks,
      instance: shrunk,
      finding,
      original: drawn.instance,
      analysis,
      drawnSignature: drawn.analysis.signature,
    },
  };
}

/** Options of {@link huntPositions}. */
export interface HuntPositionsOptions extends HuntOptions {
  /**
   * Hands out the next position of the shard to try (index = shard.index + shard.count·position). Each call must
   * return a position no other participant gets: a local counter in one thread, an atomic counter shared by the
   * worker threads of a pool. @defaultValue a local counter from 0
   */
  readonly next?: () => number;
  /** Pause (return with `finished: false`) once this many ms have passed, so an async caller can yield. */
  readonly sliceMs?: number;
  /** Try one instance even if the deadline has passed (so that a hunt tries at least one). @defaultValue true */
  readonly atLeastOne?: boolean;
}

/**
 * Tries the positions handed out by `next` until the run budget's indices are exhausted or the deadline passes
 * (checked before each claim, so an instance — and the shrinking of its hit — that started in time runs to
 * completion), or until `sliceMs` has passed.
 *
 * @param conjecture - the conjecture
 * @param options - seed, shard, budget, position source, clock, callbacks
 * @returns how many indices were tried, and whether this participant is done (false: paused after sliceMs)
 */
export function huntPositions<I extends Json>(
  conjecture: Conjecture<I>,
  options: HuntPositionsOptions,
): { readonly tried: number; readonly finished: boolean } {
  const shard = options.shard ?? { index: 0, count: 1 };
  const now = options.now ?? Date.now;
  const { budget, seed } = options;
  const start = now();
  const deadline = budget.kind === 'time' ? (options.deadline ?? start + budget.ms) : Infinity;
  const limit = budget.kind === 'runs' ? budget.runs : Number.MAX_SAFE_INTEGER;
  let local = 0;
  const next = options.next ?? ((): number => local++);
  let mustTry = options.atLeastOne ?? true;
  let tried = 0;
  for (;;) {
    if (!mustTry) {
      const t = now();
      if (t >= deadline || options.shouldStop?.() === true) return { tried, finished: true };
      if (options.sliceMs !== undefined && t - start >= options.sliceMs) return { tried, finished: false };
    }
    mustTry = false;
    const index = shardIndex(shard, next());
    if (index >= limit) return { tried, finished: true };
    const t = tryInstance(conjecture, seed, index);
    tried++;
    options.onTry?.(t);
  }
}

/** Accumulates tries (from any number of threads, in any order) into the counts of a {@link HuntReport}. */
export interface HuntTally {
  add(t: HuntTry): void;
  readonly tried: number;
  readonly hits: number;
  readonly inconclusive: number;
  readonly errors: number;
  /**
   * The report; `seconds` and the hunt's settings are supplied by the caller, the conjecture (when given) supplies
   * the dedup key and witness size of the findings (huntMechanism.ts).
   */
  report(
    head: Pick<HuntReport, 'id' | 'cite' | 'statement' | 'seed' | 'budget' | 'shard' | 'workers' | 'seconds'>,
    conjecture?: Conjecture,
  ): HuntReport;
}

/**
 * A fresh tally. The report it builds is independent of the order of `add` calls: hits are sorted by index, the
 * distribution is order-free, error samples are the lowest indices.
 */
export function createTally(): HuntTally {
  const hits: HuntHit[] = [];
  const params: ParamSample[] = [];
  const errors: { index: number; error: string }[] = [];
  let tried = 0;
  let noHit = 0;
  let inconclusive = 0;
  return {
    add(t) {
      tried++;
      params.push(t.params);
      if (t.status === 'hit' && t.hit !== undefined) hits.push(t.hit);
      else if (t.status === 'no-hit') noHit++;
      else if (t.status === 'inconclusive') inconclusive++;
      else errors.push({ index: t.index, error: t.error ?? 'unknown error' });
    },
    get tried() {
      return tried;
    },
    get hits() {
      return hits.length;
    },
    get inconclusive() {
      return inconclusive;
    },
    get errors() {
      return errors.length;
    },
    report(head, conjecture) {
      const sorted = [...hits].sort((a, b) => a.index - b.index);
      return {
        ...head,
        tried,
        hits: sorted,
        findings: groupHits(sorted, conjecture !== undefined ? hooksOf(conjecture) : {}),
        noHit,
        inconclusive,
        errors: errors.length,
        errorSamples: [...errors].sort((a, b) => a.index - b.index).slice(0, 3),
        distribution: distributionOf(params),
      };
    },
  };
}

/**
 * Runs a whole hunt in this thread: the reference the worker pool must reproduce for run budgets.
 *
 * @param conjecture - the conjecture
 * @param options - seed, shard, budget, clock and callbacks
 * @returns the report (workers = 1)
 * @example
 * runHunt(conjecture, { seed: 7, budget: { kind: 'runs', runs: 100 } });
 * // => { tried: 100, hits: [{ index: 17, instance: {…}, finding: {…}, … }], inconclusive: 3, … }
 */
export function runHunt<I extends Json>(conjecture: Conjecture<I>, options: HuntOptions): HuntReport {
  const tally = createTally();
  const clock = options.now ?? Date.now;
  const t0 = clock();
  huntPositions(conjecture, {
    ...options,
    onTry: (t) => {
      tally.add(t);
      options.onTry?.(t);
    },
  });
  return tally.report(
    {
      id: conjecture.id,
      cite: conjecture.cite,
      statement: conjecture.statement,
      seed: options.seed,
      budget: options.budget,
      shard: options.shard ?? { index: 0, count: 1 },
      workers: 1,
      seconds: (clock() - t0) / 1000,
    },
    conjecture as Conjecture,
  );
}

/**
 * The searched parameters of instance `index` of the hunt with seed `seed`, drawn exactly as {@link tryInstance}
 * draws it but not probed (what `ufmcheck merge` uses to rebuild a merged hunt's distribution from its indices).
 *
 * @example
 * drawParams(conjecture, 42, 17); // => { K: 5, d: 2, … } (the params tryInstance(conjecture, 42, 17) reports)
 */
export function drawParams<I extends Json>(conjecture: Conjecture<I>, seed: number, index: number): ParamSample {
  let drawn: I | undefined;
  fc.check(
    fc.property(conjecture.arbitrary, (instance: I): boolean => {
      drawn ??= instance;
      return true;
    }),
    { seed: instanceSeed(seed, index), numRuns: 1, verbose: 0 },
  );
  if (drawn === undefined) throw new Error(`fast-check drew no instance for index ${index}`);
  return paramsOf(drawn);
}
