import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import { collapsedExtended, extendedCurvature, hvpRounding } from '../../../src/certified/index.ts';

describe('extendedCurvature', () => {
  it('should certify mu = min(λ̂ − residual − HVP rounding, λ_H1), a lower bound, never the Rayleigh quotient itself', () => {
    for (const seed of [1, 2, 3]) {
      // Arrange: a collapsed extended problem (K = 3, d = 4) at a random reduced point, where λ̂ is not converged
      // to rounding, so the residual is visible
      const red = collapsedExtended({ K: 3, d: 4, counts: [2, 2, 2], lambdaW2: 0.01, lambdaW1: 0.02, lambdaH1: 0.005 });
      const rng = createRng(seed);
      const u = new Float64Array(red.obj.dim);
      for (let i = 0; i < u.length; i++) u[i] = rng.normal();
      // Act
      const c = extendedCurvature(red, u, seed);
      // Assert
      expect(c.residual).toBeGreaterThanOrEqual(0);
      const rounding = 8 * red.obj.dim * 2 ** -53 * Math.abs(c.lambdaMax);
      expect(hvpRounding(red.obj.dim, c.lambdaMax)).toBe(rounding);
      expect(rounding).toBeGreaterThan(0);
      expect(c.mu).toBe(Math.min(c.muCollapsed - c.residual - rounding, red.problem.lambdaH1));
      expect(c.mu).toBeLessThan(c.muCollapsed);
    }
  });
});
