/**
 * Second-order multistarts for the landscape claims and conjectures (no spurious local minima; Zhu et al. 2021,
 * Thm 3.2; THEORY.md §1.2, §4, §10): from `starts` seeded random initialisations (start s uses seed
 * (seed + 104729·s) mod 2³²), trust-region Newton-CG on the FULL objective (exact HVPs, negative-curvature escape,
 * `secondOrder: true`, ‖∇f‖ ≤ 1e-10) runs to a second-order critical point, and each converged run carries the
 * certified value tolerance |f − f*| ≤ ε²/(2μ) + εδ + rounding (tolerance.ts pointValueTolerance) with μ from the
 * restricted curvature (curvature.ts). A spurious minimum would have μ ≥ 0 and f > f*: μ is floored at the smallest
 * λ at a degenerate point so the tolerance stays finite (that only loosens the quadratic term, never the verdict's
 * side).
 */
import type { LogitLoss } from '../../losses/index.ts';
import type { UfmProblem } from '../../models/index.ts';
import type { SolveStatus } from '../../solvers/index.ts';
import { restrictedCurvature } from './curvature.ts';
import { solveUfm } from './solve.ts';
import { pointValueTolerance } from './tolerance.ts';

/** One start's outcome; `mu` and `valueTol` only when it converged. */
export interface SecondOrderStart {
  readonly seed: number;
  readonly status: SolveStatus;
  readonly value: number;
  readonly gradNorm: number;
  readonly iterations: number;
  /** The restricted curvature μ at the point (unfloored; NaN-free only when Lanczos converged). */
  readonly mu?: number;
  /** The certified value tolerance (module doc). */
  readonly valueTol?: number;
}

/** The seed of start s (module doc). */
export function startSeed(seed: number, s: number): number {
  return (seed + 104729 * s) >>> 0;
}

/** One start: second-order Newton from the seeded initialisation, then the curvature and value tolerance. */
export function secondOrderStart(p: UfmProblem, loss: LogitLoss, seed: number): SecondOrderStart {
  const r = solveUfm(p, { seed, solver: 'newton', secondOrder: true, tol: 1e-10, loss }).result;
  const base = { seed, status: r.status, value: r.value, gradNorm: r.gradNorm, iterations: r.iterations };
  if (r.status !== 'converged') return base;
  const curv = restrictedCurvature(p, loss, r.theta, seed);
  const mu = curv.converged && curv.mu > 0 ? curv.mu : Math.min(p.lambdaW, p.lambdaH);
  return { ...base, mu: curv.mu, valueTol: pointValueTolerance(p, r.theta, r.value, r.gradNorm, mu) };
}

/** `starts` seeded second-order runs (module doc). */
export function secondOrderStarts(p: UfmProblem, loss: LogitLoss, starts: number, seed: number): SecondOrderStart[] {
  const out: SecondOrderStart[] = [];
  for (let s = 0; s < starts; s++) out.push(secondOrderStart(p, loss, startSeed(seed, s)));
  return out;
}
