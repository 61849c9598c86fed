import { describe, expect, it } from 'vitest';
import { certifyUfmPoint } from '../../../src/certified/ufm/index.ts';
import { lossById } from '../../../src/losses/index.ts';
import { ufmObjective } from '../../../src/models/index.ts';
import type { UfmProblem } from '../../../src/models/index.ts';
import { cyclicAnsatz, cyclicFrequencySets, realizeCyclicAnsatz } from '../../../src/hunt/cyclicAnsatz.ts';
import { roundingAllowance } from '../../../src/hunt/multistart.ts';

const ce = lossById('ce');

function problem(K: number, d: number, n: number, lambda: number, bias: boolean): UfmProblem {
  return {
    loss: 'ce',
    K,
    d,
    counts: new Array<number>(K).fill(n),
    lambdaW: lambda,
    lambdaH: 1.5 * lambda,
    lambdaB: 0,
    bias,
  };
}

describe('cyclicFrequencySets', () => {
  it('should list the maximal real frequency sets that fit in d', () => {
    // Arrange / Act / Assert: pairs 1 ≤ f < K/2 take 2 dimensions, f = K/2 (K even) one.
    expect(cyclicFrequencySets(8, 3).map((s) => s.map((x) => x.f))).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
    expect(cyclicFrequencySets(6, 2).map((s) => s.map((x) => x.f))).toEqual([[1], [2], [3]]);
    expect(cyclicFrequencySets(4, 1).map((s) => s.map((x) => x.f))).toEqual([[2]]);
    expect(cyclicFrequencySets(5, 1)).toEqual([]);
  });
});

describe('cyclicAnsatz', () => {
  it('should pick the regular K-gon (a frequency coprime to K) for d = 2', () => {
    // Arrange
    const inst = { K: 7, d: 2, n: 1, lambdaW: 1e-3, lambdaH: 1.5e-3 };
    // Act
    const a = cyclicAnsatz(inst);
    // Assert: every frequency of 7 is coprime to it, so the three star polygons have the same multiset of logits and
    // their values agree up to the rounding of the K-term sums (≤ 64u·F for K ≤ 8) plus each fit's certified
    // suboptimality.
    expect(a.best.frequencies).toHaveLength(1);
    expect(a.best.weights[0]).toBeGreaterThan(0);
    for (const f of a.fits)
      expect(Math.abs(f.value - a.best.value)).toBeLessThanOrEqual(
        a.best.value * 64 * 2 ** -53 + f.suboptimality + a.best.suboptimality,
      );
  });

  for (const [K, d, n, bias] of [
    [4, 2, 1, false],
    [6, 3, 2, true],
    [8, 3, 1, false],
    [6, 1, 2, true],
  ] as const) {
    it(`should realise a certified critical point whose objective value is F(a) (K = ${K}, d = ${d}, n = ${n}, bias ${bias})`, () => {
      // Arrange
      const p = problem(K, d, n, 1e-3, bias);
      const inst = { K, d, n, lambdaW: p.lambdaW, lambdaH: p.lambdaH };
      const fit = cyclicAnsatz(inst).best;
      // Act
      const theta = realizeCyclicAnsatz(inst, fit, bias);
      const f = ufmObjective(p, ce).value(theta);
      const cert = certifyUfmPoint(p, ce, theta, 1);
      // Assert: f(θ) and F(a) evaluate the same number by two roundings (Higham bound of each sum, huntMultistart.ts);
      // the point is critical by the certificate's own criterion (‖∇f‖ ≤ 1e-8: symmetric criticality + the fit's
      // optimality), whatever its curvature (with a bias the K-gon is a saddle for K ≥ 5).
      expect(Math.abs(f - fit.value)).toBeLessThanOrEqual(2 * roundingAllowance(p, f, theta));
      expect(cert.gradNorm).toBeLessThanOrEqual(1e-8);
      expect(cert.kind).not.toBe('inconclusive');
    });
  }

  it('should certify the square (K = 4, d = 2, b ≡ 0) as a strict local minimum modulo rotation', () => {
    // Arrange
    const p = problem(4, 2, 1, 1e-2, false);
    const inst = { K: 4, d: 2, n: 1, lambdaW: p.lambdaW, lambdaH: p.lambdaH };
    // Act
    const cert = certifyUfmPoint(p, ce, realizeCyclicAnsatz(inst, cyclicAnsatz(inst).best, false), 1);
    // Assert
    expect(cert.kind).toBe('local-min');
    expect(cert.restricted?.lambdaMin ?? NaN).toBeGreaterThan(cert.tolerance);
  });

  it('should reject d = 1 with K odd (no cyclic orbit with Σ w_k = 0)', () => {
    expect(() => cyclicAnsatz({ K: 5, d: 1, n: 1, lambdaW: 1e-3, lambdaH: 1e-3 })).toThrow(/d/);
  });
});
