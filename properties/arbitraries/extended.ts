/**
 * Arbitraries for the extended (two-weight-layer) UFM instances of THEORY.md §2.4–2.5 (issue 5 items 1–2).
 *
 * Dimensions come from `dims` (d ≥ K by `chain`, never by filtering). The three weight decays are parametrised by
 * the threshold variable ν = K(nλ_{W2}λ_{W1}λ_{H1})^{1/3} and two log-ratios:
 *
 *     c = (ν/K)/n^{1/3},   λ_{W2} = c·10^a,   λ_{W1} = c·10^b,   λ_{H1} = c·10^{−a−b},
 *
 * so the side of the first-order threshold ν = 2^{−4/3} ≈ 0.39685 is a generated choice. ν is drawn on a
 * geometric grid between the side's two ends and (a, b) on a grid in [−maxLog, maxLog]²; each λ is then rounded to
 * two significant digits (`round2`), which moves ν by at most 5 %, so the ends 0.37 (below) and 0.42 (above)
 * keep every instance on its drawn side (0.37·1.05 < 0.39685 < 0.42·0.95). Shrinking moves the grid indices to 0:
 * ν toward the end nearest the threshold (the interesting regime, as `lambdaPair` shrinks κ toward 0.9) and
 * a = b = 0, i.e. three equal round λ's; K, d, n shrink toward 2, K, 1.
 */
import fc from 'fast-check';
import type { Json } from '../../src/claim/index.ts';
import { UsageError } from '../../src/core/index.ts';
import { parseExtendedProblem } from '../../src/models/extended.ts';
import type { ExtendedProblem } from '../../src/models/extended.ts';
import { dims } from './dims.ts';
import { round2 } from './lambdas.ts';

/** Which side of ν = 2^{−4/3} an instance lies on. */
export type NuSide = 'below' | 'above';

/** The three decays of the extended UFM. */
export interface ExtendedLambdas {
  readonly lambdaW2: number;
  readonly lambdaW1: number;
  readonly lambdaH1: number;
}

export interface ExtendedLambdaConstraints {
  /** ν range below the threshold, [near-threshold end, far end]. @defaultValue [0.37, 0.05] */
  readonly below?: readonly [number, number];
  /** ν range above the threshold, [near-threshold end, far end]. @defaultValue [0.42, 0.6] */
  readonly above?: readonly [number, number];
  /** Largest |a|, |b| (decades). @defaultValue 0.5 */
  readonly maxLog?: number;
}

const GRID = 20;

/** ν = K(nλ_{W2}λ_{W1}λ_{H1})^{1/3}. */
export function nuOf(K: number, n: number, l: ExtendedLambdas): number {
  return K * Math.cbrt(n * l.lambdaW2 * l.lambdaW1 * l.lambdaH1);
}

/**
 * Draws (λ_{W2}, λ_{W1}, λ_{H1}) for (K, n) on the given side of ν = 2^{−4/3}.
 * @example
 * fc.sample(extendedLambdas(3, 2, 'below'), { seed: 42, numRuns: 1 });
 * // => [{ lambdaW2, lambdaW1, lambdaH1 }] with ν < 0.39
 */
export function extendedLambdas(K: number, n: number, side: NuSide, c: ExtendedLambdaConstraints = {}): fc.Arbitrary<ExtendedLambdas> {
  const [nu0, nu1] = side === 'below' ? (c.below ?? [0.37, 0.05]) : (c.above ?? [0.42, 0.6]);
  const maxLog = c.maxLog ?? 0.5;
  return fc.record({
    u: fc.integer({ min: 0, max: GRID }),
    a: fc.integer({ min: -GRID, max: GRID }),
    b: fc.integer({ min: -GRID, max: GRID }),
  }).map(({ u, a, b }) => {
    const nu = nu0 * Math.pow(nu1 / nu0, u / GRID);
    const base = nu / K / Math.cbrt(n);
    const la = (a / GRID) * maxLog, lb = (b / GRID) * maxLog;
    return { lambdaW2: round2(base * 10 ** la), lambdaW1: round2(base * 10 ** lb), lambdaH1: round2(base * 10 ** (-la - lb)) };
  });
}

/** The JSON problem of an extended instance (balanced: `n` per class). */
export interface ExtendedProblemJson {
  readonly [k: string]: Json;
  readonly K: number;
  readonly d: number;
  readonly n: number;
  readonly lambdaW2: number;
  readonly lambdaW1: number;
  readonly lambdaH1: number;
}

export interface ExtendedProblemConstraints {
  /** @defaultValue ['below', 'above'] */
  readonly sides?: readonly NuSide[];
  /** @defaultValue 2 */
  readonly minK?: number;
  /** @defaultValue 4 */
  readonly maxK?: number;
  /** Largest d − K. @defaultValue 2 */
  readonly maxExtraD?: number;
  /** @defaultValue 4 */
  readonly maxN?: number;
  readonly lambdas?: ExtendedLambdaConstraints;
}

