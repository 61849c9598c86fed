/**
 * The column Gram–Schmidt of symmetryProjector.ts (its contract: two passes of modified Gram–Schmidt over the m
 * columns of a d×m row-major array, in place; a column whose remainder is ≤ 1e-9 of its own norm is dropped and the
 * later columns shift left; returns the number kept) and compactColumns (the first m columns of a d×mOld array).
 * The projector's inputs never reach the drop (its columns are orthonormal to ~u·√(λ_max/λ_i)), so these pin the
 * safeguard directly.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/core/index.ts';
import { compactColumns, gramSchmidtColumns } from '../../../../src/certified/ufm/symmetryProjector.ts';

const col = (Q: Float64Array, d: number, m: number, j: number) =>
  Array.from({ length: d }, (_, r) => Q[r * m + j] as number);
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] as number), 0);

/** d×m row-major array from its columns. */
function fromColumns(cols: number[][]): Float64Array {
  const m = cols.length,
    d = (cols[0] as number[]).length;
  const Q = new Float64Array(d * m);
  cols.forEach((c, j) => c.forEach((x, r) => (Q[r * m + j] = x)));
  return Q;
}

/** Residual of projecting v on the span of the first k columns of Q (d×m), relative to ‖v‖. */
function outsideSpan(Q: Float64Array, d: number, m: number, k: number, v: number[]): number {
  let w = v.slice();
  for (let pass = 0; pass < 2; pass++)
    for (let j = 0; j < k; j++) {
      const q = col(Q, d, m, j);
      const c = dot(q, w);
      w = w.map((x, i) => x - c * (q[i] as number));
    }
  return Math.sqrt(dot(w, w)) / Math.sqrt(dot(v, v));
}

describe('gramSchmidtColumns', () => {
  it('should orthonormalise independent columns in place and keep them all, spanning the same space', () => {
    // Arrange: 6×4 Gaussian columns, the last two nearly parallel to the first (1e-6 relative remainder: kept)
    const rng = createRng(3);
    const d = 6,
      m = 4;
    const a = Array.from({ length: d }, () => rng.normal()),
      b = Array.from({ length: d }, () => rng.normal());
    const c = a.map((x) => 1e3 * x + 1e-3 * rng.normal());
    const e = b.map((x, i) => 5 * x - 2 * (a[i] as number) + 1e-6 * rng.normal());
    const cols = [a, b, c, e];
    const Q = fromColumns(cols);
    // Act
    const kept = gramSchmidtColumns(Q, d, m);
    // Assert: QᵀQ = I to rounding (two passes: ~10u·d here, allowed 1e-12) and each input column in the span of the
    // kept ones (to its remainder's rounding, ~u/1e-6 relative, allowed 1e-8)
    expect(kept).toBe(4);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++)
        expect(Math.abs(dot(col(Q, d, m, i), col(Q, d, m, j)) - (i === j ? 1 : 0))).toBeLessThan(1e-12);
    for (const v of cols) expect(outsideSpan(Q, d, m, 4, v)).toBeLessThan(1e-8);
  });

  it('should drop a column whose remainder is ≤ 1e-9 of its norm and shift the later columns left', () => {
    // Arrange: columns a, 2a + 1e-12‖a‖·noise (remainder 1e-12 relative: dropped), b, a − b (in the span: dropped),
    // and a zero column (remainder 0 ≤ 1e-9·0: dropped), in a 5×5 array
    const rng = createRng(11);
    const d = 5,
      m = 5;
    const a = Array.from({ length: d }, () => rng.normal()),
      b = Array.from({ length: d }, () => rng.normal());
    const cols = [
      a,
      a.map((x) => 2 * x + 1e-12 * rng.normal()),
      b,
      a.map((x, i) => x - (b[i] as number)),
      a.map(() => 0),
    ];
    const Q = fromColumns(cols);
    // Act
    const kept = gramSchmidtColumns(Q, d, m);
    // Assert: the two kept columns in positions 0, 1: orthonormal, spanning a and b
    expect(kept).toBe(2);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++)
        expect(Math.abs(dot(col(Q, d, m, i), col(Q, d, m, j)) - (i === j ? 1 : 0))).toBeLessThan(1e-12);
    expect(outsideSpan(Q, d, m, 2, a)).toBeLessThan(1e-12);
    expect(outsideSpan(Q, d, m, 2, b)).toBeLessThan(1e-12);
  });

  for (const scale of [1e-6, 1e6]) {
    it(`should measure the remainder relative to the column's own norm (columns of norm ~${scale})`, () => {
      // Arrange: a, then a + 1e-12·scale·noise (remainder 1e-12 relative: dropped at any scale), then b
      // (independent: kept)
      const rng = createRng(5);
      const d = 4,
        m = 3;
      const a = Array.from({ length: d }, () => scale * rng.normal()),
        b = Array.from({ length: d }, () => scale * rng.normal());
      const Q = fromColumns([a, a.map((x) => x + 1e-12 * scale * rng.normal()), b]);
      // Act
      const kept = gramSchmidtColumns(Q, d, m);
      // Assert
      expect(kept).toBe(2);
      expect(outsideSpan(Q, d, m, 2, b)).toBeLessThan(1e-12);
      expect(Math.abs(dot(col(Q, d, m, 1), col(Q, d, m, 1)) - 1)).toBeLessThan(1e-12);
    });
  }
});

describe('compactColumns', () => {
  it('should return the first m columns of a d×mOld array as a d×m array', () => {
    // Arrange: 3×4 with entries 10r + j
    const d = 3,
      mOld = 4;
    const Q = Float64Array.from({ length: d * mOld }, (_, i) => 10 * Math.floor(i / mOld) + (i % mOld));
    // Act
    const out = compactColumns(Q, d, mOld, 2);
    // Assert
    expect(Array.from(out)).toEqual([0, 1, 10, 11, 20, 21]);
  });
});
