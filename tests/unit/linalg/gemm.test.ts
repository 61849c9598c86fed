/**
 * gemmNN / gemmTN / gemmNT against a naive triple loop on seeded random odd shapes, including shapes past the
 * column block (256), the depth blocks (128 and 512) and the register-block remainders (M, N mod 3 and 4).
 *
 * Tolerance (derived, not tuned): a dot product of length K in any summation order satisfies
 * |fl(Σ) − Σ| ≤ γ_K Σ|a_p b_p| with γ_K = Kε/(1 − Kε) (Higham, Thm 3.1), plus one rounding each for α·, β· and
 * the final add; so each entry must agree with the reference within (K + 3)·ε·(|α| Σ_p |a_p b_p| + |β c|)·2 (the 2
 * covers the reference's own rounding).
 */
import { describe, it, expect } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import { gemmNN, gemmNT, gemmTN } from '../../../src/linalg/index.ts';

type Op = 'NN' | 'TN' | 'NT';

/** Reference C ← α op(A) op(B) + β C, with the entrywise error bound. */
function reference(
  op: Op,
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Float64Array,
  lda: number,
  offA: number,
  B: Float64Array,
  ldb: number,
  offB: number,
  beta: number,
  C: Float64Array,
  ldc: number,
  offC: number,
): { C: Float64Array; bound: Float64Array } {
  const out = C.slice();
  const bound = new Float64Array(C.length);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      let a = 0;
      for (let p = 0; p < K; p++) {
        const x = op === 'TN' ? (A[offA + p * lda + i] as number) : (A[offA + i * lda + p] as number);
        const y = op === 'NT' ? (B[offB + j * ldb + p] as number) : (B[offB + p * ldb + j] as number);
        s += x * y;
        a += Math.abs(x * y);
      }
      const c = offC + i * ldc + j;
      const old = beta === 0 ? 0 : (C[c] as number);
      out[c] = alpha * s + beta * old;
      bound[c] = 2 * (K + 3) * Number.EPSILON * (Math.abs(alpha) * a + Math.abs(beta * old)) + Number.MIN_VALUE;
    }
  }
  return { C: out, bound };
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [7, 3, 5],
  [5, 7, 3],
  [13, 17, 11],
  [4, 9, 2],
  [2, 3, 130],
  [11, 300, 9],
  [10, 33, 520],
  [17, 6, 129],
];

describe.each(['NN', 'TN', 'NT'] as const)('gemm%s', (op: Op) => {
  const fn = op === 'NN' ? gemmNN : op === 'TN' ? gemmTN : gemmNT;

  it.each(SHAPES)(
    'should match the naive triple loop at M=%i, N=%i, K=%i with α, β, offsets and padding',
    (M, N, K) => {
      // Arrange: padded leading dimensions and non-zero offsets exercise the strided block views
      const rng = createRng(M * 10007 + N * 101 + K);
      const rowsA = op === 'TN' ? K : M;
      const colsA = op === 'TN' ? M : K;
      const rowsB = op === 'NT' ? N : K;
      const colsB = op === 'NT' ? K : N;
      const lda = colsA + 2;
      const ldb = colsB + 1;
      const ldc = N + 3;
      const offA = 3;
      const offB = 1;
      const offC = 2;
      const A = rng.fillNormal(new Float64Array(offA + rowsA * lda));
      const B = rng.fillNormal(new Float64Array(offB + rowsB * ldb));
      const C0 = rng.fillNormal(new Float64Array(offC + M * ldc));
      for (const [alpha, beta] of [
        [1, 0],
        [-0.7, 1],
        [2.5, -0.3],
      ] as const) {
        const C = C0.slice();
        const ref = reference(op, M, N, K, alpha, A, lda, offA, B, ldb, offB, beta, C0, ldc, offC);
        // Act
        fn(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, offA, offB, offC);
        // Assert: every entry within its bound; padding and the prefix untouched
        for (let i = 0; i < C.length; i++) {
          expect(Math.abs((C[i] as number) - (ref.C[i] as number))).toBeLessThanOrEqual(ref.bound[i] as number);
        }
      }
    },
  );

  it('should overwrite C without reading it when β = 0 (NaN does not propagate) and scale C when α = 0', () => {
    // Arrange
    const A = Float64Array.of(1, 2, 3, 4);
    const B = Float64Array.of(5, 6, 7, 8);
    const C = Float64Array.of(NaN, NaN, NaN, NaN);
    const D = Float64Array.of(1, 2, 3, 4);
    // Act
    fn(2, 2, 2, 1, A, 2, B, 2, 0, C, 2);
    fn(2, 2, 2, 0, A, 2, B, 2, 2, D, 2);
    // Assert (values of the @example in gemm.ts)
    const expected = { NN: [19, 22, 43, 50], TN: [26, 30, 38, 44], NT: [17, 23, 39, 53] }[op];
    expect(Array.from(C)).toEqual(expected);
    expect(Array.from(D)).toEqual([2, 4, 6, 8]);
  });
});
