/**
 * The comparisons every plain-UFM claim is decided by (src/certified/ufm/compare.ts), on hand-made inputs whose errors
 * and tolerances are known in closed form:
 *   gram:    ‖F Fᵀ − P‖_F ≤ gramTolerance(‖F‖_F, δ) + 8K·u·‖P‖_F;
 *   duality: ‖H̄ − cWᵀ‖_F ≤ δ/√n_min + cδ + 4u(‖H̄‖_F + c‖W‖_F);
 *   bias:    ‖b (− mean(b)·1) − p‖ ≤ δ + 4K·u·‖b‖.
 * Added for the mutation run (issue 9 item 5).
 */
import { describe, expect, it } from 'vitest';
import { matOf } from '../../../../src/core/index.ts';
import { biasVerdict, dualityVerdict, frobenius, gramVerdict } from '../../../../src/certified/ufm/compare.ts';
import type { PointParts } from '../../../../src/certified/ufm/compare.ts';
import { gramTolerance } from '../../../../src/certified/ufm/tolerance.ts';

const U = 2 ** -53;

function expectRel(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));
}

describe('frobenius', () => {
  it('should return the Frobenius norm', () => {
    expect(frobenius(matOf(2, 2, new Float64Array([3, 0, 0, 4])))).toBe(5);
  });
});

describe('gramVerdict', () => {
  const F = matOf(2, 2, new Float64Array([1, 2, 0, 3])); // F Fᵀ = [[5, 6], [6, 9]], ‖F‖_F = √14
  const predicted = matOf(2, 2, new Float64Array([5, 6, 6, 9.001])); // error 0.001 in one entry, ‖P‖_F ≈ √178
  const tolOf = (delta: number) => gramTolerance(Math.sqrt(14), delta, 2, 2) + 8 * 2 * U * frobenius(predicted);

  it('should measure ‖F Fᵀ − predicted‖_F with the δ-derived tolerance plus the prediction rounding', () => {
    const v = gramVerdict('WWᵀ', F, predicted, 1e-3);
    expect(v.why).toContain('‖WWᵀ − predicted‖_F');
    expectRel(v.measured, 0.001);
    expect(v.predicted).toBe(0);
    expectRel(v.tolerance, tolOf(1e-3));
    expect(v.status).toBe('pass');
    expectRel(v.resolution?.['gram'] as number, (tolOf(1e-3) + 0.001) / frobenius(predicted));
  });

  it('should fail when δ is too small to cover the error', () => {
    // δ = 1e-4: 2√14·1e-4 ≈ 7.5e-4 < 1e-3.
    const v = gramVerdict('WWᵀ', F, predicted, 1e-4);
    expect(v.status).toBe('fail');
    expectRel(v.tolerance, tolOf(1e-4));
  });

  it('should count the rounding of the prediction: an exact match of a large prediction passes at δ = 0', () => {
    const v = gramVerdict('WWᵀ', F, matOf(2, 2, new Float64Array([5, 6, 6, 9])), 0);
    expect(v.measured).toBe(0);
    expect(v.status).toBe('pass');
    expect(v.tolerance).toBeGreaterThan(0);
  });
});

describe('dualityVerdict', () => {
  // W 2×2 (K = 2, d = 2), H̄ d×K; H̄ = c Wᵀ + E with E known.
  const W = matOf(2, 2, new Float64Array([1, 2, 3, 4]));
  const c = 0.5;
  const E = [0.001, 0, 0, -0.002]; // d×K row-major
  const Hbar = matOf(
    2,
    2,
    new Float64Array([
      c * 1 + (E[0] as number),
      c * 3 + (E[1] as number),
      c * 2 + (E[2] as number),
      c * 4 + (E[3] as number),
    ]),
  );
  const parts: PointParts = { W, H: Hbar, Hbar, b: new Float64Array(2), nMin: 4 };

  it('should measure ‖H̄ − cWᵀ‖_F with tolerance δ/√n_min + cδ + 4u(‖H̄‖ + c‖W‖)', () => {
    const delta = 1e-3;
    const v = dualityVerdict(parts, c, delta);
    expect(v.why).toContain('‖H̄ − 0.5000·Wᵀ‖_F');
    expectRel(v.measured, Math.hypot(0.001, 0.002));
    const tol = delta / Math.sqrt(4) + c * delta + 4 * U * (frobenius(Hbar) + c * frobenius(W));
    expectRel(v.tolerance, tol);
    expect(v.status).toBe('fail'); // √5·1e-3 ≈ 2.24e-3 > 1e-3
    expectRel(v.resolution?.['norm'] as number, (tol + v.measured) / (c * frobenius(W)));
  });

  it('should pass once δ covers the error', () => {
    // tol ≈ δ(1/√4 + ½) = δ: δ = 2e-3 is just short of √5·1e-3 ≈ 2.24e-3, δ = 2.3e-3 covers it.
    expect(dualityVerdict(parts, c, 2e-3).status).toBe('fail');
    expect(dualityVerdict(parts, c, 2.3e-3).status).toBe('pass');
  });
});

describe('biasVerdict', () => {
  it('should compare b with the prediction directly, with tolerance δ + 4K·u·‖b‖', () => {
    const b = new Float64Array([1, 2, 3]);
    const v = biasVerdict(b, new Float64Array([1, 2, 3.5]), 0.1, false);
    expectRel(v.measured, 0.5);
    expectRel(v.tolerance, 0.1 + 4 * 3 * U * Math.sqrt(14));
    expect(v.status).toBe('fail');
    expectRel(v.resolution?.['bias'] as number, (v.tolerance + 0.5) / Math.hypot(1, 2, 3.5));
  });

  it('should allow only the rounding 4K·u·‖b‖ at δ = 0, and say which comparison it made', () => {
    const b = new Float64Array([1, 2, 3]);
    const v = biasVerdict(b, new Float64Array([1, 2, 3]), 0, false);
    expectRel(v.tolerance, 4 * 3 * U * Math.sqrt(14));
    expect(v.why).toContain('‖b − predicted‖');
    expect(biasVerdict(b, new Float64Array([-1, 0, 1]), 0, true).why).toContain('‖b − mean(b)·1 − predicted‖');
  });

  it('should remove mean(b)·1 first when comparing modulo the ones vector', () => {
    const b = new Float64Array([1, 2, 6]); // mean 3 → b − 3·1 = (−2, −1, 3)
    const v = biasVerdict(b, new Float64Array([-2, -1, 3]), 1e-12, true);
    expect(v.measured).toBe(0);
    expect(v.status).toBe('pass');
    expect(biasVerdict(b, new Float64Array([-2, -1, 3]), 1e-12, false).measured).toBeCloseTo(Math.hypot(3, 3, 3), 12);
  });
});
