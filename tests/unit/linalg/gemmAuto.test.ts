/**
 * The packed WebAssembly gemm for Float64Array operands (src/linalg/gemmAuto.ts) against a naive triple loop, for NN,
 * TN and NT, with offsets and leading dimensions wider than the matrices, on shapes that cross the column panels (64)
 * and depth blocks (256) and hit every tile edge. Tolerance: Higham's dot-product bound for any summation order,
 * 2(K + 3)ε(|α|Σ|a b| + |β c|) per entry (as gemm.test.ts and wasmGemm.test.ts). Entries of C outside the M×N block
 * must be untouched; β = 0 must not read C (it holds NaN).
 */
import { describe, it, expect } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import { gemmKernels, gemmNN, gemmNT, gemmTN } from '../../../src/linalg/index.ts';
import type { GemmEngine } from '../../../src/linalg/index.ts';

type Kind = 'nn' | 'tn' | 'nt';

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [13, 17, 11],
  [9, 130, 9],
  [66, 9, 300],
  [8, 65, 513],
  [40, 64, 256],
];

/** op(A)(i, p) and op(B)(p, j) of the stored operands (gemm.ts conventions). */
function entryA(kind: Kind, A: Float64Array, offA: number, lda: number, i: number, p: number): number {
  return (kind === 'tn' ? A[offA + p * lda + i] : A[offA + i * lda + p]) as number;
}
function entryB(kind: Kind, B: Float64Array, offB: number, ldb: number, p: number, j: number): number {
  return (kind === 'nt' ? B[offB + j * ldb + p] : B[offB + p * ldb + j]) as number;
}

function check(engine: GemmEngine, kind: Kind, M: number, N: number, K: number, alpha: number, beta: number): void {
  // Arrange: operands with offsets and padded rows
  const rng = createRng(M * 7919 + N * 31 + K + (beta === 0 ? 0 : 1));
  const [rA, cA] = kind === 'tn' ? [K, M] : [M, K];
  const [rB, cB] = kind === 'nt' ? [N, K] : [K, N];
  const lda = cA + 3,
    ldb = cB + 2,
    ldc = N + 5,
    offA = 4,
    offB = 1,
    offC = 6;
  const A = rng.fillNormal(new Float64Array(offA + rA * lda));
  const B = rng.fillNormal(new Float64Array(offB + rB * ldb));
  const C = rng.fillNormal(new Float64Array(offC + M * ldc + 3));
  if (beta === 0) for (let i = 0; i < M; i++) C.fill(NaN, offC + i * ldc, offC + i * ldc + N);
  const C0 = C.slice();
  // Act
  gemmKernels(engine)[kind](M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, offA, offB, offC);
  // Assert
  for (let t = 0; t < C.length; t++) {
    const i = Math.floor((t - offC) / ldc),
      j = t - offC - i * ldc;
    if (t < offC || i >= M || j >= N) {
      expect(Object.is(C[t], C0[t])).toBe(true);
      continue;
    }
    let s = 0,
      a = 0;
    for (let p = 0; p < K; p++) {
      const x = entryA(kind, A, offA, lda, i, p) * entryB(kind, B, offB, ldb, p, j);
      s += x;
      a += Math.abs(x);
    }
    const c0 = beta === 0 ? 0 : (C0[t] as number);
    const bound = 2 * (K + 3) * Number.EPSILON * (Math.abs(alpha) * a + Math.abs(beta * c0)) + Number.MIN_VALUE;
    expect(Math.abs((C[t] as number) - (alpha * s + beta * c0))).toBeLessThanOrEqual(bound);
  }
}

describe('gemmKernels', () => {
  for (const kind of ['nn', 'tn', 'nt'] as const) {
    it.each(SHAPES)(`should compute ${kind} on the wasm engine like the naive loop at M=%i, N=%i, K=%i`, (M, N, K) => {
      check('wasm', kind, M, N, K, 1, 0);
      check('wasm', kind, M, N, K, -0.5, 1.5);
    });
    it.each(SHAPES)(`should compute ${kind} on the auto engine like the naive loop at M=%i, N=%i, K=%i`, (M, N, K) => {
      check('auto', kind, M, N, K, 2, 0);
      check('auto', kind, M, N, K, 1, 1);
    });
  }

  it('should leave C scaled by β when K = 0 or α = 0 (β = 0 writes zeros over NaN)', () => {
    // Arrange
    const A = new Float64Array(16).fill(1),
      B = new Float64Array(16).fill(1);
    const C = Float64Array.of(NaN, NaN, NaN, NaN),
      D = Float64Array.of(1, 2, 3, 4);
    // Act
    gemmKernels('wasm').nn(2, 2, 0, 1, A, 2, B, 2, 0, C, 2);
    gemmKernels('wasm').nt(2, 2, 2, 0, A, 2, B, 2, 2, D, 2);
    // Assert
    expect([...C]).toEqual([0, 0, 0, 0]);
    expect([...D]).toEqual([2, 4, 6, 8]);
  });

  it('should be the JS kernels bitwise on the js engine and below the auto threshold', () => {
    // Arrange: 6×5×4 = 120 multiply-adds, below AUTO_MIN_FLOPS
    const rng = createRng(5);
    const A = rng.fillNormal(new Float64Array(40)),
      B = rng.fillNormal(new Float64Array(40));
    const ref = [gemmNN, gemmTN, gemmNT];
    for (const engine of ['js', 'auto'] as const) {
      (['nn', 'tn', 'nt'] as const).forEach((kind, q) => {
        const C1 = new Float64Array(30),
          C2 = new Float64Array(30);
        // Act
        gemmKernels(engine)[kind](6, 5, 4, 1, A, 6, B, 6, 0, C1, 5);
        (ref[q] as typeof gemmNN)(6, 5, 4, 1, A, 6, B, 6, 0, C2, 5);
        // Assert
        expect(C1).toEqual(C2);
      });
    }
  });
});
