/**
 * The vector passes of Steihaug–Toint truncated CG (Nocedal & Wright, Numerical Optimization, 2nd ed., Alg. 7.2;
 * used by src/solvers/trustRegion.ts), fused so that one CG iteration makes three passes over its long vectors
 * besides the Hessian-vector product, on one flat "heap" of doubles: WebAssembly SIMD (f64x2) kernels generated
 * with wasmEncode.ts (the heap is the module memory) or the same passes as scalar JS loops (plain Float64Array).
 *
 * Why (issue 13 item 4): at dim 2.56·10⁶ ((K,d,n) = (10,512,500)) the scalar JS passes were half of a full-space
 * Newton solve (profile: ~37 ms per CG iteration against ~32 ms for the HVP itself); their loops were bound by
 * scalar instructions (four dependent accumulators, bounds checks), not by memory.
 *
 * All offsets are in ELEMENTS (the wasm wrappers convert to bytes), lengths in elements. Reductions of the wasm
 * kernels keep two f64x2 accumulators plus a scalar tail (summation order differs from the JS loops, which sum in
 * index order with one accumulator per quantity; results agree to rounding and are deterministic).
 * - `curv(oD, oHd, n)` → dᵀHd
 * - `step(oP, oR, oD, oHd, α, n, out)`: p ← p + αd, r ← r + αHd; out = [pᵀp, rᵀr, pᵀr, pᵀd] (new p, r; d unchanged)
 * - `direction(oD, oR, β, n)` → ‖d‖² after d ← −r + βd
 * - `dots2(oX, oA, oB, n, out)`: out = [xᵀa, xᵀb]
 * - `sumsq(o, n)` → ‖x‖²;  `add(oOut, oX, oY, n)`: out ← x + y;  `scale(oDst, oSrc, s, n)`: dst ← s·src
 */
import { encodeModule, Fn, instantiateSized, lazyModule, op, WA } from './wasmEncode.ts';
import type { WasmMemory } from './wasmEncode.ts';
import { acc, accLocal, accTotal, ld, stream } from './wasmStream.ts';
import type { Acc } from './wasmStream.ts';

// TYPES //

/** The CG passes over one heap (see the module doc). `out` arrays receive the reductions. */
export interface CgKernels {
  readonly engine: 'wasm' | 'js';
  /** The heap (for 'wasm' a view of the module memory, valid for the kernels' lifetime). */
  readonly f64: Float64Array;
  curv(oD: number, oHd: number, n: number): number;
  step(oP: number, oR: number, oD: number, oHd: number, alpha: number, n: number, out: Float64Array): void;
  direction(oD: number, oR: number, beta: number, n: number): number;
  dots2(oX: number, oA: number, oB: number, n: number, out: Float64Array): void;
  sumsq(o: number, n: number): number;
  add(oOut: number, oX: number, oY: number, n: number): void;
  scale(oDst: number, oSrc: number, s: number, n: number): void;
}

// JS KERNELS //

/** The passes as scalar loops over a plain Float64Array (the reference, and the fallback without wasm SIMD). */
export function jsCgKernels(size: number): CgKernels {
  const F = new Float64Array(size);
  return {
    engine: 'js',
    f64: F,
    curv(oD, oHd, n) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (F[oD + i] as number) * (F[oHd + i] as number);
      return s;
    },
    step(oP, oR, oD, oHd, alpha, n, out) {
      let pp = 0,
        rr = 0,
        pr = 0,
        pd = 0;
      for (let i = 0; i < n; i++) {
        const di = F[oD + i] as number;
        const pi = (F[oP + i] as number) + alpha * di;
        const ri = (F[oR + i] as number) + alpha * (F[oHd + i] as number);
        F[oP + i] = pi;
        F[oR + i] = ri;
        pp += pi * pi;
        rr += ri * ri;
        pr += pi * ri;
        pd += pi * di;
      }
      out[0] = pp;
      out[1] = rr;
      out[2] = pr;
      out[3] = pd;
    },
    direction(oD, oR, beta, n) {
      let dd = 0;
      for (let i = 0; i < n; i++) {
        const di = -(F[oR + i] as number) + beta * (F[oD + i] as number);
        F[oD + i] = di;
        dd += di * di;
      }
      return dd;
    },
    dots2(oX, oA, oB, n, out) {
      let s = 0,
        t = 0;
      for (let i = 0; i < n; i++) {
        const xi = F[oX + i] as number;
        s += xi * (F[oA + i] as number);
        t += xi * (F[oB + i] as number);
      }
      out[0] = s;
      out[1] = t;
    },
    sumsq(o, n) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (F[o + i] as number) * (F[o + i] as number);
      return s;
    },
    add(oOut, oX, oY, n) {
      for (let i = 0; i < n; i++) F[oOut + i] = (F[oX + i] as number) + (F[oY + i] as number);
    },
    scale(oDst, oSrc, s, n) {
      for (let i = 0; i < n; i++) F[oDst + i] = s * (F[oSrc + i] as number);
    },
  };
}

