/**
 * The three gemm products of src/linalg/gemm.ts (C ← α·op(A)·op(B) + β·C, NN / TN / NT, same signatures and
 * semantics) on the WebAssembly SIMD kernel of src/linalg/wasmGemm.ts, for callers that hold their matrices in
 * ordinary Float64Arrays (issue 12 item 4: the class-mean objective, the rotation projector and the rank reduction
 * ran their K×d×K and d×m×K products through the scalar JS kernels — 1309 s of self time in the ImageNet-size
 * certificate).
 *
 * Each call copies op(A) into a packed M×K row-major block (transposing for TN), op(B) into column panels of
 * {@link PANEL} columns (K×w each, contiguous; transposing for NT) and, when β ≠ 0, C into a packed M×N block, all
 * in one module-level WebAssembly memory (grown on demand, never shrunk; one per thread), then runs the `nn`
 * kernel panel by panel over depth blocks of {@link DEPTH} (the kc×w slice of B stays in L2, the unit-stride
 * panel avoids the 8 KB row stride of a 1000-wide B) and copies C back. The copies are O(MK + KN + MN) against
 * 2MNK flops. Measured at 1000³ on the loaded 2-core EPYC: 8–14 GFLOP/s against 1.3–4.9 unblocked on the full-width
 * B and 0.6–1.6 for the JS kernels.
 *
 * Rounding: every entry is a sum of the same K products in another order (pairwise lanes, depth blocks), so
 * Higham's bound |ĉ − c| ≤ γ_{K+2}(|α|·|A||B| + |β||C|) holds as for the JS kernels; results agree with them to
 * rounding, not bitwise. β = 0 never reads C (NaN in C does not propagate), as in gemm.ts.
 *
 * Engines: 'js' is gemm.ts; 'wasm' always packs (falls back to 'js' without WebAssembly SIMD or above 2 GiB);
 * 'auto' takes the JS kernels below {@link AUTO_MIN_FLOPS} multiply-adds or when a dimension is under
 * {@link AUTO_MIN_DIM} (matrix-vector products gain nothing from a copy), else 'wasm'.
 *
 * @see src/linalg/gemm.ts (semantics), src/linalg/wasmGemm.ts (the kernel)
 */
import { gemmNN, gemmNT, gemmTN } from './gemm.ts';
import { gemmThreadCount, runPanels } from './gemmThreads.ts';
import type { WasmGemm } from './wasmGemm.ts';
import { createWasmGemm } from './wasmGemm.ts';
import type { SharedGemm } from './wasmGemmShared.ts';
import { createSharedMemory, DEPTH, instantiateShared, PANEL, sharedGemmModule } from './wasmGemmShared.ts';

// TYPES //

/** Which kernels run the products: 'auto' chooses per call by size (module doc). */
export type GemmEngine = 'auto' | 'wasm' | 'js';

/** The signature shared by gemmNN, gemmTN and gemmNT (see gemm.ts). */
export type GemmFn = (
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Float64Array,
  lda: number,
  B: Float64Array,
  ldb: number,
  beta: number,
  C: Float64Array,
  ldc: number,
  offA?: number,
  offB?: number,
  offC?: number,
) => void;

/** NN (C ← αAB + βC), TN (C ← αAᵀB + βC, A stored K×M) and NT (C ← αABᵀ + βC, B stored N×K). */
export interface GemmKernels {
  readonly engine: GemmEngine;
  readonly nn: GemmFn;
  readonly tn: GemmFn;
  readonly nt: GemmFn;
}

// VARIABLES //

/** 'auto' uses the JS kernels below this many multiply-adds M·N·K… */
export const AUTO_MIN_FLOPS = 1 << 15;
/** …or when min(M, N, K) is below this. */
export const AUTO_MIN_DIM = 8;

/**
 * Products of at least this many multiply-adds are split between threads when the heap is shared (gemmThreads.ts):
 * ≈ 0.25 ms of one core's work, against tens of µs to wake a helper and wait for it.
 */
export const PARALLEL_MIN_FLOPS = 1 << 21;

