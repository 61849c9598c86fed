/**
 * Extreme eigenpairs of a symmetric operator from matrix-vector products only: thick-restart Lanczos
 * (Wu & Simon 2000, "Thick-restart Lanczos method for large symmetric eigenvalue problems", SIAM J. Matrix Anal.
 * Appl. 22(2)) with full reorthogonalisation. Used for Hessian spectra via exact Hessian-vector products
 * (THEORY.md §1.2, §6; issue 4 item 1).
 *
 * Design (for dim ≈ 10⁵, the UFM at K=10, d=20, n=500):
 * - Memory is m+1 basis vectors of length dim (m = `maxBasis`, default 40: 0.8 MB per vector, 33 MB in all at
 *   dim = 10⁵).
 * - Full reorthogonalisation: after the local recurrence (w ← Av_j − α_j v_j − β_{j−1} v_{j−1}, or the arrowhead
 *   couplings right after a restart) every new vector gets one classical Gram–Schmidt pass against the whole
 *   basis, and a second one when that pass removes more than 1/√2 of its norm (the DGKS "twice is enough"
 *   criterion), so the basis stays orthonormal to O(ε) and no spurious copies ("ghosts") of converged Ritz values
 *   appear. This pass dominates the cost at dim 10⁵ (it is memory-bound: ~2·j·dim doubles read per step).
 * - When the basis is full it is restarted thickly: the Ritz vectors nearest the wanted ends are kept
 *   (40 % at the bottom, 10 % at the top for `which: 'both'`), the projected matrix becomes
 *   diag(θ_keep) bordered by the couplings β·y_{m,i} (an arrowhead), and the Krylov recurrence continues from the
 *   last Lanczos vector. This keeps the convergence of unrestarted Lanczos to a large extent at fixed memory.
 * - The projected matrix (≤ m×m) is diagonalised densely ({@link symEigInto}) after every step; the residual of
 *   a Ritz pair (θ, Vy) is estimated by |β_j·y_j| (the last component times the outgoing coupling) and, before
 *   reporting convergence, recomputed explicitly as ‖A x − (xᵀAx) x‖ with one extra product.
 * - Breakdown (an invariant Krylov subspace, β ≈ 0) is not an error: the recurrence continues from a fresh random
 *   vector orthogonal to the basis, so eigenvalues missing from the start vector's Krylov space are still found,
 *   and when dim ≤ m the method ends after dim steps with the exact spectrum (up to rounding).
 * - Clusters: a single-vector Krylov method finds one copy of a multiple eigenvalue, which is all λ_min needs;
 *   an exactly repeated λ_min (rotation zero modes of the UFM Hessian at a critical point) converges like a simple
 *   one, with the rate set by the gap to the next distinct eigenvalue.
 *
 * What the numbers mean: the returned λ is the Rayleigh quotient of the returned unit vector x, so
 * λ_min(A) ≤ lambdaMin and λ_max(A) ≥ lambdaMax hold rigorously (up to rounding in `apply`), and some eigenvalue of
 * A lies in [λ − r, λ + r] for r = ‖A x − λ x‖ (residual bound for symmetric matrices). That this eigenvalue is the
 * extreme one is what Lanczos delivers with probability 1 over the random start (Kuczyński & Woźniakowski 1992
 * bound the failure probability); it is not a deterministic certificate.
 */
import type { Rng } from '../core/index.ts';
import { checkDeadline } from '../core/index.ts';
import { symEigInto } from './denseEig.ts';

/** A symmetric linear operator on R^dim (structurally the models' LinOp; linalg does not import models). */
export interface SymmetricOperator {
  readonly dim: number;
  /** Writes out ← A·v; `v` and `out` never alias. */
  apply(v: Float64Array, out: Float64Array): void;
}

/** Which end(s) of the spectrum must meet the residual tolerance. */
export type LanczosWhich = 'min' | 'max' | 'both';

export interface LanczosOptions {
  /** Source of the random start vector (and of fresh vectors after a breakdown). */
  readonly rng: Rng;
  /** Ends that must converge; the other end is still returned, with its (explicit) residual. @defaultValue 'both' */
  readonly which?: LanczosWhich;
  /** Absolute residual target ‖A x − λ x‖₂. @defaultValue 1e-8 */
  readonly tol?: number;
  /**
   * Relative residual target: the effective tolerance is tol + relTol·max(|λ_min|, |λ_max|) (current Ritz values).
   * @defaultValue 0
   */
  readonly relTol?: number;
  /** Basis size m before a thick restart (capped at dim). @defaultValue 40 */
  readonly maxBasis?: number;
  /** Budget of operator applications (Lanczos steps plus residual checks). @defaultValue max(500, 4·dim) capped at 20000 */
  readonly maxMatvecs?: number;
}

