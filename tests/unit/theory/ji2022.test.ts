/**
 * The min-norm separation problem of Ji et al. 2022 (THEORY.md §3).
 */
import { describe, it, expect } from 'vitest';
import { createRng, UsageError } from '../../../src/core/index.ts';
import type { Mat } from '../../../src/core/index.ts';
import {
  ulpmDirectionError,
  ulpmMargin,
  ulpmMaxNormalisedMargin,
  ulpmMinNormPoint,
  ulpmMinNormValue,
  ulpmOriginLambdaMin,
} from '../../../src/theory/ji2022.ts';

const EPS = Number.EPSILON;

function randomMat(rows: number, cols: number, seed: number): Mat {
  return { rows, cols, data: createRng(seed).fillNormal(new Float64Array(rows * cols)) };
}

describe('ulpmMinNormValue', () => {
  it("should match the spec's SLSQP values for (K,d,n) = (3,3,2), (4,4,1), (4,3,2)", () => {
    // Arrange / Act / Assert: the spec prints 10 decimals
    expect(Math.abs(ulpmMinNormValue(3, 2) - 2.8284271247)).toBeLessThanOrEqual(5e-11);
    expect(Math.abs(ulpmMinNormValue(4, 1) - 3.0)).toBeLessThanOrEqual(5e-11);
    expect(Math.abs(ulpmMinNormValue(4, 2) - 4.2426406871)).toBeLessThanOrEqual(5e-11);
    expect(ulpmOriginLambdaMin(4, 4)).toBe(-1 / 8);
    expect(() => ulpmMinNormValue(1, 1)).toThrow(UsageError);
  });
});

describe('ulpmMinNormPoint', () => {
  it.each([
    [3, 3, 2, 0],
    [4, 4, 1, 1],
    [4, 3, 2, 2],
    [5, 7, 3, 3],
    [2, 1, 4, 0],
  ])('should attain the value with every margin constraint active (K=%i, d=%i, n=%i, seed %i)', (K, d, n, seed) => {
    // Arrange / Act
    const pt = ulpmMinNormPoint(K, d, n, seed === 0 ? undefined : createRng(seed));
    const m = ulpmMargin(pt.W, pt.H, new Array<number>(K).fill(n));
    const err = ulpmDirectionError(pt.W, pt.H, n);
    // Assert: entries are O(1) sums of ≤ d products ⇒ a few dε
    const tol = 16 * d * EPS;
    expect(Math.abs(m.margin - 1)).toBeLessThanOrEqual(tol);
    expect(Math.abs(m.halfNormSq - ulpmMinNormValue(K, n)) / ulpmMinNormValue(K, n)).toBeLessThanOrEqual(tol);
    expect(Math.abs(m.normalised * ulpmMinNormValue(K, n) - 1)).toBeLessThanOrEqual(2 * tol);
    expect(err.gram).toBeLessThanOrEqual(tol);
    expect(err.features).toBeLessThanOrEqual(tol);
    expect(Math.abs(err.marginGap)).toBeLessThanOrEqual(2 * tol);
  });

  it('should be a KKT point with multiplier μ = 1/(K√n) on every constraint', () => {
    // Arrange: stationarity of ½(‖W‖² + ‖H‖²) − μ Σ_{k≠j,i} (w^k − w^j)ᵀh_{k,i}:
    //   w^k = μ[(K−1) Σ_i h_{k,i} − Σ_{l≠k} Σ_i h_{l,i}],   h_{k,i} = μ Σ_{j≠k} (w^k − w^j).
    const K = 4,
      d = 5,
      n = 3,
      N = n * K;
    const { W, H } = ulpmMinNormPoint(K, d, n, createRng(12));
    const mu = 1 / (K * Math.sqrt(n));
    let worst = 0;
    // Act
    for (let a = 0; a < d; a++) {
      const classSum = new Float64Array(K);
      for (let k = 0; k < K; k++)
        for (let i = 0; i < n; i++) classSum[k] = (classSum[k] as number) + (H.data[a * N + k * n + i] as number);
      const total = classSum.reduce((s, x) => s + x, 0);
      const wsum = Array.from({ length: K }, (_, k) => W.data[k * d + a] as number).reduce((s, x) => s + x, 0);
      for (let k = 0; k < K; k++) {
        const wk = W.data[k * d + a] as number;
        const gradW = wk - mu * ((K - 1) * (classSum[k] as number) - (total - (classSum[k] as number)));
        worst = Math.max(worst, Math.abs(gradW));
        for (let i = 0; i < n; i++) {
          const gradH = (H.data[a * N + k * n + i] as number) - mu * ((K - 1) * wk - (wsum - wk));
          worst = Math.max(worst, Math.abs(gradH));
        }
      }
    }
    // Assert: O(1) entries, sums of ≤ N terms ⇒ ≤ 4Nε
    expect(worst).toBeLessThanOrEqual(4 * N * EPS);
  });

  it('should reject d < K − 1', () => {
    // Arrange / Act / Assert
    let caught: unknown;
    try {
      ulpmMinNormPoint(4, 2, 1);
    } catch (e) {
      caught = e;
    }
    expect((caught as UsageError).field).toBe('d');
  });
});

describe('ulpmMargin', () => {
  it('should never exceed the min-norm normalised margin 1/((K−1)√n) (random and perturbed points)', () => {
    // Arrange
    const K = 3,
      d = 4,
      n = 2;
    const counts = [n, n, n];
    const bound = ulpmMaxNormalisedMargin(K, n);
    const best = ulpmMinNormPoint(K, d, n, createRng(1));
    for (let s = 0; s < 20; s++) {
      // Act: a random point, and the optimum plus a small random perturbation
      const W = randomMat(K, d, 100 + s),
        H = randomMat(d, n * K, 200 + s);
      const Wp = { ...best.W, data: best.W.data.map((x, i) => x + 1e-3 * (W.data[i] as number)) };
      const Hp = { ...best.H, data: best.H.data.map((x, i) => x + 1e-3 * (H.data[i] as number)) };
      // Assert: exact optimality of the bound (perturbations lose margin at first order; 1e-12 covers rounding)
      expect(ulpmMargin(W, H, counts).normalised).toBeLessThanOrEqual(bound);
      expect(ulpmMargin(Wp, Hp, counts).normalised).toBeLessThanOrEqual(bound * (1 + 1e-12));
    }
  });

  it('should be invariant under (W, H) → (cW, cH) and report a negative margin for unseparated data', () => {
    // Arrange
    const W = randomMat(3, 2, 5),
      H = randomMat(2, 6, 6);
    const c = 3.5;
    // Act
    const a = ulpmMargin(W, H, [2, 2, 2]);
    const b = ulpmMargin({ ...W, data: W.data.map((x) => c * x) }, { ...H, data: H.data.map((x) => c * x) }, [2, 2, 2]);
    const z = ulpmMargin({ ...W, data: new Float64Array(6) }, H, [2, 2, 2]);
    // Assert
    expect(Math.abs(b.normalised - a.normalised)).toBeLessThanOrEqual(8 * EPS * Math.abs(a.normalised));
    expect(z.margin).toBe(0);
    expect(() => ulpmMargin(W, H, [2, 2])).toThrow(RangeError);
  });
});
