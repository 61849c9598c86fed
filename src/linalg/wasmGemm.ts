/**
 * WebAssembly SIMD (f64x2) matrix kernels (used by the fused UFM pass, src/models/ufm.ts), generated here (no toolchain,
 * no binary blob): a ~100-line module encoder plus generators for two register-tiled kernels.
 *
 * Why: pure-JS scalar kernels top out near 3 GFLOP/s on this class of machine (STYLE.md §1.2), which leaves the
 * large issue-2 sizes at 0.1–0.2× NumPy. The same loops in wasm SIMD reach 8–15 GFLOP/s (measured: see the
 * report in ufm.ts), because each instruction does two lanes and the register tile stays in xmm registers.
 *
 * Kernels (all pointers are BYTE offsets into the module's memory, strides are in ELEMENTS, row-major):
 * - `nn(M, N, K, α, pA, sAi, sAp, pB, ldb, β, pX, ldx, pC, ldc)`:
 *   C ← α·Ã·B + β·X with Ã(i, p) = A[i·sAi + p·sAp] (so A or Aᵀ), B K×N (ldb), X and C M×N.
 *   X may be C (ordinary gemm) or another matrix (e.g. ∂f/∂H_blk = Wᵀ G_blk + λ_H H_blk in one pass); β = 0
 *   never reads X. Register tile: 4 (or 2, 1) rows × 4 columns (two f64x2 accumulators per row), B read as
 *   vectors, Ã entries broadcast with `v128.load64_splat`; column edges use one-vector and scalar tiles.
 * - `nt(M, N, K, α, pA, lda, pB, ldb, β, pC, ldc)`: C ← α·A·Bᵀ + β·C (A M×K, B N×K): a 2×4 tile of dot products
 *   with eight f64x2 accumulators along contiguous rows of A and B, lanes summed at the end, odd K by a scalar tail.
 * - `sumsq(p, n)`: Σ x² over n doubles (two-lane, two accumulators).
 * - `pack(rows, cols, pSrc, ldSrc, pDst)`: gathers a strided block into a contiguous one (`memory.copy` per row).
 *
 * Summation order differs from the JS kernels (pairwise lanes), so results agree with them to rounding only. Where
 * src/linalg/wasmFma.ts finds a fused relaxed madd, `nn` and `nt` accumulate with it (one rounding per term, ≈ 1.2–1.35×
 * faster); `sumsq` keeps mul + add.
 * `wasmGemmModule()` returns undefined where WebAssembly SIMD is unavailable; callers fall back to JS.
 *
 * @see src/linalg/gemm.ts for the scalar kernels with the same semantics
 */

import type { ValType } from './wasmEncode.ts';
import { encodeModule, F64_ZERO, Fn, instantiateSized, lazyModule, op, stepLoop, WA } from './wasmEncode.ts';
import type { WasmMemory } from './wasmEncode.ts';
import { wasmFma } from './wasmFma.ts';

// KERNEL GENERATORS //

interface NnLocals {
  N: number;
  K: number;
  alpha: number;
  pA: number;
  sAi: number;
  pB: number;
  beta: number;
  pX: number;
  ldx: number;
  pC: number;
  ldc: number;
  i0: number;
  j0: number;
  p: number;
  pb: number;
  sApB: number;
  ldbB: number;
}

