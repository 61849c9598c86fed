/**
 * The generated WebAssembly SIMD level-1 kernels (src/linalg/wasmVec.ts) against naive loops, for every length
 * mod 4 (the unrolled body and the scalar tail) and at unaligned start offsets. Tolerance for reductions: Higham's
 * bound for a sum of n products in any order, γ_n Σ|terms| with γ_n ≤ 1.01·n·u (u = 2⁻⁵³), applied with n + 2 to
 * cover the final lane and tail additions; elementwise kernels are compared with the same per-element operation
 * order, so they must agree exactly.
 */
import { describe, it, expect } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import { createWasmVec, wasmVecModule } from '../../../src/linalg/wasmVec.ts';

const U = 2 ** -53;
const LENGTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 31, 100, 1001];

/** Slots of 1100 doubles: slot k starts at element 1 + k·1100 (odd: unaligned for f64x2). */
const slot = (k: number): number => 1 + k * 1100;

function setup(): { w: NonNullable<ReturnType<typeof createWasmVec>>; F: Float64Array } {
  const w = createWasmVec(8 * 1100 + 16);
  if (w === undefined) throw new Error('no wasm SIMD');
  const F = new Float64Array(w.memory.buffer, 0, 8 * 1100 + 16);
  createRng(5).fillNormal(F);
  return { w, F };
}

const bound = (n: number, absSum: number): number => 1.01 * (n + 2) * U * absSum + Number.MIN_VALUE;

describe('WebAssembly SIMD vector kernels', () => {
  it('should compile on this Node', () => {
    expect(wasmVecModule()).toBeDefined();
  });

  it.each(LENGTHS)('should compute dot, sumsq, resid, dot2 and dot4 within the summation bound at n = %i', (n) => {
    // Arrange
    const { w, F } = setup();
    const [a, b, c, d, e] = [0, 1, 2, 3, 4].map(slot) as [number, number, number, number, number];
    const out = slot(6);
    const naiveDot = (x: number, y: number): [number, number] => {
      let s = 0,
        t = 0;
      for (let i = 0; i < n; i++) {
        s += (F[x + i] as number) * (F[y + i] as number);
        t += Math.abs((F[x + i] as number) * (F[y + i] as number));
      }
      return [s, t];
    };
    // Act / Assert
    const [ab, abAbs] = naiveDot(a, b);
    expect(Math.abs(w.dot(8 * a, 8 * b, n) - ab)).toBeLessThanOrEqual(bound(n, abAbs));
    const [aa, aaAbs] = naiveDot(a, a);
    expect(Math.abs(w.sumsq(8 * a, n) - aa)).toBeLessThanOrEqual(bound(n, aaAbs));
    const lam = 0.37;
    let r = 0,
      rAbs = 0;
    for (let i = 0; i < n; i++) {
      const t = (F[a + i] as number) - lam * (F[b + i] as number);
      r += t * t;
      rAbs += t * t;
    }
    expect(Math.abs(w.resid(8 * a, 8 * b, lam, n) - r)).toBeLessThanOrEqual(bound(n, rAbs) + 4 * U * rAbs);
    w.dot2(8 * a, 8 * b, n, 8 * out);
    expect(Math.abs((F[out] as number) - ab)).toBeLessThanOrEqual(bound(n, abAbs));
    const [bb, bbAbs] = naiveDot(b, b);
    expect(Math.abs((F[out + 1] as number) - bb)).toBeLessThanOrEqual(bound(n, bbAbs));
    w.dot4(8 * a, 8 * b, 8 * c, 8 * d, 8 * e, n, 8 * out);
    [b, c, d, e].forEach((v, q) => {
      const [s, t] = naiveDot(a, v);
      expect(Math.abs((F[out + q] as number) - s)).toBeLessThanOrEqual(bound(n, t));
    });
  });

  it.each(LENGTHS)('should compute local2, axpy, axpy4 and scale exactly like the scalar loop at n = %i', (n) => {
    // Arrange
    const { w, F } = setup();
    const [x, a, b, c, d, y] = [0, 1, 2, 3, 4, 5].map(slot) as [number, number, number, number, number, number];
    const before = F.slice();
    // Act: local2 on x, then axpy4 on x, then axpy on x, then scale x into y
    const q = w.local2(8 * x, 8 * a, 8 * b, 0.3, -1.7, n);
    w.axpy4(8 * x, 8 * a, 8 * b, 8 * c, 8 * d, 0.5, -0.25, 2, 1e-3, n);
    w.axpy(8 * x, 8 * c, -0.75, n);
    w.scale(8 * y, 8 * x, 1 / 3, n);
    // Assert: the same operations in the same order per element
    let qq = 0,
      qAbs = 0;
    for (let i = 0; i < n; i++) {
      const g = (k: number): number => before[k + i] as number;
      let v = g(x) - 0.3 * g(a) - -1.7 * g(b);
      qq += v * v;
      qAbs += v * v;
      v = v + 0.5 * g(a) + -0.25 * g(b) + 2 * g(c) + 1e-3 * g(d);
      v = v + -0.75 * g(c);
      expect(F[x + i]).toBe(v);
      expect(F[y + i]).toBe(v * (1 / 3));
    }
    expect(Math.abs(q - qq)).toBeLessThanOrEqual(bound(n, qAbs));
    // untouched beyond n
    expect(F[x + n]).toBe(before[x + n]);
    expect(F[y + n]).toBe(before[y + n]);
  });
});
