/**
 * WebAssembly SIMD (f64x2) level-1 kernels over long vectors, for the memory-bound parts of Lanczos
 * (src/linalg/lanczos.ts: the local recurrence, Gram–Schmidt passes, Ritz vectors, explicit residuals).
 * Generated with the encoder of wasmEncode.ts (no toolchain, no binary blob).
 *
 * Why: at dim 10⁵ a vector is 0.8 MB and lives in L3; scalar JS streams it at ~7 GB/s, these kernels at ~27 GB/s
 * (measured on the 2-core EPYC of the bench: a sum of squares over 40 vectors cycled through 32 MB).
 *
 * All pointers are BYTE offsets into the module's memory, lengths in elements. Every kernel walks its vectors in
 * index order, two f64x2 lanes per step (four elements), then a scalar tail; reductions keep two f64x2 accumulators
 * summed at the end. Summation order therefore differs from the scalar JS loops (results agree to rounding), and
 * is fixed, so results are deterministic.
 * - `dot(pA, pB, n)` → aᵀb;  `sumsq(p, n)` → ‖x‖²;  `resid(pAx, pX, λ, n)` → ‖ax − λx‖²
 * - `dot2(pA, pW, n, pOut)`: out[0] = aᵀw, out[1] = ‖w‖² (one pass)
 * - `dot4(pW, p0, p1, p2, p3, n, pOut)`: out[q] = v_qᵀw (one pass over w)
 * - `local2(pW, pA, pB, a, b, n)` → ‖w‖² after w ← (w − a·x_A) − b·x_B
 * - `axpy(pW, pA, a, n)`: w ← w + a·x_A;  `axpy4(pW, p0..p3, c0..c3, n)`: w ← (((w + c₀v₀) + c₁v₁) + c₂v₂) + c₃v₃
 * - `scale(pDst, pSrc, s, n)`: dst ← s·src
 */
import { encodeModule, Fn, instantiateSized, lazyModule, op, WA } from './wasmEncode.ts';
import type { WasmMemory } from './wasmEncode.ts';
import { acc, accLocal, accTotal, ld, stream } from './wasmStream.ts';
import type { Acc } from './wasmStream.ts';

// GENERATORS //

const vsub = [0xfd, 0xf1, 0x01];
const fsub = [0xa1];

/** Address (p + o) for a store whose value comes next. */
function addr(f: Fn, p: number, o: number): void {
  f.e(op.get(p), op.get(o), op.add);
}

/** acc += (value on the stack) for the body at (scalar, off). */
function accAdd(f: Fn, a: Acc, scalar: boolean, off: number): void {
  const l = accLocal(a, scalar, off);
  f.e(op.get(l), scalar ? op.fadd : op.vadd, op.set(l));
}

function genDot(): Fn {
  const f = new Fn('dot', ['i32', 'i32', 'i32'], ['f64']);
  const [pA, pB, n] = [0, 1, 2] as const;
  const o = f.local('i32');
  const a = acc(f);
  stream(f, n, o, (sc, off) => {
    ld(f, pA, o, off, sc);
    ld(f, pB, o, off, sc);
    f.e(sc ? op.fmul : op.vmul);
    accAdd(f, a, sc, off);
  });
  accTotal(f, a);
  return f;
}

function genSumsq(): Fn {
  const f = new Fn('sumsq', ['i32', 'i32'], ['f64']);
  const [p, n] = [0, 1] as const;
  const o = f.local('i32');
  const xv = f.local('v128');
  const xs = f.local('f64');
  const a = acc(f);
  stream(f, n, o, (sc, off) => {
    ld(f, p, o, off, sc);
    f.e(op.tee(sc ? xs : xv), op.get(sc ? xs : xv), sc ? op.fmul : op.vmul);
    accAdd(f, a, sc, off);
  });
  accTotal(f, a);
  return f;
}

