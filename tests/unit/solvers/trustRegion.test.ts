import { describe, it, expect } from 'vitest';
import { trustRegion } from '../../../src/solvers/index.ts';
import { createRng } from '../../../src/core/index.ts';
import { diagQuadratic, logistic, mexicanHat, mfInstance, nanAfter, rosenbrock, saddle } from './testObjectives.ts';

// Inexact Newton on the logistic objective (μ ≥ λ = 0.1, ‖∇³f‖ ≤ L₃ = 1/(6√3)): with CG residual ‖r‖ ≤ η‖g‖,
// g₊ = r + R with ‖R‖ ≤ (L₃/2)‖p‖² and ‖p‖ ≤ (1 + η)‖g‖/μ, so ‖g₊‖ ≤ η‖g‖ + 1.125·(L₃/μ²)‖g‖² (η ≤ ½).
// η = ‖g‖ (forcingExponent 1) gives ‖g₊‖ ≤ C‖g‖², η = √‖g‖ (default) gives ‖g₊‖ ≤ C‖g‖^1.5 for ‖g‖ ≤ 1,
// with C = 1 + 1.125·L₃/μ². FLOOR = 100ε is the rounding floor of ‖∇f‖ (terms of size ≤ 1, m = 200).
const L3 = 1 / (6 * Math.sqrt(3));
const MU = 0.1;
const C = 1 + (1.125 * L3) / (MU * MU);
const FLOOR = 100 * 2 ** -52;

