/**
 * Zhu et al. 2021 Thm 3.1/3.2 (THEORY.md §1.1, §1.2): the branches and boundaries of the closed forms that
 * zhu2021.test.ts does not pin — the threshold exactly at κ = 1, the predicted Grams entry by entry, the bias modes,
 * d = K−1 against d = K−2, the validation of every field, and the landscape tools against THEORY.md §9's worked
 * curvatures and an independent 2×2 eigenvalue. Written to kill the survivors of `npm run mutation` on
 * src/theory/zhu2021.ts (issue 9 item 5).
 *
 * Tolerances. Closed forms are a few floating-point operations (≤ 8 roundings) on inputs of size ≤ 1, so agreement
 * with an independent evaluation is judged to 16ε relative; THEORY.md §9 prints 11 significant digits, judged to
 * half a unit of the last printed digit.
 */
import { describe, it, expect } from 'vitest';
import type { Mat } from '../../../src/core/index.ts';
import { zeros } from '../../../src/core/index.ts';
import {
  ZHU2021_THM31_CITE,
  ZHU2021_THM32_CITE,
  predictCeGlobalMin,
  realizeCeGlobalMin,
  ceCollapseFamilyValue,
  kappaOf,
  gammaOf,
  isKktGlobal,
  kktBound,
  escapeCurvature,
  balancedEscapeCurvature,
} from '../../../src/theory/index.ts';

const EPS = Number.EPSILON;

function expectRel(actual: number, expected: number, rel = 16 * EPS): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

/** A K×K matrix with `diag` on the diagonal and `off` elsewhere, to `rel` relative to max(|diag|, |off|, 1). */
function expectDiagOff(M: Mat, K: number, diag: number, off: number, rel = 16 * EPS): void {
  expect(M.rows).toBe(K);
  expect(M.cols).toBe(K);
  const scale = Math.max(1, Math.abs(diag), Math.abs(off));
  for (let i = 0; i < K; i++)
    for (let j = 0; j < K; j++)
      expect(Math.abs((M.data[i * K + j] as number) - (i === j ? diag : off))).toBeLessThanOrEqual(rel * scale);
}

/** A·Bᵀ for row-major A (r×c), B (s×c). */
function mulABt(A: Mat, B: Mat): Mat {
  const C = zeros(A.rows, B.rows);
  for (let i = 0; i < A.rows; i++)
    for (let j = 0; j < B.rows; j++) {
      let t = 0;
      for (let k = 0; k < A.cols; k++) t += (A.data[i * A.cols + k] as number) * (B.data[j * B.cols + k] as number);
      C.data[i * B.rows + j] = t;
    }
  return C;
}

// K = 4, n = 3, λ_W = 1e-2, λ_H = 2e-2: γ = √(6e-4), κ = 4γ ≈ 0.098, c = √(λ_W/(nλ_H)) = √(1/6).
const I4 = { K: 4, n: 3, lambdaW: 1e-2, lambdaH: 2e-2 };

