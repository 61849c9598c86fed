/**
 * The exact class-mean reduction of the plain UFM (THEORY.md §0, §0.1).
 *
 * **Why it is exact (NC1 holds at every critical point when λ_H > 0 and ℓ is convex in z).** Fix W and b. The
 * objective separates over the columns of H: f = Σ_{k,i} φ_k(h_{k,i}) + (terms in W, b only), with
 *
 *     φ_k(h) = (1/N) ℓ(W h + b, k) + (λ_H/2)‖h‖².
 *
 * ∂f/∂h_{k,i} = ∇φ_k(h_{k,i}), so at a critical point every h_{k,i} is a stationary point of φ_k. For ℓ convex
 * in z (CE, MSE: `traits.convexInZ`), h ↦ ℓ(W h + b, k) is convex and φ_k is λ_H-strongly convex, so it has
 * exactly one stationary point h*_k(W, b), its minimiser. Hence h_{k,i} = h*_k for all i: H = H̄ ⊗ 1ᵀ (within-class
 * variability is zero, NC1) at EVERY critical point, not only at global minimisers. Every critical point of f is
 * therefore a critical point of
 *
 *     f_c(W, H̄, b) = f(W, H̄ ⊗ 1ᵀ, b) = Σ_k (n_k/N) ℓ(W h̄_k + b, k) + (λ_W/2)‖W‖² + (λ_H/2) Σ_k n_k‖h̄_k‖² + (λ_b/2)‖b‖²,
 *
 * a function of (W K×d, H̄ d×K, b) whose cost is independent of n; and conversely, by the gradient relation
 * below, every critical point of f_c expands to a critical point of f.
 *
 * **Gradient relation.** At a collapsed point θ = expand(θ_c):
 *     ∂f_c/∂W = ∂f/∂W,   ∂f_c/∂b = ∂f/∂b,   ∂f_c/∂h̄_k = n_k · ∂f/∂h_{k,i}   (for every i of class k),
 * so ‖∇f‖² = ‖∂_W f_c‖² + Σ_k ‖∂_{h̄_k} f_c‖²/n_k + ‖∂_b f_c‖² — the norms differ by the n_k factors, and the
 * Hessian of f_c does not see within-class directions (a minimiser of f_c could be a saddle of f only along
 * directions f_c cannot express; strong convexity of φ_k rules this out for convex ℓ, but certificates — gradient
 * norm and λ_min — must still be computed on the FULL objective, at expand(θ_c)).
 *
 * With λ_H = 0 or a non-convex ℓ the reduction is still a valid restriction (f_c = f on collapsed points) but no
 * longer captures every critical point.
 *
 * Derivatives of f_c (THEORY.md §0.2 with per-column weights ω_k = n_k/N): Z̄ = W H̄ + b 1ᵀ (K×K),
 * Ḡ[:,k] = ω_k ∇ℓ(Z̄[:,k], k), ∂_W = Ḡ H̄ᵀ + λ_W W, ∂_H̄ = Wᵀ Ḡ + λ_H H̄ diag(n), ∂_b = Ḡ 1 + λ_b b; the HVP
 * replaces Ḡ by ΔḠ[:,k] = ω_k ∇²ℓ(Z̄[:,k], k) ΔZ̄[:,k] exactly as in ufm.ts.
 *
 * @see THEORY.md §0.1, §0.2, §0.3 (collapsed features at an optimum)
 */
import type { Mat } from '../core/index.ts';
import { matOf } from '../core/index.ts';
import { gemmKernels } from '../linalg/index.ts';
import type { GemmEngine } from '../linalg/index.ts';
import type { ColumnKernels, LogitLoss } from '../losses/index.ts';
import { columnKernelsOf } from '../losses/index.ts';
import type { LinOp, Objective } from './objective.ts';
import type { UfmProblem } from './problem.ts';
import type { UfmLayout } from './ufmLayout.ts';
import { ufmLayout, ufmLayoutOf } from './ufmLayout.ts';

// TYPES //

/** f_c over θ_c = [W (K×d) | H̄ (d×K) | b (K, with bias)]. */
export interface CollapsedUfmObjective extends Objective {
  readonly problem: UfmProblem;
  readonly loss: LogitLoss;
  /** Layout of θ_c: a UFM layout with one column per class (its `counts` are all 1, N = K). */
  readonly layout: UfmLayout;
  /** Layout of the full θ the reduction stands for. */
  readonly fullLayout: UfmLayout;
  /** θ_c ↦ θ = (W, H̄ ⊗ 1ᵀ, b). */
  expand(thetaC: Float64Array): Float64Array;
  /** θ ↦ θ_c = (W, class means H̄, b). */
  collapse(theta: Float64Array): Float64Array;
}

