/**
 * Instances of the loss-agnostic claims (docs/theory.md §10, Zhou et al. 2022 arXiv 2210.02192): a loss drawn from a
 * catalogue list, on a chosen side of ITS OWN zero threshold κ₀ (the §10 reduction's, not CE's κ = 1), and coverage
 * classes by side × bias mode × dimension regime.
 *
 * Parametrisation: the side fixes an interval for ρ = κ/κ₀ (below [0.02, 0.9], near-below [0.952, 0.998], near-above
 * [1.002, 1.048], above [1.15, 3]); ρ and r = λ_W/λ_H ∈ [0.1, 10] are drawn log-uniformly on integer grids, and
 * λ_W = √(p r), λ_H = √(p/r) with p = (ρκ₀)²/(K²n). Shrinking moves ρ to the end nearest the threshold (far sides: the
 * end nearest κ₀ too), r to 1, K, d, n down. λ's are stored unrounded (fixtures keep instances verbatim).
 */
import fc from 'fast-check';
import type { ClaimClass } from '../claim/index.ts';
import { lossById } from '../losses/index.ts';
import { balancedN, biasModeOf } from '../models/index.ts';
import { predictLossReduction } from '../theory/index.ts';
import { problemOf } from './instance.ts';
import type { BiasMode, UfmInstance } from './instance.ts';

export type LossSide = 'below' | 'near-below' | 'near-above' | 'above';

/** ρ = κ/κ₀ interval per side, listed as [shrink target, far end]. */
const RHO: Readonly<Record<LossSide, readonly [number, number]>> = {
  below: [0.9, 0.02],
  'near-below': [0.998, 0.952],
  'near-above': [1.002, 1.048],
  above: [1.15, 3],
};
/** Membership intervals (closed), slightly wider than the drawn ones for rounding of ρ·κ₀ through √. */
const RHO_IN: Readonly<Record<LossSide, readonly [number, number]>> = {
  below: [0.0199, 0.9001],
  'near-below': [0.95, 0.999],
  'near-above': [1.001, 1.05],
  above: [1.1499, 3.0001],
};

/** The catalogue losses with all three traits (C)(E)(S). */
export const CES_LOSSES: readonly string[] = ['ce', 'ls(0.1)', 'tce(2)', 'ls(0.3)', 'tce(0.5)'];
/** Convex, equivariant, not shift-invariant. */
export const CE_NOT_S_LOSSES: readonly string[] = ['mse', 'rmse(2,1)', 'rmse(1,3)', 'rmse(3,2)'];

/** Dimension class: d = K−1, or K ≤ d ≤ K+2, or K < d ≤ K+3. */
export type LossDims = 'd=K-1' | 'd>=K' | 'd>K';

export interface LossDrawSpec {
  readonly losses: readonly string[];
  readonly side: LossSide;
  readonly bias: BiasMode;
  readonly dims: LossDims;
  /** @defaultValue 5 */
  readonly maxK?: number;
  /** @defaultValue 4 */
  readonly maxN?: number;
}

/** κ₀ of a loss for (K, d, bias mode, λ_b): the §10 zero threshold (depends on the bias only without (S)). */
export function kappa0For(lossId: string, K: number, d: number, bias: boolean, lambdaB: number): number {
  const loss = lossById(lossId);
  return predictLossReduction(loss, loss.traits, { K, d, n: 1, lambdaW: 1e-4, lambdaH: 1e-4, lambdaB, bias }).threshold
    .kappa0;
}

/** ρ = κ/κ₀ of an instance. */
export function rhoOf(inst: UfmInstance): number {
  const p = problemOf(inst);
  const n = balancedN(p) as number;
  return (p.K * Math.sqrt(n * p.lambdaW * p.lambdaH)) / kappa0For(p.loss, p.K, p.d, p.bias, p.lambdaB);
}

const GRID = 20;

/**
 * The class counts in [2, maxK] a loss accepts (a loss with per-class parameters, `la(τ,π…)`, `wce(w…)`, fixes K and
 * throws a RangeError at any other); when none of them, the accepted ones up to 12.
 */
const acceptedCache = new Map<string, number[]>();

