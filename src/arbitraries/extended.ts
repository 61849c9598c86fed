/**
 * Arbitraries for the extended (two-weight-layer) UFM instances of THEORY.md §2.4–2.5 (issue 5 items 1–2) and their
 * coverage classes (issue 9 items 1–2).
 *
 * Dimensions come from `dims` (d ≥ K by `chain`, never by filtering). The three weight decays are parametrised by
 * the threshold variable ν = K(nλ_{W2}λ_{W1}λ_{H1})^{1/3} and two log-ratios:
 *
 *     c = (ν/K)/n^{1/3},   λ_{W2} = c·10^a,   λ_{W1} = c·10^b,   λ_{H1} = c·10^{−a−b},
 *
 * so the band of ν relative to the first-order threshold ν_c = 2^{−4/3} ≈ 0.39685 is a generated choice. Bands
 * (r = ν/ν_c; {@link NU_BANDS}):
 *   - `below` r < 0.95 and `above` r > 1.05: ν on a geometric grid between the band's two ends, every λ rounded to
 *     two significant digits (`round2`, ≤ 5 % on ν), the ends 0.355 and 0.44 chosen so that rounding keeps r inside
 *     the band (0.355·1.05 < 0.95ν_c, 0.44·0.95 > 1.05ν_c);
 *   - `near-below` r ∈ [0.95, 1) and `near-above` r ∈ (1, 1.05] (issue 9 item 2): the distance |r − 1| drawn
 *     log-uniformly in [1.5e-4, 0.048], so a threshold moved by 3 % is crossed by 92 % of the draws and one moved by
 *     1e-3 by 32 %; λ_{W2}, λ_{W1} are rounded to two digits and λ_{H1} is solved for the drawn ν and rounded to
 *     seven (≤ 2e-7 on ν);
 *   - `gap-below` r ∈ (0.999, 1) and `gap-above` r ∈ (1, 1.001): the same with |r − 1| ∈ [1.5e-4, 8.5e-4] — a
 *     threshold moved by 1e-3 relative puts every such instance on its wrong side (the threshold near-miss
 *     controls draw here; the gap bands lie inside the near bands, so a claim declares one or the other).
 * Shrinking moves the grid indices to 0: ν toward the end nearest the threshold (the interesting regime, as
 * `lambdaPair` shrinks κ toward 0.9) and a = b = 0, i.e. three equal round λ's; K, d, n shrink toward 2, K, 1.
 *
 * ν_c is written here as the paper's 2^{−4/3}, not imported from src/theory: the strata must stay put when the
 * theory code is wrong (a moved threshold there is what the near classes exist to catch).
 */
import fc from 'fast-check';
import type { ClaimClass, Json } from '../claim/index.ts';
import { UsageError } from '../core/index.ts';
import { parseExtendedProblem } from '../models/index.ts';
import type { ExtendedProblem } from '../models/index.ts';
import { dims } from './dims.ts';
import { round2, roundSig } from './lambdas.ts';

/** Tirer & Bruna 2022, Thm 4.1: σ* > 0 iff ν < 2^{−4/3} (THEORY.md §2.4), stated independently of src/theory. */
export const NU_C: number = Math.pow(2, -4 / 3);

/**
 * Where ν lies relative to ν_c (module doc). `near-fold` (drawn only by the rank-r claims) lies inside `above`:
 * ν/ν_max ∈ [0.985, 0.997] below the fold ν_max = (3/4)4^{−1/3} ≈ 0.4725 where the rank-r frames disappear.
 */
export type NuBand = 'below' | 'near-below' | 'gap-below' | 'gap-above' | 'near-above' | 'above' | 'near-fold';

/** The fold (3/4)4^{−1/3}: σ^{1/3}(1 − σ) = ν has a root iff ν ≤ this (THEORY.md §2.4), stated independently. */
export const NU_MAX: number = 0.75 * Math.pow(4, -1 / 3);

/** Legacy name: the two far sides. */
export type NuSide = 'below' | 'above';

/** The r = ν/ν_c interval of each band (open at the threshold). */
export const NU_BANDS: Readonly<Record<NuBand, readonly [number, number]>> = {
  below: [0, 0.95],
  'near-below': [0.95, 1],
  'gap-below': [0.999, 1],
  'gap-above': [1, 1.001],
  'near-above': [1, 1.05],
  above: [1.05, Number.POSITIVE_INFINITY],
  'near-fold': [(0.985 * NU_MAX) / NU_C, (0.997 * NU_MAX) / NU_C],
};

/** The three decays of the extended UFM. */
export interface ExtendedLambdas {
  readonly lambdaW2: number;
  readonly lambdaW1: number;
  readonly lambdaH1: number;
}

export interface ExtendedLambdaConstraints {
  /** ν range of the far `below` band, [near-threshold end, far end]. @defaultValue [0.355, 0.05] */
  readonly below?: readonly [number, number];
  /** ν range of the far `above` band, [near-threshold end, far end]. @defaultValue [0.44, 0.6] */
  readonly above?: readonly [number, number];
  /** Largest |a|, |b| (decades). @defaultValue 0.5 */
  readonly maxLog?: number;
}