/** One R×(2V or 1) tile of `nn` at (i0, j0): accumulate over the full depth, then C = α·acc + β·X. */
function nnTile(f: Fn, L: NnLocals, R: number, V: number, scalar: boolean, fma: boolean): void {
  const nv = scalar ? 1 : V;
  const t: ValType = scalar ? 'f64' : 'v128';
  const pa = Array.from({ length: R }, () => f.local('i32'));
  const acc = Array.from({ length: R }, () => Array.from({ length: nv }, () => f.local(t)));
  const bv = Array.from({ length: nv }, () => f.local(t));
  const av = f.local(t);
  for (let r = 0; r < R; r++) {
    f.e(
      op.get(L.pA),
      op.get(L.i0),
      op.i32(r),
      op.add,
      op.get(L.sAi),
      op.mul,
      op.i32(3),
      op.shl,
      op.add,
      op.set(pa[r] as number),
    );
    for (const a of acc[r] as number[]) f.e(scalar ? F64_ZERO : op.vzero, op.set(a));
  }
  f.e(op.get(L.pB), op.get(L.j0), op.i32(3), op.shl, op.add, op.set(L.pb));
  f.e(op.i32(0), op.set(L.p));
  f.e(op.block, op.get(L.K), op.eqz, op.brIf(0), op.loop);
  bv.forEach((b, v) => f.e(op.get(L.pb), scalar ? op.f64load(0) : op.vload(16 * v), op.set(b)));
  for (let r = 0; r < R; r++) {
    f.e(op.get(pa[r] as number), scalar ? op.f64load(0) : op.vsplatload(0), op.set(av));
    (acc[r] as number[]).forEach((a, v) => {
      if (fma && !scalar) f.e(op.get(av), op.get(bv[v] as number), op.get(a), op.vmadd, op.set(a));
      else
        f.e(
          op.get(a),
          op.get(av),
          op.get(bv[v] as number),
          scalar ? op.fmul : op.vmul,
          scalar ? op.fadd : op.vadd,
          op.set(a),
        );
    });
    f.e(op.get(pa[r] as number), op.get(L.sApB), op.add, op.set(pa[r] as number));
  }
  f.e(op.get(L.pb), op.get(L.ldbB), op.add, op.set(L.pb));
  f.e(op.get(L.p), op.i32(1), op.add, op.tee(L.p), op.get(L.K), op.lts, op.brIf(0), op.end, op.end);
  // Epilogue: row pointers once, then one branch on β for the whole tile.
  const pc = Array.from({ length: R }, () => f.local('i32'));
  const px = Array.from({ length: R }, () => f.local('i32'));
  for (let r = 0; r < R; r++) {
    f.e(
      op.get(L.pC),
      op.get(L.i0),
      op.i32(r),
      op.add,
      op.get(L.ldc),
      op.mul,
      op.get(L.j0),
      op.add,
      op.i32(3),
      op.shl,
      op.add,
      op.set(pc[r] as number),
    );
    f.e(
      op.get(L.pX),
      op.get(L.i0),
      op.i32(r),
      op.add,
      op.get(L.ldx),
      op.mul,
      op.get(L.j0),
      op.add,
      op.i32(3),
      op.shl,
      op.add,
      op.set(px[r] as number),
    );
  }
  const store = (withX: boolean): void => {
    for (let r = 0; r < R; r++) {
      (acc[r] as number[]).forEach((a, v) => {
        f.e(op.get(pc[r] as number));
        if (scalar) {
          f.e(op.get(a), op.get(L.alpha), op.fmul);
          if (withX) f.e(op.get(px[r] as number), op.f64load(0), op.get(L.beta), op.fmul, op.fadd);
          f.e(op.f64store(0));
        } else {
          f.e(op.get(a), op.get(L.alpha), op.vsplat, op.vmul);
          if (withX) f.e(op.get(px[r] as number), op.vload(16 * v), op.get(L.beta), op.vsplat, op.vmul, op.vadd);
          f.e(op.vstore(16 * v));
        }
      });
    }
  };
  f.e(op.get(L.beta), F64_ZERO, op.feq, op.ifVoid);
  store(false);
  f.e(op.else);
  store(true);
  f.e(op.end);
}

