/**
 * The generated WebAssembly SIMD kernels (src/linalg/wasmGemm.ts) and the heap engines (ufmHeap.ts) against a naive triple loop,
 * on odd shapes that hit every tile edge (rows mod 4/2, columns mod 4/2, odd depth). Tolerance as in gemm.test.ts:
 * 2(K + 3)ε(|α|Σ|a b| + |β x|) per entry (Higham's dot-product bound, any summation order).
 */
import { describe, it, expect } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import { createHeap } from '../../../src/models/ufmHeap.ts';
import { createWasmGemm, wasmGemmBytes, wasmGemmModule } from '../../../src/linalg/wasmGemm.ts';
import { compileModule } from '../../../src/linalg/wasmEncode.ts';

/** Both accumulations of the product tiles: mul + add, and relaxed madd (fused here: src/linalg/wasmFma.ts). */
const VARIANTS: [string, boolean][] = [
  ['mul + add', false],
  ['relaxed madd', true],
];

/** The kernel module of one variant (tests/setup.ts enables relaxed SIMD on Node 20, as the CLI does). */
function variantModule(fma: boolean): object {
  const mod = compileModule(wasmGemmBytes(fma));
  if (mod === undefined) throw new Error('the kernel module does not compile here');
  return mod;
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [7, 3, 5],
  [5, 7, 2],
  [13, 17, 11],
  [10, 9, 64],
  [2, 3, 130],
  [6, 6, 0],
];

describe('WebAssembly SIMD kernels', () => {
  it('should compile on this Node', () => {
    expect(wasmGemmModule()).toBeDefined();
  });

  it.each(VARIANTS.flatMap(([name, fma]) => SHAPES.map((s) => [name, fma, ...s] as const)))(
    'should compute nn (A and Aᵀ) and nt like the naive loop with %s at M=%i, N=%i, K=%i',
    (_name, fma, M, N, K) => {
      // Arrange
      const w = createWasmGemm(4096, variantModule(fma));
      if (w === undefined) throw new Error('no wasm');
      const F = new Float64Array(w.memory.buffer, 0, 4096);
      const rng = createRng(M * 1000 + N * 10 + K);
      rng.fillNormal(F);
      const [oA, oB, oX, oC] = [0, 1000, 2000, 3000];
      const cases: [string, number, number, number][] = [
        ['NN', K, 1, N],
        ['TN', 1, M, N],
        ['NT', K, 0, K],
      ];
      for (const [kind, sAi, sAp, ldb] of cases) {
        for (const [alpha, beta] of [
          [1, 0],
          [-0.5, 1.5],
        ] as const) {
          const before = F.slice();
          F.fill(NaN, oC, oC + M * N);
          if (beta !== 0) F.copyWithin(oC, oX, oX + M * N); // X = C for nt
          // Act
          if (kind === 'NT') w.nt(M, N, K, alpha, 8 * oA, K, 8 * oB, K, beta, 8 * oC, N);
          else w.nn(M, N, K, alpha, 8 * oA, sAi, sAp, 8 * oB, ldb, beta, 8 * oX, N, 8 * oC, N);
          // Assert
          for (let i = 0; i < M; i++) {
            for (let j = 0; j < N; j++) {
              let s = 0;
              let a = 0;
              for (let p = 0; p < K; p++) {
                const x = before[oA + i * sAi + p * (kind === 'NT' ? 1 : sAp)] as number;
                const y = kind === 'NT' ? (before[oB + j * K + p] as number) : (before[oB + p * ldb + j] as number);
                s += x * y;
                a += Math.abs(x * y);
              }
              const xij = beta === 0 ? 0 : (before[oX + i * N + j] as number);
              const bound =
                2 * (K + 3) * Number.EPSILON * (Math.abs(alpha) * a + Math.abs(beta * xij)) + Number.MIN_VALUE;
              expect(Math.abs((F[oC + i * N + j] as number) - (alpha * s + beta * xij))).toBeLessThanOrEqual(bound);
            }
          }
        }
      }
    },
  );

  it('should sum squares exactly enough for every length mod 4', () => {
    const w = createWasmGemm(64);
    if (w === undefined) throw new Error('no wasm');
    const F = new Float64Array(w.memory.buffer, 0, 64);
    for (let i = 0; i < 64; i++) F[i] = (i % 7) - 3; // small integers: every partial sum is exact
    for (const n of [0, 1, 2, 3, 4, 5, 9, 63]) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (F[i] as number) ** 2;
      expect(w.sumsq(0, n)).toBe(s);
      // unaligned start (byte offset 8): Σ over F[1 .. n)
      let t = 0;
      for (let i = 1; i < n; i++) t += (F[i] as number) ** 2;
      expect(w.sumsq(8, Math.max(0, n - 1))).toBe(t);
    }
  });

  it('should give the same products on the JS and wasm heaps, including X ≠ C', () => {
    // Arrange: C ← 2·Aᵀ·B + 0.5·X with X a different matrix (the ∂f/∂H_blk = Wᵀ G + λ_H H_blk form)
    const [M, N, K] = [9, 7, 5];
    const heaps = [createHeap(1000, 'js'), createHeap(1000, 'wasm')];
    const rng = createRng(71);
    const init = rng.fillNormal(new Float64Array(1000));
    const out: Float64Array[] = [];
    for (const h of heaps) {
      h.f64.set(init);
      // Act
      h.nn(M, N, K, 2, 0, 1, M, 100, N, 0.5, 200, N, 300, N);
      h.nt(M, N, K, 1, 0, K, 100, K, 1, 400, N);
      out.push(h.f64.slice(300, 300 + 2 * M * N));
    }
    // Assert
    expect(heaps.map((h) => h.engine)).toEqual(['js', 'wasm']);
    const [a, b] = out as [Float64Array, Float64Array];
    for (let i = 0; i < a.length; i++) expect(Math.abs((a[i] as number) - (b[i] as number))).toBeLessThanOrEqual(1e-13);
    expect(heaps[0]?.sumsq(0, 17)).toBeCloseTo(heaps[1]?.sumsq(0, 17) ?? NaN, 12);
  });
});
