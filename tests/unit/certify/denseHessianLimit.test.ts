/**
 * The size guard of denseHessian (src/certify/denseHessian.ts): dim ≤ maxDim is assembled, dim > maxDim is refused
 * with a message naming both. Added for the mutation run (issue 9 item 5): the boundary (> vs ≥) and the message
 * survived.
 */
import { describe, expect, it } from 'vitest';
import { denseHessian } from '../../../src/certify/index.ts';
import { diagQuadratic } from '../solvers/testObjectives.ts';

describe('denseHessian size guard', () => {
  it('should assemble a Hessian of exactly maxDim and refuse one of maxDim + 1, naming dim and maxDim', () => {
    const at = diagQuadratic(Float64Array.of(1, 2, 3), Float64Array.of(0, 0, 0));
    expect(Array.from(denseHessian(at, Float64Array.of(0, 0, 0), { maxDim: 3 }).H)).toEqual([1, 0, 0, 0, 2, 0, 0, 0, 3]);
    expect(() => denseHessian(at, Float64Array.of(0, 0, 0), { maxDim: 2 })).toThrow(new RangeError('denseHessian: dim 3 exceeds maxDim 2'));
  });
});
