/**
 * Pieces shared by the solvers: option resolution, the per-iteration log, divergence tests and result assembly.
 * Private to src/solvers (STYLE.md §2.2: `_internals/` is not part of the public surface).
 */
import type { SolveOptions, SolveResult, SolveStatus } from '../result.ts';

/** Why a solver stopped, finer than {@link SolveStatus}. */
export type StopReason =
  | 'gradient-tol' // ‖∇f‖ ≤ tol (and, for a second-order run, λ_min ≥ −curvTol)
  | 'max-iter' // iteration budget exhausted
  | 'non-finite' // NaN/Inf in f or ∇f
  | 'value-bound' // |f| above the divergence bound (e.g. f → −∞)
  | 'norm-bound' // ‖θ‖ above the divergence bound
  | 'growth' // f grew by more than the growth factor over f(θ₀) (fixed-step GD only)
  | 'line-search-failed' // no step satisfying the (noise-tolerant) Wolfe conditions or reducing ‖∇f‖ was found
  | 'radius-collapsed' // the trust radius fell below rounding level without an accepted step
  | 'second-order-inconclusive'; // ‖∇f‖ ≤ tol but the curvature test could not be decided (Lanczos not converged)

/** A solver result with the precise stop reason (the status is the coarse contract of result.ts). */
export interface SolverOutcome extends SolveResult {
  readonly stopReason: StopReason;
}

/** Divergence thresholds shared by every solver. */
export interface DivergenceOptions {
  /**
   * 'diverged' when |f(θ)| or ‖θ‖₂ exceeds this bound (f → −∞ on an unbounded objective, iterates blowing up).
   * @defaultValue 1e50
   */
  readonly divergenceBound?: number;
}

export interface Resolved {
  readonly tol: number;
  readonly maxIter: number;
  readonly log: boolean;
  readonly bound: number;
}

/**
 * Validates the common options and fills defaults.
 * @throws RangeError naming the offending option
 */
export function resolveCommon(options: SolveOptions & DivergenceOptions, maxIterDefault: number): Resolved {
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? maxIterDefault;
  const bound = options.divergenceBound ?? 1e50;
  if (!(tol >= 0)) throw new RangeError(`tol must be ≥ 0; got ${tol}`);
  if (!Number.isInteger(maxIter) || maxIter < 0) throw new RangeError(`maxIter must be an integer ≥ 0; got ${maxIter}`);
  if (!(bound > 0)) throw new RangeError(`divergenceBound must be > 0; got ${bound}`);
  return { tol, maxIter, log: options.log ?? true, bound };
}

/** Checks that θ₀ has the objective's dimension. @throws RangeError */
export function checkStart(dim: number, theta0: Float64Array): void {
  if (theta0.length !== dim) throw new RangeError(`theta0 must have length ${dim}; got ${theta0.length}`);
}

/**
 * The per-iteration log of (f, ‖∇f‖). With `keepAll` false only the first and the latest entries are kept
 * (two slots overwritten in place), so a long run stores O(1).
 */
export class IterationLog {
  readonly value: number[] = [];
  readonly gradNorm: number[] = [];
  private readonly keepAll: boolean;
  constructor(keepAll: boolean) {
    this.keepAll = keepAll;
  }
  push(f: number, gradNorm: number): void {
    if (this.keepAll || this.value.length < 2) {
      this.value.push(f);
      this.gradNorm.push(gradNorm);
    } else {
      this.value[1] = f;
      this.gradNorm[1] = gradNorm;
    }
  }
}

/** Maps a stop reason to the coarse status of the result contract. */
export function statusOf(reason: StopReason): SolveStatus {
  switch (reason) {
    case 'gradient-tol':
      return 'converged';
    case 'non-finite':
      return 'non-finite';
    case 'value-bound':
    case 'norm-bound':
    case 'growth':
      return 'diverged';
    case 'max-iter':
    case 'line-search-failed':
    case 'radius-collapsed':
    case 'second-order-inconclusive':
      return 'max-iter';
  }
}

/** Returns the divergence reason for (f, ‖θ‖), or null. */
export function divergence(f: number, thetaNorm: number, bound: number): StopReason | null {
  if (Math.abs(f) > bound) return 'value-bound';
  if (thetaNorm > bound) return 'norm-bound';
  return null;
}

/** Assembles the result; copies θ so the caller owns it. */
export function outcome(
  solver: string,
  reason: StopReason,
  theta: Float64Array,
  value: number,
  gradNorm: number,
  iterations: number,
  grad: number,
  hvp: number,
  log: IterationLog,
): SolverOutcome {
  return {
    solver,
    status: statusOf(reason),
    stopReason: reason,
    theta: theta.slice(),
    value,
    gradNorm,
    iterations,
    evaluations: { grad, hvp },
    log: { value: log.value, gradNorm: log.gradNorm },
  };
}
