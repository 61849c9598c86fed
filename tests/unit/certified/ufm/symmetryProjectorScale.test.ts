/**
 * The symmetry projector (symmetryProjector.ts) depends on the point only through its tangent space: the tangents
 * at c·u are L_{cu}(A) = c·L_u(A) (THEORY.md §0: the rotation acts as (W, U) → (W Qᵀ, Q U)), so P, the kept rank m
 * of S = WᵀW + UUᵀ and the certified defect (ρ/s_min and ω are scale-free, module doc "Numerics") do not change when
 * W and U are scaled. Both eigenbasis routes: d ≤ 2K (S itself) and d > 2K (the 2K×2K Gram matrix).
 */
import { describe, expect, it } from 'vitest';
import { symmetryProjector } from '../../../../src/certified/ufm/symmetryProjector.ts';
import { ce, mse } from '../../../../src/losses/index.ts';
import { parseUfmProblem } from '../../../../src/models/index.ts';
import { denseOf, scaledPoint, spectrumOfS } from './_projectorPoints.ts';

function problem(loss: 'ce' | 'mse', K: number, d: number, bias: boolean) {
  return parseUfmProblem({ loss, K, d, n: 2, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias });
}

describe('symmetry projector under scaling of the point', () => {
  for (const [K, d, route] of [
    [3, 4, 'S itself (d ≤ 2K)'],
    [2, 7, 'the Gram matrix (d > 2K)'],
  ] as const) {
    it(`should give the same projector, rank and defect at 2¹⁰·u as at u (eigenbasis of ${route}, K=${K}, d=${d})`, () => {
      // Arrange: a power-of-two factor is exact in floating point, so every product of the construction scales
      // exactly and only its homogeneous-of-degree-0 results may be compared.
      const p = problem('ce', K, d, true);
      const u = scaledPoint(K, d, true, K * 10 + d, null);
      const u2 = scaledPoint(K, d, true, K * 10 + d, null, 1024);
      const n = u.length;
      // Act
      const a = symmetryProjector(p, ce, u, 'js');
      const b = symmetryProjector(p, ce, u2, 'js');
      // Assert: the same m and rank (all d directions kept at d ≤ 2K, 2K at d > 2K: S is generic);
      // the same P to rounding (entries O(1), 1e-12 ≫ the ~1e-16 differences of reordered sums); the defect
      // within a factor 2 (a bound that scaled like λ or 1/λ would move by 2²⁰ or more).
      expect(a.m).toBe(Math.min(d, 2 * K));
      expect(b.m).toBe(a.m);
      expect(b.rank).toBe(a.rank);
      const Pa = denseOf(n, (v, o) => a.project(v, o));
      const Pb = denseOf(n, (v, o) => b.project(v, o));
      let diff = 0;
      for (let i = 0; i < n * n; i++) diff = Math.max(diff, Math.abs((Pa[i] as number) - (Pb[i] as number)));
      expect(diff).toBeLessThan(1e-12);
      expect(a.defect).toBeGreaterThan(0);
      expect(b.defect).toBeLessThan(2 * a.defect);
      expect(b.defect).toBeGreaterThan(a.defect / 2);
    });
  }

  for (const [K, d, loss, seed, scales] of [
    [3, 4, 'mse', 3, [1, 1e-2, 1e-4, 1e-7]],
    [2, 7, 'ce', 4, [1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6]],
  ] as const) {
    it(`should keep the numerical rank of S at 10³·u and 10⁻³·u when S spans 15 decades (${loss}, K=${K}, d=${d})`, () => {
      // Arrange: the null-space floor is relative (η·λ_max, η = 1e-9), so the kept rank is the number of
      // eigenvalues of S above it at every scale. The expected m is counted on S's own spectrum, after checking
      // that no eigenvalue lies within a factor 5 of the floor (where rounding could tip the count).
      const p = problem(loss, K, d, true);
      const l = loss === 'ce' ? ce : mse;
      const ev = spectrumOfS(K, d, scaledPoint(K, d, true, seed, scales));
      const floor = 1e-9 * (ev[0] as number);
      for (const x of ev) expect(x > 5 * floor || x < floor / 5).toBe(true);
      const m = ev.filter((x) => x > floor).length;
      const rank = (m * (m - 1)) / 2 + m * (d - m) + (loss === 'ce' ? 1 : 0);
      for (const mult of [1, 1e3, 1e-3]) {
        // Act
        const pr = symmetryProjector(p, l, scaledPoint(K, d, true, seed, scales, mult), 'js');
        // Assert
        expect(pr.m, `m at ${mult}·u`).toBe(m);
        expect(pr.rank, `rank at ${mult}·u`).toBe(rank);
      }
      expect(m).toBeLessThan(d);
    });
  }
});
