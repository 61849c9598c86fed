import { describe, it, expect } from 'vitest';
import { denseHessian, denseHessianEig } from '../../../src/certify/index.ts';
import type { Objective } from '../../../src/models/index.ts';
import { createRng } from '../../../src/core/index.ts';
import { diagQuadratic, mfInstance, rosenbrock } from '../solvers/testObjectives.ts';

describe('denseHessian', () => {
  it('should assemble the exact Hessian of Rosenbrock at (1, 1)', () => {
    // Act
    const h = denseHessian(rosenbrock(2), Float64Array.of(1, 1));
    // Assert: ∇²f(1, 1) = [[802, −400], [−400, 200]].
    expect(Array.from(h.H)).toEqual([802, -400, -400, 200]);
    expect(h.asymmetry).toBe(0);
  });

  it('should report the asymmetry of a non-symmetric product', () => {
    // Arrange
    const base = diagQuadratic(Float64Array.of(1, 1), Float64Array.of(0, 0));
    const skew: Objective = {
      ...base,
      hessianAt: () => ({
        dim: 2,
        apply: (v, out) => {
          out[0] = v[0]! + 0.5 * v[1]!;
          out[1] = v[1]!;
        },
      }),
    };
    // Act
    const h = denseHessian(skew, Float64Array.of(0, 0));
    // Assert: |A₀₁ − A₁₀| / max|A| = 0.5 / 1.
    expect(h.asymmetry).toBe(0.5);
    expect(h.H[1]).toBe(0.25);
  });

  it('should give the spectrum of a matrix-factorisation Hessian with its zero modes, symmetric to rounding', () => {
    // Arrange
    const inst = mfInstance(4, 6, 3, [2, 1], 0.2, 0.2, 1, createRng(2));
    // Act
    const s = denseHessianEig(inst.objective, inst.thetaStar);
    // Assert: the O(3) orbit of a rank-2 point has dimension 3 − 0 = 3; the HVP is symmetric to ~ε.
    expect(Array.from(s.values).filter((v) => Math.abs(v) < 1e-10).length).toBe(3);
    expect(s.values[0]).toBeGreaterThan(-1e-12);
    expect(s.asymmetry).toBeLessThan(1e-14);
  });

  it('should refuse dimensions above maxDim', () => {
    expect(() => denseHessian(rosenbrock(5), new Float64Array(5), { maxDim: 4 })).toThrow(RangeError);
  });
});
