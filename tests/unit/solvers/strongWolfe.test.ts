import { describe, it, expect } from 'vitest';
import { strongWolfe, cubicMin } from '../../../src/solvers/index.ts';
import type { Objective } from '../../../src/models/index.ts';
import { diagQuadratic } from './testObjectives.ts';

function search(obj: Objective, x: Float64Array, d: Float64Array, alpha1: number, noise = 0) {
  const n = x.length;
  const g = new Float64Array(n);
  const f0 = obj.valueAndGrad(x, g);
  let dphi0 = 0;
  let gg = 0;
  for (let i = 0; i < n; i++) {
    dphi0 += g[i]! * d[i]!;
    gg += g[i]! * g[i]!;
  }
  const xOut = new Float64Array(n);
  const gOut = new Float64Array(n);
  const res = strongWolfe(
    {
      objective: obj,
      x,
      f0,
      gradNorm0: Math.sqrt(gg),
      d,
      dphi0,
      alpha1,
      xOut,
      gOut,
      xBest: new Float64Array(n),
      gBest: new Float64Array(n),
    },
    { noise },
  );
  let dphi = 0;
  for (let i = 0; i < n; i++) dphi += gOut[i]! * d[i]!;
  return { res, f0, dphi0, dphi, xOut };
}

describe('strongWolfe', () => {
  it('should return a step satisfying both strong Wolfe conditions after bracketing and zoom', () => {
    // Arrange: 1-D quadratic ½·10·(x − 1)² from 0 along d = 1; the exact minimiser is α = 1, start far beyond.
    const obj = diagQuadratic(Float64Array.of(10), Float64Array.of(1));
    // Act
    const { res, f0, dphi0, dphi } = search(obj, Float64Array.of(0), Float64Array.of(1), 50);
    // Assert
    expect(res.status).toBe('ok');
    expect(res.fallback).toBe(false);
    expect(res.value).toBeLessThanOrEqual(f0 + 1e-4 * res.alpha * dphi0);
    expect(Math.abs(dphi)).toBeLessThanOrEqual(0.9 * Math.abs(dphi0));
  });

  it('should extrapolate when the first step is far too short', () => {
    // Arrange
    const obj = diagQuadratic(Float64Array.of(1), Float64Array.of(100));
    // Act
    const { res, dphi0, dphi } = search(obj, Float64Array.of(0), Float64Array.of(1), 1e-3);
    // Assert
    expect(res.status).toBe('ok');
    expect(res.alpha).toBeGreaterThan(1);
    expect(Math.abs(dphi)).toBeLessThanOrEqual(0.9 * Math.abs(dphi0));
  });

  it('should keep bracketing by the sign of φ′ when f differences are below the noise allowance', () => {
    // Arrange: f = 1 + 1e-20·x², values identical in double precision; only φ′ carries information.
    const flat: Objective = {
      dim: 1,
      value: (x) => 1 + 1e-20 * x[0]! * x[0]!,
      valueAndGrad: (x, g) => {
        g[0] = 2e-20 * x[0]!;
        return 1 + 1e-20 * x[0]! * x[0]!;
      },
      hessianAt: () => ({
        dim: 1,
        apply: (v, out) => {
          out[0] = 2e-20 * v[0]!;
        },
      }),
    };
    // Act: from x = −1 along +1 with a first step that overshoots to x = 4.
    const { res, dphi0, dphi } = search(flat, Float64Array.of(-1), Float64Array.of(1), 5, 1e-12);
    // Assert: the accepted step satisfies the curvature condition, i.e. it found the sign change of φ′.
    expect(res.status).toBe('ok');
    expect(Math.abs(dphi)).toBeLessThanOrEqual(0.9 * Math.abs(dphi0));
  });

  it('should report non-finite when every trial is NaN', () => {
    // Arrange
    const bad: Objective = {
      dim: 1,
      value: (x) => (x[0] === 0 ? 1 : NaN),
      valueAndGrad: (x, g) => {
        g[0] = x[0] === 0 ? -1 : NaN;
        return x[0] === 0 ? 1 : NaN;
      },
      hessianAt: () => ({
        dim: 1,
        apply: (_v, out) => {
          out[0] = NaN;
        },
      }),
    };
    // Act
    const { res } = search(bad, Float64Array.of(0), Float64Array.of(1), 1);
    // Assert
    expect(res.status).toBe('non-finite');
  });

  it('should interpolate the minimiser of a cubic exactly', () => {
    // φ(α) = (α − 2)² has a cubic fit equal to itself: minimiser 2 from (0, 4, −4), (3, 1, 2).
    expect(cubicMin(0, 4, -4, 3, 1, 2)).toBeCloseTo(2, 14);
    // φ(α) = α³ − 3α: minimiser 1 from (0, 0, −3), (2, 2, 9).
    expect(cubicMin(0, 0, -3, 2, 2, 9)).toBeCloseTo(1, 14);
  });
});
