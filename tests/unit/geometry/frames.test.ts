/**
 * Tests of the frame constructors and class means (src/geometry/simplexEtf.ts, orthogonalFrame.ts, means.ts).
 *
 * Tolerance: every entry of a Gram matrix below is a sum of ≤ d products of O(√scale) numbers built from a handful of
 * correctly rounded operations, so its error is ≤ 8·d·ε·scale; we use 16·d·ε·max(scale, 1).
 */
import { describe, it, expect } from 'vitest';
import type { Mat } from '../../../src/core/index.ts';
import { fromRows, toRows } from '../../../src/core/index.ts';
import {
  simplexEtf,
  orthogonalFrame,
  etfGram,
  helmertBasis,
  classMeans,
  centredMeans,
  globalMean,
  expandMeans,
} from '../../../src/geometry/index.ts';

const EPS = Number.EPSILON;

function gramRows(A: Mat): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < A.rows; i++) {
    const row: number[] = [];
    for (let j = 0; j < A.rows; j++) {
      let t = 0;
      for (let p = 0; p < A.cols; p++) t += (A.data[i * A.cols + p] as number) * (A.data[j * A.cols + p] as number);
      row.push(t);
    }
    out.push(row);
  }
  return out;
}

describe('etfGram', () => {
  it('should have diagonal 1 and off-diagonal −1/(K−1)', () => {
    // K = 3: E = (3/2)(I − J) = [[1, −½, −½], …].
    expect(toRows(etfGram(3))).toEqual([
      [1, -0.5, -0.5],
      [-0.5, 1, -0.5],
      [-0.5, -0.5, 1],
    ]);
  });
});

describe('simplexEtf', () => {
  it('should have Gram scale·E_K for every K ∈ [2, 8] and d ∈ [K−1, K+2]', () => {
    for (let K = 2; K <= 8; K++) {
      for (let d = K - 1; d <= K + 2; d++) {
        // Arrange
        const scale = 2.5;
        // Act
        const W = simplexEtf(K, d, scale);
        // Assert
        const G = gramRows(W);
        const tol = 16 * d * EPS * scale;
        for (let i = 0; i < K; i++) {
          for (let j = 0; j < K; j++) {
            const want = scale * (i === j ? 1 : -1 / (K - 1));
            expect(Math.abs(((G[i] as number[])[j] as number) - want)).toBeLessThanOrEqual(tol);
          }
        }
      }
    }
  });

  it('should be the hand case [[1], [−1]] for K = 2, d = 1', () => {
    expect(toRows(simplexEtf(2, 1)).map((r) => r.map((v) => Math.round(v * 1e12) / 1e12))).toEqual([[1], [-1]]);
  });

  it('should be deterministic', () => {
    expect(simplexEtf(5, 7, 3).data).toEqual(simplexEtf(5, 7, 3).data);
  });

  it('should throw a RangeError naming d when d < K−1, and naming K or scale when invalid', () => {
    expect(() => simplexEtf(4, 2)).toThrow(/^d must be/);
    expect(() => simplexEtf(1, 2)).toThrow(/^K must be/);
    expect(() => simplexEtf(3, 2, -1)).toThrow(/^scale must be/);
  });

  it('should build the Helmert basis with orthonormal rows orthogonal to 1', () => {
    const P = helmertBasis(5);
    const G = gramRows(P);
    for (let i = 0; i < 4; i++) {
      let s = 0;
      for (let j = 0; j < 5; j++) s += P.data[i * 5 + j] as number;
      expect(Math.abs(s)).toBeLessThanOrEqual(8 * EPS);
      for (let j = 0; j < 4; j++)
        expect(Math.abs(((G[i] as number[])[j] as number) - (i === j ? 1 : 0))).toBeLessThanOrEqual(16 * 5 * EPS);
    }
  });
});

describe('orthogonalFrame', () => {
  it('should have Gram scale·I and throw when d < K', () => {
    expect(toRows(orthogonalFrame(2, 3, 4))).toEqual([
      [2, 0, 0],
      [0, 2, 0],
    ]);
    const G = gramRows(orthogonalFrame(4, 6, 3));
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++)
        expect(Math.abs(((G[i] as number[])[j] as number) - (i === j ? 3 : 0))).toBeLessThanOrEqual(16 * 6 * EPS * 3);
    }
    expect(() => orthogonalFrame(4, 3)).toThrow(/^d must be/);
  });
});

describe('classMeans / globalMean / centredMeans', () => {
  it('should average each class block of an imbalanced class-major H', () => {
    // Arrange: d = 2, counts [2, 1, 3]; columns 0–1 class 0, column 2 class 1, columns 3–5 class 2.
    const H = fromRows([
      [1, 3, 10, 0, 1, 2],
      [0, 2, -4, 6, 6, 9],
    ]);
    // Act
    const Hbar = classMeans(H, [2, 1, 3]);
    // Assert: means (2, 1), (10, −4), (1, 7).
    expect(toRows(Hbar)).toEqual([
      [2, 10, 1],
      [1, -4, 7],
    ]);
  });

  it('should take h_G as the mean of class means (not the sample mean) when imbalanced', () => {
    // Arrange: d = 1, counts [1, 3], H = [0 | 1, 2, 3]: class means 0 and 2, so h_G = 1 (the sample mean is 1.5).
    const Hbar = classMeans(fromRows([[0, 1, 2, 3]]), [1, 3]);
    // Act
    const g = globalMean(Hbar);
    const M = centredMeans(Hbar);
    // Assert
    expect(Array.from(g)).toEqual([1]);
    expect(toRows(M)).toEqual([[-1, 1]]);
  });

  it('should invert classMeans with expandMeans on collapsed features', () => {
    const Hbar = fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const H = expandMeans(Hbar, [1, 2, 3]);
    expect(toRows(H)).toEqual([
      [1, 2, 2, 3, 3, 3],
      [4, 5, 5, 6, 6, 6],
    ]);
    expect(toRows(classMeans(H, [1, 2, 3]))).toEqual(toRows(Hbar));
  });

  it('should throw a RangeError naming counts or H on inconsistent input', () => {
    expect(() => classMeans(fromRows([[1, 2, 3]]), [1, 1])).toThrow(/^H must have/);
    expect(() => classMeans(fromRows([[1, 2, 3]]), [0, 3])).toThrow(/^counts\[0\]/);
  });
});
