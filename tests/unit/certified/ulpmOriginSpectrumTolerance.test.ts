/**
 * The ULPM origin spectrum (src/certified/ulpm/originSpectrum.ts; THEORY.md §3 (i), §6.1 with λ = 0): at θ = 0 the
 * Hessian is the off-diagonal block [[0, G ⊗ I], [(G ⊗ I)ᵀ, 0]], whose spectrum is ±σ(G) (symmetric), with
 * ‖G‖₂ = 1/(K√n); Lanczos measures λ_min = −1/(K√n) and λ_max = +1/(K√n) within its tolerance
 * r_L + 4·dim·u·max(|λ̂_min|, |λ̂_max|) (module doc).
 */
import { describe, expect, it } from 'vitest';
import { ulpmOriginSpectrum } from '../../../src/certified/index.ts';
import { parseUlpmProblem, ulpmObjective } from '../../../src/models/index.ts';

const U = 2 ** -53;
const cases = [
  { K: 3, d: 2, n: 2 },
  { K: 4, d: 4, n: 1 },
  { K: 2, d: 3, n: 1 },
];

describe('ulpmOriginSpectrum', () => {
  it.each(cases)('should measure λ_min = −1/(K√n) and λ_max = +1/(K√n) within its tolerance (K=$K d=$d n=$n)', (c) => {
    // Act
    const s = ulpmOriginSpectrum(parseUlpmProblem(c), 5);
    // Assert
    const g = 1 / (c.K * Math.sqrt(c.n));
    expect(s.converged).toBe(true);
    expect(s.matvecs).toBeGreaterThan(0);
    expect(Math.abs(s.lambdaMin + g)).toBeLessThanOrEqual(s.tol);
    expect(Math.abs(s.lambdaMax - g)).toBeLessThanOrEqual(s.tol);
  });

  it.each(cases)('should derive the tolerance r_L + 4·dim·u·max(|λ̂_min|, |λ̂_max|) (K=$K d=$d n=$n)', (c) => {
    const p = parseUlpmProblem(c);
    const s = ulpmOriginSpectrum(p, 5);
    const dim = ulpmObjective(p).dim;
    // the residual is part of the tolerance and is a small nonnegative Lanczos residual
    expect(s.residual).toBeGreaterThanOrEqual(0);
    expect(s.residual).toBeLessThan(1e-12);
    expect(s.tol).toBe(s.residual + 4 * dim * U * Math.max(Math.abs(s.lambdaMin), Math.abs(s.lambdaMax)));
    // the rounding term dominates: the tolerance is at least 4·dim·u·‖∇²L(0)‖ with ‖∇²L(0)‖ = 1/(K√n)
    expect(s.tol).toBeGreaterThanOrEqual(4 * dim * U * (1 / (c.K * Math.sqrt(c.n))) * (1 - 1e-12));
  });
});