export function genNn(fma: boolean): Fn {
  const f = new Fn('nn', [
    'i32',
    'i32',
    'i32',
    'f64',
    'i32',
    'i32',
    'i32',
    'i32',
    'i32',
    'f64',
    'i32',
    'i32',
    'i32',
    'i32',
  ]);
  const [M, N, K, alpha, pA, sAi, sAp, pB, ldb, beta, pX, ldx, pC, ldc] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
  ] as const;
  const L: NnLocals = {
    N,
    K,
    alpha,
    pA,
    sAi,
    pB,
    beta,
    pX,
    ldx,
    pC,
    ldc,
    i0: f.local('i32'),
    j0: f.local('i32'),
    p: f.local('i32'),
    pb: f.local('i32'),
    sApB: f.local('i32'),
    ldbB: f.local('i32'),
  };
  f.e(op.get(sAp), op.i32(3), op.shl, op.set(L.sApB), op.get(ldb), op.i32(3), op.shl, op.set(L.ldbB));
  const columns = (R: number): void => {
    f.e(op.i32(0), op.set(L.j0));
    stepLoop(f, L.j0, N, 4, () => nnTile(f, L, R, 2, false, fma));
    stepLoop(f, L.j0, N, 2, () => nnTile(f, L, R, 1, false, fma));
    stepLoop(f, L.j0, N, 1, () => nnTile(f, L, R, 1, true, fma));
  };
  f.e(op.i32(0), op.set(L.i0));
  stepLoop(f, L.i0, M, 4, () => columns(4));
  stepLoop(f, L.i0, M, 2, () => columns(2));
  stepLoop(f, L.i0, M, 1, () => columns(1));
  return f;
}

interface NtLocals {
  K: number;
  alpha: number;
  pA: number;
  lda: number;
  pB: number;
  ldb: number;
  beta: number;
  pC: number;
  ldc: number;
  i0: number;
  j0: number;
  p: number;
  K2: number;
}

/** One R×S tile of `nt`: dot products along p with f64x2 accumulators, lanes summed, odd-K scalar tail. */
function ntTile(f: Fn, L: NtLocals, R: number, S: number, fma: boolean): void {
  const pa = Array.from({ length: R }, () => f.local('i32'));
  const pb = Array.from({ length: S }, () => f.local('i32'));
  const acc = Array.from({ length: R }, () => Array.from({ length: S }, () => f.local('v128')));
  const av = Array.from({ length: R }, () => f.local('v128'));
  const bv = f.local('v128');
  const sc = f.local('f64');
  for (let r = 0; r < R; r++) {
    f.e(
      op.get(L.pA),
      op.get(L.i0),
      op.i32(r),
      op.add,
      op.get(L.lda),
      op.mul,
      op.i32(3),
      op.shl,
      op.add,
      op.set(pa[r] as number),
    );
    for (const a of acc[r] as number[]) f.e(op.vzero, op.set(a));
  }
  for (let s = 0; s < S; s++) {
    f.e(
      op.get(L.pB),
      op.get(L.j0),
      op.i32(s),
      op.add,
      op.get(L.ldb),
      op.mul,
      op.i32(3),
      op.shl,
      op.add,
      op.set(pb[s] as number),
    );
  }
  f.e(op.i32(0), op.set(L.p));
  f.e(op.block, op.get(L.K2), op.eqz, op.brIf(0), op.loop);
  for (let r = 0; r < R; r++) f.e(op.get(pa[r] as number), op.get(L.p), op.add, op.vload(0), op.set(av[r] as number));
  for (let s = 0; s < S; s++) {
    f.e(op.get(pb[s] as number), op.get(L.p), op.add, op.vload(0), op.set(bv));
    for (let r = 0; r < R; r++) {
      const a = (acc[r] as number[])[s] as number;
      if (fma) f.e(op.get(av[r] as number), op.get(bv), op.get(a), op.vmadd, op.set(a));
      else f.e(op.get(a), op.get(av[r] as number), op.get(bv), op.vmul, op.vadd, op.set(a));
    }
  }
  f.e(
    op.get(L.p),
    op.i32(16),
    op.add,
    op.tee(L.p),
    op.get(L.K2),
    op.i32(3),
    op.shl,
    op.lts,
    op.brIf(0),
    op.end,
    op.end,
  );
  for (let r = 0; r < R; r++) {
    for (let s = 0; s < S; s++) {
      const a = (acc[r] as number[])[s] as number;
      f.e(op.get(a), op.lane(0), op.get(a), op.lane(1), op.fadd, op.set(sc));
      // odd K: sc += A[r, K−1]·B[s, K−1]
      f.e(
        op.get(L.K),
        op.get(L.K2),
        op.sub,
        op.ifVoid,
        op.get(sc),
        op.get(pa[r] as number),
        op.get(L.K2),
        op.i32(3),
        op.shl,
        op.add,
        op.f64load(0),
        op.get(pb[s] as number),
        op.get(L.K2),
        op.i32(3),
        op.shl,
        op.add,
        op.f64load(0),
        op.fmul,
        op.fadd,
        op.set(sc),
        op.end,
      );
      const addr = (): void => {
        f.e(
          op.get(L.pC),
          op.get(L.i0),
          op.i32(r),
          op.add,
          op.get(L.ldc),
          op.mul,
          op.get(L.j0),
          op.add,
          op.i32(s),
          op.add,
          op.i32(3),
          op.shl,
          op.add,
        );
      };
      addr();
      f.e(op.get(sc), op.get(L.alpha), op.fmul);
      f.e(op.get(L.beta), F64_ZERO, op.feq, op.ifF64, F64_ZERO, op.else);
      addr();
      f.e(op.f64load(0), op.get(L.beta), op.fmul, op.end, op.fadd, op.f64store(0));
    }
  }
}

