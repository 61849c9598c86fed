/**
 * The realised cyclic ansatz as a point of the full objective (THEORY.md §7.1; cyclicAnsatz.ts): θ, the value and
 * gradient norm of the objective there (evidence that the construction is what the fit says), and the rounding
 * allowance of the ansatz value (multistart.ts roundingAllowance: the objective's terms·u·(|f| + ‖θ‖²·max λ + 1)).
 */
import { nrm2 } from '../linalg/index.ts';
import type { LogitLoss } from '../losses/index.ts';
import { ufmObjective } from '../models/index.ts';
import type { UfmProblem } from '../models/index.ts';
import { realizeCyclicAnsatz } from './cyclicAnsatz.ts';
import type { CyclicAnsatzFit, CyclicAnsatzInstance } from './cyclicAnsatz.ts';
import { roundingAllowance } from './multistart.ts';

export interface RealizedAnsatz {
  readonly theta: Float64Array;
  /** f at the realised point. */
  readonly value: number;
  /** ‖∇f‖ at the realised point. */
  readonly gradNorm: number;
  /** Rounding allowance of the fit's value at θ. */
  readonly rounding: number;
}

/** Realises `fit` for `p` (with a zero bias block when p has a bias) and evaluates the objective there. */
export function realizedAnsatz(
  p: UfmProblem,
  loss: LogitLoss,
  ai: CyclicAnsatzInstance,
  fit: CyclicAnsatzFit,
): RealizedAnsatz {
  const theta = realizeCyclicAnsatz(ai, fit, p.bias);
  const obj = ufmObjective(p, loss);
  const g = new Float64Array(obj.dim);
  const value = obj.valueAndGrad(theta, g);
  return { theta, value, gradNorm: nrm2(g), rounding: roundingAllowance(p, fit.value, theta) };
}
