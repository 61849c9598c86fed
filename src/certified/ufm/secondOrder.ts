/**
 * Second-order certificate of a plain-UFM point (issue 4 item 2) — certify/secondOrder.ts with the UFM's
 * symmetry tangents supplied, so the rotation zero-modes W → WQᵀ, H → QH (and the CE free-bias shift) are
 * discounted rather than read as degeneracy.
 */
import { createRng } from '../../core/index.ts';
import { certifySecondOrder } from '../../certify/index.ts';
import type { SecondOrderCertificate } from '../../certify/index.ts';
import type { LogitLoss } from '../../losses/index.ts';
import { ufmObjective } from '../../models/index.ts';
import type { UfmLayout, UfmProblem } from '../../models/index.ts';
import { symmetryProjector } from './symmetryProjector.ts';

/** Memory cap (entries of the tangent set): above it the tangents are not formed and zero-modes are not discounted. */
const TANGENT_BUDGET = 2e7;

/**
 * Tangents (W Aᵀ, A H, 0) of the O(d) orbit at θ for A = e_p e_qᵀ − e_q e_pᵀ, plus (0, 0, 1) for a shift-invariant
 * loss with a free bias. Returns [] when d(d−1)/2 · dim exceeds the budget.
 */
export function ufmSymmetryTangents(
  problem: UfmProblem,
  loss: LogitLoss,
  L: UfmLayout,
  theta: Float64Array,
): Float64Array[] {
  const { K, d, N, offW, offH, offB, dim } = L;
  if (((d * (d - 1)) / 2) * dim > TANGENT_BUDGET) return [];
  const out: Float64Array[] = [];
  for (let p = 0; p < d; p++) {
    for (let q = p + 1; q < d; q++) {
      const t = new Float64Array(dim);
      for (let k = 0; k < K; k++) {
        t[offW + k * d + p] = theta[offW + k * d + q] as number;
        t[offW + k * d + q] = -(theta[offW + k * d + p] as number);
      }
      for (let j = 0; j < N; j++) {
        t[offH + p * N + j] = theta[offH + q * N + j] as number;
        t[offH + q * N + j] = -(theta[offH + p * N + j] as number);
      }
      out.push(t);
    }
  }
  if (problem.bias && problem.lambdaB === 0 && loss.traits.shiftInvariant) {
    const t = new Float64Array(dim);
    for (let k = 0; k < K; k++) t[offB + k] = 1;
    out.push(t);
  }
  return out;
}

/** The second-order certificate of θ for the full objective. */
export function certifyUfmPoint(
  problem: UfmProblem,
  loss: LogitLoss,
  theta: Float64Array,
  seed = 1,
  gradTol = 1e-8,
): SecondOrderCertificate {
  const obj = ufmObjective(problem, loss);
  const L = obj.layout;
  // One sample per class (the equivalent n = 1 problem of paper-sized solves, collapsedProblem.ts): θ has the layout
  // [W K×d | H d×K | b] the on-the-fly projector acts on, so an orbit too large for TANGENT_BUDGET is still discounted.
  if (((L.d * (L.d - 1)) / 2) * L.dim > TANGENT_BUDGET && L.N === L.K) {
    return certifySecondOrder(obj, theta, {
      rng: createRng(seed),
      gradTol,
      symmetryProjector: symmetryProjector(problem, loss, theta),
    });
  }
  return certifySecondOrder(obj, theta, {
    rng: createRng(seed),
    gradTol,
    symmetryTangents: ufmSymmetryTangents(problem, loss, L, theta),
  });
}
