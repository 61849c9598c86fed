/**
 * The equivalent n = 1 problem of collapsedProblem.ts (issue 12 item 4): certified on its own, its minimizer must
 * agree with the certified minimizer of the full problem in value, W Wᵀ and H̄ᵀH̄ within the sum of both
 * certificates' tolerances (tolerance.ts), and the equivalence must be refused where it does not hold.
 */
import { describe, expect, it } from 'vitest';
import { certifiedMinimizer, isCertified } from '../../../../src/certified/ufm/certified.ts';
import {
  certificationEquivalent,
  collapsedEquivalent,
  COLLAPSE_MIN_ENTRIES,
  expandCertified,
} from '../../../../src/certified/ufm/collapsedProblem.ts';
import { partsOf } from '../../../../src/certified/ufm/compare.ts';
import { gramTolerance, pointValueTolerance } from '../../../../src/certified/ufm/tolerance.ts';
import { ce, mse } from '../../../../src/losses/index.ts';
import { parseUfmProblem } from '../../../../src/models/index.ts';
import type { Mat } from '../../../../src/core/index.ts';

function gramRows(A: Mat): Float64Array {
  // A Aᵀ
  const G = new Float64Array(A.rows * A.rows);
  for (let i = 0; i < A.rows; i++)
    for (let j = 0; j < A.rows; j++) {
      let s = 0;
      for (let c = 0; c < A.cols; c++) s += (A.data[i * A.cols + c] as number) * (A.data[j * A.cols + c] as number);
      G[i * A.rows + j] = s;
    }
  return G;
}
function gramCols(A: Mat): Float64Array {
  // Aᵀ A
  const G = new Float64Array(A.cols * A.cols);
  for (let i = 0; i < A.cols; i++)
    for (let j = 0; j < A.cols; j++) {
      let s = 0;
      for (let r = 0; r < A.rows; r++) s += (A.data[r * A.cols + i] as number) * (A.data[r * A.cols + j] as number);
      G[i * A.cols + j] = s;
    }
  return G;
}
const frob = (a: Float64Array, b: Float64Array): number =>
  Math.sqrt(a.reduce((s, x, i) => s + (x - (b[i] as number)) ** 2, 0));
const norm = (A: Mat): number => Math.sqrt(A.data.reduce((s, x) => s + x * x, 0));

describe('certifying the equivalent n = 1 problem', () => {
  for (const c of [
    { loss: 'ce', K: 4, d: 5, n: 6, lambda: 5e-3, bias: true, lambdaB: 0 },
    { loss: 'ce', K: 3, d: 2, n: 4, lambda: 1e-2, bias: false, lambdaB: 0 },
    { loss: 'mse', K: 4, d: 4, n: 3, lambda: 1e-2, bias: true, lambdaB: 1e-2 },
  ] as const) {
    it(`should certify the same W Wᵀ, H̄ᵀH̄ and f* as the full problem within both tolerances (${c.loss}, K=${c.K}, d=${c.d}, n=${c.n}, bias ${c.bias})`, () => {
      // Arrange
      const loss = c.loss === 'ce' ? ce : mse;
      const p = parseUfmProblem({
        loss: c.loss,
        K: c.K,
        d: c.d,
        n: c.n,
        lambdaW: c.lambda,
        lambdaH: c.lambda,
        lambdaB: c.lambdaB,
        bias: c.bias,
      });
      const eq = collapsedEquivalent(p, loss);
      if (eq === undefined) throw new Error('no equivalent');
      // Act
      const full = certifiedMinimizer(p, { seed: 3, loss });
      const one = certifiedMinimizer(eq.problem, { seed: 3, loss });
      // Assert
      if (!isCertified(full) || !isCertified(one)) throw new Error('not certified');
      expect(eq.problem.counts).toEqual(new Array(c.K).fill(1));
      expect(eq.problem.lambdaH).toBeCloseTo(Math.sqrt(c.n) * c.lambda, 15);
      expect(eq.scale).toBeCloseTo(c.n ** 0.25, 14);
      const e = expandCertified(eq, one);
      const tolV =
        pointValueTolerance(p, full.theta, full.value, full.gradBound, full.curvature.mu) +
        pointValueTolerance(eq.problem, one.theta, one.value, one.gradBound, one.curvature.mu);
      expect(Math.abs(full.value - one.value)).toBeLessThanOrEqual(tolV);
      const a = partsOf(full),
        b = e.parts;
      expect(b.nMin).toBe(c.n);
      const tolW = gramTolerance(norm(a.W), full.delta, c.K, c.d) + gramTolerance(norm(b.W), e.cp.delta, c.K, c.d);
      expect(frob(gramRows(a.W), gramRows(b.W))).toBeLessThanOrEqual(tolW);
      // H̄ moves by ≤ δ/√n in the full metric, for both points.
      const tolH =
        gramTolerance(norm(a.Hbar), full.delta / Math.sqrt(c.n), c.K, c.d) +
        gramTolerance(norm(b.Hbar), e.cp.delta / Math.sqrt(c.n), c.K, c.d);
      expect(frob(gramCols(a.Hbar), gramCols(b.Hbar))).toBeLessThanOrEqual(tolH);
      // ‖H‖_F of the stand-in is the full one's (√n·‖H̄‖_F), and δ is of the same order as the full certificate's.
      expect(norm(b.H)).toBeCloseTo(Math.sqrt(c.n) * norm(b.Hbar), 12);
      expect(e.cp.delta).toBeLessThan(100 * full.delta + 1e-12);
    });
  }

  it('should refuse the equivalence for imbalanced counts, λ_H = 0 and n = 1, and keep small instances as they are', () => {
    // Arrange
    const base = { loss: 'ce', K: 3, d: 3, lambdaW: 1e-2, lambdaH: 1e-2, lambdaB: 0, bias: true };
    // Act / Assert
    expect(collapsedEquivalent(parseUfmProblem({ ...base, counts: [2, 3, 3] }), ce)).toBeUndefined();
    expect(collapsedEquivalent(parseUfmProblem({ ...base, n: 4, lambdaH: 0 }), ce)).toBeUndefined();
    expect(collapsedEquivalent(parseUfmProblem({ ...base, n: 1 }), ce)).toBeUndefined();
    expect(certificationEquivalent(parseUfmProblem({ ...base, n: 4 }), ce)).toBeUndefined();
    const big = parseUfmProblem({ ...base, d: 512, n: Math.ceil(COLLAPSE_MIN_ENTRIES / (3 * 512)) });
    expect(certificationEquivalent(big, ce)?.problem.counts).toEqual([1, 1, 1]);
  });
});
