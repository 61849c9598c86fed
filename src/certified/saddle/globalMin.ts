/**
 * Second-order certificates at solved global minimizers (issue 4 item 4; THEORY.md §6.6): a certified global
 * minimizer (ufm/certified.ts certifiedMinimizer — gradient ≤ 1e-10, curvature modulo symmetry μ > 0, the convex
 * KKT test ‖G‖₂ ≤ √(λ_Wλ_H) + τ of §1.2 item 1 / §0.3) is certified again in the FULL objective, either with the
 * symmetry tangents discounted (certifyUfmPoint: W → WQᵀ, H → QH rotations, plus the CE free-bias shift) or without
 * (plain Lanczos on ∇²f, where the rotation tangents are exact zero modes, §0). Tolerance: the certificate's own,
 * tol = √(ρε) + τ‖∇²f‖ (src/certify/secondOrder.ts).
 */
import { certifySecondOrder } from '../../certify/index.ts';
import type { SecondOrderCertificate } from '../../certify/index.ts';
import type { Verdict } from '../../claim/index.ts';
import { createRng } from '../../core/index.ts';
import { lossById } from '../../losses/index.ts';
import { ufmObjective } from '../../models/index.ts';
import type { UfmProblem } from '../../models/index.ts';
import { certifiedMinimizer, isCertified } from '../ufm/certified.ts';
import type { CertifiedPoint } from '../ufm/certified.ts';
import { certifyUfmPoint } from '../ufm/secondOrder.ts';

/** certifiedMinimizer's gradient tolerance (its default), the criticality the second certificate is asked to confirm. */
const SOLVE_TOL = 1e-10;

/** A certified global minimizer and a second-order certificate of it in the full objective. */
export interface MinimizerSecondOrder {
  readonly cp: CertifiedPoint;
  readonly cert: SecondOrderCertificate;
}

/**
 * Certifies a global minimizer of `p`, then its second-order certificate in the full objective: with the symmetry
 * discounted (`symmetry: true`) or plain. Inconclusive when the minimizer does not certify.
 */
export function minimizerSecondOrder(p: UfmProblem, seed: number, symmetry: boolean): MinimizerSecondOrder | Verdict {
  const loss = lossById(p.loss);
  const cp = certifiedMinimizer(p, { seed, loss, tol: SOLVE_TOL });
  if (!isCertified(cp)) return cp;
  const cert = symmetry
    ? certifyUfmPoint(p, loss, cp.theta, seed, SOLVE_TOL)
    : certifySecondOrder(ufmObjective(p, loss), cp.theta, { rng: createRng(seed), gradTol: SOLVE_TOL });
  return { cp, cert };
}
