/**
 * Constructed critical points (THEORY.md §6.1–6.3): the branches and boundaries that saddles.test.ts does not pin —
 * the origin's bias b₀ and value in every loss × bias mode against §6.1's formulas, the rank range of the partial
 * frames per bias mode, κ = 1 exactly, W H̄ = s U Uᵀ against the returned point, the orthonormality check of the
 * frames (norms as well as angles), and every validation message and citation. Written to kill the survivors of
 * `npm run mutation` on src/theory/saddles.ts (issue 9 item 5).
 *
 * Tolerances: closed forms of ≤ 8 floating-point operations on inputs of size ≤ 1 are judged to 16ε relative;
 * products of the returned K×d and d×K factors (entries ≤ 1, d ≤ 6 terms) to 64ε.
 */
import { describe, it, expect } from 'vitest';
import type { Mat } from '../../../src/core/index.ts';
import {
  ORIGIN_CITE,
  PARTIAL_FRAME_CITE,
  PARTIAL_FRAME_BIAS_CITE,
  originBias,
  originValue,
  originLambdaMin,
  originLambdaMinWH,
  originGradNorm,
  partialFrameValue,
  partialOrthogonalFrame,
  partialOrthogonalFrameFreeBias,
} from '../../../src/theory/index.ts';
import type { OriginInstance } from '../../../src/theory/index.ts';
import { randomOrthonormal } from './_plainUfm.ts';

const EPS = Number.EPSILON;

function expectRel(actual: number, expected: number, rel = 16 * EPS): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

// K = 4, n = 2, λ = (5e-3, 1e-2): κ = 0.04, s = 0.96, α = 2 (as in saddles.test.ts).
const I4 = { K: 4, n: 2, lambdaW: 5e-3, lambdaH: 1e-2 };
const ORIGIN: OriginInstance = { loss: 'mse', ...I4, bias: true, lambdaB: 0 };

describe('origin (THEORY.md §6.1): b₀, value and λ_min per loss and bias mode', () => {
  it('should give b₀ = 0 for CE, (1/K)1 for MSE with λ_b = 0, 1/(K(1+λ_b))1 with λ_b > 0, none bias-free', () => {
    expect(Array.from(originBias({ ...ORIGIN, loss: 'ce', lambdaB: 0.3 }) ?? [])).toEqual([0, 0, 0, 0]);
    expect(Array.from(originBias(ORIGIN) ?? [])).toEqual([0.25, 0.25, 0.25, 0.25]);
    const b = originBias({ ...ORIGIN, lambdaB: 0.25 });
    expect(b?.length).toBe(4);
    for (const v of b ?? []) expectRel(v, 0.2); // 1/(4·1.25)
    expect(originBias({ ...ORIGIN, bias: false })).toBeUndefined();
    expect(originBias({ ...ORIGIN, loss: 'ce', bias: false })).toBeUndefined();
  });

  it('should give f = log K for CE, 1/2 bias-free MSE, (K−1)/(2K) + λ_b/(2K(1+λ_b)) for MSE with a bias', () => {
    expect(originValue({ ...ORIGIN, loss: 'ce' })).toBe(Math.log(4));
    expect(originValue({ ...ORIGIN, loss: 'ce', bias: false })).toBe(Math.log(4));
    expect(originValue({ ...ORIGIN, bias: false, lambdaB: 0.25 })).toBe(0.5);
    expectRel(originValue(ORIGIN), 3 / 8);
    expectRel(originValue({ ...ORIGIN, lambdaB: 0.25 }), 3 / 8 + 0.25 / 10); // λ_b/(2K(1+λ_b)) = 0.25/10
  });

  it('should take λ_min = min(q, λ_b) for CE and min(q, 1 + λ_b) for MSE above threshold, q bias-free', () => {
    // Above threshold (K = 3, n = 2, λ = 0.3): q = 0.0642977… > 0, so the bias block decides when it is smaller.
    const above: OriginInstance = { loss: 'ce', K: 3, n: 2, lambdaW: 0.3, lambdaH: 0.3, bias: true, lambdaB: 0.01 };
    const q = originLambdaMinWH(3, 2, 0.3, 0.3);
    expect(originLambdaMin(above)).toBe(0.01);
    expect(originLambdaMin({ ...above, lambdaB: 0.5 })).toBe(q);
    expect(originLambdaMin({ ...above, bias: false })).toBe(q);
    // MSE: 1 + λ_b ≥ 1 > q here, so q; with λ's of 3 (K = 2, n = 1), q = 2.5 > 1 + 0.5.
    expect(originLambdaMin({ ...above, loss: 'mse' })).toBe(q);
    expect(originLambdaMin({ loss: 'mse', K: 2, n: 1, lambdaW: 3, lambdaH: 3, bias: true, lambdaB: 0.5 })).toBe(1.5);
  });

  it('should give ‖G‖₂ = 1/(K√n) and refuse an unknown loss, K < 2 or n < 1, naming the field', () => {
    expectRel(originGradNorm(4, 9), 1 / 12);
    expect(originGradNorm(2, 1)).toBe(0.5);
    expect(() => originGradNorm(1, 1)).toThrow(/^K must/);
    expect(() => originGradNorm(3, 0)).toThrow(/^n must/);
    const bad = { ...ORIGIN, loss: 'hinge' } as unknown as OriginInstance;
    expect(() => originValue(bad)).toThrow(/^loss must be 'ce' or 'mse'; got hinge/);
    expect(() => originBias(bad)).toThrow(/^loss must/);
    expect(() => originLambdaMin(bad)).toThrow(/^loss must/);
    expect(() => originBias({ ...ORIGIN, lambdaB: -1 })).toThrow(/^lambdaB must/);
    expect(() => originLambdaMin({ ...ORIGIN, lambdaW: 0 })).toThrow(/^lambdaW must/);
    expect(ORIGIN_CITE).toMatch(/THEORY\.md §6\.1/);
  });
});

