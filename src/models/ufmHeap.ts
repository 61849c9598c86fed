/**
 * One flat Float64 "heap" plus the matrix products the fused UFM pass needs, run either by the WebAssembly SIMD
 * kernels of src/linalg/wasmGemm.ts (the heap is the module's memory) or by the scalar JS kernels of src/linalg/gemm.ts (the
 * heap is a plain Float64Array). The fused pass (ufm.ts) lays out θ, gradients and scratch blocks at fixed
 * offsets in the heap and calls these by offset, so both engines run the same code.
 *
 * All offsets and strides are in elements; matrices are row-major.
 */
import { gemmNN, gemmNT, gemmTN } from '../linalg/index.ts';
import { createWasmGemm, wasmCgKernelsOn } from '../linalg/index.ts';
import type { CgKernels } from '../linalg/index.ts';

/** Which kernels run the products. */
export type UfmEngine = 'wasm' | 'js';

export interface Heap {
  readonly engine: UfmEngine;
  /** The whole heap (for the wasm engine: a view of the module memory, valid for the heap's lifetime). */
  readonly f64: Float64Array;
  /**
   * C ← α·Ã·B + β·X with Ã(i, p) = f64[oA + i·sAi + p·sAp]; (sAi, sAp) must be (lda, 1) or (1, lda).
   * X may be C itself (oX = oC, ldx = ldc). β = 0 never reads X.
   */
  nn(
    M: number,
    N: number,
    K: number,
    alpha: number,
    oA: number,
    sAi: number,
    sAp: number,
    oB: number,
    ldb: number,
    beta: number,
    oX: number,
    ldx: number,
    oC: number,
    ldc: number,
  ): void;
  /** C ← α·A·Bᵀ + β·C, A M×K (lda), B N×K (ldb). */
  nt(
    M: number,
    N: number,
    K: number,
    alpha: number,
    oA: number,
    lda: number,
    oB: number,
    ldb: number,
    beta: number,
    oC: number,
    ldc: number,
  ): void;
  /** Σ f64[o .. o+n)². */
  sumsq(o: number, n: number): number;
  /** Copies the rows×cols block at oSrc (row stride ldSrc) to a contiguous rows×cols block at oDst (no overlap). */
  pack(rows: number, cols: number, oSrc: number, ldSrc: number, oDst: number): void;
  /**
   * CG kernels (src/linalg/cgKernels.ts) over the `size` doubles at offset `base` of this heap, plus 4 doubles of
   * reduction scratch after them (the caller reserves [base, base + size + 4)); their vectors are views of `f64`.
   * Undefined for the JS engine (whose copies are cheap at the sizes it runs).
   */
  cgOn(base: number, size: number): CgKernels | undefined;
}

function jsHeap(size: number): Heap {
  const F = new Float64Array(size);
  return {
    engine: 'js',
    f64: F,
    nn(M, N, K, alpha, oA, sAi, sAp, oB, ldb, beta, oX, ldx, oC, ldc): void {
      let b = beta;
      if (beta !== 0 && (oX !== oC || ldx !== ldc)) {
        for (let i = 0; i < M; i++) {
          const x = oX + i * ldx;
          const c = oC + i * ldc;
          for (let j = 0; j < N; j++) F[c + j] = beta * (F[x + j] as number);
        }
        b = 1;
      }
      if (sAp === 1) gemmNN(M, N, K, alpha, F, sAi, F, ldb, b, F, ldc, oA, oB, oC);
      else if (sAi === 1) gemmTN(M, N, K, alpha, F, sAp, F, ldb, b, F, ldc, oA, oB, oC);
      else throw new RangeError('nn: A must be row-major or transposed (one unit stride)');
    },
    nt(M, N, K, alpha, oA, lda, oB, ldb, beta, oC, ldc): void {
      gemmNT(M, N, K, alpha, F, lda, F, ldb, beta, F, ldc, oA, oB, oC);
    },
    sumsq(o, n): number {
      let s0 = 0,
        s1 = 0;
      let i = o;
      for (; i + 1 < o + n; i += 2) {
        const a = F[i] as number,
          c = F[i + 1] as number;
        s0 += a * a;
        s1 += c * c;
      }
      if (i < o + n) s0 += (F[i] as number) * (F[i] as number);
      return s0 + s1;
    },
    pack(rows, cols, oSrc, ldSrc, oDst): void {
      for (let r = 0; r < rows; r++) F.copyWithin(oDst + r * cols, oSrc + r * ldSrc, oSrc + r * ldSrc + cols);
    },
    cgOn: () => undefined,
  };
}

/**
 * A heap of `size` doubles for the requested engine; 'wasm' falls back to 'js' when WebAssembly SIMD is
 * unavailable (check `heap.engine`).
 */
export function createHeap(size: number, engine: UfmEngine): Heap {
  if (engine === 'wasm') {
    const w = createWasmGemm(size);
    if (w !== undefined) {
      const { nn, nt, sumsq, pack } = w;
      return {
        engine: 'wasm',
        f64: new Float64Array(w.memory.buffer, 0, size),
        nn: (M, N, K, alpha, oA, sAi, sAp, oB, ldb, beta, oX, ldx, oC, ldc) =>
          nn(M, N, K, alpha, 8 * oA, sAi, sAp, 8 * oB, ldb, beta, 8 * oX, ldx, 8 * oC, ldc),
        nt: (M, N, K, alpha, oA, lda, oB, ldb, beta, oC, ldc) =>
          nt(M, N, K, alpha, 8 * oA, lda, 8 * oB, ldb, beta, 8 * oC, ldc),
        sumsq: (o, n) => sumsq(8 * o, n),
        pack: (rows, cols, oSrc, ldSrc, oDst) => pack(rows, cols, 8 * oSrc, ldSrc, 8 * oDst),
        cgOn: (base, size) => wasmCgKernelsOn(w.memory, base, size),
      };
    }
  }
  return jsHeap(size);
}
