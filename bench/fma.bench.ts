/**
 * Fused multiply-add in the WebAssembly product kernels (src/linalg/wasmFma.ts; issue 13 item 4, the hot loop): the
 * same `nn` (A·B and Aᵀ·B) and `nt` (A·Bᵀ) calls on the mul + add module and on the relaxed-madd module, compiled in
 * this process, alternated per round, CPU time, median of 7 rounds. The shapes are the fused UFM pass's products at
 * the bench sizes (K×d by d×N blocks) and a square 512³.
 *
 *   npx tsx bench/fma.bench.ts
 */
import { pathToFileURL } from 'node:url';
import { enableWasmFma } from '../src/claim/runtime.ts';
import { createRng } from '../src/core/index.ts';
import { createWasmGemm, wasmGemmBytes } from '../src/linalg/index.ts';
import type { WasmGemm } from '../src/linalg/index.ts';
import { compileModule } from '../src/linalg/wasmEncode.ts';
import { cpuMsPerCall } from './kernels.bench.ts';

export interface FmaRow {
  readonly kernel: string;
  readonly M: number;
  readonly N: number;
  readonly K: number;
  readonly plainGflops: number;
  readonly fusedGflops: number;
  readonly ratio: number;
}

const SHAPES: readonly (readonly [number, number, number])[] = [
  [10, 500, 512], // (10,512,500): Z = W·H_blk over a block of 500 columns
  [100, 500, 512], // (100,512,100): the same with K = 100
  [512, 512, 512],
];

function kernelsOf(fma: boolean, doubles: number): WasmGemm {
  const w = createWasmGemm(doubles, compileModule(wasmGemmBytes(fma)));
  if (w === undefined) throw new Error('bench/fma: no wasm kernels');
  return w;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export function fmaBench(rounds = 7): { readonly fused: boolean; readonly rows: FmaRow[] } {
  const fused = enableWasmFma(undefined);
  const rows: FmaRow[] = [];
  for (const [M, N, K] of SHAPES) {
    const doubles = M * K + K * N + M * N;
    const [plain, fma] = [kernelsOf(false, doubles), kernelsOf(true, doubles)];
    for (const w of [plain, fma]) createRng(M + N + K).fillNormal(new Float64Array(w.memory.buffer, 0, M * K + K * N));
    const [pA, pB, pC] = [0, 8 * M * K, 8 * (M * K + K * N)];
    const calls: [string, (w: WasmGemm) => void][] = [
      ['nn A·B', (w) => w.nn(M, N, K, 1, pA, K, 1, pB, N, 0, pC, N, pC, N)],
      ['nn Aᵀ·B', (w) => w.nn(M, N, K, 1, pA, 1, M, pB, N, 0, pC, N, pC, N)],
      ['nt A·Bᵀ', (w) => w.nt(M, N, K, 1, pA, K, pB, K, 0, pC, N)],
    ];
    for (const [kernel, call] of calls) {
      const t: [number[], number[]] = [[], []];
      for (let r = 0; r < rounds; r++) {
        t[0].push(cpuMsPerCall(() => call(plain)));
        t[1].push(cpuMsPerCall(() => call(fma)));
      }
      const gflops = (ms: number): number => (2 * M * N * K) / ms / 1e6;
      const [p, f] = [median(t[0]), median(t[1])];
      rows.push({ kernel, M, N, K, plainGflops: gflops(p), fusedGflops: gflops(f), ratio: p / f });
    }
  }
  return { fused, rows };
}

/** The rows as printed (here and by bench/run.ts). */
export function fmaTable(rows: readonly FmaRow[]): Record<string, string>[] {
  return rows.map((x) => ({
    kernel: x.kernel,
    'M×N×K': `${x.M}×${x.N}×${x.K}`,
    'mul+add GFLOP/s': x.plainGflops.toFixed(1),
    'fused GFLOP/s': x.fusedGflops.toFixed(1),
    'fused speed-up': `${x.ratio.toFixed(2)}×`,
  }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = fmaBench();
  console.log(`relaxed madd fuses here: ${String(r.fused)}`);
  console.table(fmaTable(r.rows));
}
