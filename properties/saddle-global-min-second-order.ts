/**
 * Second-order certificates at solved global minimizers (issue 4 item 4): solve and certify a global minimizer
 * (src/claim/ufm certifiedMinimizer — gradient ≤ 1e-10, curvature modulo symmetry μ > 0, and the convex KKT test
 * ‖G‖₂ ≤ √(λ_Wλ_H) + τ of THEORY.md §1.2 item 1 / §0.3), then certify the point in the FULL objective with the
 * symmetry tangents discounted (certifyUfmPoint: W → WQᵀ, H → QH rotations, plus the CE free-bias shift): the kind
 * must be local-min. CE or MSE, every bias mode, d ≥ K, both sides of the threshold (above it the minimizer is the
 * origin). Tolerance: the certificate's own, tol = √(ρε) + τ‖∇²f‖ (src/certify/secondOrder.ts); a positive
 * restricted curvature below that resolution is inconclusive, never a pass (lib/saddle.ts localMinVerdict).
 *
 * Negative control: "the global minimizer is a nondegenerate minimum without discounting the symmetry",
 * λ_min(∇²f) > tol — false whenever W ≠ 0 and d ≥ 2: the rotation tangents (W Aᵀ, A H) are exact zero modes
 * (THEORY.md §0), so the plain Lanczos λ̂ (an upper bound on λ_min) sits at 0. This is why certificates discount
 * the orbit.
 */
import type { Claim, Verdict } from '../src/claim/index.ts';
import { classUnion } from '../src/claim/index.ts';
import { certifiedMinimizer, certifyUfmPoint, isCertified } from '../src/certified/index.ts';
import { certifySecondOrder } from '../src/certify/index.ts';
import { createRng } from '../src/core/index.ts';
import { lossById } from '../src/losses/index.ts';
import { ufmObjective } from '../src/models/index.ts';
import { parseUfmInstance, problemOf } from '../src/arbitraries/index.ts';
import type { UfmInstance } from '../src/arbitraries/index.ts';
import { judgeStrictlyBelow, localMinVerdict } from '../src/certified/index.ts';
import { globalMinClasses, globalMinInstance } from '../src/arbitraries/index.ts';

/** certifiedMinimizer's gradient tolerance (its default), the criticality the certificate is asked to confirm. */
const SOLVE_TOL = 1e-10;

const CITE = 'Zhu et al. 2021 (arXiv 2105.02375), Thm 3.1; Tirer & Bruna 2022 (arXiv 2202.08087), Thms 3.1–3.2; docs/theory.md §6.6, §1.1, §2.1, §2.2, §2.3';

/** The claim's branches: CE/MSE × below/above × bias mode, and the near strata per bias mode (saddleArbitraries.ts). */
const classes = globalMinClasses();

export const saddleGlobalMinLocalMin: Claim<UfmInstance> = {
  id: 'saddle.global-min.local-min',
  cite: CITE,
  statement: 'at a certified global minimizer (CE or MSE, any bias mode, d ≥ K) the second-order certificate with the symmetry discounted is local-min',
  kind: 'claim',
  arbitrary: classUnion(classes),
  classes,
  parseInstance: parseUfmInstance,
  defaultRuns: 72,
  check(inst: UfmInstance): Verdict {
    const p = problemOf(inst);
    const loss = lossById(p.loss);
    const cp = certifiedMinimizer(p, { seed: inst.seed, loss, tol: SOLVE_TOL });
    if (!isCertified(cp)) return cp;
    const cert = certifyUfmPoint(p, loss, cp.theta, inst.seed, SOLVE_TOL);
    const v = localMinVerdict(cert);
    return { ...v, details: { ...(v.details ?? {}), minimizer: cp.evidence } };
  },
};

export const saddleGlobalMinPositiveDefinite: Claim<UfmInstance> = {
  id: 'saddle.global-min.positive-definite',
  cite: `negative control of saddle.global-min.local-min (${CITE})`,
  statement: 'FALSE on purpose: at a global minimizer below the threshold the full Hessian is positive definite, λ_min(∇²f) > tol (no symmetry discounted)',
  kind: 'control',
  controls: 'saddle.global-min.local-min',
  arbitrary: globalMinInstance(['below']),
  parseInstance: parseUfmInstance,
  defaultRuns: 6,
  check(inst: UfmInstance): Verdict {
    const p = problemOf(inst);
    const loss = lossById(p.loss);
    const cp = certifiedMinimizer(p, { seed: inst.seed, loss, tol: SOLVE_TOL });
    if (!isCertified(cp)) return cp;
    const cert = certifySecondOrder(ufmObjective(p, loss), cp.theta, { rng: createRng(inst.seed), gradTol: SOLVE_TOL });
    // Claimed: tol < λ_min ≤ λ̂. Refuted when λ̂ ≤ tol (then λ_min ≤ λ̂ ≤ tol rigorously).
    return judgeStrictlyBelow(cert.tolerance, cert.lambdaMin, 0, 'tol vs λ̂ (positive definite)', {
      lambdaMin: cert.lambdaMin, residual: cert.residual, tolerance: cert.tolerance, kind: cert.kind,
    });
  },
};