// WASM GENERATORS //

const vneg = [0xfd, 0xed, 0x01];
const fneg = [0x9a];

/** Stores the local `v` at (p + o + off). */
function st(f: Fn, p: number, o: number, off: number, sc: boolean, v: number): void {
  f.e(op.get(p), op.get(o), op.add, op.get(v), sc ? op.f64store(0) : op.vstore(off));
}

/** acc += x·y for locals x, y of the body's kind. */
function accMul(f: Fn, a: Acc, sc: boolean, off: number, x: number, y: number): void {
  const l = accLocal(a, sc, off);
  f.e(op.get(l), op.get(x), op.get(y), sc ? op.fmul : op.vmul, sc ? op.fadd : op.vadd, op.set(l));
}

/** Stores accumulator totals at out[0..] (pOut a byte pointer). */
function storeTotals(f: Fn, pOut: number, as: readonly Acc[]): void {
  as.forEach((a, k) => {
    f.e(op.get(pOut));
    accTotal(f, a);
    f.e(op.f64store(8 * k));
  });
}

/** Two temporaries per kind (v128 for the SIMD body, f64 for the tail). */
function temps(f: Fn, count: number): { v: number[]; s: number[] } {
  const v: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < count; i++) v.push(f.local('v128'));
  for (let i = 0; i < count; i++) s.push(f.local('f64'));
  return { v, s };
}

function genCurv(): Fn {
  const f = new Fn('curv', ['i32', 'i32', 'i32'], ['f64']);
  const [pD, pHd, n] = [0, 1, 2] as const;
  const o = f.local('i32');
  const t = temps(f, 2);
  const a = acc(f);
  stream(f, n, o, (sc, off) => {
    const [x, y] = (sc ? t.s : t.v) as [number, number];
    ld(f, pD, o, off, sc);
    f.e(op.set(x));
    ld(f, pHd, o, off, sc);
    f.e(op.set(y));
    accMul(f, a, sc, off, x, y);
  });
  accTotal(f, a);
  return f;
}

function genStep(): Fn {
  const f = new Fn('step', ['i32', 'i32', 'i32', 'i32', 'f64', 'i32', 'i32']);
  const [pP, pR, pD, pHd, alpha, n, pOut] = [0, 1, 2, 3, 4, 5, 6] as const;
  const o = f.local('i32');
  const av = f.local('v128');
  const t = temps(f, 3);
  const [pp, rr, pr, pd] = [acc(f), acc(f), acc(f), acc(f)];
  f.e(op.get(alpha), op.vsplat, op.set(av));
  stream(f, n, o, (sc, off) => {
    const [di, pi, ri] = (sc ? t.s : t.v) as [number, number, number];
    const mul = sc ? op.fmul : op.vmul;
    const add = sc ? op.fadd : op.vadd;
    const a = sc ? alpha : av;
    ld(f, pD, o, off, sc);
    f.e(op.set(di));
    ld(f, pP, o, off, sc);
    f.e(op.get(a), op.get(di), mul, add, op.set(pi));
    ld(f, pR, o, off, sc);
    f.e(op.get(a));
    ld(f, pHd, o, off, sc);
    f.e(mul, add, op.set(ri));
    st(f, pP, o, off, sc, pi);
    st(f, pR, o, off, sc, ri);
    accMul(f, pp, sc, off, pi, pi);
    accMul(f, rr, sc, off, ri, ri);
    accMul(f, pr, sc, off, pi, ri);
    accMul(f, pd, sc, off, pi, di);
  });
  storeTotals(f, pOut, [pp, rr, pr, pd]);
  return f;
}