export function acceptedKs(lossId: string, maxK: number): number[] {
  const key = `${lossId}|${maxK}`;
  const hit = acceptedCache.get(key);
  if (hit !== undefined) return hit;
  const loss = lossById(lossId);
  const ok = (K: number): boolean => {
    try {
      return Number.isFinite(loss.value({ rows: K, cols: 1, data: new Float64Array(K) }, Int32Array.of(0)));
    } catch (e) {
      if (e instanceof RangeError) return false;
      throw e;
    }
  };
  const ks = Array.from({ length: maxK - 1 }, (_, i) => i + 2).filter(ok);
  const out = ks.length > 0 ? ks : Array.from({ length: 11 }, (_, i) => i + 2).filter(ok);
  acceptedCache.set(key, out);
  return out;
}

/** Instances of one (losses, side, bias, dims) stratum. */
export function lossInstances(s: LossDrawSpec): fc.Arbitrary<UfmInstance> {
  const maxK = s.maxK ?? 5;
  const [r0, r1] = RHO[s.side];
  return fc
    .record({
      li: fc.integer({ min: 0, max: s.losses.length - 1 }),
      kIdx: fc.integer({ min: 0, max: maxK - 2 }),
      extra: fc.integer({ min: 0, max: 2 }),
      n: fc.integer({ min: 1, max: s.maxN ?? 4 }),
      u: fc.integer({ min: 0, max: GRID }),
      j: fc.integer({ min: -GRID / 2, max: GRID / 2 }),
      lb: fc.integer({ min: 10, max: 40 }),
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
    })
    .map(({ li, kIdx, extra, n, u, j, lb, seed }): UfmInstance => {
      const loss = s.losses[li] as string;
      const ks = acceptedKs(loss, maxK);
      const K = ks[Math.min(kIdx, ks.length - 1)] as number;
      const d = s.dims === 'd=K-1' ? K - 1 : s.dims === 'd>=K' ? K + extra : K + 1 + extra;
      const lambdaB = s.bias === 'decay' ? 10 ** (-lb / 10) : 0;
      const bias = s.bias !== 'none';
      const rho = r0 * (r1 / r0) ** (u / GRID);
      const kappa = rho * kappa0For(loss, K, d, bias, lambdaB);
      const ratio = 10 ** (j / 10);
      const prod = (kappa * kappa) / (K * K * n);
      return {
        problem: { loss, K, d, n, lambdaW: Math.sqrt(prod * ratio), lambdaH: Math.sqrt(prod / ratio), lambdaB, bias },
        seed,
      };
    });
}

function inDims(K: number, d: number, c: LossDims): boolean {
  return c === 'd=K-1' ? d === K - 1 : c === 'd>=K' ? d >= K : d > K;
}

/** One coverage class `<side>/bias=<mode>[/<dims>]`. */
export function lossClass(s: LossDrawSpec, withDims: boolean): ClaimClass<UfmInstance> {
  const near = s.side === 'near-below' || s.side === 'near-above';
  const [lo, hi] = RHO_IN[s.side];
  return {
    name: `${s.side}/bias=${s.bias}${withDims ? `/${s.dims}` : ''}`,
    arbitrary: lossInstances(s),
    ...(near ? { nearThreshold: true } : {}),
    contains(inst: UfmInstance): boolean {
      const p = problemOf(inst);
      if (!s.losses.includes(p.loss) || biasModeOf(p) !== s.bias || !inDims(p.K, p.d, s.dims)) return false;
      const rho = rhoOf(inst);
      return rho >= lo && rho <= hi;
    },
  };
}

/** Classes for sides × bias modes × dims. */
export function lossClasses(
  losses: readonly string[],
  sides: readonly LossSide[],
  biases: readonly BiasMode[],
  dims: readonly LossDims[],
  extra: Partial<LossDrawSpec> = {},
): ClaimClass<UfmInstance>[] {
  const out: ClaimClass<UfmInstance>[] = [];
  for (const side of sides)
    for (const bias of biases)
      for (const d of dims) out.push(lossClass({ ...extra, losses, side, bias, dims: d }, true));
  return out;
}
