/**
 * The minimizer claims at the papers' sizes without the N-sized matrices (issue 12 item 4): for a balanced problem
 * with λ_H > 0 and a loss convex in z, certify the equivalent one-sample-per-class problem instead.
 *
 * Equivalence. Every critical point of f (K classes of n samples, N = Kn) is collapsed, H = H̄ ⊗ 1ᵀ (models/
 * ufmCollapsed.ts: each h_{k,i} is the stationary point of the same λ_H-strongly convex φ_k). On collapsed points
 *
 *     f(W, H̄ ⊗ 1ᵀ, b) = (1/N) Σ_k n ℓ(W h̄_k + b, k) + (λ_W/2)‖W‖² + (λ_H/2)·n‖H̄‖² + (λ_b/2)‖b‖²
 *                      = f₁(W, H̄, b),
 *
 * the UFM with n = 1 and λ_H' = n·λ_H (same K, d, λ_W, λ_b, bias, loss). Hence the critical points, and the global
 * minimizers, of f are exactly the expansions of those of f₁, with the same values, and κ = K√(nλ_Wλ_H) is the
 * same for both. Certifying (W, H̄, b) as within δ₁ of a global minimizer of f₁ (certified.ts on f₁: ε₁, μ₁ modulo
 * its own O(d) orbit, KKT ‖G₁‖₂ ≤ √(λ_W·nλ_H)) therefore certifies W, H̄, b and f* of f's global minimizers with
 * ‖ΔW‖, ‖ΔH̄‖, ‖Δb‖ ≤ δ₁. The within-class directions never enter: they are not coordinates of f₁, and no global
 * minimizer of f has within-class spread (for completeness: at a collapsed point the full Hessian is the collapsed
 * block ⊕ the within-class block (1/N)Wᵀ∇²ℓ_k W + λ_H I ⪰ λ_H I, curvature.ts). The certified point's `problem` is
 * f₁, so its nMin = 1 and every tolerance built from δ₁ and nMin (compare.ts) is in f₁'s metric — conservative for
 * H̄ (the full metric would allow δ/√n). Memory and time are those of n = 1: O(Kd + K²), never d×N or K×N.
 */
import type { LogitLoss } from '../../losses/index.ts';
import { balancedN } from '../../models/index.ts';
import type { UfmProblem } from '../../models/index.ts';

/** d·N from which the minimizer claims certify the equivalent n = 1 problem (far above the ci generators' ≤ 6·10³). */
export const COLLAPSE_MIN_ENTRIES = 1 << 20;

/**
 * f₁ of the module doc, or undefined when the equivalence does not hold (imbalanced counts, λ_H = 0, a loss not
 * convex in z) or n = 1 already.
 */
export function collapsedEquivalent(problem: UfmProblem, loss: LogitLoss): UfmProblem | undefined {
  const n = balancedN(problem);
  if (n === undefined || n === 1 || !(problem.lambdaH > 0) || !loss.traits.convexInZ) return undefined;
  return { ...problem, counts: new Array<number>(problem.K).fill(1), lambdaH: n * problem.lambdaH };
}

/** The problem the minimizer claims certify: f₁ when the instance has d·N ≥ COLLAPSE_MIN_ENTRIES and f₁ exists, else the problem itself. */
export function certificationProblem(problem: UfmProblem, loss: LogitLoss): UfmProblem {
  let N = 0;
  for (const c of problem.counts) N += c;
  if (problem.d * N < COLLAPSE_MIN_ENTRIES) return problem;
  return collapsedEquivalent(problem, loss) ?? problem;
}