export interface LanczosResult {
  /** Rayleigh quotient of `vectorMin` (an upper bound on the smallest eigenvalue). */
  readonly lambdaMin: number;
  /** Rayleigh quotient of `vectorMax` (a lower bound on the largest eigenvalue). */
  readonly lambdaMax: number;
  /** Unit Ritz vector for lambdaMin. */
  readonly vectorMin: Float64Array;
  /** ‖A·vectorMin − lambdaMin·vectorMin‖₂, computed explicitly. */
  readonly residualMin: number;
  readonly vectorMax: Float64Array;
  readonly residualMax: number;
  /** Lanczos steps taken (operator applications inside the recurrence). */
  readonly iterations: number;
  /** All operator applications, including explicit residual checks. */
  readonly matvecs: number;
  readonly restarts: number;
  /** The requested end(s) met the effective tolerance (explicit residuals). */
  readonly converged: boolean;
  /** The effective residual tolerance that was applied. */
  readonly tolerance: number;
}

const EPS = 2 ** -52;

/**
 * Computes the smallest and largest eigenvalues of a symmetric operator, with unit Ritz vectors and their explicit
 * residuals, by thick-restart Lanczos with full reorthogonalisation.
 *
 * @param op - symmetric operator (e.g. the LinOp of `objective.hessianAt(θ)`)
 * @param options - start-vector Rng, tolerance, basis size (see {@link LanczosOptions})
 * @returns extreme Ritz pairs with explicit residuals and a `converged` flag (never throws on non-convergence)
 * @throws RangeError if dim < 1 or an option is out of range
 * @example
 * const op = { dim: 3, apply: (v, out) => { out[0] = 1 * v[0]; out[1] = 2 * v[1]; out[2] = 5 * v[2]; } };
 * const r = lanczos(op, { rng: createRng(1) });
 * // r.lambdaMin => 1 (to ~1e-15), r.lambdaMax => 5, r.converged => true
 */