function genResid(): Fn {
  const f = new Fn('resid', ['i32', 'i32', 'f64', 'i32'], ['f64']);
  const [pAx, pX, lam, n] = [0, 1, 2, 3] as const;
  const o = f.local('i32');
  const lv = f.local('v128');
  const xv = f.local('v128');
  const xs = f.local('f64');
  const a = acc(f);
  f.e(op.get(lam), op.vsplat, op.set(lv));
  stream(f, n, o, (sc, off) => {
    ld(f, pAx, o, off, sc);
    f.e(op.get(sc ? lam : lv));
    ld(f, pX, o, off, sc);
    f.e(sc ? op.fmul : op.vmul, sc ? fsub : vsub, op.tee(sc ? xs : xv), op.get(sc ? xs : xv), sc ? op.fmul : op.vmul);
    accAdd(f, a, sc, off);
  });
  accTotal(f, a);
  return f;
}

function genDot2(): Fn {
  const f = new Fn('dot2', ['i32', 'i32', 'i32', 'i32']);
  const [pA, pW, n, pOut] = [0, 1, 2, 3] as const;
  const o = f.local('i32');
  const xv = f.local('v128');
  const xs = f.local('f64');
  const d = acc(f);
  const q = acc(f);
  stream(f, n, o, (sc, off) => {
    const x = sc ? xs : xv;
    ld(f, pW, o, off, sc);
    f.e(op.set(x));
    ld(f, pA, o, off, sc);
    f.e(op.get(x), sc ? op.fmul : op.vmul);
    accAdd(f, d, sc, off);
    f.e(op.get(x), op.get(x), sc ? op.fmul : op.vmul);
    accAdd(f, q, sc, off);
  });
  f.e(op.get(pOut));
  accTotal(f, d);
  f.e(op.f64store(0), op.get(pOut));
  accTotal(f, q);
  f.e(op.f64store(8));
  return f;
}

