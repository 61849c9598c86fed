/**
 * Label smoothing as a ufmcheck loss plug-in: `ufmcheck verify --loss ./examples/losses/labelSmoothing.ts`.
 *
 * With p = softmax(z) and the smoothed target q = (1 − ε) e_y + (ε/K) 1 (Σ_k q_k = 1):
 *
 *   ℓ(z, y) = −Σ_k q_k log p_k = logsumexp(z) − Σ_k q_k z_k
 *   ∇ℓ      = p − q
 *   ∇²ℓ     = diag(p) − p pᵀ          (the same Hessian as cross-entropy: q does not depend on z)
 *   ∇²ℓ · v = p ∘ (v − pᵀv)
 *
 * ε = 0 is cross-entropy. ℓ is convex (logsumexp minus a linear term), permutation-equivariant (q moves with y)
 * and shift-invariant (logsumexp(z + c1) = logsumexp(z) + c, Σ q_k = 1).
 *
 * Numerics: logsumexp is taken as m + log Σ_k exp(z_k − m) with m = max_k z_k, so no exponential overflows.
 *
 * The module uses the kernel form (export default { id, cite, traits, kernels }): ufmcheck lifts the per-column
 * kernels to K×N logit matrices (mean over columns) with `columnLoss`, checks the derivatives by the Taylor-slope
 * test, and registers the loss as 'ex-ls(0.1)'. It needs nothing from ufmcheck at run time (the import is a type).
 */
import type { ColumnKernels } from '../../src/losses/index.ts';

/** Default smoothing. */
export const EPSILON = 0.1;

/** max_k z_k and Σ_k exp(z_k − max) of one strided column. */
function maxAndSum(K: number, z: Float64Array, sz: number, oz: number): { m: number; S: number } {
  let m = -Infinity;
  for (let k = 0; k < K; k++) m = Math.max(m, z[oz + k * sz] as number);
  let S = 0;
  for (let k = 0; k < K; k++) S += Math.exp((z[oz + k * sz] as number) - m);
  return { m, S };
}

/**
 * Per-column kernels of label smoothing with parameter ε ∈ [0, 1].
 *
 * @param epsilon - smoothing ε
 * @returns value, gradient and Hessian-vector kernels (stdlib ndarray style, no 1/N)
 * @throws {RangeError} unless 0 ≤ ε ≤ 1
 * @example
 * labelSmoothingKernels(0.1).value(2, Float64Array.of(0, 0), 1, 0, 0); // => Math.LN2
 */
export function labelSmoothingKernels(epsilon: number): ColumnKernels {
  if (!(epsilon >= 0 && epsilon <= 1)) throw new RangeError(`epsilon must be in [0, 1]; got ${epsilon}`);
  const value = (K: number, z: Float64Array, sz: number, oz: number, y: number): number => {
    const { m, S } = maxAndSum(K, z, sz, oz);
    let sumZ = 0;
    for (let k = 0; k < K; k++) sumZ += z[oz + k * sz] as number;
    const lse = m + Math.log(S);
    // ℓ = lse − (1 − ε) z_y − (ε/K) Σ z_k, written as a sum of the non-negative terms (1−ε)(lse − z_y) and (ε/K)Σ(lse − z_k).
    return (1 - epsilon) * (lse - (z[oz + y * sz] as number)) + (epsilon / K) * (K * lse - sumZ);
  };
  return {
    value,
    grad(K, z, sz, oz, y, g, sg, og) {
      const { m, S } = maxAndSum(K, z, sz, oz);
      const off = epsilon / K;
      for (let k = 0; k < K; k++) g[og + k * sg] = Math.exp((z[oz + k * sz] as number) - m) / S - off;
      g[og + y * sg] = (g[og + y * sg] as number) - (1 - epsilon);
      return value(K, z, sz, oz, y);
    },
    hvp(K, z, sz, oz, _y, v, sv, ov, out, so, oo) {
      const { m, S } = maxAndSum(K, z, sz, oz);
      let pv = 0;
      for (let k = 0; k < K; k++) {
        const p = Math.exp((z[oz + k * sz] as number) - m) / S;
        out[oo + k * so] = p;
        pv += p * (v[ov + k * sv] as number);
      }
      for (let k = 0; k < K; k++) out[oo + k * so] = (out[oo + k * so] as number) * ((v[ov + k * sv] as number) - pv);
    },
  };
}

/** The plug-in: label smoothing with ε = 0.1, id 'ex-ls(0.1)' (prefixed so it never collides with a built-in 'ls(…)'). */
export default {
  id: `ex-ls(${EPSILON})`,
  cite: 'Szegedy et al. 2016 (label smoothing), ε = 0.1; examples/losses/labelSmoothing.ts',
  traits: { convexInZ: true, permutationEquivariant: true, shiftInvariant: true },
  kernels: labelSmoothingKernels(EPSILON),
};
