/**
 * measureClosedFormPoint / certifyClosedFormPoint (src/certified/saddle/closedFormPoint.ts) at the origin of
 * THEORY.md §6.1, whose value (log K for balanced CE with b₀ = 0), gradient (0) and λ_min (q(σ₀)) are closed forms.
 */
import { describe, expect, it } from 'vitest';
import {
  certifyClosedFormPoint,
  escapeData,
  gradRounding,
  measureClosedFormPoint,
  valueRounding,
} from '../../../../src/certified/saddle/index.ts';
import { ce } from '../../../../src/losses/index.ts';
import { parseUfmProblem, ufmLayout } from '../../../../src/models/index.ts';
import { originPoint } from '../../../../src/theory/index.ts';

describe('measureClosedFormPoint at the origin (THEORY.md §6.1)', () => {
  it('should measure f = log K, ‖∇f‖ within its rounding bound, λ_min = q(σ₀), and certify a strict saddle', () => {
    // Arrange: K = 3, n = 2, λ = 0.05 < σ₀ = 1/(3√2) ≈ 0.236
    const p = parseUfmProblem({ loss: 'ce', K: 3, d: 4, n: 2, lambdaW: 0.05, lambdaH: 0.05, lambdaB: 0.1, bias: true });
    const o = originPoint(p, ce);
    const layout = ufmLayout(p);
    // Act
    const m = measureClosedFormPoint(p, ce, o.theta, 3);
    // Assert
    expect(m.value).toBeCloseTo(Math.log(3), 15);
    expect(Math.abs(m.value - Math.log(3))).toBeLessThanOrEqual(m.valueTol);
    expect(m.valueTol).toBe(valueRounding(layout, p, m.value, o.theta));
    expect(m.gradTol).toBe(gradRounding(layout, o.theta));
    expect(m.gradNorm).toBeLessThanOrEqual(m.gradTol);
    expect(Math.abs(m.lambda.lambda - (0.05 - 1 / (3 * Math.sqrt(2))))).toBeLessThanOrEqual(1e-10);
    expect(m.cert.kind).toBe('strict-saddle');
    expect(m.escape()).toBe(m.escape());
    expect(m.escape()).toEqual(escapeData(p, ce, layout, o.theta));
    expect(m.problem).toBe(p);
    expect(m.theta).toBe(o.theta);
  });

  it('should report the gradient norm as the plain 2-norm of ∇f away from a critical point', () => {
    // Arrange: θ = origin + 0.1·e₀ is not critical
    const p = parseUfmProblem({ loss: 'ce', K: 3, d: 4, n: 2, lambdaW: 0.05, lambdaH: 0.05, lambdaB: 0.1, bias: true });
    const o = originPoint(p, ce);
    const theta = Float64Array.from(o.theta);
    theta[0] = 0.1;
    // Act
    const m = measureClosedFormPoint(p, ce, theta, 3);
    const g = new Float64Array(m.obj.dim);
    m.obj.valueAndGrad(theta, g);
    // Assert: ∂f/∂W₀₀ = λ_W·0.1 = 0.005 plus ∂f/∂H = WᵀG ≠ 0: the norm is the 2-norm of all of them, above 0.005
    expect(m.gradNorm).toBeCloseTo(Math.hypot(...g), 15);
    expect(m.gradNorm).toBeGreaterThan(0.005);
    expect(m.cert.kind).not.toBe('strict-saddle');
  });

  it('should give certifyClosedFormPoint the same certificate as the measurement', () => {
    // Arrange: above the threshold (λ = 0.3 > σ₀) the origin is the global minimizer
    const p = parseUfmProblem({ loss: 'ce', K: 3, d: 4, n: 2, lambdaW: 0.3, lambdaH: 0.3, lambdaB: 0.1, bias: true });
    const o = originPoint(p, ce);
    // Act
    const c = certifyClosedFormPoint(p, ce, o.theta, 5);
    const m = measureClosedFormPoint(p, ce, o.theta, 5);
    // Assert
    expect(c.kind).toBe('local-min');
    expect(c.kind).toBe(m.cert.kind);
    expect(c.tolerance).toBe(m.cert.tolerance);
  });
});
