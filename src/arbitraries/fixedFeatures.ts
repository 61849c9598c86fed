/**
 * Arbitraries for the fixed-noisy-features instances of Tirer & Bruna Thm 5.1 (THEORY.md §2.6; issue 5 item 3).
 *
 * (K, d) come from `dims` with d ≥ K (by `chain`); (λ_W, λ_H) from `lambdaPair` below the §2.1 threshold
 * κ = K√(n₀λ_Wλ_H) < 1 with κ ≥ 0.1 (the ridge's condition number at H* is exactly 1/κ, see
 * fixed-features-exact.ts, so κ ≥ 0.1 keeps it ≤ 10); σ from a short list with σ ≠ 1 (at σ = 1 the "omit σ²"
 * control coincides with the theorem), the noise law from the three laws of the theorem. Everything shrinks toward
 * K = 2, d = K, n₀ = 1, round equal λ's, σ = 0.5 and Gaussian noise.
 */
import fc from 'fast-check';
import type { Json } from '../claim/index.ts';
import { UsageError } from '../core/index.ts';
import { parseFixedFeaturesProblem } from '../models/index.ts';
import type { FixedFeaturesProblem, NoiseLaw } from '../models/index.ts';
import { dims } from './dims.ts';
import { lambdaPair } from './lambdas.ts';

/** JSON form of a fixed-features problem. */
export interface FixedFeaturesProblemJson {
  readonly [k: string]: Json;
  readonly K: number;
  readonly d: number;
  readonly n0: number;
  readonly lambdaW: number;
  readonly lambdaH: number;
  readonly sigma: number;
  readonly noise: NoiseLaw;
}

export interface FixedFeaturesConstraints {
  /** @defaultValue 4 */
  readonly maxK?: number;
  /** Largest d − K. @defaultValue 2 */
  readonly maxExtraD?: number;
  /** @defaultValue 5 */
  readonly maxN0?: number;
  /** Noise laws to draw from (the first is the shrink target). @defaultValue ['gaussian', 'uniform', 'rademacher'] */
  readonly noises?: readonly NoiseLaw[];
  /** 'below': κ ∈ [0.1, 0.9] (two-digit λ's); 'near-below': κ ∈ [0.95, 0.999] (four digits). @defaultValue 'below' */
  readonly side?: 'below' | 'near-below';
}

/** The σ's drawn (σ ≠ 1); the first is the shrink target. */
const SIGMAS = [0.5, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9] as const;

/** Draws a fixed-features problem (module doc). */
export function fixedFeaturesProblem(c: FixedFeaturesConstraints = {}): fc.Arbitrary<FixedFeaturesProblemJson> {
  const noises = c.noises ?? ['gaussian', 'uniform', 'rademacher'];
  return dims({
    regime: 'K',
    minK: 2,
    maxK: c.maxK ?? 4,
    maxExtraD: c.maxExtraD ?? 2,
    minN: 1,
    maxN: c.maxN0 ?? 5,
  }).chain(({ K, d, n }) =>
    fc
      .record({
        lambdas: lambdaPair(K, n, c.side ?? 'below', { kappaMin: 0.1 }),
        sigma: fc.constantFrom(...SIGMAS),
        noise: fc.constantFrom(...noises),
      })
      .map(({ lambdas, sigma, noise }): FixedFeaturesProblemJson => ({
        K,
        d,
        n0: n,
        lambdaW: lambdas.lambdaW,
        lambdaH: lambdas.lambdaH,
        sigma,
        noise,
      })),
  );
}

/** Instance of the exactness claim: the problem, n per class (noise-free H* = H̄* ⊗ 1ₙᵀ) and the orientation seed. */
export interface ExactInstance {
  readonly [k: string]: Json;
  readonly problem: FixedFeaturesProblemJson;
  readonly n: number;
  readonly seed: number;
}

/** Instance of the rate claims: the problem, the largest n per class of the sequence, and the noise seed. */
export interface RateInstance {
  readonly [k: string]: Json;
  readonly problem: FixedFeaturesProblemJson;
  readonly nMax: number;
  readonly seed: number;
}

const seedArb = fc.integer({ min: 0, max: 0x7fffffff });

/** Draws (problem, n ∈ [minN, maxN], seed). */
export function exactInstance(
  c: FixedFeaturesConstraints & { readonly minN?: number; readonly maxN?: number } = {},
): fc.Arbitrary<ExactInstance> {
  return fc.record({
    problem: fixedFeaturesProblem(c),
    n: fc.integer({ min: c.minN ?? 1, max: c.maxN ?? 50 }),
    seed: seedArb,
  });
}

/** Draws (problem, nMax, seed); nMax is fixed per arbitrary (the default verify uses 10⁴, the benchmark 10⁵). */
export function rateInstance(
  c: FixedFeaturesConstraints & { readonly nMax?: number } = {},
): fc.Arbitrary<RateInstance> {
  return fc.record({ problem: fixedFeaturesProblem(c), nMax: fc.constant(c.nMax ?? 10000), seed: seedArb });
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

/** Validates a problem; κ < 1 is required (else W* = 0). */
export function parseFixedFeaturesProblemJson(u: unknown, where: string): FixedFeaturesProblemJson {
  const p = parseFixedFeaturesProblem(obj(u, where), where);
  const kappa = p.K * Math.sqrt(p.n0 * p.lambdaW * p.lambdaH);
  if (!(kappa < 1)) throw new UsageError(`${where}.lambdaW`, `κ = K√(n0·λW·λH) must be < 1 (W* ≠ 0); got ${kappa}`);
  return { K: p.K, d: p.d, n0: p.n0, lambdaW: p.lambdaW, lambdaH: p.lambdaH, sigma: p.sigma, noise: p.noise };
}

export function parseExactInstance(u: unknown): ExactInstance {
  const o = obj(u, 'instance');
  return {
    problem: parseFixedFeaturesProblemJson(o['problem'], 'instance.problem'),
    n: intIn(o['n'], 'instance.n', 1, 1_000_000),
    seed: intIn(o['seed'], 'instance.seed', 0, 2 ** 32 - 1),
  };
}

export function parseRateInstance(u: unknown): RateInstance {
  const o = obj(u, 'instance');
  return {
    problem: parseFixedFeaturesProblemJson(o['problem'], 'instance.problem'),
    nMax: intIn(o['nMax'], 'instance.nMax', 1000, 1_000_000),
    seed: intIn(o['seed'], 'instance.seed', 0, 2 ** 32 - 1),
  };
}

/** The typed problem. */
export function fixedFeaturesProblemOf(j: FixedFeaturesProblemJson): FixedFeaturesProblem {
  return { K: j.K, d: j.d, n0: j.n0, lambdaW: j.lambdaW, lambdaH: j.lambdaH, sigma: j.sigma, noise: j.noise };
}
