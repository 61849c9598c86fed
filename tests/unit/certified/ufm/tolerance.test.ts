/**
 * The certificate-derived tolerances of src/certified/ufm/tolerance.ts, pinned to the closed forms of its module doc
 * (issue 3 "Tolerances"; Higham, Accuracy and Stability, Thm 3.4/3.5; Ortega & Rheinboldt 12.6.2), and checked to
 * bound what they claim to bound. Written for the mutation run (issue 9 item 5): before it, every operator of these
 * formulas could be flipped without a test noticing (a loosened tolerance still lets true claims pass).
 *
 * The inputs are chosen so that every term of a formula has a different size (no two terms equal, no term zero
 * unless the test is about that term), so a changed operator or dropped term changes the result by far more than
 * the 1e-12 relative comparison allows. Expected values are the module doc's formulas written out here, term by term.
 */
import { describe, expect, it } from 'vitest';
import {
  distanceBound,
  gradientRoundingBound,
  gramTolerance,
  hessianLipschitzBound,
  kantorovich,
  pointValueTolerance,
  productTolerance,
  valueTolerance,
} from '../../../../src/certified/ufm/tolerance.ts';
import type { PointNorms } from '../../../../src/certified/ufm/tolerance.ts';
import { parseUfmProblem } from '../../../../src/models/index.ts';

const U = 2 ** -53;

/** a ≈ b to 1e-12 relative: well below any term of the formulas tested here (the smallest is ≥ 1e-6 of the total). */
function expectRel(actual: number | undefined, expected: number): void {
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));
}

