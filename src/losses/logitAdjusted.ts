/**
 * Logit-adjusted cross-entropy, `la(τ,π₁,…,π_K)`: ℓ(z, y) = CE(z + τ log π, y) (Menon et al. 2021, "Long-tail
 * learning via logit adjustment", ICLR, eq. (10)). The priors need not sum to 1 (a common factor is a shift, which CE
 * ignores). ∇ℓ = p − e_y, ∇²ℓ = diag p − p pᵀ with p = softmax(z + τ log π).
 * Traits: convex, shift-invariant; permutation-equivariant only when all priors are equal (or τ = 0) — otherwise the
 * symmetric reduction of THEORY.md §10 does not apply and minority-collapse-like asymmetry is expected.
 */
import { columnLoss } from './columnLoss.ts';
import { familyId, type LossFamily } from './family.ts';
import type { LogitLoss } from './loss.ts';
import { softmaxFamilyKernels } from './softmaxFamily.ts';

export const LA_CITE = 'Menon et al. 2021 (logit adjustment, ICLR), eq. (10); docs/theory.md §10';

/**
 * Logit-adjusted CE.
 * @param tau - τ ≥ 0
 * @param priors - π_k > 0, one per class (fixes K)
 * @throws RangeError naming τ or the priors
 * @example
 * logitAdjusted(1, [0.5, 0.3, 0.2]).id; // => 'la(1,0.5,0.3,0.2)'
 */
export function logitAdjusted(tau: number, priors: readonly number[]): LogitLoss {
  if (!(tau >= 0 && Number.isFinite(tau))) throw new RangeError(`la(τ,π…): τ must be a finite number ≥ 0; got ${tau}`);
  if (priors.length < 2 || priors.some((p) => !(p > 0 && Number.isFinite(p))))
    throw new RangeError(`la(τ,π₁,…,π_K): need K ≥ 2 priors, each finite and > 0; got [${priors.join(', ')}]`);
  const equal = tau === 0 || priors.every((p) => p === priors[0]);
  return columnLoss(
    familyId('la', [tau, ...priors]),
    LA_CITE,
    { convexInZ: true, permutationEquivariant: equal, shiftInvariant: true },
    softmaxFamilyKernels({ offset: Float64Array.from(priors, (p) => tau * Math.log(p)) }),
  );
}

export const logitAdjustedFamily: LossFamily = {
  name: 'la',
  usage: 'la(τ,π₁,…,π_K), τ ≥ 0, π_k > 0',
  cite: LA_CITE,
  build(args) {
    if (args.length < 3) throw new RangeError(`${this.usage}: expected τ and K ≥ 2 priors, got ${args.length} numbers`);
    return logitAdjusted(args[0] as number, args.slice(1));
  },
};
