/**
 * One kernel builder for the softmax family of losses on logits (THEORY.md §0.1–0.2 for CE; §10 for variants):
 *
 *   ℓ(z, y) = w_y · [ lse(x) − Σ_k t_{y,k} x_k ],   x = s·z + o,   t_y = (1 − ε) e_y + (ε/K) 1,
 *
 * with scale s > 0 (temperature τ = 1/s), per-class offset o ∈ R^K (logit adjustment: o = τ_LA log π), per-label
 * weight w_y > 0 and label smoothing ε ∈ [0, 1). Since Σ_k t_{y,k} = 1:
 *
 *   ∇ℓ = w_y s (p − t_y),  ∇²ℓ = w_y s² (diag p − p pᵀ),  p = softmax(x).
 *
 * CE is (s, o, w, ε) = (1, 0, 1, 0); temperature CE (τ) is s = 1/τ; label smoothing is ε; logit-adjusted CE
 * (Menon et al. 2021) is o = τ log π; class-weighted CE is w. Every such ℓ is convex in z (a weighted log-sum-exp
 * minus a linear term) and shift-invariant (x + s c 1 leaves lse − tᵀx unchanged because Σ t = 1); it is
 * permutation-equivariant iff o and w are constant across classes.
 *
 * Numerics as in ce.ts: exponentials of x_k − max x only; value = Σ_k t_k (m − x_k) + log1p(Σ_{k≠k*} e^{x_k − m})
 * with k* an arg-max, so tiny losses keep their relative accuracy. Offsets and weights fix K: a kernel called with a
 * different K throws a RangeError naming it.
 */
import type { ColumnKernels } from './loss.ts';

/** Parameters of a softmax-family loss. */
export interface SoftmaxFamily {
  /** s = 1/τ > 0. @defaultValue 1 */
  readonly scale?: number;
  /** Per-class logit offsets (length K), added after scaling. @defaultValue none */
  readonly offset?: Float64Array;
  /** Per-label weights w_y > 0 (length K). @defaultValue none (all 1) */
  readonly weight?: Float64Array;
  /** Label smoothing ε ∈ [0, 1). @defaultValue 0 */
  readonly smoothing?: number;
}

/**
 * Kernels of ℓ(z, y) = w_y [lse(s z + o) − t_yᵀ(s z + o)].
 * @param f - scale, offset, weight, smoothing
 * @returns value, gradient and Hessian-vector kernels (no 1/N)
 * @example
 * softmaxFamilyKernels({}).value(2, Float64Array.of(0, 0), 1, 0, 0); // => Math.LN2 (plain CE)
 */
export function softmaxFamilyKernels(f: SoftmaxFamily): ColumnKernels {
  const s = f.scale ?? 1;
  const eps = f.smoothing ?? 0;
  const off = f.offset;
  const wt = f.weight;
  const fixedK = off?.length ?? wt?.length;
  const checkK = (K: number): void => {
    if (fixedK !== undefined && K !== fixedK)
      throw new RangeError(`K: this loss is defined for K = ${fixedK} classes (one prior/weight per class); got ${K}`);
  };
  const xk = (z: Float64Array, sz: number, oz: number, k: number): number =>
    s * (z[oz + k * sz] as number) + (off === undefined ? 0 : (off[k] as number));
  /** Writes p into out (stride so, offset oo) and returns the loss value (without the weight). */
  const core = (
    K: number,
    z: Float64Array,
    sz: number,
    oz: number,
    y: number,
    out: Float64Array | undefined,
    so: number,
    oo: number,
  ): number => {
    checkK(K);
    let m = -Infinity,
      am = 0;
    for (let k = 0; k < K; k++) {
      const v = xk(z, sz, oz, k);
      if (v > m || v !== v) {
        m = v;
        am = k;
      }
    }
    let rest = 0,
      S = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(xk(z, sz, oz, k) - m);
      if (out !== undefined) out[oo + k * so] = e;
      S += e;
      if (k !== am) rest += e;
    }
    const logS = Math.log1p(rest);
    if (out !== undefined) {
      const inv = 1 / S;
      for (let k = 0; k < K; k++) out[oo + k * so] = (out[oo + k * so] as number) * inv;
    }
    // Σ_k t_k (m − x_k) + log S with t = (1 − ε)e_y + ε/K·1
    let val = (1 - eps) * (m - xk(z, sz, oz, y));
    if (eps !== 0) {
      let a = 0;
      for (let k = 0; k < K; k++) a += m - xk(z, sz, oz, k);
      val += (eps / K) * a;
    }
    return val + logS;
  };
  const weightOf = (y: number): number => (wt === undefined ? 1 : (wt[y] as number));
  return {
    value(K, z, sz, oz, y) {
      return weightOf(y) * core(K, z, sz, oz, y, undefined, 0, 0);
    },
    grad(K, z, sz, oz, y, g, sg, og) {
      const w = weightOf(y);
      const v = core(K, z, sz, oz, y, g, sg, og);
      const c = w * s;
      for (let k = 0; k < K; k++) {
        const t = (k === y ? 1 - eps : 0) + eps / K;
        g[og + k * sg] = c * ((g[og + k * sg] as number) - t);
      }
      if (eps === 0) {
        // p_y − 1 = −Σ_{k≠y} p_k exactly (no cancellation when p_y ≈ 1), as in ce.ts
        let r = 0;
        for (let k = 0; k < K; k++) if (k !== y) r += g[og + k * sg] as number;
        g[og + y * sg] = -r;
      }
      return w * v;
    },
    hvp(K, z, sz, oz, y, v, sv, ov, out, so, oo) {
      core(K, z, sz, oz, y, out, so, oo);
      const c = weightOf(y) * s * s;
      let pv = 0;
      for (let k = 0; k < K; k++) pv += (out[oo + k * so] as number) * (v[ov + k * sv] as number);
      for (let k = 0; k < K; k++)
        out[oo + k * so] = c * (out[oo + k * so] as number) * ((v[ov + k * sv] as number) - pv);
    },
  };
}
