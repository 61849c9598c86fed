/** bench/reference/naive.ts computes the same value and gradient as the fused objective (it only differs in speed). */
import { describe, it, expect } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import { lossById } from '../../../src/losses/index.ts';
import type { UfmProblem } from '../../../src/models/index.ts';
import { randomInit, ufmObjective } from '../../../src/models/index.ts';
import { naiveUfm } from '../../../bench/reference/naive.ts';
import { maxAbs, maxAbsDiff } from './derivCheck.ts';

describe('naiveUfm (benchmark reference)', () => {
  it.each(['ce', 'mse'].flatMap((loss) => [true, false].map((bias) => ({ loss, bias }))))(
    'should equal ufmObjective to rounding for $loss, bias $bias',
    ({ loss, bias }) => {
      // Arrange
      const p: UfmProblem = {
        loss,
        K: 5,
        d: 7,
        counts: [3, 6, 2, 4, 5],
        lambdaW: 0.01,
        lambdaH: 0.02,
        lambdaB: 0.03,
        bias,
      };
      const f = ufmObjective(p, lossById(loss));
      const ref = naiveUfm(p);
      const theta = randomInit(f.layout, createRng(61));
      const g = new Float64Array(f.dim);
      const gr = new Float64Array(ref.dim);
      // Act
      const v = f.valueAndGrad(theta, g);
      const vr = ref.valueAndGrad(theta, gr);
      // Assert: the same sums (≤ N·d terms) in different orders: relative 1e-13
      expect(ref.dim).toBe(f.dim);
      expect(Math.abs(v - vr)).toBeLessThanOrEqual(1e-13 * Math.abs(v));
      expect(maxAbsDiff(g, gr)).toBeLessThanOrEqual(1e-13 * maxAbs(g));
    },
  );

  it('should refuse losses it does not implement', () => {
    expect(() =>
      naiveUfm({ loss: 'focal', K: 2, d: 1, counts: [1, 1], lambdaW: 0, lambdaH: 0, lambdaB: 0, bias: false }),
    ).toThrow(RangeError);
  });
});
