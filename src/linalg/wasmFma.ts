/**
 * Fused multiply-add in the WebAssembly product kernels (issue 13 item 4: the hot loop at the papers' sizes).
 *
 * The register tiles of wasmGemm.ts accumulate `acc ← acc + a·b` in f64x2 lanes. Written as `f64x2.mul` then
 * `f64x2.add` that is two instructions and two roundings per lane; the relaxed-SIMD instruction
 * `f64x2.relaxed_madd(a, b, acc)` is one `vfmadd` on a CPU with FMA3 and rounds once. Measured on this machine
 * (Node 20, 4×4 tile of `nn`, 2×4 tile of `nt`, 512³, CPU time, alternated processes): `nn` 12.7–13.3 → 15.3–16.6
 * GFLOP/s and `nt` 17.3–17.5 → 22.5–23.9 GFLOP/s; bench/fma.bench.ts measures the ratio in one run.
 *
 * What changes numerically: only the rounding of each product's accumulation, which gets one rounding per term
 * instead of two. The bounds the certificates use for a computed product (Higham, Accuracy and Stability of
 * Numerical Algorithms, 2nd ed., §3.1: |fl(Σ aᵢbᵢ) − Σ aᵢbᵢ| ≤ γ_k Σ|aᵢbᵢ|) hold for either order of roundings, and
 * an FMA only removes roundings, so every tolerance of src/certify and src/certified stays valid. Results differ
 * from the unfused kernels in the last bits; they are still the same on every run of one machine, and a product
 * split over threads (gemmThreads.ts) still computes each entry with the same instructions as one thread.
 *
 * Relaxed madd may be fused or not, by the specification (it lets a CPU without FMA use mul + add). The kernels use
 * it only when a probe shows that it fuses here: (1 + 2⁻³⁰)(1 − 2⁻³⁰) − 1 is −2⁻⁶⁰ fused and 0 unfused. Elsewhere
 * it would cost the same as mul + add and only make results depend on the CPU.
 *
 * Availability: relaxed SIMD is standard from V8 11.4 (Node 22); Node 20's V8 11.3 has it behind
 * `--experimental-wasm-relaxed-simd`, which src/claim/runtime.ts sets before the first kernel is compiled (this
 * layer has no access to process flags; tests/architecture.test.ts). Without it the probe fails to validate and
 * the kernels keep mul + add. {@link setWasmFma}(false) (UFMCHECK_WASM_FMA=off in runtime.ts) forces mul + add.
 */
import { compileModule, encodeModule, Fn, op, WA } from './wasmEncode.ts';

let allowed = true;
let decided: boolean | undefined;

/**
 * Allows (default) or forbids relaxed madd in kernels compiled from now on. Has no effect on a kernel module that
 * is already compiled (they are compiled once per process, at first use).
 */
export function setWasmFma(allow: boolean): void {
  allowed = allow;
  decided = undefined;
}

/** probe(a, b, c) = lane 0 of f64x2.relaxed_madd(splat a, splat b, splat c). */
function probeModule(): Uint8Array {
  const f = new Fn('probe', ['f64', 'f64', 'f64'], ['f64']);
  f.e(op.get(0), op.vsplat, op.get(1), op.vsplat, op.get(2), op.vsplat, op.vmadd, op.lane(0));
  return encodeModule([f], 1);
}

/**
 * Whether relaxed madd validates here and computes a fused multiply-add (one rounding). False where WebAssembly,
 * SIMD or relaxed SIMD is unavailable.
 */
export function relaxedMaddFuses(): boolean {
  const mod = compileModule(probeModule());
  if (mod === undefined || WA === undefined) return false;
  const probe = new WA.Instance(mod, {}).exports['probe'] as (a: number, b: number, c: number) => number;
  const e = 2 ** -30;
  return probe(1 + e, 1 - e, -1) === -(e * e);
}

/**
 * Whether kernels compiled now use relaxed madd: allowed ({@link setWasmFma}) and fused here
 * ({@link relaxedMaddFuses}). Decided once, at the first call after the last {@link setWasmFma}.
 */
export function wasmFma(): boolean {
  if (decided === undefined) decided = allowed && relaxedMaddFuses();
  return decided;
}
