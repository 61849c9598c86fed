import { describe, it, expect } from 'vitest';
import { EVD, Matrix } from 'ml-matrix';
import { symEig } from '../../../src/linalg/denseEig.ts';
import { createRng } from '../../../src/core/index.ts';

const EPS = 2 ** -52;

function randomSym(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) A[i * n + j] = A[j * n + i] = rng.normal();
  return A;
}

describe('symEig (dense symmetric eigensolver behind Lanczos)', () => {
  it('should agree with ml-matrix EVD and satisfy A v = λ v with orthonormal v', () => {
    for (const n of [1, 2, 3, 10, 60]) {
      // Arrange
      const A = randomSym(n, n);
      const rows: number[][] = [];
      for (let i = 0; i < n; i++) rows.push(Array.from(A.subarray(i * n, i * n + n)));
      const ref = [...new EVD(new Matrix(rows), { assumeSymmetric: true }).realEigenvalues].sort((a, b) => a - b);
      // Act
      const { values, vectors } = symEig(n, A);
      // Assert: backward stability gives ‖A V − V Λ‖ and ‖VᵀV − I‖ of order n·ε·‖A‖; 100·n·ε·‖A‖ bounds both.
      const aNorm = Math.max(Math.abs(values[0]!), Math.abs(values[n - 1]!));
      const bound = 100 * n * EPS * Math.max(aNorm, 1);
      for (let i = 0; i < n; i++) expect(Math.abs(values[i]! - (ref[i] as number))).toBeLessThanOrEqual(bound);
      for (let c = 0; c < n; c++) {
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += A[i * n + j]! * vectors[j * n + c]!;
          expect(Math.abs(s - values[c]! * vectors[i * n + c]!)).toBeLessThanOrEqual(bound);
        }
        for (let c2 = 0; c2 <= c; c2++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += vectors[i * n + c]! * vectors[i * n + c2]!;
          expect(Math.abs(s - (c === c2 ? 1 : 0))).toBeLessThanOrEqual(bound);
        }
      }
      for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]!);
    }
  });

  it('should return the diagonal of a diagonal matrix, sorted', () => {
    // Arrange
    const A = new Float64Array([3, 0, 0, 0, -1, 0, 0, 0, 2]);
    // Act
    const { values } = symEig(3, A);
    // Assert
    expect(Array.from(values)).toEqual([-1, 2, 3]);
  });

  it('should reject a buffer of the wrong size', () => {
    expect(() => symEig(3, new Float64Array(8))).toThrow(RangeError);
  });
});
