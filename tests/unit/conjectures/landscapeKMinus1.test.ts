import { describe, expect, it } from 'vitest';
import { findingProblem } from '../../../src/claim/index.ts';
import {
  landscapeKMinus1,
  probeLandscapeKMinus1,
} from '../../../properties/conjectures/landscape-d-equals-k-minus-1.ts';
import type { HuntUfmInstance } from '../../../src/hunt/instance.ts';

function instance(
  loss: string,
  K: number,
  n: number,
  lambda: number,
  bias: boolean,
  lambdaB = 0,
  seed = 1,
): HuntUfmInstance {
  return {
    problem: { loss, K, d: K - 1, n, lambdaW: lambda, lambdaH: 2 * lambda, lambdaB, bias },
    seed,
    starts: 6,
    initScale: 1,
  };
}

describe('landscape.d-equals-k-minus-1', () => {
  it('should find no hit on small K (THEORY.md §7.5: every multistart reached f*)', () => {
    // Arrange
    const cases = [
      instance('ce', 3, 1, 1e-2, true),
      instance('ce', 4, 2, 1e-3, false),
      instance('mse', 4, 1, 1e-2, true),
      instance('mse', 5, 1, 1e-2, true, 1e-2),
    ];
    // Act / Assert
    for (const inst of cases) {
      const f = probeLandscapeKMinus1(inst);
      expect(findingProblem(f)).toBeUndefined();
      expect(f.status).toBe('no-hit');
    }
  });

  it('should reject d ≠ K−1 and bias-free MSE (no closed form there), naming the field', () => {
    expect(() =>
      landscapeKMinus1.parseInstance({
        ...instance('ce', 4, 1, 1e-2, true),
        problem: { ...instance('ce', 4, 1, 1e-2, true).problem, d: 4 },
      }),
    ).toThrow(/instance\.problem\.d/);
    expect(() => landscapeKMinus1.parseInstance(instance('mse', 4, 1, 1e-2, false))).toThrow(/instance\.problem\.bias/);
  });
});
