/**
 * Class-merging critical points (THEORY.md §6.5): the classes of each group share w, h and b
 * (src/theory/constructed.ts `classMerging`: the fixed-point set of the within-group class permutations, a symmetry
 * of f for balanced counts). The restricted problem f∘J is solved by second-order trust-region Newton (exact
 * restricted HVPs JᵀHJ) from the seeded start and the point is expanded to the full problem, where it is measured
 * and certified.
 *
 * Tolerances: symmetric criticality (Palais 1979) gives ∇f(Jθ_r) = J(JᵀJ)⁻¹∇(f∘J)(θ_r), whose norm is at most the
 * restricted one (constructed.ts), so the full gradient is certified to ‖∇(f∘J)(θ_r)‖ + gradRounding; f is compared
 * with f* to valueRounding + 64u|f*| (the closed form's own few operations). saddle.ts holds the derivations.
 */
import type { SecondOrderCertificate } from '../../certify/index.ts';
import type { Verdict } from '../../claim/index.ts';
import { inconclusive } from '../../claim/index.ts';
import { createRng } from '../../core/index.ts';
import { nrm2 } from '../../linalg/index.ts';
import { lossById } from '../../losses/index.ts';
import { randomInit, ufmObjective } from '../../models/index.ts';
import type { UfmObjective, UfmProblem } from '../../models/index.ts';
import { trustRegion } from '../../solvers/index.ts';
import { classMerging } from '../../theory/index.ts';
import type { ClassMerging } from '../../theory/index.ts';
import { globalValue } from '../ufm/globalValue.ts';
import { certifyUfmPoint } from '../ufm/secondOrder.ts';
import { escapeData, gradRounding, tightLambdaMin, valueRounding } from './saddle.ts';
import type { EscapeData, TightLambda } from './saddle.ts';

/** Gradient certificate asked of the restricted solve. */
const SOLVE_TOL = 1e-10;

/** A solved class-merged critical point, expanded to the full problem. */
export interface MergedPoint {
  readonly merging: ClassMerging;
  readonly obj: UfmObjective;
  readonly theta: Float64Array;
  readonly value: number;
  /** ‖∇f(θ)‖ in the full problem. */
  readonly gradNorm: number;
  /** ‖∇(f∘J)(θ_r)‖, the restricted certificate. */
  readonly gradReduced: number;
  readonly iterations: number;
  /** f* of the full problem (src/certified/ufm/globalValue.ts closed forms). */
  readonly fStar: number;
  /** Rounding of f(θ) plus that of f* (module doc). */
  readonly valueTol: number;
}

/** A merged point with its full-problem measurements (module doc). */
export interface MeasuredMergedPoint extends MergedPoint {
  /** gradRounding at θ. */
  readonly gradRounding: number;
  readonly lambda: TightLambda;
  readonly escape: EscapeData;
  /** Second-order certificate, gradient tolerance ‖∇(f∘J)‖ + gradRounding. */
  readonly cert: SecondOrderCertificate;
}

/** Solves the restricted problem and expands; inconclusive when the restricted solve does not certify. */
export function solveMergedPoint(
  p: UfmProblem,
  groups: readonly (readonly number[])[],
  seed: number,
): MergedPoint | Verdict {
  const loss = lossById(p.loss);
  const merging = classMerging(p, groups);
  const obj = ufmObjective(p, loss);
  const reduced = merging.objective(loss);
  const start = merging.restrict(randomInit(obj.layout, createRng(seed)));
  const r = trustRegion(reduced, start, { tol: SOLVE_TOL, maxIter: 300, secondOrder: true, seed });
  if (r.status !== 'converged') {
    return inconclusive(
      `restricted solve ended '${r.status}' with ‖∇(f∘J)‖ = ${r.gradNorm.toExponential(2)} > ${SOLVE_TOL}`,
      { status: r.status, gradNorm: r.gradNorm, iterations: r.iterations },
    );
  }
  const theta = merging.expand(r.theta);
  const g = new Float64Array(obj.dim);
  const value = obj.valueAndGrad(theta, g);
  const fStar = globalValue(p);
  const valueTol = valueRounding(obj.layout, p, value, theta) + 64 * 2 ** -53 * Math.abs(fStar);
  return {
    merging,
    obj,
    theta,
    value,
    gradNorm: nrm2(g),
    gradReduced: r.gradNorm,
    iterations: r.iterations,
    fStar,
    valueTol,
  };
}

/** True for a solved merged point (not the verdict of a failed solve). */
export function isMergedPoint(x: MergedPoint | Verdict): x is MergedPoint {
  return 'merging' in x;
}

/** Solves, expands, and measures and certifies the merged point in the full problem (module doc). */
export function measuredMergedPoint(
  p: UfmProblem,
  groups: readonly (readonly number[])[],
  seed: number,
): MeasuredMergedPoint | Verdict {
  const m = solveMergedPoint(p, groups, seed);
  if (!isMergedPoint(m)) return m;
  const loss = lossById(p.loss);
  const L = m.obj.layout;
  const gRnd = gradRounding(L, m.theta);
  const lambda = tightLambdaMin(m.obj, m.theta, seed);
  const escape = escapeData(p, loss, L, m.theta);
  const cert = certifyUfmPoint(p, loss, m.theta, seed, m.gradReduced + gRnd);
  return { ...m, gradRounding: gRnd, lambda, escape, cert };
}
