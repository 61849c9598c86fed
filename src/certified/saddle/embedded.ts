/**
 * Embedded lower-dimensional critical points (THEORY.md §6.4, §1.2): the same UFM with feature dimension d′ < K−1
 * is solved to a certified critical point θ′ (solveUfm 'auto' with a second-order Newton polish, ‖∇f′(θ′)‖ = ε′ ≤
 * 1e-10), embedded in R^d (src/theory/constructed.ts `embedPoint`: W = [W′, 0], H = [H′; 0]) and certified there.
 *
 * Gradient tolerance in R^d: ε′ + gradRounding — the added gradient blocks are G·0ᵀ + λ_W·0 and 0ᵀG + λ_H·0, the
 * others are the d′ gradient, so the norms agree up to rounding (§6.4; saddle.ts for the rounding bound).
 */
import type { SecondOrderCertificate } from '../../certify/index.ts';
import type { Verdict } from '../../claim/index.ts';
import { inconclusive } from '../../claim/index.ts';
import { nrm2 } from '../../linalg/index.ts';
import { lossById } from '../../losses/index.ts';
import { ufmObjective } from '../../models/index.ts';
import type { UfmObjective, UfmProblem } from '../../models/index.ts';
import { embedPoint } from '../../theory/index.ts';
import { solveUfm } from '../ufm/solve.ts';
import { certifyUfmPoint } from '../ufm/secondOrder.ts';
import { escapeData, gradRounding, tightLambdaMin } from './saddle.ts';
import type { EscapeData, TightLambda } from './saddle.ts';

/** Solve tolerance of the d′ problem (its gradient certificate). */
const SOLVE_TOL = 1e-10;

/** The embedded point and its certificate in R^d. */
export interface CertifiedEmbeddedPoint {
  readonly obj: UfmObjective;
  readonly theta: Float64Array;
  /** ε′ = ‖∇f′(θ′)‖ (the d′ certificate). */
  readonly gradLow: number;
  readonly valueLow: number;
  readonly cert: SecondOrderCertificate;
  /** ε′ + gradRounding (module doc). */
  readonly gradTol: number;
}

/** An embedded point with its measurements in R^d. */
export interface MeasuredEmbeddedPoint extends CertifiedEmbeddedPoint {
  readonly value: number;
  /** ‖∇f(θ)‖ in R^d. */
  readonly gradNorm: number;
  readonly lambda: TightLambda;
  readonly escape: EscapeData;
}

/**
 * Solves the d′ problem `low`, embeds the point in `p`'s R^d and certifies it there; an inconclusive verdict when
 * the d′ solve does not converge.
 */
export function embeddedPoint(p: UfmProblem, low: UfmProblem, seed: number): CertifiedEmbeddedPoint | Verdict {
  const loss = lossById(p.loss);
  const r = solveUfm(low, { seed, solver: 'auto', tol: SOLVE_TOL, loss, secondOrder: true }).result;
  if (r.status !== 'converged')
    return inconclusive(
      `d′ = ${low.d} solve ended '${r.status}' with ‖∇f′‖ = ${r.gradNorm.toExponential(2)} > ${SOLVE_TOL}`,
      { status: r.status, gradNorm: r.gradNorm },
    );
  const e = embedPoint(low, r.theta, p.d);
  const obj = ufmObjective(p, loss);
  const gradTol = r.gradNorm + gradRounding(obj.layout, e.theta);
  const cert = certifyUfmPoint(p, loss, e.theta, seed, gradTol);
  return { obj, theta: e.theta, gradLow: r.gradNorm, valueLow: r.value, cert, gradTol };
}

/** True for an embedded point (not the verdict of a failed solve). */
export function isEmbeddedPoint<E extends CertifiedEmbeddedPoint>(x: E | Verdict): x is E {
  return 'cert' in x;
}

/** {@link embeddedPoint} plus f, ‖∇f‖, the tight Lanczos λ_min and the §1.2 escape data in R^d. */
export function measuredEmbeddedPoint(p: UfmProblem, low: UfmProblem, seed: number): MeasuredEmbeddedPoint | Verdict {
  const e = embeddedPoint(p, low, seed);
  if (!isEmbeddedPoint(e)) return e;
  const g = new Float64Array(e.obj.dim);
  const value = e.obj.valueAndGrad(e.theta, g);
  const lambda = tightLambdaMin(e.obj, e.theta, seed);
  const escape = escapeData(p, lossById(p.loss), e.obj.layout, e.theta);
  return { ...e, value, gradNorm: nrm2(g), lambda, escape };
}
