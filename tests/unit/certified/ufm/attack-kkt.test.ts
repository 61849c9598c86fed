/**
 * Attacks on the convex KKT test of certifiedMinimizer (issue 9 item 4): ‖G‖₂ ≤ √(λ_Wλ_H) + τ_G decides global
 * optimality (THEORY.md §1.2 item 1, §0.3). Points that ALMOST pass — exact critical points with
 * ‖G‖₂ = (1 + 1e-3)·√(λ_Wλ_H) — must be rejected; true minimizers at ‖G‖₂ = √(λ_Wλ_H) (the nonzero optimum sits ON
 * the boundary) and at (1 − 1e-3)·√(λ_Wλ_H) (the origin above the threshold) must be accepted.
 *
 * Construction (THEORY.md §6.1, §6.2): at the origin ‖G‖₂ = σ₀ = 1/(K√n) for every loss and bias mode, and at a
 * rank-r MSE partial frame (r < K, d > r) ‖G‖₂ = 1/(K√n) too (on range(U)^⊥ G = −Y/N, on range(U) it is
 * κ/(K√n) = √(λ_Wλ_H)). Choosing √(λ_Wλ_H) = σ₀/(1 + 1e-3), i.e. κ = 1/(1 + 1e-3), makes the excess exactly 1e-3
 * relative; the point is exactly critical, so nothing but the test's own bound and allowance stands between it and
 * a false "global minimizer".
 */
import { describe, expect, it } from 'vitest';
import { certifiedMinimizer, isCertified, kktTest } from '../../../../src/certified/ufm/certified.ts';
import { ce, mse } from '../../../../src/losses/index.ts';
import type { LogitLoss } from '../../../../src/losses/index.ts';
import { parseUfmProblem, ufmObjective } from '../../../../src/models/index.ts';
import type { UfmProblem } from '../../../../src/models/index.ts';
import { originPoint, partialFramePoint } from '../../../../src/theory/index.ts';
import { nrm2 } from '../../../../src/linalg/index.ts';

const K = 4,
  n = 5,
  d = 5;
const SIGMA0 = 1 / (K * Math.sqrt(n));

/** A problem with √(λ_Wλ_H) = σ₀/factor and λ_W/λ_H = ratio. */
function problemAt(loss: 'ce' | 'mse', factor: number, ratio: number, bias: boolean, lambdaB: number): UfmProblem {
  const mu = SIGMA0 / factor;
  return parseUfmProblem({
    loss,
    K,
    d,
    n,
    lambdaW: mu * Math.sqrt(ratio),
    lambdaH: mu / Math.sqrt(ratio),
    lambdaB,
    bias,
  });
}

const lossOf = (id: 'ce' | 'mse'): LogitLoss => (id === 'ce' ? ce : mse);

const CASES = [
  { loss: 'ce', bias: true, lambdaB: 0.05 },
  { loss: 'ce', bias: false, lambdaB: 0 },
  { loss: 'mse', bias: false, lambdaB: 0 },
  { loss: 'mse', bias: true, lambdaB: 0 },
] as const;

function gradNorm(p: UfmProblem, loss: LogitLoss, theta: Float64Array): number {
  const f = ufmObjective(p, loss);
  const g = new Float64Array(f.dim);
  f.valueAndGrad(theta, g);
  return nrm2(g);
}

