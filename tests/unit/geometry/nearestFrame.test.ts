/**
 * Procrustes distance and nearest frames (THEORY.md §2.7, "How rotation is handled").
 *
 * Tolerance: both are ‖A‖² + ‖B‖² − 2‖·‖_* with a backward-stable SVD, so the absolute error is
 * ≤ c·max(d, K)·ε·(‖A‖_F² + ‖B‖_F²); we use c = 64.
 */
import { describe, it, expect } from 'vitest';
import type { Mat } from '../../../src/core/index.ts';
import { createRng, fromRows, transpose, zeros } from '../../../src/core/index.ts';
import { polar } from '../../../src/linalg/index.ts';
import {
  procrustesDistance,
  nearestSimplexEtf,
  nearestOrthogonalFrame,
  simplexEtf,
  orthogonalFrame,
} from '../../../src/geometry/index.ts';

const EPS = Number.EPSILON;

function frob2(A: Mat): number {
  let t = 0;
  for (const v of A.data) t += v * v;
  return t;
}

function randMat(m: number, n: number, seed: number): Mat {
  const A = zeros(m, n);
  createRng(seed).fillNormal(A.data);
  return A;
}

function mul(A: Mat, B: Mat): Mat {
  const C = zeros(A.rows, B.cols);
  for (let i = 0; i < A.rows; i++)
    for (let k = 0; k < A.cols; k++)
      for (let j = 0; j < B.cols; j++) {
        C.data[i * B.cols + j] =
          (C.data[i * B.cols + j] as number) + (A.data[i * A.cols + k] as number) * (B.data[k * B.cols + j] as number);
      }
  return C;
}

const tol = (A: Mat, B: Mat): number => 64 * Math.max(A.rows, A.cols) * EPS * (frob2(A) + frob2(B));

describe('procrustesDistance', () => {
  it('should be 0 for a rotated copy (tall d > K and wide d ≤ K)', () => {
    for (const [d, K] of [
      [6, 3],
      [3, 3],
      [2, 5],
    ] as [number, number][]) {
      // Arrange
      const A = randMat(d, K, 10 * d + K);
      const Q = polar(randMat(d, d, 99 + d));
      const B = mul(Q, A);
      // Act / Assert
      expect(procrustesDistance(A, B)).toBeLessThanOrEqual(tol(A, B));
    }
  });

  it('should give the hand value 1 for A = (1, 0)ᵀ, B = (0, 2)ᵀ', () => {
    // Rotating B onto the first axis gives (2, 0): ‖(1,0) − (2,0)‖² = 1 = 1 + 4 − 2·2.
    expect(procrustesDistance(fromRows([[1], [0]]), fromRows([[0], [2]]))).toBeCloseTo(1, 14);
  });

  it('should match a brute-force search over O(2)', () => {
    // Arrange: d = 2, K = 3. Brute force over rotations R(θ) and reflections R(θ)·diag(1, −1) on a grid of step
    // Δθ = 2π/20000; the grid minimum exceeds the true one by ≤ (Δθ)²/2·2‖A‖‖B‖ (second-order in the angle error).
    const A = randMat(2, 3, 1),
      B = randMat(2, 3, 2);
    let best = Infinity;
    const steps = 20000;
    for (let s = 0; s < steps; s++) {
      const th = (2 * Math.PI * s) / steps;
      for (const refl of [1, -1]) {
        const c = Math.cos(th),
          sn = Math.sin(th);
        const Q = fromRows([
          [c, -sn * refl],
          [sn, c * refl],
        ]);
        const QB = mul(Q, B);
        let t = 0;
        for (let i = 0; i < 6; i++) t += ((A.data[i] as number) - (QB.data[i] as number)) ** 2;
        best = Math.min(best, t);
      }
    }
    // Act
    const p = procrustesDistance(A, B);
    // Assert
    const dth = (2 * Math.PI) / steps;
    expect(p).toBeLessThanOrEqual(best + tol(A, B));
    expect(best - p).toBeLessThanOrEqual(dth * dth * Math.sqrt(frob2(A) * frob2(B)) + tol(A, B));
  });

  it('should throw a RangeError on a shape mismatch', () => {
    expect(() => procrustesDistance(zeros(2, 3), zeros(3, 2))).toThrow(/^B must have/);
  });
});

describe('nearestSimplexEtf', () => {
  it('should return a rotated scaled ETF itself, with its scale and distance 0 (d = K−1 and d > K)', () => {
    for (const [K, d] of [
      [4, 3],
      [3, 6],
    ] as [number, number][]) {
      // Arrange: M = Q · simplexEtf(K, d, 1.7)ᵀ.
      const Q = polar(randMat(d, d, K + d));
      const M = mul(Q, transpose(simplexEtf(K, d, 1.7)));
      // Act
      const fit = nearestSimplexEtf(M);
      // Assert
      const t = tol(M, M);
      expect(fit.distance).toBeLessThanOrEqual(t);
      expect(Math.abs(fit.scale - 1.7)).toBeLessThanOrEqual(t);
      let diff = 0;
      for (let i = 0; i < M.data.length; i++)
        diff = Math.max(diff, Math.abs((M.data[i] as number) - (fit.X.data[i] as number)));
      expect(diff).toBeLessThanOrEqual(Math.sqrt(t)); // the fit itself is √(distance)-accurate
    }
  });

  it('should agree with min over ρ of the Procrustes distance to the ETF of scale ρ', () => {
    // Arrange: noisy means, K = 4, d = 5.
    const K = 4,
      d = 5;
    const M = randMat(d, K, 77);
    // Act
    const fit = nearestSimplexEtf(M);
    // Assert: the fitted X is an ETF with XᵀX = ρ E_K, and its distance equals the Procrustes distance to the
    // canonical ETF of the same scale (an independent route through a different SVD).
    const XtX = mul(transpose(fit.X), fit.X);
    for (let i = 0; i < K; i++)
      for (let j = 0; j < K; j++) {
        expect(
          Math.abs((XtX.data[i * K + j] as number) - fit.scale * (i === j ? 1 : -1 / (K - 1))),
        ).toBeLessThanOrEqual(tol(M, M));
      }
    const E = transpose(simplexEtf(K, d, fit.scale));
    expect(Math.abs(procrustesDistance(M, E) - fit.distance)).toBeLessThanOrEqual(tol(M, E));
    // And no other scale does better: f(ρ) = Procrustes(M, ETF(ρ)) is minimised at fit.scale.
    for (const f of [0.5, 0.9, 0.99, 1.01, 1.1, 2]) {
      expect(procrustesDistance(M, transpose(simplexEtf(K, d, f * fit.scale)))).toBeGreaterThanOrEqual(
        fit.distance - tol(M, E),
      );
    }
  });

  it('should throw when d < K−1', () => {
    expect(() => nearestSimplexEtf(zeros(2, 4))).toThrow(/^M must have d/);
  });
});

describe('nearestOrthogonalFrame', () => {
  it('should return a rotated scaled orthogonal frame itself', () => {
    const K = 3,
      d = 5;
    const M = mul(polar(randMat(d, d, 5)), transpose(orthogonalFrame(K, d, 0.8)));
    const fit = nearestOrthogonalFrame(M);
    expect(fit.distance).toBeLessThanOrEqual(tol(M, M));
    expect(Math.abs(fit.scale - 0.8)).toBeLessThanOrEqual(tol(M, M));
  });
});
