import { describe, it, expect } from 'vitest';
import { certifySecondOrder, escapeCheck, denseHessianEig } from '../../../src/certify/index.ts';
import type { Objective } from '../../../src/models/index.ts';
import { createRng } from '../../../src/core/index.ts';
import { diagQuadratic, mexicanHat, mfInstance, rosenbrock, saddle } from '../solvers/testObjectives.ts';

/** f(x, y) = x² + y⁴: a minimum whose Hessian diag(2, 0) has a zero mode that no symmetry explains. */
const quartic: Objective = {
  dim: 2,
  value: (t) => t[0]! * t[0]! + t[1]! ** 4,
  valueAndGrad(t, g) {
    g[0] = 2 * t[0]!;
    g[1] = 4 * t[1]! ** 3;
    return t[0]! * t[0]! + t[1]! ** 4;
  },
  hessianAt(t) {
    const y = t[1]!;
    return {
      dim: 2,
      apply: (v, out) => {
        out[0] = 2 * v[0]!;
        out[1] = 12 * y * y * v[1]!;
      },
    };
  },
};

describe('certifySecondOrder', () => {
  it('should certify a strict minimiser as local-min with the exact extreme eigenvalues', () => {
    // Act
    const c = certifySecondOrder(
      diagQuadratic(Float64Array.of(0.5, 2, 7), Float64Array.of(1, 1, 1)),
      Float64Array.of(1, 1, 1),
    );
    // Assert
    expect(c.kind).toBe('local-min');
    expect(c.gradNorm).toBe(0);
    expect(c.lambdaMin).toBeCloseTo(0.5, 14);
    expect(c.lambdaMax).toBeCloseTo(7, 14);
  });

  it('should certify the Rosenbrock minimiser as local-min', () => {
    const c = certifySecondOrder(rosenbrock(3), Float64Array.of(1, 1, 1));
    expect(c.kind).toBe('local-min');
  });

  it('should certify the x² − y² saddle as strict-saddle with λ_min = −2 and an escaping direction', () => {
    // Act
    const c = certifySecondOrder(saddle(), Float64Array.of(0, 0));
    const e = escapeCheck(saddle(), Float64Array.of(0, 0), c.vector);
    // Assert
    expect(c.kind).toBe('strict-saddle');
    expect(c.lambdaMin).toBeCloseTo(-2, 14);
    expect(c.residual).toBeLessThanOrEqual(1e-14);
    expect(e.ok).toBe(true);
    expect(e.decrease).toBeGreaterThan(0);
    // Along the eigenvector f is exactly the quadratic model −t²: decrease = model.
    expect(e.decrease).toBeCloseTo(e.predicted, 14);
  });

  it('should certify the top of the Mexican hat (a strict-saddle quartic) and escape from it', () => {
    // Act
    const x = new Float64Array(3);
    const c = certifySecondOrder(mexicanHat(3), x);
    const e = escapeCheck(mexicanHat(3), x, c.vector);
    // Assert: λ_min = −1 (double); with t = |λ|/ρ̂ the quartic term is a third of the quadratic one at most.
    expect(c.kind).toBe('strict-saddle');
    expect(c.lambdaMin).toBeCloseTo(-1, 13);
    expect(e.ok).toBe(true);
    expect(e.decrease).toBeGreaterThanOrEqual(e.predicted / 3);
  });

  it('should certify a matrix-factorisation global minimum as local-min despite its rotational zero modes', () => {
    // Arrange: 9 exact zero eigenvalues (O(5) orbit of a rank-3 point); the dense spectrum confirms them.
    const inst = mfInstance(6, 20, 5, [4, 2.5, 1], 0.1, 0.3, 1, createRng(4));
    const dense = denseHessianEig(inst.objective, inst.thetaStar);
    // Act
    const plain = certifySecondOrder(inst.objective, inst.thetaStar);
    const modulo = certifySecondOrder(inst.objective, inst.thetaStar, { symmetryTangents: inst.orbitTangents });
    // Assert
    expect(Array.from(dense.values).filter((v) => Math.abs(v) < 1e-10).length).toBe(9);
    expect(plain.kind).toBe('local-min');
    expect(Math.abs(plain.lambdaMin)).toBeLessThanOrEqual(plain.tolerance);
    expect(modulo.kind).toBe('local-min');
    expect(modulo.restricted?.tangentRank).toBe(9);
    // λ_min off the orbit equals the 10th smallest dense eigenvalue (to the Lanczos residual).
    expect(Math.abs((modulo.restricted?.lambdaMin ?? NaN) - dense.values[9]!)).toBeLessThanOrEqual(
      (modulo.restricted?.residual ?? NaN) + 1e-12,
    );
  });

  it('should certify a point on the circle of Mexican-hat minima as local-min modulo its rotation', () => {
    const x = Float64Array.of(0.6, 0.8, 0);
    const c = certifySecondOrder(mexicanHat(3), x, { symmetryTangents: [Float64Array.of(-0.8, 0.6, 0)] });
    expect(c.kind).toBe('local-min');
    expect(c.restricted?.lambdaMin).toBeCloseTo(1, 10);
  });

  it('should call a flat direction that the given symmetry does not explain degenerate', () => {
    // Act: x² + y⁴ at 0 has no symmetry (empty tangent set), and λ = 0 along y.
    const c = certifySecondOrder(quartic, Float64Array.of(0, 0), { symmetryTangents: [] });
    const plain = certifySecondOrder(quartic, Float64Array.of(0, 0));
    // Assert
    expect(c.kind).toBe('degenerate');
    expect(plain.kind).toBe('local-min'); // without symmetry information only the necessary condition is tested
  });

  it('should be inconclusive at a non-critical point', () => {
    // Act
    const c = certifySecondOrder(rosenbrock(3), Float64Array.of(0, 0, 0));
    // Assert
    expect(c.kind).toBe('inconclusive');
    expect(c.why).toMatch(/not critical/);
  });

  it('should be inconclusive when Lanczos is not given enough products', () => {
    // Arrange: a point where λ_min = 0 must be resolved against a dense spectrum.
    const n = 200;
    const rng = createRng(3);
    const d = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 0 : 1e-3 + rng.uniform()));
    // Act
    const c = certifySecondOrder(diagQuadratic(d, new Float64Array(n)), new Float64Array(n), { maxMatvecs: 6 });
    // Assert
    expect(c.kind).toBe('inconclusive');
    expect(c.lanczos.converged).toBe(false);
  });

  it('should widen the tolerance as √(ρ‖∇f‖) for an approximately critical point', () => {
    // Arrange: the saddle x² − y² at distance 1e-9 has ‖∇f‖ ≈ 2.8e-9; ρ = 1 by hand.
    const x = Float64Array.of(1e-9, 1e-9);
    // Act
    const c = certifySecondOrder(saddle(), x, { hessianLipschitz: 1 });
    // Assert: tol = √(1·ε) + 1e-8·‖H‖ with ‖H‖ = 2.
    expect(c.tolerance).toBeCloseTo(Math.sqrt(c.gradNorm) + 2e-8, 15);
    expect(c.kind).toBe('strict-saddle');
  });
});

describe('escapeCheck', () => {
  it('should refuse a direction of positive curvature', () => {
    const e = escapeCheck(saddle(), Float64Array.of(0, 0), Float64Array.of(1, 0));
    expect(e.ok).toBe(false);
    expect(e.lambda).toBeCloseTo(2, 14);
  });

  it('should pick the sign that goes downhill when the gradient is not zero', () => {
    // Arrange: at (0, 0.1) the gradient is (0, −0.2); along v = (0, −1) the slope is +0.2, so sign = −1.
    const e = escapeCheck(saddle(), Float64Array.of(0, 0.1), Float64Array.of(0, -1));
    expect(e.sign).toBe(-1);
    expect(e.ok).toBe(true);
  });
});
