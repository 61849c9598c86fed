/**
 * The CE mixing scan of the weak-duality bound (src/certify/_global/dualBound.ts, THEORY.md §0.3, §7.1): with a free
 * bias the projected dual point V = U − ū1ᵀ must give q = V_j + e_{y_j} ≥ 0 in every column, and the interior point
 * V⁰ (q⁰ = π) is mixed in only when an entry of some column's q is negative. The scan must read each column's own
 * entries with that column's label, and nothing else: a scan that runs one column past the end of a class row reads
 * the next class's first column without its label indicator, sees a negative "q", and mixes needlessly (a weaker
 * bound).
 */
import { describe, expect, it } from 'vitest';
import { dualBoundFromGradient } from '../../../src/certify/_global/dualBound.ts';

describe('dualBoundFromGradient mixing scan', () => {
  it('should not mix when every column stays in the simplex, even if the next class row starts negative', () => {
    // Arrange: K = 2, labels (1, 0), weights 1; column 0 predicts p = (½, ½): u₀ = p − e₁ = (½, −½); column 1
    // predicts p = (0.9, 0.1): u₁ = p − e₀ = (−0.1, 0.1). Row-major K×m: row 0 = (½, −0.1), row 1 = (−½, 0.1).
    // ū = Σ_j u_j / N = (0.2, −0.2), so V row 0 = (0.3, −0.3), row 1 = (−0.3, 0.3): q₀ = V₀ + e₁ = (0.3, 0.7),
    // q₁ = V₁ + e₀ = (0.7, 0.3), all ≥ 0, so no mixing. Row 1 starts with V = −0.3 < 0 (column 0's entry for its
    // label 1, where q = 0.7).
    const U = Float64Array.of(0.5, -0.1, -0.5, 0.1);
    // Act
    const d = dualBoundFromGradient(
      'ce',
      { K: 2, m: 2, U, y: Int32Array.of(1, 0), w: Float64Array.of(1, 1) },
      10,
      'free',
      0,
    );
    // Assert: mix = 0 exactly; Gram of V = 0.18[[1, −1], [−1, 1]], λ_max = 0.36, σ̄/N ≈ 0.3 < μ = 10, so t = 1 and
    // L* = ½ Σ_j Σ_a q log q = 0.3 log 0.3 + 0.7 log 0.7. Tolerance: a handful of roundings of O(1) terms (the
    // existing closed-form tests of globalBranches.test.ts use the same 1e-14); a needless mix (weight 0.3/(π₀ + 0.3)
    // = 0.375) moves q to (0.375, 0.625) and L* by ≈ 0.05.
    expect(d.mix).toBe(0);
    expect(d.t).toBe(1);
    const conj = 0.3 * Math.log(0.3) + 0.7 * Math.log(0.7);
    expect(Math.abs(d.conjugate - conj)).toBeLessThanOrEqual(1e-14);
    expect(Math.abs(d.bound + conj)).toBeLessThanOrEqual(1e-14);
  });
});
