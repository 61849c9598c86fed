/**
 * The plain UFM objective over θ = [W | H | b] (THEORY.md §0.1):
 *
 *     f(W, H, b) = g(W H + b 1ᵀ) + (λ_W/2)‖W‖² + (λ_H/2)‖H‖² + (λ_b/2)‖b‖²,   g(Z) = (1/N) Σ_j ℓ(Z[:,j], y_j),
 *
 * with N = Σ_k n_k (balanced or imbalanced counts, class-major columns) and three bias modes: none (b ≡ 0, the
 * variable is absent), learned with λ_b = 0, learned with λ_b > 0.
 *
 * Exact derivatives (THEORY.md §0.2), with G = ∇g(Z) (K×N, includes 1/N):
 *
 *     ∂f/∂W = G Hᵀ + λ_W W,   ∂f/∂H = Wᵀ G + λ_H H,   ∂f/∂b = G 1 + λ_b b,
 *
 * and in a direction (ΔW, ΔH, Δb): ΔZ = ΔW H + W ΔH + Δb 1ᵀ, ΔG = ∇²g(Z)[ΔZ] (block-diagonal by column),
 *
 *     ∇²f[Δ] = ( ΔG Hᵀ + G ΔHᵀ + λ_W ΔW,  ΔWᵀ G + Wᵀ ΔG + λ_H ΔH,  ΔG 1 + λ_b Δb ).
 *
 * Speed (issue 2). For losses with column kernels (built-in CE and MSE specialised in ufmBlockLoss.ts, any
 * `columnLoss` plug-in through its kernels) every evaluation is ONE fused pass over H in blocks of `blockCols`
 * columns: pack H_blk (d×nb, contiguous), Z_blk = W H_blk + b 1ᵀ, the column loss → G_blk, then
 * gW += G_blk H_blkᵀ, gH_blk = Wᵀ G_blk + λ_H H_blk (one kernel call) and gb += G_blk 1, all while the block is
 * in cache. θ, the gradient and the scratch blocks live in one heap (ufmHeap.ts) allocated once per objective;
 * the products run on WebAssembly SIMD kernels generated in src/linalg/wasmGemm.ts (engine 'wasm', default) or on the
 * scalar kernels of src/linalg/gemm.ts (engine 'js', also the fallback where wasm SIMD is missing). Per call θ
 * is copied in and ∇f out (2·dim doubles, memcpy). The Hessian operator stores G (and the softmax P for CE)
 * once in `hessianAt`, in a heap of its own; each `apply` is one fused pass with five products per block and
 * allocates nothing. A LogitLoss without column kernels takes the generic, unfused path through its own
 * `valueAndGrad`/`hvp` on the full K×N logits with the JS kernels (equal to the fused path to rounding; pinned
 * by unit tests). Flops: 6·K·d·N per gradient, 12·K·d·N per HVP.
 *
 * Measured (CE value+gradient, one thread, loaded 2-core EPYC, CPU time; NumPy one-thread figures from issue 2):
 * (K,d,n) = (4,20,10) 0.010 ms, (10,20,100) 0.43 ms, (10,512,500) 26–30 ms, (100,512,100) 340–400 ms, i.e.
 * 4.6×, 1.9×, 0.7× and 0.3× NumPy (0.046 / 0.82 / 20 / 109 ms). The last is bound by the kernels' ~12 GFLOP/s
 * (f64x2 without FMA; OpenBLAS reaches ~39 with AVX2 FMA).
 *
 * @see THEORY.md §0.1, §0.2
 */
import type { Mat } from '../core/index.ts';
import { matOf } from '../core/index.ts';
import { gemmNN, gemmNT, gemmTN } from '../linalg/index.ts';
import type { CgKernels } from '../linalg/index.ts';
import type { LogitLoss } from '../losses/index.ts';
import type { LinOp, Objective } from './objective.ts';
import type { UfmProblem } from './problem.ts';
import { labelsOf } from './problem.ts';
import type { BlockLoss } from './ufmBlockLoss.ts';
import { blockLossFor } from './ufmBlockLoss.ts';
import type { Heap, UfmEngine } from './ufmHeap.ts';
import { createHeap } from './ufmHeap.ts';
import type { UfmLayout } from './ufmLayout.ts';
import { ufmLayout } from './ufmLayout.ts';

