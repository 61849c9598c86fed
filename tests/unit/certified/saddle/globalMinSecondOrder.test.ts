/**
 * minimizerSecondOrder (src/certified/saddle/globalMin.ts; THEORY.md §0, §6.6): at a certified global minimizer the
 * full-objective certificate says local-min once the symmetry tangents are discounted, while plain Lanczos sees the
 * rotation zero modes (§0: W → WQᵀ, H → QH leave f unchanged): λ_min = 0 up to the certificate's tolerance.
 */
import { describe, expect, it } from 'vitest';
import { minimizerSecondOrder } from '../../../../src/certified/saddle/index.ts';
import { parseUfmProblem } from '../../../../src/models/index.ts';

describe('minimizerSecondOrder (second-order certificate at a certified global minimizer)', () => {
  const p = parseUfmProblem({ loss: 'ce', K: 3, d: 3, n: 2, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias: false });

  it('should certify local-min with the symmetry discounted, gradient within the solve tolerance 1e-10', () => {
    // Act
    const r = minimizerSecondOrder(p, 1, true);
    // Assert
    expect('cert' in r).toBe(true);
    if (!('cert' in r)) return;
    expect(r.cert.kind).toBe('local-min');
    expect(r.cert.gradNorm).toBeLessThanOrEqual(1e-10);
    expect(r.cert.restricted?.lambdaMin).toBeGreaterThan(r.cert.tolerance);
  });

  it('should see the rotation zero modes in the plain objective: λ_min = 0 within the certificate tolerance', () => {
    // Act
    const r = minimizerSecondOrder(p, 1, false);
    // Assert
    expect('cert' in r).toBe(true);
    if (!('cert' in r)) return;
    expect(r.cert.restricted).toBeUndefined();
    expect(r.cert.kind).not.toBe('strict-saddle');
    expect(Math.abs(r.cert.lambdaMin)).toBeLessThanOrEqual(r.cert.tolerance);
  });
});
