/**
 * Attacks on the global lower bound (src/certify/global.ts), issue 9 item 4. The bound D(Γ) must never exceed f*
 * (else a non-optimal point could be "certified"), a point above f* by a known amount must show at least that gap,
 * and at a certified minimizer the gap must be at rounding level (else the bound was shifted down and certifies
 * nothing). f* is the closed form (Zhu Thm 3.1 for CE, Tirer–Bruna Thm 3.1 for MSE bias-free; THEORY.md §1.1, §2.1),
 * which for d < K−1 is the relaxation value P ≤ f*(d) (the relaxation does not see d, §0.3) — the bound must stay
 * below it there too.
 *
 * Known excess: the collapsed family θ(s) = ((1+s)W*, (1+s)H*) moves the logits to (1+s)²Z* along the NC family
 * (THEORY.md §1.1 item 4 for CE; the same scaling for MSE); its value above f*, Δ(s) = f(θ(s)) − f* > 0, is O(s²)
 * and is read from the objective against the closed-form f*. gap ≥ Δ is the same statement as lowerBound ≤ f*,
 * made at points whose excess is as small as 1e-8.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import { globalLowerBound } from '../../../src/certify/index.ts';
import { certifiedMinimizer, isCertified } from '../../../src/certified/ufm/certified.ts';
import { ce, mse } from '../../../src/losses/index.ts';
import type { LogitLoss } from '../../../src/losses/index.ts';
import { parseUfmProblem, ufmLayout, ufmObjective } from '../../../src/models/index.ts';
import type { UfmProblem } from '../../../src/models/index.ts';
import { predictCeGlobalMin, predictMseBiasFree } from '../../../src/theory/index.ts';

/** Rounding allowance of the bound's own evaluation at these sizes (K ≤ 5, N ≤ 15, |f| < 2): 1e-13. */
const ROUND = 1e-13;

interface Case {
  readonly loss: 'ce' | 'mse';
  readonly K: number;
  readonly d: number;
  readonly n: number;
  readonly lambda: number;
}
const CASES: readonly Case[] = [
  { loss: 'ce', K: 4, d: 3, n: 3, lambda: 1e-2 },
  { loss: 'ce', K: 3, d: 4, n: 2, lambda: 3e-3 },
  { loss: 'mse', K: 4, d: 4, n: 3, lambda: 1e-2 },
  { loss: 'mse', K: 3, d: 5, n: 2, lambda: 1e-3 },
];
const BELOW: readonly Case[] = [
  { loss: 'ce', K: 5, d: 2, n: 3, lambda: 1e-2 },
  { loss: 'ce', K: 4, d: 1, n: 2, lambda: 3e-3 },
  { loss: 'mse', K: 4, d: 2, n: 3, lambda: 1e-3 },
];

const lossOf = (c: Case): LogitLoss => (c.loss === 'ce' ? ce : mse);
const problemOf = (c: Case): UfmProblem =>
  parseUfmProblem({
    loss: c.loss,
    K: c.K,
    d: c.d,
    n: c.n,
    lambdaW: c.lambda,
    lambdaH: c.lambda,
    lambdaB: 0,
    bias: false,
  });
/** f* of the relaxation (= f* for d ≥ rank of its optimum, ≤ f*(d) otherwise). */
function fStarOf(c: Case): number {
  return c.loss === 'ce'
    ? predictCeGlobalMin({ K: c.K, n: c.n, lambdaW: c.lambda, lambdaH: c.lambda, lambdaB: 0, bias: false }).fStar
    : predictMseBiasFree({ K: c.K, n: c.n, lambdaW: c.lambda, lambdaH: c.lambda }).fStar;
}

function scaledPoint(p: UfmProblem, theta: Float64Array, s: number): Float64Array {
  const L = ufmLayout(p);
  const out = theta.slice();
  for (let i = L.offW; i < L.offH + L.d * L.N; i++) out[i] = (out[i] as number) * (1 + s);
  return out;
}

describe('global lower bound under attack (certify/global.ts)', () => {
  for (const c of CASES) {
    const label = `${c.loss} K=${c.K} d=${c.d} n=${c.n} λ=${c.lambda}`;
    it(`should have a rounding-level gap at the certified minimizer and a lower bound ≤ f* (${label})`, () => {
      // Arrange
      const p = problemOf(c);
      const cp = certifiedMinimizer(p, { seed: 1, loss: lossOf(c) });
      if (!isCertified(cp)) throw new Error(cp.why);
      // Act
      const g = globalLowerBound(p, lossOf(c), cp.theta);
      // Assert
      expect(Math.abs(g.value - fStarOf(c))).toBeLessThan(ROUND);
      expect(g.lowerBound).toBeLessThanOrEqual(fStarOf(c) + ROUND);
      expect(g.gap).toBeLessThan(1e-12);
    });

    it(`should show a gap at least the known excess Δ of points on the NC family above f* (${label})`, () => {
      // Arrange
      const p = problemOf(c);
      const loss = lossOf(c);
      const cp = certifiedMinimizer(p, { seed: 2, loss });
      if (!isCertified(cp)) throw new Error(cp.why);
      const f = ufmObjective(p, loss);
      for (const s of [1e-4, -1e-4, 1e-3, 3e-2]) {
        const theta = scaledPoint(p, cp.theta, s);
        const excess = f.value(theta) - fStarOf(c);
        // Act
        const g = globalLowerBound(p, loss, theta);
        // Assert: Δ ≈ O(s²) > 0, and the gap covers it.
        expect(excess).toBeGreaterThan(0);
        expect(g.gap).toBeGreaterThanOrEqual(excess - ROUND);
      }
    });

    it(`should never put the bound above f* at random points of any scale (${label})`, () => {
      // Arrange
      const p = problemOf(c);
      const rng = createRng(17);
      const dim = ufmLayout(p).dim;
      for (const scale of [1e-3, 0.1, 1, 5]) {
        for (let rep = 0; rep < 5; rep++) {
          const theta = Float64Array.from({ length: dim }, () => scale * rng.normal());
          // Act
          const g = globalLowerBound(p, lossOf(c), theta);
          // Assert
          expect(g.lowerBound).toBeLessThanOrEqual(fStarOf(c) + ROUND);
        }
      }
    });
  }

  for (const c of BELOW) {
    it(`should keep the bound ≤ P ≤ f*(d) for d below the relaxation's rank, at random points (${c.loss} K=${c.K} d=${c.d})`, () => {
      // Arrange
      const p = problemOf(c);
      const rng = createRng(23);
      const dim = ufmLayout(p).dim;
      const points = [0.1, 1, 3].map((scale) => Float64Array.from({ length: dim }, () => scale * rng.normal()));
      // Act
      const bounds = points.map((t) => globalLowerBound(p, lossOf(c), t));
      // Assert
      for (const g of bounds) expect(g.lowerBound).toBeLessThanOrEqual(fStarOf(c) + ROUND);
    });
  }
});
