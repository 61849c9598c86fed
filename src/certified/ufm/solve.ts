/**
 * Solving one plain-UFM instance to a certified first-order point (issue 2 item 8, issue 3).
 *
 * Solvers:
 *   gd      — the papers' fixed-step gradient descent on the full objective (step 0.1 by default)
 *   lbfgs   — L-BFGS with strong-Wolfe line search on the full objective
 *   newton  — trust-region Newton-CG on exact HVPs of the full objective (leaves saddles along negative curvature)
 *   auto    — the fastest that certifies: the exact class-mean reduction (models/ufmCollapsed.ts) in the metric of the
 *             full problem (u_k = √n_k h̄_k, models/scaled.ts), L-BFGS then Newton polish, expanded to the full θ.
 *             Exactness: for λ_H > 0 and convex ℓ every critical point of f is collapsed (ufmCollapsed.ts), and in
 *             these coordinates ‖∇f̃(u)‖ = ‖∇f(expand(u))‖, so certifying the reduced gradient certifies the full one;
 *             the full gradient is nevertheless recomputed at the expanded point and is what the result reports.
 *             The start is the class-mean collapse of the same seeded full initialisation the other solvers use.
 *             With λ_H = 0 (no strong convexity in H) 'auto' falls back to L-BFGS on the full objective. For a loss that
 *             is not convex in z (e.g. focal) the reduction still returns a certified critical point of the FULL
 *             objective (collapsed critical points expand to critical points for any loss), but no longer every one.
 */
import { createRng } from '../../core/index.ts';
import { nrm2 } from '../../linalg/index.ts';
import type { LogitLoss } from '../../losses/index.ts';
import { lossById } from '../../losses/index.ts';
import { collapsedUfmObjective, randomInit, ufmObjective } from '../../models/index.ts';
import type { Objective, UfmObjective, UfmProblem } from '../../models/index.ts';
import { scaledObjective } from '../../models/index.ts';
import type { ScaledObjective } from '../../models/index.ts';
import { gradientDescent, lbfgs, trustRegion } from '../../solvers/index.ts';
import type { SolveResult, SolveStatus } from '../../solvers/index.ts';

export type UfmSolverId = 'auto' | 'gd' | 'lbfgs' | 'newton';
export const UFM_SOLVERS: readonly UfmSolverId[] = ['auto', 'gd', 'lbfgs', 'newton'];

export interface SolveUfmOptions {
  /** Seed of the N(0, initScale²) initialisation. */
  readonly seed: number;
  /** @defaultValue 'auto' */
  readonly solver?: UfmSolverId;
  /** Target ‖∇f‖₂ (full objective). @defaultValue 1e-10 */
  readonly tol?: number;
  /** Iteration cap of the main solver. @defaultValue solver-specific */
  readonly maxIter?: number;
  /** GD step. @defaultValue 0.1 */
  readonly step?: number;
  /** Standard deviation of the initialisation. @defaultValue 1 */
  readonly initScale?: number;
  /** Start here instead of the seeded random point (full layout). */
  readonly init?: Float64Array;
  /** The loss (defaults to lossById(problem.loss)). */
  readonly loss?: LogitLoss;
  /** Newton: require a second-order critical point (escape saddles). @defaultValue false */
  readonly secondOrder?: boolean;
  /**
   * The full objective of `problem` with `loss`, when the caller already holds one (a multistart reuses it across
   * its starts: building one instantiates its WebAssembly kernels). @defaultValue ufmObjective(problem, loss)
   */
  readonly objective?: UfmObjective;
}

export interface UfmSolution {
  readonly problem: UfmProblem;
  readonly objective: UfmObjective;
  /** Result on the FULL objective: theta, value and gradNorm are those of f at the full θ. */
  readonly result: SolveResult;
  /** The stages that ran (for logs and reports). */
  readonly stages: readonly {
    readonly solver: string;
    readonly status: SolveStatus;
    readonly iterations: number;
    readonly gradNorm: number;
  }[];
}

