import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { symEigPacked } from '../../../src/linalg/index.ts';
import { tridiagEigLastRow } from '../../../src/linalg/denseEig.ts';

/** Dense n×n of the tridiagonal (diag, off). */
function dense(diag: readonly number[], off: readonly number[]): Float64Array {
  const n = diag.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    a[i * n + i] = diag[i]!;
    if (i > 0) a[i * n + i - 1] = a[(i - 1) * n + i] = off[i - 1]!;
  }
  return a;
}

describe('tridiagEigLastRow', () => {
  it('should give the dense eigensolver eigenvalues and |last components| of its eigenvectors', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 30 })
          .chain((n) =>
            fc.tuple(
              fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n, maxLength: n }),
              fc.array(fc.double({ min: 0.05, max: 3, noNaN: true }), { minLength: n - 1, maxLength: n - 1 }),
            ),
          ),
        ([diag, off]) => {
          // Arrange
          const n = diag.length;
          const ref = symEigPacked(n, dense(diag, off));
          const values = new Float64Array(n),
            last = new Float64Array(n),
            work = new Float64Array(n);
          // Act: the diagonal read with stride 2, the off-diagonal with stride 3 from offset 1 (strided storage)
          const d = new Float64Array(2 * n),
            e = new Float64Array(3 * n + 1);
          diag.forEach((x, i) => (d[2 * i] = x));
          off.forEach((x, i) => (e[1 + 3 * i] = x));
          tridiagEigLastRow(n, d, 0, 2, e, 1, 3, values, last, work);
          // Assert: Weyl bound for the values; off-diagonals ≥ 0.05 keep the spectrum simple (unreduced tridiagonal),
          // so eigenvectors are unique up to sign and the last components agree in modulus.
          const scale = Math.max(...diag.map(Math.abs), ...off.map(Math.abs), 1);
          for (let i = 0; i < n; i++) {
            expect(Math.abs(values[i]! - ref.values[i]!)).toBeLessThanOrEqual(1e-12 * scale * n);
            expect(Math.abs(Math.abs(last[i]!) - Math.abs(ref.vectors[(n - 1) * n + i]!))).toBeLessThanOrEqual(1e-9);
          }
          const norm = last.reduce((s, x) => s + x * x, 0);
          expect(Math.abs(norm - 1)).toBeLessThanOrEqual(1e-12 * n); // the last row of an orthogonal matrix
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('dense eigensolver near underflow', () => {
  it('should give finite eigenvalues when a subnormal off-diagonal sits next to a zero diagonal entry', () => {
    // Arrange: [[0, −5e-324], [−5e-324, 8.9e-16]] — tql2's running row norm let the subnormal pass as significant,
    // and the shift overflowed to NaN eigenvalues (found by tests/unit/linalg/tridiagVector.test.ts).
    const a = Float64Array.of(0, -5e-324, -5e-324, 8.881784197001252e-16);
    // Act
    const r = symEigPacked(2, a);
    const values = new Float64Array(2),
      last = new Float64Array(2);
    tridiagEigLastRow(
      2,
      Float64Array.of(0, 8.881784197001252e-16),
      0,
      1,
      Float64Array.of(-5e-324),
      0,
      1,
      values,
      last,
      new Float64Array(2),
    );
    // Assert: eigenvalues 0 and 8.9e-16 to ε‖A‖; unit last components
    expect(Array.from(r.values)).toEqual([0, 8.881784197001252e-16]);
    expect(Array.from(values)).toEqual([0, 8.881784197001252e-16]);
    expect(Math.hypot(last[0]!, last[1]!)).toBeCloseTo(1, 15);
  });
});