export function lanczos(op: SymmetricOperator, options: LanczosOptions): LanczosResult {
  const n = op.dim;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`lanczos: dim must be a positive integer; got ${n}`);
  const which = options.which ?? 'both';
  const tolAbs = options.tol ?? 1e-8;
  const relTol = options.relTol ?? 0;
  if (!(tolAbs >= 0) || !(relTol >= 0)) throw new RangeError('lanczos: tol and relTol must be ≥ 0');
  const mReq = options.maxBasis ?? 40;
  if (!Number.isInteger(mReq) || mReq < 2) throw new RangeError(`lanczos: maxBasis must be an integer ≥ 2; got ${mReq}`);
  const m = Math.min(mReq, n);
  const maxMatvecs = options.maxMatvecs ?? Math.min(20000, Math.max(500, 4 * n));
  const rng = options.rng;

  const V = new Float64Array((m + 1) * n); // basis vectors, vector i at offset i·n
  const T = new Float64Array(m * m); // projected matrix VᵀAV (leading j×j block in use)
  const evals = new Float64Array(m);
  const evecs = new Float64Array(m * m);
  const work = new Float64Array(m);
  const Tj = new Float64Array(m * m);
  const h = new Float64Array(m + 1);
  const hc = new Float64Array(m + 1);
  const w = new Float64Array(n);
  const xMin = new Float64Array(n);
  const xMax = new Float64Array(n);
  const ax = new Float64Array(n);

  // Start vector.
  randomUnitOrthogonal(rng, V, 0, n, w);

  let j = 0; // basis vectors v_0..v_{j-1} have their column of T complete; v_j is the next to expand
  let matvecs = 0;
  let steps = 0;
  let restarts = 0;
  let beta = 0; // coupling of v_j to the basis (‖w‖ of the last step); 0 after a breakdown
  let aNorm = 0; // running max of ‖A v‖, the scale for breakdown detection
  let exhausted = false; // the whole space R^n is spanned
  let verifyAfter = 0; // do not re-verify explicit residuals before this many steps
  const bestMin: Best = { lambda: NaN, residual: Infinity, x: new Float64Array(n) };
  const bestMax: Best = { lambda: NaN, residual: Infinity, x: new Float64Array(n) };
  let tolEff = tolAbs;

  for (;;) {
    checkDeadline();
    // ---- Expand the basis by one Lanczos step: w = A v_j, orthogonalised against v_0..v_j.
    const vj = j * n;
    op.apply(V.subarray(vj, vj + n), w);
    matvecs++;
    steps++;
    const norm0 = nrm(w, 0, n);
    if (!Number.isFinite(norm0)) {
      // The operator returned NaN/Inf: nothing can be certified.
      return {
        lambdaMin: NaN, lambdaMax: NaN, vectorMin: bestMin.x, residualMin: Infinity, vectorMax: bestMax.x,
        residualMax: Infinity, iterations: steps, matvecs, restarts, converged: false, tolerance: tolEff,
      };
    }
    if (norm0 > aNorm) aNorm = norm0;
    // Local three-term (or, right after a restart, arrowhead) recurrence with the couplings already in T,
    // then one full Gram–Schmidt pass whose coefficients are the rounding-level corrections, and a second
    // full pass only if that one removed more than 1/√2 of the norm (DGKS).
    const alpha = dotOff(V, vj, w, n);
    h[j] = alpha;
    axpyOff(-alpha, V, vj, w, n);
    for (let i = 0; i < j; i++) {
      const t = T[i * m + j];
      h[i] = t;
      if (t !== 0) axpyOff(-t, V, i * n, w, n);
    }
    const normLocal = nrm(w, 0, n);
    cgs(V, j + 1, n, w, h, hc);
    let norm1 = nrm(w, 0, n);
    if (norm1 < Math.SQRT1_2 * normLocal) {
      cgs(V, j + 1, n, w, h, hc);
      norm1 = nrm(w, 0, n);
    }
    for (let i = 0; i <= j; i++) {
      T[i * m + j] = h[i];
      T[j * m + i] = h[i];
    }
    j++;
    // ---- Next basis vector (or a fresh random one after a breakdown).
    if (j === n) {
      exhausted = true;
      beta = 0;
    } else if (norm1 <= 1e3 * EPS * aNorm) {
      beta = 0;
      if (!randomUnitOrthogonal(rng, V, j, n, w)) {
        exhausted = true;
      }
    } else {
      beta = norm1;
      const inv = 1 / norm1;
      const off = j * n;
      for (let r = 0; r < n; r++) V[off + r] = w[r] * inv;
    }
    if (j < m && !exhausted) {
      T[j * m + (j - 1)] = beta;
      T[(j - 1) * m + j] = beta;
    }

    // ---- Rayleigh–Ritz on the leading j×j block.
    for (let r = 0; r < j; r++) for (let c = 0; c < j; c++) Tj[r * j + c] = T[r * m + c];
    symEigInto(j, Tj, j, evals, evecs, work);
    const scale = Math.max(Math.abs(evals[0]), Math.abs(evals[j - 1]));
    tolEff = tolAbs + relTol * scale;
    const estMin = Math.abs(beta * evecs[(j - 1) * j + 0]);
    const estMax = Math.abs(beta * evecs[(j - 1) * j + (j - 1)]);
    const wantMin = which !== 'max';
    const wantMax = which !== 'min';
    const estOk = (!wantMin || estMin <= tolEff) && (!wantMax || estMax <= tolEff);
    const outOfBudget = matvecs + 2 >= maxMatvecs;

    if ((estOk && steps >= verifyAfter) || exhausted || outOfBudget) {
      // Explicit check: Ritz vectors, Rayleigh quotients and true residuals (two products).
      ritzVector(V, j, n, evecs, j, 0, xMin);
      ritzVector(V, j, n, evecs, j, j - 1, xMax);
      updateBest(bestMin, explicitPair(op, xMin, ax), xMin);
      updateBest(bestMax, explicitPair(op, xMax, ax), xMax);
      matvecs += 2;
      const ok = (!wantMin || bestMin.residual <= tolEff) && (!wantMax || bestMax.residual <= tolEff);
      if (ok || exhausted || outOfBudget) {
        return {
          lambdaMin: bestMin.lambda,
          lambdaMax: bestMax.lambda,
          vectorMin: bestMin.x,
          residualMin: bestMin.residual,
          vectorMax: bestMax.x,
          residualMax: bestMax.residual,
          iterations: steps,
          matvecs,
          restarts,
          converged: ok,
          tolerance: tolEff,
        };
      }
      // The estimate was optimistic (rounding in the recurrence): keep the best pairs, iterate further.
      verifyAfter = steps + Math.max(2, Math.floor(m / 4));
    }

    // ---- Thick restart when the basis is full.
    if (j === m) {
      restarts++;
      const keep = chooseKept(m, which);
      thickRestart(V, T, m, n, evals, evecs, keep, beta);
      j = keep.length;
      // v_j (the outgoing Lanczos vector) now sits in slot j; T's border column j holds β·y_{m,i}.
    }
  }
}

