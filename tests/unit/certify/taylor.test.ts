import { describe, it, expect } from 'vitest';
import { checkGradient, checkHessian, fitSlope } from '../../../src/certify/index.ts';
import type { Objective } from '../../../src/models/index.ts';
import { createRng } from '../../../src/core/index.ts';
import { diagQuadratic, mfInstance, rosenbrock } from '../solvers/testObjectives.ts';

// The check's own criterion: slope ≥ expected − 0.1. A correct derivative gives the Taylor order exactly in the
// limit h → 0, a wrong one gives one order less (slope 1 for ∇f, 2 for ∇²f) on the small-h end of the window;
// the assertions below test the fitted slope against those two values with the same 0.1 band on both sides.
const mf = mfInstance(5, 12, 4, [3, 1.5], 0.2, 0.1, 2, createRng(31));
const mfPoint = createRng(32).fillNormal(new Float64Array(mf.objective.dim));

/** The MF objective with its gradient scaled by (1 + δ) (a "wrong gradient"). */
function scaledGradient(obj: Objective, delta: number): Objective {
  return {
    dim: obj.dim,
    value: (x) => obj.value(x),
    valueAndGrad(x, g) {
      const f = obj.valueAndGrad(x, g);
      for (let i = 0; i < g.length; i++) g[i]! *= 1 + delta;
      return f;
    },
    hessianAt: (x) => obj.hessianAt(x),
  };
}

/** The objective with a Hessian-vector product perturbed by `wrong(v, out)`. */
function perturbedHessian(obj: Objective, wrong: (v: Float64Array, out: Float64Array) => void): Objective {
  return {
    dim: obj.dim,
    value: (x) => obj.value(x),
    valueAndGrad: (x, g) => obj.valueAndGrad(x, g),
    hessianAt(x) {
      const H = obj.hessianAt(x);
      return {
        dim: H.dim,
        apply: (v, out) => {
          H.apply(v, out);
          wrong(v, out);
        },
      };
    },
  };
}

describe('checkGradient', () => {
  it('should fit slope ≈ 2 for correct gradients (matrix factorisation, Rosenbrock)', () => {
    // Act
    const a = checkGradient(mf.objective, mfPoint, createRng(1));
    const b = checkGradient(rosenbrock(4), Float64Array.of(-0.3, 0.7, 1.2, 0.1), createRng(2));
    // Assert
    for (const c of [a, b]) {
      expect(c.ok).toBe(true);
      expect(c.expected).toBe(2);
      expect(Math.abs(c.slope - 2)).toBeLessThanOrEqual(0.1);
      expect(c.hs.length).toBe(51);
      expect(c.hs[0]).toBeCloseTo(1e-8, 20);
      expect(c.hs[50]).toBe(1);
      expect(c.window).not.toBeNull();
    }
  });

  it('should fail with slope ≈ 1 for a gradient that is off by 1 %', () => {
    // Act
    const c = checkGradient(scaledGradient(mf.objective, 0.01), mfPoint, createRng(1));
    // Assert
    expect(c.ok).toBe(false);
    expect(Math.abs(c.slope - 1)).toBeLessThanOrEqual(0.1);
  });

  it('should use the same random direction for the same seed', () => {
    const a = checkGradient(mf.objective, mfPoint, createRng(7));
    const b = checkGradient(mf.objective, mfPoint, createRng(7));
    expect(a.errors).toEqual(b.errors);
  });
});

describe('checkHessian', () => {
  it('should fit slope ≈ 3 (and 2 for the gradient remainder) for a correct Hessian-vector product', () => {
    // Act
    const c = checkHessian(mf.objective, mfPoint, createRng(3));
    // Assert
    expect(c.ok).toBe(true);
    expect(Math.abs(c.slope - 3)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(c.gradientRemainder.slope - 2)).toBeLessThanOrEqual(0.1);
    expect(c.asymmetry).toBeLessThanOrEqual(c.asymmetryTol);
  });

  it('should fail with slope ≈ 2 for a symmetric but wrong Hessian-vector product (H + 0.01·I)', () => {
    // Act
    const c = checkHessian(
      perturbedHessian(mf.objective, (v, out) => {
        for (let i = 0; i < v.length; i++) out[i]! += 0.01 * v[i]!;
      }),
      mfPoint,
      createRng(3),
    );
    // Assert
    expect(c.ok).toBe(false);
    expect(Math.abs(c.slope - 2)).toBeLessThanOrEqual(0.1);
    expect(c.gradientRemainder.ok).toBe(false);
    expect(Math.abs(c.gradientRemainder.slope - 1)).toBeLessThanOrEqual(0.1);
  });

  it('should fail on an asymmetric Hessian-vector product even where the quadratic form is right', () => {
    // Arrange: add a skew-symmetric part S v (vᵀSv = 0, so the scalar remainder cannot see it).
    const wrong = perturbedHessian(mf.objective, (v, out) => {
      for (let i = 0; i + 1 < v.length; i += 2) {
        out[i]! += 0.05 * v[i + 1]!;
        out[i + 1]! -= 0.05 * v[i]!;
      }
    });
    // Act
    const c = checkHessian(wrong, mfPoint, createRng(3));
    // Assert
    expect(c.ok).toBe(false);
    expect(c.asymmetry).toBeGreaterThan(c.asymmetryTol);
    expect(c.gradientRemainder.ok).toBe(false);
  });

  it('should pass with slope NaN when the second-order model is exact (a quadratic)', () => {
    // Act
    const c = checkHessian(
      diagQuadratic(Float64Array.of(1, 2, 3), Float64Array.of(0, 1, 0)),
      Float64Array.of(1, 1, 1),
      createRng(1),
    );
    // Assert
    expect(c.ok).toBe(true);
    expect(c.window).toBeNull();
    expect(Number.isNaN(c.slope)).toBe(true);
  });
});

describe('fitSlope', () => {
  it('should recover the exponent of a pure power law and stop the window at the first point below the noise', () => {
    // Arrange: E = h² everywhere except a dip (below noise) at index 30.
    const hs = Array.from({ length: 51 }, (_, i) => 10 ** (-8 + (8 * i) / 50));
    const errors = hs.map((h) => h * h);
    const noise = hs.map(() => 1e-14);
    errors[30] = 0;
    // Act
    const fit = fitSlope(hs, errors, noise, 2);
    // Assert: first above noise is h² > 1e-14 ⇔ h > 1e-7 (index 7); window ends before the dip.
    expect(fit.slope).toBeCloseTo(2, 12);
    expect(fit.window?.[0]).toBe(7);
    expect(fit.window?.[1]).toBeLessThan(30);
  });

  it('should refuse to fit fewer than four consecutive points above the noise', () => {
    const hs = [1e-3, 1e-2, 1e-1, 1];
    const fit = fitSlope(hs, [0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5], 2);
    expect(fit.ok).toBe(false);
    expect(fit.window).toBeNull();
  });
});
