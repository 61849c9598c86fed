/**
 * The μ floor of src/certified/ufm/multistart.ts (module doc): a converged start whose restricted curvature is not
 * certified positive gets μ = min(λ_W, λ_H) in its value tolerance ε²/(2μ) + εδ + rounding, so the tolerance stays
 * finite when both λ are positive — it only loosens the quadratic term. At λ_H = 10⁻¹² the CE landscape is nearly flat
 * along H's scale and Newton's converged point (‖∇f‖ ≤ 1e-10, seed 3) has restricted curvature −5.9·10⁻⁸ < 0 (a
 * direction flat to the Lanczos accuracy): the tolerance must be the one with μ = 10⁻¹², not one built from the
 * negative μ (which gives no finite tolerance). And a start that does not converge carries no μ and no tolerance.
 */
import { describe, expect, it } from 'vitest';
import { secondOrderStart } from '../../../../src/certified/ufm/multistart.ts';
import { solveUfm } from '../../../../src/certified/ufm/solve.ts';
import { pointValueTolerance } from '../../../../src/certified/ufm/tolerance.ts';
import { ce } from '../../../../src/losses/index.ts';
import { parseUfmProblem } from '../../../../src/models/index.ts';

describe('secondOrderStart at a converged point without certified curvature', () => {
  it('should floor μ at min(λ_W, λ_H) > 0 and give the finite tolerance of that floor', () => {
    // Arrange
    const seed = 3;
    const p = parseUfmProblem({ loss: 'ce', K: 2, d: 2, n: 1, lambdaW: 0.1, lambdaH: 1e-12, lambdaB: 0, bias: false });
    const sol = solveUfm(p, { seed, solver: 'newton', secondOrder: true, tol: 1e-10, loss: ce }).result;
    const floor = Math.min(p.lambdaW, p.lambdaH);
    // Act
    const r = secondOrderStart(p, ce, seed);
    // Assert: μ reported unfloored and not positive; the tolerance is the floored one, finite.
    expect(r.status, `seed ${seed}`).toBe('converged');
    expect(r.mu, `seed ${seed}`).toBeLessThan(0);
    expect(r.valueTol, `seed ${seed}`).toBe(pointValueTolerance(p, sol.theta, sol.value, sol.gradNorm, floor));
    expect(Number.isFinite(r.valueTol), `seed ${seed}`).toBe(true);
    expect(pointValueTolerance(p, sol.theta, sol.value, sol.gradNorm, r.mu as number)).not.toBe(r.valueTol);
  });
});

describe('secondOrderStart without convergence', () => {
  it('should report a start that does not converge without μ or a value tolerance', () => {
    // Arrange: λ_W = λ_H = 10³⁰⁰ makes f overflow at the seeded start: the solve stops at once with status
    // 'non-finite', and nothing about curvature or f* may be attached to it.
    const seed = 3;
    const p = parseUfmProblem({ loss: 'ce', K: 2, d: 2, n: 1, lambdaW: 1e300, lambdaH: 1e300, lambdaB: 0, bias: true });
    // Act
    const r = secondOrderStart(p, ce, seed);
    // Assert
    expect(r.status, `seed ${seed}`).toBe('non-finite');
    expect(r.mu, `seed ${seed}`).toBeUndefined();
    expect(r.valueTol, `seed ${seed}`).toBeUndefined();
  });
});
