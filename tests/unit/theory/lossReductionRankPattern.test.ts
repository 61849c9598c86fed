/**
 * The rank constraint of THEORY.md §10's ≤ 3-parameter reduction (d = K−1): α(α + Kβ) = 0, i.e. p·q = 0 with
 * p = α (the eigenvalue of Z̄ = W H̄ on 1^⊥) and q = α + Kβ (on 1). Both faces must be searched: p ≠ 0 = q and
 * p = 0 ≠ q. A loss that sees only the mean logit puts the whole minimizer on the second face, Z̄ = (q/K)11ᵀ, which
 * has rank 1 ≤ d, so dropping that face (or the pattern p = 0, q ≠ 0) must be caught.
 */
import { describe, expect, it } from 'vitest';
import { columnLoss } from '../../../src/losses/index.ts';
import { predictLossReduction } from '../../../src/theory/index.ts';

const EPS = Number.EPSILON;

/**
 * ℓ(z, y) = ½(z̄ − 1)², z̄ = (1/K)Σ_j z_j: convex, permutation-equivariant (it ignores the label), not shift-invariant.
 * ∇ℓ_j = (z̄ − 1)/K, ∇²ℓ = (1/K²)11ᵀ.
 */
const meanLogit = columnLoss(
  'mean-logit',
  'test',
  { convexInZ: true, permutationEquivariant: true, shiftInvariant: false },
  {
    value(K, z, sz, oz) {
      let s = 0;
      for (let j = 0; j < K; j++) s += z[oz + j * sz] as number;
      return 0.5 * (s / K - 1) ** 2;
    },
    grad(K, z, sz, oz, _y, g, sg, og) {
      let s = 0;
      for (let j = 0; j < K; j++) s += z[oz + j * sz] as number;
      const r = s / K - 1;
      for (let j = 0; j < K; j++) g[og + j * sg] = r / K;
      return 0.5 * r * r;
    },
    hvp(K, _z, _sz, _oz, _y, v, sv, ov, out, so, oo) {
      let s = 0;
      for (let j = 0; j < K; j++) s += v[ov + j * sv] as number;
      for (let j = 0; j < K; j++) out[oo + j * so] = s / (K * K);
    },
  },
);

describe('predictLossReduction under the rank constraint d = K−1', () => {
  it.each([3, 5])('should find the minimizer on the face p = 0, q ≠ 0 (K = %i, bias-free)', (K) => {
    // Arrange: γ = √(nλ_Wλ_H) = 0.05, bias-free, d = K−1. z = p u + (q/K)1 has z̄ = q/K (u ⊥ 1), so
    // F(p, q) = ½(q/K − 1)² + γ((K−1)|p| + |q|): p = 0, and ∂F/∂q = (q/K − 1)/K + γ = 0 gives q = K(1 − Kγ) > 0
    // (Kγ < 1), f* = ½(Kγ)² + γK(1 − Kγ) = γK − ½(Kγ)².
    const gamma = 0.05;
    const inst = { K, d: K - 1, n: 1, lambdaW: gamma, lambdaH: gamma, bias: false };
    // Act
    const p = predictLossReduction(meanLogit, meanLogit.traits, inst);
    // Assert: Newton on a quadratic lands in one step up to the solver's 1e-14 diagonal regularisation and rounding:
    // 64ε relative on q (size ≤ 5) and f* (size ≤ 0.2) leaves a 10⁵-fold margin below any lost face (q = 0: f* = ½).
    expect(p.kind).toBe('3-parameter (C)(E)');
    expect(p.alpha).toBe(0);
    const q = K * (1 - K * gamma);
    expect(Math.abs(p.q - q)).toBeLessThanOrEqual(64 * EPS * q);
    const fStar = gamma * K - 0.5 * (K * gamma) ** 2;
    expect(Math.abs(p.fStar - fStar)).toBeLessThanOrEqual(64 * EPS * fStar);
    // Z̄ = (q/K)11ᵀ: β = (q − p)/K, every entry of W H̄ equal to q/K.
    expect(Math.abs(p.beta - q / K)).toBeLessThanOrEqual(64 * EPS);
    for (const v of p.WHbar.data) expect(Math.abs(v - q / K)).toBeLessThanOrEqual(64 * EPS);
    expect(p.threshold.zero).toBe(false);
  });
});