let wasm: WasmGemm | undefined;
/** The heap's instance when it is a shared memory (threads > 1): products run `panels` (wasmGemmShared.ts). */
let shared: SharedGemm | undefined;
let heap = new Float64Array(0);
let wasmMissing = false;

// FUNCTIONS //

/** The shared heap with at least `doubles` entries, or undefined (no wasm SIMD, or too large). */
function heapOf(doubles: number): Float64Array | undefined {
  // A private heap is kept only while products run on one thread; with helpers installed (gemmThreads.ts) the heap
  // must be a shared memory they can see.
  const reusable = shared !== undefined || (wasm !== undefined && gemmThreadCount() <= 1);
  if (reusable && heap.length >= doubles) return heap;
  if (wasmMissing) return undefined;
  const size = Math.max(doubles, 2 * heap.length, 1 << 16);
  const mod = gemmThreadCount() > 1 ? sharedGemmModule() : undefined;
  const mem = mod !== undefined ? (createSharedMemory(size) ?? createSharedMemory(doubles)) : undefined;
  if (mod !== undefined && mem !== undefined) {
    shared = instantiateShared(mod, mem);
    wasm = undefined;
    heap = new Float64Array(mem.buffer, 0, mem.buffer.byteLength / 8);
    return heap;
  }
  shared = undefined;
  const w = createWasmGemm(size) ?? (size > doubles ? createWasmGemm(doubles) : undefined);
  if (w === undefined) {
    if (createWasmGemm(8) === undefined) wasmMissing = true;
    return undefined;
  }
  wasm = w;
  heap = new Float64Array(w.memory.buffer, 0, w.memory.buffer.byteLength / 8);
  return heap;
}

/**
 * C ← α·Ã·B̃ + β·C on the wasm kernel, Ã(i, p) = A[offA + i·sAi + p·sAp], B̃(p, j) = B[offB + p·sBp + j·sBj].
 * Returns false (nothing written) when no heap is available.
 */
function packedProduct(
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Float64Array,
  offA: number,
  sAi: number,
  sAp: number,
  B: Float64Array,
  offB: number,
  sBp: number,
  sBj: number,
  beta: number,
  C: Float64Array,
  offC: number,
  ldc: number,
): boolean {
  const oA = 0,
    oB = M * K,
    oC = oB + K * N;
  const F = heapOf(oC + M * N);
  const w = wasm;
  const sh = shared;
  if (F === undefined || (w === undefined && sh === undefined)) return false;
  // op(A) → packed M×K, reading the source in its storage order.
  if (sAp === 1) {
    for (let i = 0; i < M; i++) {
      const s = offA + i * sAi,
        t = oA + i * K;
      for (let p = 0; p < K; p++) F[t + p] = A[s + p] as number;
    }
  } else {
    for (let p = 0; p < K; p++) {
      const s = offA + p * sAp;
      for (let i = 0; i < M; i++) F[oA + i * K + p] = A[s + i * sAi] as number;
    }
  }
  // op(B) → column panels: panel at column j0 (width wj) starts at oB + j0·K, entry (p, jj) at + p·wj + jj.
  for (let j0 = 0; j0 < N; j0 += PANEL) {
    const wj = Math.min(PANEL, N - j0),
      base = oB + j0 * K;
    if (sBj === 1) {
      for (let p = 0; p < K; p++) {
        const s = offB + p * sBp + j0,
          t = base + p * wj;
        for (let jj = 0; jj < wj; jj++) F[t + jj] = B[s + jj] as number;
      }
    } else {
      for (let jj = 0; jj < wj; jj++) {
        const s = offB + (j0 + jj) * sBj;
        for (let p = 0; p < K; p++) F[base + p * wj + jj] = B[s + p * sBp] as number;
      }
    }
  }
  if (beta !== 0) {
    for (let i = 0; i < M; i++) {
      const s = offC + i * ldc,
        t = oC + i * N;
      for (let j = 0; j < N; j++) F[t + j] = C[s + j] as number;
    }
  }
  if (sh !== undefined) {
    const mod = sharedGemmModule() as object;
    if (M * N * K < PARALLEL_MIN_FLOPS) sh.panels(M, N, K, alpha, beta, oA, oB, oC, 0, N);
    else if (runPanels(mod, sh, M, N, K, alpha, beta, oA, oB, oC, PANEL) === 0) {
      // A helper thread failed (gemmThreads.ts): abandon this memory, which it may still write, and let the
      // caller compute the product from the untouched operands; later products run on a fresh, private heap.
      shared = undefined;
      heap = new Float64Array(0);
      return false;
    }
  } else if (w !== undefined) {
    for (let j0 = 0; j0 < N; j0 += PANEL) {
      const wj = Math.min(PANEL, N - j0),
        base = oB + j0 * K,
        pc = 8 * (oC + j0);
      for (let p0 = 0; p0 < K; p0 += DEPTH) {
        const kp = Math.min(DEPTH, K - p0);
        w.nn(M, wj, kp, alpha, 8 * (oA + p0), K, 1, 8 * (base + p0 * wj), wj, p0 === 0 ? beta : 1, pc, N, pc, N);
      }
    }
  }
  for (let i = 0; i < M; i++) {
    const s = oC + i * N,
      t = offC + i * ldc;
    for (let j = 0; j < N; j++) C[t + j] = F[s + j] as number;
  }
  return true;
}

