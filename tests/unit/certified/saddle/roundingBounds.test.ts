/**
 * The rounding bounds of the constructed-saddle judgements (src/certified/saddle/saddle.ts module doc, u = 2⁻⁵³):
 * each one checked against a hand computation of its formula, so that loosening or tightening any factor (the
 * length m of the sums, the ‖θ‖² term, γ_dim, √dim) changes the figure and fails a test.
 */
import { describe, expect, it } from 'vitest';
import { gradRounding, hessianRounding, valueRounding } from '../../../../src/certified/saddle/index.ts';
import { ce } from '../../../../src/losses/index.ts';
import { parseUfmProblem, ufmLayout, ufmObjective } from '../../../../src/models/index.ts';

const U = 2 ** -53;

/** K = 3, d = 2, counts [1, 2, 3] (N = 6): dim = Kd + dN (+ K with bias). */
function problem(bias: boolean, lambdaW: number, lambdaH: number, lambdaB: number) {
  return parseUfmProblem({ loss: 'ce', K: 3, d: 2, counts: [1, 2, 3], lambdaW, lambdaH, lambdaB, bias });
}

describe('gradRounding (gradient at a closed-form point: √dim·(N + K + d + 8)·2u·max(1, max|θ|)²)', () => {
  it('should equal the hand-computed bound when the largest entry is a negative entry above 1', () => {
    // Arrange: no bias, dim = 3·2 + 2·6 = 18; max|θ| = 3 (a negative entry), so B = 9
    const layout = ufmLayout(problem(false, 0.01, 0.01, 0));
    const theta = new Float64Array(18).fill(0.5);
    theta[4] = -3;
    theta[11] = 2;
    // Act
    const r = gradRounding(layout, theta);
    // Assert: √18 · (6 + 3 + 2 + 8) · 2u · 9
    expect(r / (Math.sqrt(18) * 19 * 2 * U * 9)).toBeCloseTo(1, 12);
  });

  it('should use B = 1 when every entry is below 1 in magnitude', () => {
    // Arrange: with bias, dim = 6 + 12 + 3 = 21
    const layout = ufmLayout(problem(true, 0.01, 0.01, 0.01));
    const theta = new Float64Array(21).fill(-0.25);
    // Act
    const r = gradRounding(layout, theta);
    // Assert
    expect(r / (Math.sqrt(21) * 19 * 2 * U)).toBeCloseTo(1, 12);
  });
});

describe('valueRounding (f: m·2u·(|f| + ‖θ‖²·max λ + 1), m = KN + Kd + dN + K)', () => {
  // m = 3·6 + 3·2 + 2·6 + 3 = 39
  const M = 39;
  for (const c of [
    { which: 'λ_W', lambdaW: 0.3, lambdaH: 0.02, lambdaB: 0.01 },
    { which: 'λ_H', lambdaW: 0.02, lambdaH: 0.3, lambdaB: 0.01 },
    { which: 'λ_b', lambdaW: 0.02, lambdaH: 0.01, lambdaB: 0.3 },
  ]) {
    it(`should equal the hand-computed bound with ${c.which} the largest decay and a negative f`, () => {
      // Arrange: θ with ‖θ‖² = 21·(0.5)² + (−2)² − (0.5)² = 5 + 4 = 9 (entry 7 replaced by −2)
      const p = problem(true, c.lambdaW, c.lambdaH, c.lambdaB);
      const layout = ufmLayout(p);
      const theta = new Float64Array(layout.dim).fill(0.5);
      theta[7] = -2;
      // Act
      const r = valueRounding(layout, p, -1.5, theta);
      // Assert: 39 · 2u · (1.5 + 9 · 0.3 + 1)
      expect(r / (M * 2 * U * (1.5 + 9 * 0.3 + 1))).toBeCloseTo(1, 12);
    });
  }

  it('should keep the +1 floor at θ = 0 and f = 0', () => {
    // Arrange
    const p = problem(false, 0.1, 0.1, 0);
    const layout = ufmLayout(p);
    // Act
    const r = valueRounding(layout, p, 0, new Float64Array(layout.dim));
    // Assert
    expect(r / (M * 2 * U)).toBeCloseTo(1, 12);
  });

  it('should sit between one ulp of f and 1e-10·(|f| + 1) at an O(1) point (a bound, not a loose factor)', () => {
    // Arrange: f(θ) at a θ with O(1) entries (‖θ‖² ≈ 10, m = 39): the bound is m·2u·O(10), i.e. ~10³ ulps of f
    const p = problem(true, 0.05, 0.05, 0.05);
    const layout = ufmLayout(p);
    const f = ufmObjective(p, ce);
    const theta = new Float64Array(layout.dim);
    for (let i = 0; i < theta.length; i++) theta[i] = Math.sin(1.7 * i + 0.3);
    const g = new Float64Array(layout.dim);
    const v = f.valueAndGrad(theta, g);
    // Act
    const r = valueRounding(layout, p, v, theta);
    // Assert
    expect(r).toBeGreaterThan(2 * U * Math.abs(v));
    expect(r).toBeLessThan(1e-10 * (Math.abs(v) + 1));
  });
});

describe('hessianRounding (γ_dim·√dim·‖∇²f‖, γ_m = mu/(1 − mu))', () => {
  it('should equal the hand-computed bound for dim 10 and ‖∇²f‖ = 2', () => {
    // Act
    const r = hessianRounding(10, 2);
    // Assert
    expect(r / (((10 * U) / (1 - 10 * U)) * Math.sqrt(10) * 2)).toBeCloseTo(1, 12);
  });

  it('should use γ_m = mu/(1 − mu) itself, not its first-order part, when mu is not small', () => {
    // Arrange: dim = 2⁵⁰ → mu = 2⁵⁰·2⁻⁵³ = 1/8, γ = (1/8)/(7/8) = 1/7, √dim = 2²⁵
    // Act
    const r = hessianRounding(2 ** 50, 1);
    // Assert
    expect(r / (2 ** 25 / 7)).toBeCloseTo(1, 12);
  });

  it('should be exactly linear in the Hessian scale and vanish at scale 0', () => {
    // Act / Assert
    expect(hessianRounding(50, 0)).toBe(0);
    expect(hessianRounding(50, 8) / hessianRounding(50, 1)).toBeCloseTo(8, 12);
    // √dim · dim growth: dim 40 vs 10 → 4^{3/2} = 8 (up to the 1/(1 − mu) factor, 1 + O(1e-15))
    expect(hessianRounding(40, 1) / hessianRounding(10, 1)).toBeCloseTo(8, 12);
  });
});
