/**
 * Fixed features, noise-free (Tirer & Bruna 2022, Thm 5.1 setting; THEORY.md §2.6): the ridge classifier
 * W(H*) = YH*ᵀ(H*H*ᵀ + Nλ_W I)^{−1} at H* = H̄* ⊗ 1ₙᵀ, the bias-free MSE-UFM minimizer's features replicated n times
 * per class, and the bound on its distance from W* = αH̄*ᵀ that rounding alone allows.
 *
 * Tolerance. G + S = H*H*ᵀ + nKλ_W I has eigenvalues n(ρ_h + Kλ_W) (K-fold) and nKλ_W, so its condition number is
 * exactly 1 + ρ_h/(Kλ_W) = 1/κ (ρ_h + Kλ_W = √(λ_W/(n₀λ_H)) at the §2.1 minimizer). Each entry of G sums n
 * products per class and then K class sums, so |ΔG| ≤ γ_{n+K}|H*||H*|ᵀ and ‖ΔG‖_F ≤ (n+K)u·‖H*‖_F² =
 * (n+K)u·nKρ_h ≤ (n+K)K·u·‖G+S‖₂ (Higham Thm 3.5); C = YH*ᵀ has relative error ≤ n·u; the Cholesky solve adds a
 * backward error ≤ γ_{3d+1}‖G+S‖ (Higham Thm 10.4); H̄*'s columns are orthonormal to ≤ 2d·u (two-pass
 * Gram–Schmidt), which moves W(H*) off αH̄*ᵀ by ≤ 4d·u relative. First-order perturbation of W = C(G+S)^{−1}:
 *
 *     ‖W(H*) − W*‖_F/‖W*‖_F ≤ (1/κ)·((n+K)K + n + 7d + 10)·u.
 *
 * With κ ≥ 0.095 (the arbitrary draws κ ≥ 0.1 before rounding λ to two digits), n ≤ 50, K ≤ 4, d ≤ 6 this is
 * ≤ 4e-13.
 *
 */
import { createRng } from '../../core/index.ts';
import type { Mat } from '../../core/index.ts';
import { ridgeClassifier } from '../../models/index.ts';
import type { FixedFeaturesProblem } from '../../models/index.ts';
import { predictFixedFeatures, replicateMeans } from '../../theory/index.ts';
import type { FixedFeaturesPrediction } from '../../theory/index.ts';

const U = 2 ** -53;

/** The ridge classifier of the replicated minimizer features, the prediction and the rounding bound (module doc). */
export interface RidgeAtMinimizer {
  readonly W: Mat;
  readonly pred: FixedFeaturesPrediction;
  readonly tol: number;
}

/**
 * The §2.1 minimizer's class means H̄* of `p` (random orthonormal frame from `seed`), replicated n times per class,
 * and the ridge classifier W(H*) on them, with the rounding bound of ‖W(H*) − W*‖_F/‖W*‖_F (module doc).
 */
export function ridgeAtMinimizer(p: FixedFeaturesProblem, n: number, seed: number): RidgeAtMinimizer {
  const pred = predictFixedFeatures(p, { rng: createRng(seed) });
  const H = replicateMeans(pred.Hbar, n);
  const W = ridgeClassifier(H, new Array<number>(p.K).fill(n), p.lambdaW);
  const tol = (1 / pred.kappa) * ((n + p.K) * p.K + n + 7 * p.d + 10) * U;
  return { W, pred, tol };
}
