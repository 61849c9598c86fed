/**
 * Cross-entropy with temperature, `tce(τ)`: ℓ(z, y) = CE(z/τ, y) (Hinton et al. 2015; Zhou et al. 2022,
 * arXiv 2210.02192; THEORY.md §10 table). ∇ℓ = (p − e_y)/τ, ∇²ℓ = (diag p − p pᵀ)/τ², p = softmax(z/τ).
 * Traits: convex, permutation-equivariant, shift-invariant.
 */
import { columnLoss } from './columnLoss.ts';
import { arity, familyId, type LossFamily } from './family.ts';
import type { LogitLoss } from './loss.ts';
import { softmaxFamilyKernels } from './softmaxFamily.ts';

export const TCE_CITE = 'Hinton et al. 2015 (temperature); Zhou et al. 2022 (arXiv 2210.02192); docs/theory.md §10';

/**
 * CE at temperature τ.
 * @throws RangeError unless τ > 0
 * @example
 * temperatureCe(2).id; // => 'tce(2)'
 */
export function temperatureCe(tau: number): LogitLoss {
  if (!(tau > 0 && Number.isFinite(tau))) throw new RangeError(`tce(τ): τ must be a finite number > 0; got ${tau}`);
  return columnLoss(
    familyId('tce', [tau]),
    TCE_CITE,
    { convexInZ: true, permutationEquivariant: true, shiftInvariant: true },
    softmaxFamilyKernels({ scale: 1 / tau }),
  );
}

export const temperatureCeFamily: LossFamily = {
  name: 'tce',
  usage: 'tce(τ), τ > 0',
  cite: TCE_CITE,
  build(args) {
    arity(this.usage, args, 1);
    return temperatureCe(args[0] as number);
  },
};