interface Best {
  lambda: number;
  residual: number;
  readonly x: Float64Array;
}

/** Replaces the stored pair when the new explicit residual is smaller (or the stored one is not finite). */
function updateBest(best: Best, e: { lambda: number; residual: number }, x: Float64Array): void {
  if (e.residual <= best.residual || !Number.isFinite(best.residual)) {
    best.lambda = e.lambda;
    best.residual = e.residual;
    best.x.set(x);
  }
}
/** Rayleigh quotient λ = xᵀAx (x unit) and the explicit residual ‖Ax − λx‖₂; `ax` is scratch. */
function explicitPair(op: SymmetricOperator, x: Float64Array, ax: Float64Array): { lambda: number; residual: number } {
  op.apply(x, ax);
  const n = x.length;
  let lambda = 0;
  for (let r = 0; r < n; r++) lambda += x[r] * ax[r];
  let s = 0;
  for (let r = 0; r < n; r++) {
    const d = ax[r] - lambda * x[r];
    s += d * d;
  }
  return { lambda, residual: Math.sqrt(s) };
}

/** Writes x ← Σ_i V_i · Y[i, col] over the first `j` basis vectors (Y is j×j row-major with stride ldy), normalised. */
function ritzVector(V: Float64Array, j: number, n: number, Y: Float64Array, ldy: number, col: number, x: Float64Array): void {
  x.fill(0);
  for (let i = 0; i < j; i++) {
    const c = Y[i * ldy + col];
    if (c === 0) continue;
    const off = i * n;
    for (let r = 0; r < n; r++) x[r] += c * V[off + r];
  }
  const s = nrm(x, 0, n);
  if (s > 0) for (let r = 0; r < n; r++) x[r] /= s;
}

/** Indices (into the ascending Ritz values of an m×m block) of the Ritz vectors kept at a thick restart. */
function chooseKept(m: number, which: LanczosWhich): number[] {
  const keep: number[] = [];
  if (which === 'min') {
    const k = Math.max(1, Math.floor(m / 2));
    for (let i = 0; i < k; i++) keep.push(i);
  } else if (which === 'max') {
    const k = Math.max(1, Math.floor(m / 2));
    for (let i = m - k; i < m; i++) keep.push(i);
  } else {
    const kLo = Math.max(1, Math.floor(0.4 * m));
    const kHi = Math.max(1, Math.floor(0.1 * m));
    for (let i = 0; i < kLo; i++) keep.push(i);
    for (let i = Math.max(kLo, m - kHi); i < m; i++) keep.push(i);
  }
  return keep;
}

/**
 * Replaces the basis by the kept Ritz vectors V·Y[:, keep] (in slots 0..k−1), moves the outgoing Lanczos vector
 * from slot m to slot k, and resets T to the arrowhead diag(θ_keep) bordered by β·Y[m−1, keep].
 */
function thickRestart(
  V: Float64Array,
  T: Float64Array,
  m: number,
  n: number,
  evals: Float64Array,
  Y: Float64Array,
  keep: readonly number[],
  beta: number,
): void {
  const k = keep.length;
  const B = 256; // rows per block: m·B doubles of scratch stay in cache
  const tmp = new Float64Array(m * B);
  for (let r0 = 0; r0 < n; r0 += B) {
    const len = Math.min(B, n - r0);
    for (let i = 0; i < m; i++) {
      const src = i * n + r0;
      const dst = i * B;
      for (let r = 0; r < len; r++) tmp[dst + r] = V[src + r];
    }
    for (let c = 0; c < k; c++) {
      const col = keep[c] as number;
      const dst = c * n + r0;
      for (let r = 0; r < len; r++) V[dst + r] = 0;
      for (let i = 0; i < m; i++) {
        const y = Y[i * m + col];
        if (y === 0) continue;
        const src = i * B;
        for (let r = 0; r < len; r++) V[dst + r] += y * tmp[src + r];
      }
    }
  }
  V.copyWithin(k * n, m * n, (m + 1) * n);
  T.fill(0);
  for (let c = 0; c < k; c++) {
    const col = keep[c] as number;
    T[c * m + c] = evals[col];
    const b = beta * Y[(m - 1) * m + col];
    if (k < m) {
      T[c * m + k] = b;
      T[k * m + c] = b;
    }
  }
}