function genDirection(): Fn {
  const f = new Fn('direction', ['i32', 'i32', 'f64', 'i32'], ['f64']);
  const [pD, pR, beta, n] = [0, 1, 2, 3] as const;
  const o = f.local('i32');
  const bv = f.local('v128');
  const t = temps(f, 1);
  const a = acc(f);
  f.e(op.get(beta), op.vsplat, op.set(bv));
  stream(f, n, o, (sc, off) => {
    const [di] = (sc ? t.s : t.v) as [number];
    ld(f, pR, o, off, sc);
    f.e(sc ? fneg : vneg, op.get(sc ? beta : bv));
    ld(f, pD, o, off, sc);
    f.e(sc ? op.fmul : op.vmul, sc ? op.fadd : op.vadd, op.set(di));
    st(f, pD, o, off, sc, di);
    accMul(f, a, sc, off, di, di);
  });
  accTotal(f, a);
  return f;
}

function genDots2(): Fn {
  const f = new Fn('dots2', ['i32', 'i32', 'i32', 'i32', 'i32']);
  const [pX, pA, pB, n, pOut] = [0, 1, 2, 3, 4] as const;
  const o = f.local('i32');
  const t = temps(f, 3);
  const [s1, s2] = [acc(f), acc(f)];
  stream(f, n, o, (sc, off) => {
    const [x, y, z] = (sc ? t.s : t.v) as [number, number, number];
    ld(f, pX, o, off, sc);
    f.e(op.set(x));
    ld(f, pA, o, off, sc);
    f.e(op.set(y));
    ld(f, pB, o, off, sc);
    f.e(op.set(z));
    accMul(f, s1, sc, off, x, y);
    accMul(f, s2, sc, off, x, z);
  });
  storeTotals(f, pOut, [s1, s2]);
  return f;
}

function genSumsq(): Fn {
  const f = new Fn('sumsq', ['i32', 'i32'], ['f64']);
  const [p, n] = [0, 1] as const;
  const o = f.local('i32');
  const t = temps(f, 1);
  const a = acc(f);
  stream(f, n, o, (sc, off) => {
    const [x] = (sc ? t.s : t.v) as [number];
    ld(f, p, o, off, sc);
    f.e(op.set(x));
    accMul(f, a, sc, off, x, x);
  });
  accTotal(f, a);
  return f;
}

function genAdd(): Fn {
  const f = new Fn('add', ['i32', 'i32', 'i32', 'i32']);
  const [pOut, pX, pY, n] = [0, 1, 2, 3] as const;
  const o = f.local('i32');
  const t = temps(f, 1);
  stream(f, n, o, (sc, off) => {
    const [x] = (sc ? t.s : t.v) as [number];
    ld(f, pX, o, off, sc);
    ld(f, pY, o, off, sc);
    f.e(sc ? op.fadd : op.vadd, op.set(x));
    st(f, pOut, o, off, sc, x);
  });
  return f;
}

function genScale(): Fn {
  const f = new Fn('scale', ['i32', 'i32', 'f64', 'i32']);
  const [pDst, pSrc, s, n] = [0, 1, 2, 3] as const;
  const o = f.local('i32');
  const sv = f.local('v128');
  const t = temps(f, 1);
  f.e(op.get(s), op.vsplat, op.set(sv));
  stream(f, n, o, (sc, off) => {
    const [x] = (sc ? t.s : t.v) as [number];
    f.e(op.get(sc ? s : sv));
    ld(f, pSrc, o, off, sc);
    f.e(sc ? op.fmul : op.vmul, op.set(x));
    st(f, pDst, o, off, sc, x);
  });
  return f;
}

// MAIN //

/** The raw exports (byte pointers). */
interface CgExports {
  curv(pD: number, pHd: number, n: number): number;
  step(pP: number, pR: number, pD: number, pHd: number, alpha: number, n: number, pOut: number): void;
  direction(pD: number, pR: number, beta: number, n: number): number;
  dots2(pX: number, pA: number, pB: number, n: number, pOut: number): void;
  sumsq(p: number, n: number): number;
  add(pOut: number, pX: number, pY: number, n: number): void;
  scale(pDst: number, pSrc: number, s: number, n: number): void;
}

const cgFns = (): Fn[] => [genCurv(), genStep(), genDirection(), genDots2(), genSumsq(), genAdd(), genScale()];

