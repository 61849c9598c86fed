/**
 * The symmetry-restricted rerun of the second-order certificate (src/certify/secondOrder.ts; THEORY.md §1.2, §6)
 * with a visible Lanczos residual r⊥: "positive definite modulo the orbit" needs the rigorous lower bound λ⊥ − r⊥ of
 * the smallest eigenvalue off the orbit to clear tol, so a λ⊥ within r⊥ of tol is not certified (the estimate λ⊥ + r⊥
 * would certify it), and the reason line reports λ⊥ − r⊥.
 */
import { describe, expect, it } from 'vitest';
import { certifySecondOrder } from '../../../src/certify/index.ts';
import { diagQuadratic } from '../solvers/testObjectives.ts';

/**
 * ½θᵀdiag(0, low, 0.3 … 1)θ at θ = 0 in dimension 301 with the zero mode e₀ declared a symmetry, and τ = 0.1: the
 * complement's smallest eigenvalue is `low`, tol = τ‖H‖ ≈ 0.1 (‖∇f‖ = 0), and Lanczos stops at a residual of order
 * (τ/10)‖H‖ ≈ 0.01, visible at the four digits of the reason line.
 */
function certifyWithLow(low: number): ReturnType<typeof certifySecondOrder> {
  const n = 301;
  const d = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 0 : i === 1 ? low : 0.3 + (0.7 * i) / (n - 1)));
  const orbit = new Float64Array(n);
  orbit[0] = 1;
  return certifySecondOrder(diagQuadratic(d, new Float64Array(n)), new Float64Array(n), {
    curvatureFloor: 0.1,
    symmetryTangents: [orbit],
  });
}

describe('certifySecondOrder restricted to the complement of a symmetry orbit', () => {
  it('should not certify a local minimum when λ⊥ clears tol but λ⊥ − r⊥ does not', () => {
    // Act
    const c = certifyWithLow(0.105);
    // Assert: the premise (λ⊥ − r⊥ ≤ tol < λ⊥ + r⊥), then the cautious call.
    const r = c.restricted!;
    expect(r.converged).toBe(true);
    expect(r.lambdaMin - r.residual).toBeLessThanOrEqual(c.tolerance);
    expect(r.lambdaMin + r.residual).toBeGreaterThan(c.tolerance);
    expect(c.kind).toBe('degenerate');
    // The reason line states the bound that was not met: |λ⊥| ≤ tol + r⊥.
    const fmt = (x: number): string => x.toExponential(3);
    expect(c.why).toBe(
      `flat direction not explained by the 1-dimensional symmetry orbit: |λ⊥| = ${fmt(Math.abs(r.lambdaMin))} ≤ tol + r⊥ = ${fmt(c.tolerance + r.residual)}`,
    );
  });

  it('should report λ⊥ − r⊥ in the reason for a certified local minimum modulo the orbit', () => {
    // Act
    const c = certifyWithLow(0.2);
    // Assert: r⊥ > 1e-3 changes the fourth digit of λ⊥ ≈ 0.2, so λ⊥ + r⊥ or λ⊥ alone would print differently.
    const r = c.restricted!;
    expect(c.kind).toBe('local-min');
    expect(r.residual).toBeGreaterThan(1e-3);
    const fmt = (x: number): string => x.toExponential(3);
    expect(c.why).toBe(
      `positive definite modulo the 1-dimensional symmetry orbit: λ⊥ − r⊥ = ${fmt(r.lambdaMin - r.residual)} > tol = ${fmt(c.tolerance)}`,
    );
  });
});
