/**
 * What globalLowerBound and rankCaveat report (src/certify/global.ts; THEORY.md §0.3, §7.1): the relaxed value
 * L(Z + b1ᵀ) + μ‖Z‖_* + (λ_b/2)‖b‖² at the given point (the decay term included), the notes on the free-bias
 * projection and the CE mixing (only when they happened, joined by '; '), the argument check on a negative λ, and the
 * rank caveat at d equal to the relaxation's rank.
 */
import { describe, expect, it } from 'vitest';
import { globalLowerBound, rankCaveat, solveConvexRelaxation } from '../../../src/certify/index.ts';
import { ce, mse } from '../../../src/losses/index.ts';
import type { UfmProblem } from '../../../src/models/index.ts';
import { ufmLayout } from '../../../src/models/index.ts';

const EPS = Number.EPSILON;

describe('globalLowerBound reporting', () => {
  it('should include (λ_b/2)‖b‖² in the relaxed value with a decaying bias', () => {
    // Arrange: K = 2, one sample per class, W = H = 0 (Z = 0), b = (1, −1), λ_b = 0.1. Logits A = b1ᵀ: CE gives
    // log(1 + e⁻²) for sample 0 (label 0) and log(1 + e²) for sample 1 (label 1); μ‖Z‖_* = 0; (λ_b/2)‖b‖² = 0.1.
    const p: UfmProblem = {
      loss: 'ce',
      K: 2,
      d: 2,
      counts: [1, 1],
      lambdaW: 1e-2,
      lambdaH: 1e-2,
      lambdaB: 0.1,
      bias: true,
    };
    const layout = ufmLayout(p);
    const theta = new Float64Array(layout.dim);
    layout.unpack(theta).b.set([1, -1]);
    // Act
    const g = globalLowerBound(p, ce, theta);
    // Assert: a few roundings of O(1) terms.
    const want = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(2))) / 2 + 0.1;
    expect(Math.abs(g.relaxedValue - want)).toBeLessThanOrEqual(16 * EPS * want);
  });

  it('should add no note for a free bias whose gradient is exactly 0', () => {
    // Arrange: K = 2, balanced, θ = 0: every p = (½, ½), so Σ_j (p − e_{y_j}) = 0 exactly; q = p ≥ 0 (no mixing).
    const p: UfmProblem = {
      loss: 'ce',
      K: 2,
      d: 2,
      counts: [2, 2],
      lambdaW: 1e-2,
      lambdaH: 1e-2,
      lambdaB: 0,
      bias: true,
    };
    // Act
    const g = globalLowerBound(p, ce, new Float64Array(ufmLayout(p).dim));
    // Assert
    expect(g.supported).toBe(true);
    expect(g.why).toBe('');
  });

  it('should report the projection and the mixing together, joined by "; "', () => {
    // Arrange: K = 2, counts (2, 1), W = I, H's columns (10, −10), (−10, 10), (−10, 10), b = 0: sample 1 (label 0)
    // predicts class 1, so the bias gradient Σ(p − e_y) ≈ (−1, 1) ≠ 0 and the projected q of sample 0 leaves the
    // simplex (as in globalBranches.test.ts's second mixing case, mix ≈ ½).
    const p: UfmProblem = {
      loss: 'ce',
      K: 2,
      d: 2,
      counts: [2, 1],
      lambdaW: 1e-2,
      lambdaH: 1e-2,
      lambdaB: 0,
      bias: true,
    };
    const layout = ufmLayout(p);
    const theta = new Float64Array(layout.dim);
    const { W, H } = layout.unpack(theta);
    W.data.set([1, 0, 0, 1]);
    H.data.set([10, -10, -10, -10, 10, 10]);
    // Act
    const g = globalLowerBound(p, ce, theta);
    // Assert
    expect(g.why).toMatch(
      /^free bias: projected G1 \(‖G1‖ = \S+\) to 0; mixed \S+ of the interior CE point to keep q ≥ 0$/,
    );
  });

  it('should reject a negative λ with a message naming it, before the relaxation reads √(λ_Wλ_H)', () => {
    // Arrange: λ_W < 0 would make μ = √(λ_Wλ_H) NaN, which the solver would call "unsupported" instead of an error.
    const p: UfmProblem = {
      loss: 'mse',
      K: 2,
      d: 2,
      counts: [1, 1],
      lambdaW: -1e-2,
      lambdaH: 1e-2,
      lambdaB: 0,
      bias: true,
    };
    // Act / Assert
    expect(() => solveConvexRelaxation(p, mse)).toThrow('lambdaW must be a finite number ≥ 0; got -0.01');
  });
});

describe('rankCaveat at d equal to the relaxation rank', () => {
  it('should not flag MSE with a free bias at d = K−1, the rank of its ETF optimum', () => {
    // Arrange: MSE is not shift-invariant, so the possible rank is K = 4; with a free bias the relaxation's optimum is
    // the centred frame of rank K−1 = 3 = d (THEORY.md §1.1, Tirer & Bruna with bias).
    const p: UfmProblem = {
      loss: 'mse',
      K: 4,
      d: 3,
      counts: [2, 2, 2, 2],
      lambdaW: 1e-3,
      lambdaH: 1e-3,
      lambdaB: 0,
      bias: true,
    };
    // Act
    const r = rankCaveat(p, mse);
    // Assert
    expect(r.maxRank).toBe(4);
    expect(r.relaxationRank).toBe(3);
    expect(r.relaxationIgnoresRank).toBe(false);
    expect(r.note).toBe('');
  });
});
