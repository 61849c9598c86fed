/**
 * The minimizer claims at the papers' sizes without the N-sized matrices (issue 12 item 4): for a balanced problem
 * with λ_H > 0 and a loss convex in z, certify an equivalent one-sample-per-class problem instead.
 *
 * Equivalence. Every critical point of f (K classes of n samples, N = Kn) is collapsed, H = H̄ ⊗ 1ᵀ (models/
 * ufmCollapsed.ts: each h_{k,i} is the stationary point of the same λ_H-strongly convex φ_k). On collapsed points,
 * with W = s·W', H̄ = H̄'/s, s = n^{1/4},
 *
 *     f(W, H̄ ⊗ 1ᵀ, b) = (1/N) Σ_k n ℓ(W h̄_k + b, k) + (λ_W/2)‖W‖² + (λ_H/2)·n‖H̄‖² + (λ_b/2)‖b‖²
 *                      = (1/K) Σ_k ℓ(W' h̄'_k + b, k) + (√n λ_W/2)‖W'‖² + (√n λ_H/2)‖H̄'‖² + (λ_b/2)‖b‖²
 *                      = f₁(W', H̄', b),
 *
 * the UFM with n = 1, λ_W' = √n·λ_W, λ_H' = √n·λ_H (same K, d, λ_b, bias, loss; κ = K√(nλ_Wλ_H) unchanged). Hence
 * the critical points and the global minimizers of f are exactly the images of those of f₁, with the same values.
 * The scaling s is the one that keeps the metric: the full metric on collapsed points is that of (W, U = √n H̄) (solve.ts),
 * and (W', H̄') = (W, U)/s — a uniform scaling of the (W, H) block — so ε, μ and the Newton–Kantorovich condition of
 * f₁ are those of the full problem up to the factor s, and (unlike λ_H' = nλ_H at s = 1) the conditioning is the
 * full problem's. A certificate of f₁ (certified.ts: ε₁, μ₁ modulo its own O(d) orbit, KKT ‖G₁‖₂ ≤ √(λ_W'λ_H'))
 * puts (W', H̄', b) within δ₁ of a global minimizer of f₁; mapped back, the full point (W, H̄ ⊗ 1ᵀ, b) is within
 * s·δ₁ of a global minimizer of f in the full metric (‖ΔW‖² + n‖ΔH̄‖² = s²(‖ΔW'‖² + ‖ΔH̄'‖²), ‖Δb‖ ≤ δ₁ ≤ sδ₁).
 * So the claims get δ = s·δ₁ with nMin = n (compare.ts's H̄ tolerances δ/√n). The within-class directions never
 * enter: no global minimizer of f has within-class spread (for completeness: at a collapsed point the full Hessian is
 * the collapsed block ⊕ the within-class block (1/N)Wᵀ∇²ℓ_k W + λ_H I ⪰ λ_H I, curvature.ts). Memory and time are
 * those of n = 1: O(Kd + K²), never d×N or K×N.
 */
import { matOf } from '../../core/index.ts';
import type { Mat } from '../../core/index.ts';
import type { LogitLoss } from '../../losses/index.ts';
import type { CertifiedPoint } from './certified.ts';
import { partsOf } from './compare.ts';
import type { PointParts } from './compare.ts';
import { balancedN } from '../../models/index.ts';
import type { UfmProblem } from '../../models/index.ts';

/** d·N from which the minimizer claims certify the equivalent n = 1 problem (far above the ci generators' ≤ 6·10³). */
export const COLLAPSE_MIN_ENTRIES = 1 << 20;

/** f₁ of the module doc and the scale s = n^{1/4} with W = s·W', H̄ = H̄'/s, full distance = s·δ₁. */
export interface CollapsedEquivalent {
  readonly problem: UfmProblem;
  readonly scale: number;
  readonly n: number;
}

/**
 * f₁ of the module doc, or undefined when the equivalence does not hold (imbalanced counts, λ_H = 0, a loss not
 * convex in z) or n = 1 already.
 */
export function collapsedEquivalent(problem: UfmProblem, loss: LogitLoss): CollapsedEquivalent | undefined {
  const n = balancedN(problem);
  if (n === undefined || n === 1 || !(problem.lambdaH > 0) || !loss.traits.convexInZ) return undefined;
  const r = Math.sqrt(n);
  return {
    problem: {
      ...problem,
      counts: new Array<number>(problem.K).fill(1),
      lambdaW: r * problem.lambdaW,
      lambdaH: r * problem.lambdaH,
    },
    scale: Math.sqrt(r),
    n,
  };
}

/** The equivalent f₁ when the instance has d·N ≥ COLLAPSE_MIN_ENTRIES and f₁ exists, else undefined (certify the problem itself). */
export function certificationEquivalent(problem: UfmProblem, loss: LogitLoss): CollapsedEquivalent | undefined {
  let N = 0;
  for (const c of problem.counts) N += c;
  if (problem.d * N < COLLAPSE_MIN_ENTRIES) return undefined;
  return collapsedEquivalent(problem, loss);
}

/**
 * The certified point of f₁ in the full problem's terms: parts W = s·W', H̄ = H̄'/s, H a d×K stand-in with the full
 * ‖H‖_F (columns √n·h̄_k; claims only take its norm), nMin = n, and δ = s·δ₁ (module doc).
 */
export function expandCertified(
  eq: CollapsedEquivalent,
  cp: CertifiedPoint,
): { cp: CertifiedPoint; parts: PointParts } {
  const p1 = partsOf(cp);
  const s = eq.scale;
  const scaled = (M: Mat, c: number): Mat =>
    matOf(
      M.rows,
      M.cols,
      M.data.map((x) => c * x),
    );
  const Hbar = scaled(p1.Hbar, 1 / s);
  return {
    cp: { ...cp, delta: s * cp.delta },
    parts: { W: scaled(p1.W, s), H: scaled(Hbar, Math.sqrt(eq.n)), Hbar, b: p1.b, nMin: eq.n },
  };
}
