/**
 * Coverage classes of the plain-UFM claims (issue 9 items 1–2): the branches of a theorem as named strata, each
 * drawn by its own `ufmInstance` arbitrary, and a membership test computed from the instance alone (κ from
 * THEORY.md §0.3, the bias mode, the d-regime).
 *
 * Names read `<side>/bias=<mode>/<dims>`, e.g. `below/bias=free/d=K-1`; near-threshold classes are `near-below`
 * (κ ∈ [0.95, 0.999]) and `near-above` (κ ∈ [1.001, 1.05]) with `/bias=<mode>` when the claim lists one mode per
 * near class. Far sides are kept out of the near intervals: `below` draws κ ≤ 0.9 and `above` κ ≥ 1.15 before the
 * two-digit rounding of the λ's (≤ 5 % on κ), so every class is disjoint from every other.
 */
import type fc from 'fast-check';
import { biasModeOf } from '../models/index.ts';
import type { ClaimClass } from '../claim/index.ts';
import { ufmInstance, problemOf } from './instance.ts';
import type { BiasMode, UfmInstance, UfmInstanceConstraints } from './instance.ts';
import { NEAR_KAPPA } from './lambdas.ts';
import type { ThresholdSide } from './lambdas.ts';

/**
 * `d=K-1`: d = K−1 exactly; `d=K`: d = K exactly; `d>=K`: K ≤ d ≤ K + maxExtraD; `d>K`: K < d ≤ K + 1 + maxExtraD;
 * `d>=K-1`: every d ≥ K−1.
 */
export type DimClass = 'd=K-1' | 'd=K' | 'd>=K' | 'd>K' | 'd>=K-1';

/** The cartesian product of branches to cover, plus near-threshold strata. */
export interface UfmClassesConstraints {
  readonly loss: string;
  /** Threshold sides crossed with every bias mode and d-class. */
  readonly sides: readonly ('below' | 'above')[];
  readonly bias: readonly BiasMode[];
  readonly dims: readonly DimClass[];
  /**
   * Near-threshold strata (issue 9 item 2). Each is one class per bias mode of `bias`, with d drawn from the union
   * of `dims`. @defaultValue []
   */
  readonly near?: readonly ('near-below' | 'near-above')[];
  /**
   * One near class per (near side, bias, d-class) instead of per (near side, bias), named
   * `<side>/bias=<mode>/<dims>`: more near-threshold draws per run, and each d-regime seen near the threshold.
   * @defaultValue false
   */
  readonly nearPerDim?: boolean;
  /** Passed to every `ufmInstance` (maxK, maxN, lambdaB, …; not regime/bias/sides/maxExtraD). */
  readonly instance?: Omit<UfmInstanceConstraints, 'loss' | 'regime' | 'bias' | 'sides'>;
}

/** κ = K√(nλ_Wλ_H) of a balanced instance (THEORY.md §0.3); NaN for per-class counts. */
export function kappaOfInstance(inst: UfmInstance): number {
  const p = problemOf(inst);
  const n = p.counts.every((c) => c === p.counts[0]) ? (p.counts[0] ?? Number.NaN) : Number.NaN;
  return p.K * Math.sqrt(n * p.lambdaW * p.lambdaH);
}

/** The side of κ = 1 an instance lies on, in the class boundaries above (0.95, 1, 1.05). */
export function sideOf(inst: UfmInstance): ThresholdSide | undefined {
  const k = kappaOfInstance(inst);
  if (!Number.isFinite(k)) return undefined;
  if (k < NEAR_KAPPA['near-below'][0]) return 'below';
  if (k <= NEAR_KAPPA['near-below'][1]) return 'near-below';
  if (k < NEAR_KAPPA['near-above'][0]) return undefined; // (0.999, 1.001): on the threshold itself, no class
  if (k <= NEAR_KAPPA['near-above'][1]) return 'near-above';
  return 'above';
}

/** The bias mode of an instance. */
export function biasOf(inst: UfmInstance): BiasMode {
  return biasModeOf(problemOf(inst));
}

/** Whether (K, d) lies in the d-class (maxExtraD bounds the classes' generators, not membership). */
export function inDimClass(K: number, d: number, c: DimClass): boolean {
  switch (c) {
    case 'd=K-1':
      return d === K - 1;
    case 'd=K':
      return d === K;
    case 'd>=K':
      return d >= K;
    case 'd>K':
      return d > K;
    case 'd>=K-1':
      return d >= K - 1;
  }
}

function dimRegime(c: DimClass): { regime: 'K-1' | 'K' | 'K+1'; maxExtraD?: number } {
  switch (c) {
    case 'd=K-1':
      return { regime: 'K-1', maxExtraD: 0 };
    case 'd=K':
      return { regime: 'K', maxExtraD: 0 };
    case 'd>=K':
      return { regime: 'K' };
    case 'd>K':
      return { regime: 'K+1' };
    case 'd>=K-1':
      return { regime: 'K-1' };
  }
}

/** The union d-class of a list (for near strata): the weakest requirement listed. */
function unionDims(dims: readonly DimClass[]): DimClass {
  if (dims.includes('d>=K-1') || (dims.includes('d=K-1') && dims.length > 1)) return 'd>=K-1';
  if (dims.length === 1) return dims[0] as DimClass;
  return dims.includes('d>=K') || dims.includes('d=K') ? 'd>=K' : 'd>K';
}

function oneClass(
  name: string,
  c: UfmClassesConstraints,
  side: ThresholdSide,
  bias: BiasMode,
  dim: DimClass,
  nearThreshold: boolean,
): ClaimClass<UfmInstance> {
  const arbitrary: fc.Arbitrary<UfmInstance> = ufmInstance({
    ...c.instance,
    loss: c.loss,
    ...dimRegime(dim),
    bias: [bias],
    sides: [side],
    lambdas: { ...c.instance?.lambdas, kappaAboveMin: 1.15 },
  });
  return {
    name,
    arbitrary,
    ...(nearThreshold ? { nearThreshold: true } : {}),
    contains(inst: UfmInstance): boolean {
      const p = problemOf(inst);
      return p.loss === c.loss && sideOf(inst) === side && biasOf(inst) === bias && inDimClass(p.K, p.d, dim);
    },
  };
}

/**
 * The coverage classes of a plain-UFM claim: sides × bias × dims, then one near class per (near side, bias).
 *
 * @example
 * ufmClasses({ loss: 'ce', sides: ['below'], bias: ['none', 'free'], dims: ['d=K-1', 'd>=K'], near: ['near-below'] })
 *   .map((c) => c.name);
 * // => ['below/bias=none/d=K-1', 'below/bias=none/d>=K', 'below/bias=free/d=K-1', 'below/bias=free/d>=K',
 * //     'near-below/bias=none', 'near-below/bias=free']
 */
export function ufmClasses(c: UfmClassesConstraints): ClaimClass<UfmInstance>[] {
  const out: ClaimClass<UfmInstance>[] = [];
  for (const side of c.sides) {
    for (const bias of c.bias) {
      for (const dim of c.dims) out.push(oneClass(`${side}/bias=${bias}/${dim}`, c, side, bias, dim, false));
    }
  }
  const nearDims = unionDims(c.dims);
  for (const side of c.near ?? []) {
    for (const bias of c.bias) {
      if (c.nearPerDim === true)
        for (const dim of c.dims) out.push(oneClass(`${side}/bias=${bias}/${dim}`, c, side, bias, dim, true));
      else out.push(oneClass(`${side}/bias=${bias}`, c, side, bias, nearDims, true));
    }
  }
  return out;
}
