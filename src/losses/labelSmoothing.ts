/**
 * Label smoothing, `ls(ε)`: ℓ(z, y) = (1 − ε) CE(z, y) + (ε/K) Σ_j CE(z, j) = lse(z) − ((1 − ε)e_y + (ε/K)1)ᵀz
 * (Szegedy et al. 2016; neural collapse: Zhou et al. 2022, arXiv 2210.02192; closed forms Guo et al. 2024,
 * arXiv 2402.03979; THEORY.md §10). ∇ℓ = p − t_y, ∇²ℓ = diag p − p pᵀ (softmaxFamily.ts).
 * Traits: convex, permutation-equivariant, shift-invariant.
 */
import { columnLoss } from './columnLoss.ts';
import { arity, familyId, type LossFamily } from './family.ts';
import type { LogitLoss } from './loss.ts';
import { softmaxFamilyKernels } from './softmaxFamily.ts';

export const LS_CITE =
  'Szegedy et al. 2016 (label smoothing); Zhou et al. 2022 (arXiv 2210.02192); Guo et al. 2024 (arXiv 2402.03979); docs/theory.md §10';

/**
 * Label smoothing with parameter ε.
 * @throws RangeError unless 0 ≤ ε < 1
 * @example
 * labelSmoothing(0.1).id; // => 'ls(0.1)'
 */
export function labelSmoothing(eps: number): LogitLoss {
  if (!(eps >= 0 && eps < 1)) throw new RangeError(`ls(ε): ε must be in [0, 1); got ${eps}`);
  return columnLoss(
    familyId('ls', [eps]),
    LS_CITE,
    { convexInZ: true, permutationEquivariant: true, shiftInvariant: true },
    softmaxFamilyKernels({ smoothing: eps }),
  );
}

export const labelSmoothingFamily: LossFamily = {
  name: 'ls',
  usage: 'ls(ε), 0 ≤ ε < 1',
  cite: LS_CITE,
  build(args) {
    arity(this.usage, args, 1);
    return labelSmoothing(args[0] as number);
  },
};
