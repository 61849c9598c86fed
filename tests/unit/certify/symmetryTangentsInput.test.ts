/**
 * How certifySecondOrder reads declared symmetry tangents (src/certify/secondOrder.ts; THEORY.md §1.2, §6): it
 * orthonormalises a copy (the caller's arrays are not modified), and a tangent counts as independent only when its
 * part off the earlier ones exceeds 1e-10 of the LARGEST tangent's norm — a relative threshold, whatever the scale.
 */
import { describe, expect, it } from 'vitest';
import { certifySecondOrder } from '../../../src/certify/index.ts';
import { diagQuadratic } from '../solvers/testObjectives.ts';

// ½θᵀdiag(0, 50, 80)θ at 0: e₀ is the zero mode to be explained by the symmetry.
const obj = diagQuadratic(Float64Array.of(0, 50, 80), Float64Array.of(0, 0, 0));
const theta = new Float64Array(3);

describe('certifySecondOrder symmetry tangents', () => {
  it('should leave the caller’s tangents unchanged', () => {
    // Arrange
    const tangents = [Float64Array.of(2, 0, 0), Float64Array.of(3, 1, 0)];
    // Act
    certifySecondOrder(obj, theta, { symmetryTangents: tangents });
    // Assert
    expect(Array.from(tangents[0]!)).toEqual([2, 0, 0]);
    expect(Array.from(tangents[1]!)).toEqual([3, 1, 0]);
  });

  it('should drop a tangent whose independent part is below 1e-10 of the largest norm at a large scale', () => {
    // Arrange: norms ≈ 1e3; the second adds 1e-8 along e₁, below 1e-10·1e3 = 1e-7 (an absolute 1e-10, or one
    // divided by the scale, would keep it).
    const tangents = [Float64Array.of(1e3, 0, 0), Float64Array.of(1e3, 1e-8, 0)];
    // Act
    const c = certifySecondOrder(obj, theta, { symmetryTangents: tangents });
    // Assert: rank 1, and λ⊥ = 50 (e₁ still off the orbit).
    expect(c.restricted!.tangentRank).toBe(1);
    expect(Math.abs(c.restricted!.lambdaMin - 50)).toBeLessThanOrEqual(1e-10 * 50);
  });
});
