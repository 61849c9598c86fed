/**
 * nullDefectSq (src/certified/saddle/saddle.ts; THEORY.md §1.2) at d = 3, where WᵀW + HHᵀ has off-diagonal entries
 * away from the first row: s² = λ_min of a 3×3 matrix with a hand-computed spectrum.
 */
import { describe, expect, it } from 'vitest';
import { nullDefectSq } from '../../../../src/certified/saddle/index.ts';
import { matOf } from '../../../../src/core/index.ts';
import { parseUfmProblem, ufmLayout } from '../../../../src/models/index.ts';

describe('nullDefectSq at d = 3', () => {
  it('should equal the smallest eigenvalue of a WᵀW + HHᵀ coupling the 2nd and 3rd coordinates', () => {
    // Arrange: K = 2, N = 2 (counts [1, 1]). W rows (2, 0, 0), (0, 1, 1): WᵀW = [[4,0,0],[0,1,1],[0,1,1]];
    // H columns (0, 1, 0) and (0, 0, 0): HHᵀ = e₂e₂ᵀ; M = [[4,0,0],[0,2,1],[0,1,1]],
    // whose lower block [[2,1],[1,1]] has eigenvalues (3 ± √5)/2: λ_min = (3 − √5)/2 ≈ 0.382.
    const p = parseUfmProblem({
      loss: 'mse',
      K: 2,
      d: 3,
      counts: [1, 1],
      lambdaW: 0.1,
      lambdaH: 0.1,
      lambdaB: 0,
      bias: false,
    });
    const layout = ufmLayout(p);
    const theta = layout.pack({
      W: matOf(2, 3, new Float64Array([2, 0, 0, 0, 1, 1])),
      H: matOf(3, 2, new Float64Array([0, 0, 1, 0, 0, 0])),
      b: new Float64Array(2),
    });
    // Act
    const s2 = nullDefectSq(layout, theta);
    // Assert
    expect(s2).toBeCloseTo((3 - Math.sqrt(5)) / 2, 14);
  });
});