function genDot4(): Fn {
  const f = new Fn('dot4', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [pW, p0, p1, p2, p3, n, pOut] = [0, 1, 2, 3, 4, 5, 6] as const;
  const o = f.local('i32');
  const xv = f.local('v128');
  const xs = f.local('f64');
  const ps = [p0, p1, p2, p3];
  const as = ps.map(() => acc(f));
  stream(f, n, o, (sc, off) => {
    const x = sc ? xs : xv;
    ld(f, pW, o, off, sc);
    f.e(op.set(x));
    ps.forEach((p, k) => {
      ld(f, p, o, off, sc);
      f.e(op.get(x), sc ? op.fmul : op.vmul);
      accAdd(f, as[k] as Acc, sc, off);
    });
  });
  as.forEach((a, k) => {
    f.e(op.get(pOut));
    accTotal(f, a);
    f.e(op.f64store(8 * k));
  });
  return f;
}

function genLocal2(): Fn {
  const f = new Fn('local2', ['i32', 'i32', 'i32', 'f64', 'f64', 'i32'], ['f64']);
  const [pW, pA, pB, a, b, n] = [0, 1, 2, 3, 4, 5] as const;
  const o = f.local('i32');
  const av = f.local('v128');
  const bv = f.local('v128');
  const xv = f.local('v128');
  const xs = f.local('f64');
  const q = acc(f);
  f.e(op.get(a), op.vsplat, op.set(av), op.get(b), op.vsplat, op.set(bv));
  stream(f, n, o, (sc, off) => {
    const x = sc ? xs : xv;
    ld(f, pW, o, off, sc);
    f.e(op.get(sc ? a : av));
    ld(f, pA, o, off, sc);
    f.e(sc ? op.fmul : op.vmul, sc ? fsub : vsub, op.get(sc ? b : bv));
    ld(f, pB, o, off, sc);
    f.e(sc ? op.fmul : op.vmul, sc ? fsub : vsub, op.set(x));
    addr(f, pW, o);
    f.e(op.get(x), sc ? op.f64store(0) : op.vstore(off));
    f.e(op.get(x), op.get(x), sc ? op.fmul : op.vmul);
    accAdd(f, q, sc, off);
  });
  accTotal(f, q);
  return f;
}

function genAxpy(): Fn {
  const f = new Fn('axpy', ['i32', 'i32', 'f64', 'i32']);
  const [pW, pA, a, n] = [0, 1, 2, 3] as const;
  const o = f.local('i32');
  const av = f.local('v128');
  f.e(op.get(a), op.vsplat, op.set(av));
  stream(f, n, o, (sc, off) => {
    addr(f, pW, o);
    ld(f, pW, o, off, sc);
    f.e(op.get(sc ? a : av));
    ld(f, pA, o, off, sc);
    f.e(sc ? op.fmul : op.vmul, sc ? op.fadd : op.vadd, sc ? op.f64store(0) : op.vstore(off));
  });
  return f;
}

function genAxpy4(): Fn {
  const f = new Fn('axpy4', ['i32', 'i32', 'i32', 'i32', 'i32', 'f64', 'f64', 'f64', 'f64', 'i32']);
  const [pW, p0, p1, p2, p3, c0, c1, c2, c3, n] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
  const o = f.local('i32');
  const ps = [p0, p1, p2, p3];
  const cs = [c0, c1, c2, c3];
  const cv = cs.map(() => f.local('v128'));
  cs.forEach((c, k) => f.e(op.get(c), op.vsplat, op.set(cv[k] as number)));
  stream(f, n, o, (sc, off) => {
    addr(f, pW, o);
    ld(f, pW, o, off, sc);
    ps.forEach((p, k) => {
      f.e(op.get(sc ? (cs[k] as number) : (cv[k] as number)));
      ld(f, p, o, off, sc);
      f.e(sc ? op.fmul : op.vmul, sc ? op.fadd : op.vadd);
    });
    f.e(sc ? op.f64store(0) : op.vstore(off));
  });
  return f;
}

function genScale(): Fn {
  const f = new Fn('scale', ['i32', 'i32', 'f64', 'i32']);
  const [pDst, pSrc, s, n] = [0, 1, 2, 3] as const;
  const o = f.local('i32');
  const sv = f.local('v128');
  f.e(op.get(s), op.vsplat, op.set(sv));
  stream(f, n, o, (sc, off) => {
    addr(f, pDst, o);
    ld(f, pSrc, o, off, sc);
    f.e(op.get(sc ? s : sv), sc ? op.fmul : op.vmul, sc ? op.f64store(0) : op.vstore(off));
  });
  return f;
}

// MAIN //

/** The exported kernels of one instance (see the module comment for the semantics). */
export interface WasmVec {
  readonly memory: WasmMemory;
  dot(pA: number, pB: number, n: number): number;
  sumsq(p: number, n: number): number;
  resid(pAx: number, pX: number, lambda: number, n: number): number;
  dot2(pA: number, pW: number, n: number, pOut: number): void;
  dot4(pW: number, p0: number, p1: number, p2: number, p3: number, n: number, pOut: number): void;
  local2(pW: number, pA: number, pB: number, a: number, b: number, n: number): number;
  axpy(pW: number, pA: number, a: number, n: number): void;
  axpy4(
    pW: number,
    p0: number,
    p1: number,
    p2: number,
    p3: number,
    c0: number,
    c1: number,
    c2: number,
    c3: number,
    n: number,
  ): void;
  scale(pDst: number, pSrc: number, s: number, n: number): void;
}

/** The compiled module (built once), or undefined where WebAssembly SIMD is unavailable. */
export const wasmVecModule: () => object | undefined = lazyModule(() =>
  encodeModule(
    [genDot(), genSumsq(), genResid(), genDot2(), genDot4(), genLocal2(), genAxpy(), genAxpy4(), genScale()],
    1,
  ),
);

/**
 * A fresh instance whose memory holds at least `doubles` Float64 values (sized once, never grown afterwards, so
 * Float64Array views over it stay valid), or undefined when wasm SIMD is unavailable or the size exceeds 2 GiB.
 */
export function createWasmVec(doubles: number): WasmVec | undefined {
  const mod = wasmVecModule();
  const bytes = doubles * 8;
  if (mod === undefined || WA === undefined || bytes > 2 ** 31 - 65536) return undefined;
  const { exports: ex, memory } = instantiateSized(mod, bytes);
  const fn = <K extends keyof WasmVec>(k: K): WasmVec[K] => ex[k] as WasmVec[K];
  return {
    memory,
    dot: fn('dot'),
    sumsq: fn('sumsq'),
    resid: fn('resid'),
    dot2: fn('dot2'),
    dot4: fn('dot4'),
    local2: fn('local2'),
    axpy: fn('axpy'),
    axpy4: fn('axpy4'),
    scale: fn('scale'),
  };
}
