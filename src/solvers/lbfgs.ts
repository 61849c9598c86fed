/**
 * Limited-memory BFGS with a strong-Wolfe line search (Nocedal & Wright, Numerical Optimization, 2nd ed.,
 * Alg. 7.4 two-loop recursion and Alg. 7.5, initial scaling H₀ = (sᵀy / yᵀy) I of eq. (7.20); issue 2 item 5b).
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
import { strongWolfe } from './step/strongWolfe.ts';

export interface LbfgsOptions extends SolveOptions, DivergenceOptions {
  /** Number of (s, y) pairs kept. @defaultValue 10 */
  readonly memory?: number;
  /** Sufficient-decrease constant. @defaultValue 1e-4 */
  readonly c1?: number;
  /** Curvature constant. @defaultValue 0.9 */
  readonly c2?: number;
  /** Objective evaluations allowed per line search. @defaultValue 30 */
  readonly maxLineSearch?: number;
  /**
   * Relative rounding allowance on f used by the line search's sufficient-decrease test:
   * noise = relNoise·|f(x)| (see step/strongWolfe.ts). 1e-12 is ≈ 4500 ulps — above the accumulated rounding of a
   * sum over ~10⁵ terms, and far below any decrease that matters before ‖∇f‖ reaches ~1e-6·√|f|.
   * @defaultValue 1e-12
   */
  readonly relNoise?: number;
  /** Iteration cap. @defaultValue 10000 */
  readonly maxIter?: number;
}

/**
 * Minimises f by L-BFGS from θ₀.
 *
 * Convergence is declared only when ‖∇f‖₂ ≤ tol (never on small f or step changes). Near the rounding floor the
 * line search keeps making progress on ‖∇f‖ (see step/strongWolfe.ts); when a search fails, the memory is cleared
 * and a steepest-descent search is tried once before stopping with stop reason 'line-search-failed'
 * (status 'max-iter': not certified). Pairs with sᵀy ≤ 1e-10‖s‖‖y‖ are skipped (curvature too weak to trust).
 *
 * @param objective - f with exact gradient
 * @param theta0 - start (length objective.dim; not modified)
 * @param options - see {@link LbfgsOptions}
 * @returns result with status, final θ, per-iteration log of (f, ‖∇f‖)
 * @throws RangeError on invalid options or a wrongly sized θ₀
 * @example
 * const r = lbfgs(rosenbrock, Float64Array.of(-1.2, 1), { tol: 1e-10 });
 * // r.status => 'converged', r.theta ≈ [1, 1]
 */