describe('distanceBound (δ = 2ε/μ)', () => {
  it('should return twice the gradient norm over the curvature', () => {
    expect(distanceBound(3e-9, 0.25)).toEqual({ gradNorm: 3e-9, mu: 0.25, delta: 2.4e-8 });
  });

  it('should return an infinite bound when the curvature is zero or negative, even at a zero gradient', () => {
    expect(distanceBound(0, 0).delta).toBe(Number.POSITIVE_INFINITY);
    expect(distanceBound(1e-9, -1e-3).delta).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('kantorovich (h = ρε/μ² ≤ ½)', () => {
  it('should compute h = ρ·ε/μ²', () => {
    const c = kantorovich(1e-10, 0.01, 7);
    expectRel(c.h, (7 * 1e-10) / (0.01 * 0.01));
    expect(c.rho).toBe(7);
    expect(c.ok).toBe(true);
  });

  it('should accept h exactly ½ and reject h just above it', () => {
    // ρ = 2, μ = 1: h = 2ε, so ε = ¼ gives h = ½ exactly (all powers of two, no rounding).
    expect(kantorovich(0.25, 1, 2)).toEqual({ h: 0.5, ok: true, rho: 2 });
    expect(kantorovich(0.25 * (1 + 2 ** -40), 1, 2).ok).toBe(false);
  });

  it('should fail with an infinite h when the curvature is zero or negative, even at a zero gradient', () => {
    expect(kantorovich(0, 0, 3)).toEqual({ h: Number.POSITIVE_INFINITY, ok: false, rho: 3 });
    expect(kantorovich(1e-12, -1, 3).ok).toBe(false);
  });
});

describe('gramTolerance (2‖W‖δ + δ² + K(d+2)u‖W‖²)', () => {
  it('should add the first-order, second-order and rounding terms', () => {
    const norm = 3,
      delta = 1e-5,
      K = 4,
      d = 7;
    expectRel(gramTolerance(norm, delta, K, d), 2 * norm * delta + delta * delta + K * (d + 2) * U * norm * norm);
  });

  it('should reduce to the rounding term K(d+2)u‖W‖² at δ = 0', () => {
    expectRel(gramTolerance(5, 0, 6, 3), 6 * 5 * U * 25);
  });

  it('should reduce to δ² at ‖W‖ = 0', () => {
    expectRel(gramTolerance(0, 0.5, 6, 3), 0.25);
  });

  it('should bound the Frobenius change of the Gram W Wᵀ when W moves by δ, tightly for a rank-one W', () => {
    // W = u vᵀ (rank one) and ΔW = t·W with t = δ/‖W‖_F: (W+ΔW)(W+ΔW)ᵀ − WWᵀ = (2t + t²)WWᵀ, and for rank one
    // ‖WWᵀ‖_F = ‖W‖_F², so the change is exactly 2‖W‖δ + δ² — the tolerance's first two terms; it adds rounding only.
    const W = [
      [1, 2],
      [2, 4],
      [-1, -2],
    ];
    const normW = Math.hypot(...W.flat());
    const delta = 1e-3;
    const t = delta / normW;
    let sq = 0;
    for (const wi of W) {
      for (const wj of W) {
        const g0 = (wi[0] as number) * (wj[0] as number) + (wi[1] as number) * (wj[1] as number);
        sq += ((1 + t) ** 2 * g0 - g0) ** 2;
      }
    }
    const gramChange = Math.sqrt(sq);
    expect(gramTolerance(normW, delta, 3, 2)).toBeGreaterThanOrEqual(gramChange);
    expect(gramTolerance(normW, delta, 3, 2) - gramChange).toBeLessThan(1e-12);
  });
});

describe('productTolerance ((a+b)δ + δ² + K(d+2)u·ab)', () => {
  it('should add the first-order, second-order and rounding terms', () => {
    const a = 2,
      b = 9,
      delta = 1e-4,
      K = 5,
      d = 3;
    expectRel(productTolerance(a, b, delta, K, d), (a + b) * delta + delta * delta + K * (d + 2) * U * a * b);
  });

  it('should reduce to the rounding term at δ = 0 and to δ² when both factors vanish', () => {
    expectRel(productTolerance(2, 9, 0, 5, 3), 5 * 5 * U * 18);
    expectRel(productTolerance(0, 0, 0.5, 5, 3), 0.25);
  });
});

describe('valueTolerance (ε²/(2μ) + εδ + m·u·(|f| + ‖θ‖²·max λ + 1))', () => {
  it('should add the quadratic-growth, first-order and rounding terms', () => {
    // μ = 0.25 (not ½: with 2μ = 1, ε²/(2μ) and ε²·(2μ) coincide).
    const value = -2.5,
      eps = 1e-6,
      mu = 0.25,
      terms = 40,
      thetaSq = 11,
      maxLambda = 0.3;
    const delta = (2 * eps) / mu;
    const expected = (eps * eps) / (2 * mu) + eps * delta + terms * U * (Math.abs(value) + thetaSq * maxLambda + 1);
    expectRel(valueTolerance(value, eps, mu, terms, thetaSq, maxLambda), expected);
  });

  it('should reduce to m·u at a zero gradient, value and point', () => {
    expectRel(valueTolerance(0, 0, 1, 40, 0, 0.3), 40 * U);
  });

  it('should be infinite when the curvature is zero or negative', () => {
    expect(valueTolerance(1, 0, 0, 10, 1, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(valueTolerance(1, 1e-9, -1, 10, 1, 1)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('pointValueTolerance', () => {
  it('should count m = K·N + K·d + d·N + K terms and bound Σ|terms| with ‖θ‖² and the largest λ', () => {
    // K = 3, d = 2, counts (2, 1, 4) → N = 7, m = 21 + 6 + 14 + 3 = 44. λ_b is the largest λ, so max(λ) must read it.
    const p = parseUfmProblem({
      loss: 'mse',
      K: 3,
      d: 2,
      counts: [2, 1, 4],
      lambdaW: 0.01,
      lambdaH: 0.02,
      lambdaB: 0.5,
      bias: true,
    });
    const theta = new Float64Array([1, -2, 2]); // ‖θ‖² = 9 (only the norm enters)
    const value = 0.75,
      eps = 0,
      mu = 1;
    expectRel(pointValueTolerance(p, theta, value, eps, mu), 44 * U * (0.75 + 9 * 0.5 + 1));
  });
});

describe('hessianLipschitzBound (ρ ≤ (ℓ₃ s S² + 3ℓ₂ S)/N)', () => {
  const x: PointNorms = {
    K: 4,
    d: 3,
    N: 8,
    hasBias: true,
    lambdaW: 0.1,
    lambdaH: 0.2,
    lambdaB: 0.3,
    normW: 1.5,
    normH: 2.5,
    maxColH: 0.7,
    normB: 0.4,
    normG: 0.05,
  };
  const r = 0.1;

  it('should use ℓ₂ = ½, ℓ₃ = 1 for cross-entropy', () => {
    const S = Math.sqrt((1.5 + r) ** 2 + (2.5 + r) ** 2 + 8);
    const s = Math.sqrt((0.7 + r) ** 2 + (1.5 + r) ** 2 + 1);
    expectRel(hessianLipschitzBound('ce', x, r), (1 * s * S * S + 3 * 0.5 * S) / 8);
  });

  it('should use ℓ₂ = 1, ℓ₃ = 0 for MSE, and drop the bias terms without a bias', () => {
    const noBias = { ...x, hasBias: false };
    const S = Math.sqrt((1.5 + r) ** 2 + (2.5 + r) ** 2);
    expectRel(hessianLipschitzBound('mse', noBias, r), (3 * S) / 8);
    const sNoBias = Math.sqrt((0.7 + r) ** 2 + (1.5 + r) ** 2);
    expectRel(hessianLipschitzBound('ce', noBias, r), (sNoBias * S * S + 1.5 * S) / 8);
  });

  it('should have no bound for a loss without known derivative constants', () => {
    expect(hessianLipschitzBound('focal', x, r)).toBeUndefined();
  });
});

describe('gradientRoundingBound (Higham Thm 3.5 through Z, G and the three gradient blocks)', () => {
  const x: PointNorms = {
    K: 4,
    d: 3,
    N: 8,
    hasBias: true,
    lambdaW: 0.1,
    lambdaH: 0.2,
    lambdaB: 0.3,
    normW: 1.5,
    normH: 2.5,
    maxColH: 0.7,
    normB: 0.4,
    normG: 0.05,
  };
  const gradNorm = 1e-3;

  /** The module doc's bound, block by block. */
  function expected(p: PointNorms, eps: number): number {
    const g = 1.01 * U;
    const b = p.hasBias ? 1 : 0;
    const dZ = (p.d + 2) * g * (p.normW * p.normH + b * Math.sqrt(p.N) * p.normB);
    const dG = dZ / p.N + (p.K + 6) * g * (p.normG + Math.sqrt(p.N) / p.N);
    const eW = (p.N + 2) * g * p.normG * p.normH + dG * p.normH + 2 * g * p.lambdaW * p.normW;
    const eH = (p.K + 2) * g * p.normW * p.normG + p.normW * dG + 2 * g * p.lambdaH * p.normH;
    const eB = b * ((p.N + 2) * g * Math.sqrt(p.N) * p.normG + Math.sqrt(p.N) * dG + 2 * g * p.lambdaB * p.normB);
    const dim = p.K * p.d + p.d * p.N + b * p.K;
    return eW + eH + eB + (dim + 1) * g * eps;
  }

  it('should add the W, H and b block bounds and the (dim+1)u relative error of the norm', () => {
    expectRel(gradientRoundingBound(x, gradNorm), expected(x, gradNorm));
  });

  it('should leave out the bias block, the bias part of ΔZ and the bias coordinates without a bias', () => {
    const noBias = { ...x, hasBias: false };
    expectRel(gradientRoundingBound(noBias, gradNorm), expected(noBias, gradNorm));
    expect(gradientRoundingBound(noBias, gradNorm)).toBeLessThan(gradientRoundingBound(x, gradNorm));
  });

  it('should grow with every norm and λ it depends on', () => {
    const base = gradientRoundingBound(x, gradNorm);
    for (const key of ['normW', 'normH', 'normB', 'normG', 'lambdaW', 'lambdaH', 'lambdaB'] as const) {
      expect(gradientRoundingBound({ ...x, [key]: x[key] * 2 }, gradNorm), key).toBeGreaterThan(base);
    }
    expect(gradientRoundingBound(x, gradNorm * 2)).toBeGreaterThan(base);
  });
});
