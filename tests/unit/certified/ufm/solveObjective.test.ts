/**
 * solveUfm with a caller-held objective (src/certified/ufm/solve.ts `objective`, used by the hunts' multistart):
 * the same result, bit for bit, as building its own, across consecutive solves on one objective; and an objective
 * of another problem is refused.
 */
import { describe, expect, it } from 'vitest';
import { solveUfm } from '../../../../src/certified/index.ts';
import { createRng } from '../../../../src/core/index.ts';
import { lossById } from '../../../../src/losses/index.ts';
import { parseUfmProblem, randomInit, ufmObjective } from '../../../../src/models/index.ts';

const problem = parseUfmProblem({
  loss: 'ce',
  K: 5,
  d: 2,
  n: 2,
  lambdaW: 0.01,
  lambdaH: 0.02,
  lambdaB: 0,
  bias: false,
});
const loss = lossById('ce');

describe('solveUfm on a shared objective', () => {
  it('should give the same points, values and iteration counts as fresh objectives, start after start', () => {
    // Arrange
    const shared = ufmObjective(problem, loss);
    for (let s = 0; s < 3; s++) {
      const init = randomInit(shared.layout, createRng(100 + s), 1);
      const opts = { seed: 100 + s, solver: 'newton', secondOrder: true, tol: 1e-10, loss, init } as const;
      // Act
      const a = solveUfm(problem, { ...opts, objective: shared }).result;
      const b = solveUfm(problem, opts).result;
      // Assert
      expect(a.status).toBe(b.status);
      expect(a.value).toBe(b.value);
      expect(a.iterations).toBe(b.iterations);
      expect(Array.from(a.theta)).toEqual(Array.from(b.theta));
    }
  });

  it('should refuse an objective of another problem', () => {
    const other = ufmObjective({ ...problem, lambdaW: 0.5 }, loss);
    expect(() => solveUfm(problem, { seed: 1, loss, objective: other })).toThrow(/options.objective/);
  });
});
