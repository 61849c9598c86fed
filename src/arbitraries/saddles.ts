/**
 * Instances of the constructed-saddle claims (THEORY.md §6), built on src/arbitraries (dimensions by
 * `chain`, the threshold side as a generated choice, round λ's) — never by filtering. Each instance is plain JSON
 * with its seed as data (STYLE.md §4.3), so fixtures store it verbatim and replay does not depend on generators.
 * Shrinking moves toward small K, d, n, round λ's, the first loss ('ce'), the first bias mode and small r / d′ /
 * a single merged group.
 */
import fc from 'fast-check';
import { UsageError } from '../core/index.ts';
import { balancedN } from '../models/index.ts';
import type { UfmProblem } from '../models/index.ts';
import { parseUfmInstance, problemOf, ufmInstance } from './instance.ts';
import type { BiasMode, UfmInstance } from './instance.ts';
import type { DimRegime } from './dims.ts';
import type { ThresholdSide } from './lambdas.ts';
import { ufmClasses } from './ufmClasses.ts';
import type { ClaimClass } from '../claim/index.ts';

const ALL_BIAS: readonly BiasMode[] = ['none', 'free', 'decay'];

interface LossChoice {
  readonly losses: readonly ('ce' | 'mse')[];
  readonly regime: DimRegime;
  readonly bias: readonly BiasMode[];
  readonly sides: readonly ThresholdSide[];
  readonly minK?: number;
  readonly maxK: number;
  readonly maxN: number;
  readonly maxExtraD: number;
}

/** A plain-UFM instance whose loss is itself drawn (shrinking toward the first loss listed). */
function anyLossInstance(c: LossChoice): fc.Arbitrary<UfmInstance> {
  return fc.constantFrom(...c.losses).chain((loss) =>
    ufmInstance({
      loss,
      regime: c.regime,
      bias: c.bias,
      sides: c.sides,
      maxK: c.maxK,
      maxN: c.maxN,
      maxExtraD: c.maxExtraD,
      ...(c.minK !== undefined ? { minK: c.minK } : {}),
    }),
  );
}

function requireBalanced(p: UfmProblem): number {
  const n = balancedN(p);
  if (n === undefined)
    throw new UsageError('instance.problem.counts', 'must be balanced (all equal) for the §6 constructions');
  return n;
}

function intField(u: unknown, name: string, lo: number, hi: number): number {
  const v = (u as Record<string, unknown>)[name];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new UsageError(`instance.${name}`, `must be an integer in [${lo}, ${hi}]; got ${JSON.stringify(v)}`);
  }
  return v;
}

// (a) ORIGIN //

/**
 * The origin instances of §6.1: CE or MSE, every bias mode, balanced, on the given threshold sides.
 * K ≤ 8, n ≤ 8, d ≤ K + 1 (d does not enter the closed form: the Hessian repeats per coordinate of R^d).
 */
export function originInstance(sides: readonly ThresholdSide[]): fc.Arbitrary<UfmInstance> {
  return anyLossInstance({
    losses: ['ce', 'mse'],
    regime: 'K-1',
    bias: ALL_BIAS,
    sides,
    maxK: 8,
    maxN: 8,
    maxExtraD: 2,
  });
}

/** Validates an origin instance (a balanced CE/MSE UfmInstance). */
export function parseOriginInstance(u: unknown): UfmInstance {
  const inst = parseUfmInstance(u);
  const p = problemOf(inst);
  if (p.loss !== 'ce' && p.loss !== 'mse')
    throw new UsageError('instance.problem.loss', `must be 'ce' or 'mse'; got '${p.loss}'`);
  requireBalanced(p);
  return inst;
}

// (b) MSE PARTIAL FRAMES //

/** An MSE instance with the rank r of a partial orthogonal frame (§6.2 bias-free, §6.3 free bias). */
export interface PartialFrameInstance extends UfmInstance {
  readonly r: number;
}

/**
 * MSE partial frames below the threshold: bias-free with 0 ≤ r ≤ K−1, or free bias (λ_b = 0) with
 * 0 ≤ r ≤ K−2 (the non-global frames), and r < d: the §1.2 direction needs a common null vector of W and Hᵀ,
 * i.e. d > rank W = r. (At r = d < K there is none, and numerically the frame is then NOT a saddle: λ_min = 0,
 * e.g. K = 3, d = r = 2 — it is the best rank-d point; THEORY.md §6.2 leaves d > r implicit.)
 * With `rank: 'K-1'` the control's instances: bias-free, r = K−1, d ≥ K.
 * The frames U, R are drawn from the instance seed (Gaussian + Gram–Schmidt in src/theory/constructed.ts).
 */