describe('KKT spectral test under attack (certified.ts)', () => {
  for (const c of CASES) {
    for (const ratio of [1, 4]) {
      it(`should reject the exactly critical origin with ‖G‖₂ = (1 + 1e-3)·√(λ_Wλ_H) (${c.loss}, bias ${c.bias}, λ_W/λ_H = ${ratio})`, () => {
        // Arrange: κ = 1/(1 + 1e-3), just below the threshold; the origin is a strict saddle, not a minimizer.
        const p = problemAt(c.loss, 1 + 1e-3, ratio, c.bias, c.lambdaB);
        const loss = lossOf(c.loss);
        const o = originPoint(p, loss);
        const cp = certifiedMinimizer(p, { seed: 1, loss }); // the true minimizer of the same instance: its δ is the realistic one
        // Act
        const exact = kktTest(p, loss, o.theta, 0);
        const realistic = kktTest(p, loss, o.theta, isCertified(cp) ? cp.delta : Number.NaN);
        // Assert
        expect(gradNorm(p, loss, o.theta)).toBeLessThanOrEqual(1e-15);
        expect(o.sigma).toBeCloseTo(SIGMA0, 14);
        expect(exact.gSpectral / exact.bound - 1).toBeCloseTo(1e-3, 9);
        expect(exact.pass).toBe(false);
        expect(isCertified(cp)).toBe(true);
        expect(realistic.pass).toBe(false);
      });
    }
  }

  it('should reject the exactly critical rank-(K−1) MSE partial frame (W ≠ 0) with ‖G‖₂ = (1 + 1e-3)·√(λ_Wλ_H) at every δ up to 1e-6', () => {
    // Arrange: §6.2, r = K − 1 < K, d > r: a saddle whose factors are far from zero, so the allowance is exercised.
    const p = problemAt('mse', 1 + 1e-3, 2, false, 0);
    const pf = partialFramePoint(p, K - 1);
    // Act
    const verdicts = [0, 1e-12, 1e-9, 1e-6].map((delta) => kktTest(p, mse, pf.theta, delta));
    // Assert
    expect(pf.global).toBe(false);
    expect(gradNorm(p, mse, pf.theta)).toBeLessThanOrEqual(1e-14);
    expect(verdicts[0]?.gSpectral ?? 0).toBeCloseTo(SIGMA0, 13);
    for (const v of verdicts) expect(v.pass).toBe(false);
  });

  it('should keep the allowance τ_G below a tenth of the 1e-3 excess at the δ of a certified minimizer', () => {
    // Arrange: the same instance's true minimizer; τ_G at its δ is what separates the attack above from a pass.
    const p = problemAt('ce', 1 + 1e-3, 1, true, 0.05);
    const cp = certifiedMinimizer(p, { seed: 2, loss: ce });
    if (!isCertified(cp)) throw new Error(`not certified: ${cp.why}`);
    // Act
    const t = kktTest(p, ce, cp.theta, cp.delta);
    // Assert
    expect(t.allowance).toBeLessThan(1e-4 * t.bound);
  });

  for (const c of CASES) {
    it(`should accept the origin when ‖G‖₂ = (1 − 1e-3)·√(λ_Wλ_H), where it is the global minimizer (${c.loss}, bias ${c.bias})`, () => {
      // Arrange: κ = 1/(1 − 1e-3) > 1.
      const p = problemAt(c.loss, 1 - 1e-3, 1, c.bias, c.lambdaB);
      const o = originPoint(p, lossOf(c.loss));
      // Act
      const t = kktTest(p, lossOf(c.loss), o.theta, 0);
      // Assert
      expect(t.gSpectral / t.bound - 1).toBeCloseTo(-1e-3, 9);
      expect(t.pass).toBe(true);
    });

    it(`should certify the true minimizer on both sides of κ = 1 at 1 ∓ 1e-3, with ‖G‖₂ on the boundary below it (${c.loss}, bias ${c.bias})`, () => {
      for (const factor of [1 + 1e-3, 1 - 1e-3]) {
        // Arrange
        const p = problemAt(c.loss, factor, 1, c.bias, c.lambdaB);
        // Act
        const cp = certifiedMinimizer(p, { seed: 5, loss: lossOf(c.loss) });
        // Assert
        if (!isCertified(cp)) throw new Error(`κ = ${1 / factor}: ${cp.why}`);
        const excess = cp.kkt.gSpectral / cp.kkt.bound - 1;
        if (factor > 1)
          expect(Math.abs(excess)).toBeLessThan(1e-12); // nonzero optimum: ‖G‖₂ = √(λ_Wλ_H) exactly
        else expect(excess).toBeCloseTo(-1e-3, 6); // zero optimum: the origin's σ₀
      }
    });
  }
});