/** Whether 'auto' sends an M×N×K product to the wasm kernel. */
function large(M: number, N: number, K: number): boolean {
  return Math.min(M, N, K) >= AUTO_MIN_DIM && M * N * K >= AUTO_MIN_FLOPS;
}

const wasmNN: GemmFn = (M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, offA = 0, offB = 0, offC = 0) => {
  if (K === 0 || alpha === 0 || !packedProduct(M, N, K, alpha, A, offA, lda, 1, B, offB, ldb, 1, beta, C, offC, ldc))
    gemmNN(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, offA, offB, offC);
};
const wasmTN: GemmFn = (M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, offA = 0, offB = 0, offC = 0) => {
  if (K === 0 || alpha === 0 || !packedProduct(M, N, K, alpha, A, offA, 1, lda, B, offB, ldb, 1, beta, C, offC, ldc))
    gemmTN(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, offA, offB, offC);
};
const wasmNT: GemmFn = (M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, offA = 0, offB = 0, offC = 0) => {
  if (K === 0 || alpha === 0 || !packedProduct(M, N, K, alpha, A, offA, lda, 1, B, offB, 1, ldb, beta, C, offC, ldc))
    gemmNT(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, offA, offB, offC);
};

const autoNN: GemmFn = (M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, offA = 0, offB = 0, offC = 0) =>
  (large(M, N, K) ? wasmNN : gemmNN)(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, offA, offB, offC);
const autoTN: GemmFn = (M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, offA = 0, offB = 0, offC = 0) =>
  (large(M, N, K) ? wasmTN : gemmTN)(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, offA, offB, offC);
const autoNT: GemmFn = (M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, offA = 0, offB = 0, offC = 0) =>
  (large(M, N, K) ? wasmNT : gemmNT)(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, offA, offB, offC);

const KERNELS: Readonly<Record<GemmEngine, GemmKernels>> = {
  js: { engine: 'js', nn: gemmNN, tn: gemmTN, nt: gemmNT },
  wasm: { engine: 'wasm', nn: wasmNN, tn: wasmTN, nt: wasmNT },
  auto: { engine: 'auto', nn: autoNN, tn: autoTN, nt: autoNT },
};

// MAIN //

/**
 * The NN/TN/NT products on the chosen engine (module doc). Inputs are not validated (gemm.ts conventions); C must not
 * overlap A or B.
 * @param engine - 'auto' (default), 'wasm' or 'js'
 * @example
 * const C = new Float64Array(4);
 * gemmKernels('wasm').nn(2, 2, 2, 1, Float64Array.of(1, 2, 3, 4), 2, Float64Array.of(5, 6, 7, 8), 2, 0, C, 2);
 * // C => Float64Array [ 19, 22, 43, 50 ]
 */
export function gemmKernels(engine: GemmEngine = 'auto'): GemmKernels {
  return KERNELS[engine];
}