const GRID = 20;

/** ν = K(nλ_{W2}λ_{W1}λ_{H1})^{1/3}. */
export function nuOf(K: number, n: number, l: ExtendedLambdas): number {
  return K * Math.cbrt(n * l.lambdaW2 * l.lambdaW1 * l.lambdaH1);
}

/** The band of ν/ν_c (the near bands, not the gap bands they contain); undefined exactly at the threshold. */
export function nuBandOf(
  K: number,
  n: number,
  l: ExtendedLambdas,
): Exclude<NuBand, 'gap-below' | 'gap-above' | 'near-fold'> | undefined {
  const r = nuOf(K, n, l) / NU_C;
  if (!(r > 0) || r === 1) return undefined;
  if (r < 0.95) return 'below';
  if (r < 1) return 'near-below';
  if (r <= 1.05) return 'near-above';
  return 'above';
}

/** True iff ν/ν_c lies in the (open) gap band. */
export function inGap(K: number, n: number, l: ExtendedLambdas, band: 'gap-below' | 'gap-above'): boolean {
  const r = nuOf(K, n, l) / NU_C;
  const [lo, hi] = NU_BANDS[band];
  return r > lo && r < hi;
}

/** Distance ranges |r − 1| of the near and gap bands (module doc). */
const NEAR_DIST: readonly [number, number] = [1.5e-4, 0.048];
const GAP_DIST: readonly [number, number] = [1.5e-4, 8.5e-4];

/**
 * Draws (λ_{W2}, λ_{W1}, λ_{H1}) for (K, n) in the given band of ν/ν_c (module doc).
 * @example
 * fc.sample(extendedLambdas(3, 2, 'below'), { seed: 42, numRuns: 1 });
 * // => [{ lambdaW2, lambdaW1, lambdaH1 }] with ν < 0.95·2^{−4/3}
 */
