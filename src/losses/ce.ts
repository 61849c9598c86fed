/**
 * Cross-entropy on logits: ℓ(z, y) = logsumexp(z) − z_y = −log softmax(z)_y (THEORY.md §0.1, Zhu et al. 2021 eq. (3)).
 * Gradient ∇ℓ = p − e_y with p = softmax(z); Hessian ∇²ℓ = diag(p) − p pᵀ (THEORY.md §0.2).
 *
 * Numerics: every exponential is taken of z_k − m with m = max_k z_k ≤ z_k's maximum, so logits of any finite
 * size (1e4, 1e300) never overflow. With E_k = exp(z_k − m), u = Σ_{k≠y} E_k and S = E_y + u:
 * ℓ = (m − z_y) + log1p((E_y − 1) + u) — when y is the arg-max, E_y − 1 = 0 exactly and ℓ = log1p(u) keeps full
 * relative accuracy for tiny losses — and ∂ℓ/∂z_y = p_y − 1 = −u/S (no cancellation), so 1ᵀ∇ℓ = 0 to rounding.
 *
 * Traits: convex in z, permutation-equivariant, shift-invariant (ℓ(z + c1) = ℓ(z), hence 1ᵀ∇ℓ = 0).
 */
import type { ColumnKernels, LogitLoss } from './loss.ts';
import { columnLoss } from './columnLoss.ts';

/** Per-column kernels of cross-entropy (no 1/N). */
export const ceKernels: ColumnKernels = {
  value(K: number, z: Float64Array, sz: number, oz: number, y: number): number {
    let m = -Infinity;
    for (let k = 0; k < K; k++) {
      const v = z[oz + k * sz] as number;
      if (v > m || v !== v) m = v;
    }
    let u = 0;
    for (let k = 0; k < K; k++) if (k !== y) u += Math.exp((z[oz + k * sz] as number) - m);
    const zy = z[oz + y * sz] as number;
    const ey = Math.exp(zy - m);
    return m - zy + Math.log1p(ey - 1 + u);
  },
  grad(K: number, z: Float64Array, sz: number, oz: number, y: number, g: Float64Array, sg: number, og: number): number {
    let m = -Infinity;
    for (let k = 0; k < K; k++) {
      const v = z[oz + k * sz] as number;
      if (v > m || v !== v) m = v;
    }
    let u = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp((z[oz + k * sz] as number) - m);
      g[og + k * sg] = e;
      if (k !== y) u += e;
    }
    const zy = z[oz + y * sz] as number;
    const ey = g[og + y * sg] as number;
    const S = ey + u;
    const inv = 1 / S;
    for (let k = 0; k < K; k++) g[og + k * sg] = (g[og + k * sg] as number) * inv;
    g[og + y * sg] = -u * inv;
    return m - zy + Math.log1p(ey - 1 + u);
  },
  hvp(
    K: number,
    z: Float64Array,
    sz: number,
    oz: number,
    _y: number,
    v: Float64Array,
    sv: number,
    ov: number,
    out: Float64Array,
    so: number,
    oo: number,
  ): void {
    let m = -Infinity;
    for (let k = 0; k < K; k++) {
      const t = z[oz + k * sz] as number;
      if (t > m || t !== t) m = t;
    }
    let S = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp((z[oz + k * sz] as number) - m);
      out[oo + k * so] = e;
      S += e;
    }
    const inv = 1 / S;
    let pv = 0;
    for (let k = 0; k < K; k++) {
      const p = (out[oo + k * so] as number) * inv;
      out[oo + k * so] = p;
      pv += p * (v[ov + k * sv] as number);
    }
    // (diag p − p pᵀ) v = p ∘ (v − pᵀv)
    for (let k = 0; k < K; k++) out[oo + k * so] = (out[oo + k * so] as number) * ((v[ov + k * sv] as number) - pv);
  },
};

/**
 * Cross-entropy loss on K×N logits (mean over columns).
 * @example
 * ce.value(fromRows([[0], [0]]), Int32Array.of(0)); // => Math.LN2
 */
export const ce: LogitLoss = columnLoss(
  'ce',
  'THEORY.md §0.1 (Zhu et al. 2021, eq. (3))',
  { convexInZ: true, permutationEquivariant: true, shiftInvariant: true },
  ceKernels,
);
