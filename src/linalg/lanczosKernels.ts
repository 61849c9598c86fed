/**
 * The long-vector kernels of Lanczos (src/linalg/lanczos.ts) over element offsets into one workspace buffer `F`:
 * WebAssembly SIMD (F is a view of the module memory, src/linalg/wasmVec.ts) or scalar JS (the fallback where wasm
 * SIMD is missing). The workspace is kept between calls: at dim 10⁵ the basis is 33 MB, and a fresh Float64Array of
 * that size is zero pages whose first writes fault (measured ~0.3 ms per basis vector, a fifth of a
 * Hessian-vector product).
 *
 * Semantics (n elements from each offset; offsets and lengths in elements):
 * dot(a, b) = aᵀb; sumsq(a) = ‖a‖²; resid(ax, x, λ) = ‖ax − λx‖²; dot2(a, w) → out = [aᵀw, ‖w‖²];
 * dot4(w, v₀..v₃) → out = [v_qᵀw]; local2(w, a, b, α, β): w ← (w − α a) − β b, returns ‖w‖²;
 * axpy(w, a, c): w ← w + c a; axpy4(w, v₀..v₃, c₀..c₃): w ← (((w + c₀v₀) + c₁v₁) + c₂v₂) + c₃v₃; scale(d, s, c): d ← c s.
 */
import { createWasmVec } from './wasmVec.ts';

export interface VecKernels {
  /** The workspace (length ≥ the size asked for). */
  readonly F: Float64Array;
  dot(a: number, b: number, n: number): number;
  sumsq(a: number, n: number): number;
  resid(ax: number, x: number, lambda: number, n: number): number;
  dot2(a: number, w: number, n: number, out: Float64Array): void;
  dot4(w: number, v0: number, v1: number, v2: number, v3: number, n: number, out: Float64Array): void;
  local2(w: number, a: number, b: number, alpha: number, beta: number, n: number): number;
  axpy(w: number, a: number, c: number, n: number): void;
  axpy4(
    w: number,
    v0: number,
    v1: number,
    v2: number,
    v3: number,
    c0: number,
    c1: number,
    c2: number,
    c3: number,
    n: number,
  ): void;
  scale(dst: number, src: number, c: number, n: number): void;
}

/** Scalar JS kernels on a plain Float64Array. */
function jsKernels(F: Float64Array): VecKernels {
  return {
    F,
    dot(a, b, n): number {
      let s0 = 0,
        s1 = 0;
      let r = 0;
      for (; r + 1 < n; r += 2) {
        s0 += (F[a + r] as number) * (F[b + r] as number);
        s1 += (F[a + r + 1] as number) * (F[b + r + 1] as number);
      }
      if (r < n) s0 += (F[a + r] as number) * (F[b + r] as number);
      return s0 + s1;
    },
    sumsq(a, n): number {
      let s0 = 0,
        s1 = 0;
      let r = 0;
      for (; r + 1 < n; r += 2) {
        s0 += (F[a + r] as number) ** 2;
        s1 += (F[a + r + 1] as number) ** 2;
      }
      if (r < n) s0 += (F[a + r] as number) ** 2;
      return s0 + s1;
    },
    resid(ax, x, lambda, n): number {
      let s = 0;
      for (let r = 0; r < n; r++) {
        const d = (F[ax + r] as number) - lambda * (F[x + r] as number);
        s += d * d;
      }
      return s;
    },
    dot2(a, w, n, out): void {
      let s = 0,
        q = 0;
      for (let r = 0; r < n; r++) {
        const x = F[w + r] as number;
        s += (F[a + r] as number) * x;
        q += x * x;
      }
      out[0] = s;
      out[1] = q;
    },
    dot4(w, v0, v1, v2, v3, n, out): void {
      let a = 0,
        b = 0,
        c = 0,
        d = 0;
      for (let r = 0; r < n; r++) {
        const x = F[w + r] as number;
        a += (F[v0 + r] as number) * x;
        b += (F[v1 + r] as number) * x;
        c += (F[v2 + r] as number) * x;
        d += (F[v3 + r] as number) * x;
      }
      out[0] = a;
      out[1] = b;
      out[2] = c;
      out[3] = d;
    },
    local2(w, a, b, alpha, beta, n): number {
      let q = 0;
      for (let r = 0; r < n; r++) {
        const x = (F[w + r] as number) - alpha * (F[a + r] as number) - beta * (F[b + r] as number);
        F[w + r] = x;
        q += x * x;
      }
      return q;
    },
    axpy(w, a, c, n): void {
      for (let r = 0; r < n; r++) F[w + r] = (F[w + r] as number) + c * (F[a + r] as number);
    },
    axpy4(w, v0, v1, v2, v3, c0, c1, c2, c3, n): void {
      for (let r = 0; r < n; r++) {
        F[w + r] =
          (F[w + r] as number) +
          c0 * (F[v0 + r] as number) +
          c1 * (F[v1 + r] as number) +
          c2 * (F[v2 + r] as number) +
          c3 * (F[v3 + r] as number);
      }
    },
    scale(dst, src, c, n): void {
      for (let r = 0; r < n; r++) F[dst + r] = c * (F[src + r] as number);
    },
  };
}