describe('trustRegion (Newton-CG)', () => {
  it('should converge quadratically with forcing η = ‖g‖: ‖g₊‖ ≤ C‖g‖² on the final iterations', () => {
    // Arrange
    const obj = logistic(200, 8, MU, createRng(3));
    const x0 = createRng(4).fillNormal(new Float64Array(8), 3);
    // Act
    const r = trustRegion(obj, x0, { tol: 1e-14, forcingExponent: 1 });
    // Assert
    expect(r.status).toBe('converged');
    const g = r.log.gradNorm;
    let checked = 0;
    for (let k = 1; k < g.length; k++) {
      const prev = g[k - 1] as number;
      if (prev > 0.1) continue; // the bound needs full Newton steps (inside the trust region)
      expect(g[k] as number).toBeLessThanOrEqual(C * prev * prev + FLOOR);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it('should converge superlinearly (order 1.5) with the default forcing η = √‖g‖', () => {
    // Arrange
    const obj = logistic(200, 8, MU, createRng(3));
    const x0 = createRng(4).fillNormal(new Float64Array(8), 3);
    // Act
    const r = trustRegion(obj, x0, { tol: 1e-14 });
    // Assert
    expect(r.status).toBe('converged');
    const g = r.log.gradNorm;
    let checked = 0;
    for (let k = 1; k < g.length; k++) {
      const prev = g[k - 1] as number;
      if (prev > 0.1) continue;
      expect(g[k] as number).toBeLessThanOrEqual(C * prev ** 1.5 + FLOOR);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(3);
    // And it is not merely linear: the last reduction factor is tiny.
    expect((g[g.length - 1] as number) / (g[g.length - 2] as number)).toBeLessThan(1e-3);
  });

  it('should solve Rosenbrock from (−1.2, 1) to 1e-10 with exact Hessian-vector products counted', () => {
    // Act
    const r = trustRegion(rosenbrock(2), Float64Array.of(-1.2, 1), { tol: 1e-10 });
    // Assert: ‖x − x*‖ ≲ ‖g‖/λ_min(∇²f(x*)) with λ_min = 0.3994 (factor 4 for the non-quadratic remainder).
    expect(r.status).toBe('converged');
    expect(Math.hypot(r.theta[0]! - 1, r.theta[1]! - 1)).toBeLessThan(4 * (1e-10 / 0.3994));
    expect(r.evaluations.hvp).toBeGreaterThan(0);
    expect(r.negativeCurvatureSteps).toBeGreaterThan(0); // the valley start has indefinite Hessians
  });

  it('should reach a matrix-factorisation global minimum with rotational zero modes', () => {
    // Arrange
    const inst = mfInstance(6, 40, 8, [5, 3, 2, 0.5], 0.1, 0.2, 1, createRng(5));
    const start = createRng(6).fillNormal(new Float64Array(inst.objective.dim), 0.5);
    // Act
    const r = trustRegion(inst.objective, start, { tol: 1e-11, secondOrder: true });
    // Assert: f − f* ≤ ε²/(2μ) with μ = 0.1 off the orbit, far below the ulp of f* ≈ 1.44.
    expect(r.status).toBe('converged');
    expect(Math.abs(r.value - inst.fStar)).toBeLessThan(1e-14);
    expect(r.secondOrder?.lambdaMin).toBeGreaterThanOrEqual(-1e-8);
  });

  it('should stop at an exact saddle in first-order mode (‖∇f‖ = 0 ≤ tol)', () => {
    // Act
    const r = trustRegion(saddle(1), Float64Array.of(0, 0));
    // Assert
    expect(r.status).toBe('converged');
    expect(r.iterations).toBe(0);
    expect(r.secondOrder).toBeUndefined();
  });

  it('should escape the exact saddle of x² − y² + y⁴/4 with secondOrder and reach a minimum (f* = −1)', () => {
    // Act
    const r = trustRegion(saddle(1), Float64Array.of(0, 0), { secondOrder: true });
    // Assert: minima at (0, ±√2) with f = −1 and Hessian diag(2, 4).
    expect(r.status).toBe('converged');
    expect(r.escapes).toBe(1);
    expect(r.value).toBeCloseTo(-1, 14);
    expect(Math.abs(Math.abs(r.theta[1]!) - Math.SQRT2)).toBeLessThan(1e-10);
    expect(r.secondOrder?.lambdaMin).toBeCloseTo(2, 10);
  });

  it('should leave x² − y² + y⁴/4 from near the saddle through negative curvature met inside CG', () => {
    // Act
    const r = trustRegion(saddle(1), Float64Array.of(1e-3, 1e-8));
    // Assert
    expect(r.status).toBe('converged');
    expect(r.negativeCurvatureSteps).toBeGreaterThan(0);
    expect(r.escapes).toBe(0);
    expect(r.value).toBeCloseTo(-1, 14);
  });

  it('should need the second-order test on the stable manifold of the saddle (y = 0 exactly)', () => {
    // Arrange: ∇f has no y-component, so CG never sees the negative curvature.
    const start = Float64Array.of(1e-3, 0);
    // Act
    const first = trustRegion(saddle(1), start);
    const second = trustRegion(saddle(1), start, { secondOrder: true });
    // Assert
    expect(first.status).toBe('converged');
    expect(first.value).toBeCloseTo(0, 12); // stopped at the saddle: first-order critical only
    expect(second.status).toBe('converged');
    expect(second.escapes).toBeGreaterThanOrEqual(1);
    expect(second.value).toBeCloseTo(-1, 14);
  });

  it('should leave the unbounded saddle x² − y² and report divergence', () => {
    // Act
    const r = trustRegion(saddle(0), Float64Array.of(0, 0), { secondOrder: true, divergenceBound: 1e6 });
    // Assert
    expect(r.status).toBe('diverged');
    expect(r.escapes).toBe(1);
    expect(r.value).toBeLessThan(-1e6 + 1);
  });

  it('should escape the strict saddle at the top of the Mexican hat and stop on the circle of minima', () => {
    // Act
    const r = trustRegion(mexicanHat(4), new Float64Array(4), { secondOrder: true });
    // Assert: the circle x₀² + x₁² = 1 has one exact zero mode, allowed by λ_min ≥ −curvTol.
    expect(r.status).toBe('converged');
    expect(r.escapes).toBe(1);
    expect(r.theta[0]! ** 2 + r.theta[1]! ** 2).toBeCloseTo(1, 10);
    expect(Math.abs(r.secondOrder?.lambdaMin ?? NaN)).toBeLessThanOrEqual(1e-8);
  });

  it('should report non-finite when the objective starts returning NaN', () => {
    // Act
    const r = trustRegion(nanAfter(rosenbrock(2), 3), Float64Array.of(-1.2, 1));
    // Assert
    expect(r.status).toBe('non-finite');
  });

  it('should report max-iter when capped', () => {
    // Act
    const r = trustRegion(rosenbrock(2), Float64Array.of(-1.2, 1), { maxIter: 2 });
    // Assert
    expect(r.status).toBe('max-iter');
    expect(r.iterations).toBe(2);
  });

  it('should converge on a long separable double well (the WebAssembly CG passes) through negative curvature', () => {
    // Arrange: f(x) = Σ x⁴/4 − x²/2 + c_i x with |c_i| < 0.1; dim 40 000 puts the CG vectors on the wasm kernels
    // (cgKernels: 8·dim ≥ 2¹⁸). Started near 0, where f'' = 3x² − 1 < 0, so CG meets negative curvature.
    const n = 40_000;
    const c = createRng(7)
      .fillNormal(new Float64Array(n))
      .map((z) => 0.1 * Math.tanh(z));
    const grad = (x: Float64Array, g: Float64Array): number => {
      let f = 0;
      for (let i = 0; i < n; i++) {
        const xi = x[i] as number;
        f += xi ** 4 / 4 - (xi * xi) / 2 + (c[i] as number) * xi;
        g[i] = xi ** 3 - xi + (c[i] as number);
      }
      return f;
    };
    const obj = {
      dim: n,
      value: (x: Float64Array) => grad(x, new Float64Array(n)),
      valueAndGrad: grad,
      hessianAt: (x: Float64Array) => {
        const h = x.map((xi) => 3 * xi * xi - 1);
        return {
          dim: n,
          apply: (v: Float64Array, out: Float64Array) => out.set(v.map((vi, i) => (h[i] as number) * vi)),
        };
      },
    };
    const x0 = createRng(8).fillNormal(new Float64Array(n), 1e-3);
    // Act
    const r = trustRegion(obj, x0, { tol: 1e-10 });
    // Assert: the gradient recomputed independently at the returned point meets tol
    expect(r.status).toBe('converged');
    expect(r.negativeCurvatureSteps).toBeGreaterThanOrEqual(1);
    const g = new Float64Array(n);
    grad(r.theta, g);
    expect(Math.sqrt(g.reduce((s, v) => s + v * v, 0))).toBeLessThanOrEqual(1e-10);
  });

  it('should stop CG once the residual is below tol/10 instead of solving the Newton system to η‖∇f‖', () => {
    // Arrange: a quadratic with 30 distinct curvatures in [1, 100] (CG needs ~30 iterations for a tiny residual),
    // ‖∇f₀‖ = 1e-3. One Newton step with tol = 1e-12 runs CG to the forcing target ‖∇f₀‖^1.5 ≈ 3.2e-5; with
    // tol = 9e-4 the target is the floor tol/10 = 9e-5, reached in fewer CG iterations, and the gradient after the
    // step (= the CG residual, f being quadratic) meets tol.
    const n = 30;
    const d = Float64Array.from({ length: n }, (_, i) => 1 + (99 * i) / (n - 1));
    const c = new Float64Array(n);
    const x0 = new Float64Array(n).fill(1e-3 / Math.sqrt(d.reduce((s, v) => s + v * v, 0)));
    // Act
    const loose = trustRegion(diagQuadratic(d, c), x0, { tol: 9e-4 });
    const oneStep = trustRegion(diagQuadratic(d, c), x0, { tol: 1e-12, maxIter: 1 });
    // Assert
    expect(loose.status).toBe('converged');
    expect(loose.iterations).toBe(1);
    expect(loose.gradNorm).toBeLessThanOrEqual(9e-5);
    expect(oneStep.gradNorm).toBeLessThanOrEqual(3.2e-5);
    expect(loose.evaluations.hvp).toBeLessThan(oneStep.evaluations.hvp);
  });

  it('should reject invalid options', () => {
    expect(() => trustRegion(rosenbrock(2), Float64Array.of(0, 0), { eta: 0.5 })).toThrow(RangeError);
    expect(() => trustRegion(rosenbrock(2), Float64Array.of(0, 0), { initialRadius: 0 })).toThrow(RangeError);
  });
});
