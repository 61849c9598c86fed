/**
 * Plain gradient descent with a fixed step, θ ← θ − η ∇f(θ), exactly as the neural-collapse papers run it
 * (issue 2 item 5a; Zhu et al. 2021 and Tirer & Bruna 2022 train the UFM this way with η = 0.1).
 */
import type { Objective } from '../models/index.ts';
import type { SolveOptions } from './result.ts';
import { nrm2 } from '../linalg/index.ts';
import { checkDeadline } from '../core/index.ts';
import {
  type DivergenceOptions,
  type SolverOutcome,
  type StopReason,
  IterationLog,
  checkStart,
  divergence,
  outcome,
  resolveCommon,
} from './_internals/common.ts';

export interface GradientDescentOptions extends SolveOptions, DivergenceOptions {
  /** Fixed step η. @defaultValue 0.1 */
  readonly step?: number;
  /**
   * 'diverged' (stop reason 'growth') when f(θ_k) − f(θ₀) > growthFactor · max(1, |f(θ₀)|): a fixed step above
   * 2/L makes f grow geometrically, and this catches it long before the absolute bound.
   * @defaultValue 1e8
   */
  readonly growthFactor?: number;
  /** Iteration cap. @defaultValue 100000 */
  readonly maxIter?: number;
}

/**
 * Runs fixed-step gradient descent from θ₀.
 *
 * Stops with: converged (‖∇f‖₂ ≤ tol, tested at every iterate including θ₀), non-finite (NaN/Inf in f or ∇f),
 * diverged (|f| or ‖θ‖ above `divergenceBound`, or growth of f by `growthFactor`), or max-iter.
 * One gradient evaluation per iteration; the loop allocates nothing (the log is plain number arrays).
 *
 * On a quadratic with Hessian eigenvalues in [μ, L] and η ≤ 1/L, the error contracts by (1 − ημ) per step.
 *
 * @param objective - f with exact gradient
 * @param theta0 - start point (length objective.dim; not modified)
 * @param options - step, tolerance, budget (see {@link GradientDescentOptions})
 * @returns result with status, final θ (fresh array) and the log of (f, ‖∇f‖) per iterate
 * @throws RangeError on invalid options or a wrongly sized θ₀
 * @example
 * const r = gradientDescent(obj, theta0, { step: 0.1, tol: 1e-8 });
 * // r.status => 'converged'
 */
export function gradientDescent(
  objective: Objective,
  theta0: Float64Array,
  options: GradientDescentOptions = {},
): SolverOutcome {
  const { tol, maxIter, log: keepAll, bound } = resolveCommon(options, 100000);
  const step = options.step ?? 0.1;
  const growth = options.growthFactor ?? 1e8;
  if (!(step > 0) || !Number.isFinite(step)) throw new RangeError(`step must be a positive number; got ${step}`);
  if (!(growth > 0)) throw new RangeError(`growthFactor must be > 0; got ${growth}`);
  checkStart(objective.dim, theta0);

  const n = objective.dim;
  const theta = theta0.slice();
  const g = new Float64Array(n);
  const log = new IterationLog(keepAll);
  let evals = 0;
  let f0 = NaN;
  for (let k = 0; ; k++) {
    if ((k & 63) === 0) checkDeadline(); // GD iterations are cheap: read the clock every 64
    const f = objective.valueAndGrad(theta, g);
    evals++;
    const gn = nrm2(g);
    log.push(f, gn);
    let reason: StopReason | null = null;
    if (!Number.isFinite(f) || !Number.isFinite(gn)) reason = 'non-finite';
    else if (gn <= tol) reason = 'gradient-tol';
    else {
      if (k === 0) f0 = f;
      reason = divergence(f, nrm2(theta), bound);
      if (reason === null && f - f0 > growth * Math.max(1, Math.abs(f0))) reason = 'growth';
      if (reason === null && k >= maxIter) reason = 'max-iter';
    }
    if (reason !== null) return outcome('gd', reason, theta, f, gn, k, evals, 0, log);
    for (let i = 0; i < n; i++) theta[i]! -= step * g[i]!;
  }
}