export function partialFrameInstance(rank: 'any' | 'K-1'): fc.Arbitrary<PartialFrameInstance> {
  const bias: readonly BiasMode[] = rank === 'any' ? ['none', 'free'] : ['none'];
  const regime: DimRegime = rank === 'any' ? 'K-1' : 'K';
  return ufmInstance({ loss: 'mse', regime, bias, sides: ['below'], maxK: 8, maxN: 8, maxExtraD: 2 }).chain((inst) => {
    const p = problemOf(inst);
    const rmax = p.bias ? p.K - 2 : p.K - 1;
    const r = rank === 'K-1' ? fc.constant(p.K - 1) : fc.integer({ min: 0, max: Math.min(rmax, p.d - 1) });
    return r.map((rr): PartialFrameInstance => ({ ...inst, r: rr }));
  });
}

/** Validates a partial-frame instance: MSE, balanced, λ_b = 0, r non-global and r < d (κ < 1 is the builder's check). */
export function parsePartialFrameInstance(u: unknown): PartialFrameInstance {
  const inst = parseUfmInstance(u);
  const p = problemOf(inst);
  if (p.loss !== 'mse')
    throw new UsageError('instance.problem.loss', `must be 'mse' for a partial orthogonal frame; got '${p.loss}'`);
  if (p.bias && p.lambdaB !== 0)
    throw new UsageError('instance.problem.lambdaB', `must be 0 (§6.3 is the unregularised bias); got ${p.lambdaB}`);
  requireBalanced(p);
  const r = intField(u, 'r', 0, Math.min(p.bias ? p.K - 2 : p.K - 1, p.d - 1));
  return { ...inst, r };
}

// (c) EMBEDDED //

/** A d-dimensional instance with the dimension d′ < K−1 of the problem that is solved and embedded (§6.4). */
export interface EmbeddedInstance extends UfmInstance {
  readonly dLow: number;
}

/**
 * CE or MSE, every bias mode, below the threshold, 3 ≤ K ≤ 6, d ∈ [K, K+2], n ≤ 6, and d′ ∈ {1, 2} with
 * d′ < K−1 (so d′ = 2 needs K ≥ 4).
 */
export function embeddedInstance(): fc.Arbitrary<EmbeddedInstance> {
  return anyLossInstance({
    losses: ['ce', 'mse'],
    regime: 'K',
    bias: ALL_BIAS,
    sides: ['below'],
    minK: 3,
    maxK: 6,
    maxN: 6,
    maxExtraD: 2,
  }).chain((inst) => {
    const K = problemOf(inst).K;
    return fc.integer({ min: 1, max: Math.min(2, K - 2) }).map((dLow): EmbeddedInstance => ({ ...inst, dLow }));
  });
}

/** Validates an embedded instance: 1 ≤ d′ < min(K−1, d). */
export function parseEmbeddedInstance(u: unknown): EmbeddedInstance {
  const inst = parseOriginInstance(u);
  const p = problemOf(inst);
  if (p.K < 3) throw new UsageError('instance.problem.K', `must be ≥ 3 so that some d′ < K−1 exists; got ${p.K}`);
  const dLow = intField(u, 'dLow', 1, Math.min(p.K - 2, p.d - 1));
  return { ...inst, dLow };
}

/** The d′-dimensional problem of an embedded instance. */
export function lowProblem(inst: EmbeddedInstance): UfmProblem {
  return { ...problemOf(inst), d: inst.dLow };
}

// (d) CLASS MERGING //

/** An instance with a partition of the classes into groups that share w, h and b (§6.5). */
export interface MergingInstance extends UfmInstance {
  readonly groups: readonly (readonly number[])[];
}

/**
 * The partition of 0..K−1 given by labels: classes with equal labels form a group; groups are listed in the order
 * of their first class, each ascending.
 * @example
 * groupsOf([1, 0, 1, 2]); // => [[0, 2], [1], [3]]
 */
export function groupsOf(labels: readonly number[]): number[][] {
  const byLabel = new Map<number, number[]>();
  labels.forEach((l, k) => {
    const g = byLabel.get(l);
    if (g === undefined) byLabel.set(l, [k]);
    else g.push(k);
  });
  return [...byLabel.values()];
}