/** The scaled collapsed objective of a problem (u_k = √n_k h̄_k) and its maps to/from the full θ. */
export function scaledCollapsed(
  problem: UfmProblem,
  loss: LogitLoss,
): { obj: ScaledObjective; toFull(u: Float64Array): Float64Array; fromFull(theta: Float64Array): Float64Array } {
  const c = collapsedUfmObjective(problem, loss);
  const { K, d, offH } = c.layout;
  const s = new Float64Array(c.dim).fill(1);
  for (let r = 0; r < d; r++)
    for (let k = 0; k < K; k++) s[offH + r * K + k] = 1 / Math.sqrt(problem.counts[k] as number);
  const obj = scaledObjective(c, s);
  return { obj, toFull: (u) => c.expand(obj.toTheta(u)), fromFull: (theta) => obj.fromTheta(c.collapse(theta)) };
}

function gradNormAt(obj: Objective, theta: Float64Array): { value: number; gradNorm: number } {
  const g = new Float64Array(obj.dim);
  const value = obj.valueAndGrad(theta, g);
  return { value, gradNorm: nrm2(g) };
}

function statusOf(value: number, gradNorm: number, tol: number, fallback: SolveStatus): SolveStatus {
  if (!Number.isFinite(value) || !Number.isFinite(gradNorm)) return 'non-finite';
  return gradNorm <= tol ? 'converged' : fallback === 'converged' ? 'max-iter' : fallback;
}

/**
 * Solves a plain-UFM instance from a seeded start. Pure and deterministic in (problem, options).
 * @returns the full-objective result; status 'converged' only when the FULL gradient norm is ≤ tol
 */
export function solveUfm(problem: UfmProblem, options: SolveUfmOptions): UfmSolution {
  const loss = options.loss ?? lossById(problem.loss);
  const objective = options.objective ?? ufmObjective(problem, loss);
  if (objective.problem !== problem || objective.loss !== loss)
    throw new RangeError('solveUfm: options.objective must be the objective of this problem and loss');
  const tol = options.tol ?? 1e-10;
  const theta0 = options.init ?? randomInit(objective.layout, createRng(options.seed), options.initScale ?? 1);
  const solver = options.solver ?? 'auto';
  const stages: UfmSolution['stages'][number][] = [];
  const note = (r: SolveResult): void => {
    stages.push({ solver: r.solver, status: r.status, iterations: r.iterations, gradNorm: r.gradNorm });
  };

  if (solver === 'gd' || solver === 'lbfgs' || solver === 'newton' || problem.lambdaH === 0) {
    const base = { tol, ...(options.maxIter !== undefined ? { maxIter: options.maxIter } : {}) };
    const r =
      solver === 'gd'
        ? gradientDescent(objective, theta0, { ...base, step: options.step ?? 0.1 })
        : solver === 'newton'
          ? trustRegion(objective, theta0, { ...base, secondOrder: options.secondOrder ?? false, seed: options.seed })
          : lbfgs(objective, theta0, base);
    note(r);
    return { problem, objective, result: r, stages };
  }

  // auto: reduced problem in the full metric, L-BFGS then Newton polish.
  const red = scaledCollapsed(problem, loss);
  const u0 = red.fromFull(theta0);
  const r1 = lbfgs(red.obj, u0, { tol, maxIter: options.maxIter ?? 5000 });
  note(r1);
  let best = r1;
  if (r1.status !== 'converged' && r1.status !== 'non-finite' && r1.status !== 'diverged') {
    const r2 = trustRegion(red.obj, r1.theta, {
      tol,
      maxIter: 200,
      secondOrder: options.secondOrder ?? false,
      seed: options.seed,
    });
    note(r2);
    best = r2;
  }
  const theta = red.toFull(best.theta);
  const { value, gradNorm } = gradNormAt(objective, theta);
  const result: SolveResult = {
    solver: 'auto',
    status: statusOf(value, gradNorm, tol, best.status),
    theta,
    value,
    gradNorm,
    iterations: stages.reduce((s, x) => s + x.iterations, 0),
    evaluations: {
      grad: r1.evaluations.grad + (best === r1 ? 0 : best.evaluations.grad) + 1,
      hvp: best === r1 ? 0 : best.evaluations.hvp,
    },
    log: {
      value: [...r1.log.value, ...(best === r1 ? [] : best.log.value)],
      gradNorm: [...r1.log.gradNorm, ...(best === r1 ? [] : best.log.gradNorm)],
    },
  };
  return { problem, objective, result, stages };
}
