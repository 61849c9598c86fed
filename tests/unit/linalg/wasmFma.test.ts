/**
 * Fused multiply-add in the product kernels (src/linalg/wasmFma.ts): the probe, the switch, and that the generated
 * `nn` and `nt` tiles really accumulate with one rounding per term when they are meant to. The witness is
 * (−1)·1 + (1 + 2⁻³⁰)(1 − 2⁻³⁰) = −2⁻⁶⁰ exactly: fused it is −2⁻⁶⁰, with mul + add the product rounds to 1 and the
 * sum to 0. tests/setup.ts enables relaxed SIMD as the CLI does (src/claim/runtime.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWasmGemm, wasmGemmBytes } from '../../../src/linalg/wasmGemm.ts';
import { relaxedMaddFuses, setWasmFma, wasmFma } from '../../../src/linalg/wasmFma.ts';
import { compileModule } from '../../../src/linalg/wasmEncode.ts';

const E = 2 ** -30;

/**
 * The witness through both kernels. `nn` vectorises over columns, so C is 1×2 = A (1×2) · B (2×2) with A = [−1, 1 + 2⁻³⁰]
 * and both columns of B = [1, 1 − 2⁻³⁰]: each lane accumulates −1, then the witness term. `nt` vectorises over the
 * depth, so C is 1×1 = a · bᵀ with a = [−1, 0, 1 + 2⁻³⁰, 0], b = [1, 0, 1 − 2⁻³⁰, 0]: lane 0 holds terms 0 and 2.
 */
function witness(fma: boolean): { nn: number[]; nt: number } {
  const w = createWasmGemm(32, compileModule(wasmGemmBytes(fma)));
  if (w === undefined) throw new Error('no wasm kernels');
  const F = new Float64Array(w.memory.buffer, 0, 32);
  F.set([-1, 1 + E], 0); // A, 1×2
  F.set([1, 1, 1 - E, 1 - E], 4); // B, 2×2 row-major
  w.nn(1, 2, 2, 1, 0, 2, 1, 32, 2, 0, 128, 2, 128, 2);
  const nn = [F[16] as number, F[17] as number];
  F.set([-1, 0, 1 + E, 0], 0); // a
  F.set([1, 0, 1 - E, 0], 4); // b
  w.nt(1, 1, 4, 1, 0, 4, 32, 4, 0, 128, 1);
  return { nn, nt: F[16] as number };
}

describe('fused multiply-add in the WebAssembly product kernels', () => {
  afterEach(() => setWasmFma(true));

  it('should find that relaxed madd fuses on this machine (x86-64 with FMA3, relaxed SIMD enabled by the setup)', () => {
    // This machine and CI run Node 20 on CPUs with FMA3; a machine without FMA would legitimately say false.
    expect(relaxedMaddFuses()).toBe(true);
  });

  it('should accumulate nn and nt with one rounding per term in the relaxed-madd variant', () => {
    expect(witness(true)).toEqual({ nn: [-(E * E), -(E * E)], nt: -(E * E) });
  });

  it('should round each product before adding in the mul + add variant', () => {
    expect(witness(false)).toEqual({ nn: [0, 0], nt: 0 });
  });

  it('should use relaxed madd when allowed and fused, and mul + add when forbidden', () => {
    // Act / Assert
    setWasmFma(true);
    expect(wasmFma()).toBe(relaxedMaddFuses());
    setWasmFma(false);
    expect(wasmFma()).toBe(false);
  });
});
