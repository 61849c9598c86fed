/**
 * The streamed ridge classifier and the noise laws of Thm 5.1 (THEORY.md §2.6).
 */
import { describe, it, expect } from 'vitest';
import { createRng, UsageError } from '../../../src/core/index.ts';
import type { Mat } from '../../../src/core/index.ts';
import {
  NOISE_LAWS,
  hasFiniteFourthMoment,
  noiseSampler,
  noisyRidgeClassifier,
  noisyRidgeStats,
  parseFixedFeaturesProblem,
  ridgeClassifier,
  ridgeFromStats,
  ridgeStatsOf,
} from '../../../src/models/fixedFeatures.ts';

const EPS = Number.EPSILON;

function randomMat(rows: number, cols: number, seed: number): Mat {
  return { rows, cols, data: createRng(seed).fillNormal(new Float64Array(rows * cols)) };
}

describe('ridgeClassifier', () => {
  it('should solve the normal equations W(HHᵀ + Nλ_W I) = YHᵀ (the ridge first-order condition)', () => {
    // Arrange: K = 3, d = 5, unbalanced counts, N = 3000 (more than one 1024-column block per class)
    const counts = [1500, 1000, 500];
    const H = randomMat(5, 3000, 1);
    const lambdaW = 1e-2;
    // Act
    const W = ridgeClassifier(H, counts, lambdaW);
    // Assert: residual R = W A − C with A = HHᵀ + NλI built here independently (plain loops).
    const d = 5,
      K = 3,
      N = 3000;
    const A = new Float64Array(d * d),
      C = new Float64Array(K * d);
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++) {
        let s = 0;
        for (let j = 0; j < N; j++) s += (H.data[a * N + j] as number) * (H.data[b * N + j] as number);
        A[a * d + b] = s + (a === b ? N * lambdaW : 0);
      }
    let col = 0;
    counts.forEach((c, k) => {
      for (let a = 0; a < d; a++)
        for (let j = col; j < col + c; j++) C[k * d + a] = (C[k * d + a] as number) + (H.data[a * N + j] as number);
      col += c;
    });
    let rmax = 0,
      anorm = 0,
      wnorm = 0;
    for (let i = 0; i < A.length; i++) anorm = Math.max(anorm, Math.abs(A[i] as number));
    for (let i = 0; i < W.data.length; i++) wnorm = Math.max(wnorm, Math.abs(W.data[i] as number));
    for (let k = 0; k < K; k++)
      for (let b = 0; b < d; b++) {
        let s = -(C[k * d + b] as number);
        for (let a = 0; a < d; a++) s += (W.data[k * d + a] as number) * (A[a * d + b] as number);
        rmax = Math.max(rmax, Math.abs(s));
      }
    // Backward-stable Cholesky solve: ‖R‖ ≤ c·d·ε‖A‖‖W‖; the Gram itself carries N·ε relative rounding in each
    // entry (sums of N products), so the bound is (N + 4d)·ε·‖A‖_max·‖W‖_max·d.
    expect(rmax).toBeLessThanOrEqual((N + 4 * d) * EPS * anorm * wnorm * d);
  });

  it('should stream noisy features bit-for-bit like the explicitly materialised H (same draws, same order)', () => {
    // Arrange: H̄ d×K, n = 1500 per class; draw E class by class, column by column, d entries per column.
    const d = 4,
      K = 3,
      n = 1500,
      N = n * K;
    const Hbar = randomMat(d, K, 2);
    for (const law of NOISE_LAWS) {
      const fillA = noiseSampler(law, 0.7, createRng(5));
      const H = new Float64Array(d * N);
      const col = new Float64Array(d);
      for (let k = 0; k < K; k++)
        for (let i = 0; i < n; i++) {
          fillA(col, 0, 1, d);
          for (let a = 0; a < d; a++) H[a * N + k * n + i] = (col[a] as number) + (Hbar.data[a * K + k] as number);
        }
      // Act
      const streamed = noisyRidgeStats(Hbar, n, noiseSampler(law, 0.7, createRng(5)));
      const explicit = ridgeStatsOf({ rows: d, cols: N, data: H }, [n, n, n]);
      // Assert
      expect(Array.from(streamed.gram)).toEqual(Array.from(explicit.gram));
      expect(Array.from(streamed.classSums)).toEqual(Array.from(explicit.classSums));
      expect(streamed.N).toBe(N);
    }
  });

  it('should be deterministic in the seed', () => {
    // Arrange
    const Hbar = randomMat(4, 3, 3);
    // Act
    const a = noisyRidgeClassifier(Hbar, 2000, 1e-3, 'gaussian', 0.5, createRng(9));
    const b = noisyRidgeClassifier(Hbar, 2000, 1e-3, 'gaussian', 0.5, createRng(9));
    const c = noisyRidgeClassifier(Hbar, 2000, 1e-3, 'gaussian', 0.5, createRng(10));
    // Assert
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
  });

  it('should reject a singular system (λ_W = 0 with rank-deficient H)', () => {
    // Arrange: d = 3 but H has rank 1
    const stats = ridgeStatsOf({ rows: 3, cols: 2, data: Float64Array.of(1, 1, 0, 0, 0, 0) }, [1, 1]);
    // Act / Assert
    expect(() => ridgeFromStats(stats, 0)).toThrow(RangeError);
  });
});

