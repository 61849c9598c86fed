/**
 * Process-wide runtime set-up for the numeric layers, done once at start-up by the command line (src/cli/main.ts)
 * and by benches and library users who want the same behaviour ({@link configureRuntime}). The numeric layers stay
 * free of I/O and process-wide effects (tests/architecture.test.ts); the two switches that need Node's APIs live
 * here:
 *
 * 1. **JS→wasm calls through compiled wrappers.** V8 11 (Node 20) routes every call to an export of a fresh
 *    WebAssembly instance through one generic JS→wasm wrapper, which converts the arguments in a loop, until that
 *    export has been called 1 000 times; only then does it switch to the compiled wrapper of its signature. The
 *    fused UFM pass creates an instance per objective heap and calls its kernels ~10 times per Hessian-vector
 *    product, so at the hunts' sizes (dim 20–80, a product of ~5 000 flops) most calls went through the generic
 *    wrapper: 15 % of a hunt probe's CPU profile (inclusive), more than the kernels themselves (`node --cpu-prof`,
 *    24 instances of `ce.d-below-k-minus-1.symmetric-is-global`, seed 20261204). `--no-wasm-generic-wrapper` makes
 *    V8 compile each signature's wrapper once per module and use it from the first call: the probe took 0.78–0.89×
 *    the CPU time in alternated pairs, and the hunt against SciPy went from 8.8× to 10.4–12.5×
 *    (bench/huntReference.bench.ts). Set only on V8 11, where it was measured (later versions rewrote the generic
 *    wrapper, and V8 warns about flags it does not know), and before the first module is compiled; it changes which
 *    wrapper converts the arguments, never the arithmetic (tests/unit/claim/runtime.test.ts compares the kernels'
 *    bits with and without it). `UFMCHECK_WASM_WRAPPERS=generic` keeps V8's default.
 * 2. **Helper threads for large products** (src/linalg/gemmThreads.ts): Node worker threads as the thread host,
 *    `UFMCHECK_THREADS` threads (a positive integer), else min(os.availableParallelism(), 4); 1 turns them off.
 * 3. **Fused multiply-add in the product kernels** (src/linalg/wasmFma.ts): relaxed SIMD's `f64x2.relaxed_madd`,
 *    standard from V8 11.4, is behind `--experimental-wasm-relaxed-simd` on Node 20's V8 11.3; the flag is set here
 *    (before the first kernel is compiled) and the kernels use the instruction only where a probe shows it fuses.
 *    `UFMCHECK_WASM_FMA=off` keeps mul + add.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { HelperHost } from '../linalg/index.ts';
import { installGemmHelpers, setWasmFma, wasmFma } from '../linalg/index.ts';

/** V8 major versions on which the generic wrapper was measured to cost more than the kernels at small sizes. */
const MEASURED_V8_MAJORS: readonly number[] = [11];

/** The major version of a V8 version string (e.g. process.versions.v8 = '11.3.244.8-node.38' → 11; NaN if none). */
function v8Major(version: string): number {
  return Number.parseInt(version.split('.')[0] ?? '', 10);
}

/** Whether the wrapper switch applies to the V8 of `version` (e.g. process.versions.v8 = '11.3.244.8-node.38'). */
export function compiledWrappersApply(version: string): boolean {
  return MEASURED_V8_MAJORS.includes(v8Major(version));
}

/** The thread count of the module doc for an environment value (undefined or invalid: the cores, at most 4). */
export function threadsFromEnv(value: string | undefined, cores: number = availableParallelism()): number {
  if (value !== undefined && value.trim() !== '') {
    const t = Number(value);
    if (Number.isInteger(t) && t >= 1) return Math.min(t, 64);
  }
  return Math.max(1, Math.min(cores, 4));
}

/** Node worker threads as the host of gemmThreads.ts's helpers (unref'd: they never keep a process alive). */
export const workerHost: HelperHost = {
  start(source, module, ctl) {
    const { port1, port2 } = new MessageChannel();
    // execArgv: [] — the helper is plain CommonJS with built-ins only; inheriting the parent's flags would, e.g.,
    // read it as an ES module under --input-type=module (where `require` is undefined and it never starts).
    const worker = new Worker(source, {
      eval: true,
      execArgv: [],
      workerData: { module, port: port2, ctl },
      transferList: [port2],
    });
    worker.unref();
    port1.unref();
    return {
      send: (value) => port1.postMessage(value),
      stop: () => {
        void worker.terminate();
        port1.close();
      },
    };
  },
};

/** V8 major versions that have relaxed SIMD only behind a flag (it ships from 11.4). */
const RELAXED_SIMD_FLAG_MAJORS: readonly number[] = [11];

/**
 * Enables relaxed SIMD where the V8 of `version` has it behind a flag, unless `fma` is 'off' (then the kernels keep
 * mul + add). Call before the first product kernel is compiled. Returns whether the kernels will fuse.
 */
export function enableWasmFma(fma: string | undefined, version: string = process.versions.v8): boolean {
  if (fma === 'off') {
    setWasmFma(false);
    return false;
  }
  if (RELAXED_SIMD_FLAG_MAJORS.includes(v8Major(version))) setFlagsFromString('--experimental-wasm-relaxed-simd');
  setWasmFma(true);
  return wasmFma();
}

/** What {@link configureRuntime} did. */
export interface RuntimeSettings {
  readonly compiledWasmWrappers: boolean;
  readonly threads: number;
  /** Whether the product kernels accumulate with a fused multiply-add (module doc item 3). */
  readonly fusedMultiplyAdd: boolean;
}

let settings: RuntimeSettings | undefined;

/**
 * Applies the module doc's switches once per process (later calls return the first call's settings). Call it before
 * the first WebAssembly kernel is compiled for the wrapper switch to take effect.
 * @param env - the environment to read (default process.env)
 */
export function configureRuntime(env: NodeJS.ProcessEnv = process.env): RuntimeSettings {
  if (settings !== undefined) return settings;
  const wrappers = env['UFMCHECK_WASM_WRAPPERS'] !== 'generic' && compiledWrappersApply(process.versions.v8);
  if (wrappers) setFlagsFromString('--no-wasm-generic-wrapper');
  const fusedMultiplyAdd = enableWasmFma(env['UFMCHECK_WASM_FMA']);
  const threads = threadsFromEnv(env['UFMCHECK_THREADS']);
  installGemmHelpers(threads, threads > 1 ? workerHost : undefined);
  settings = { compiledWasmWrappers: wrappers, threads, fusedMultiplyAdd };
  return settings;
}
