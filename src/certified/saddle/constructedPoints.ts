/**
 * The closed-form critical points of the constructed-saddle claims, built from an instance's problem and seed and
 * measured by closedFormPoint.ts: the origin (W, H, b) = (0, 0, b₀) of THEORY.md §6.1 (every loss and bias mode),
 * and the MSE rank-r partial orthogonal frames of §6.2 (bias-free, r < K) and §6.3 (free bias, U ⊥ 1, r ≤ K−2),
 * whose U (K×r) and R (d×r) are drawn from stream 1 of the seed's rng (src/theory/constructed.ts); and the origin
 * handed to a solver (the landscape claims' negative control).
 */
import type { SecondOrderCertificate } from '../../certify/index.ts';
import { createRng } from '../../core/index.ts';
import { lossById } from '../../losses/index.ts';
import type { UfmProblem } from '../../models/index.ts';
import type { SolveStatus } from '../../solvers/index.ts';
import { originPoint, partialFramePoint } from '../../theory/index.ts';
import { globalValue } from '../ufm/globalValue.ts';
import { solveUfm } from '../ufm/solve.ts';
import { certifyClosedFormPoint, measureClosedFormPoint } from './closedFormPoint.ts';
import type { MeasuredPoint } from './closedFormPoint.ts';

/** The §6.1 origin of `problem`, measured and certified. */
export function measuredOrigin(problem: UfmProblem, seed: number): MeasuredPoint {
  const loss = lossById(problem.loss);
  return measureClosedFormPoint(problem, loss, originPoint(problem, loss).theta, seed);
}

/** The second-order certificate of the §6.1 origin. */
export function originCertificate(problem: UfmProblem, seed: number): SecondOrderCertificate {
  const loss = lossById(problem.loss);
  return certifyClosedFormPoint(problem, loss, originPoint(problem, loss).theta, seed);
}

/** The MSE rank-r partial orthogonal frame of `problem` (§6.2 bias-free, §6.3 free bias), measured and certified. */
export function measuredPartialFrame(problem: UfmProblem, r: number, seed: number): MeasuredPoint {
  const fr = partialFramePoint(problem, r, createRng(seed).fork(1));
  return measureClosedFormPoint(problem, lossById('mse'), fr.theta, seed);
}

/** The second-order certificate of the rank-r partial frame. */
export function partialFrameCertificate(problem: UfmProblem, r: number, seed: number): SecondOrderCertificate {
  const fr = partialFramePoint(problem, r, createRng(seed).fork(1));
  return certifyClosedFormPoint(problem, lossById('mse'), fr.theta, seed);
}

/** The §6.1 origin run through L-BFGS (‖∇f‖ ≤ 1e-10): a critical point, so the solver stops where it starts. */
export interface SolvedOrigin {
  readonly status: SolveStatus;
  readonly value: number;
  readonly gradNorm: number;
  /** The global optimum to compare with: the closed form for CE and MSE (ufm/globalValue.ts), else the best solve. */
  readonly fStar: number;
  /** Rounding allowance of f at the origin: 64u(1 + |f|). */
  readonly valueTol: number;
}

/**
 * Starts the first-order solver AT the §6.1 origin (with its bias b₀: closed form for CE/MSE, solved for a plug-in
 * loss, src/theory/constructed.ts) — the critical point a "no spurious critical points" statement would have to
 * exclude.
 */
export function solvedOrigin(p: UfmProblem, seed: number): SolvedOrigin {
  const loss = lossById(p.loss);
  const theta = originPoint(p, loss).theta;
  const r = solveUfm(p, { seed, solver: 'lbfgs', tol: 1e-10, loss, init: theta }).result;
  const fStar =
    r.status !== 'converged'
      ? Number.NaN
      : p.loss === 'ce' || p.loss === 'mse'
        ? globalValue(p)
        : solveUfm(p, { seed, solver: 'auto', loss }).result.value;
  return {
    status: r.status,
    value: r.value,
    gradNorm: r.gradNorm,
    fStar,
    valueTol: 64 * 2 ** -53 * (1 + Math.abs(r.value)),
  };
}