/**
 * CE or MSE, every bias mode, below the threshold, 3 ≤ K ≤ 6, d ∈ [K, K+1], n ≤ 5, and a partition drawn as K
 * labels in [0, K−2]: at most K−1 groups, so by pigeonhole some group merges ≥ 2 classes (the point lies off the
 * global minimizers, whose W is a simplex ETF / orthogonal frame with distinct rows). d ≥ K keeps a common null
 * vector of W and Hᵀ (rank W ≤ #groups ≤ K−1 < d). Shrinks toward every class in one group.
 */
export function mergingInstance(): fc.Arbitrary<MergingInstance> {
  return anyLossInstance({
    losses: ['ce', 'mse'],
    regime: 'K',
    bias: ALL_BIAS,
    sides: ['below'],
    minK: 3,
    maxK: 6,
    maxN: 5,
    maxExtraD: 1,
  }).chain((inst) => {
    const K = problemOf(inst).K;
    return fc
      .array(fc.integer({ min: 0, max: K - 2 }), { minLength: K, maxLength: K })
      .map((labels): MergingInstance => ({ ...inst, groups: groupsOf(labels) }));
  });
}

/** Validates a merging instance: groups partition 0..K−1 with some group of ≥ 2 classes; counts balanced. */
export function parseMergingInstance(u: unknown): MergingInstance {
  const inst = parseOriginInstance(u);
  const p = problemOf(inst);
  const g = (u as Record<string, unknown>)['groups'];
  const bad = (msg: string): never => {
    throw new UsageError('instance.groups', msg);
  };
  if (!Array.isArray(g) || g.length === 0)
    return bad(`must be a non-empty array of class lists; got ${JSON.stringify(g)}`);
  const seen = new Set<number>();
  const groups: number[][] = [];
  for (const grp of g as unknown[]) {
    if (!Array.isArray(grp) || grp.length === 0)
      return bad(`every group must be a non-empty array; got ${JSON.stringify(grp)}`);
    const out: number[] = [];
    for (const k of grp as unknown[]) {
      if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k >= p.K || seen.has(k))
        return bad(`class ${JSON.stringify(k)} is not a new class in 0..${p.K - 1}`);
      seen.add(k);
      out.push(k);
    }
    groups.push(out);
  }
  if (seen.size !== p.K) return bad(`must cover all ${p.K} classes; ${seen.size} covered`);
  if (!groups.some((x) => x.length >= 2)) return bad('some group must merge at least 2 classes');
  return { ...inst, groups };
}

// (e) SOLVED GLOBAL MINIMIZERS //

/**
 * Instances whose global minimizer is certified by certifiedMinimizer (src/certified/ufm): CE or MSE, every bias mode,
 * d ≥ K (so the convex KKT test applies to every loss/bias mode: the MSE minimizers can have rank K), K ≤ 6,
 * n ≤ 6, on the given sides of the threshold.
 */
export function globalMinInstance(sides: readonly ThresholdSide[]): fc.Arbitrary<UfmInstance> {
  return anyLossInstance({ losses: ['ce', 'mse'], regime: 'K', bias: ALL_BIAS, sides, maxK: 6, maxN: 6, maxExtraD: 2 });
}

// COVERAGE CLASSES (issue 9 items 1–2) //

/**
 * A class whose instances extend those of `base` (a plain-UFM class) by `add` (r, d′, groups, …), with membership
 * `base.contains ∧ member`. Built by `chain`, never by filtering.
 */
function extendClass<I extends UfmInstance>(
  base: ClaimClass<UfmInstance>,
  name: string,
  add: (inst: UfmInstance) => fc.Arbitrary<I>,
  member: (inst: I) => boolean,
): ClaimClass<I> {
  return {
    name,
    arbitrary: base.arbitrary.chain(add),
    ...(base.nearThreshold === true ? { nearThreshold: true } : {}),
    contains: (inst: I): boolean => base.contains(inst) && member(inst),
  };
}

/** `<loss>/<name>` copies of a loss's classes. */
function withLoss<I extends UfmInstance>(loss: string, classes: readonly ClaimClass<I>[]): ClaimClass<I>[] {
  return classes.map((c) => ({ ...c, name: `${loss}/${c.name}` }));
}

