/**
 * Imbalanced instances and the minority-collapse measurement for `imbalanced.minority-collapse.{ce,mse}`
 * (THEORY.md §7.2; Fang, He, Long & Su, PNAS 2021; Hong & Ling, arXiv 2309.09725).
 *
 * **Instance** (flat, so the hunt summary histograms the searched parameters themselves): K classes, the first
 * `majority` of them with n_k = ratio·nMinor samples, the other K − majority ≥ 2 with nMinor; feature dimension
 * d = K (≥ the rank of every optimum, so the convex relaxation of THEORY.md §0.3 is tight and certifies the global
 * minimum); λ_W, λ_H (and λ_b) on the hunt grid [1e-4, 1e-1]; the imbalance ratio R ∈ [1, 1000] on a log grid of
 * tenth-decades, shrinking toward R = 1 — so a shrunk hit sits at (locally) the smallest ratio that still collapses.
 *
 * **Collapse measurement.** With the minority rows w_i (i ≥ majority) of W:
 *   spread s_m = max_{i<j minority} ‖w_i − w_j‖,  scale s_M = max_k ‖w_k‖.
 * For the exact global minimiser W* (unique modulo rotation, which leaves both unchanged) and a certified point
 * within δ of it (‖W − W*‖_F ≤ δ, src/certified/ufm/tolerance.ts): |s_m − s_m*| ≤ 2δ and |s_M − s_M*| ≤ δ (triangle
 * inequality), plus rounding 4u·s_M.
 * **Collapsed** means s_m* ≤ η·s_M* with η = {@link COLLAPSE_RATIO} = 1e-3. Why this is a sharp notion: in the
 * regularised UFM the collapse is exact at a finite ratio — the relaxation's nuclear-norm shrinkage zeroes the
 * singular direction that separates the minority classes, and their classifiers become equal (CE, MSE with a bias)
 * or zero (MSE bias-free, where the threshold is closed-form: {@link mseBiasFreeCollapseRatio}). Approaching it, s_m
 * vanishes like the square root of the shrinking singular value (W ∝ Σ^{1/2}, §0.3's balanced factorisation), so
 * η = 1e-3 locates the exact collapse ratio to a relative O(η²) ≈ 1e-6 while leaving room for δ ≈ 1e-6·s_M.
 */
import fc from 'fast-check';
import type { Json } from '../claim/index.ts';
import { UsageError, matOf } from '../core/index.ts';
import { nc2W } from '../geometry/index.ts';
import type { UfmProblem } from '../models/index.ts';
import { ufmLayout } from '../models/index.ts';
import { HUNT_MAX_SHRINKS, huntLambda, huntSeed } from './instance.ts';

const U = 2 ** -53;

/** η: relative spread below which the minority classifiers count as collapsed. */
export const COLLAPSE_RATIO = 1e-3;

/** A minority-collapse instance (flat JSON). */
export interface ImbalanceInstance {
  readonly [k: string]: Json;
  readonly loss: string;
  readonly K: number;
  /** Number of majority classes (the first ones), 1 ≤ majority ≤ K − 2. */
  readonly majority: number;
  /** Samples per minority class. */
  readonly nMinor: number;
  /** Imbalance ratio R = n_major / n_minor (integer). */
  readonly ratio: number;
  readonly lambdaW: number;
  readonly lambdaH: number;
  readonly lambdaB: number;
  readonly bias: boolean;
  readonly seed: number;
}

/** Ratio grid: R = round(10^(u/10)), u ∈ [0, 30] (1 … 1000), shrinking toward 1. */
export function imbalanceRatio(): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: 30 }).map((u) => Math.round(10 ** (u / 10)));
}

/** Draws minority-collapse instances for one loss (bias none / free / decay). */
export function imbalanceInstance(loss: string): fc.Arbitrary<ImbalanceInstance> {
  const arb = fc
    .record({
      ratio: imbalanceRatio(),
      K: fc.integer({ min: 3, max: 8 }),
      mode: fc.constantFrom('free', 'none', 'decay'),
    })
    .chain(({ ratio, K, mode }) =>
      fc
        .record({
          majority: fc.integer({ min: 1, max: K - 2 }),
          nMinor: fc.integer({ min: 1, max: 2 }),
          lambdaW: huntLambda(),
          lambdaH: huntLambda(),
          lambdaB: mode === 'decay' ? huntLambda() : fc.constant(0),
          seed: huntSeed(),
        })
        .map((r): ImbalanceInstance => ({
          loss,
          K,
          ratio,
          majority: r.majority,
          nMinor: r.nMinor,
          lambdaW: r.lambdaW,
          lambdaH: r.lambdaH,
          lambdaB: r.lambdaB,
          bias: mode !== 'none',
          seed: r.seed,
        })),
    );
  return fc.limitShrink(arb, HUNT_MAX_SHRINKS);
}

function int(o: Record<string, unknown>, k: string, min: number, max: number): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new UsageError(`instance.${k}`, `must be an integer in [${min}, ${max}]; got ${JSON.stringify(v)}`);
  return v;
}

function num(o: Record<string, unknown>, k: string, positive: boolean): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (positive && v === 0))
    throw new UsageError(
      `instance.${k}`,
      `must be a finite number ${positive ? '> 0' : '≥ 0'}; got ${JSON.stringify(v)}`,
    );
  return v;
}

/**
 * Validates a stored instance; errors name the field.
 * @param loss - the loss the conjecture is about (instance.loss must equal it)
 * @throws UsageError
 */
