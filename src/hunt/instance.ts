/**
 * Instances of the plain-UFM hunts (THEORY.md §7): a balanced problem in the `problem` JSON form (so fixtures store
 * it verbatim and the hunt summary histograms its fields), the solver seed as data (never shrunk: a seed is not a
 * size), the number of random starts M, and the scale of the random initialisation.
 *
 * Weight decays are drawn on a grid of tenth-decades over [1e-4, 1e-1] (THEORY.md §7.1's search range), rounded to
 * two significant digits, shrinking toward 1e-2. Shrinking of a hit is capped at {@link HUNT_MAX_SHRINKS} candidate
 * instances, so one hit costs at most that many extra probes.
 */
import fc from 'fast-check';
import type { Json } from '../claim/index.ts';
import { UsageError } from '../core/index.ts';
import { parseUfmProblem, problemToJson } from '../models/index.ts';
import type { BiasMode, UfmProblem } from '../models/index.ts';
import { round2 } from '../arbitraries/index.ts';

/** Most shrink candidates probed per hit (fc.limitShrink). */
export const HUNT_MAX_SHRINKS = 40;

/** A hunt instance over a plain-UFM problem with M seeded starts. */
export interface HuntUfmInstance {
  readonly [k: string]: Json;
  readonly problem: { readonly [k: string]: Json };
  /** Seed of the first start; start s uses seed + 104729·s (mod 2³²). */
  readonly seed: number;
  /** Number of seeded random starts M. */
  readonly starts: number;
  /** Standard deviation of the Gaussian initialisation. */
  readonly initScale: number;
}

/** Shape of one drawn problem. */
export interface HuntProblemShape {
  readonly loss: string;
  readonly K: number;
  readonly d: number;
  readonly n: number;
  /** none (b ≡ 0), free (λ_b = 0), decay (λ_b > 0). */
  readonly bias: BiasMode;
}

/**
 * λ ∈ [1e-4, 1e-1] on a grid of tenth-decades (two significant digits), shrinking toward 1e-2.
 * @example
 * fc.sample(huntLambda(), { seed: 1, numRuns: 3 }); // => e.g. [ 0.0025, 0.01, 0.063 ]
 */
export function huntLambda(): fc.Arbitrary<number> {
  return fc.integer({ min: -10, max: 20 }).map((u) => round2(10 ** (-2 - u / 10)));
}

/** Seeds as data, never shrunk. */
export function huntSeed(): fc.Arbitrary<number> {
  return fc.noShrink(fc.integer({ min: 0, max: 0x7fffffff }));
}

/**
 * A hunt instance: the shape from `shape`, λ_W, λ_H (and λ_b for 'decay') from {@link huntLambda}, starts in
 * [minStarts, maxStarts] (shrinking toward minStarts) and initScale ∈ {1, 0.1, 3} (shrinking toward 1).
 */
export function huntUfmInstance(
  shape: fc.Arbitrary<HuntProblemShape>,
  c: { readonly minStarts?: number; readonly maxStarts?: number } = {},
): fc.Arbitrary<HuntUfmInstance> {
  const arb = shape.chain((s) =>
    fc
      .record({
        lambdaW: huntLambda(),
        lambdaH: huntLambda(),
        lambdaB: s.bias === 'decay' ? huntLambda() : fc.constant(0),
        starts: fc.integer({ min: c.minStarts ?? 4, max: c.maxStarts ?? 10 }),
        initScale: fc.constantFrom(1, 0.1, 3),
        seed: huntSeed(),
      })
      .map(({ lambdaW, lambdaH, lambdaB, starts, initScale, seed }): HuntUfmInstance => ({
        problem: { loss: s.loss, K: s.K, d: s.d, n: s.n, lambdaW, lambdaH, lambdaB, bias: s.bias !== 'none' },
        seed,
        starts,
        initScale,
      })),
  );
  return fc.limitShrink(arb, HUNT_MAX_SHRINKS);
}

function intField(o: Record<string, unknown>, k: string, min: number, max: number): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new UsageError(`instance.${k}`, `must be an integer in [${min}, ${max}]; got ${JSON.stringify(v)}`);
  }
  return v;
}

/**
 * Validates a stored hunt instance (problem, seed, starts, initScale); errors name the field.
 * @param u - the stored instance
 * @param check - further constraints on the problem (e.g. d < K−1); throws UsageError naming `instance.problem.<field>`
 * @throws UsageError
 */
export function parseHuntUfmInstance(u: unknown, check?: (p: UfmProblem) => void): HuntUfmInstance {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) throw new UsageError('instance', 'must be an object');
  const o = u as Record<string, unknown>;
  const problem = parseUfmProblem(o['problem'], 'instance.problem');
  check?.(problem);
  const seed = intField(o, 'seed', 0, 2 ** 32 - 1);
  const starts = intField(o, 'starts', 1, 64);
  const initScale = o['initScale'];
  if (typeof initScale !== 'number' || !Number.isFinite(initScale) || initScale <= 0) {
    throw new UsageError('instance.initScale', `must be a finite number > 0; got ${JSON.stringify(initScale)}`);
  }
  return { problem: problemToJson(problem) as HuntUfmInstance['problem'], seed, starts, initScale };
}

/** The typed problem of a (validated) instance. */
export function huntProblemOf(inst: HuntUfmInstance): UfmProblem {
  return parseUfmProblem(inst.problem, 'instance.problem');
}

/** Seed of start s (0-based) of an instance: the certified multistart's own rule (one definition). */
export { startSeed } from '../certified/index.ts';
