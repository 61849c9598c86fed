/**
 * The `nn` kernel of wasmGemm.ts over a SHARED WebAssembly memory (WebAssembly threads), plus `panels`, the loop of
 * gemmAuto.ts's packed product in WebAssembly: one instance per thread over the same memory, so that the main thread
 * and helper threads (gemmThreads.ts) each run `panels` over their own range of column panels of one product.
 *
 * `panels(M, N, K, α, β, oA, oB, oC, j0s, j0e)` (offsets in ELEMENTS of the memory's Float64 view): for the packed
 * layout of gemmAuto.ts — op(A) as a row-major M×K block at oA, op(B) as column panels of {@link PANEL} columns
 * (panel at column j0, width w = min(PANEL, N − j0), holds entry (p, jj) at oB + j0·K + p·w + jj), C as a row-major
 * M×N block at oC — it computes C[:, j0s … j0e) ← α·op(A)·op(B)[:, j0s … j0e) + β·C over depth blocks of
 * {@link DEPTH} (β applied once, at the first block), exactly the calls gemmAuto.ts made one by one from JS. Each entry
 * of C is written by one panel only, and the arithmetic per entry does not depend on how the panels are split, so a
 * split product is bit-identical to the unsplit one.
 *
 * @see src/linalg/wasmGemm.ts (the kernel), src/linalg/gemmThreads.ts (the threads)
 */
import { genNn } from './wasmGemm.ts';
import { encodeModule, Fn, lazyModule, op, WA } from './wasmEncode.ts';
import type { WasmMemory } from './wasmEncode.ts';
import { wasmFma } from './wasmFma.ts';

/** Column panel width of the packed B (a 256×64 slice is 128 KiB). */
export const PANEL = 64;
/** Depth block of one kernel call. */
export const DEPTH = 256;
/** Largest shared memory: 2 GiB (32 768 pages of 64 KiB), gemmAuto's limit. */
export const SHARED_MAX_PAGES = 32768;

/** panels(M, N, K, α, β, oA, oB, oC, j0s, j0e): the loop of the module doc, calling nn (function 0). */
function genPanels(): Fn {
  const f = new Fn('panels', ['i32', 'i32', 'i32', 'f64', 'f64', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [M, N, K, alpha, beta, oA, oB, oC, j0s, j0e] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
  const j0 = f.local('i32');
  const wj = f.local('i32');
  const base = f.local('i32');
  const pc = f.local('i32');
  const p0 = f.local('i32');
  const kp = f.local('i32');
  const min = (a: readonly number[], b: readonly number[]): number[] => [
    ...a,
    ...b,
    ...a,
    ...b,
    ...op.lts,
    ...op.select,
  ];
  f.e(op.get(j0s), op.set(j0));
  f.e(op.block, op.get(j0), op.get(j0e), op.ges, op.brIf(0), op.loop);
  f.e(min(op.i32(PANEL), [...op.get(N), ...op.get(j0), ...op.sub]), op.set(wj));
  f.e(op.get(oB), op.get(j0), op.get(K), op.mul, op.add, op.set(base));
  f.e(op.get(oC), op.get(j0), op.add, op.i32(3), op.shl, op.set(pc));
  f.e(op.i32(0), op.set(p0));
  f.e(op.block, op.get(p0), op.get(K), op.ges, op.brIf(0), op.loop);
  f.e(min(op.i32(DEPTH), [...op.get(K), ...op.get(p0), ...op.sub]), op.set(kp));
  // nn(M, wj, kp, α, 8(oA + p0), K, 1, 8(base + p0·wj), wj, p0 = 0 ? β : 1, pc, N, pc, N)
  f.e(op.get(M), op.get(wj), op.get(kp), op.get(alpha));
  f.e(op.get(oA), op.get(p0), op.add, op.i32(3), op.shl, op.get(K), op.i32(1));
  f.e(op.get(base), op.get(p0), op.get(wj), op.mul, op.add, op.i32(3), op.shl, op.get(wj));
  f.e(op.get(beta), [0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f], op.get(p0), op.eqz, op.select); // f64.const 1
  f.e(op.get(pc), op.get(N), op.get(pc), op.get(N), op.call(0));
  f.e(op.get(p0), op.i32(DEPTH), op.add, op.tee(p0), op.get(K), op.lts, op.brIf(0), op.end, op.end);
  f.e(op.get(j0), op.i32(PANEL), op.add, op.tee(j0), op.get(j0e), op.lts, op.brIf(0), op.end, op.end);
  return f;
}

/** The exports of one instance over a shared memory. */
export interface SharedGemm {
  readonly memory: WasmMemory;
  panels(
    M: number,
    N: number,
    K: number,
    alpha: number,
    beta: number,
    oA: number,
    oB: number,
    oC: number,
    j0s: number,
    j0e: number,
  ): void;
}

/** The compiled module (built once), or undefined where WebAssembly SIMD or shared memory is unavailable. */
export const sharedGemmModule: () => object | undefined = lazyModule(() =>
  typeof SharedArrayBuffer === 'function'
    ? encodeModule([genNn(wasmFma()), genPanels()], 1, { sharedMaxPages: SHARED_MAX_PAGES })
    : undefined,
);

/** A shared memory of at least `doubles` Float64 values (≤ 2 GiB), or undefined. */
export function createSharedMemory(doubles: number): WasmMemory | undefined {
  const pages = Math.ceil((doubles * 8) / 65536);
  if (WA === undefined || sharedGemmModule() === undefined || pages > SHARED_MAX_PAGES) return undefined;
  return new WA.Memory({ initial: Math.max(1, pages), maximum: SHARED_MAX_PAGES, shared: true });
}

/** An instance of {@link sharedGemmModule} over `memory` (this thread's). */
export function instantiateShared(module: object, memory: WasmMemory): SharedGemm {
  if (WA === undefined) throw new Error('WebAssembly is unavailable');
  const ex = new WA.Instance(module, { env: { mem: memory } }).exports;
  return { memory, panels: ex['panels'] as SharedGemm['panels'] };
}