/** Options of {@link collapsedUfmObjective}. */
export interface CollapsedUfmOptions {
  /**
   * Kernels of the K×d×K products (src/linalg/gemmAuto.ts): 'auto' sends the large ones to WebAssembly SIMD (at
   * K = d = 1000 a value+gradient is three 2·10⁹-flop products), 'js' keeps the scalar kernels (cross-checks).
   * @defaultValue 'auto'
   */
  readonly engine?: GemmEngine;
}

// FUNCTIONS //

/** Per-column access to ℓ on the K×K matrix Z̄ (column k has label k). */
interface ColumnOps {
  /** ℓ(Z[:,k], k). */
  value(Z: Float64Array, k: number): number;
  /** Writes ∇ℓ(Z[:,k], k) into column k of G, returns ℓ. */
  grad(Z: Float64Array, k: number, G: Float64Array): number;
  /** Writes ∇²ℓ(Z[:,k], k)·V[:,k] into column k of out. */
  hvp(Z: Float64Array, k: number, V: Float64Array, out: Float64Array): void;
}

function kernelColumnOps(K: number, kern: ColumnKernels): ColumnOps {
  return {
    value: (Z, k) => kern.value(K, Z, K, k, k),
    grad: (Z, k, G) => kern.grad(K, Z, K, k, k, G, K, k),
    hvp: (Z, k, V, out) => kern.hvp(K, Z, K, k, k, V, K, k, out, K, k),
  };
}

/** Through the LogitLoss methods on K×1 matrices (their 1/N is 1), copying columns in and out. */
function lossColumnOps(K: number, loss: LogitLoss): ColumnOps {
  const z: Mat = matOf(K, 1, new Float64Array(K));
  const g: Mat = matOf(K, 1, new Float64Array(K));
  const v: Mat = matOf(K, 1, new Float64Array(K));
  const lab = new Int32Array(1);
  const load = (dst: Float64Array, src: Float64Array, k: number): void => {
    for (let r = 0; r < K; r++) dst[r] = src[r * K + k] as number;
  };
  const store = (dst: Float64Array, src: Float64Array, k: number): void => {
    for (let r = 0; r < K; r++) dst[r * K + k] = src[r] as number;
  };
  return {
    value(Z, k): number {
      load(z.data, Z, k);
      lab[0] = k;
      return loss.value(z, lab);
    },
    grad(Z, k, G): number {
      load(z.data, Z, k);
      lab[0] = k;
      const l = loss.valueAndGrad(z, lab, g);
      store(G, g.data, k);
      return l;
    },
    hvp(Z, k, V, out): void {
      load(z.data, Z, k);
      load(v.data, V, k);
      lab[0] = k;
      loss.hvp(z, lab, v, g);
      store(out, g.data, k);
    },
  };
}

/**
 * Expands θ_c = (W, H̄, b) to the full θ = (W, H̄ ⊗ 1ᵀ, b): every column of class k is h̄_k.
 * @param layoutFull - layout of the full θ (gives counts and bias mode)
 * @param thetaC - length K·d + d·K (+ K with bias)
 * @throws RangeError on a length mismatch
 */
export function expandCollapsed(layoutFull: UfmLayout, thetaC: Float64Array): Float64Array {
  const { K, d, N, counts, hasBias, offH, offB } = layoutFull;
  const dimC = K * d + d * K + (hasBias ? K : 0);
  if (thetaC.length !== dimC) throw new RangeError(`θ_c must have length ${dimC}; got ${thetaC.length}`);
  const theta = new Float64Array(layoutFull.dim);
  theta.set(thetaC.subarray(0, K * d), 0);
  const offHc = K * d;
  for (let r = 0; r < d; r++) {
    let j = 0;
    for (let k = 0; k < K; k++) {
      const c = counts[k] as number;
      theta.fill(thetaC[offHc + r * K + k] as number, offH + r * N + j, offH + r * N + j + c);
      j += c;
    }
  }
  if (hasBias) theta.set(thetaC.subarray(offHc + d * K), offB);
  return theta;
}

