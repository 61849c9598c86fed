import { describe, it, expect } from 'vitest';
import { LBFGS_KERNEL_MIN_DIM, lbfgs } from '../../../src/solvers/index.ts';
import { createRng } from '../../../src/core/index.ts';
import { symEig } from '../../../src/linalg/denseEig.ts';
import { diagQuadratic, mfInstance, nanAfter, quadratic, randomSymmetric, rosenbrock } from './testObjectives.ts';
import { ce } from '../../../src/losses/index.ts';
import { parseUfmProblem, randomInit, ufmObjective } from '../../../src/models/index.ts';

describe('lbfgs', () => {
  it('should drive the Rosenbrock gradient to 1e-10 from the classic start (−1.2, 1)', () => {
    // Act
    const r = lbfgs(rosenbrock(2), Float64Array.of(-1.2, 1), { tol: 1e-10 });
    // Assert: near x* = (1, 1), ‖x − x*‖ ≲ ‖∇f‖/λ_min(∇²f(x*)) = 1e-10/0.3994; a factor 4 covers the
    // non-quadratic remainder at that distance.
    expect(r.status).toBe('converged');
    expect(r.gradNorm).toBeLessThanOrEqual(1e-10);
    expect(Math.hypot(r.theta[0]! - 1, r.theta[1]! - 1)).toBeLessThan(4 * (1e-10 / 0.3994));
    expect(r.value).toBeLessThan(1e-19);
  });

  it('should drive a conditioned quadratic (κ = 100, n = 50) to 1e-10 and land within ‖g‖/μ of A⁻¹b', () => {
    // Arrange
    const n = 50;
    const rng = createRng(21);
    const eigs = Float64Array.from({ length: n }, (_, i) => 1 + (99 * i) / (n - 1));
    const A = randomSymmetric(n, eigs, rng);
    const b = rng.fillNormal(new Float64Array(n));
    // x* = A⁻¹ b via the eigendecomposition.
    const { values, vectors } = symEig(n, A);
    const xStar = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += vectors[i * n + k]! * b[i]!;
      for (let i = 0; i < n; i++) xStar[i]! += (vectors[i * n + k]! * s) / values[k]!;
    }
    // Act
    const r = lbfgs(quadratic(n, A, b), new Float64Array(n), { tol: 1e-10 });
    // Assert: ‖x − x*‖ ≤ ‖A⁻¹‖‖g‖ = ‖g‖/1 (μ = 1), plus rounding in x*.
    expect(r.status).toBe('converged');
    let err = 0;
    for (let i = 0; i < n; i++) err += (r.theta[i]! - xStar[i]!) ** 2;
    expect(Math.sqrt(err)).toBeLessThanOrEqual(r.gradNorm + 1e-13);
  });

  it('should reach 1e-10 at a degenerate minimum (matrix factorisation with rotational zero modes)', () => {
    // Arrange: f* known in closed form; the minimisers form an O(8) orbit, so the Hessian is singular there and
    // f differences reach rounding long before ‖∇f‖ = 1e-10 (the noise-robust line search must carry on).
    const inst = mfInstance(6, 40, 8, [5, 3, 2, 0.5], 0.1, 0.2, 1, createRng(5));
    const start = createRng(6).fillNormal(new Float64Array(inst.objective.dim), 0.5);
    // Act
    const r = lbfgs(inst.objective, start, { tol: 1e-10 });
    // Assert: at a point with ‖∇f‖ = ε near a minimiser with curvature ≥ μ = 0.1 off the orbit,
    // f − f* ≤ ε²/(2μ) ≈ 5e-20, so f agrees with f* to rounding (a few ulps of f* ≈ 1.44).
    expect(r.status).toBe('converged');
    expect(Math.abs(r.value - inst.fStar)).toBeLessThan(1e-14);
  });

  it('should find the local minimiser of the 10-dimensional chained Rosenbrock from the classic start', () => {
    // Arrange
    const x0 = new Float64Array(10).fill(-1.2);
    x0[1] = 1;
    // Act
    const r = lbfgs(rosenbrock(10), x0, { tol: 1e-10 });
    // Assert (status only: which of the two minimisers it reaches depends on the path).
    expect(r.status).toBe('converged');
    expect(r.gradNorm).toBeLessThanOrEqual(1e-10);
  });

  it('should report non-finite when the objective starts returning NaN', () => {
    // Act
    const r = lbfgs(nanAfter(rosenbrock(2), 6), Float64Array.of(-1.2, 1));
    // Assert: the last finite iterate is returned.
    expect(r.status).toBe('non-finite');
    expect(Number.isFinite(r.value)).toBe(true);
  });

  it('should report max-iter when capped', () => {
    // Act
    const r = lbfgs(rosenbrock(2), Float64Array.of(-1.2, 1), { maxIter: 3 });
    // Assert
    expect(r.status).toBe('max-iter');
    expect(r.stopReason).toBe('max-iter');
    expect(r.iterations).toBe(3);
    expect(r.log.value.length).toBe(4);
  });

  it('should decrease f monotonically (up to the rounding allowance) and log every iteration', () => {
    // Act
    const r = lbfgs(rosenbrock(2), Float64Array.of(-1.2, 1), { tol: 1e-10 });
    // Assert: sufficient decrease allows at most relNoise·|f| = 1e-12|f| of increase per step.
    const v = r.log.value;
    for (let k = 1; k < v.length; k++) {
      expect(v[k] as number).toBeLessThanOrEqual((v[k - 1] as number) * (1 + 1e-12));
    }
    expect(v.length).toBe(r.iterations + 1);
  });

  it('should report diverged on an objective unbounded below', () => {
    // Arrange: f(x) = −x₁ (linear), every step doubles the extrapolated length.
    const lin = {
      dim: 1,
      value: (x: Float64Array) => -x[0]!,
      valueAndGrad: (x: Float64Array, g: Float64Array) => {
        g[0] = -1;
        return -x[0]!;
      },
      hessianAt: () => ({
        dim: 1,
        apply: (_v: Float64Array, out: Float64Array) => {
          out[0] = 0;
        },
      }),
    };
    // Act
    const r = lbfgs(lin, Float64Array.of(0), { divergenceBound: 1e8 });
    // Assert
    expect(r.status).toBe('diverged');
  });

  it('should take the scalar path on the heap kernels from LBFGS_KERNEL_MIN_DIM on, to the same minimizer', () => {
    // Arrange: a diagonal quadratic of dim 2¹⁵ + 3 with curvatures spread over [1, 100] (condition 100), and a
    // nonconvex CE UFM (K = 4, d = 64, n = 150: dim 38 660; every local minimizer is global, Zhu et al. 2021 Thm 3.2),
    // each solved on the kernels ('auto') and on the scalar loops
    const n = LBFGS_KERNEL_MIN_DIM + 3;
    const rng = createRng(31);
    const dq = Float64Array.from({ length: n }, (_, i) => 100 ** (i / (n - 1)));
    const c = Float64Array.from({ length: n }, () => rng.normal());
    const quad = diagQuadratic(dq, c);
    const x0 = new Float64Array(n);
    const p = parseUfmProblem({
      loss: 'ce',
      K: 4,
      d: 64,
      n: 150,
      lambdaW: 5e-3,
      lambdaH: 5e-3,
      lambdaB: 0,
      bias: true,
    });
    const ufm = ufmObjective(p, ce);
    const u0 = randomInit(ufm.layout, createRng(5));
    // Act
    const qa = lbfgs(quad, x0, { tol: 1e-9 });
    const qs = lbfgs(quad, x0, { tol: 1e-9, vectorKernels: 'scalar' });
    const ua = lbfgs(ufm, u0, { tol: 1e-8 });
    const us = lbfgs(ufm, u0, { tol: 1e-8, vectorKernels: 'scalar' });
    // Assert: all converge; the quadratic's minimizer is c (‖x − c‖∞ ≤ ‖∇f‖/λ_min ≤ 1e-9); the sums differ only in
    // their order, so the quadratic's paths agree to a couple of iterations, and both UFM runs reach the global value
    for (const r of [qa, qs, ua, us]) expect(r.status).toBe('converged');
    expect(ufm.dim).toBeGreaterThanOrEqual(LBFGS_KERNEL_MIN_DIM);
    let err = 0;
    for (let i = 0; i < n; i++) err = Math.max(err, Math.abs((qa.theta[i] as number) - (c[i] as number)));
    expect(err).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(qa.iterations - qs.iterations)).toBeLessThanOrEqual(2);
    // f − f* ≤ ‖∇f‖²/(2μ) near a minimizer: far below 1e-10 relative at ‖∇f‖ ≤ 1e-8
    expect(Math.abs(ua.value - us.value)).toBeLessThanOrEqual(1e-10 * Math.abs(us.value));
  });
});