/**
 * Classes of saddle.origin.curvature: CE and MSE × the threshold side (below κ ≤ 0.9: strict saddle; above
 * κ ≥ 1.15: global minimizer; near-below κ ∈ [0.95, 0.999], near-above [1.001, 1.05], where λ_min(∇²f)(0) → 0) ×
 * bias none/free/decay. K ≤ 8, n ≤ 8, d ≤ K + 1 as {@link originInstance}.
 */
export function originClasses(): ClaimClass<UfmInstance>[] {
  return (['ce', 'mse'] as const).flatMap((loss) =>
    withLoss(
      loss,
      ufmClasses({
        loss,
        sides: ['below', 'above'],
        bias: ALL_BIAS,
        dims: ['d>=K-1'],
        near: ['near-below', 'near-above'],
        instance: { maxK: 8, maxN: 8, maxExtraD: 2 },
      }),
    ),
  );
}

/** The rank class of a partial frame: the origin-like r = 0, 0 < r < r_max, or r_max (one rank short of global). */
export type FrameRank = 'r=0' | '0<r<max' | 'r=max';

function frameRankOf(r: number, rmax: number): FrameRank {
  return r === 0 ? 'r=0' : r === rmax ? 'r=max' : '0<r<max';
}

/**
 * Classes of saddle.mse-partial-frame.strict-saddle: bias none (§6.2, r_max = K−1) / free (§6.3, r_max = K−2) ×
 * r = 0 / 0 < r < r_max / r = r_max (always d > r: r = r_max bias-free draws d ≥ K), below the threshold, plus a
 * near-below stratum κ ∈ [0.95, 0.999] per bias mode (any r). r_max ≥ 1 (K ≥ 3 with a free bias) for r = r_max,
 * r_max ≥ 2 for the middle class.
 */
export function partialFrameClasses(): ClaimClass<PartialFrameInstance>[] {
  const out: ClaimClass<PartialFrameInstance>[] = [];
  for (const bias of ['none', 'free'] as const) {
    const shift = bias === 'none' ? 1 : 2; // r_max = K − shift
    const rmaxOf = (K: number): number => K - shift;
    for (const rank of ['r=0', '0<r<max', 'r=max'] as const) {
      const minK = rank === 'r=0' ? shift : rank === 'r=max' ? shift + 1 : shift + 2;
      const dims = rank === 'r=max' && bias === 'none' ? 'd>=K' : 'd>=K-1';
      const [base] = ufmClasses({
        loss: 'mse',
        sides: ['below'],
        bias: [bias],
        dims: [dims],
        instance: { minK: Math.max(2, minK), maxK: 8, maxN: 8, maxExtraD: 2 },
      });
      out.push(
        extendClass(
          base as ClaimClass<UfmInstance>,
          `bias=${bias}/${rank}`,
          (inst) => {
            const p = problemOf(inst);
            const rmax = rmaxOf(p.K);
            const r =
              rank === 'r=0'
                ? fc.constant(0)
                : rank === 'r=max'
                  ? fc.constant(rmax)
                  : fc.integer({ min: 1, max: Math.min(rmax - 1, p.d - 1) });
            return r.map((rr): PartialFrameInstance => ({ ...inst, r: rr }));
          },
          (inst) => {
            const p = problemOf(inst);
            return inst.r < p.d && frameRankOf(inst.r, rmaxOf(p.K)) === rank;
          },
        ),
      );
    }
    const [near] = ufmClasses({
      loss: 'mse',
      sides: [],
      bias: [bias],
      dims: ['d>=K-1'],
      near: ['near-below'],
      instance: { minK: Math.max(2, shift), maxK: 8, maxN: 8, maxExtraD: 2 },
    });
    out.push(
      extendClass(
        near as ClaimClass<UfmInstance>,
        `near-below/bias=${bias}`,
        (inst) => {
          const p = problemOf(inst);
          return fc
            .integer({ min: 0, max: Math.min(rmaxOf(p.K), p.d - 1) })
            .map((rr): PartialFrameInstance => ({ ...inst, r: rr }));
        },
        (inst) => inst.r < problemOf(inst).d && inst.r <= rmaxOf(problemOf(inst).K),
      ),
    );
  }
  return out;
}

/**
 * Classes of saddle.embedded.strict-saddle: CE and MSE × bias none/free/decay × d′ = 1 / d′ = 2 (K ≥ 4), below
 * the threshold, d ∈ [K, K+2], K ≤ 6, n ≤ 6; and a near-below stratum κ ∈ [0.95, 0.999] per loss and bias mode
 * (any d′), where σ = ‖G‖₂ approaches √(λ_Wλ_H) and the §1.2 bound q(σ) < 0 is tightest.
 */