function genNt(fma: boolean): Fn {
  const f = new Fn('nt', ['i32', 'i32', 'i32', 'f64', 'i32', 'i32', 'i32', 'i32', 'f64', 'i32', 'i32']);
  const [M, N, K, alpha, pA, lda, pB, ldb, beta, pC, ldc] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
  const L: NtLocals = {
    K,
    alpha,
    pA,
    lda,
    pB,
    ldb,
    beta,
    pC,
    ldc,
    i0: f.local('i32'),
    j0: f.local('i32'),
    p: f.local('i32'),
    K2: f.local('i32'),
  };
  f.e(op.get(K), op.i32(-2), op.and, op.set(L.K2));
  // columns of C (rows of B) outermost, so a 4-row panel of B is reused by every row tile of A
  const rows = (S: number): void => {
    f.e(op.i32(0), op.set(L.i0));
    stepLoop(f, L.i0, M, 2, () => ntTile(f, L, 2, S, fma));
    stepLoop(f, L.i0, M, 1, () => ntTile(f, L, 1, S, fma));
  };
  f.e(op.i32(0), op.set(L.j0));
  stepLoop(f, L.j0, N, 4, () => rows(4));
  stepLoop(f, L.j0, N, 1, () => rows(1));
  return f;
}

function genSumsq(): Fn {
  const f = new Fn('sumsq', ['i32', 'i32'], ['f64']);
  const [p, n] = [0, 1] as const;
  const end = f.local('i32');
  const a0 = f.local('v128');
  const a1 = f.local('v128');
  const x = f.local('v128');
  const s = f.local('f64');
  f.e(op.vzero, op.set(a0), op.vzero, op.set(a1));
  // end of the 4-element-aligned part
  f.e(op.get(p), op.get(n), op.i32(-4), op.and, op.i32(3), op.shl, op.add, op.set(end));
  f.e(op.block, op.get(p), op.get(end), op.lts, op.eqz, op.brIf(0), op.loop);
  f.e(op.get(p), op.vload(0), op.tee(x), op.get(x), op.vmul, op.get(a0), op.vadd, op.set(a0));
  f.e(op.get(p), op.vload(16), op.tee(x), op.get(x), op.vmul, op.get(a1), op.vadd, op.set(a1));
  f.e(op.get(p), op.i32(32), op.add, op.tee(p), op.get(end), op.lts, op.brIf(0), op.end, op.end);
  f.e(op.get(a0), op.get(a1), op.vadd, op.tee(x), op.lane(0), op.get(x), op.lane(1), op.fadd, op.set(s));
  // tail: n mod 4 elements
  f.e(op.get(n), op.i32(3), op.and, op.i32(3), op.shl, op.get(end), op.add, op.set(end));
  f.e(op.block, op.get(p), op.get(end), op.lts, op.eqz, op.brIf(0), op.loop);
  f.e(op.get(s), op.get(p), op.f64load(0), op.get(p), op.f64load(0), op.fmul, op.fadd, op.set(s));
  f.e(op.get(p), op.i32(8), op.add, op.tee(p), op.get(end), op.lts, op.brIf(0), op.end, op.end);
  f.e(op.get(s));
  return f;
}