export function lbfgs(objective: Objective, theta0: Float64Array, options: LbfgsOptions = {}): SolverOutcome {
  const { tol, maxIter, log: keepAll, bound } = resolveCommon(options, 10000);
  const mem = options.memory ?? 10;
  const relNoise = options.relNoise ?? 1e-12;
  if (!Number.isInteger(mem) || mem < 1) throw new RangeError(`memory must be an integer ≥ 1; got ${mem}`);
  if (!(relNoise >= 0)) throw new RangeError(`relNoise must be ≥ 0; got ${relNoise}`);
  checkStart(objective.dim, theta0);
  const lsOptions = {
    c1: options.c1 ?? 1e-4,
    c2: options.c2 ?? 0.9,
    maxEvals: options.maxLineSearch ?? 30,
  };
  if (!(lsOptions.c1 > 0 && lsOptions.c1 < lsOptions.c2 && lsOptions.c2 < 1)) {
    throw new RangeError(`need 0 < c1 < c2 < 1; got c1 = ${lsOptions.c1}, c2 = ${lsOptions.c2}`);
  }

  const n = objective.dim;
  let x = theta0.slice();
  let g = new Float64Array(n);
  let xT = new Float64Array(n);
  let gT = new Float64Array(n);
  const d = new Float64Array(n);
  const xBest = new Float64Array(n);
  const gBest = new Float64Array(n);
  const S = new Float64Array(mem * n);
  const Y = new Float64Array(mem * n);
  const rho = new Float64Array(mem);
  const alphaBuf = new Float64Array(mem);
  let count = 0; // pairs stored
  let head = 0; // slot of the next pair
  const log = new IterationLog(keepAll);

  let f = objective.valueAndGrad(x, g);
  let evals = 1;
  let gn = nrm2(g);
  let retried = false;
  for (let k = 0; ;) {
    checkDeadline();
    if (!retried) log.push(f, gn);
    let reason: StopReason | null = null;
    if (!Number.isFinite(f) || !Number.isFinite(gn)) reason = 'non-finite';
    else if (gn <= tol) reason = 'gradient-tol';
    else reason = divergence(f, nrm2(x), bound) ?? (k >= maxIter ? 'max-iter' : null);
    if (reason !== null) return outcome('lbfgs', reason, x, f, gn, k, evals, 0, log);

    // ---- Direction d = −H g by the two-loop recursion.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    let alpha1 = 1;
    if (count > 0) {
      for (let c = 0; c < count; c++) {
        const slot = (head - 1 - c + mem) % mem;
        const off = slot * n;
        let a = 0;
        for (let i = 0; i < n; i++) a += S[off + i]! * d[i]!;
        a *= rho[slot]!;
        alphaBuf[slot] = a;
        for (let i = 0; i < n; i++) d[i]! -= a * Y[off + i]!;
      }
      const last = ((head - 1 + mem) % mem) * n;
      let sy = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        sy += S[last + i]! * Y[last + i]!;
        yy += Y[last + i]! * Y[last + i]!;
      }
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) d[i]! *= gamma;
      for (let c = count - 1; c >= 0; c--) {
        const slot = (head - 1 - c + mem) % mem;
        const off = slot * n;
        let b = 0;
        for (let i = 0; i < n; i++) b += Y[off + i]! * d[i]!;
        b *= rho[slot]!;
        const coef = alphaBuf[slot]! - b;
        for (let i = 0; i < n; i++) d[i]! += coef * S[off + i]!;
      }
    } else {
      alpha1 = Math.min(1, 1 / gn);
    }
    let dphi0 = 0;
    for (let i = 0; i < n; i++) dphi0 += g[i]! * d[i]!;
    if (!(dphi0 < 0)) {
      // Not a descent direction (rounding in the memory): fall back to steepest descent.
      count = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      dphi0 = -gn * gn;
      alpha1 = Math.min(1, 1 / gn);
    }

    // ---- Line search.
    const ls = strongWolfe(
      { objective, x, f0: f, gradNorm0: gn, d, dphi0, alpha1, xOut: xT, gOut: gT, xBest, gBest },
      { ...lsOptions, noise: relNoise * Math.abs(f), acceptGradNorm: tol },
    );
    evals += ls.evals;
    if (ls.status !== 'ok') {
      if (count > 0 && !retried) {
        // Retry once from the same point with steepest descent (memory may be stale).
        count = 0;
        retried = true;
        continue;
      }
      const why: StopReason = ls.status === 'non-finite' ? 'non-finite' : 'line-search-failed';
      // θ, f, ‖∇f‖ of the last finite iterate are returned in both cases.
      return outcome('lbfgs', why, x, f, gn, k, evals, 0, log);
    }
    retried = false;

    // ---- Memory update with s = x₊ − x, y = g₊ − g.
    const off = head * n;
    let sy = 0;
    let ss = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      const s = xT[i]! - x[i]!;
      const y = gT[i]! - g[i]!;
      S[off + i] = s;
      Y[off + i] = y;
      sy += s * y;
      ss += s * s;
      yy += y * y;
    }
    if (sy > 1e-10 * Math.sqrt(ss * yy)) {
      rho[head] = 1 / sy;
      head = (head + 1) % mem;
      if (count < mem) count++;
    }
    let t = x;
    x = xT;
    xT = t;
    t = g;
    g = gT;
    gT = t;
    f = ls.value;
    gn = ls.gradNorm;
    k++;
  }
}