/** The compiled module (built once), or undefined where WebAssembly SIMD is unavailable. */
export const wasmCgModule: () => object | undefined = lazyModule(() => encodeModule(cgFns(), 1));

/** The same kernels as a module that imports its memory (`env.mem`), to run over another module's memory. */
const wasmCgModuleOnMemory: () => object | undefined = lazyModule(() =>
  encodeModule(cgFns(), 1, { importMemory: true }),
);

/**
 * The wrappers of an instance `k` whose heap is the `size` doubles at element offset `base` of `memory`, with 4
 * doubles of reduction scratch after them. Offsets passed to the kernels are relative to `base`.
 */
function cgOver(k: CgExports, memory: WasmMemory, base: number, size: number): CgKernels {
  const F = new Float64Array(memory.buffer, 8 * base, size + 4);
  const b = 8 * base;
  const pOut = b + 8 * size;
  const copyOut = (out: Float64Array, m: number): void => {
    for (let i = 0; i < m; i++) out[i] = F[size + i] as number;
  };
  return {
    engine: 'wasm',
    f64: F.subarray(0, size),
    curv: (oD, oHd, n) => k.curv(b + 8 * oD, b + 8 * oHd, n),
    step: (oP, oR, oD, oHd, alpha, n, out) => {
      k.step(b + 8 * oP, b + 8 * oR, b + 8 * oD, b + 8 * oHd, alpha, n, pOut);
      copyOut(out, 4);
    },
    direction: (oD, oR, beta, n) => k.direction(b + 8 * oD, b + 8 * oR, beta, n),
    dots2: (oX, oA, oB, n, out) => {
      k.dots2(b + 8 * oX, b + 8 * oA, b + 8 * oB, n, pOut);
      copyOut(out, 2);
    },
    sumsq: (o, n) => k.sumsq(b + 8 * o, n),
    add: (oOut, oX, oY, n) => k.add(b + 8 * oOut, b + 8 * oX, b + 8 * oY, n),
    scale: (oDst, oSrc, s, n) => k.scale(b + 8 * oDst, b + 8 * oSrc, s, n),
  };
}

/**
 * The CG passes over a fresh WebAssembly memory of at least `size` doubles (plus 4 doubles of reduction scratch at
 * the end), or undefined where wasm SIMD is unavailable or the memory would exceed 2 GiB. The memory is sized once
 * and never grown, so `f64` stays valid.
 */
export function wasmCgKernels(size: number): CgKernels | undefined {
  const mod = wasmCgModule();
  const bytes = (size + 4) * 8;
  if (mod === undefined || WA === undefined || bytes > 2 ** 31 - 65536) return undefined;
  const { exports: ex, memory } = instantiateSized(mod, bytes);
  return cgOver(ex as unknown as CgExports, memory, 0, size);
}

/**
 * The CG passes over the `size` doubles at element offset `base` of an existing WebAssembly `memory` (plus 4
 * doubles of reduction scratch after them), e.g. a region a model reserved in its own heap so that its Hessian
 * operators read the solver's vectors in place (src/models/ufm.ts, `vectorWorkspace`). Undefined where wasm SIMD
 * is unavailable. The memory must hold [base, base + size + 4) and must not grow while the kernels are used.
 * @throws RangeError if the region does not fit in the memory
 */
export function wasmCgKernelsOn(memory: WasmMemory, base: number, size: number): CgKernels | undefined {
  if (!Number.isInteger(base) || base < 0 || 8 * (base + size + 4) > memory.buffer.byteLength) {
    throw new RangeError(`the CG region [${base}, ${base + size + 4}) does not fit in the memory`);
  }
  const mod = wasmCgModuleOnMemory();
  if (mod === undefined || WA === undefined) return undefined;
  const ex = new WA.Instance(mod, { env: { mem: memory } }).exports;
  return cgOver(ex as unknown as CgExports, memory, base, size);
}

/**
 * CG kernels over a heap of `size` doubles: WebAssembly SIMD when available and `size` ≥ `wasmMin` (a module
 * instance costs more than the passes it saves on short vectors), else the JS loops.
 */
export function cgKernels(size: number, wasmMin = 1 << 18): CgKernels {
  return (size >= wasmMin ? wasmCgKernels(size) : undefined) ?? jsCgKernels(size);
}
