/**
 * Test-only reference implementation of the plain UFM (THEORY.md §0.1, §0.2): value and gradient by the textbook
 * formulas with plain loops, and a dense Hessian by central differences of that gradient. Independent of
 * src/models on purpose: the theory tests check the closed forms against first principles, not against the code
 * other helpers are writing.
 */
import type { Mat } from '../../../src/core/index.ts';
import { createRng, zeros } from '../../../src/core/index.ts';
import { symEig } from '../../../src/linalg/index.ts';

export interface PlainUfm {
  readonly loss: 'ce' | 'mse';
  readonly K: number;
  readonly d: number;
  readonly counts: readonly number[];
  readonly lambdaW: number;
  readonly lambdaH: number;
  readonly lambdaB: number;
  readonly bias: boolean;
}

export interface Grad {
  readonly value: number;
  readonly gW: Mat;
  readonly gH: Mat;
  readonly gb: Float64Array | undefined;
  /** ∂g/∂Z (K×N), the loss part only. */
  readonly G: Mat;
}

/** f and ∇f at (W, H, b) by the formulas of THEORY.md §0.1–0.2. */
export function valueAndGrad(p: PlainUfm, W: Mat, H: Mat, b: Float64Array | undefined): Grad {
  const { K, d } = p;
  const N = H.cols;
  const y: number[] = [];
  p.counts.forEach((c, k) => {
    for (let i = 0; i < c; i++) y.push(k);
  });
  const G = zeros(K, N);
  let loss = 0;
  const z = new Float64Array(K);
  for (let j = 0; j < N; j++) {
    for (let k = 0; k < K; k++) {
      let t = p.bias && b ? (b[k] as number) : 0;
      for (let r = 0; r < d; r++) t += (W.data[k * d + r] as number) * (H.data[r * N + j] as number);
      z[k] = t;
    }
    const yj = y[j] as number;
    if (p.loss === 'ce') {
      let m = -Infinity;
      for (let k = 0; k < K; k++) m = Math.max(m, z[k] as number);
      let s = 0;
      for (let k = 0; k < K; k++) s += Math.exp((z[k] as number) - m);
      loss += m + Math.log(s) - (z[yj] as number);
      for (let k = 0; k < K; k++) G.data[k * N + j] = (Math.exp((z[k] as number) - m) / s - (k === yj ? 1 : 0)) / N;
    } else {
      for (let k = 0; k < K; k++) {
        const e = (z[k] as number) - (k === yj ? 1 : 0);
        loss += 0.5 * e * e;
        G.data[k * N + j] = e / N;
      }
    }
  }
  let value = loss / N;
  let nW = 0,
    nH = 0,
    nb = 0;
  for (const v of W.data) nW += v * v;
  for (const v of H.data) nH += v * v;
  if (p.bias && b) for (const v of b) nb += v * v;
  value += 0.5 * (p.lambdaW * nW + p.lambdaH * nH + (p.bias ? p.lambdaB * nb : 0));
  const gW = zeros(K, d);
  const gH = zeros(d, N);
  for (let k = 0; k < K; k++) {
    for (let r = 0; r < d; r++) {
      let t = 0;
      for (let j = 0; j < N; j++) t += (G.data[k * N + j] as number) * (H.data[r * N + j] as number);
      gW.data[k * d + r] = t + p.lambdaW * (W.data[k * d + r] as number);
    }
  }
  for (let r = 0; r < d; r++) {
    for (let j = 0; j < N; j++) {
      let t = 0;
      for (let k = 0; k < K; k++) t += (W.data[k * d + r] as number) * (G.data[k * N + j] as number);
      gH.data[r * N + j] = t + p.lambdaH * (H.data[r * N + j] as number);
    }
  }
  let gb: Float64Array | undefined;
  if (p.bias) {
    gb = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      let t = 0;
      for (let j = 0; j < N; j++) t += G.data[k * N + j] as number;
      gb[k] = t + p.lambdaB * (b ? (b[k] as number) : 0);
    }
  }
  return { value, gW, gH, gb, G };
}

/** ‖∇f‖₂ over all blocks. */
export function gradNorm(g: Grad): number {
  let t = 0;
  for (const v of g.gW.data) t += v * v;
  for (const v of g.gH.data) t += v * v;
  if (g.gb) for (const v of g.gb) t += v * v;
  return Math.sqrt(t);
}

function pack(W: Mat, H: Mat, b: Float64Array | undefined): Float64Array {
  const n = W.data.length + H.data.length + (b ? b.length : 0);
  const th = new Float64Array(n);
  th.set(W.data, 0);
  th.set(H.data, W.data.length);
  if (b) th.set(b, W.data.length + H.data.length);
  return th;
}

/**
 * λ_min of the dense central-difference Hessian at (W, H, b), with step h.
 * Error: entries err ≤ h²/6·max|∂³f| + ε·max|∇f|/h; the eigenvalue error is ≤ ‖E‖₂ ≤ dim·max|entry error| (Weyl).
 */
export function fdHessianLambdaMin(p: PlainUfm, W: Mat, H: Mat, b: Float64Array | undefined, h = 1e-5): number {
  const theta = pack(W, H, b);
  const n = theta.length;
  const nW = W.data.length,
    nH = H.data.length;
  const unpackGrad = (th: Float64Array): Float64Array => {
    const Wt = { rows: W.rows, cols: W.cols, data: th.slice(0, nW) };
    const Ht = { rows: H.rows, cols: H.cols, data: th.slice(nW, nW + nH) };
    const bt = b ? th.slice(nW + nH) : undefined;
    const g = valueAndGrad(p, Wt, Ht, bt);
    return pack(g.gW, g.gH, g.gb);
  };
  const Hs = zeros(n, n);
  for (let j = 0; j < n; j++) {
    const tp = theta.slice();
    tp[j] = (tp[j] as number) + h;
    const tm = theta.slice();
    tm[j] = (tm[j] as number) - h;
    const gp = unpackGrad(tp),
      gm = unpackGrad(tm);
    for (let i = 0; i < n; i++) Hs.data[i * n + j] = ((gp[i] as number) - (gm[i] as number)) / (2 * h);
  }
  return symEig(Hs).values[0] as number;
}

/** A seeded m×r matrix with orthonormal columns (Gram–Schmidt of Gaussian columns, twice for stability). */
export function randomOrthonormal(m: number, r: number, seed: number, orthogonalTo?: Float64Array): Mat {
  const rng = createRng(seed);
  const X = zeros(m, r);
  const cols: Float64Array[] = [];
  const basis: Float64Array[] = [];
  if (orthogonalTo) {
    let s = 0;
    for (const v of orthogonalTo) s += v * v;
    basis.push(Float64Array.from(orthogonalTo, (v) => v / Math.sqrt(s)));
  }
  for (let c = 0; c < r; c++) {
    const v = rng.fillNormal(new Float64Array(m));
    for (let pass = 0; pass < 2; pass++) {
      for (const q of [...basis, ...cols]) {
        let t = 0;
        for (let i = 0; i < m; i++) t += (q[i] as number) * (v[i] as number);
        for (let i = 0; i < m; i++) v[i] = (v[i] as number) - t * (q[i] as number);
      }
    }
    let s = 0;
    for (const x of v) s += x * x;
    const nv = Math.sqrt(s);
    for (let i = 0; i < m; i++) v[i] = (v[i] as number) / nv;
    cols.push(v);
  }
  for (let i = 0; i < m; i++) for (let c = 0; c < r; c++) X.data[i * r + c] = (cols[c] as Float64Array)[i] as number;
  return X;
}
