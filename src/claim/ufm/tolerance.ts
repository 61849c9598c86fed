/**
 * Tolerances derived from certificates (issue 3 "Tolerances"; STYLE.md §4.7). Never tuned: each is a bound.
 *
 * Distance to the solution set. Let θ have gradient norm ε and let μ > 0 be the curvature modulo symmetry
 * (curvature.ts). Near a nondegenerate minimizer (modulo the orbit) the Newton step −∇²f⁺∇f lands on it to second
 * order, and ‖∇²f⁺∇f‖ ≤ ε/μ (the gradient is orthogonal to the orbit's tangents by invariance). We take
 *
 *     δ = 2 ε / μ,
 *
 * the factor 2 covering the neglected second-order term while it is at most the first (i.e. L₃ δ ≤ μ, which holds
 * by a wide margin for ε ≤ 1e-8 at the curvatures seen here; μ is reported with every verdict so this stays visible).
 *
 * Gram matrices. If ‖W − W*‖_F ≤ δ (after the optimal rotation, which leaves Grams unchanged) then
 * ‖W Wᵀ − W* W*ᵀ‖_F ≤ 2‖W‖_F δ + δ². Rounding: each Gram entry is a d-term dot product, with error at most
 * γ_d ‖w_i‖‖w_j‖ ≤ (d+2)·u·‖W‖_F² per entry (Higham, Thm 3.4/3.5; u = 2⁻⁵³), so ≤ K(d+2)·u·‖W‖_F² in Frobenius norm.
 *
 * Values. f(θ) − f* ≤ ε²/(2μ) + ε·δ (quadratic growth + first-order term), plus rounding of the objective
 * itself: a sum of m = K·N + K·d + d·N + K terms has error ≤ m·u·Σ|terms| (Higham (3.4)); we bound Σ|terms| by
 * |f| + ‖θ‖²·max(λ) + 1 and report the pieces.
 */
import { dot } from '../../linalg/index.ts';
import type { UfmProblem } from '../../models/index.ts';

const U = 2 ** -53;

export interface DistanceBound {
  readonly gradNorm: number;
  readonly mu: number;
  /** δ = 2ε/μ (Infinity when μ ≤ 0). */
  readonly delta: number;
}

export function distanceBound(gradNorm: number, mu: number): DistanceBound {
  return { gradNorm, mu, delta: mu > 0 ? (2 * gradNorm) / mu : Number.POSITIVE_INFINITY };
}

/** Absolute Frobenius tolerance on a K×K Gram of the rows of a K×d factor with ‖·‖_F = norm. */
export function gramTolerance(norm: number, delta: number, K: number, d: number): number {
  return 2 * norm * delta + delta * delta + K * (d + 2) * U * norm * norm;
}

/** Absolute Frobenius tolerance on a product A·B (‖A‖_F = a, ‖B‖_F = b, inner dimension d) when both move by ≤ δ. */
export function productTolerance(a: number, b: number, delta: number, K: number, d: number): number {
  return (a + b) * delta + delta * delta + K * (d + 2) * U * a * b;
}

/** Absolute tolerance on f(θ) − f*. */
export function valueTolerance(value: number, gradNorm: number, mu: number, terms: number, thetaSq: number, maxLambda: number): number {
  const d = distanceBound(gradNorm, mu);
  const quad = mu > 0 ? (gradNorm * gradNorm) / (2 * mu) + gradNorm * d.delta : Number.POSITIVE_INFINITY;
  return quad + terms * U * (Math.abs(value) + thetaSq * maxLambda + 1);
}

/**
 * valueTolerance at a UFM point θ: the objective sums m = K·N + K·d + d·N + K terms, and Σ|terms| is bounded with
 * ‖θ‖² and the largest λ (see above).
 */
export function pointValueTolerance(p: UfmProblem, theta: Float64Array, value: number, gradNorm: number, mu: number): number {
  let N = 0;
  for (const c of p.counts) N += c;
  const terms = p.K * N + p.K * p.d + p.d * N + p.K;
  return valueTolerance(value, gradNorm, mu, terms, dot(theta, theta), Math.max(p.lambdaW, p.lambdaH, p.lambdaB));
}
