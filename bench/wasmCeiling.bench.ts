/**
 * The arithmetic ceiling of one core for WebAssembly f64 code, against NumPy's BLAS on the products of the
 * (100, 512, 100) value+gradient (issue 13 item 4: "≥ 1.0× NumPy (1 thread) at every bench size").
 *
 * WebAssembly SIMD is 128 bits wide: two doubles per instruction, whatever the CPU. This bench runs a loop that does
 * nothing but fused multiply-adds on 12 independent f64x2 accumulators held in registers (no memory traffic, no
 * dependency stalls), so its GFLOP/s is an upper bound for any wasm kernel on this core — the product kernels of
 * src/linalg/wasmGemm.ts included. In the same run, NumPy (one BLAS thread, bench/reference/numpy_products.py) times the three products of the UFM
 * gradient at (K, d, N) = (100, 512, 10 000): Z = W·H, G·Hᵀ and Wᵀ·G, 1.02 GFLOP each. If the ceiling is below the
 * rate NumPy reaches on them, no WebAssembly code can reach 1.0× NumPy at that size: `floorMs` is the time the three
 * products need at the ceiling, against NumPy's time for the same three products.
 *
 *   npx tsx bench/wasmCeiling.bench.ts
 */
import { pathToFileURL } from 'node:url';
import { enableWasmFma } from '../src/claim/runtime.ts';
import { wasmFma } from '../src/linalg/wasmFma.ts';
import { encodeModule, Fn, op, WA } from '../src/linalg/wasmEncode.ts';
import { compileModule } from '../src/linalg/wasmEncode.ts';
import { runPython } from './python.ts';

const ACC = 12;
const K = 100,
  D = 512,
  N = 10_000;
const PRODUCT_FLOPS = 2 * K * D * N;

/** `peak(iters, x, y)`: a_k ← x·y + a_k on ACC f64x2 accumulators, iters times; returns a lane sum (kept live). */
function peakModule(fma: boolean): Uint8Array {
  const f = new Fn('peak', ['i32', 'f64', 'f64'], ['f64']);
  const x = f.local('v128'),
    y = f.local('v128'),
    i = f.local('i32');
  const acc = Array.from({ length: ACC }, () => f.local('v128'));
  f.e(op.get(1), op.vsplat, op.set(x), op.get(2), op.vsplat, op.set(y));
  for (const a of acc) f.e(op.vzero, op.set(a));
  f.e(op.i32(0), op.set(i), op.block, op.loop);
  for (const a of acc) {
    if (fma) f.e(op.get(x), op.get(y), op.get(a), op.vmadd, op.set(a));
    else f.e(op.get(x), op.get(y), op.vmul, op.get(a), op.vadd, op.set(a));
  }
  f.e(op.get(i), op.i32(1), op.add, op.tee(i), op.get(0), op.lts, op.brIf(0), op.end, op.end);
  f.e(op.get(acc[0] as number));
  for (const a of acc.slice(1)) f.e(op.get(a), op.vadd);
  f.e(op.lane(0));
  return encodeModule([f], 1);
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** GFLOP/s of the register-resident loop (CPU time, best of 5 runs of `iters` iterations). */
function ceilingGflops(fma: boolean, iters = 20_000_000): number {
  const mod = compileModule(peakModule(fma));
  if (mod === undefined || WA === undefined) throw new Error('wasm ceiling: no WebAssembly SIMD');
  const peak = new WA.Instance(mod, {}).exports['peak'] as (n: number, x: number, y: number) => number;
  peak(1000, 1, 1e-9);
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t = cpuMs();
    const s = peak(iters, 1.0000001, 1e-9);
    const dt = cpuMs() - t;
    if (!Number.isFinite(s)) throw new Error('wasm ceiling: non-finite');
    best = Math.min(best, dt);
  }
  return (ACC * 4 * iters) / (best * 1e6);
}

export interface WasmCeiling {
  readonly fused: boolean;
  /** The register-resident f64x2 multiply-add rate of this core (an upper bound for wasm kernels). */
  readonly ceilingGflops: number;
  /** Without relaxed madd (mul + add), for comparison. */
  readonly mulAddGflops: number;
  /** The three gradient products at (100, 512, 10 000) at the ceiling. */
  readonly floorMs: number;
  /** NumPy, one BLAS thread, the same three products (undefined without NumPy). */
  readonly numpyMs?: number;
  readonly numpyGflops?: readonly number[];
  /** floorMs / numpyMs: above 1, no wasm code can match NumPy on these products. */
  readonly floorOverNumpy?: number;
}

export function wasmCeiling(): WasmCeiling {
  const fused = enableWasmFma(undefined) && wasmFma();
  const mulAddGflops = ceilingGflops(false);
  const ceiling = fused ? ceilingGflops(true) : mulAddGflops;
  const floorMs = (3 * PRODUCT_FLOPS) / (ceiling * 1e6);
  const py = runPython('numpy_products.py', 'numpy');
  if (py === undefined) return { fused, ceilingGflops: ceiling, mulAddGflops, floorMs };
  const s = py['seconds'] as number[];
  const numpyMs = 1000 * s.reduce((a, b) => a + b, 0);
  return {
    fused,
    ceilingGflops: ceiling,
    mulAddGflops,
    floorMs,
    numpyMs,
    numpyGflops: s.map((t) => PRODUCT_FLOPS / (t * 1e9)),
    floorOverNumpy: floorMs / numpyMs,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(wasmCeiling(), null, 2));
}
