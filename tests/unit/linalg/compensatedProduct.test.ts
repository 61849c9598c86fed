/**
 * Tests of the compensated product (src/linalg/compensatedProduct.ts) against EXACT arithmetic: every double is a
 * BigInt multiple of 2⁻¹¹⁰⁰ (exactArith.ts), so A·Bᵀ + αD is computed without any rounding and the claimed bound is
 * compared exactly (no tolerance). Inputs are Ogita–Rump–Oishi's GenDot vectors (ORO 2005, Algorithm 6.1) with
 * condition numbers 1e3…1e32, where the ordinary product's error is large: the tests also check that the ordinary
 * (recursive) product violates the compensated bound on them, so a kernel that skipped the compensation would fail.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import type { Rng } from '../../../src/core/index.ts';
import { compensatedProductABt, plainProductBound } from '../../../src/linalg/compensatedProduct.ts';
import { EXACT, babs, exactScaled, toNumber } from './exactArith.ts';

/** Σ x_i y_i exactly, at scale 2^(2·EXACT). */
function exactDot(x: ArrayLike<number>, y: ArrayLike<number>, n: number): bigint {
  let s = 0n;
  for (let i = 0; i < n; i++) s += exactScaled(x[i] as number) * exactScaled(y[i] as number);
  return s;
}

/** ORO 2005 Algorithm 6.1 (GenDot): x, y ∈ Fⁿ with cond(xᵀy) ≈ c (2|x|ᵀ|y|/|xᵀy|). */
function genDot(n: number, c: number, rng: Rng): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(n),
    y = new Float64Array(n);
  const n2 = Math.round(n / 2);
  const b = Math.log2(c);
  const e = new Array<number>(n2);
  for (let i = 0; i < n2; i++) e[i] = Math.round(rng.uniform() * (b / 2));
  e[0] = Math.round(b / 2) + 1;
  e[n2 - 1] = 0;
  for (let i = 0; i < n2; i++) {
    x[i] = (2 * rng.uniform() - 1) * 2 ** (e[i] as number);
    y[i] = (2 * rng.uniform() - 1) * 2 ** (e[i] as number);
  }
  for (let i = n2; i < n; i++) {
    const ei = Math.round(b / 2 - ((b / 2) * (i - n2)) / Math.max(1, n - 1 - n2));
    x[i] = (2 * rng.uniform() - 1) * 2 ** ei;
    y[i] = ((2 * rng.uniform() - 1) * 2 ** ei - toNumber(exactDot(x, y, i), 2 * EXACT)) / (x[i] as number);
  }
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [x[i], x[j]] = [x[j] as number, x[i] as number];
    [y[i], y[j]] = [y[j] as number, y[i] as number];
  }
  return { x, y };
}

/** Exact |computed − exact| ≤ bound, compared as BigInts at scale 2^(2·EXACT). */
function within(computed: number, exact: bigint, bound: number): boolean {
  return babs(exactScaled(computed, 2 * EXACT) - exact) <= exactScaled(bound, 2 * EXACT);
}

describe('compensatedProductABt', () => {
  it('should bound every entry of an ill-conditioned product exactly, about 1e4× (or more) below the ordinary bound', () => {
    // Arrange: A's row i and Bt's row i form a GenDot pair (the diagonal is ill-conditioned, the rest generic).
    const seed = 20261204;
    const rng = createRng(seed);
    const m = 6,
      k = 40;
    for (const cond of [1e3, 1e8, 1e16, 1e24, 1e32]) {
      const A = new Float64Array(m * k),
        Bt = new Float64Array(m * k);
      for (let i = 0; i < m; i++) {
        const { x, y } = genDot(k, cond, rng);
        A.set(x, i * k);
        Bt.set(y, i * k);
      }
      const C = new Float64Array(m * m),
        E = new Float64Array(m * m),
        P = new Float64Array(m * m);
      // Act
      const ok = compensatedProductABt(m, m, k, A, k, Bt, k, C, E, m);
      plainProductBound(m, m, k, A, k, Bt, k, P, m);
      // Assert
      expect(ok).toBe(true);
      let plainViolates = false;
      for (let i = 0; i < m; i++)
        for (let j = 0; j < m; j++) {
          const exact = exactDot(A.subarray(i * k), Bt.subarray(j * k), k);
          const e = E[i * m + j] as number;
          expect(within(C[i * m + j] as number, exact, e), `seed ${seed}, cond ${cond}, entry ${i},${j}`).toBe(true);
          // The ordinary bound holds for the ordinary product, and is ≥ 1e4× the compensated one on the diagonal:
          // its ratio is min(k·cond, 1/(k·u)) ≥ 4e4 for k = 40, cond ≥ 1e3.
          if (i === j) expect(P[i * m + j] as number).toBeGreaterThan(1e4 * e);
          let plain = 0;
          for (let q = 0; q < k; q++) plain += (A[i * k + q] as number) * (Bt[j * k + q] as number);
          expect(within(plain, exact, P[i * m + j] as number)).toBe(true);
          if (!within(plain, exact, e)) plainViolates = true;
        }
      // The compensated bound is not a bound on the ordinary product: a kernel without compensation would fail.
      expect(plainViolates, `cond ${cond}`).toBe(true);
    }
  });

  it('should include an addend α·D exactly and honour leading dimensions', () => {
    // Arrange: 3×5 times (4×5)ᵀ inside larger row strides, with an ill-conditioned addend cancelling the product.
    const seed = 7;
    const rng = createRng(seed);
    const m = 3,
      n = 4,
      k = 5,
      lda = 7,
      ldb = 9,
      ldc = 6;
    const A = new Float64Array(m * lda).map(() => (rng.uniform() - 0.5) * 2 ** rng.int(30));
    const Bt = new Float64Array(n * ldb).map(() => (rng.uniform() - 0.5) * 2 ** rng.int(30));
    const alpha = 1 / 3;
    const D = new Float64Array(m * ldc);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += (A[i * lda + q] as number) * (Bt[j * ldb + q] as number);
        D[i * ldc + j] = -3 * s; // α·D ≈ −(A Bᵀ): heavy cancellation
      }
    const C = new Float64Array(m * ldc),
      E = new Float64Array(m * ldc);
    // Act
    const ok = compensatedProductABt(m, n, k, A, lda, Bt, ldb, C, E, ldc, { alpha, D, ldd: ldc });
    // Assert
    expect(ok).toBe(true);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        const exact =
          exactDot(A.subarray(i * lda), Bt.subarray(j * ldb), k) +
          exactScaled(alpha) * exactScaled(D[i * ldc + j] as number);
        expect(within(C[i * ldc + j] as number, exact, E[i * ldc + j] as number), `seed ${seed}, ${i},${j}`).toBe(true);
      }
  });

  it('should make the bound Infinity, never a wrong number, for non-finite or huge inputs', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 2 ** 600]) {
      // Arrange
      const A = new Float64Array([1, 2, bad, 4]),
        Bt = new Float64Array([1, 1, 1, 1]);
      const C = new Float64Array(4),
        E = new Float64Array(4);
      // Act
      const ok = compensatedProductABt(2, 2, 2, A, 2, Bt, 2, C, E, 2);
      // Assert
      expect(ok).toBe(false);
      expect([...E].every((e) => e === Number.POSITIVE_INFINITY)).toBe(true);
    }
  });
});
