/**
 * How JavaScript calls into the WebAssembly kernels (wasmGemm.ts, wasmVec.ts): through V8's per-signature compiled
 * wrappers from the first call, not through its generic wrapper.
 *
 * Why. V8 11 (Node 20) routes every call to an export of a fresh instance through one generic JS→wasm wrapper, which
 * converts the arguments in a loop, until that export has been called 1 000 times; only then does it switch to the
 * compiled wrapper of its signature. The fused UFM pass creates an instance per objective heap and calls its
 * kernels ~10 times per Hessian-vector product, so at the hunts' sizes (dim 20–80, a product of ~5 000 flops) most
 * calls happened in the generic wrapper: it was 15 % of a hunt probe's CPU profile (inclusive), more than the
 * kernels themselves (`node --cpu-prof`, 24 instances of `ce.d-below-k-minus-1.symmetric-is-global`, seed
 * 20261204). With `--no-wasm-generic-wrapper` V8 compiles the signature's wrapper once per module (the modules are
 * compiled once per thread) and every call uses it: the probe took 0.78–0.89× the CPU time in three alternated
 * pairs of runs (bench/huntReference.bench.ts measures the effect on the hunt against SciPy).
 *
 * The switch is set once, before the first module is compiled, and only on V8 11, where it was measured: later V8
 * versions rewrote the generic wrapper, and V8 prints a warning for a flag it does not know. The flag changes which
 * wrapper converts the arguments, never the arithmetic (tests/unit/linalg/wasmWrappers.test.ts compares the kernels'
 * bits in two processes, with and without it). `UFMCHECK_WASM_WRAPPERS=generic` in the environment keeps V8's
 * default.
 */
import { setFlagsFromString } from 'node:v8';

/** V8 major versions on which the generic wrapper was measured to cost more than the kernels at small sizes. */
const MEASURED_V8_MAJORS: readonly number[] = [11];

let applied: boolean | undefined;

/** Whether the switch applies to the V8 of `version` (e.g. process.versions.v8 = '11.3.244.8-node.38'). */
export function compiledWrappersApply(version: string): boolean {
  const major = Number.parseInt(version.split('.')[0] ?? '', 10);
  return MEASURED_V8_MAJORS.includes(major);
}

/**
 * Asks V8 for compiled JS→wasm wrappers from the first call (see the module comment); idempotent.
 * @returns whether the switch was set in this process (false on V8 versions where it was not measured)
 */
export function useCompiledWasmWrappers(): boolean {
  if (applied === undefined) {
    applied = process.env['UFMCHECK_WASM_WRAPPERS'] !== 'generic' && compiledWrappersApply(process.versions.v8);
    if (applied) setFlagsFromString('--no-wasm-generic-wrapper');
  }
  return applied;
}
