/**
 * Point-file reading (src/claim/point.ts, src/core/mat.ts parseMatrix): a file whose problem declares far more
 * samples than its H holds is a usage error naming the first short row — checked before anything sized by the
 * declared n is allocated (found by tests/fuzz/loaders.test.ts, seed 1935289397: n = 1e9 threw a RangeError from the
 * allocation).
 */
import { describe, expect, it } from 'vitest';
import { UsageError, parseMatrix } from '../../../src/core/index.ts';
import { parsePoint } from '../../../src/claim/index.ts';

const known = (id: string): boolean => id === 'ce' || id === 'mse';

function point(n: number): unknown {
  return {
    problem: { loss: 'ce', K: 2, d: 2, n, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias: true },
    W: [
      [1, 0],
      [0, 1],
    ],
    H: [
      [1, 0],
      [0, 1],
    ],
    b: [0, 0],
  };
}

describe('point files', () => {
  it('should name H[0] when the problem declares n = 1e9 samples and H has 2 columns, without allocating d·N', () => {
    let err: unknown;
    try {
      parsePoint(point(1e9), known);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).field).toBe('H[0]');
  });

  it('should read the same file when n matches H', () => {
    const p = parsePoint(point(1), known);
    expect(p.problem.counts).toEqual([1, 1]);
    expect(Array.from(p.theta)).toEqual([1, 0, 0, 1, 1, 0, 0, 1, 0, 0]);
  });

  it('should check every row shape of a matrix before reading its numbers', () => {
    // A later row of the wrong length is reported even when an earlier row holds a non-number: shape first.
    expect(() => parseMatrix([[Number.NaN, 0], [1]], 'M', 2, 2)).toThrow(/M\[1\]/);
    expect(() =>
      parseMatrix(
        [
          [1, 0],
          [0, 'x'],
        ],
        'M',
        2,
        2,
      ),
    ).toThrow(/M\[1\]\[1\]/);
  });
});
