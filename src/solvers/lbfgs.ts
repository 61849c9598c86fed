/**
 * Limited-memory BFGS with a strong-Wolfe line search (Nocedal & Wright, Numerical Optimization, 2nd ed.,
 * Alg. 7.4 two-loop recursion and Alg. 7.5, initial scaling H₀ = (sᵀy / yᵀy) I of eq. (7.20); issue 2 item 5b).
 */
import type { Objective } from '../models/index.ts';
import type { SolveOptions } from './result.ts';
import { createVecKernels, nrm2 } from '../linalg/index.ts';
import type { VecKernels } from '../linalg/index.ts';
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

/**
 * From this dimension on, the long vectors live in one WebAssembly heap and the two-loop recursion runs on its SIMD
 * kernels (src/linalg/lanczosKernels.ts: dot, axpy, dot2, scale); below it, the scalar loops (whose sums, in index
 * order, every small instance and fixture was computed with). At the ImageNet-size certificate (dim 2·10⁶, memory 10)
 * the scalar two-loop was 130 s of self time in a 564 s profile (issue 12 item 4).
 */
export const LBFGS_KERNEL_MIN_DIM = 1 << 15;

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
  /**
   * 'auto': the heap and its SIMD kernels from {@link LBFGS_KERNEL_MIN_DIM} on; 'scalar': the scalar loops at every
   * size (cross-checks). @defaultValue 'auto'
   */
  readonly vectorKernels?: 'auto' | 'scalar';
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
  // Large problems: [x | g | xT | gT | d | S (mem·n) | Y (mem·n)] in one kernel heap (LBFGS_KERNEL_MIN_DIM).
  const kv: VecKernels | undefined =
    n >= LBFGS_KERNEL_MIN_DIM && options.vectorKernels !== 'scalar' ? createVecKernels((5 + 2 * mem) * n) : undefined;
  const vec = (slot: number, len = n): Float64Array =>
    kv === undefined ? new Float64Array(len) : kv.F.subarray(slot * n, slot * n + len);
  /** A heap vector's offset (kv's workspace starts at element 0 of its buffer). */
  const at = (v: Float64Array): number => v.byteOffset / 8;
  let x = vec(0);
  x.set(theta0);
  let g = vec(1);
  let xT = vec(2);
  let gT = vec(3);
  const d = vec(4);
  const xBest = new Float64Array(n);
  const gBest = new Float64Array(n);
  const S = vec(5, mem * n);
  const Y = vec(5 + mem, mem * n);
  const sy2 = new Float64Array(2);
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
    let alpha1 = 1;
    if (kv !== undefined) {
      // The same recursion on the heap's SIMD kernels (sums in another order than the scalar loops below).
      const oD = at(d),
        oS = at(S),
        oY = at(Y);
      kv.scale(oD, at(g), -1, n);
      if (count > 0) {
        for (let c = 0; c < count; c++) {
          const slot = (head - 1 - c + mem) % mem;
          const a = rho[slot]! * kv.dot(oS + slot * n, oD, n);
          alphaBuf[slot] = a;
          kv.axpy(oD, oY + slot * n, -a, n);
        }
        const last = ((head - 1 + mem) % mem) * n;
        kv.dot2(oS + last, oY + last, n, sy2); // [sᵀy, yᵀy]
        kv.scale(oD, oD, sy2[0]! / sy2[1]!, n);
        for (let c = count - 1; c >= 0; c--) {
          const slot = (head - 1 - c + mem) % mem;
          const b = rho[slot]! * kv.dot(oY + slot * n, oD, n);
          kv.axpy(oD, oS + slot * n, alphaBuf[slot]! - b, n);
        }
      } else {
        alpha1 = Math.min(1, 1 / gn);
      }
    } else {
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
    }
    if (kv === undefined && count > 0) {
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
    } else if (kv === undefined) {
      alpha1 = Math.min(1, 1 / gn);
    }
    let dphi0 = 0;
    if (kv !== undefined) dphi0 = kv.dot(at(g), at(d), n);
    else for (let i = 0; i < n; i++) dphi0 += g[i]! * d[i]!;
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