describe('partialFrameValue (THEORY.md §6.2/§6.3): the rank range per bias mode', () => {
  it('should accept 0 ≤ r ≤ K bias-free and 0 ≤ r ≤ K−1 with a bias, with the stated values', () => {
    expectRel(partialFrameValue(I4, 0, false), 0.5);
    expectRel(partialFrameValue(I4, 4, false), 0.5 - 0.5 * 0.96 * 0.96);
    expectRel(partialFrameValue(I4, 0, true), 3 / 8);
    expectRel(partialFrameValue(I4, 3, true), 3 / 8 - (3 / 8) * 0.96 * 0.96);
    expect(() => partialFrameValue(I4, 5, false)).toThrow(/^r must be an integer in \[0, 4\]; got 5/);
    expect(() => partialFrameValue(I4, 4, true)).toThrow(/^r must be an integer in \[0, 3\]; got 4/);
    expect(() => partialFrameValue(I4, -1, false)).toThrow(/^r must/);
    expect(() => partialFrameValue(I4, 1.5, false)).toThrow(/^r must/);
  });
});

describe('partial orthogonal frames: construction (THEORY.md §6.2, §6.3)', () => {
  /** A·B for row-major A (p×q), B (q×s). */
  function mul(A: Mat, B: Mat): Float64Array {
    const C = new Float64Array(A.rows * B.cols);
    for (let i = 0; i < A.rows; i++)
      for (let j = 0; j < B.cols; j++) {
        let t = 0;
        for (let k = 0; k < A.cols; k++) t += (A.data[i * A.cols + k] as number) * (B.data[k * B.cols + j] as number);
        C[i * B.cols + j] = t;
      }
    return C;
  }

  it('should return W H̄ = s U Uᵀ, equal to the product of its own W and class means, with the right citation', () => {
    // Arrange: r = 2, d = 5; U Uᵀ computed here independently; H̄ = the first sample of each class (n = 2).
    const U = randomOrthonormal(4, 2, 7);
    const R = randomOrthonormal(5, 2, 8);
    const ones = new Float64Array(4).fill(1);
    const withBias = partialOrthogonalFrameFreeBias(I4, randomOrthonormal(4, 2, 7, ones), R);
    expect(withBias.cite).toBe(PARTIAL_FRAME_BIAS_CITE);
    expect(withBias.r).toBe(2);
    const pt = partialOrthogonalFrame(I4, U, R);
    expect(pt.cite).toBe(PARTIAL_FRAME_CITE);
    expect(pt.r).toBe(2);
    const Ut = { rows: 2, cols: 4, data: new Float64Array(8) };
    for (let i = 0; i < 4; i++) for (let c = 0; c < 2; c++) Ut.data[c * 4 + i] = U.data[i * 2 + c] as number;
    const UUt = mul(U, Ut);
    const Hbar = { rows: 5, cols: 4, data: new Float64Array(20) };
    for (let p = 0; p < 5; p++) for (let k = 0; k < 4; k++) Hbar.data[p * 4 + k] = pt.H.data[p * 8 + 2 * k] as number;
    const WH = mul(pt.W, Hbar);
    for (let i = 0; i < 16; i++) {
      expect(Math.abs((pt.WHbar.data[i] as number) - 0.96 * (UUt[i] as number))).toBeLessThanOrEqual(64 * EPS);
      expect(Math.abs((WH[i] as number) - 0.96 * (UUt[i] as number))).toBeLessThanOrEqual(64 * EPS);
    }
    expect(pt.b).toBeUndefined();
    expect(PARTIAL_FRAME_CITE).toMatch(/THEORY\.md §6\.2/);
    expect(PARTIAL_FRAME_BIAS_CITE).toMatch(/THEORY\.md §6\.3/);
  });

  it('should give b = (1/K)1 with a bias and accept a square R (d = r)', () => {
    const ones = new Float64Array(4).fill(1);
    const pt = partialOrthogonalFrameFreeBias(I4, randomOrthonormal(4, 3, 3, ones), randomOrthonormal(3, 3, 4));
    expect(Array.from(pt.b ?? [])).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(pt.global).toBe(true);
    expect(pt.W.cols).toBe(3);
    expect(partialOrthogonalFrame(I4, randomOrthonormal(4, 4, 5), randomOrthonormal(4, 4, 6)).global).toBe(true);
  });

  it('should refuse κ = 1 exactly (s = 0), naming kappa', () => {
    const atOne = { K: 4, n: 1, lambdaW: 0.25, lambdaH: 0.25 };
    expect(() => partialOrthogonalFrame(atOne, randomOrthonormal(4, 1, 1), randomOrthonormal(4, 1, 2))).toThrow(
      /^kappa must be < 1 .*got κ = 1$/,
    );
  });

  it('should refuse frames whose columns are orthogonal but not of unit norm, and wrong shapes, naming U or R', () => {
    const U = randomOrthonormal(4, 2, 1);
    const U2 = { ...U, data: U.data.map((x) => 2 * x) };
    expect(() => partialOrthogonalFrame(I4, U2, randomOrthonormal(5, 2, 2))).toThrow(
      /^U must have orthonormal columns; \(UᵀU\)\[0\]\[0\] = /,
    );
    const R = randomOrthonormal(5, 2, 2);
    const R2 = { ...R, data: R.data.map((x) => 0.5 * x) };
    expect(() => partialOrthogonalFrame(I4, U, R2)).toThrow(/^R must have orthonormal columns/);
    expect(() => partialOrthogonalFrame(I4, randomOrthonormal(3, 2, 1), R)).toThrow(/^U must have K = 4 rows; got 3/);
    expect(() => partialOrthogonalFrame(I4, U, randomOrthonormal(5, 3, 2))).toThrow(
      /^R must have r = 2 columns like U; got 3/,
    );
    expect(() => partialOrthogonalFrame({ ...I4, K: 1 }, U, R)).toThrow(/^K must/);
    expect(() => partialOrthogonalFrameFreeBias({ ...I4, K: 1.5 }, U, R)).toThrow(/^K must/);
  });

  it('should refuse R with fewer rows than columns, naming R', () => {
    const R = { rows: 1, cols: 2, data: Float64Array.from([1, 0]) };
    expect(() => partialOrthogonalFrame(I4, randomOrthonormal(4, 2, 1), R)).toThrow(
      /^R must have d ≥ r = 2 rows; got 1$/,
    );
  });

  it('should accept a frame exactly at the 1e-10 orthonormality tolerance (documented as "within 1e-10")', () => {
    // Columns (1, 0) and (1e-10, 1): inner product 1e-10 exactly, squared norms 1 and 1 + 1e-20 = 1 in floating point.
    const U = { rows: 2, cols: 2, data: Float64Array.from([1, 1e-10, 0, 1]) };
    const R = { rows: 2, cols: 2, data: Float64Array.from([1, 0, 0, 1]) };
    const pt = partialOrthogonalFrame({ K: 2, n: 1, lambdaW: 1e-2, lambdaH: 1e-2 }, U, R);
    expect(pt.global).toBe(true);
    const U2 = { ...U, data: Float64Array.from([1, 2e-10, 0, 1]) };
    expect(() => partialOrthogonalFrame({ K: 2, n: 1, lambdaW: 1e-2, lambdaH: 1e-2 }, U2, R)).toThrow(
      /^U must have orthonormal columns; \(UᵀU\)\[1\]\[0\] = /,
    );
  });

  it('should build W = √(sα) U Rᵀ and H̄ = √(s/α) R Uᵀ with the signs of THEORY.md §6.2', () => {
    // s = 0.96, α = 2: √(sα) = √1.92, √(s/α) = √0.48. U Rᵀ computed here; H̄ = the first sample of each class.
    const U = randomOrthonormal(4, 2, 21);
    const R = randomOrthonormal(3, 2, 22);
    const pt = partialOrthogonalFrame(I4, U, R);
    for (let k = 0; k < 4; k++)
      for (let p = 0; p < 3; p++) {
        let t = 0;
        for (let j = 0; j < 2; j++) t += (U.data[k * 2 + j] as number) * (R.data[p * 2 + j] as number);
        expect(Math.abs((pt.W.data[k * 3 + p] as number) - Math.sqrt(1.92) * t)).toBeLessThanOrEqual(16 * EPS);
        expect(Math.abs((pt.H.data[p * 8 + 2 * k] as number) - Math.sqrt(0.48) * t)).toBeLessThanOrEqual(16 * EPS);
      }
  });

  it('should accept a column sum exactly at the 1e-10 tolerance of U ⊥ 1', () => {
    // U = (a, −a, 1e-10, 0)ᵀ with a = 1/√2: summed in order the column gives exactly 1e-10; ‖U‖² = 1 + 1e-20 ≈ 1.
    const a = Math.SQRT1_2;
    const U = { rows: 4, cols: 1, data: Float64Array.from([a, -a, 1e-10, 0]) };
    const R = randomOrthonormal(5, 1, 3);
    expect(partialOrthogonalFrameFreeBias(I4, U, R).r).toBe(1);
    const U2 = { ...U, data: Float64Array.from([a, -a, 2e-10, 0]) };
    expect(() => partialOrthogonalFrameFreeBias(I4, U2, R)).toThrow(/^U must be orthogonal to 1/);
  });

  it('should report the column sum of a frame not orthogonal to 1 (THEORY.md §6.3)', () => {
    // e₁ is orthonormal but sums to 1.
    const e1 = { rows: 4, cols: 1, data: Float64Array.from([1, 0, 0, 0]) };
    expect(() => partialOrthogonalFrameFreeBias(I4, e1, randomOrthonormal(5, 1, 3))).toThrow(
      /^U must be orthogonal to 1 \(THEORY\.md §6\.3\); column 0 sums to 1$/,
    );
  });
});