/**
 * Collapses θ = (W, H, b) to θ_c = (W, H̄, b) with H̄ the class means h̄_k = (1/n_k) Σ_i h_{k,i} (THEORY.md §0).
 * @param layoutFull - layout of θ
 * @param theta - the full parameter vector
 * @throws RangeError on a length mismatch
 */
export function collapse(layoutFull: UfmLayout, theta: Float64Array): Float64Array {
  const { K, d, N, counts, hasBias, offH, offB } = layoutFull;
  if (theta.length !== layoutFull.dim)
    throw new RangeError(`θ must have length ${layoutFull.dim}; got ${theta.length}`);
  const thetaC = new Float64Array(K * d + d * K + (hasBias ? K : 0));
  thetaC.set(theta.subarray(0, K * d), 0);
  const offHc = K * d;
  for (let r = 0; r < d; r++) {
    let j = offH + r * N;
    for (let k = 0; k < K; k++) {
      const c = counts[k] as number;
      let s = 0;
      for (let i = 0; i < c; i++) s += theta[j + i] as number;
      thetaC[offHc + r * K + k] = s / c;
      j += c;
    }
  }
  if (hasBias) thetaC.set(theta.subarray(offB, offB + K), offHc + d * K);
  return thetaC;
}

// MAIN //

/**
 * The collapsed objective f_c(W, H̄, b) = f(W, H̄ ⊗ 1ᵀ, b) (see the module comment), with exact gradient and HVP.
 * Cost per evaluation O(K²d), independent of the counts.
 * @param problem - the full problem (counts enter only through the weights n_k/N and n_k)
 * @param loss - the loss; `problem.loss` must equal `loss.id`
 * @param options - kernels of the products
 * @throws RangeError on invalid λ or a mismatched loss id
 * @example
 * const fc = collapsedUfmObjective(problem, ce);
 * fc.value(fc.collapse(theta)) === ufmObjective(problem, ce).value(theta); // when theta is collapsed (to rounding)
 */
