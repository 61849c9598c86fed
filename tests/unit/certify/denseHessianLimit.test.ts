/**
 * The size guard of denseHessian (src/certify/denseHessian.ts): dim ≤ maxDim is assembled, dim > maxDim is refused
 * with a message naming both; the asymmetry is relative to the largest entry. Added for the mutation run (issue 9
 * item 5): the boundary (> vs ≥), the message and the choice of the largest entry survived.
 */
import { describe, expect, it } from 'vitest';
import { denseHessian } from '../../../src/certify/index.ts';
import type { Objective } from '../../../src/models/index.ts';
import { diagQuadratic } from '../solvers/testObjectives.ts';

describe('denseHessian size guard', () => {
  it('should assemble a Hessian of exactly maxDim and refuse one of maxDim + 1, naming dim and maxDim', () => {
    const at = diagQuadratic(Float64Array.of(1, 2, 3), Float64Array.of(0, 0, 0));
    expect(Array.from(denseHessian(at, Float64Array.of(0, 0, 0), { maxDim: 3 }).H)).toEqual([
      1, 0, 0, 0, 2, 0, 0, 0, 3,
    ]);
    expect(() => denseHessian(at, Float64Array.of(0, 0, 0), { maxDim: 2 })).toThrow(
      new RangeError('denseHessian: dim 3 exceeds maxDim 2'),
    );
  });

  it('should scale the asymmetry by the largest |entry|, wherever it sits', () => {
    // A = [[4, 0.5], [0, 1]]: |A₀₁ − A₁₀| / max|A| = 0.5 / 4 (the last entry, 1, is not the largest).
    const base = diagQuadratic(Float64Array.of(1, 1), Float64Array.of(0, 0));
    const skew: Objective = {
      ...base,
      hessianAt: () => ({
        dim: 2,
        apply: (v, out) => {
          out[0] = 4 * (v[0] as number) + 0.5 * (v[1] as number);
          out[1] = v[1] as number;
        },
      }),
    };
    expect(denseHessian(skew, Float64Array.of(0, 0)).asymmetry).toBe(0.125);
  });
});
