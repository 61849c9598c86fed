/**
 * Near-miss perturbations (src/define/miss.ts, issue 9 item 3): a prediction x of quantity q becomes x·(1 + ε_q),
 * an absent quantity is unperturbed (x·(1 + 0) = x exactly), and ε = 0 hands back the same matrix/vector (no copy).
 */
import { describe, expect, it } from 'vitest';
import { missed, NEAR_MISS, NO_MISS, perturb, perturbMat, perturbVec } from '../../../src/define/index.ts';

describe('perturb and missed', () => {
  it('should multiply by (1 + ε), and leave x alone without ε', () => {
    expect(perturb(2, 0.5)).toBe(3);
    expect(perturb(2, -0.25)).toBe(1.5);
    expect(perturb(2)).toBe(2);
    expect(missed(4, { value: 0.5, gram: 2 }, 'value')).toBe(6);
    expect(missed(4, { value: 0.5 }, 'gram')).toBe(4);
    expect(missed(4, NO_MISS, 'value')).toBe(4);
  });

  it('should state the default near-miss sizes: 1e-6 on values, 1e-4 on Grams and norms, nothing for claims', () => {
    expect(NEAR_MISS).toEqual({ value: 1e-6, gram: 1e-4, norm: 1e-4 });
    expect(NO_MISS).toEqual({});
  });
});

describe('perturbMat and perturbVec', () => {
  it('should scale every entry by (1 + ε) into a copy, keeping the shape and the input', () => {
    // Arrange
    const M = { rows: 2, cols: 2, data: Float64Array.of(1, -2, 4, 0) };
    // Act
    const P = perturbMat(M, 0.5);
    const v = perturbVec(Float64Array.of(2, -4), -0.5);
    // Assert
    expect([P.rows, P.cols, Array.from(P.data)]).toEqual([2, 2, [1.5, -3, 6, 0]]);
    expect(Array.from(M.data)).toEqual([1, -2, 4, 0]);
    expect(Array.from(v)).toEqual([1, -2]);
  });

  it('should hand back the same matrix and vector when ε is 0 or absent', () => {
    const M = { rows: 1, cols: 2, data: Float64Array.of(1, 2) };
    const v = Float64Array.of(3);
    expect(perturbMat(M, 0)).toBe(M);
    expect(perturbMat(M)).toBe(M);
    expect(perturbVec(v, 0)).toBe(v);
    expect(perturbVec(v)).toBe(v);
  });
});
