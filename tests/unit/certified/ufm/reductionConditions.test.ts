/**
 * When the two exact reductions of the minimizer certificates apply, and what they map (issue 12 item 4):
 * - collapsedProblem.ts: a balanced problem with λ_H > 0 and a loss convex in z is equivalent to the n = 1 problem
 *   with λ_W' = √n·λ_W, λ_H' = √n·λ_H and the scale s = n^{1/4} (W = s·W', H̄ = H̄'/s, full δ = s·δ₁); the
 *   certificates use it from d·N ≥ 2²⁰ entries on.
 * - rankReduction.ts: one sample per class and d > K reduce to d′ = K, lifted by zero columns of W and zero rows
 *   of H (the bias unchanged).
 */
import { describe, expect, it } from 'vitest';
import { certifiedMinimizer, isCertified } from '../../../../src/certified/ufm/certified.ts';
import {
  certificationEquivalent,
  collapsedEquivalent,
  COLLAPSE_MIN_ENTRIES,
  expandCertified,
} from '../../../../src/certified/ufm/collapsedProblem.ts';
import { liftPoint, rankReducedProblem, rankReducible } from '../../../../src/certified/ufm/rankReduction.ts';
import { ce, lossById } from '../../../../src/losses/index.ts';
import { parseUfmProblem } from '../../../../src/models/index.ts';

const base = { loss: 'ce', lambdaW: 1e-2, lambdaH: 2e-2, lambdaB: 0.5, bias: true };

describe('the n = 1 equivalent (collapsedProblem.ts)', () => {
  it('should scale λ_W and λ_H by √n and keep K, d, λ_b, bias and loss, with s = n^{1/4}', () => {
    // Arrange: n = 16, so √n = 4 and s = 2
    const p = parseUfmProblem({ ...base, K: 3, d: 2, n: 16 });
    // Act
    const eq = collapsedEquivalent(p, ce);
    // Assert
    expect(eq?.n).toBe(16);
    expect(eq?.scale).toBe(2);
    expect(eq?.problem).toEqual({ ...p, counts: [1, 1, 1], lambdaW: 4e-2, lambdaH: 8e-2 });
  });

  it('should refuse a loss that is not convex in z (focal, γ = 2)', () => {
    expect(
      collapsedEquivalent(parseUfmProblem({ ...base, loss: 'focal(2)', K: 3, d: 2, n: 4 }), lossById('focal(2)')),
    ).toBe(undefined);
  });

  it('should certify through the equivalent from exactly d·N = 2²⁰ entries, not one below', () => {
    // Arrange: d = 1, K = 2, n = 2¹⁹ gives d·N = 2²⁰; K = 3, n = 349 525 gives 2²⁰ − 1
    const at = parseUfmProblem({ ...base, K: 2, d: 1, n: 2 ** 19 });
    const below = parseUfmProblem({ ...base, K: 3, d: 1, n: 349_525 });
    // Act / Assert
    expect(COLLAPSE_MIN_ENTRIES).toBe(2 ** 20);
    expect(certificationEquivalent(at, ce)?.n).toBe(2 ** 19);
    expect(certificationEquivalent(below, ce)).toBeUndefined();
  });

  it('should map a certified point of f₁ back with W = s·W′, H̄ = H̄′/s, ‖H‖ of √n·H̄, n_min = n and δ = s·δ₁', () => {
    // Arrange: n = 16, s = 2
    const p = parseUfmProblem({ ...base, K: 3, d: 3, n: 16 });
    const eq = collapsedEquivalent(p, ce);
    if (eq === undefined) throw new Error('expected an equivalent');
    const cp1 = certifiedMinimizer(eq.problem, { seed: 3, loss: ce });
    if (!isCertified(cp1)) throw new Error('f₁ not certified');
    // Act
    const { cp, parts } = expandCertified(eq, cp1);
    // Assert: multiplying by 2, ½ and 4 is exact in binary floating point
    const t = cp1.theta;
    expect(Array.from(parts.W.data)).toEqual(Array.from(t.subarray(0, 9), (x) => 2 * x));
    expect(Array.from(parts.Hbar.data)).toEqual(Array.from(t.subarray(9, 18), (x) => x / 2));
    expect(Array.from(parts.H.data)).toEqual(Array.from(t.subarray(9, 18), (x) => 2 * x));
    expect(Array.from(parts.b)).toEqual(Array.from(t.subarray(18, 21)));
    expect(parts.nMin).toBe(16);
    expect(cp.delta).toBe(2 * cp1.delta);
    expect(cp.gradBound).toBe(cp1.gradBound);
  });
});

describe('rank reduction d → d′ = K (rankReduction.ts)', () => {
  it('should apply to one sample per class with d > K only', () => {
    // Arrange
    const one = (K: number, d: number): ReturnType<typeof parseUfmProblem> => parseUfmProblem({ ...base, K, d, n: 1 });
    // Act / Assert
    expect(rankReducible(one(3, 4))).toBe(true);
    expect(rankReducible(one(3, 3))).toBe(false);
    expect(rankReducible(one(3, 2))).toBe(false);
    expect(rankReducible(parseUfmProblem({ ...base, K: 3, d: 5, counts: [1, 2, 1] }))).toBe(false);
    expect(rankReducedProblem(one(3, 7))).toEqual(one(3, 3));
  });

  it('should lift θ′ by zero columns of W and zero rows of H, and copy the bias', () => {
    // Arrange: K = 2, d = 3, d′ = 2, N = 2; θ′ = [W′ 2×2 | H′ 2×2 | b]
    const p = parseUfmProblem({ ...base, K: 2, d: 3, n: 1 });
    const red = rankReducedProblem(p);
    const thetaR = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Act
    const theta = liftPoint(p, red, thetaR);
    // Assert: W = [[1, 2, 0], [3, 4, 0]], H = [[5, 6], [7, 8], [0, 0]], b = (9, 10)
    expect(Array.from(theta)).toEqual([1, 2, 0, 3, 4, 0, 5, 6, 7, 8, 0, 0, 9, 10]);
  });
});
