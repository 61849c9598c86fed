/**
 * Second-order multistarts (src/certified/ufm/multistart.ts): start s uses seed (seed + 104729·s) mod 2³², each run
 * reaches a second-order critical point of the full objective, and a converged run carries μ > 0 and a value
 * tolerance that covers its distance to the closed-form f* — at d ≥ K the CE landscape has no spurious local minima
 * (Zhu et al. 2021, Thm 3.2; THEORY.md §1.2), so every converged start must be within its own tolerance of f*.
 */
import { describe, expect, it } from 'vitest';
import { globalValue } from '../../../../src/certified/ufm/globalValue.ts';
import { secondOrderStart, secondOrderStarts, startSeed } from '../../../../src/certified/ufm/multistart.ts';
import { pointValueTolerance } from '../../../../src/certified/ufm/tolerance.ts';
import { restrictedCurvature } from '../../../../src/certified/ufm/curvature.ts';
import { solveUfm } from '../../../../src/certified/ufm/solve.ts';
import { ce } from '../../../../src/losses/index.ts';
import { parseUfmProblem } from '../../../../src/models/index.ts';

const p = parseUfmProblem({ loss: 'ce', K: 3, d: 3, n: 2, lambdaW: 0.01, lambdaH: 0.02, lambdaB: 0, bias: false });

describe('startSeed', () => {
  it('should step by 104729 per start and wrap modulo 2³²', () => {
    expect(startSeed(5, 0)).toBe(5);
    expect(startSeed(5, 3)).toBe(5 + 3 * 104729);
    expect(startSeed(2 ** 32 - 1, 1)).toBe(104728);
  });
});

describe('secondOrderStart', () => {
  it('should converge to a point whose value is within its certified tolerance of f* (no spurious minima, d ≥ K)', () => {
    // Arrange
    const fStar = globalValue(p);
    // Act
    const r = secondOrderStart(p, ce, 11);
    // Assert
    expect(r.seed).toBe(11);
    expect(r.status).toBe('converged');
    expect(r.gradNorm).toBeLessThanOrEqual(1e-10);
    expect(r.iterations).toBeGreaterThan(0);
    expect(r.mu).toBeGreaterThan(0);
    expect(r.valueTol).toBeGreaterThan(0);
    expect(Math.abs(r.value - fStar)).toBeLessThanOrEqual(r.valueTol as number);
  });

  it('should report the restricted curvature at the point it reached and the tolerance derived from it', () => {
    // Arrange: the same solve and curvature computed directly
    const sol = solveUfm(p, { seed: 11, solver: 'newton', secondOrder: true, tol: 1e-10, loss: ce }).result;
    const curv = restrictedCurvature(p, ce, sol.theta, 11);
    // Act
    const r = secondOrderStart(p, ce, 11);
    // Assert
    expect(r.value).toBe(sol.value);
    expect(r.mu).toBe(curv.mu);
    expect(r.valueTol).toBe(pointValueTolerance(p, sol.theta, sol.value, sol.gradNorm, curv.mu));
  });
});

describe('secondOrderStart without curvature', () => {
  it('should floor μ at min(λ_W, λ_H) where the curvature is not certified positive, so λ_W = 0 gives no finite tolerance', () => {
    // Arrange: CE with λ_W = 0 has no minimizer (f → 0 as ‖W‖ grows); Newton stops where ‖∇f‖ ≤ 1e-10, at a point
    // with no certified curvature. The floor min(λ_W, λ_H) = 0 makes the value tolerance ε²/(2μ) + … infinite:
    // nothing is claimed about such a point.
    const q = parseUfmProblem({ loss: 'ce', K: 2, d: 2, n: 1, lambdaW: 0, lambdaH: 0.1, lambdaB: 0, bias: false });
    const sol = solveUfm(q, { seed: 1, solver: 'newton', secondOrder: true, tol: 1e-10, loss: ce }).result;
    // Act
    const r = secondOrderStart(q, ce, 1);
    // Assert: μ is reported unfloored (not positive), the tolerance is the floored one
    expect(r.status).toBe('converged');
    expect(r.mu).toBeLessThanOrEqual(0);
    expect(r.valueTol).toBe(pointValueTolerance(q, sol.theta, sol.value, sol.gradNorm, 0));
    expect(r.valueTol).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('secondOrderStarts', () => {
  it('should run `starts` starts with the seeds of startSeed, in order', () => {
    // Act
    const runs = secondOrderStarts(p, ce, 2, 7);
    // Assert
    expect(runs.map((r) => r.seed)).toEqual([startSeed(7, 0), startSeed(7, 1)]);
    expect(runs[1]?.value).toBe(secondOrderStart(p, ce, startSeed(7, 1)).value);
  });
});
