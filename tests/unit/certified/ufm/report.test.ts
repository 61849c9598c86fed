/**
 * What `ufmcheck solve` / `metrics` print about a point (src/certified/ufm/report.ts): the Gram W Wᵀ row by row, the
 * squared classifier norms (its diagonal) and the bias. Added for the mutation run (issue 9 item 5): the row slicing
 * of the Gram could be shifted without a test failing.
 */
import { describe, expect, it } from 'vitest';
import { pointReport } from '../../../../src/certified/ufm/report.ts';
import { parseUfmProblem, ufmLayout } from '../../../../src/models/index.ts';

describe('pointReport', () => {
  it('should report W Wᵀ row by row, its diagonal as the squared norms, and the bias', () => {
    const p = parseUfmProblem({ loss: 'ce', K: 3, d: 2, n: 1, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0, bias: true });
    const L = ufmLayout(p);
    const theta = new Float64Array(L.dim);
    const W = [
      [1, 2],
      [3, -1],
      [0, 2],
    ];
    W.flat().forEach((w, i) => {
      theta[L.offW + i] = w;
    });
    for (let i = 0; i < L.d * L.N; i++) theta[L.offH + i] = (i % 3) - 1;
    [0.5, -0.25, 0.125].forEach((b, k) => {
      theta[L.offB + k] = b;
    });
    const r = pointReport(p, theta);
    // W Wᵀ by hand: rows (1,2), (3,−1), (0,2).
    expect(r.gramW).toEqual([
      [5, 1, 4],
      [1, 10, -2],
      [4, -2, 4],
    ]);
    expect(r.wNormsSq).toEqual([5, 10, 4]);
    expect(r.bias).toEqual([0.5, -0.25, 0.125]);
  });

  it('should report no bias for a bias-free problem', () => {
    const p = parseUfmProblem({ loss: 'mse', K: 2, d: 2, n: 1, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0, bias: false });
    const theta = new Float64Array(ufmLayout(p).dim).fill(1);
    expect(pointReport(p, theta).bias).toEqual([]);
    expect(pointReport(p, theta).gramW).toEqual([
      [2, 2],
      [2, 2],
    ]);
  });
});
