/**
 * Class-weighted cross-entropy, `wce(w₁,…,w_K)`: ℓ(z, y) = w_y CE(z, y) (the standard cost-sensitive CE, e.g. King &
 * Zeng 2001; Cui et al. 2019 for class-balanced weights). ∇ℓ = w_y (p − e_y), ∇²ℓ = w_y (diag p − p pᵀ).
 * Traits: convex, shift-invariant; permutation-equivariant only when all weights are equal (THEORY.md §10: otherwise
 * the minimizers are generally not a simplex ETF).
 */
import { columnLoss } from './columnLoss.ts';
import { familyId, type LossFamily } from './family.ts';
import type { LogitLoss } from './loss.ts';
import { softmaxFamilyKernels } from './softmaxFamily.ts';

export const WCE_CITE = 'class-weighted CE (King & Zeng 2001; Cui et al. 2019); docs/theory.md §10';

/**
 * Class-weighted CE.
 * @param weights - w_k > 0, one per class (fixes K)
 * @throws RangeError naming the weights
 * @example
 * weightedCe([1, 2, 1]).id; // => 'wce(1,2,1)'
 */
export function weightedCe(weights: readonly number[]): LogitLoss {
  if (weights.length < 2 || weights.some((w) => !(w > 0 && Number.isFinite(w))))
    throw new RangeError(`wce(w₁,…,w_K): need K ≥ 2 weights, each finite and > 0; got [${weights.join(', ')}]`);
  const equal = weights.every((w) => w === weights[0]);
  return columnLoss(
    familyId('wce', weights),
    WCE_CITE,
    { convexInZ: true, permutationEquivariant: equal, shiftInvariant: true },
    softmaxFamilyKernels({ weight: Float64Array.from(weights) }),
  );
}

export const weightedCeFamily: LossFamily = {
  name: 'wce',
  usage: 'wce(w₁,…,w_K), w_k > 0',
  cite: WCE_CITE,
  build(args) {
    return weightedCe(args);
  },
};