describe('predictCeGlobalMin: scalars and Grams (THEORY.md §1.1)', () => {
  it('should give γ = √(nλ_Wλ_H), κ = Kγ, c = √(λ_W/(nλ_H)), ρ_h = c²ρ_w and t* = log(1/γ − (K−1))', () => {
    // Act
    const p = predictCeGlobalMin(I4);
    // Assert: independent evaluations of the §1.1 formulas.
    const gamma = Math.sqrt(6e-4);
    expectRel(p.gamma, gamma);
    expectRel(p.kappa, 4 * gamma);
    expectRel(p.c, Math.sqrt(1 / 6));
    expectRel(p.tStar, Math.log(1 / gamma - 3));
    expectRel(p.rhoW, 0.75 * Math.sqrt(6) * Math.log(1 / gamma - 3));
    expectRel(p.rhoH, p.rhoW / 6);
    expectRel(p.fStar, -Math.log(1 - 3 * gamma) + 3 * gamma * Math.log(1 / gamma - 3));
    expect(p.K).toBe(4);
    expect(p.n).toBe(3);
    expect(p.zero).toBe(false);
  });

  it('should predict W Wᵀ = ρ_w E_K, H̄ᵀH̄ = ρ_h E_K and W H̄ = t*(I − J), matching the realised point', () => {
    // Arrange: E_K has 1 on the diagonal and −1/(K−1) off it; t*(I − J) has t*(K−1)/K and −t*/K.
    const p = predictCeGlobalMin({ ...I4, d: 3 });
    // Assert
    expectDiagOff(p.gramW, 4, p.rhoW, -p.rhoW / 3);
    expectDiagOff(p.gramHbar, 4, p.rhoH, -p.rhoH / 3);
    expectDiagOff(p.WHbar, 4, (p.tStar * 3) / 4, -p.tStar / 4);
    // The realised point (d = K−1 and d = K+2) has these Grams: W Wᵀ, and W h̄_k with h̄_k = first sample of class k.
    for (const d of [3, 6]) {
      const { W, H } = realizeCeGlobalMin(p, d);
      expectDiagOff(mulABt(W, W), 4, p.rhoW, -p.rhoW / 3, 64 * EPS);
      const N = 12;
      const Hbar = zeros(4, d); // rows = h̄_kᵀ
      for (let k = 0; k < 4; k++) for (let r = 0; r < d; r++) Hbar.data[k * d + r] = H.data[r * N + k * 3] as number;
      expectDiagOff(mulABt(W, Hbar), 4, (p.tStar * 3) / 4, -p.tStar / 4, 64 * EPS);
      expectDiagOff(mulABt(Hbar, Hbar), 4, p.rhoH, -p.rhoH / 3, 64 * EPS);
    }
  });

  it('should switch to the zero minimiser exactly at κ = 1, with zero Grams, t* = 0 and f* = log K', () => {
    // Arrange: K = 5, n = 1, λ_W = λ_H = 0.2 gives κ = 5·√0.04 = 1 exactly in floating point (checked).
    const inst = { K: 5, n: 1, lambdaW: 0.2, lambdaH: 0.2 };
    expect(kappaOf(5, 1, 0.2, 0.2)).toBe(1);
    // Act
    const p = predictCeGlobalMin(inst);
    const below = predictCeGlobalMin({ ...inst, lambdaW: 0.2 * (1 - 1e-9) });
    // Assert
    expect(p.zero).toBe(true);
    expect(p.tStar).toBe(0);
    expect(p.fStar).toBe(Math.log(5));
    for (const G of [p.gramW, p.gramHbar, p.WHbar]) expectDiagOff(G, 5, 0, 0, 0);
    expect(below.zero).toBe(false);
    expect(below.tStar).toBeGreaterThan(0);
  });

  it('should state the bias per mode and realise b = 0 in both bias modes, none without bias', () => {
    // bias defaults to true and λ_b to 0 (span(1)); bias: false ignores λ_b.
    expect(predictCeGlobalMin(I4).bias).toBe('span-one');
    expect(predictCeGlobalMin({ ...I4, bias: true }).bias).toBe('span-one');
    expect(predictCeGlobalMin({ ...I4, bias: false, lambdaB: 1 }).bias).toBe('absent');
    expect(predictCeGlobalMin({ ...I4, bias: true, lambdaB: 1e-9 }).bias).toBe('zero');
    for (const lambdaB of [0, 0.5]) {
      const { b } = realizeCeGlobalMin(predictCeGlobalMin({ ...I4, lambdaB }), 4);
      expect(b).toBeInstanceOf(Float64Array);
      expect(Array.from(b ?? [])).toEqual([0, 0, 0, 0]);
    }
  });

  it('should accept d = K−1 and refuse d = K−2 or a non-integer d, naming the hypothesis', () => {
    expect(() => predictCeGlobalMin({ ...I4, d: 3 })).not.toThrow();
    expect(() => predictCeGlobalMin({ ...I4, d: 2 })).toThrow(/^d must be an integer ≥ 3 \(Thm 3\.1 needs d ≥ K−1\)/);
    expect(() => predictCeGlobalMin({ ...I4, d: 3.5 })).toThrow(/^d must/);
    const p = predictCeGlobalMin(I4);
    expect(realizeCeGlobalMin(p, 3).W.cols).toBe(3);
    expect(() => realizeCeGlobalMin(p, 2)).toThrow(/^d must be an integer ≥ 3 \(a simplex ETF needs d ≥ K−1\)/);
  });

  it('should validate K, n and the λ’s at their boundaries', () => {
    // K = 2 and n = 1 are the smallest valid values; infinite λ's are refused (not only NaN and ≤ 0).
    expect(predictCeGlobalMin({ K: 2, n: 1, lambdaW: 0.1, lambdaH: 0.1 }).kappa).toBeCloseTo(0.2, 15);
    expect(() => predictCeGlobalMin({ ...I4, K: 2.5 })).toThrow(/^K must be an integer ≥ 2; got 2\.5/);
    expect(() => predictCeGlobalMin({ ...I4, n: 0 })).toThrow(/^n must be an integer ≥ 1; got 0/);
    expect(() => predictCeGlobalMin({ ...I4, lambdaW: Infinity })).toThrow(/^lambdaW must be a finite number > 0/);
    expect(() => predictCeGlobalMin({ ...I4, lambdaH: Infinity })).toThrow(/^lambdaH must/);
    expect(() => predictCeGlobalMin({ ...I4, lambdaB: Infinity })).toThrow(/^lambdaB must be a finite number ≥ 0/);
    expect(() => gammaOf(4, 3, 1e-2, -1e-300)).toThrow(/^lambdaH must/);
  });

  it('should cite Thm 3.1 and Thm 3.2', () => {
    expect(predictCeGlobalMin(I4).cite).toBe(ZHU2021_THM31_CITE);
    expect(ZHU2021_THM31_CITE).toMatch(/^Zhu et al\. 2021 .*Thm 3\.1/);
    expect(ZHU2021_THM32_CITE).toMatch(/^Zhu et al\. 2021 .*Thm 3\.2/);
  });
});

