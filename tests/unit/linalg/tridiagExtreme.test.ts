/**
 * tridiagExtreme (src/linalg/tridiagExtreme.ts): the extreme eigenvalues of a symmetric tridiagonal matrix and the
 * last components of their eigenvectors by safeguarded Newton on the Sturm ratios, against the QL reference
 * (tridiagEigLastRow), with and without a Lanczos-style hint, at both ends.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tridiagEigLastRow } from '../../../src/linalg/denseEig.ts';
import { tridiagExtreme } from '../../../src/linalg/tridiagExtreme.ts';

const EPS = 2 ** -52;

const tridiagonals = fc
  .integer({ min: 1, max: 40 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n, maxLength: n }),
      fc.array(
        fc.oneof(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -1e-9, max: 1e-9, noNaN: true })),
        { minLength: n - 1, maxLength: n - 1 },
      ),
    ),
  );

function reference(diag: readonly number[], off: readonly number[]): { values: Float64Array; last: Float64Array } {
  const n = diag.length;
  const values = new Float64Array(n),
    last = new Float64Array(n);
  tridiagEigLastRow(n, Float64Array.from(diag), 0, 1, Float64Array.from(off), 0, 1, values, last, new Float64Array(n));
  return { values, last };
}

describe('tridiagExtreme', () => {
  it('should give the smallest and largest eigenvalues to c·n·ε‖T‖ and the QL reference last components where the eigenvalue is separated', () => {
    fc.assert(
      fc.property(tridiagonals, fc.boolean(), ([diag, off], hinted) => {
        // Arrange
        const n = diag.length;
        const ref = reference(diag, off);
        const norm = Math.max(...diag.map((x, i) => Math.abs(x) + Math.abs(off[i] ?? 0) + Math.abs(off[i - 1] ?? 0)));
        const tol = 50 * n * EPS * norm + Number.MIN_VALUE * 8; // (a few subnormal units where ‖T‖ itself is subnormal)
        // A Lanczos-style hint: the leading (n−1)×(n−1) block's extreme eigenvalue (interlacing), or none
        const sub = n > 1 ? reference(diag.slice(0, n - 1), off.slice(0, n - 2)) : undefined;
        for (const sign of [1, -1] as const) {
          const k0 = sign === 1 ? 0 : n - 2;
          const hint = hinted && sub !== undefined ? sub.values[k0]! : NaN;
          const hintLast = hinted && sub !== undefined ? Math.abs(sub.last[k0]!) : NaN;
          // Act
          const r = tridiagExtreme(
            n,
            Float64Array.from(diag),
            0,
            1,
            Float64Array.from(off),
            0,
            1,
            sign,
            hint,
            new Float64Array(6 * n),
            hintLast,
          );
          // Assert
          const k = sign === 1 ? 0 : n - 1;
          expect(Math.abs(r.value - ref.values[k]!)).toBeLessThanOrEqual(tol);
          const gap = n > 1 ? Math.abs(ref.values[sign === 1 ? 1 : n - 2]! - ref.values[k]!) : Infinity;
          // The last component's sensitivity is ε‖T‖/gap; compared only where that is small.
          // (and above the subnormal range, where neither routine keeps relative accuracy).
          if (norm > 1e-200 && gap > 1e-6 * norm) expect(Math.abs(r.last - Math.abs(ref.last[k]!))).toBeLessThan(1e-7);
          expect(r.last).toBeGreaterThanOrEqual(0);
          expect(r.last).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('should give the closed forms of the 1-D Laplacian: λ = 2 − 2cos(kπ/(n+1)), last component √(2/(n+1))·sin(knπ/(n+1))', () => {
    const n = 15;
    const diag = new Float64Array(n).fill(2);
    const off = new Float64Array(n - 1).fill(-1);
    const min = tridiagExtreme(n, diag, 0, 1, off, 0, 1, 1, NaN, new Float64Array(6 * n));
    const max = tridiagExtreme(n, diag, 0, 1, off, 0, 1, -1, NaN, new Float64Array(6 * n));
    const c = Math.PI / (n + 1);
    expect(min.value).toBeCloseTo(2 - 2 * Math.cos(c), 14);
    expect(max.value).toBeCloseTo(2 - 2 * Math.cos(n * c), 14);
    expect(min.last).toBeCloseTo(Math.abs(Math.sqrt(2 / (n + 1)) * Math.sin(n * c)), 12);
    expect(max.last).toBeCloseTo(Math.abs(Math.sqrt(2 / (n + 1)) * Math.sin(n * n * c)), 12);
  });

  it('should recover when the hint lies above no eigenvalue (a rounding-level violation of interlacing)', () => {
    const diag = Float64Array.of(1, 3);
    const off = Float64Array.of(0.5);
    const exact = 2 - Math.sqrt(1 + 0.25);
    const r = tridiagExtreme(2, diag, 0, 1, off, 0, 1, 1, exact - 1e-3, new Float64Array(12));
    expect(r.value).toBeCloseTo(exact, 14);
  });
});