export function parseImbalanceInstance(u: unknown, loss: string): ImbalanceInstance {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) throw new UsageError('instance', 'must be an object');
  const o = u as Record<string, unknown>;
  if (o['loss'] !== loss) throw new UsageError('instance.loss', `must be '${loss}'; got ${JSON.stringify(o['loss'])}`);
  const K = int(o, 'K', 3, 64);
  const bias = o['bias'];
  if (typeof bias !== 'boolean')
    throw new UsageError('instance.bias', `must be true or false; got ${JSON.stringify(bias)}`);
  return {
    loss,
    K,
    majority: int(o, 'majority', 1, K - 2),
    nMinor: int(o, 'nMinor', 1, 1e6),
    ratio: int(o, 'ratio', 1, 1e6),
    lambdaW: num(o, 'lambdaW', true),
    lambdaH: num(o, 'lambdaH', true),
    lambdaB: num(o, 'lambdaB', false),
    bias,
    seed: int(o, 'seed', 0, 2 ** 32 - 1),
  };
}

/** The UFM problem of an instance: d = K, counts [R·nMinor × majority, nMinor × (K − majority)]. */
export function imbalanceProblem(inst: ImbalanceInstance): UfmProblem {
  const counts: number[] = [];
  for (let k = 0; k < inst.K; k++) counts.push(k < inst.majority ? inst.ratio * inst.nMinor : inst.nMinor);
  return {
    loss: inst.loss,
    K: inst.K,
    d: inst.K,
    counts,
    lambdaW: inst.lambdaW,
    lambdaH: inst.lambdaH,
    lambdaB: inst.bias ? inst.lambdaB : 0,
    bias: inst.bias,
  };
}

/** What the classifiers look like at a point. */
export interface MinorityGeometry {
  /** s_m: largest distance between two minority classifiers. */
  readonly spread: number;
  /** s_M: largest classifier norm. */
  readonly scale: number;
  readonly minorityNorms: readonly number[];
  readonly majorityNorms: readonly number[];
  /** Smallest and largest cosine between two minority classifiers (NaN if one is 0). */
  readonly minorityCosMin: number;
  readonly minorityCosMax: number;
  /** NC2 distance of W Wᵀ to the simplex-ETF shape (geometry nc2W; NaN when W = 0). */
  readonly nc2: number;
}

/** Measures the minority geometry of W at θ (module comment). */
export function minorityGeometry(problem: UfmProblem, majority: number, theta: Float64Array): MinorityGeometry {
  const L = ufmLayout(problem);
  const { K, d } = L;
  const w = (k: number): Float64Array => theta.subarray(L.offW + k * d, L.offW + (k + 1) * d);
  const norm = (v: Float64Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const norms = Array.from({ length: K }, (_, k) => norm(w(k)));
  let spread = 0,
    cmin = Infinity,
    cmax = -Infinity;
  for (let i = majority; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      const a = w(i),
        b = w(j);
      let dd = 0,
        ab = 0;
      for (let r = 0; r < d; r++) {
        dd += ((a[r] as number) - (b[r] as number)) ** 2;
        ab += (a[r] as number) * (b[r] as number);
      }
      spread = Math.max(spread, Math.sqrt(dd));
      const c = ab / ((norms[i] as number) * (norms[j] as number));
      cmin = Math.min(cmin, c);
      cmax = Math.max(cmax, c);
    }
  }
  return {
    spread,
    scale: Math.max(...norms),
    minorityNorms: norms.slice(majority),
    majorityNorms: norms.slice(0, majority),
    minorityCosMin: Number.isFinite(cmin) ? cmin : NaN,
    minorityCosMax: Number.isFinite(cmax) ? cmax : NaN,
    nc2: nc2W(matOf(K, d, theta.slice(L.offW, L.offW + K * d))),
  };
}

/** The decision on a certified point within δ of the global minimiser (module comment). */
export type CollapseDecision = 'collapsed' | 'separated' | 'undecided' | 'zero';

/** Decides collapse from the geometry and δ. */
export function collapseDecision(g: MinorityGeometry, delta: number): CollapseDecision {
  const round = 4 * U * g.scale;
  if (g.scale <= delta + round) return 'zero';
  if (g.spread + 2 * delta + round <= COLLAPSE_RATIO * (g.scale - delta)) return 'collapsed';
  if (g.spread - 2 * delta - round > COLLAPSE_RATIO * (g.scale + delta)) return 'separated';
  return 'undecided';
}

/**
 * MSE bias-free: the minority classifiers vanish iff √n_minor ≤ N·√(λ_Wλ_H) (the relaxation is the prox of the
 * nuclear norm at Y, whose singular values √n_k are shrunk by N√(λ_Wλ_H); THEORY.md §2.1's derivation with
 * imbalanced counts). With N = (majority·R + K − majority)·n_minor this is R ≥ R_c with
 *
 *     R_c = (1/(√n_minor·√(λ_Wλ_H)) − (K − majority)) / majority.
 *
 * @returns R_c (the collapse ratio; ≤ 1 means collapsed already when balanced)
 */
export function mseBiasFreeCollapseRatio(
  K: number,
  majority: number,
  nMinor: number,
  lambdaW: number,
  lambdaH: number,
): number {
  const mu = Math.sqrt(lambdaW * lambdaH);
  return (1 / (Math.sqrt(nMinor) * mu) - (K - majority)) / majority;
}

/** The geometry as JSON evidence. */
export function geometryJson(g: MinorityGeometry): Json {
  return {
    spread: g.spread,
    scale: g.scale,
    relativeSpread: g.spread / g.scale,
    minorityNorms: [...g.minorityNorms],
    majorityNorms: [...g.majorityNorms],
    minorityCosMin: g.minorityCosMin,
    minorityCosMax: g.minorityCosMax,
    nc2: g.nc2,
  };
}
