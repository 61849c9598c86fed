/**
 * denseHessian (src/certify/denseHessian.ts) must not hide a NaN: a Hessian-vector product that returns NaN on the
 * diagonal makes the reported asymmetry NaN (numerical failure, judged inconclusive by its callers), not a finite
 * number computed from the other entries; a non-symmetric product is symmetrised and its worst pair reported. Written for the survivors of `npm run mutation` (issue 9 item 5).
 */
import { describe, expect, it } from 'vitest';
import { denseHessian } from '../../../src/certify/index.ts';
import type { Objective } from '../../../src/models/index.ts';
import { diagQuadratic } from '../solvers/testObjectives.ts';

function withProduct(apply: (v: Float64Array, out: Float64Array) => void): Objective {
  const base = diagQuadratic(Float64Array.of(1, 1), Float64Array.of(0, 0));
  return { ...base, hessianAt: () => ({ dim: 2, apply }) };
}

describe('denseHessian with a NaN entry', () => {
  it('should report a NaN asymmetry when only a diagonal entry is NaN (no off-diagonal pair sees it)', () => {
    // A = [[1, 0.5], [0, NaN]]: the only pair (0, 1) differs by 0.5, the NaN sits at (1, 1).
    const obj = withProduct((v, out) => {
      out[0] = (v[0] as number) + 0.5 * (v[1] as number);
      out[1] = v[1] === 0 ? 0 : NaN;
    });
    expect(denseHessian(obj, Float64Array.of(0, 0)).asymmetry).toBeNaN();
  });

  it('should report a NaN asymmetry when an off-diagonal entry is NaN', () => {
    // A = [[1, NaN], [0, 1]].
    const obj = withProduct((v, out) => {
      out[0] = (v[0] as number) + (v[1] === 0 ? 0 : NaN);
      out[1] = v[1] as number;
    });
    expect(denseHessian(obj, Float64Array.of(0, 0)).asymmetry).toBeNaN();
  });
});

describe('denseHessian of a non-symmetric product', () => {
  it('should return (A + Aᵀ)/2 and the LARGEST pair difference, not the last one visited', () => {
    // A = [[4, 0.5, 0], [0, 1, 0.1], [0, 0, 2]]: pair (0, 1) differs by 0.5, pair (1, 2) — visited last — by 0.1.
    const base = diagQuadratic(Float64Array.of(1, 1, 1), Float64Array.of(0, 0, 0));
    const obj: Objective = {
      ...base,
      hessianAt: () => ({
        dim: 3,
        apply: (v, out) => {
          out[0] = 4 * (v[0] as number) + 0.5 * (v[1] as number);
          out[1] = (v[1] as number) + 0.1 * (v[2] as number);
          out[2] = 2 * (v[2] as number);
        },
      }),
    };
    const dh = denseHessian(obj, Float64Array.of(0, 0, 0));
    // Each symmetrised entry is one halving of a double: exact.
    expect(Array.from(dh.H)).toEqual([4, 0.25, 0, 0.25, 1, 0.1 / 2, 0, 0.1 / 2, 2]);
    expect(dh.asymmetry).toBe(0.5 / 4);
  });
});