/** WebAssembly SIMD kernels; 4 doubles past `size` hold the outputs of dot2/dot4. */
function wasmKernels(size: number): VecKernels | undefined {
  const k = createWasmVec(size + 4);
  if (k === undefined) return undefined;
  const F = new Float64Array(k.memory.buffer, 0, size);
  const all = new Float64Array(k.memory.buffer, 0, size + 4);
  const pOut = 8 * size;
  return {
    F,
    dot: (a, b, n) => k.dot(8 * a, 8 * b, n),
    sumsq: (a, n) => k.sumsq(8 * a, n),
    resid: (ax, x, lambda, n) => k.resid(8 * ax, 8 * x, lambda, n),
    dot2(a, w, n, out): void {
      k.dot2(8 * a, 8 * w, n, pOut);
      out[0] = all[size] as number;
      out[1] = all[size + 1] as number;
    },
    dot4(w, v0, v1, v2, v3, n, out): void {
      k.dot4(8 * w, 8 * v0, 8 * v1, 8 * v2, 8 * v3, n, pOut);
      for (let q = 0; q < 4; q++) out[q] = all[size + q] as number;
    },
    local2: (w, a, b, alpha, beta, n) => k.local2(8 * w, 8 * a, 8 * b, alpha, beta, n),
    axpy: (w, a, c, n) => k.axpy(8 * w, 8 * a, c, n),
    axpy4: (w, v0, v1, v2, v3, c0, c1, c2, c3, n) => k.axpy4(8 * w, 8 * v0, 8 * v1, 8 * v2, 8 * v3, c0, c1, c2, c3, n),
    scale: (dst, src, c, n) => k.scale(8 * dst, 8 * src, c, n),
  };
}

// WORKSPACE //

/** Largest workspace kept between calls (doubles): 64 MB, e.g. dim 1.5·10⁶ at the default basis of 40. */
const KEEP_MAX = 2 ** 23;
let kept: VecKernels | undefined;
let keptBusy = false;

/**
 * Kernels over a fresh workspace of `size` doubles: WebAssembly SIMD ('wasm', falls back to 'js' where wasm SIMD
 * is missing) or scalar JS.
 */
export function createVecKernels(size: number, engine: 'wasm' | 'js' = 'wasm'): VecKernels {
  return (engine === 'wasm' ? wasmKernels(size) : undefined) ?? jsKernels(new Float64Array(size));
}

function create(size: number): VecKernels {
  return createVecKernels(size, 'wasm');
}

/**
 * Kernels over a workspace of at least `size` doubles, contents unspecified: the kept one when it is free and
 * large enough (else a fresh one, kept when ≤ 64 MB). Re-entrant calls get a fresh workspace. Pair with
 * {@link releaseKernels}.
 */
export function acquireKernels(size: number): VecKernels {
  if (keptBusy || size > KEEP_MAX) return create(size);
  if (kept === undefined || kept.F.length < size) kept = create(size);
  keptBusy = true;
  return kept;
}

/** Returns a workspace from {@link acquireKernels}. */
export function releaseKernels(k: VecKernels): void {
  if (k === kept) keptBusy = false;
}
