/**
 * A closed-form critical point of the plain UFM (the origin of THEORY.md §6.1, the MSE partial frames of §6.2–6.3;
 * built by src/theory/constructed.ts) measured and certified for the constructed-saddle claims: f and ‖∇f‖ with
 * their rounding bounds, the tight Lanczos λ_min, the second-order certificate with the symmetry tangents
 * discounted, and the §1.2 escape data. Tolerances and their derivations: saddle.ts.
 */
import type { SecondOrderCertificate } from '../../certify/index.ts';
import type { LogitLoss } from '../../losses/index.ts';
import { ufmObjective } from '../../models/index.ts';
import type { UfmObjective, UfmProblem } from '../../models/index.ts';
import { certifyUfmPoint } from '../ufm/secondOrder.ts';
import { escapeData, gradRounding, tightLambdaMin, valueRounding } from './saddle.ts';
import type { EscapeData, TightLambda } from './saddle.ts';

/** What the claims compare at a closed-form point θ. */
export interface MeasuredPoint {
  readonly problem: UfmProblem;
  readonly loss: LogitLoss;
  readonly obj: UfmObjective;
  readonly theta: Float64Array;
  /** f(θ). */
  readonly value: number;
  /** ‖∇f(θ)‖ (plain sum of squares). */
  readonly gradNorm: number;
  /** The rounding bound of ‖∇f‖ at an exactly critical closed-form point (saddle.ts gradRounding). */
  readonly gradTol: number;
  /** The rounding bound of f(θ) (saddle.ts valueRounding). */
  readonly valueTol: number;
  /** λ_min(∇²f(θ)) by Lanczos to residual ≤ 1e-12·‖∇²f‖. */
  readonly lambda: TightLambda;
  /** Second-order certificate in the full objective (symmetry discounted), gradient tolerance `gradTol`. */
  readonly cert: SecondOrderCertificate;
  /** The §1.2 data (σ = ‖G‖₂, q(σ), null defect), computed on first use. */
  escape(): EscapeData;
}

function sumSquaresNorm(g: Float64Array): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += (g[i] as number) ** 2;
  return Math.sqrt(s);
}

/** Measures and certifies the closed-form point θ of `problem` (module doc); every random draw from `seed`. */
export function measureClosedFormPoint(
  problem: UfmProblem,
  loss: LogitLoss,
  theta: Float64Array,
  seed: number,
): MeasuredPoint {
  const obj = ufmObjective(problem, loss);
  const L = obj.layout;
  const g = new Float64Array(obj.dim);
  const value = obj.valueAndGrad(theta, g);
  const gradNorm = sumSquaresNorm(g);
  const gradTol = gradRounding(L, theta);
  const valueTol = valueRounding(L, problem, value, theta);
  const lambda = tightLambdaMin(obj, theta, seed);
  const cert = certifyUfmPoint(problem, loss, theta, seed, gradTol);
  let escape: EscapeData | undefined;
  return {
    problem,
    loss,
    obj,
    theta,
    value,
    gradNorm,
    gradTol,
    valueTol,
    lambda,
    cert,
    escape: () => (escape ??= escapeData(problem, loss, L, theta)),
  };
}

/**
 * Only the second-order certificate of the closed-form point θ (gradient tolerance: its rounding bound), for the
 * controls that claim it is a local minimum.
 */
export function certifyClosedFormPoint(
  problem: UfmProblem,
  loss: LogitLoss,
  theta: Float64Array,
  seed: number,
): SecondOrderCertificate {
  return certifyUfmPoint(problem, loss, theta, seed, gradRounding(ufmObjective(problem, loss).layout, theta));
}