// TYPES //

/** Options of {@link ufmObjective}. */
export interface UfmObjectiveOptions {
  /**
   * Use the fused, cache-tiled pass when the loss has column kernels; false forces the generic path through the
   * LogitLoss methods (for cross-checks).
   * @defaultValue true
   */
  readonly fused?: boolean;
  /**
   * Columns of H per block in the fused pass.
   * @defaultValue {@link defaultBlockCols}(K)
   */
  readonly blockCols?: number;
  /**
   * Kernels of the fused pass: WebAssembly SIMD ('wasm', falls back to 'js' where unavailable) or scalar JS.
   * @defaultValue 'wasm'
   */
  readonly engine?: UfmEngine;
}

/** The plain-UFM objective with its problem, loss and parameter layout. */
export interface UfmObjective extends Objective {
  readonly problem: UfmProblem;
  readonly loss: LogitLoss;
  readonly layout: UfmLayout;
  /** true when evaluations run the fused block pass. */
  readonly fused: boolean;
  /** Kernels in use: 'wasm' or 'js' on the fused path, 'generic' on the unfused one. */
  readonly engine: UfmEngine | 'generic';
}

// FUNCTIONS //

/**
 * Default block width of the fused pass: nb ≈ 2560/K columns (a multiple of 8, clamped to [32, 512]).
 * Measured on the issue-2 sizes with the wasm kernels (CPU time, loaded 2-core machine): K = 10, d = 512 was
 * fastest near nb = 256 (longer dot products in G_blk·H_blkᵀ), K = 100, d = 512 near nb = 32–48 (the K×nb logit
 * and gradient blocks and the d×nb packed H block stay in L2); for d = 20 every nb in [64, 512] was within noise.
 */
export function defaultBlockCols(K: number): number {
  const nb = Math.floor(2560 / Math.max(1, K));
  return Math.max(32, Math.min(512, nb - (nb % 8)));
}

