/**
 * escapeCheck's step along a negative-curvature direction (src/certify/secondOrder.ts; THEORY.md §1.2, §6) on
 * objectives that are NOT symmetric about θ, so that the side of the step matters: it goes against the gradient
 * (θ + sign·t·u with sign = −sign(∇fᵀu)), the model decrease is −(sign·t·∇fᵀu + ½t²λ), and a failed step reports
 * f1 − f0 itself.
 */
import { describe, expect, it } from 'vitest';
import { escapeCheck } from '../../../src/certify/index.ts';
import type { Objective } from '../../../src/models/index.ts';

const EPS = Number.EPSILON;

/** A 1-D objective from f, f′, f″. */
function oneD(f: (y: number) => number, df: (y: number) => number, d2f: (y: number) => number): Objective {
  return {
    dim: 1,
    value: (x) => f(x[0]!),
    valueAndGrad(x, g) {
      g[0] = df(x[0]!);
      return f(x[0]!);
    },
    hessianAt(x) {
      const c = d2f(x[0]!);
      return { dim: 1, apply: (v, out) => void (out[0] = c * v[0]!) };
    },
  };
}

describe('escapeCheck direction', () => {
  it('should step against the gradient and report the model decrease −(sign·t·slope + ½t²λ)', () => {
    // Arrange: f(y) = −y² + y³ + y/2 at y = 0: slope f′(0) = ½ > 0, so sign = −1; λ = f″(0) = −2; given t = 0.1.
    // The step lands at y = −0.1: f1 = −0.01 − 0.001 − 0.05 = −0.061 (the other side, +0.1, gives +0.041: no
    // decrease). Model: −(−1·0.1·½ + ½·0.01·(−2)) = 0.05 + 0.01 = 0.06.
    const f = (y: number): number => -y * y + y ** 3 + 0.5 * y;
    const obj = oneD(
      f,
      (y) => -2 * y + 3 * y * y + 0.5,
      (y) => -2 + 6 * y,
    );
    // Act
    const e = escapeCheck(obj, Float64Array.of(0), Float64Array.of(1), { t: 0.1 });
    // Assert
    expect(e.sign).toBe(-1);
    expect(e.ok).toBe(true);
    expect(e.t).toBe(0.1);
    expect(e.f1).toBe(f(-0.1));
    // Two products and a sum of O(0.05) terms: a few ulps.
    expect(Math.abs(e.predicted - 0.06)).toBeLessThanOrEqual(8 * EPS);
  });

  it('should report f1 − f0 (not f0 − f1) when the step does not decrease f', () => {
    // Arrange: f(y) = −y² + 10y⁴ at 0, λ = −2, given t = 1: f1 = 9 > f0 = 0 (allowance 10⁴ε·|f0| = 0).
    const obj = oneD(
      (y) => -y * y + 10 * y ** 4,
      (y) => -2 * y + 40 * y ** 3,
      (y) => -2 + 120 * y * y,
    );
    // Act
    const e = escapeCheck(obj, Float64Array.of(0), Float64Array.of(1), { t: 1 });
    // Assert
    expect(e.ok).toBe(false);
    expect(e.decrease).toBe(-9);
    expect(e.why).toBe('no decrease beyond the rounding allowance 0.00e+0 (last f1 − f0 = 9.000e+0)');
  });
});
