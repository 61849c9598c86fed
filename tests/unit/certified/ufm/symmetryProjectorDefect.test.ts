/**
 * The certified defect of the symmetry projector (symmetryProjector.ts, module doc "Numerics"): `defect` bounds
 * ‖P − P'‖₂, P' the exact orthogonal projector onto the computed tangents, by 2(ρ + 2ω‖S‖)/s_min + 2ω with ρ the
 * eigen residual of the computed basis Q of range(S), ω = ‖QᵀQ − I‖_F and s_min the smallest kept λ_i + λ_j or λ_i.
 * Two behaviours: it covers the departure of P from a projector that one can measure, and — because both routes
 * deliver an eigenbasis that is orthonormal and diagonalises S to rounding (the Gram route by two Gram–Schmidt
 * passes) — it is of rounding order times λ_max/s_min, not larger.
 */
import { describe, expect, it } from 'vitest';
import { symmetryProjector } from '../../../../src/certified/ufm/symmetryProjector.ts';
import { ce, mse } from '../../../../src/losses/index.ts';
import { parseUfmProblem } from '../../../../src/models/index.ts';
import { denseOf, projectorErrors, scaledPoint, spectrumOfS } from './_projectorPoints.ts';

const U = 2 ** -52;

function problem(loss: 'ce' | 'mse', K: number, d: number) {
  return parseUfmProblem({ loss, K, d, n: 2, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias: true });
}

describe('certified defect of the symmetry projector', () => {
  for (const [K, d, loss, seed, scales] of [
    [3, 4, 'mse', 3, [1, 1e-2, 1e-4, 1e-7]],
    [2, 3, 'ce', 7, [1, 1e-2, 1e-4]],
  ] as const) {
    it(`should bound the measured departure of P from a projector at an ill-conditioned point (${loss}, K=${K}, d=${d})`, () => {
      // Arrange: S's kept eigenvalues span ~8 decades, so the computed eigenbasis is visibly inexact.
      const p = problem(loss, K, d);
      const u = scaledPoint(K, d, true, seed, scales);
      const n = u.length;
      // Act
      const pr = symmetryProjector(p, loss === 'ce' ? ce : mse, u, 'js');
      const { asym, idem } = projectorErrors(
        n,
        denseOf(n, (v, o) => pr.project(v, o)),
      );
      // Assert: P = P' + E with ‖E‖₂ ≤ defect gives ‖P² − P‖₂ ≤ 3·defect + defect². The max entry is ≤ the
      // 2-norm. What the bound does not cover: the rounding of applying P and of the test's own product P·P; the
      // exact P is symmetric, so the first shows in the measured asymmetry (allowed 10·n times over), the second
      // is ≤ n·u·‖P‖² (entries of P ≤ 1 + defect).
      expect(pr.m).toBeLessThan(d);
      expect(idem).toBeGreaterThan(1e-12); // the case is a real test of the bound
      expect(idem).toBeLessThanOrEqual(3 * pr.defect + pr.defect ** 2 + 10 * n * asym + 4 * n * U);
    });
  }

  for (const [K, d, seed, scales] of [
    [2, 7, 4, [1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6]],
    [2, 7, 5, [1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6]],
    [3, 9, 6, [1, 0.3, 1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4]],
    [3, 4, 3, [1, 1e-2, 1e-4, 1e-7]],
  ] as const) {
    it(`should certify a defect of rounding order times λ_max/s_min (K=${K}, d=${d}, ${d > 2 * K ? 'Gram' : 'S'} route)`, () => {
      // Arrange
      const p = problem('ce', K, d);
      const u = scaledPoint(K, d, true, seed, scales);
      const ev = spectrumOfS(K, d, u);
      // Act
      const pr = symmetryProjector(p, ce, u, 'js');
      // Assert: first-order rounding model of the module doc's bound. ω ≤ 2·m·d·u (inner products of length d of
      // an m-column basis orthonormalised to rounding), ρ ≤ (2·m·K + d)·u·λ_max (products of length K of the
      // m×m Gram blocks, plus the eigensolver's backward error), so defect ≤ 2(ρ + 2ω λ_max)/s_min + 2ω ≤
      // 2(2mK + 2md + d)·u·λ_max/s_min up to O(u). s_min = λ_m (pairs range × null space, m < d) or 2λ_m.
      const m = pr.m;
      const lamMax = ev[0] as number,
        lamM = ev[m - 1] as number;
      const sMin = m < d ? lamM : 2 * lamM;
      const bound = 2 * (2 * m * K + 2 * m * d + d) * U * (lamMax / sMin);
      expect(lamMax / sMin).toBeGreaterThan(1e5); // ill-conditioned enough to separate u·κ from u·κ^1.5
      expect(pr.defect).toBeGreaterThan(0);
      expect(pr.defect).toBeLessThanOrEqual(bound);
    });
  }
});