export function collapsedUfmObjective(
  problem: UfmProblem,
  loss: LogitLoss,
  options: CollapsedUfmOptions = {},
): CollapsedUfmObjective {
  if (problem.loss !== loss.id)
    throw new RangeError(`problem.loss is '${problem.loss}' but the loss given is '${loss.id}'`);
  for (const [name, v] of [
    ['lambdaW', problem.lambdaW],
    ['lambdaH', problem.lambdaH],
    ['lambdaB', problem.lambdaB],
  ] as const) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a finite number ≥ 0; got ${v}`);
  }
  const full = ufmLayout(problem);
  const { K, d, N, counts, hasBias } = full;
  const L = ufmLayoutOf(K, d, new Array<number>(K).fill(1), hasBias);
  const { offW, offH, offB, dim } = L;
  const lambdaW = problem.lambdaW;
  const lambdaH = problem.lambdaH;
  const lambdaB = hasBias ? problem.lambdaB : 0;
  const omega = Float64Array.from(counts, (c) => c / N);
  const nk = Float64Array.from(counts);
  const kern = columnKernelsOf(loss);
  const { nn: gemmNN, nt: gemmNT, tn: gemmTN } = gemmKernels(options.engine ?? 'auto');
  const ops = kern !== undefined ? kernelColumnOps(K, kern) : lossColumnOps(K, loss);

  const Z = new Float64Array(K * K);
  const G = new Float64Array(K * K);
  const dZ = new Float64Array(K * K);
  const dG = new Float64Array(K * K);

  const checkLen = (x: Float64Array, name: string): void => {
    if (x.length !== dim) throw new RangeError(`${name} must have length ${dim}; got ${x.length}`);
  };

  /** Z̄ ← W H̄ + b 1ᵀ. */
  const logits = (theta: Float64Array, out: Float64Array): void => {
    if (hasBias) for (let k = 0; k < K; k++) out.fill(theta[offB + k] as number, k * K, (k + 1) * K);
    gemmNN(K, K, d, 1, theta, d, theta, K, hasBias ? 1 : 0, out, K, offW, offH, 0);
  };

  /** Penalty (λ_W/2)‖W‖² + (λ_H/2)Σ_k n_k‖h̄_k‖² + (λ_b/2)‖b‖². */
  const penalty = (theta: Float64Array): number => {
    let w = 0;
    for (let i = 0; i < K * d; i++) w += (theta[offW + i] as number) ** 2;
    let h = 0;
    for (let r = 0; r < d; r++) {
      for (let k = 0; k < K; k++) h += (nk[k] as number) * (theta[offH + r * K + k] as number) ** 2;
    }
    let b = 0;
    if (hasBias) for (let k = 0; k < K; k++) b += (theta[offB + k] as number) ** 2;
    return 0.5 * (lambdaW * w + lambdaH * h + lambdaB * b);
  };

  const value = (theta: Float64Array): number => {
    checkLen(theta, 'θ_c');
    logits(theta, Z);
    let s = 0;
    for (let k = 0; k < K; k++) s += (omega[k] as number) * ops.value(Z, k);
    return s + penalty(theta);
  };

  /** Writes Ḡ (weighted) for logits Zs into Gs and returns Σ ω_k ℓ_k. */
  const lossGrad = (Zs: Float64Array, Gs: Float64Array): number => {
    let s = 0;
    for (let k = 0; k < K; k++) {
      const w = omega[k] as number;
      s += w * ops.grad(Zs, k, Gs);
      for (let r = 0; r < K; r++) Gs[r * K + k] = w * (Gs[r * K + k] as number);
    }
    return s;
  };

  const valueAndGrad = (theta: Float64Array, g: Float64Array): number => {
    checkLen(theta, 'θ_c');
    checkLen(g, 'g');
    logits(theta, Z);
    const s = lossGrad(Z, G);
    for (let i = 0; i < K * d; i++) g[offW + i] = lambdaW * (theta[offW + i] as number);
    gemmNT(K, d, K, 1, G, K, theta, K, 1, g, d, 0, offH, offW);
    for (let r = 0; r < d; r++) {
      for (let k = 0; k < K; k++)
        g[offH + r * K + k] = lambdaH * (nk[k] as number) * (theta[offH + r * K + k] as number);
    }
    gemmTN(d, K, K, 1, theta, d, G, K, 1, g, K, offW, 0, offH);
    if (hasBias) {
      for (let k = 0; k < K; k++) {
        let t = 0;
        for (let c = 0; c < K; c++) t += G[k * K + c] as number;
        g[offB + k] = t + lambdaB * (theta[offB + k] as number);
      }
    }
    return s + penalty(theta);
  };

  const hessianAt = (theta: Float64Array): LinOp => {
    checkLen(theta, 'θ_c');
    const th = theta.slice();
    const Zs = new Float64Array(K * K);
    const Gs = new Float64Array(K * K);
    logits(th, Zs);
    lossGrad(Zs, Gs);
    const apply = (v: Float64Array, out: Float64Array): void => {
      checkLen(v, 'v');
      checkLen(out, 'out');
      if (hasBias) for (let k = 0; k < K; k++) dZ.fill(v[offB + k] as number, k * K, (k + 1) * K);
      gemmNN(K, K, d, 1, v, d, th, K, hasBias ? 1 : 0, dZ, K, offW, offH, 0);
      gemmNN(K, K, d, 1, th, d, v, K, 1, dZ, K, offW, offH, 0);
      for (let k = 0; k < K; k++) {
        ops.hvp(Zs, k, dZ, dG);
        const w = omega[k] as number;
        for (let r = 0; r < K; r++) dG[r * K + k] = w * (dG[r * K + k] as number);
      }
      for (let i = 0; i < K * d; i++) out[offW + i] = lambdaW * (v[offW + i] as number);
      gemmNT(K, d, K, 1, dG, K, th, K, 1, out, d, 0, offH, offW);
      gemmNT(K, d, K, 1, Gs, K, v, K, 1, out, d, 0, offH, offW);
      for (let r = 0; r < d; r++) {
        for (let k = 0; k < K; k++)
          out[offH + r * K + k] = lambdaH * (nk[k] as number) * (v[offH + r * K + k] as number);
      }
      gemmTN(d, K, K, 1, th, d, dG, K, 1, out, K, offW, 0, offH);
      gemmTN(d, K, K, 1, v, d, Gs, K, 1, out, K, offW, 0, offH);
      if (hasBias) {
        for (let k = 0; k < K; k++) {
          let t = 0;
          for (let c = 0; c < K; c++) t += dG[k * K + c] as number;
          out[offB + k] = t + lambdaB * (v[offB + k] as number);
        }
      }
    };
    return { dim, apply };
  };

  return {
    dim,
    problem,
    loss,
    layout: L,
    fullLayout: full,
    value,
    valueAndGrad,
    hessianAt,
    expand: (thetaC) => expandCollapsed(full, thetaC),
    collapse: (theta) => collapse(full, theta),
  };
}