function genPack(): Fn {
  // pack(rows, cols, pSrc, ldSrc, pDst): copies a rows×cols block (source row stride ldSrc) to a packed rows×cols block
  const f = new Fn('pack', ['i32', 'i32', 'i32', 'i32', 'i32']);
  const [rows, cols, pSrc, ldSrc, pDst] = [0, 1, 2, 3, 4] as const;
  const r = f.local('i32');
  const bytes = f.local('i32');
  const srcStep = f.local('i32');
  f.e(op.get(cols), op.i32(3), op.shl, op.set(bytes), op.get(ldSrc), op.i32(3), op.shl, op.set(srcStep));
  f.e(op.i32(0), op.set(r));
  f.e(op.block, op.get(rows), op.eqz, op.brIf(0), op.loop);
  f.e(op.get(pDst), op.get(pSrc), op.get(bytes), op.memcopy);
  f.e(op.get(pDst), op.get(bytes), op.add, op.set(pDst), op.get(pSrc), op.get(srcStep), op.add, op.set(pSrc));
  f.e(op.get(r), op.i32(1), op.add, op.tee(r), op.get(rows), op.lts, op.brIf(0), op.end, op.end);
  return f;
}

// MAIN //

/** The exported kernels of one instance (see the module comment for the signatures). */
export interface WasmGemm {
  readonly memory: WasmMemory;
  nn(
    M: number,
    N: number,
    K: number,
    alpha: number,
    pA: number,
    sAi: number,
    sAp: number,
    pB: number,
    ldb: number,
    beta: number,
    pX: number,
    ldx: number,
    pC: number,
    ldc: number,
  ): void;
  nt(
    M: number,
    N: number,
    K: number,
    alpha: number,
    pA: number,
    lda: number,
    pB: number,
    ldb: number,
    beta: number,
    pC: number,
    ldc: number,
  ): void;
  sumsq(p: number, n: number): number;
  /** Copies a rows×cols block with source row stride ldSrc (elements) to a packed block at pDst. */
  pack(rows: number, cols: number, pSrc: number, ldSrc: number, pDst: number): void;
}

/** The kernel module's bytes, with the products' accumulation as relaxed madd (`fma`) or as mul + add. */
export function wasmGemmBytes(fma: boolean): Uint8Array {
  return encodeModule([genNn(fma), genNt(fma), genSumsq(), genPack()], 1);
}

/**
 * The compiled kernel module (built once, with relaxed madd where wasmFma.ts allows it), or undefined when
 * WebAssembly SIMD is unavailable.
 */
export const wasmGemmModule: () => object | undefined = lazyModule(() => wasmGemmBytes(wasmFma()));

/**
 * A fresh kernel instance whose memory holds at least `doubles` Float64 values, or undefined when wasm SIMD is
 * unavailable or the size exceeds 2 GiB. `mod` defaults to {@link wasmGemmModule} (tests and benches pass
 * either variant, `compileModule(wasmGemmBytes(fma))`). The memory is sized once here and never grows afterwards,
 * so Float64Array views over it stay valid.
 */
export function createWasmGemm(doubles: number, mod: object | undefined = wasmGemmModule()): WasmGemm | undefined {
  const bytes = doubles * 8;
  if (mod === undefined || WA === undefined || bytes > 2 ** 31) return undefined;
  const { exports: ex, memory } = instantiateSized(mod, bytes);
  return {
    memory,
    nn: ex['nn'] as WasmGemm['nn'],
    nt: ex['nt'] as WasmGemm['nt'],
    sumsq: ex['sumsq'] as WasmGemm['sumsq'],
    pack: ex['pack'] as WasmGemm['pack'],
  };
}
