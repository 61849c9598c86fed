/**
 * tridiagEigenvector (src/linalg/tridiagVector.ts): inverse iteration for one eigenvector of a symmetric
 * tridiagonal matrix, as Lanczos uses it for the extreme Ritz vectors of an unrestarted run. The reference is the
 * dense eigensolver; the checks are the residual ‖T y − λ y‖ (backward-stable: O(n ε ‖T‖)) and, for a well-separated
 * eigenvalue, |yᵀ y_ref| = 1.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { symEigPacked } from '../../../src/linalg/index.ts';
import { tridiagEigenvector } from '../../../src/linalg/tridiagVector.ts';

const EPS = 2 ** -52;

function dense(diag: readonly number[], off: readonly number[]): Float64Array {
  const n = diag.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    a[i * n + i] = diag[i]!;
    if (i > 0) a[i * n + i - 1] = a[(i - 1) * n + i] = off[i - 1]!;
  }
  return a;
}

/** ‖T y − λ y‖₂ for the tridiagonal (diag, off). */
function residual(diag: readonly number[], off: readonly number[], y: Float64Array, lambda: number): number {
  const n = diag.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    let r = (diag[i]! - lambda) * y[i]!;
    if (i > 0) r += off[i - 1]! * y[i - 1]!;
    if (i + 1 < n) r += off[i]! * y[i + 1]!;
    s += r * r;
  }
  return Math.sqrt(s);
}

const tridiagonals = fc
  .integer({ min: 1, max: 40 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n, maxLength: n }),
      fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n - 1, maxLength: n - 1 }),
    ),
  );

describe('tridiagEigenvector', () => {
  it('should return a unit vector whose residual for the smallest and largest eigenvalue is at the rounding level', () => {
    fc.assert(
      fc.property(tridiagonals, ([diag, off]) => {
        // Arrange: strided storage as in Lanczos (diagonal stride 2; off-diagonal stride 3 from offset 1)
        const n = diag.length;
        const ref = symEigPacked(n, dense(diag, off));
        const d = new Float64Array(2 * n),
          e = new Float64Array(3 * n + 1);
        diag.forEach((x, i) => (d[2 * i] = x));
        off.forEach((x, i) => (e[1 + 3 * i] = x));
        const norm = Math.max(...diag.map((x, i) => Math.abs(x) + Math.abs(off[i] ?? 0) + Math.abs(off[i - 1] ?? 0)));
        for (const col of [0, n - 1]) {
          const y = new Float64Array(n);
          // Act
          tridiagEigenvector(n, d, 0, 2, e, 1, 3, ref.values[col]!, y, new Float64Array(5 * n));
          // Assert: unit, and T y = λ y to a backward-stable residual (100·n·ε·‖T‖: the eigenvalue's own error
          // c·n·ε·‖T‖ plus the solve's)
          let s = 0;
          for (let i = 0; i < n; i++) s += y[i]! ** 2;
          expect(Math.abs(Math.sqrt(s) - 1)).toBeLessThan(1e-14);
          expect(residual(diag, off, y, ref.values[col]!)).toBeLessThanOrEqual(100 * n * EPS * Math.max(norm, 1e-300));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('should agree with the dense eigenvector up to sign when the eigenvalue is well separated', () => {
    // Arrange: the 1-D Laplacian tridiag(−1, 2, −1) of order 12: eigenvalues 2 − 2cos(kπ/13), gaps ≥ 0.05
    const n = 12;
    const diag = new Array<number>(n).fill(2);
    const off = new Array<number>(n - 1).fill(-1);
    const ref = symEigPacked(n, dense(diag, off));
    for (const col of [0, 5, n - 1]) {
      const y = new Float64Array(n);
      // Act
      tridiagEigenvector(
        n,
        Float64Array.from(diag),
        0,
        1,
        Float64Array.from(off),
        0,
        1,
        ref.values[col]!,
        y,
        new Float64Array(5 * n),
      );
      // Assert: |⟨y, y_ref⟩| = 1 to 1e-12, and the closed form sin(k i π/13) (k = col + 1) up to sign and scale
      let dot = 0;
      for (let i = 0; i < n; i++) dot += y[i]! * ref.vectors[i * n + col]!;
      expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-12);
      const k = col + 1;
      const ratio = y[0]! / Math.sin((k * Math.PI) / 13);
      for (let i = 0; i < n; i++) expect(y[i]!).toBeCloseTo(ratio * Math.sin((k * (i + 1) * Math.PI) / 13), 12);
    }
  });

  it('should return an eigenvector of a split matrix (a zero off-diagonal) and of the 1×1 case', () => {
    // Arrange: blocks [[1]] and [[3, 1], [1, 3]] (eigenvalues 1, 2, 4)
    const diag = [1, 3, 3];
    const off = [0, 1];
    const y = new Float64Array(3);
    // Act
    tridiagEigenvector(3, Float64Array.from(diag), 0, 1, Float64Array.from(off), 0, 1, 2, y, new Float64Array(15));
    // Assert: (0, 1, −1)/√2 up to sign
    expect(residual(diag, off, y, 2)).toBeLessThan(1e-14);
    expect(Math.abs(y[0]!)).toBeLessThan(1e-14);
    const one = new Float64Array(1);
    tridiagEigenvector(1, Float64Array.of(7), 0, 1, new Float64Array(0), 0, 1, 7, one, new Float64Array(5));
    expect(one[0]).toBe(1);
  });
});