describe('noiseSampler', () => {
  const m = 200000;

  it.each(NOISE_LAWS.filter(hasFiniteFourthMoment))('should draw %s with mean 0 and variance σ²', (law) => {
    // Arrange
    const sigma = 1.7;
    const x = new Float64Array(m);
    // Act
    noiseSampler(law, sigma, createRng(21))(x, 0, 1, m);
    let s = 0,
      s2 = 0;
    for (const v of x) {
      s += v;
      s2 += v * v;
    }
    const mean = s / m,
      v2 = s2 / m;
    // Assert: CLT, 5 standard errors. SE(mean) = σ/√m; SE(Σx²/m) = √((m₄ − σ⁴)/m) with m₄/σ⁴ = 3 (gaussian),
    // 9/5 (uniform), 1 (rademacher: x² ≡ σ², so the variance is exact).
    const kurt = law === 'gaussian' ? 3 : law === 'uniform' ? 9 / 5 : 1;
    expect(Math.abs(mean)).toBeLessThanOrEqual((5 * sigma) / Math.sqrt(m));
    expect(Math.abs(v2 - sigma * sigma)).toBeLessThanOrEqual(
      5 * sigma * sigma * Math.sqrt((kurt - 1) / m) + 8 * m * EPS,
    );
  });

  it('should draw rademacher values ±σ and uniform values within ±σ√3', () => {
    // Arrange
    const x = new Float64Array(1000),
      y = new Float64Array(1000);
    // Act
    noiseSampler('rademacher', 2, createRng(1))(x, 0, 1, 1000);
    noiseSampler('uniform', 2, createRng(1))(y, 0, 1, 1000);
    // Assert
    expect(x.every((v) => v === 2 || v === -2)).toBe(true);
    expect(y.every((v) => Math.abs(v) <= 2 * Math.sqrt(3))).toBe(true);
  });

  it('should draw student-t3 scaled to variance σ² (Kolmogorov–Smirnov against the exact t₃ CDF)', () => {
    // Arrange: the t₃ CDF is F(t) = 1/2 + (1/π)[ (t/√3)/(1 + t²/3) + atan(t/√3) ]; x = (σ/√3)·T.
    const sigma = 0.8,
      c = sigma / Math.sqrt(3);
    const x = new Float64Array(m);
    // Act
    noiseSampler('student-t3', sigma, createRng(33))(x, 0, 1, m);
    x.sort();
    let D = 0;
    for (let i = 0; i < m; i++) {
      const t = (x[i] as number) / c / Math.sqrt(3);
      const F = 0.5 + (t / (1 + t * t) + Math.atan(t)) / Math.PI;
      D = Math.max(D, Math.abs(F - i / m), Math.abs(F - (i + 1) / m));
    }
    // Assert: the KS critical value at level 1e-3 is 1.95/√m (a deterministic draw at this seed; a wrong scale
    // such as σ instead of σ/√3 gives D ≈ 0.1).
    expect(D).toBeLessThanOrEqual(1.95 / Math.sqrt(m));
  });

  it('should write with a stride and offset only where asked', () => {
    // Arrange
    const x = new Float64Array(10);
    // Act
    noiseSampler('gaussian', 1, createRng(2))(x, 1, 3, 3);
    // Assert
    expect([0, 2, 3, 5, 6, 8, 9].map((i) => x[i])).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect([1, 4, 7].every((i) => x[i] !== 0)).toBe(true);
  });
});

describe('parseFixedFeaturesProblem', () => {
  it('should default the noise law to gaussian', () => {
    // Arrange / Act
    const p = parseFixedFeaturesProblem({ K: 3, d: 4, n0: 5, lambdaW: 1e-3, lambdaH: 2e-3, sigma: 0.1 });
    // Assert
    expect(p).toEqual({ K: 3, d: 4, n0: 5, lambdaW: 1e-3, lambdaH: 2e-3, sigma: 0.1, noise: 'gaussian' });
  });

  it.each([
    [{ K: 3, d: 2, n0: 5, lambdaW: 1, lambdaH: 1, sigma: 0 }, 'problem.d'],
    [{ K: 3, d: 3, n0: 0, lambdaW: 1, lambdaH: 1, sigma: 0 }, 'problem.n0'],
    [{ K: 3, d: 3, n0: 1, lambdaW: 0, lambdaH: 1, sigma: 0 }, 'problem.lambdaW'],
    [{ K: 3, d: 3, n0: 1, lambdaW: 1, lambdaH: -1, sigma: 0 }, 'problem.lambdaH'],
    [{ K: 3, d: 3, n0: 1, lambdaW: 1, lambdaH: 1, sigma: -0.1 }, 'problem.sigma'],
    [{ K: 3, d: 3, n0: 1, lambdaW: 1, lambdaH: 1, sigma: 0, noise: 'cauchy' }, 'problem.noise'],
  ])('should reject %j naming %s', (u, field) => {
    // Arrange / Act
    let caught: unknown;
    try {
      parseFixedFeaturesProblem(u);
    } catch (e) {
      caught = e;
    }
    // Assert
    expect((caught as UsageError).field).toBe(field);
  });
});