export function extendedLambdas(
  K: number,
  n: number,
  band: NuBand,
  c: ExtendedLambdaConstraints = {},
): fc.Arbitrary<ExtendedLambdas> {
  const maxLog = c.maxLog ?? 0.5;
  const ratios = { a: fc.integer({ min: -GRID, max: GRID }), b: fc.integer({ min: -GRID, max: GRID }) };
  if (band === 'below' || band === 'above') {
    const [nu0, nu1] = band === 'below' ? (c.below ?? [0.355, 0.05]) : (c.above ?? [0.44, 0.6]);
    return fc.record({ u: fc.integer({ min: 0, max: GRID }), ...ratios }).map(({ u, a, b }) => {
      const nu = nu0 * Math.pow(nu1 / nu0, u / GRID);
      const base = nu / K / Math.cbrt(n);
      const la = (a / GRID) * maxLog,
        lb = (b / GRID) * maxLog;
      return {
        lambdaW2: round2(base * 10 ** la),
        lambdaW1: round2(base * 10 ** lb),
        lambdaH1: round2(base * 10 ** (-la - lb)),
      };
    });
  }
  if (band === 'near-fold') {
    return fc.record({ u: fc.integer({ min: 0, max: 1000 }), ...ratios }).map(({ u, a, b }) => {
      const nu = NU_MAX * (0.997 - 0.012 * (u / 1000));
      const base = nu / K / Math.cbrt(n);
      const la = (a / GRID) * maxLog,
        lb = (b / GRID) * maxLog;
      const lambdaW2 = round2(base * 10 ** la),
        lambdaW1 = round2(base * 10 ** lb);
      return { lambdaW2, lambdaW1, lambdaH1: roundSig((nu / K) ** 3 / (n * lambdaW2 * lambdaW1), 7) };
    });
  }
  const [d0, d1] = band === 'gap-below' || band === 'gap-above' ? GAP_DIST : NEAR_DIST;
  const sign = band === 'near-below' || band === 'gap-below' ? -1 : 1;
  const STEPS = 1000;
  return fc.record({ u: fc.integer({ min: 0, max: STEPS }), ...ratios }).map(({ u, a, b }) => {
    const nu = NU_C * (1 + sign * d0 * Math.pow(d1 / d0, u / STEPS));
    const base = nu / K / Math.cbrt(n);
    const la = (a / GRID) * maxLog,
      lb = (b / GRID) * maxLog;
    const lambdaW2 = round2(base * 10 ** la),
      lambdaW1 = round2(base * 10 ** lb);
    const lambdaH1 = roundSig((nu / K) ** 3 / (n * lambdaW2 * lambdaW1), 7);
    return { lambdaW2, lambdaW1, lambdaH1 };
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
  /** The ν bands to draw from (one drawn per instance). @defaultValue ['below', 'above'] */
  readonly sides?: readonly NuBand[];
  /** @defaultValue 2 */
  readonly minK?: number;
  /** @defaultValue 4 */
  readonly maxK?: number;
  /** Largest d − K. @defaultValue 2 */
  readonly maxExtraD?: number;
  /** Smallest d − K, 0 or 1 (1: d > K only). @defaultValue 0 */
  readonly minExtraD?: 0 | 1;
  /** @defaultValue 4 */
  readonly maxN?: number;
  readonly lambdas?: ExtendedLambdaConstraints;
}

/** Draws a balanced extended problem with d ≥ K in a drawn band of ν/ν_c. */
export function extendedProblem(c: ExtendedProblemConstraints = {}): fc.Arbitrary<ExtendedProblemJson> {
  const sides = c.sides ?? ['below', 'above'];
  return fc
    .record({
      dims: dims({
        regime: c.minExtraD === 1 ? 'K+1' : 'K',
        minK: c.minK ?? 2,
        maxK: c.maxK ?? 4,
        maxExtraD: (c.maxExtraD ?? 2) - (c.minExtraD ?? 0),
        maxN: c.maxN ?? 4,
      }),
      side: fc.constantFrom(...sides),
    })
    .chain(({ dims: { K, d, n }, side }) =>
      extendedLambdas(K, n, side, c.lambdas ?? {}).map((l): ExtendedProblemJson => ({ K, d, n, ...l })),
    );
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

/**
 * Draws (problem, r, seed) with r ∈ [minR, K−1] built from K by `chain` (shrinks toward r = minR); `maxR` = 1 draws
 * r = 1 only. With minR ≥ 2 pass minK ≥ minR + 1.
 */
export function rankRInstance(
  c: ExtendedProblemConstraints & { readonly minR?: number; readonly maxR?: number } = {},
): fc.Arbitrary<RankRInstance> {
  const minR = c.minR ?? 1;
  return extendedProblem(c).chain((problem) =>
    fc.record({
      problem: fc.constant(problem),
      r: fc.integer({ min: minR, max: Math.max(minR, Math.min(c.maxR ?? problem.K - 1, problem.K - 1)) }),
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
    }),
  );
}

// COVERAGE CLASSES //

/** The ν band of a JSON problem (see {@link nuBandOf}). */
export function problemBand(p: ExtendedProblemJson): ReturnType<typeof nuBandOf> {
  return nuBandOf(p.K, p.n, p);
}

/**
 * A coverage class (issue 9 item 1) of instances that carry an extended problem: drawn by `arbitrary` (which must
 * draw only from `band`), a member iff its problem lies in `band` and `also` holds. Near bands are flagged
 * `nearThreshold`.
 */
export function extendedClass<I extends Json & { readonly problem: ExtendedProblemJson }>(
  name: string,
  band: Exclude<NuBand, 'gap-below' | 'gap-above' | 'near-fold'>,
  arbitrary: fc.Arbitrary<I>,
  also: (inst: I) => boolean = () => true,
  nearThreshold: boolean = band === 'near-below' || band === 'near-above',
): ClaimClass<I> {
  return {
    name,
    arbitrary,
    ...(nearThreshold ? { nearThreshold: true } : {}),
    contains: (inst: I): boolean => problemBand(inst.problem) === band && also(inst),
  };
}

// PARSING //

function obj(u: unknown, field: string): Record<string, unknown> {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) throw new UsageError(field, 'must be an object');
  return u as Record<string, unknown>;
}

function intIn(u: unknown, field: string, min: number, max: number): number {
  if (typeof u !== 'number' || !Number.isInteger(u) || u < min || u > max)
    throw new UsageError(field, `must be an integer in [${min}, ${max}]; got ${JSON.stringify(u)}`);
  return u;
}

/** Validates a balanced extended problem with all λ > 0 and d ≥ K; errors name the field. */
export function parseExtendedProblemJson(u: unknown, where: string): ExtendedProblemJson {
  const o = obj(u, where);
  if (o['counts'] !== undefined)
    throw new UsageError(`${where}.counts`, 'extended instances are balanced: give n, not counts');
  const p = parseExtendedProblem(o, where);
  if (p.d < p.K) throw new UsageError(`${where}.d`, `must be ≥ K = ${p.K}; got ${p.d}`);
  for (const k of ['lambdaW2', 'lambdaW1', 'lambdaH1'] as const)
    if (!(p[k] > 0)) throw new UsageError(`${where}.${k}`, `must be > 0; got ${p[k]}`);
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
  return {
    problem,
    r: intIn(o['r'], 'instance.r', 1, problem.K - 1),
    seed: intIn(o['seed'], 'instance.seed', 0, 2 ** 32 - 1),
  };
}

/** The typed problem of a (validated) JSON problem. */
export function extendedProblemOf(j: ExtendedProblemJson): ExtendedProblem {
  return {
    K: j.K,
    d: j.d,
    counts: new Array<number>(j.K).fill(j.n),
    lambdaW2: j.lambdaW2,
    lambdaW1: j.lambdaW1,
    lambdaH1: j.lambdaH1,
  };
}
