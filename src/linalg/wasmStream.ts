/**
 * Building blocks of the generated level-1 WebAssembly SIMD kernels (wasmVec.ts, cgKernels.ts): a streamed loop over
 * n doubles unrolled by four (two f64x2 steps) with a scalar tail, loads at a shared byte offset, and reduction
 * accumulators (two f64x2 and one f64) with their total.
 */
import { F64_ZERO, Fn, op } from './wasmEncode.ts';

/** Loads (p + o + off) as f64x2 or f64 (p a byte pointer local, o the shared byte offset local). */
export function ld(f: Fn, p: number, o: number, off: number, scalar: boolean): void {
  f.e(op.get(p), op.get(o), op.add, scalar ? op.f64load(0) : op.vload(off));
}

/**
 * for (o = 0; o < 8·(n & ~3); o += 32) body(false, 0), body(false, 16); then for (; o < 8n; o += 8) body(true, 0).
 * `o` is the byte offset shared by every vector.
 */
export function stream(f: Fn, n: number, o: number, body: (scalar: boolean, off: number) => void): void {
  const end4 = f.local('i32');
  const end = f.local('i32');
  f.e(op.get(n), op.i32(-4), op.and, op.i32(3), op.shl, op.set(end4));
  f.e(op.get(n), op.i32(3), op.shl, op.set(end));
  f.e(op.i32(0), op.set(o));
  f.e(op.block, op.get(o), op.get(end4), op.lts, op.eqz, op.brIf(0), op.loop);
  body(false, 0);
  body(false, 16);
  f.e(op.get(o), op.i32(32), op.add, op.tee(o), op.get(end4), op.lts, op.brIf(0), op.end, op.end);
  f.e(op.block, op.get(o), op.get(end), op.lts, op.eqz, op.brIf(0), op.loop);
  body(true, 0);
  f.e(op.get(o), op.i32(8), op.add, op.tee(o), op.get(end), op.lts, op.brIf(0), op.end, op.end);
}

/** Reduction accumulators: two f64x2 (for the offsets 0 and 16 of the unrolled step) and one f64 (tail). */
export interface Acc {
  readonly v0: number;
  readonly v1: number;
  readonly s: number;
}

/** Three fresh accumulator locals, zeroed. */
export function acc(f: Fn): Acc {
  const a = { v0: f.local('v128'), v1: f.local('v128'), s: f.local('f64') };
  f.e(op.vzero, op.set(a.v0), op.vzero, op.set(a.v1), F64_ZERO, op.set(a.s));
  return a;
}

/** The accumulator local that the body at (scalar, off) adds into. */
export function accLocal(a: Acc, scalar: boolean, off: number): number {
  return scalar ? a.s : off === 0 ? a.v0 : a.v1;
}

/** Pushes the total of an accumulator: lanes of v0 + v1, plus the tail. */
export function accTotal(f: Fn, a: Acc): void {
  f.e(op.get(a.v0), op.get(a.v1), op.vadd, op.tee(a.v0), op.lane(0), op.get(a.v0), op.lane(1), op.fadd);
  f.e(op.get(a.s), op.fadd);
}
