/**
 * Typed solver results (pymanopt's OptimizerResult, with a status discriminant; STYLE.md §2.3).
 * Solvers are silent and pure: they return a log, never print.
 */

/** converged: ‖∇f‖ ≤ tol. max-iter: budget exhausted. diverged: f → −∞ or iterates blew up.
 *  non-finite: a NaN/Inf appeared in f or ∇f. Only 'converged' may ever count as a certified point. */
export type SolveStatus = 'converged' | 'max-iter' | 'diverged' | 'non-finite';

export interface SolveLog {
  /** f at the start of each iteration (index 0 = initial point). */
  readonly value: number[];
  /** ‖∇f‖₂ at the start of each iteration. */
  readonly gradNorm: number[];
}

export interface SolveResult {
  readonly solver: string;
  readonly status: SolveStatus;
  /** Final iterate (a fresh array owned by the caller). */
  readonly theta: Float64Array;
  readonly value: number;
  readonly gradNorm: number;
  readonly iterations: number;
  /** Counts of objective calls: value+gradient evaluations and Hessian-vector products. */
  readonly evaluations: { readonly grad: number; readonly hvp: number };
  readonly log: SolveLog;
}

export interface SolveOptions {
  /** Stop when ‖∇f‖₂ ≤ tol. @defaultValue 1e-10 */
  readonly tol?: number;
  /** Iteration cap. @defaultValue solver-specific */
  readonly maxIter?: number;
  /** Keep every iteration in the log (true) or only the first/last (false). @defaultValue true */
  readonly log?: boolean;
}
