/**
 * Second-order certificates at solved global minimizers (issue 4 item 4): solve and certify a global minimizer
 * (src/certified/ufm certifiedMinimizer — gradient ≤ 1e-10, curvature modulo symmetry μ > 0, and the convex KKT test
 * ‖G‖₂ ≤ √(λ_Wλ_H) + τ of THEORY.md §1.2 item 1 / §0.3), then certify the point in the FULL objective with the
 * symmetry tangents discounted (certifyUfmPoint: W → WQᵀ, H → QH rotations, plus the CE free-bias shift): the kind
 * must be local-min. CE or MSE, every bias mode, d ≥ K, both sides of the threshold (above it the minimizer is the
 * origin). Tolerance: the certificate's own, tol = √(ρε) + τ‖∇²f‖ (src/certify/secondOrder.ts); a positive
 * restricted curvature below that resolution is inconclusive, never a pass (src/certified/saddle/saddle.ts localMinVerdict;
 * the two certificates: src/certified/saddle/globalMin.ts).
 *
 * Negative control: "the global minimizer is a nondegenerate minimum without discounting the symmetry",
 * λ_min(∇²f) > tol — false whenever W ≠ 0 and d ≥ 2: the rotation tangents (W Aᵀ, A H) are exact zero modes
 * (THEORY.md §0), so the plain Lanczos λ̂ (an upper bound on λ_min) sits at 0. This is why certificates discount
 * the orbit.
 */
import { judgeStrictlyBelow } from '../src/claim/index.ts';
import { localMinVerdict, minimizerSecondOrder } from '../src/certified/index.ts';
import type { MinimizerSecondOrder } from '../src/certified/index.ts';
import { globalMinClasses, globalMinInstance, parseUfmInstance, problemOf } from '../src/arbitraries/index.ts';
import type { UfmInstance } from '../src/arbitraries/index.ts';
import { defineClaim } from '../src/define/index.ts';

const CITE =
  'Zhu et al. 2021 (arXiv 2105.02375), Thm 3.1; Tirer & Bruna 2022 (arXiv 2202.08087), Thms 3.1–3.2; docs/theory.md §6.6, §1.1, §2.1, §2.2, §2.3';

/** The claim's branches: CE/MSE × below/above × bias mode, and the near strata per bias mode (src/arbitraries/saddles.ts). */
export const saddleGlobalMinLocalMin = defineClaim<UfmInstance, MinimizerSecondOrder>({
  id: 'saddle.global-min.local-min',
  cite: CITE,
  statement:
    'at a certified global minimizer (CE or MSE, any bias mode, d ≥ K) the second-order certificate with the symmetry discounted is local-min',
  classes: globalMinClasses(),
  parseInstance: parseUfmInstance,
  defaultRuns: 72,
  prepare: (inst) => minimizerSecondOrder(problemOf(inst), inst.seed, true),
  verdicts: (m) => [localMinVerdict(m.cert)],
  evidence: (m) => ({ minimizer: m.cp.evidence }),
});

export const saddleGlobalMinPositiveDefinite = defineClaim<UfmInstance, MinimizerSecondOrder>({
  id: 'saddle.global-min.positive-definite',
  cite: `negative control of saddle.global-min.local-min (${CITE})`,
  statement:
    'FALSE on purpose: at a global minimizer below the threshold the full Hessian is positive definite, λ_min(∇²f) > tol (no symmetry discounted)',
  kind: 'control',
  controls: 'saddle.global-min.local-min',
  arbitrary: globalMinInstance(['below']),
  parseInstance: parseUfmInstance,
  defaultRuns: 6,
  prepare: (inst) => minimizerSecondOrder(problemOf(inst), inst.seed, false),
  // Claimed: tol < λ_min ≤ λ̂. Refuted when λ̂ ≤ tol (then λ_min ≤ λ̂ ≤ tol rigorously).
  verdicts: ({ cert }) => [
    judgeStrictlyBelow(cert.tolerance, cert.lambdaMin, 0, 'tol vs λ̂ (positive definite)', {
      lambdaMin: cert.lambdaMin,
      residual: cert.residual,
      tolerance: cert.tolerance,
      kind: cert.kind,
    }),
  ],
});
