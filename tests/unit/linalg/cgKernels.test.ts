/**
 * The fused Steihaug-CG passes (src/linalg/cgKernels.ts): the WebAssembly SIMD kernels against the JS loops, which are
 * checked against the plain (unfused) operations, for every length mod 4 (unrolled body and scalar tail) and at odd
 * (f64x2-unaligned) offsets. Elementwise results use the same per-element operations in both engines, so they must
 * agree exactly; reductions are sums of the same n products in another order, so they agree within Higham's bound
 * γ_{n+2} Σ|terms| (γ_m ≤ 1.01·m·u, u = 2⁻⁵³; + 2 for the lane and tail additions).
 */
import { describe, it, expect } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import type { CgKernels } from '../../../src/linalg/index.ts';
import {
  cgKernels,
  createWasmGemm,
  jsCgKernels,
  wasmCgKernels,
  wasmCgKernelsOn,
  wasmCgModule,
} from '../../../src/linalg/index.ts';

const U = 2 ** -53;
const LENGTHS = [0, 1, 2, 3, 4, 5, 7, 8, 9, 31, 1001];
const SLOT = 1100;
const SIZE = 8 * SLOT + 2;
/** Vector k starts at element 1 + k·SLOT (odd: unaligned for f64x2). */
const at = (k: number): number => 1 + k * SLOT;
const bound = (n: number, absSum: number): number => 1.01 * (n + 2) * U * absSum + Number.MIN_VALUE;

function pair(seed: number): { js: CgKernels; wa: CgKernels } {
  const wa = wasmCgKernels(SIZE);
  if (wa === undefined) throw new Error('no wasm SIMD');
  const js = jsCgKernels(SIZE);
  createRng(seed).fillNormal(js.f64);
  wa.f64.set(js.f64);
  return { js, wa };
}

const vec = (k: CgKernels, i: number, n: number): Float64Array => k.f64.slice(at(i), at(i) + n);

