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

/**
 * The QL reference, run on T scaled by a power of two to ‖T‖ ≈ 1 and scaled back (exact both ways): unscaled, QL
 * squares couplings of ~1e-182 to 0 and is itself wrong by far more than the tolerance (fast-check seeds 22 and 24
 * drew such matrices; tridiagExtreme scales internally and was right).
 */
function reference(diag: readonly number[], off: readonly number[]): { values: Float64Array; last: Float64Array } {
  const n = diag.length;
  const norm = Math.max(...diag.map(Math.abs), ...off.map(Math.abs));
  const k = norm > 0 ? Math.max(-1000, Math.min(1000, -Math.round(Math.log2(norm)))) : 0;
  const up = 2 ** k;
  const values = new Float64Array(n),
    last = new Float64Array(n);
  const d = Float64Array.from(diag, (x) => x * up);
  const o = Float64Array.from(off, (x) => x * up);
  tridiagEigLastRow(n, d, 0, 1, o, 0, 1, values, last, new Float64Array(n));
  for (let i = 0; i < n; i++) values[i] = values[i]! / up;
  return { values, last };
}

describe('tridiagExtreme', () => {
  it('should not lose the Sturm count to a subnormal pivot before a zero coupling (1/q overflowing to ∞, 0·∞ = NaN)', () => {
    // T = diag(−5e-324, 0, …, 0) (n = 26) with couplings −1e-9 (rows 5–6) and 1e-9 (rows 9–10): eigenvalues ±1e-9
    // (twice) and 0; scaled by 1e9 inside, the largest end's first pivot is a subnormal 5e-315 (fast-check seed 14)
    const n = 26;
    const diag = new Float64Array(n);
    diag[0] = -5e-324;
    const off = new Float64Array(n - 1);
    off[5] = -1e-9;
    off[9] = 1e-9;
    for (const sign of [1, -1] as const) {
      const r = tridiagExtreme(n, diag, 0, 1, off, 0, 1, sign, NaN, new Float64Array(6 * n));
      expect(Math.abs(r.value - sign * -1e-9)).toBeLessThanOrEqual(50 * n * EPS * 1e-9);
    }
  });

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
