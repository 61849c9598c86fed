/**
 * Which symmetry discount certifyUfmPoint (src/certified/ufm/secondOrder.ts) uses: the formed orbit tangents
 * (W Aᵀ, A H, 0) below the 2·10⁷-entry cap, the on-the-fly projector above it only for one sample per class (the
 * projector reads θ as [W K×d | H d×K | b], the layout of N = K columns), and no discount above the cap otherwise
 * (zero-modes then read as degeneracy: honest, never a false "local-min"). THEORY.md §0 for the O(d) symmetry.
 */
import { describe, expect, it } from 'vitest';
import { certifiedMinimizer, isCertified } from '../../../../src/certified/ufm/certified.ts';
import { certifyUfmPoint } from '../../../../src/certified/ufm/secondOrder.ts';
import { ce } from '../../../../src/losses/index.ts';
import { parseUfmProblem, ufmLayout } from '../../../../src/models/index.ts';

function minimizerOf(K: number, d: number, n: number) {
  const p = parseUfmProblem({ loss: 'ce', K, d, n, lambdaW: 1e-2, lambdaH: 1e-2, lambdaB: 0, bias: true });
  const cp = certifiedMinimizer(p, { seed: 1, loss: ce });
  if (!isCertified(cp)) throw new Error(`K=${K}, d=${d}, n=${n}: ${cp.why}`);
  return { p, theta: cp.theta };
}

describe('certifyUfmPoint: the symmetry discount it uses', () => {
  it('should certify a two-samples-per-class CE minimizer as a local min modulo its d(d−1)/2 rotation tangents and the bias shift (N ≠ K, below the cap)', () => {
    // Arrange: K = 3, d = 4 (d ≥ K), n = 2: N = 6 columns of H, which the projector's [W | U d×K | b] layout
    // cannot read.
    const { p, theta } = minimizerOf(3, 4, 2);
    expect(ufmLayout(p).N).toBe(6);
    // Act
    const c = certifyUfmPoint(p, ce, theta, 1);
    // Assert: rank W = K − 1 = 2 at the collapsed minimizer, so span{(W Aᵀ, A H)} has dimension
    // d(d−1)/2 − (d−m)(d−m−1)/2 with m = rank[W; Hᵀ] = 2: 6 − 1 = 5, plus the bias shift = 6.
    expect(c.kind).toBe('local-min');
    expect(c.restricted?.tangentRank).toBe(6);
  });

  it('should not discount the orbit above the cap when there is more than one sample per class (d = 300, n = 2)', () => {
    // Arrange: d(d−1)/2 · dim = 44 850 · 1 802 ≈ 8·10⁷ > 2·10⁷, and N = 4 ≠ K = 2.
    const { p, theta } = minimizerOf(2, 300, 2);
    // Act
    const c = certifyUfmPoint(p, ce, theta, 1);
    // Assert: no tangent supplied, so the 299 + 1 zero-modes stay in the spectrum: degenerate, not local-min.
    expect(c.restricted?.tangentRank ?? 0).toBe(0);
    expect(c.kind).toBe('degenerate');
  });
});
