/**
 * CDNV (Galanti et al. 2022, Def. 1) on hand-computed cases, following rhubarbwu/neural-collapse's definition
 * (biased per-class variance, no square root, (V_i + V_j)/2 over ‖μ_i − μ_j‖², mean over unordered pairs).
 *
 * Tolerance: every case below is a handful of additions and one division on small integers, so the computed value
 * is within a few ulps of the exact rational; 16·ε relative covers ≤ 16 rounding steps, more than these cases take.
 */
import { describe, it, expect } from 'vitest';
import { fromRows } from '../../../src/core/index.ts';
import { cdnv, withinClassVariances, ncMetrics, simplexEtf, expandMeans } from '../../../src/geometry/index.ts';

const close = (x: number, exact: number): void => {
  expect(Math.abs(x - exact)).toBeLessThanOrEqual(16 * Number.EPSILON * Math.abs(exact));
};

describe('withinClassVariances', () => {
  it('should divide the summed squared deviations by n_k (biased), summed over dimensions', () => {
    // Arrange: d = 2; class 0 = {(0,0), (2,0), (1,3)} mean (1,1); class 1 = {(4,4)}.
    const H = fromRows([
      [0, 2, 1, 4],
      [0, 0, 3, 4],
    ]);
    // Act
    const V = withinClassVariances(H, [3, 1]);
    // Assert: deviations (−1,−1), (1,−1), (0,2) → squared norms 2 + 2 + 4 = 8, / 3.
    close(V[0] as number, 8 / 3);
    expect(V[1]).toBe(0);
  });
});

describe('cdnv', () => {
  it('should give (V_0 + V_1) / (2‖μ_0 − μ_1‖²) for two classes on a line', () => {
    // Arrange: class 0 at {0, 2} (mean 1, V = 1), class 1 at {5} (mean 5, V = 0).
    const H = fromRows([[0, 2, 5]]);
    // Act / Assert: (1 + 0) / (2 · 16) = 1/32.
    close(cdnv(H, [2, 1]), 1 / 32);
  });

  it('should average the pair values over the K(K−1)/2 unordered pairs', () => {
    // Arrange: d = 1, three classes: {−1, 1} (μ 0, V 1), {9, 11} (μ 10, V 1), {20} (μ 20, V 0).
    const H = fromRows([[-1, 1, 9, 11, 20]]);
    // Act
    const c = cdnv(H, [2, 2, 1]);
    // Assert: pairs (0,1): 2/2/100 = 0.01; (0,2): 1/2/400 = 1/800; (1,2): 1/2/100 = 1/200; mean of the three.
    close(c, (0.01 + 1 / 800 + 1 / 200) / 3);
  });

  it('should be invariant to a common translation and scale as 1 under a common scaling (a ratio of squares)', () => {
    // Arrange
    const H = fromRows([
      [0, 2, 5],
      [1, 1, -3],
    ]);
    const shifted = fromRows([
      [10, 12, 15],
      [-6, -6, -10],
    ]);
    const scaled = fromRows([
      [0, 6, 15],
      [3, 3, -9],
    ]);
    // Act
    const base = cdnv(H, [2, 1]);
    // Assert
    close(cdnv(shifted, [2, 1]), base);
    close(cdnv(scaled, [2, 1]), base);
  });

  it('should be 0 at collapse (every sample at its class mean) and NaN when two class means coincide or K = 1', () => {
    // Arrange
    const collapsedH = expandMeans(
      fromRows([
        [1, -1, 0],
        [0, 0, 2],
      ]),
      [3, 2, 4],
    );
    const coincident = fromRows([[-1, 1, 0]]);
    // Act / Assert
    expect(cdnv(collapsedH, [3, 2, 4])).toBe(0);
    expect(cdnv(coincident, [2, 1])).toBeNaN();
    expect(cdnv(fromRows([[1, 2]]), [2])).toBeNaN();
  });

  it('should be reported by ncMetrics beside NC1–NC4', () => {
    // Arrange: W = ETF, features = class mean ± 1 along the first coordinate.
    const W = simplexEtf(3, 2);
    const H = fromRows([
      [0, 2, 10, 12, 20],
      [0, 0, 0, 0, 0],
    ]);
    // Act
    const m = ncMetrics(W, H, undefined, [2, 2, 1]);
    // Assert: μ = 1, 11, 20; V = 1, 1, 0 → (2/2/100 + 1/2/361 + 1/2/81) / 3.
    close(m.cdnv, (0.01 + 1 / 722 + 1 / 162) / 3);
  });
});