/**
 * One classical Gram–Schmidt pass of w against basis vectors 0..count−1: c_i = v_iᵀw, w ← w − Σ c_i v_i,
 * h_i ← h_i + c_i. `c` is scratch. Memory-bound, so four basis vectors share each sweep over w (one read of w per
 * four vectors in the dot pass, one read-modify-write of w per four in the update pass).
 */
function cgs(V: Float64Array, count: number, n: number, w: Float64Array, h: Float64Array, c: Float64Array): void {
  let i = 0;
  for (; i + 3 < count; i += 4) {
    const o0 = i * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    let a = 0, b = 0, e = 0, f = 0;
    for (let r = 0; r < n; r++) {
      const x = w[r];
      a += V[o0 + r] * x;
      b += V[o1 + r] * x;
      e += V[o2 + r] * x;
      f += V[o3 + r] * x;
    }
    c[i] = a;
    c[i + 1] = b;
    c[i + 2] = e;
    c[i + 3] = f;
  }
  for (; i < count; i++) c[i] = dotOff(V, i * n, w, n);
  for (let k = 0; k < count; k++) h[k] += c[k];
  i = 0;
  for (; i + 3 < count; i += 4) {
    const o0 = i * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    const a = -c[i], b = -c[i + 1], e = -c[i + 2], f = -c[i + 3];
    for (let r = 0; r < n; r++) w[r] += a * V[o0 + r] + b * V[o1 + r] + e * V[o2 + r] + f * V[o3 + r];
  }
  for (; i < count; i++) if (c[i] !== 0) axpyOff(-c[i], V, i * n, w, n);
}

/** Returns V[off .. off+n) · w. */
function dotOff(V: Float64Array, off: number, w: Float64Array, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let r = 0;
  for (; r + 3 < n; r += 4) {
    s0 += V[off + r] * w[r];
    s1 += V[off + r + 1] * w[r + 1];
    s2 += V[off + r + 2] * w[r + 2];
    s3 += V[off + r + 3] * w[r + 3];
  }
  for (; r < n; r++) s0 += V[off + r] * w[r];
  return s0 + s1 + (s2 + s3);
}

/** Writes w ← w + a·V[off .. off+n). */
function axpyOff(a: number, V: Float64Array, off: number, w: Float64Array, n: number): void {
  for (let r = 0; r < n; r++) w[r] += a * V[off + r];
}

/** ‖x[off .. off+n)‖₂. */
function nrm(x: Float64Array, off: number, n: number): number {
  let s0 = 0, s1 = 0;
  let r = 0;
  for (; r + 1 < n; r += 2) {
    s0 += x[off + r] * x[off + r];
    s1 += x[off + r + 1] * x[off + r + 1];
  }
  for (; r < n; r++) s0 += x[off + r] * x[off + r];
  return Math.sqrt(s0 + s1);
}

/**
 * Writes into slot `slot` of V a random unit vector orthogonal to slots 0..slot−1 (two Gram–Schmidt passes).
 * Returns false when nothing is left (the basis spans R^n to rounding).
 */
function randomUnitOrthogonal(rng: Rng, V: Float64Array, slot: number, n: number, w: Float64Array): boolean {
  for (let attempt = 0; attempt < 3; attempt++) {
    rng.fillNormal(w);
    const n0 = nrm(w, 0, n);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < slot; i++) {
        const off = i * n;
        let c = 0;
        for (let r = 0; r < n; r++) c += V[off + r] * w[r];
        for (let r = 0; r < n; r++) w[r] -= c * V[off + r];
      }
    }
    const n1 = nrm(w, 0, n);
    if (n1 > 1e-8 * n0) {
      const off = slot * n;
      for (let r = 0; r < n; r++) V[off + r] = w[r] / n1;
      return true;
    }
  }
  return false;
}