/** Validates a problem for the objective (the boundary; kernels do not check). */
function checkProblem(p: UfmProblem, loss: LogitLoss): void {
  for (const [name, v] of [
    ['lambdaW', p.lambdaW],
    ['lambdaH', p.lambdaH],
    ['lambdaB', p.lambdaB],
  ] as const) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a finite number ≥ 0; got ${v}`);
  }
  if (p.loss !== loss.id) throw new RangeError(`problem.loss is '${p.loss}' but the loss given is '${loss.id}'`);
}

/** Σ x_i² over x[off .. off+n). */
function sumSq(x: Float64Array, off: number, n: number): number {
  let s0 = 0,
    s1 = 0;
  let i = off;
  const end = off + n;
  for (; i + 1 < end; i += 2) {
    const a = x[i] as number,
      b = x[i + 1] as number;
    s0 += a * a;
    s1 += b * b;
  }
  if (i < end) s0 += (x[i] as number) * (x[i] as number);
  return s0 + s1;
}

/** dst[offD + i] ← λ·src[offS + i] for i < n. */
function scaleInto(n: number, lambda: number, src: Float64Array, offS: number, dst: Float64Array, offD: number): void {
  for (let i = 0; i < n; i++) dst[offD + i] = lambda * (src[offS + i] as number);
}

/** dst[offB + k] += Σ_jj A[oA + k·lda + jj] (row sums of a K×w block, row stride lda, w by default). */
function addRowSums(
  K: number,
  w: number,
  A: Float64Array,
  oA: number,
  dst: Float64Array,
  offB: number,
  lda: number = w,
): void {
  for (let k = 0; k < K; k++) {
    let t0 = 0,
      t1 = 0;
    const o = oA + k * lda;
    let jj = 0;
    for (; jj + 1 < w; jj += 2) {
      t0 += A[o + jj] as number;
      t1 += A[o + jj + 1] as number;
    }
    if (jj < w) t0 += A[o + jj] as number;
    dst[offB + k] = (dst[offB + k] as number) + (t0 + t1);
  }
}

/** Z[oZ + k·w .. +w) ← x[offB + k] (the bias broadcast b 1ᵀ into a K×w block). */
function fillRows(K: number, w: number, x: Float64Array, offB: number, Z: Float64Array, oZ: number): void {
  for (let k = 0; k < K; k++) Z.fill(x[offB + k] as number, oZ + k * w, oZ + (k + 1) * w);
}

/**
 * Writes the K×d block W (row-major at x[ox]) transposed into dst as columns `col`, `col + step`, … of a d×ld
 * row-major matrix: dst[od + i·ld + col + k·step] = W[k, i]. The products Wᵀ·G then read Wᵀ with unit stride
 * (the transposed-A form of the kernels streams d rows of W at stride d: 12–14.5 against 20–23 GFLOP/s at
 * d = 512, K = 10–200, measured with the fused kernels of src/linalg/wasmFma.ts).
 */
function transposeInto(
  K: number,
  d: number,
  x: Float64Array,
  ox: number,
  dst: Float64Array,
  od: number,
  ld: number,
  col: number,
  step: number,
): void {
  for (let k = 0; k < K; k++) {
    const src = ox + k * d;
    const dc = od + col + k * step;
    for (let i = 0; i < d; i++) dst[dc + i * ld] = x[src + i]!;
  }
}

/** dst[od + k] += λ·x[ox + k]. */
function addScaledB(K: number, lambda: number, x: Float64Array, ox: number, dst: Float64Array, od: number): void {
  for (let k = 0; k < K; k++) dst[od + k] = (dst[od + k] as number) + lambda * (x[ox + k] as number);
}

// MAIN //

/** Fixed quantities of one objective, shared by its passes. */
interface Ctx {
  readonly K: number;
  readonly d: number;
  readonly N: number;
  readonly offW: number;
  readonly offH: number;
  readonly offB: number;
  readonly hasBias: boolean;
  readonly dim: number;
  readonly lambdaW: number;
  readonly lambdaH: number;
  readonly lambdaB: number;
  readonly invN: number;
  readonly nb: number;
}

/** Doubles of the gradient pass's scratch: H_blk (d×nb), Z_blk and G_blk (K×nb each), Wᵀ (d×K). */
function gradScratchSize(c: Ctx): number {
  return c.d * c.nb + 2 * c.K * c.nb + c.d * c.K;
}

/** The value and value+gradient passes over θ and ∇ at given heap offsets (see {@link fusedValueGrad}). */
interface GradPasses {
  value(oT: number): number;
  valueAndGrad(oT: number, oG: number): number;
}

/**
 * The passes of {@link fusedValueGrad} on `heap`, with their scratch [H_blk | Z_blk | G_blk | Wᵀ] at offset `oS`
 * ({@link gradScratchSize} doubles); θ and the gradient are read and written at the offsets the calls pass.
 */
function gradPasses(c: Ctx, bl: BlockLoss, heap: Heap, oS: number): GradPasses {
  const { K, d, N, offW, offH, offB, hasBias, lambdaW, lambdaH, lambdaB, invN, nb } = c;
  const oHb = oS;
  const oZ = oHb + d * nb;
  const oGb = oZ + K * nb;
  const oWt = oGb + K * nb;
  const F = heap.f64;
  /** Packs H_blk and computes Z_blk ← W H_blk + b 1ᵀ (θ at oT). */
  const logits = (oT: number, j0: number, w: number): void => {
    heap.pack(d, w, oT + offH + j0, N, oHb);
    if (hasBias) fillRows(K, w, F, oT + offB, F, oZ);
    heap.nn(K, w, d, 1, oT + offW, d, 1, oHb, w, hasBias ? 1 : 0, oZ, w, oZ, w);
  };
  /** (λ_W/2)‖W‖² + (λ_b/2)‖b‖² + (λ_H/2)·hh, with hh = ‖H‖² accumulated over the packed blocks. */
  const penalties = (oT: number, hh: number): number =>
    0.5 * lambdaW * heap.sumsq(oT + offW, K * d) +
    0.5 * lambdaH * hh +
    (hasBias ? 0.5 * lambdaB * heap.sumsq(oT + offB, K) : 0);
  return {
    value(oT: number): number {
      let s = 0;
      let hh = 0;
      for (let j0 = 0; j0 < N; j0 += nb) {
        const w = Math.min(nb, N - j0);
        logits(oT, j0, w);
        hh += heap.sumsq(oHb, d * w);
        s += bl.value(w, j0, F, w, oZ);
      }
      return s / N + penalties(oT, hh);
    },
    valueAndGrad(oT: number, oG: number): number {
      transposeInto(K, d, F, oT + offW, F, oWt, K, 0, 1);
      scaleInto(K * d, lambdaW, F, oT + offW, F, oG + offW);
      if (hasBias) F.fill(0, oG + offB, oG + offB + K);
      let s = 0;
      let hh = 0;
      for (let j0 = 0; j0 < N; j0 += nb) {
        const w = Math.min(nb, N - j0);
        logits(oT, j0, w);
        hh += heap.sumsq(oHb, d * w);
        s += bl.valueGrad(w, j0, F, w, oZ, F, w, oGb, invN);
        // gW += G_blk H_blkᵀ
        heap.nt(K, d, w, 1, oGb, w, oHb, w, 1, oG + offW, d);
        // gH_blk = Wᵀ G_blk + λ_H H_blk
        heap.nn(d, w, K, 1, oWt, K, 1, oGb, w, lambdaH, oHb, w, oG + offH + j0, N);
        // gb += G_blk 1
        if (hasBias) addRowSums(K, w, F, oGb, F, oG + offB);
      }
      if (hasBias) addScaledB(K, lambdaB, F, oT + offB, F, oG + offB);
      return s / N + penalties(oT, hh);
    },
  };
}

/**
 * The element offset of `x` in the heap `F` (a view starting at element 0 of its buffer) when `x` is a view of the
 * same buffer at or after element `base` — a vector of a workspace, which the passes may read and write in place —
 * else −1 (the caller copies).
 */
function heapOffset(x: Float64Array, F: Float64Array, base: number): number {
  return x.buffer === F.buffer && x.byteOffset >= 8 * base && x.byteOffset % 8 === 0 ? x.byteOffset / 8 : -1;
}

/** A region of a vector workspace's heap the gradient passes may read θ from and write ∇ into in place. */
interface GradWorkspace {
  readonly F: Float64Array;
  /** First offset of the workspace's vectors (everything before it is scratch). */
  readonly vecBase: number;
  readonly passes: GradPasses;
}

/**
 * The fused value/gradient engine: heap = [θ | g | H_blk | Z_blk | G_blk | Wᵀ]. One pass over H in blocks of nb
 * columns; each block of H is first packed contiguously (d×nb), so the three products stream it with unit
 * stride instead of touching d rows N apart (which thrashes the TLB when N is large); W is transposed once per
 * gradient (d×K, {@link transposeInto}) so that ∂_H = Wᵀ G_blk + λ_H H_blk reads it with unit stride too.
 * When θ (and g) are vectors of a vector workspace ({@link hessianWorkspace}), the same passes run on the
 * workspace's heap and read θ / write g where they are, without the two dim-long copies.
 */
function fusedValueGrad(
  c: Ctx,
  bl: BlockLoss,
  engine: UfmEngine,
): {
  readonly engine: UfmEngine;
  value(theta: Float64Array): number;
  valueAndGrad(theta: Float64Array, g: Float64Array): number;
  useWorkspace(ws: GradWorkspace): void;
} {
  const { dim } = c;
  const oT = 0;
  const oG = dim;
  const heap: Heap = createHeap(2 * dim + gradScratchSize(c), engine);
  const F = heap.f64;
  const own = gradPasses(c, bl, heap, 2 * dim);
  const thetaView = F.subarray(oT, oT + dim);
  const gView = F.subarray(oG, oG + dim);
  let ws: GradWorkspace | undefined;
  /** The offset of `x` in the workspace's heap when it is one of its vectors, else −1. */
  const inPlace = (x: Float64Array): number => (ws === undefined ? -1 : heapOffset(x, ws.F, ws.vecBase));

  return {
    engine: heap.engine,
    value(theta: Float64Array): number {
      const it = inPlace(theta);
      if (it >= 0 && ws !== undefined) return ws.passes.value(it);
      thetaView.set(theta);
      return own.value(oT);
    },
    valueAndGrad(theta: Float64Array, g: Float64Array): number {
      const it = inPlace(theta);
      const ig = inPlace(g);
      if (it >= 0 && ig >= 0 && ws !== undefined) return ws.passes.valueAndGrad(it, ig);
      thetaView.set(theta);
      const f = own.valueAndGrad(oT, oG);
      g.set(gView);
      return f;
    },
    useWorkspace(w: GradWorkspace): void {
      ws = w;
    },
  };
}

/**
 * The objective's Hessian heap, shared by its successive `hessianAt` operators: creating a WebAssembly instance per
 * operator was a quarter of a hunt probe's time on small instances (one per Newton iteration). The newest operator
 * owns the heap; an older one that is applied again takes a private heap and rebuilds its state from its own copy
 * of θ, so operators never corrupt each other.
 */
interface HessianSlot {
  heap: Heap | undefined;
  owner: object | undefined;
}

/** Doubles of the fused Hessian heap's own layout (see {@link fusedHessian}); a vector workspace may follow it. */
function hessianHeapSize(c: Ctx, bl: BlockLoss): number {
  const { K, d, N, dim, nb } = c;
  return 3 * dim + 2 * K * N + bl.stateSize + 2 * K * d + d * nb + K * nb;
}

/**
 * A fresh shared Hessian heap = [the Hessian's own layout | the gradient passes' scratch | `slots` vectors of
 * length dim | the CG kernels' 4 doubles of scratch], and CG kernels over the vectors; undefined for the JS engine
 * or when the wasm CG kernels are unavailable. The Hessian operators built afterwards use this heap and read v /
 * write out in place when they are vectors of the workspace (fusedHessian's `apply`); value and valueAndGrad do the
 * same for θ and g through `vg`.
 */
function hessianWorkspace(
  c: Ctx,
  bl: BlockLoss,
  engine: UfmEngine,
  slot: HessianSlot,
  vg: { useWorkspace(ws: GradWorkspace): void },
  slots: number,
): CgKernels | undefined {
  if (engine !== 'wasm' || !Number.isInteger(slots) || slots < 1) return undefined;
  const oS = hessianHeapSize(c, bl);
  const vecBase = oS + gradScratchSize(c);
  const total = vecBase + slots * c.dim + 4;
  if (8 * total > 2 ** 31) return undefined; // beyond one wasm memory: the caller keeps its own vectors
  const heap = createHeap(total, engine);
  const kv = heap.cgOn(vecBase, slots * c.dim);
  if (kv === undefined) return undefined;
  slot.heap = heap;
  slot.owner = undefined;
  vg.useWorkspace({ F: heap.f64, vecBase, passes: gradPasses(c, bl, heap, oS) });
  return kv;
}

/**
 * The fused Hessian operator at θ, on the objective's shared Hessian heap (HessianSlot; several operators may be
 * alive at once). Heap = [θ̃ | v | out | Y (2K×N) | loss state S | A₂ (2K×d) | ΔH_blk | ΔZ_blk], where
 * - θ̃ is θ with H stored block by block (block j0 of width w: d×w contiguous at offH + d·j0), packed once here,
 *   so an apply packs only ΔH;
 * - Y holds per block a 2K×w matrix with interleaved rows ΔG_0, G_0, ΔG_1, G_1, … (G written here, ΔG per apply);
 * - A₂ has interleaved rows W_0, ΔW_0, W_1, ΔW_1, … (W here, ΔW per apply), stored transposed (A₂ᵀ, d×2K
 *   row-major: column 2k is W_k, column 2k + 1 is ΔW_k) so the product reads it with unit stride,
 * so that ∂_H = Wᵀ ΔG + ΔWᵀ G + λ_H ΔH is ONE product of depth 2K, A₂ᵀ·Y_blk + λ_H ΔH_blk (issue 13 item 4: the two
 * depth-K products ran at ~7.6 GFLOP/s, the depth-2K one at ~9.3, measured at (10,512,500), block 512×256).
 * Building it is one logits/gradient pass; each apply is one pass with five products per block and allocates
 * nothing (unless a newer operator took the heap: then it rebuilds once).
 */
function fusedHessian(c: Ctx, bl: BlockLoss, engine: UfmEngine, theta: Float64Array, slot: HessianSlot): LinOp {
  const { K, d, N, offW, offH, offB, hasBias, dim, lambdaW, lambdaH, lambdaB, invN, nb } = c;
  const oT = 0;
  const oVs = dim; // v's slot when v is not in the workspace (and setup's scratch)
  const oOs = 2 * dim; // out's slot likewise
  const oY = 3 * dim;
  const oS = oY + 2 * K * N;
  const oA2 = oS + bl.stateSize;
  const odHb = oA2 + 2 * K * d;
  const oZ = odHb + d * nb;
  const size = hessianHeapSize(c, bl); // = oZ + K·nb; a vector workspace (hessianWorkspace) may follow it
  const thetaAt = theta.slice();
  const token = {};
  let heap: Heap = slot.heap !== undefined && slot.heap.f64.length >= size ? slot.heap : createHeap(size, engine);
  slot.heap = heap;
  slot.owner = token;
  let F = heap.f64;
  let vView = F.subarray(oVs, oVs + dim);
  let outView = F.subarray(oOs, oOs + dim);
  /** Writes θ̃, W into A₂, and the loss state of θ's logits (G into Y, the curvature state) into the heap. */
  /** The offset of `x` in the heap when it is a vector of the workspace after the Hessian's layout, else −1. */
  const inPlace = (x: Float64Array): number => heapOffset(x, F, size);
  /** θ is read from `oTheta` when it is there (a workspace vector, first build only), else copied from thetaAt. */
  const setup = (oTheta = -1): void => {
    const oV = oTheta >= 0 ? oTheta : oVs;
    if (oTheta < 0) F.set(thetaAt, oV); // scratch: the v slot is rewritten by every apply
    F.copyWithin(oT + offW, oV + offW, oV + offW + K * d);
    if (hasBias) F.copyWithin(oT + offB, oV + offB, oV + offB + K);
    transposeInto(K, d, F, oV + offW, F, oA2, 2 * K, 0, 2);
    for (let j0 = 0; j0 < N; j0 += nb) {
      const w = Math.min(nb, N - j0);
      const oHb = oT + offH + d * j0;
      heap.pack(d, w, oV + offH + j0, N, oHb);
      if (hasBias) fillRows(K, w, F, oT + offB, F, oZ);
      heap.nn(K, w, d, 1, oT + offW, d, 1, oHb, w, hasBias ? 1 : 0, oZ, w, oZ, w);
      bl.valueGrad(w, j0, F, w, oZ, F, 2 * w, oY + 2 * K * j0 + w, invN);
      if (bl.stateSize > 0) bl.prep(w, j0, F, w, oZ, F, N, oS + j0);
    }
  };
  setup(inPlace(theta));
  const apply = (v: Float64Array, out: Float64Array): void => {
    if (v.length !== dim) throw new RangeError(`v must have length ${dim}; got ${v.length}`);
    if (out.length !== dim) throw new RangeError(`out must have length ${dim}; got ${out.length}`);
    if (slot.owner !== token && heap === slot.heap) {
      // A newer operator of this objective took the shared heap: continue on a private one, rebuilt from θ.
      heap = createHeap(size, engine);
      F = heap.f64;
      vView = F.subarray(oVs, oVs + dim);
      outView = F.subarray(oOs, oOs + dim);
      setup();
    }
    // v and out are read and written in place when they live in the workspace (no 2·dim copies), else copied.
    const iv = inPlace(v);
    const io = inPlace(out);
    const oV = iv >= 0 ? iv : oVs;
    const oO = io >= 0 ? io : oOs;
    if (iv < 0) vView.set(v);
    scaleInto(K * d, lambdaW, F, oV + offW, F, oO + offW);
    if (hasBias) F.fill(0, oO + offB, oO + offB + K);
    transposeInto(K, d, F, oV + offW, F, oA2, 2 * K, 1, 2);
    for (let j0 = 0; j0 < N; j0 += nb) {
      const w = Math.min(nb, N - j0);
      const oHb = oT + offH + d * j0;
      const oYb = oY + 2 * K * j0;
      heap.pack(d, w, oV + offH + j0, N, odHb);
      // ΔZ_blk = ΔW H_blk + W ΔH_blk + Δb 1ᵀ
      if (hasBias) fillRows(K, w, F, oV + offB, F, oZ);
      heap.nn(K, w, d, 1, oV + offW, d, 1, oHb, w, hasBias ? 1 : 0, oZ, w, oZ, w);
      heap.nn(K, w, d, 1, oT + offW, d, 1, odHb, w, 1, oZ, w, oZ, w);
      // ΔG_blk = ∇²g[ΔZ_blk], into the even rows of Y_blk
      bl.apply(w, j0, F, N, oS + j0, F, w, oZ, F, 2 * w, oYb, invN);
      // out_W += ΔG_blk H_blkᵀ + G_blk ΔH_blkᵀ
      heap.nt(K, d, w, 1, oYb, 2 * w, oHb, w, 1, oO + offW, d);
      heap.nt(K, d, w, 1, oYb + w, 2 * w, odHb, w, 1, oO + offW, d);
      // out_H_blk = A₂ᵀ Y_blk + λ_H ΔH_blk = Wᵀ ΔG_blk + ΔWᵀ G_blk + λ_H ΔH_blk
      heap.nn(d, w, 2 * K, 1, oA2, 2 * K, 1, oYb, w, lambdaH, odHb, w, oO + offH + j0, N);
      // out_b += ΔG_blk 1
      if (hasBias) addRowSums(K, w, F, oYb, F, oO + offB, 2 * w);
    }
    if (hasBias) addScaledB(K, lambdaB, F, oV + offB, F, oO + offB);
    if (io < 0) out.set(outView);
  };
  return { dim, apply };
}

/**
 * Builds the plain-UFM objective f(W, H, b) of `problem` with `loss` (THEORY.md §0.1).
 * @param problem - the instance (K, d, counts, λ_W, λ_H, λ_b, bias mode); `problem.loss` must equal `loss.id`
 * @param loss - the loss on logits
 * @param options - fused or generic path, block width, kernels
 * @returns the objective over θ = [W (K×d) | H (d×N) | b (K, with bias)], see {@link UfmLayout}
 * @throws RangeError on invalid λ, mismatched loss id, or invalid shapes
 * @example
 * const f = ufmObjective(parseUfmProblem({ loss: 'ce', K: 3, d: 2, n: 2, lambdaW: 0, lambdaH: 0 }), ce);
 * f.value(new Float64Array(f.dim)); // => Math.log(3)
 */
export function ufmObjective(problem: UfmProblem, loss: LogitLoss, options: UfmObjectiveOptions = {}): UfmObjective {
  checkProblem(problem, loss);
  const L = ufmLayout(problem);
  const { K, d, N, offW, offH, offB, hasBias, dim } = L;
  const y = labelsOf(problem);
  const nb0 = options.blockCols ?? defaultBlockCols(K);
  if (!Number.isInteger(nb0) || nb0 < 1) throw new RangeError(`blockCols must be an integer ≥ 1; got ${nb0}`);
  const want = options.fused ?? true;
  const bl: BlockLoss | undefined = want ? blockLossFor(loss, problem.counts, y, Math.min(nb0, N)) : undefined;
  const c: Ctx = {
    K,
    d,
    N,
    offW,
    offH,
    offB,
    hasBias,
    dim,
    lambdaW: problem.lambdaW,
    lambdaH: problem.lambdaH,
    lambdaB: hasBias ? problem.lambdaB : 0,
    invN: 1 / N,
    nb: bl !== undefined ? Math.min(nb0, N) : N,
  };
  const checkLen = (x: Float64Array, name: string): void => {
    if (x.length !== dim) throw new RangeError(`${name} must have length ${dim}; got ${x.length}`);
  };

  if (bl !== undefined) {
    const engineWanted = options.engine ?? 'wasm';
    const vg = fusedValueGrad(c, bl, engineWanted);
    const hessianSlot: HessianSlot = { heap: undefined, owner: undefined };
    const probe = vg.engine;
    return {
      dim,
      problem,
      loss,
      layout: L,
      fused: true,
      engine: probe,
      value: (theta) => {
        checkLen(theta, 'θ');
        return vg.value(theta);
      },
      valueAndGrad: (theta, g) => {
        checkLen(theta, 'θ');
        checkLen(g, 'g');
        return vg.valueAndGrad(theta, g);
      },
      hessianAt: (theta) => {
        checkLen(theta, 'θ');
        return fusedHessian(c, bl, probe, theta, hessianSlot);
      },
      vectorWorkspace: (slots) => hessianWorkspace(c, bl, probe, hessianSlot, vg, slots),
    };
  }
  const g = genericPasses(c, loss, y);
  return {
    dim,
    problem,
    loss,
    layout: L,
    fused: false,
    engine: 'generic',
    value: (theta) => {
      checkLen(theta, 'θ');
      return g.value(theta);
    },
    valueAndGrad: (theta, gr) => {
      checkLen(theta, 'θ');
      checkLen(gr, 'g');
      return g.valueAndGrad(theta, gr);
    },
    hessianAt: (theta) => {
      checkLen(theta, 'θ');
      return g.hessianAt(theta);
    },
  };
}

/**
 * The generic, unfused path for a LogitLoss without column kernels: full K×N logits Z = W H + b 1ᵀ, the loss's
 * own value / valueAndGrad / hvp, and the products by the JS kernels of src/linalg/gemm.ts directly on θ.
 */
function genericPasses(c: Ctx, loss: LogitLoss, y: Int32Array): Objective {
  const { K, d, N, offW, offH, offB, hasBias, dim, lambdaW, lambdaH, lambdaB } = c;
  const Z = new Float64Array(K * N);
  const G = new Float64Array(K * N);
  const dZ = new Float64Array(K * N);
  const dG = new Float64Array(K * N);
  const Zmat: Mat = matOf(K, N, Z);
  const Gmat: Mat = matOf(K, N, G);
  const dZmat: Mat = matOf(K, N, dZ);
  const dGmat: Mat = matOf(K, N, dG);
  const logits = (theta: Float64Array, out: Float64Array): void => {
    if (hasBias) fillRows(K, N, theta, offB, out, 0);
    gemmNN(K, N, d, 1, theta, d, theta, N, hasBias ? 1 : 0, out, N, offW, offH, 0);
  };
  const penalties = (theta: Float64Array): number =>
    0.5 * lambdaW * sumSq(theta, offW, K * d) +
    0.5 * lambdaH * sumSq(theta, offH, d * N) +
    (hasBias ? 0.5 * lambdaB * sumSq(theta, offB, K) : 0);
  return {
    dim,
    value(theta: Float64Array): number {
      logits(theta, Z);
      return loss.value(Zmat, y) + penalties(theta);
    },
    valueAndGrad(theta: Float64Array, g: Float64Array): number {
      logits(theta, Z);
      const s = loss.valueAndGrad(Zmat, y, Gmat);
      scaleInto(K * d, lambdaW, theta, offW, g, offW);
      gemmNT(K, d, N, 1, G, N, theta, N, 1, g, d, 0, offH, offW);
      scaleInto(d * N, lambdaH, theta, offH, g, offH);
      gemmTN(d, N, K, 1, theta, d, G, N, 1, g, N, offW, 0, offH);
      if (hasBias) {
        g.fill(0, offB, offB + K);
        addRowSums(K, N, G, 0, g, offB);
        addScaledB(K, lambdaB, theta, offB, g, offB);
      }
      return s + penalties(theta);
    },
    hessianAt(theta: Float64Array): LinOp {
      const th = theta.slice();
      const Zs = new Float64Array(K * N);
      const Gs = new Float64Array(K * N);
      logits(th, Zs);
      const Zsm = matOf(K, N, Zs);
      loss.valueAndGrad(Zsm, y, matOf(K, N, Gs));
      const apply = (v: Float64Array, out: Float64Array): void => {
        if (v.length !== dim || out.length !== dim) throw new RangeError(`v and out must have length ${dim}`);
        if (hasBias) fillRows(K, N, v, offB, dZ, 0);
        gemmNN(K, N, d, 1, v, d, th, N, hasBias ? 1 : 0, dZ, N, offW, offH, 0);
        gemmNN(K, N, d, 1, th, d, v, N, 1, dZ, N, offW, offH, 0);
        loss.hvp(Zsm, y, dZmat, dGmat);
        scaleInto(K * d, lambdaW, v, offW, out, offW);
        gemmNT(K, d, N, 1, dG, N, th, N, 1, out, d, 0, offH, offW);
        gemmNT(K, d, N, 1, Gs, N, v, N, 1, out, d, 0, offH, offW);
        scaleInto(d * N, lambdaH, v, offH, out, offH);
        gemmTN(d, N, K, 1, th, d, dG, N, 1, out, N, offW, 0, offH);
        gemmTN(d, N, K, 1, v, d, Gs, N, 1, out, N, offW, 0, offH);
        if (hasBias) {
          out.fill(0, offB, offB + K);
          addRowSums(K, N, dG, 0, out, offB);
          addScaledB(K, lambdaB, v, offB, out, offB);
        }
      };
      return { dim, apply };
    },
  };
}
