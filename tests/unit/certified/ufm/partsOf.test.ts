/**
 * partsOf (src/certified/ufm/compare.ts): W, H, the class means H̄, the bias and n_min — the smallest class, which the
 * duality tolerance δ/√n_min divides by (a class mean of n columns is within δ/√n of its prediction). Added for the
 * mutation run (issue 9 item 5): n_min read as the largest class survived.
 */
import { describe, expect, it } from 'vitest';
import { partsOf } from '../../../../src/certified/ufm/compare.ts';
import type { CertifiedPoint } from '../../../../src/certified/ufm/certified.ts';
import { mse } from '../../../../src/losses/index.ts';
import { parseUfmProblem, ufmObjective } from '../../../../src/models/index.ts';

describe('partsOf', () => {
  it('should take n_min as the smallest class count and H̄ as the per-class column means', () => {
    const problem = parseUfmProblem({
      loss: 'mse',
      K: 2,
      d: 1,
      counts: [3, 1],
      lambdaW: 0.1,
      lambdaH: 0.1,
      lambdaB: 0,
      bias: true,
    });
    const objective = ufmObjective(problem, mse);
    const L = objective.layout;
    const theta = new Float64Array(L.dim);
    theta[L.offW] = 2;
    theta[L.offW + 1] = -1;
    [1, 2, 6, 10].forEach((h, j) => {
      theta[L.offH + j] = h;
    }); // class 0: 1, 2, 6 (mean 3); class 1: 10
    theta[L.offB] = 0.5;
    theta[L.offB + 1] = -0.5;
    // Only the fields partsOf reads: the problem, θ and the solution's objective layout.
    const cp = { problem, theta, solution: { objective } } as unknown as CertifiedPoint;
    const parts = partsOf(cp);
    expect(parts.nMin).toBe(1);
    expect(Array.from(parts.Hbar.data)).toEqual([3, 10]);
    expect(Array.from(parts.W.data)).toEqual([2, -1]);
    expect(Array.from(parts.b)).toEqual([0.5, -0.5]);
  });
});