/** Draws a balanced extended problem with d ≥ K on a drawn side of the threshold. */
export function extendedProblem(c: ExtendedProblemConstraints = {}): fc.Arbitrary<ExtendedProblemJson> {
  const sides = c.sides ?? ['below', 'above'];
  return fc.record({
    dims: dims({ regime: 'K', minK: c.minK ?? 2, maxK: c.maxK ?? 4, maxExtraD: c.maxExtraD ?? 2, maxN: c.maxN ?? 4 }),
    side: fc.constantFrom(...sides),
  }).chain(({ dims: { K, d, n }, side }) =>
    extendedLambdas(K, n, side, c.lambdas ?? {}).map((l): ExtendedProblemJson => ({ K, d, n, ...l })));
}

/** An instance of the multistart claims: the problem, the number of starts M, and the seed (data, STYLE.md §4.3). */
export interface ExtendedInstance {
  readonly [k: string]: Json;
  readonly problem: ExtendedProblemJson;
  readonly starts: number;
  readonly seed: number;
}

export interface ExtendedInstanceConstraints extends ExtendedProblemConstraints {
  /** @defaultValue 4 */
  readonly minStarts?: number;
  /** @defaultValue 6 */
  readonly maxStarts?: number;
}

/** Draws (problem, M, seed); M shrinks toward minStarts. */
export function extendedInstance(c: ExtendedInstanceConstraints = {}): fc.Arbitrary<ExtendedInstance> {
  return fc.record({
    problem: extendedProblem(c),
    starts: fc.integer({ min: c.minStarts ?? 4, max: c.maxStarts ?? 6 }),
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
  });
}

/** An instance of the rank-r claims: the problem, the rank r ∈ [1, K−1] and the orientation seed. */
export interface RankRInstance {
  readonly [k: string]: Json;
  readonly problem: ExtendedProblemJson;
  readonly r: number;
  readonly seed: number;
}

/** Draws (problem, r, seed) with r ∈ [1, K−1] built from K by `chain` (shrinks toward r = 1). */
export function rankRInstance(c: ExtendedProblemConstraints = {}): fc.Arbitrary<RankRInstance> {
  return extendedProblem(c).chain((problem) => fc.record({
    problem: fc.constant(problem),
    r: fc.integer({ min: 1, max: problem.K - 1 }),
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
  }));
}

// PARSING //

function obj(u: unknown, field: string): Record<string, unknown> {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) throw new UsageError(field, 'must be an object');
  return u as Record<string, unknown>;
}

function intIn(u: unknown, field: string, min: number, max: number): number {
  if (typeof u !== 'number' || !Number.isInteger(u) || u < min || u > max) throw new UsageError(field, `must be an integer in [${min}, ${max}]; got ${JSON.stringify(u)}`);
  return u;
}

/** Validates a balanced extended problem with all λ > 0 and d ≥ K; errors name the field. */
export function parseExtendedProblemJson(u: unknown, where: string): ExtendedProblemJson {
  const o = obj(u, where);
  if (o['counts'] !== undefined) throw new UsageError(`${where}.counts`, 'extended instances are balanced: give n, not counts');
  const p = parseExtendedProblem(o, where);
  if (p.d < p.K) throw new UsageError(`${where}.d`, `must be ≥ K = ${p.K}; got ${p.d}`);
  for (const k of ['lambdaW2', 'lambdaW1', 'lambdaH1'] as const) if (!(p[k] > 0)) throw new UsageError(`${where}.${k}`, `must be > 0; got ${p[k]}`);
  return { K: p.K, d: p.d, n: p.counts[0] as number, lambdaW2: p.lambdaW2, lambdaW1: p.lambdaW1, lambdaH1: p.lambdaH1 };
}

/** Validates a fixture's multistart instance. */
export function parseExtendedInstance(u: unknown): ExtendedInstance {
  const o = obj(u, 'instance');
  return {
    problem: parseExtendedProblemJson(o['problem'], 'instance.problem'),
    starts: intIn(o['starts'], 'instance.starts', 1, 64),
    seed: intIn(o['seed'], 'instance.seed', 0, 2 ** 32 - 1),
  };
}

/** Validates a fixture's rank-r instance (1 ≤ r ≤ K−1). */
export function parseRankRInstance(u: unknown): RankRInstance {
  const o = obj(u, 'instance');
  const problem = parseExtendedProblemJson(o['problem'], 'instance.problem');
  return { problem, r: intIn(o['r'], 'instance.r', 1, problem.K - 1), seed: intIn(o['seed'], 'instance.seed', 0, 2 ** 32 - 1) };
}

/** The typed problem of a (validated) JSON problem. */
export function extendedProblemOf(j: ExtendedProblemJson): ExtendedProblem {
  return { K: j.K, d: j.d, counts: new Array<number>(j.K).fill(j.n), lambdaW2: j.lambdaW2, lambdaW1: j.lambdaW1, lambdaH1: j.lambdaH1 };
}
