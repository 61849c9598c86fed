/**
 * Attacks on the second-order certificate (src/certify/secondOrder.ts), issue 9 item 4: saddles whose most negative
 * curvature is only −1e-6 must be classified strict-saddle, and a minimum whose smallest curvature is +1e-6 must not
 * be called a saddle. Test objectives are quadratics f(x) = ½ Σ λ_i (x_i − c_i)² with a known spectrum (exactly
 * critical at c), so the only thing deciding the kind is the certificate's tolerance
 * tol = √(ρε) + τ‖H‖ = τ‖H‖ = 1e-8·3 here — 33× below the 1e-6 being resolved. Loosening τ (or the tolerance) by
 * more than that turns the saddles into 'inconclusive' and fails these tests.
 */
import { describe, expect, it } from 'vitest';
import { certifySecondOrder } from '../../../src/certify/index.ts';
import { createRng } from '../../../src/core/index.ts';
import { diagQuadratic } from '../solvers/testObjectives.ts';

const spectrum = (first: number): Float64Array => Float64Array.of(first, 0.5, 1, 2, 3, 1.5, 0.25);
const at = (n: number): Float64Array => new Float64Array(n).fill(0.3);

describe('second-order certificate under attack (certify/secondOrder.ts)', () => {
  for (const seed of [1, 2, 3]) {
    it(`should classify a saddle with λ_min = −1e-6 as strict-saddle (Lanczos seed ${seed})`, () => {
      // Arrange
      const f = diagQuadratic(spectrum(-1e-6), at(7));
      // Act
      const c = certifySecondOrder(f, at(7), { rng: createRng(seed) });
      // Assert
      expect(c.gradNorm).toBe(0);
      expect(c.kind).toBe('strict-saddle');
      expect(c.lambdaMin).toBeCloseTo(-1e-6, 12);
      expect(c.tolerance).toBeLessThan(1e-7);
    });

    it(`should classify a minimum with λ_min = +1e-6 as local-min, never strict-saddle (Lanczos seed ${seed})`, () => {
      // Arrange
      const f = diagQuadratic(spectrum(1e-6), at(7));
      // Act
      const c = certifySecondOrder(f, at(7), { rng: createRng(seed) });
      // Assert
      expect(c.kind).toBe('local-min');
      expect(c.lambdaMin).toBeCloseTo(1e-6, 12);
    });
  }

  it('should see the −1e-6 direction past an exact symmetry zero-mode (tangent e₂ supplied)', () => {
    // Arrange: λ = (−1e-6, 1, 0, 2): the zero along e₂ is a symmetry; the −1e-6 along e₀ is not.
    const f = diagQuadratic(Float64Array.of(-1e-6, 1, 0, 2), at(4));
    const tangent = Float64Array.of(0, 0, 1, 0);
    // Act
    const c = certifySecondOrder(f, at(4), { symmetryTangents: [tangent] });
    // Assert
    expect(c.kind).toBe('strict-saddle');
  });

  it('should call +1e-6 modulo a symmetry zero-mode local-min, and the same zero-mode without its tangent degenerate', () => {
    // Arrange
    const f = diagQuadratic(Float64Array.of(1e-6, 1, 0, 2), at(4));
    // Act
    const withTangent = certifySecondOrder(f, at(4), { symmetryTangents: [Float64Array.of(0, 0, 1, 0)] });
    const wrongTangent = certifySecondOrder(f, at(4), { symmetryTangents: [Float64Array.of(0, 1, 0, 0)] });
    // Assert: λ⊥ = 1e-6 > tol (strict minimum modulo the orbit); with the wrong tangent the zero is unexplained.
    expect(withTangent.kind).toBe('local-min');
    expect(withTangent.restricted?.lambdaMin ?? Number.NaN).toBeCloseTo(1e-6, 12);
    expect(wrongTangent.kind).toBe('degenerate');
  });

  it('should not certify a −1e-6 saddle either way when the gradient makes the curvature band wider than 1e-6 (tangents given)', () => {
    // Arrange: ε = 1e-10 ⇒ √(ρε) ≈ √(2·3·1e-10/1) ≈ 2.4e-5 ≫ 1e-6: an honest certificate cannot decide the sign.
    // (Without symmetry tangents 'local-min' means only "ε-second-order critical", λ − r ≥ −tol, and is returned
    // here; with them — the UFM route — the unexplained small eigenvalue must surface as 'degenerate'.)
    const c0 = at(7);
    const x = c0.slice();
    x[1] = (x[1] as number) + 1e-10 / 0.5;
    // Act
    const c = certifySecondOrder(diagQuadratic(spectrum(-1e-6), c0), x, {
      symmetryTangents: [Float64Array.of(0, 0, 0, 0, 0, 0, 1)],
    });
    // Assert
    expect(Math.abs(c.gradNorm - 1e-10)).toBeLessThan(1e-15);
    expect(c.kind).toBe('degenerate');
  });
});