describe('ceCollapseFamilyValue (THEORY.md §1.1 item 4)', () => {
  it('should equal log K at t = 0 and log(1 + (K−1)e^{−t}) + (K−1)γt elsewhere', () => {
    // t = 0: log(1 + (K−1)) = log K. t = log 2, K = 3, γ = 0.1: log 2 + 0.2·log 2.
    expectRel(ceCollapseFamilyValue(0, 7, 0.3), Math.log(7));
    expectRel(ceCollapseFamilyValue(Math.LN2, 3, 0.1), 1.2 * Math.LN2);
  });

  it('should refuse K < 2, γ ≤ 0 and t < 0, naming the field', () => {
    expect(() => ceCollapseFamilyValue(0, 1, 0.1)).toThrow(/^K must/);
    expect(() => ceCollapseFamilyValue(0, 3, 0)).toThrow(/^gamma must be a finite number > 0/);
    expect(() => ceCollapseFamilyValue(-1e-12, 3, 0.1)).toThrow(/^t must be a finite number ≥ 0/);
    expect(() => ceCollapseFamilyValue(Infinity, 3, 0.1)).toThrow(/^t must/);
  });
});

describe('Thm 3.2 tools (THEORY.md §1.2)', () => {
  it('should accept σ exactly at the KKT bound and add the slack, not subtract it', () => {
    // Arrange: λ_W = 2e-3, λ_H = 5e-2, √(λ_Wλ_H) = 0.01.
    const bound = kktBound(2e-3, 5e-2);
    expectRel(bound, 0.01);
    // Assert
    expect(isKktGlobal(bound, 2e-3, 5e-2)).toBe(true);
    expect(isKktGlobal(bound * (1 + 1e-3), 2e-3, 5e-2)).toBe(false);
    expect(isKktGlobal(bound + 1e-5, 2e-3, 5e-2, 2e-5)).toBe(true);
    expect(isKktGlobal(bound + 3e-5, 2e-3, 5e-2, 2e-5)).toBe(false);
    expect(isKktGlobal(0, 2e-3, 5e-2, 0)).toBe(true);
  });

  it('should refuse a negative σ or slack and non-positive λ’s, naming the field', () => {
    expect(() => isKktGlobal(-1, 1, 1)).toThrow(/^sigma must be a finite number ≥ 0/);
    expect(() => isKktGlobal(0.1, 1, 1, -1e-9)).toThrow(/^slack must be a finite number ≥ 0/);
    expect(() => kktBound(0, 1)).toThrow(/^lambdaW must/);
    expect(() => kktBound(1, 0)).toThrow(/^lambdaH must/);
    expect(() => escapeCurvature(-1, 1, 1)).toThrow(/^sigma must/);
    expect(() => escapeCurvature(1, 0, 1)).toThrow(/^lambdaW must/);
    expect(() => escapeCurvature(1, 1, 0)).toThrow(/^lambdaH must/);
    expect(() => balancedEscapeCurvature(-1, 1, 1)).toThrow(/^sigma must/);
  });

  it('should reproduce the origin curvatures of THEORY.md §9 with σ = 1/(K√n)', () => {
    // The origin's ‖G‖₂ = 1/(K√n) for CE and for bias-free MSE; λ_min(∇²f) there equals q(σ) (§6.1, §9).
    const cases: readonly [number, number, number, number, number, number][] = [
      // K, n, λ_W, λ_H, λ_min printed in §9, half a unit of its last digit
      [4, 3, 1e-2, 2e-2, -0.12942414387, 5e-12],
      [3, 2, 1e-3, 1e-3, -0.2347022604, 5e-11],
      [4, 2, 5e-3, 1e-2, -0.16929437208, 5e-12],
      [3, 2, 0.3, 0.3, 0.0642977, 5e-8],
    ];
    for (const [K, n, lW, lH, printed, tol] of cases)
      expect(Math.abs(escapeCurvature(1 / (K * Math.sqrt(n)), lW, lH) - printed)).toBeLessThanOrEqual(tol);
  });

  it('should equal the smaller eigenvalue of [[λ_W, −σ], [−σ, λ_H]] from its characteristic polynomial', () => {
    // λ² − (λ_W + λ_H)λ + (λ_Wλ_H − σ²) = 0: λ_min = ((λ_W+λ_H) − √((λ_W−λ_H)² + 4σ²))/2, an independent form.
    for (const [s, a, b] of [
      [0, 2e-3, 5e-2],
      [0.02, 2e-3, 5e-2],
      [0.3, 0.7, 0.1],
      [1, 1e-2, 1e-2],
    ] as const) {
      const expected = (a + b - Math.sqrt((a - b) ** 2 + 4 * s * s)) / 2;
      expect(Math.abs(escapeCurvature(s, a, b) - expected)).toBeLessThanOrEqual(16 * EPS * (a + b + s));
    }
  });

  it('should give the balanced direction’s quadratic form λ_Wc₁² + λ_Hc₂² − 2c₁c₂σ = 2(√(λ_Wλ_H) − σ)', () => {
    // c₁ = (λ_H/λ_W)^{1/4}, c₂ = (λ_W/λ_H)^{1/4}, evaluated directly; hand value at λ = (2e-3, 5e-2), σ = 0.1: −0.18.
    expectRel(balancedEscapeCurvature(0.1, 2e-3, 5e-2), -0.18);
    for (const [s, a, b] of [
      [0, 2e-3, 5e-2],
      [0.05, 0.3, 0.01],
    ] as const) {
      const c1 = (b / a) ** 0.25,
        c2 = (a / b) ** 0.25;
      const expected = a * c1 * c1 + b * c2 * c2 - 2 * c1 * c2 * s;
      expect(Math.abs(balancedEscapeCurvature(s, a, b) - expected)).toBeLessThanOrEqual(16 * EPS * (a + b + s));
    }
  });
});