describe('fused CG kernels', () => {
  it('should compile on this Node and pick wasm only for long vectors', () => {
    expect(wasmCgModule()).toBeDefined();
    expect(cgKernels(1 << 20).engine).toBe('wasm');
    expect(cgKernels(100).engine).toBe('js');
  });

  it.each(LENGTHS)('should do the CG step p += αd, r += αHd with its four dots as plain loops at n = %i', (n) => {
    // Arrange
    const { js, wa } = pair(11 + n);
    const [p0, r0, d, hd] = [0, 1, 2, 3].map((i) => vec(js, i, n)) as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    const alpha = 0.37;
    const outJ = new Float64Array(4);
    const outW = new Float64Array(4);
    // Act
    js.step(at(0), at(1), at(2), at(3), alpha, n, outJ);
    wa.step(at(0), at(1), at(2), at(3), alpha, n, outW);
    // Assert: the JS pass equals the unfused operations, the wasm pass equals the JS pass
    const p = p0.map((v, i) => v + alpha * (d[i] as number));
    const r = r0.map((v, i) => v + alpha * (hd[i] as number));
    expect(vec(js, 0, n)).toEqual(p);
    expect(vec(js, 1, n)).toEqual(r);
    expect(vec(wa, 0, n)).toEqual(p);
    expect(vec(wa, 1, n)).toEqual(r);
    const dots: [Float64Array, Float64Array][] = [
      [p, p],
      [r, r],
      [p, r],
      [p, d],
    ];
    dots.forEach(([x, y], q) => {
      let s = 0,
        a = 0;
      for (let i = 0; i < n; i++) {
        s += (x[i] as number) * (y[i] as number);
        a += Math.abs((x[i] as number) * (y[i] as number));
      }
      expect(outJ[q]).toBe(s);
      expect(Math.abs((outW[q] as number) - s)).toBeLessThanOrEqual(bound(n, a));
    });
  });

  it.each(LENGTHS)('should set d ← −r + βd and return ‖d‖², and agree on curv, dots2, sumsq at n = %i', (n) => {
    // Arrange
    const { js, wa } = pair(23 + n);
    const [d0, r] = [vec(js, 2, n), vec(js, 1, n)];
    const beta = -1.7;
    const want = d0.map((v, i) => -(r[i] as number) + beta * v);
    const out2J = new Float64Array(2);
    const out2W = new Float64Array(2);
    // Act
    const ddJ = js.direction(at(2), at(1), beta, n);
    const ddW = wa.direction(at(2), at(1), beta, n);
    const cJ = js.curv(at(2), at(3), n);
    const cW = wa.curv(at(2), at(3), n);
    js.dots2(at(0), at(1), at(2), n, out2J);
    wa.dots2(at(0), at(1), at(2), n, out2W);
    const sJ = js.sumsq(at(4), n);
    const sW = wa.sumsq(at(4), n);
    // Assert
    expect(vec(js, 2, n)).toEqual(want);
    expect(vec(wa, 2, n)).toEqual(want);
    const abs = (x: Float64Array, y: Float64Array): number =>
      x.reduce((s, v, i) => s + Math.abs(v * (y[i] as number)), 0);
    const [x0, x1, x2, x3, x4] = [0, 1, 2, 3, 4].map((i) => vec(js, i, n)) as Float64Array[] as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    expect(Math.abs(ddW - ddJ)).toBeLessThanOrEqual(bound(n, abs(x2, x2)));
    expect(Math.abs(cW - cJ)).toBeLessThanOrEqual(bound(n, abs(x2, x3)));
    expect(Math.abs((out2W[0] as number) - (out2J[0] as number))).toBeLessThanOrEqual(bound(n, abs(x0, x1)));
    expect(Math.abs((out2W[1] as number) - (out2J[1] as number))).toBeLessThanOrEqual(bound(n, abs(x0, x2)));
    expect(Math.abs(sW - sJ)).toBeLessThanOrEqual(bound(n, abs(x4, x4)));
  });

  it.each(LENGTHS)('should add and scale elementwise exactly as JS at n = %i', (n) => {
    // Arrange
    const { js, wa } = pair(37 + n);
    const [x, y] = [vec(js, 1, n), vec(js, 2, n)];
    // Act
    for (const k of [js, wa]) {
      k.add(at(5), at(1), at(2), n);
      k.scale(at(6), at(1), -1, n);
    }
    // Assert
    const sum = x.map((v, i) => v + (y[i] as number));
    const neg = x.map((v) => -v);
    expect(vec(js, 5, n)).toEqual(sum);
    expect(vec(wa, 5, n)).toEqual(sum);
    expect(vec(js, 6, n)).toEqual(neg);
    expect(vec(wa, 6, n)).toEqual(neg);
  });

  it("should run the same passes over a region of another module's memory, leaving the rest of it untouched", () => {
    // Arrange: a gemm instance's memory (as a model's heap), the CG region at an offset inside it
    const gemm = createWasmGemm(SIZE + 5000);
    if (gemm === undefined) throw new Error('no wasm SIMD');
    const base = 777;
    const on = wasmCgKernelsOn(gemm.memory, base, SIZE);
    if (on === undefined) throw new Error('no wasm SIMD');
    const { wa } = pair(53);
    on.f64.set(wa.f64);
    const all = new Float64Array(gemm.memory.buffer);
    all.fill(9, 0, base);
    const n = 1001;
    const outA = new Float64Array(4),
      outB = new Float64Array(4);
    // Act
    wa.step(at(0), at(1), at(2), at(3), 0.37, n, outA);
    on.step(at(0), at(1), at(2), at(3), 0.37, n, outB);
    const dA = wa.direction(at(2), at(1), -1.7, n),
      dB = on.direction(at(2), at(1), -1.7, n);
    // Assert: the same instructions on the same numbers give the same bits; the region starts at base
    expect(Array.from(outB)).toEqual(Array.from(outA));
    expect(dB).toBe(dA);
    expect(Array.from(on.f64)).toEqual(Array.from(wa.f64));
    expect(on.f64.byteOffset).toBe(8 * base);
    expect(all.subarray(0, base).every((x) => x === 9)).toBe(true);
  });

  it('should reject a region that does not fit in the memory, naming it', () => {
    const gemm = createWasmGemm(1000);
    if (gemm === undefined) throw new Error('no wasm SIMD');
    const doubles = gemm.memory.buffer.byteLength / 8;
    expect(() => wasmCgKernelsOn(gemm.memory, doubles - 10, 7)).toThrow(/CG region .* does not fit/);
    expect(() => wasmCgKernelsOn(gemm.memory, -1, 7)).toThrow(/CG region/);
    expect(wasmCgKernelsOn(gemm.memory, doubles - 11, 7)).toBeDefined();
  });
});