export function embeddedClasses(): ClaimClass<EmbeddedInstance>[] {
  const out: ClaimClass<EmbeddedInstance>[] = [];
  for (const loss of ['ce', 'mse'] as const) {
    for (const bias of ALL_BIAS) {
      for (const dLow of [1, 2]) {
        const [base] = ufmClasses({
          loss,
          sides: ['below'],
          bias: [bias],
          dims: ['d>=K'],
          instance: { minK: dLow + 2, maxK: 6, maxN: 6, maxExtraD: 2 },
        });
        out.push(
          extendClass(
            base as ClaimClass<UfmInstance>,
            `${loss}/bias=${bias}/d'=${dLow}`,
            (inst) => fc.constant<EmbeddedInstance>({ ...inst, dLow }),
            (inst) => inst.dLow === dLow,
          ),
        );
      }
    }
    for (const near of ufmClasses({
      loss,
      sides: [],
      bias: ALL_BIAS,
      dims: ['d>=K'],
      near: ['near-below'],
      instance: { minK: 3, maxK: 6, maxN: 6, maxExtraD: 2 },
    })) {
      out.push(
        extendClass(
          near,
          `${loss}/${near.name}`,
          (inst) => {
            const K = problemOf(inst).K;
            return fc.integer({ min: 1, max: Math.min(2, K - 2) }).map((dLow): EmbeddedInstance => ({ ...inst, dLow }));
          },
          (inst) => inst.dLow >= 1 && inst.dLow < problemOf(inst).K - 1,
        ),
      );
    }
  }
  return out;
}

/**
 * Classes of saddle.class-merging.strict-saddle: CE and MSE × bias none/free/decay, below the threshold, d ∈ [K,
 * K+1], 3 ≤ K ≤ 6, n ≤ 5, groups as {@link mergingInstance}; and a near-below stratum κ ∈ [0.95, 0.999] per loss
 * and bias mode.
 */
export function mergingClasses(): ClaimClass<MergingInstance>[] {
  const out: ClaimClass<MergingInstance>[] = [];
  for (const loss of ['ce', 'mse'] as const) {
    for (const bias of ALL_BIAS) {
      const [base] = ufmClasses({
        loss,
        sides: ['below'],
        bias: [bias],
        dims: ['d>=K'],
        instance: { minK: 3, maxK: 6, maxN: 5, maxExtraD: 1 },
      });
      out.push(
        extendClass(
          base as ClaimClass<UfmInstance>,
          `${loss}/bias=${bias}`,
          (inst) => {
            const K = problemOf(inst).K;
            return fc
              .array(fc.integer({ min: 0, max: K - 2 }), { minLength: K, maxLength: K })
              .map((labels): MergingInstance => ({ ...inst, groups: groupsOf(labels) }));
          },
          (inst) => inst.groups.some((g) => g.length >= 2),
        ),
      );
    }
    for (const near of ufmClasses({
      loss,
      sides: [],
      bias: ALL_BIAS,
      dims: ['d>=K'],
      near: ['near-below'],
      instance: { minK: 3, maxK: 6, maxN: 5, maxExtraD: 1 },
    })) {
      out.push(
        extendClass(
          near,
          `${loss}/${near.name}`,
          (inst) => {
            const K = problemOf(inst).K;
            return fc
              .array(fc.integer({ min: 0, max: K - 2 }), { minLength: K, maxLength: K })
              .map((labels): MergingInstance => ({ ...inst, groups: groupsOf(labels) }));
          },
          (inst) => inst.groups.some((g) => g.length >= 2),
        ),
      );
    }
  }
  return out;
}

/**
 * Classes of saddle.global-min.local-min: CE and MSE × below (κ ≤ 0.9) / above (κ ≥ 1.15, the origin) × bias
 * none/free/decay, and near-below / near-above strata per bias mode; d ≥ K, K ≤ 6, n ≤ 6.
 */
export function globalMinClasses(): ClaimClass<UfmInstance>[] {
  return (['ce', 'mse'] as const).flatMap((loss) =>
    withLoss(
      loss,
      ufmClasses({
        loss,
        sides: ['below', 'above'],
        bias: ALL_BIAS,
        dims: ['d>=K'],
        near: ['near-below', 'near-above'],
        instance: { maxK: 6, maxN: 6, maxExtraD: 2 },
      }),
    ),
  );
}
