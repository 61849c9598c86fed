/**
 * Solvers over the Objective contract (issue 2 item 5): fixed-step gradient descent, L-BFGS with a strong-Wolfe
 * line search, and trust-region Newton-CG with a negative-curvature saddle escape. Each returns a typed
 * SolveResult (result.ts) extended with the precise stop reason; none prints.
 */
import type { Objective } from '../models/index.ts';
import type { SolveResult } from './result.ts';
import { gradientDescent, type GradientDescentOptions } from './gradientDescent.ts';
import { lbfgs, type LbfgsOptions } from './lbfgs.ts';
import { trustRegion, type TrustRegionOptions } from './trustRegion.ts';

export type { SolveResult, SolveOptions, SolveStatus, SolveLog } from './result.ts';
export type { StopReason, SolverOutcome, DivergenceOptions } from './_internals/common.ts';
export { gradientDescent, type GradientDescentOptions } from './gradientDescent.ts';
export { LBFGS_KERNEL_MIN_DIM, lbfgs, type LbfgsOptions } from './lbfgs.ts';
export { trustRegion, type TrustRegionOptions, type TrustRegionResult, type SecondOrderCheck } from './trustRegion.ts';
export {
  strongWolfe,
  cubicMin,
  type StrongWolfeOptions,
  type LineSearchInput,
  type LineSearchResult,
} from './step/strongWolfe.ts';

/** Solver ids as used by the CLI's `--solver` flag. */
export type SolverId = 'gd' | 'lbfgs' | 'newton';

/** All solver ids, in the order the CLI lists them. */
export const SOLVER_IDS: readonly SolverId[] = ['gd', 'lbfgs', 'newton'];

/** The options type of each solver id. */
export interface SolverOptionsById {
  readonly gd: GradientDescentOptions;
  readonly lbfgs: LbfgsOptions;
  readonly newton: TrustRegionOptions;
}

/** A solver: (objective, θ₀, options) → result. */
export type Solver<O> = (objective: Objective, theta0: Float64Array, options?: O) => SolveResult;

/** True when `s` names a solver. */
export function isSolverId(s: string): s is SolverId {
  return (SOLVER_IDS as readonly string[]).includes(s);
}

/**
 * Returns the solver with the given id.
 * @param id - 'gd' (fixed-step gradient descent), 'lbfgs', or 'newton' (trust-region Newton-CG)
 * @throws RangeError for an unknown id (callers validating user input should use {@link isSolverId} first)
 * @example
 * const solve = solverById('lbfgs');
 * const r = solve(objective, theta0, { tol: 1e-10 });
 */
export function solverById<Id extends SolverId>(id: Id): Solver<SolverOptionsById[Id]>;
export function solverById(
  id: SolverId,
): Solver<GradientDescentOptions> | Solver<LbfgsOptions> | Solver<TrustRegionOptions> {
  switch (id) {
    case 'gd':
      return gradientDescent;
    case 'lbfgs':
      return lbfgs;
    case 'newton':
      return trustRegion;
    default:
      throw new RangeError(`unknown solver id '${String(id)}'; expected one of ${SOLVER_IDS.join(', ')}`);
  }
}
