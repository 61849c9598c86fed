import { describe, it, expect } from 'vitest';
import { gradientDescent } from '../../../src/solvers/index.ts';
import { diagQuadratic, nanAfter } from './testObjectives.ts';

// f = ½ Σ dᵢ (xᵢ − cᵢ)², d = (1, 2, 5): with step η the error of coordinate i is multiplied by exactly (1 − η dᵢ)
// per iteration, so ∇f(x_k)ᵢ = dᵢ (1 − η dᵢ)^k (x₀ − c)ᵢ in closed form.
const d = Float64Array.of(1, 2, 5);
const c = Float64Array.of(0.5, -1, 2);
const x0 = Float64Array.of(3, 1, -1);
function gradNormAt(k: number, eta: number): number {
  let s = 0;
  for (let i = 0; i < 3; i++) s += (d[i]! * (1 - eta * d[i]!) ** k * (x0[i]! - c[i]!)) ** 2;
  return Math.sqrt(s);
}

describe('gradientDescent', () => {
  it('should follow the closed-form linear rate (1 − ημ) on a quadratic and stop at the first iterate below tol', () => {
    // Arrange
    const eta = 0.1;
    const tol = 1e-8;
    let kStar = 0;
    while (gradNormAt(kStar, eta) > tol) kStar++;
    // Act
    const r = gradientDescent(diagQuadratic(d, c), x0, { step: eta, tol });
    // Assert: every logged gradient norm equals the closed form to rounding. Each step stores x with an absolute
    // error ≤ ε·max|x| (≤ 3) per coordinate; those errors are contracted by (1 − ηdᵢ) ≤ 1 − ημ afterwards, so they
    // accumulate to ≤ ε·3/(ημ) per coordinate and to ≤ d_max·√3·ε·3/(ημ) ≈ 5.8e-14 in ‖∇f‖.
    const bound = (5 * Math.sqrt(3) * 2 ** -52 * 3) / (eta * 1);
    for (let k = 0; k <= kStar; k++) {
      expect(Math.abs((r.log.gradNorm[k] as number) - gradNormAt(k, eta))).toBeLessThanOrEqual(bound);
    }
    // The asymptotic rate is that of the smallest curvature: ratio → 1 − η·1 = 0.9.
    const last = r.log.gradNorm.length - 1;
    expect((r.log.gradNorm[last] as number) / (r.log.gradNorm[last - 1] as number)).toBeCloseTo(0.9, 6);
    expect(r.evaluations).toEqual({ grad: kStar + 1, hvp: 0 });
  });

  it('should use step 0.1 by default, as the papers do', () => {
    // Act
    const a = gradientDescent(diagQuadratic(d, c), x0, { maxIter: 5 });
    const b = gradientDescent(diagQuadratic(d, c), x0, { maxIter: 5, step: 0.1 });
    // Assert
    expect(Array.from(a.theta)).toEqual(Array.from(b.theta));
  });

  it('should report max-iter with the iterate after exactly maxIter steps', () => {
    // Act
    const r = gradientDescent(diagQuadratic(d, c), x0, { maxIter: 3 });
    // Assert
    expect(r.status).toBe('max-iter');
    expect(r.iterations).toBe(3);
    expect(r.log.value.length).toBe(4);
    expect(r.gradNorm).toBeCloseTo(gradNormAt(3, 0.1), 14);
  });

  it('should report diverged when the step exceeds 2/L', () => {
    // Arrange: η = 0.5 > 2/5 makes coordinate 3 grow by |1 − 2.5| = 1.5 per step.
    // Act
    const r = gradientDescent(diagQuadratic(d, c), x0, { step: 0.5 });
    // Assert
    expect(r.status).toBe('diverged');
    expect(r.stopReason).toBe('growth');
    expect(r.iterations).toBeLessThan(200);
  });

  it('should report diverged through the absolute bound when the growth factor is disabled', () => {
    // Act
    const r = gradientDescent(diagQuadratic(d, c), x0, { step: 0.5, growthFactor: Infinity, divergenceBound: 1e6 });
    // Assert
    expect(r.status).toBe('diverged');
    expect(['value-bound', 'norm-bound']).toContain(r.stopReason);
  });

  it('should report non-finite when the objective returns NaN', () => {
    // Act
    const r = gradientDescent(nanAfter(diagQuadratic(d, c), 4), x0);
    // Assert
    expect(r.status).toBe('non-finite');
    expect(r.iterations).toBe(4);
  });

  it('should keep only the first and last log entries when log is false', () => {
    // Act
    const r = gradientDescent(diagQuadratic(d, c), x0, { log: false, tol: 1e-6 });
    // Assert
    expect(r.status).toBe('converged');
    expect(r.log.value.length).toBe(2);
    expect(r.log.gradNorm[1]).toBe(r.gradNorm);
  });

  it('should not modify θ₀ and should reject bad options', () => {
    // Arrange
    const start = x0.slice();
    // Act
    gradientDescent(diagQuadratic(d, c), start, { maxIter: 2 });
    // Assert
    expect(Array.from(start)).toEqual(Array.from(x0));
    expect(() => gradientDescent(diagQuadratic(d, c), x0, { step: -1 })).toThrow(RangeError);
    expect(() => gradientDescent(diagQuadratic(d, c), new Float64Array(2))).toThrow(RangeError);
  });
});
