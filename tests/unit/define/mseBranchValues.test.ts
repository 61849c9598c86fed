/**
 * The MSE branch formulas of src/define/mseBranches.ts (THEORY.md §2.1–2.3) at hand-computed values on branches the
 * theory would NOT pick (what the threshold controls need: forced Case B, forced zero branch), their labels, the
 * balanced-classes precondition, and the ‖W H̄ − predicted‖ comparison with its product tolerance.
 *
 * Instance: K = 2, n = 2, λ_W = 0.1, λ_H = 0.2 ⇒ κ = K√(nλ_Wλ_H) = 2·√0.04 = 0.4, α = √(nλ_H/λ_W) = 2,
 * frac = 1/2, non-zero branch s = 1 − κ = 0.6, φ = κ − κ²/2 = 0.32.
 */
import { describe, expect, it } from 'vitest';
import { matOf } from '../../../src/core/index.ts';
import type { Mat } from '../../../src/core/index.ts';
import { frobenius, productTolerance } from '../../../src/certified/index.ts';
import type { PointParts } from '../../../src/certified/index.ts';
import type { UfmProblem } from '../../../src/models/index.ts';
import { kappaAlpha, mseBranch, pIplusJ, whbarVerdict } from '../../../src/define/index.ts';

const base: UfmProblem = {
  loss: 'mse',
  K: 2,
  d: 2,
  counts: [2, 2],
  lambdaW: 0.1,
  lambdaH: 0.2,
  lambdaB: 0,
  bias: false,
};

/** Entries of a 2×2 matrix p(I − J) + qJ: diagonal p + (q − p)/2, off-diagonal (q − p)/2. */
function twoByTwo(p: number, q: number): number[] {
  const off = (q - p) / 2;
  return [p + off, off, off, p + off];
}

function close(M: Mat, expected: number[]): void {
  expect(M.rows * M.cols).toBe(expected.length);
  expected.forEach((e, i) => expect(M.data[i]).toBeCloseTo(e, 14));
}

describe('pIplusJ and kappaAlpha', () => {
  it('should build p(I − J) + qJ', () => {
    // K = 3, p = 2, q = 5: diagonal 2 + 3/3 = 3, off-diagonal 1
    close(pIplusJ(3, 2, 5), [3, 1, 1, 1, 3, 1, 1, 1, 3]);
  });

  it('should give κ, α and n of a balanced problem, and refuse unbalanced classes', () => {
    const { kappa, alpha, n } = kappaAlpha(base);
    expect(kappa).toBeCloseTo(0.4, 15);
    expect(alpha).toBeCloseTo(2, 15);
    expect(n).toBe(2);
    expect(() => kappaAlpha({ ...base, counts: [2, 3] })).toThrow(
      new RangeError('the MSE closed forms need balanced classes'),
    );
  });
});

describe('mseBranch on a chosen branch', () => {
  it('should give the bias-free non-zero and zero branches (§2.1)', () => {
    const nz = mseBranch(base, false);
    expect(nz.label).toBe('non-zero');
    close(nz.WHbar, [0.6, 0, 0, 0.6]);
    close(nz.gramW, [1.2, 0, 0, 1.2]);
    close(nz.gramHbar, [0.3, 0, 0, 0.3]);
    expect(nz.fStar).toBeCloseTo(0.32, 15);
    expect(nz.bias).toBeUndefined();
    const z = mseBranch(base, true);
    expect(z.label).toBe('zero');
    expect(Array.from(z.gramW.data)).toEqual([0, 0, 0, 0]);
    expect(z.fStar).toBe(0.5);
  });

  it('should give the free-bias branch with b = 1/K and f* = frac·φ (§2.2)', () => {
    const fb = mseBranch({ ...base, bias: true }, false);
    expect(fb.label).toBe('non-zero');
    close(fb.WHbar, twoByTwo(0.6, 0));
    close(fb.gramW, twoByTwo(1.2, 0));
    close(fb.gramHbar, twoByTwo(0.3, 0));
    expect(Array.from(fb.bias ?? [])).toEqual([0.5, 0.5]);
    expect(fb.fStar).toBeCloseTo(0.16, 15);
    expect(mseBranch({ ...base, bias: true }, true).fStar).toBe(0.25);
  });

  it('should give Case A and a forced Case B of §2.3 at λ_b = 2', () => {
    // Arrange
    const p: UfmProblem = { ...base, bias: true, lambdaB: 2 };
    // Act
    const a = mseBranch(p, false);
    const b = mseBranch(p, false, true);
    const bz = mseBranch(p, true, true);
    // Assert: Case A c = 0, β = 1/(K(1+λ_b)) = 1/6, f* = 0.16 + λ_b/(2K(1+λ_b)) = 0.16 + 1/6
    expect(a.label).toBe('Case A, non-zero');
    close(a.WHbar, twoByTwo(0.6, 0));
    expect(a.bias?.[0]).toBeCloseTo(1 / 6, 15);
    expect(a.fStar).toBeCloseTo(0.16 + 1 / 6, 15);
    // Case B: c = 1 − κ(1 + 1/λ_b) = 0.4, β = κ/(Kλ_b) = 0.1, f* = 0.16 + (κ − κ²/2 − κ²/(2λ_b))/K = 0.16 + 0.14
    expect(b.label).toBe('Case B, non-zero');
    close(b.WHbar, twoByTwo(0.6, 0.4));
    close(b.gramW, twoByTwo(1.2, 0.8));
    close(b.gramHbar, twoByTwo(0.3, 0.2));
    expect(Array.from(b.bias ?? []).map((x) => x.toFixed(12))).toEqual(['0.100000000000', '0.100000000000']);
    expect(b.fStar).toBeCloseTo(0.3, 15);
    // Case B on the zero branch: s = 0, φ = 1/2 ⇒ f* = 1/4 + 0.14, W H̄ = cJ
    expect(bz.label).toBe('Case B, zero');
    close(bz.WHbar, twoByTwo(0, 0.4));
    expect(bz.fStar).toBeCloseTo(0.25 + 0.14, 15);
  });
});

describe('whbarVerdict', () => {
  it('should measure ‖W H̄ − predicted‖_F against the product tolerance at max(δ, δ/√n_min)', () => {
    // Arrange: W = I, H̄ = 0.5 I, so W H̄ = 0.5 I; the prediction is off by 0.1 in one entry
    const W = matOf(2, 2, Float64Array.of(1, 0, 0, 1));
    const Hbar = matOf(2, 2, Float64Array.of(0.5, 0, 0, 0.5));
    const parts = { W, Hbar, H: Hbar, b: new Float64Array(2), nMin: 4 } as PointParts;
    const predicted = matOf(2, 2, Float64Array.of(0.6, 0, 0, 0.5));
    // Act
    const v = whbarVerdict(parts, predicted, 1e-3, 'Case X');
    const exact = whbarVerdict(parts, matOf(2, 2, Float64Array.of(0.5, 0, 0, 0.5)), 1e-3, 'Case X');
    // Assert
    const tol = productTolerance(Math.SQRT2, Math.SQRT1_2, 1e-3, 2, 2);
    expect(v.measured).toBeCloseTo(0.1, 14);
    expect(v.tolerance).toBe(tol);
    expect(v.status).toBe('fail');
    expect(v.why).toMatch(/^‖W H̄ − predicted‖_F \(Case X\)/);
    expect(v.resolution?.['gram']).toBeCloseTo((tol + v.measured) / frobenius(predicted), 14);
    expect(exact.status).toBe('pass');
    expect(exact.measured).toBe(0);
  });
});
