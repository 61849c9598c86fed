/**
 * Extreme eigenpairs of a symmetric operator from matrix-vector products only: thick-restart Lanczos
 * (Wu & Simon 2000, "Thick-restart Lanczos method for large symmetric eigenvalue problems", SIAM J. Matrix Anal.
 * Appl. 22(2)) with partial reorthogonalisation in the first cycle and full reorthogonalisation after a restart.
 * Used for Hessian spectra via exact Hessian-vector products (THEORY.md §1.2, §6; issue 4 item 1).
 *
 * Design (for dim ≈ 10⁵, the UFM at K=10, d=20, n=500):
 * - Memory is m+1 basis vectors of length dim (m = `maxBasis`, default 40: 0.8 MB per vector, 33 MB in all at
 *   dim = 10⁵), in a workspace kept between calls with WebAssembly SIMD kernels for the vector passes
 *   (lanczosKernels.ts, wasmVec.ts; scalar JS where wasm SIMD is missing).
 * - Reorthogonalisation. After the local recurrence (w ← Av_j − α_j v_j − β_{j−1} v_{j−1}, or the arrowhead
 *   couplings right after a restart) a new vector may get classical Gram–Schmidt passes against the basis: one,
 *   and a second when that pass removes more than 1/√2 of its norm (the DGKS "twice is enough" criterion).
 *   Full reorthogonalisation runs them at every step (memory-bound: ~2·j·dim doubles read per step, which
 *   dominated the cost at dim 10⁵ — 5× the products). Partial reorthogonalisation (Simon 1984, "The Lanczos
 *   algorithm with partial reorthogonalization", Math. Comp. 42) tracks estimates ω_{j,k} ≈ v_jᵀv_k by the
 *   recurrence obtained from the Lanczos relation (see estimateOmega) and runs the passes only when some estimate
 *   exceeds √ε — against the vectors whose estimate exceeds ε^{3/4}, and again on the next step — which keeps the
 *   basis semi-orthogonal (|ω| ≤ √ε), enough for the projected matrix to be the projection of A to working
 *   accuracy (Simon, Thm 4), so converged Ritz values are accurate and no ghosts appear. It runs in the first cycle
 *   (no restart yet: the Lanczos relation is the plain three-term one) when dim > 4m; after a thick restart, and
 *   for small dims where the passes are cheap, every step is reorthogonalised fully (the kept Ritz vectors of a
 *   semi-orthogonal basis need not be semi-orthogonal among themselves, and the estimates do not cover that).
 *   None of this touches what the result means (below): λ and r are recomputed explicitly from the returned vector.
 * - When the basis is full it is restarted thickly: the Ritz vectors nearest the wanted ends are kept
 *   (40 % at the bottom, 10 % at the top for `which: 'both'`), the projected matrix becomes
 *   diag(θ_keep) bordered by the couplings β·y_{m,i} (an arrowhead), and the Krylov recurrence continues from the
 *   last Lanczos vector. This keeps the convergence of unrestarted Lanczos to a large extent at fixed memory.
 * - Rayleigh–Ritz runs after every step while j < 20, then on a schedule predicted from the decay of the residual
 *   estimate (see ritzSkip): before the first restart only the two extreme Ritz values and the last components of
 *   their vectors, O(j) (tridiagExtreme.ts); after it the arrowhead T is diagonalised densely ({@link symEigInto},
 *   O(j³)). The residual
 *   of a Ritz pair (θ, Vy) is estimated by |β_j·y_j| (the last component times the outgoing coupling) and, before
 *   reporting convergence, recomputed explicitly as ‖A x − (xᵀAx) x‖ with one extra product (the other end's pair
 *   only when returning).
 * - The start vector is uniform on [−1, 1)^dim from a stream seeded by the Rng (any continuous distribution gives
 *   a non-zero component along every eigenvector with probability 1).
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
import { tridiagExtreme } from './tridiagExtreme.ts';
import { tridiagEigenvector } from './tridiagVector.ts';
import type { VecKernels } from './lanczosKernels.ts';
import { acquireKernels, releaseKernels } from './lanczosKernels.ts';

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
  /**
   * Basis size m before a thick restart (capped at dim).
   * @defaultValue {@link defaultMaxBasis}(dim): 64 while the workspace stays within 64 MB (dim ≤ 1.29·10⁵), else 40
   */
  readonly maxBasis?: number;
  /**
   * Reorthogonalisation: 'partial' (default) runs full Gram–Schmidt passes only when Simon's ω recurrence estimates
   * a loss of orthogonality above √ε (and always when dim ≤ 4·maxBasis, where they are cheap); 'full' runs them at
   * every step.
   * @defaultValue 'partial'
   */
  readonly reorthogonalisation?: 'partial' | 'full';
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
  /** Steps that ran full Gram–Schmidt passes (all of them under 'full'). */
  readonly reorthogonalisations: number;
}

const EPS = 2 ** -52;

/**
 * Default basis size: 64 when (64 + 5)·dim doubles fit the 64 MB kept workspace, else 40. A larger basis means
 * fewer thick restarts, and partial reorthogonalisation runs only before the first one: at dim 10⁵ (the UFM at
 * K = 10, d = 20, n = 500) the λ_min runs take 47–57 products — one restart with 40, none with 64 — and the cost
 * per product drops from ~1.9 to ~1.5 HVPs (bench/lanczos.bench.ts).
 */
export function defaultMaxBasis(dim: number): number {
  return 69 * dim <= 2 ** 23 ? 64 : 40;
}
/**
 * Doubles of the small dense arrays carved from the workspace: T, its eigenvectors and a copy (3m²), the ω estimates
 * ((m+1)²), eigenvalues, scratch, last row, one eigenvector and its 5m scratch, the extreme-value scratch (15m),
 * and the couplings (2m + 2).
 */
function smallDoubles(m: number): number {
  return 3 * m * m + (m + 1) * (m + 1) + 17 * m + 2;
}
/** Rows per block of the thick restart's in-place V·Y (m·256 doubles of scratch stay in L2). */
const RESTART_BLOCK = 256;

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
  const mReq = options.maxBasis ?? defaultMaxBasis(n);
  const m = Number.isInteger(mReq) && mReq >= 2 ? Math.min(mReq, n) : 2; // invalid values are rejected below
  const size = (m + 5) * n + m * RESTART_BLOCK + smallDoubles(m);
  // The basis, the n-vectors and the small dense arrays live in a workspace kept between calls, with SIMD kernels
  // (lanczosKernels.ts): the trust region calls Lanczos at every second-order check, and at the hunts' sizes
  // (dim 20–80) allocating the m×m arrays afresh cost more than the products.
  const ws = acquireKernels(size);
  try {
    return lanczosIn(op, options, ws);
  } finally {
    releaseKernels(ws);
  }
}

/** The method on a workspace of (m+5)·n + m·RESTART_BLOCK doubles (see {@link lanczos}). */
function lanczosIn(op: SymmetricOperator, options: LanczosOptions, K: VecKernels): LanczosResult {
  const n = op.dim;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`lanczos: dim must be a positive integer; got ${n}`);
  const which = options.which ?? 'both';
  const tolAbs = options.tol ?? 1e-8;
  const relTol = options.relTol ?? 0;
  if (!(tolAbs >= 0) || !(relTol >= 0)) throw new RangeError('lanczos: tol and relTol must be ≥ 0');
  const mReq = options.maxBasis ?? defaultMaxBasis(n);
  if (!Number.isInteger(mReq) || mReq < 2)
    throw new RangeError(`lanczos: maxBasis must be an integer ≥ 2; got ${mReq}`);
  const m = Math.min(mReq, n);
  const maxMatvecs = options.maxMatvecs ?? Math.min(20000, Math.max(500, 4 * n));
  const rng = options.rng;
  // Partial reorthogonalisation runs in the first cycle only; after a thick restart every step is reorthogonalised.
  let fullReorth = (options.reorthogonalisation ?? 'partial') === 'full' || n <= 4 * m;

  const F = K.F;
  const V = F.subarray(0, (m + 1) * n); // basis vectors, vector i at offset i·n
  // The small dense arrays, carved from the workspace after the restart scratch and zeroed (smallDoubles).
  let oS = (m + 5) * n + m * RESTART_BLOCK;
  F.fill(0, oS, oS + smallDoubles(m));
  const carve = (len: number): Float64Array => F.subarray(oS, (oS += len));
  const T = carve(m * m); // projected matrix VᵀAV (leading j×j block in use)
  const evals = carve(m);
  const evecs = carve(m * m);
  const work = carve(m);
  const Tj = carve(m * m);
  const lastRow = carve(m); // last components of the extreme Ritz vectors' eigenvectors of T (tridiagExtreme)
  const exWork = carve(6 * m);
  const ycol = carve(m); // one eigenvector of a tridiagonal T (tridiagEigenvector)
  const yWork = carve(5 * m);
  /** The full eigen-decomposition of T's leading jj×jj block into evals/evecs. */
  const fullEig = (jj: number): void => {
    for (let r = 0; r < jj; r++) for (let c = 0; c < jj; c++) Tj[r * jj + c] = T[r * m + c] as number;
    symEigInto(jj, Tj, jj, evals, evecs, work);
  };
  const h = carve(m + 1);
  const hc = carve(m + 1);
  const oW = (m + 1) * n;
  const oMin = (m + 2) * n;
  const oMax = (m + 3) * n;
  const oAx = (m + 4) * n;
  const oTmp = (m + 5) * n;
  const w = F.subarray(oW, oW + n);
  const xMin = F.subarray(oMin, oMin + n);
  const xMax = F.subarray(oMax, oMax + n);
  const ax = F.subarray(oAx, oAx + n);
  const dots = new Float64Array(4);
  // Om[i·(m+1) + k] estimates v_iᵀv_k (1 on the diagonal) for the partial reorthogonalisation.
  const Om = carve((m + 1) * (m + 1));
  const pair = new Float64Array(2);
  const sel = new Uint8Array(m + 1); // vectors of the last reorthogonalisation
  const idx = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) Om[i * (m + 1) + i] = 1;

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
  let nextRitz = 0; // step of the next Rayleigh–Ritz
  let lastRatio = Infinity; // residual estimate / tolerance at the last Rayleigh–Ritz
  let lastRitzStep = 0;
  let ritzJ = 0; // basis size of the last tridiagonal Rayleigh–Ritz, and its extreme Ritz values
  let ritzLo = NaN;
  let ritzHi = NaN;
  let ritzHiLast = NaN; // |last component| of its vector (lastRow[0] holds the low end's)
  let forceReorth = false; // next step reorthogonalises fully (after a reorthogonalised step or a restart)
  let reorths = 0;

  for (;;) {
    checkDeadline();
    // ---- Expand the basis by one Lanczos step: w = A v_j, orthogonalised against v_0..v_j.
    const vj = j * n;
    op.apply(V.subarray(vj, vj + n), w);
    matvecs++;
    steps++;
    K.dot2(vj, oW, n, pair);
    const norm0 = Math.sqrt(pair[1] as number);
    if (!Number.isFinite(norm0)) {
      // The operator returned NaN/Inf: nothing can be certified.
      return {
        lambdaMin: NaN,
        lambdaMax: NaN,
        vectorMin: bestMin.x,
        residualMin: Infinity,
        vectorMax: bestMax.x,
        residualMax: Infinity,
        iterations: steps,
        matvecs,
        restarts,
        converged: false,
        tolerance: tolEff,
        reorthogonalisations: reorths,
      };
    }
    if (norm0 > aNorm) aNorm = norm0;
    // Local three-term (or, right after a restart, arrowhead) recurrence with the couplings already in T.
    const alpha = pair[0] as number;
    h[j] = alpha;
    for (let i = 0; i < j; i++) h[i] = T[i * m + j] as number;
    const normLocal = localRecurrence(K, j, n, oW, h);
    // Partial reorthogonalisation (module doc): estimate v_iᵀv_{j+1} for the candidate v_{j+1} = w/‖w‖ and run
    // full Gram–Schmidt passes only when some estimate exceeds √ε (or when forced).
    let norm1 = normLocal;
    // (Under full reorthogonalisation every step runs the passes anyway and the estimates are never read again.)
    const worst = fullReorth
      ? 0
      : normLocal > 0
        ? estimateOmega(Om, m, T, h, j, normLocal, omegaNoise(n, aNorm))
        : Infinity;
    const lost = !(worst <= SQRT_EPS); // NaN counts as lost
    if (fullReorth || forceReorth || lost) {
      // Against which vectors: all of them (full mode, or a non-finite estimate), else those whose estimate
      // exceeds η = ε^{3/4} (Simon's "modified" PRO; Larsen 1998), plus, on the forced step after a triggered
      // one, the vectors of that step.
      const all = fullReorth || worst !== worst;
      let cnt = 0;
      for (let k = 0; k <= j; k++) {
        if (all || (forceReorth && sel[k] === 1) || Math.abs(Om[(j + 1) * (m + 1) + k] as number) > ETA) sel[k] = 1;
        else sel[k] = 0;
        if (sel[k] === 1) idx[cnt++] = k;
      }
      forceReorth = !forceReorth && lost; // Simon: the vector after a reorthogonalised one gets one too
      reorths++;
      cgs(K, idx, cnt, n, oW, h, hc, dots);
      norm1 = Math.sqrt(K.sumsq(oW, n));
      if (norm1 < Math.SQRT1_2 * normLocal) {
        cgs(K, idx, cnt, n, oW, h, hc, dots);
        norm1 = Math.sqrt(K.sumsq(oW, n));
      }
      resetOmega(Om, m, j + 1, omegaFloor(n), idx, cnt);
    } else {
      forceReorth = false;
    }
    for (let i = 0; i <= j; i++) {
      T[i * m + j] = h[i] as number;
      T[j * m + i] = h[i] as number;
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
      resetOmega(Om, m, j, omegaFloor(n));
    } else {
      beta = norm1;
      K.scale(j * n, oW, 1 / norm1, n);
    }
    if (j < m && !exhausted) {
      T[j * m + (j - 1)] = beta;
      T[(j - 1) * m + j] = beta;
    }

    // ---- Rayleigh–Ritz on the leading j×j block: at every step while j is small, then on a schedule predicted
    // from the decay of the residual estimate (it costs O(j³), comparable to a product at j ≈ 40, dim 10⁵);
    // always when the basis is full, exhausted or out of budget.
    const outOfBudget = matvecs + 2 >= maxMatvecs;
    if (steps < nextRitz && j < m && !exhausted && !outOfBudget) continue;
    // Before the first restart T is tridiagonal, and the estimates need only the two extreme Ritz values and the last
    // components of their eigenvectors: O(j) each by Sturm-bracketed Newton and inverse iteration (tridiagExtreme.ts;
    // the previous step's extreme values bound the new ones by interlacing); Ritz vectors for an explicit check take
    // O(j) each by inverse iteration, and the full O(j³) eigensolve runs only at a restart. After a restart T is
    // arrow-shaped and every Ritz step is the full one.
    const tridiagonal = restarts === 0;
    if (tridiagonal) {
      // An end is computed when it is wanted or the relative tolerance needs the spectrum's scale; the other one
      // only if the method returns (below).
      const hinted = ritzJ === j - 1;
      if (which !== 'max' || relTol > 0) {
        const lo = tridiagExtreme(j, T, 0, m + 1, T, m, m + 1, 1, hinted ? ritzLo : NaN, exWork, lastRow[0]!);
        lastRow[0] = lo.last;
        ritzLo = lo.value;
      } else ritzLo = NaN;
      if (which !== 'min' || relTol > 0) {
        const hi = tridiagExtreme(j, T, 0, m + 1, T, m, m + 1, -1, hinted ? ritzHi : NaN, exWork, ritzHiLast);
        lastRow[j - 1] = ritzHiLast = hi.last;
        ritzHi = hi.value;
      } else ritzHi = NaN;
      evals[0] = ritzLo;
      evals[j - 1] = ritzHi;
      ritzJ = j;
    } else fullEig(j);
    if (relTol > 0) tolEff = tolAbs + relTol * Math.max(Math.abs(evals[0]!), Math.abs(evals[j - 1]!));
    const estMin = Math.abs(beta * (tridiagonal ? lastRow[0]! : evecs[(j - 1) * j + 0]!));
    const estMax = Math.abs(beta * (tridiagonal ? lastRow[j - 1]! : evecs[(j - 1) * j + (j - 1)]!));
    const wantMin = which !== 'max';
    const wantMax = which !== 'min';
    const estOk = (!wantMin || estMin <= tolEff) && (!wantMax || estMax <= tolEff);
    const ratio = Math.max(wantMin ? estMin : 0, wantMax ? estMax : 0) / Math.max(tolEff, Number.MIN_VALUE);
    nextRitz = steps + ritzSkip(ratio, lastRatio, steps - lastRitzStep, j);
    lastRatio = ratio;
    lastRitzStep = steps;

    // A restart needs every eigenvector of T (solved just before it, below); an explicit check of an unrestarted
    // (tridiagonal) run needs only those of the extreme Ritz values, by inverse iteration in O(j) each
    // (tridiagVector.ts) instead of the O(j³) solve — also when the basis is full but the run returns (exhausted).
    const vectorsAll = !tridiagonal;
    /** The Ritz vector of evals[col] into the slot at `ox`. */
    const ritz = (col: number, ox: number): void => {
      if (vectorsAll) ritzVector(K, j, n, evecs, j, col, ox);
      else {
        if (!(evals[col] === evals[col]))
          evals[col] = tridiagExtreme(j, T, 0, m + 1, T, m, m + 1, col === 0 ? 1 : -1, NaN, exWork).value;
        tridiagEigenvector(j, T, 0, m + 1, T, m, m + 1, evals[col]!, ycol, yWork);
        ritzVector(K, j, n, ycol, 1, 0, ox);
      }
    };
    if ((estOk && steps >= verifyAfter) || exhausted || outOfBudget) {
      // Explicit check of the wanted end(s): Ritz vectors, Rayleigh quotients and true residuals (one product
      // each); the other end only when returning.
      if (wantMin) {
        ritz(0, oMin);
        updateBest(bestMin, explicitPair(op, K, xMin, oMin, ax, oAx), xMin);
        matvecs++;
      }
      if (wantMax) {
        ritz(j - 1, oMax);
        updateBest(bestMax, explicitPair(op, K, xMax, oMax, ax, oAx), xMax);
        matvecs++;
      }
      const ok = (!wantMin || bestMin.residual <= tolEff) && (!wantMax || bestMax.residual <= tolEff);
      if (ok || exhausted || outOfBudget) {
        if (!wantMin) {
          ritz(0, oMin);
          updateBest(bestMin, explicitPair(op, K, xMin, oMin, ax, oAx), xMin);
          matvecs++;
        }
        if (!wantMax) {
          ritz(j - 1, oMax);
          updateBest(bestMax, explicitPair(op, K, xMax, oMax, ax, oAx), xMax);
          matvecs++;
        }
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
          reorthogonalisations: reorths,
        };
      }
      // The estimate was optimistic (rounding in the recurrence): keep the best pairs, iterate further.
      verifyAfter = steps + Math.max(2, Math.floor(m / 4));
    }

    // ---- Thick restart when the basis is full.
    if (j === m) {
      if (restarts === 0) fullEig(j); // T is still tridiagonal: its full eigendecomposition, for the kept vectors
      restarts++;
      const keep = chooseKept(m, which);
      thickRestart(K, oTmp, T, m, n, evals, evecs, keep, beta);
      j = keep.length;
      fullReorth = true;
      // v_j (the outgoing Lanczos vector) now sits in slot j; T's border column j holds β·y_{m,i}.
    }
  }
}

/**
 * Steps until the next Rayleigh–Ritz: 1 while j < 20 or the estimate is not decreasing; otherwise half the steps
 * that the observed geometric decay of (estimate / tolerance) needs to reach 1, capped at ⌊j/10⌋ — so convergence
 * is detected at most a step or two late while the O(j³) eigensolve runs a fraction of the steps.
 */
function ritzSkip(ratio: number, lastRatio: number, dSteps: number, j: number): number {
  const cap = Math.floor(j / 10);
  if (cap <= 1 || !(ratio > 1) || !(ratio < lastRatio) || dSteps < 1) return 1;
  const perStep = Math.log(lastRatio / ratio) / dSteps;
  const need = Math.log(ratio) / perStep;
  return Math.max(1, Math.min(cap, Math.floor(need / 2)));
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
/** Rayleigh quotient λ = xᵀAx (x unit, at offset ox) and the explicit residual ‖Ax − λx‖₂; `ax` is scratch. */
function explicitPair(
  op: SymmetricOperator,
  K: VecKernels,
  x: Float64Array,
  ox: number,
  ax: Float64Array,
  oax: number,
): { lambda: number; residual: number } {
  op.apply(x, ax);
  const n = x.length;
  const lambda = K.dot(ox, oax, n);
  return { lambda, residual: Math.sqrt(K.resid(oax, ox, lambda, n)) };
}

/**
 * Writes x (at offset ox) ← Σ_i V_i · Y[i, col] over the first `j` basis vectors (Y is j×j row-major with stride
 * ldy), normalised. Blocked over rows (a block of x stays in L1 while four basis vectors at a time are added into
 * it), so each basis entry is read once and x is not re-streamed j times.
 */
function ritzVector(K: VecKernels, j: number, n: number, Y: Float64Array, ldy: number, col: number, ox: number): void {
  const B = 1024;
  K.F.fill(0, ox, ox + n);
  for (let r0 = 0; r0 < n; r0 += B) {
    const len = Math.min(B, n - r0);
    let i = 0;
    for (; i + 3 < j; i += 4) {
      const o = i * n + r0;
      K.axpy4(
        ox + r0,
        o,
        o + n,
        o + 2 * n,
        o + 3 * n,
        Y[i * ldy + col] as number,
        Y[(i + 1) * ldy + col] as number,
        Y[(i + 2) * ldy + col] as number,
        Y[(i + 3) * ldy + col] as number,
        len,
      );
    }
    for (; i < j; i++) K.axpy(ox + r0, i * n + r0, Y[i * ldy + col] as number, len);
  }
  const s = Math.sqrt(K.sumsq(ox, n));
  if (s > 0) K.scale(ox, ox, 1 / s, n);
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
  K: VecKernels,
  oTmp: number,
  T: Float64Array,
  m: number,
  n: number,
  evals: Float64Array,
  Y: Float64Array,
  keep: readonly number[],
  beta: number,
): void {
  const k = keep.length;
  const V = K.F;
  // Rows in blocks of RESTART_BLOCK: the block of all m vectors is copied to the scratch at oTmp (m·B doubles,
  // in cache), then each kept vector's block is rebuilt from it four vectors at a time.
  const B = RESTART_BLOCK;
  for (let r0 = 0; r0 < n; r0 += B) {
    const len = Math.min(B, n - r0);
    for (let i = 0; i < m; i++) V.copyWithin(oTmp + i * B, i * n + r0, i * n + r0 + len);
    for (let c = 0; c < k; c++) {
      const col = keep[c] as number;
      const dst = c * n + r0;
      V.fill(0, dst, dst + len);
      let i = 0;
      for (; i + 3 < m; i += 4) {
        const o = oTmp + i * B;
        K.axpy4(
          dst,
          o,
          o + B,
          o + 2 * B,
          o + 3 * B,
          Y[i * m + col] as number,
          Y[(i + 1) * m + col] as number,
          Y[(i + 2) * m + col] as number,
          Y[(i + 3) * m + col] as number,
          len,
        );
      }
      for (; i < m; i++) K.axpy(dst, oTmp + i * B, Y[i * m + col] as number, len);
    }
  }
  V.copyWithin(k * n, m * n, (m + 1) * n);
  T.fill(0);
  for (let c = 0; c < k; c++) {
    const col = keep[c] as number;
    T[c * m + c] = evals[col]!;
    const b = beta * Y[(m - 1) * m + col]!;
    if (k < m) {
      T[c * m + k] = b;
      T[k * m + c] = b;
    }
  }
}

/**
 * One classical Gram–Schmidt pass of w (at offset ow) against the basis vectors idx[0..count):
 * c_q = v_{idx[q]}ᵀw, w ← w − Σ c_q v_{idx[q]}, h_{idx[q]} ← h_{idx[q]} + c_q. `c` and `d4` are scratch.
 * Memory-bound, so four basis vectors share each sweep over w (dot4, axpy4).
 */
function cgs(
  K: VecKernels,
  idx: Int32Array,
  count: number,
  n: number,
  ow: number,
  h: Float64Array,
  c: Float64Array,
  d4: Float64Array,
): void {
  let q = 0;
  for (; q + 3 < count; q += 4) {
    K.dot4(
      ow,
      (idx[q] as number) * n,
      (idx[q + 1] as number) * n,
      (idx[q + 2] as number) * n,
      (idx[q + 3] as number) * n,
      n,
      d4,
    );
    for (let t = 0; t < 4; t++) c[q + t] = d4[t] as number;
  }
  for (; q < count; q++) c[q] = K.dot((idx[q] as number) * n, ow, n);
  for (let k = 0; k < count; k++) h[idx[k] as number] = (h[idx[k] as number] as number) + (c[k] as number);
  q = 0;
  for (; q + 3 < count; q += 4) {
    K.axpy4(
      ow,
      (idx[q] as number) * n,
      (idx[q + 1] as number) * n,
      (idx[q + 2] as number) * n,
      (idx[q + 3] as number) * n,
      -(c[q] as number),
      -(c[q + 1] as number),
      -(c[q + 2] as number),
      -(c[q + 3] as number),
      n,
    );
  }
  for (; q < count; q++) if (c[q] !== 0) K.axpy(ow, (idx[q] as number) * n, -(c[q] as number), n);
}

// PARTIAL REORTHOGONALISATION //

const SQRT_EPS = Math.sqrt(EPS);
/** Vectors whose estimate exceeds η = ε^{3/4} are included in a reorthogonalisation. */
const ETA = EPS ** 0.75;

/** Numerator of the rounding term of the ω recurrence: ε·√n·2‖A‖ (Simon 1984, §4: local errors ~ ε‖A‖). */
function omegaNoise(n: number, aNorm: number): number {
  return EPS * Math.sqrt(n) * 2 * aNorm;
}

/** The level of |v_iᵀv_k| right after an explicit Gram–Schmidt pass (and of fresh random vectors): ε·√n. */
function omegaFloor(n: number): number {
  return EPS * Math.sqrt(n);
}

/**
 * Writes row j+1 of Om, the estimates ω_{j+1,k} ≈ v_{j+1}ᵀv_k of the candidate v_{j+1} = w/β_j, from the
 * recurrence obtained by multiplying β_j v_{j+1} = A v_j − Σ_i h_i v_i by v_kᵀ and using A v_k = Σ_i T_{ik} v_i:
 *
 *     β_j ω_{j+1,k} = Σ_{i≤j} T_{ik} ω_{j,i} − Σ_{i≤j} h_i ω_{i,k} ± ε√n·2‖A‖      (k < j),
 *
 * Simon's recurrence (Math. Comp. 42, 1984, eq. 4.3) written for the full projected matrix, so that it also holds
 * after a thick restart (arrowhead couplings) and after reorthogonalised steps (small non-tridiagonal entries).
 * ω_{j+1,j} is set to the local level ε√n·2‖A‖/β_j. Returns max_k |ω_{j+1,k}|.
 */
function estimateOmega(
  Om: Float64Array,
  m: number,
  T: Float64Array,
  h: Float64Array,
  j: number,
  betaJ: number,
  noise: number,
): number {
  const ld = m + 1;
  const rowJ = j * ld;
  const rowN = (j + 1) * ld;
  let worst = noise / betaJ;
  for (let k = 0; k < j; k++) {
    let s = 0;
    for (let i = 0; i <= j; i++)
      s += (T[i * m + k] as number) * (Om[rowJ + i] as number) - (h[i] as number) * (Om[i * ld + k] as number);
    const om = (s + (s >= 0 ? noise : -noise)) / betaJ;
    Om[rowN + k] = om;
    Om[k * ld + j + 1] = om;
    const a = Math.abs(om);
    if (a > worst || a !== a) worst = a;
  }
  Om[rowN + j] = noise / betaJ;
  Om[j * ld + j + 1] = noise / betaJ;
  Om[rowN + j + 1] = 1;
  return worst;
}

/**
 * Row `row` of Om after an explicit orthogonalisation against the vectors idx[0..cnt) (all k < row when idx is
 * omitted): those ω_{row,k} at the floor.
 */
function resetOmega(Om: Float64Array, m: number, row: number, floor: number, idx?: Int32Array, cnt = 0): void {
  const ld = m + 1;
  const count = idx === undefined ? row : cnt;
  for (let q = 0; q < count; q++) {
    const k = idx === undefined ? q : (idx[q] as number);
    if (k >= row) continue;
    Om[row * ld + k] = floor;
    Om[k * ld + row] = floor;
  }
  Om[row * ld + row] = 1;
}

/**
 * The local recurrence w ← w − Σ_{i≤j} h_i v_i (w at offset ow): the couplings to vectors before v_{j−1} (non-zero
 * only right after a thick restart) one axpy each, then h_j v_j and h_{j−1} v_{j−1} in one pass that also returns
 * ‖w‖.
 */
function localRecurrence(K: VecKernels, j: number, n: number, ow: number, h: Float64Array): number {
  for (let i = 0; i + 1 < j; i++) {
    const t = h[i] as number;
    if (t !== 0) K.axpy(ow, i * n, -t, n);
  }
  const oj = j * n;
  const q =
    j === 0
      ? K.local2(ow, oj, oj, h[0] as number, 0, n)
      : K.local2(ow, oj, oj - n, h[j] as number, h[j - 1] as number, n);
  return Math.sqrt(q);
}

/** ‖x[off .. off+n)‖₂. */
function nrm(x: Float64Array, off: number, n: number): number {
  let s0 = 0,
    s1 = 0;
  let r = 0;
  for (; r + 1 < n; r += 2) {
    s0 += x[off + r]! * x[off + r]!;
    s1 += x[off + r + 1]! * x[off + r + 1]!;
  }
  for (; r < n; r++) s0 += x[off + r]! * x[off + r]!;
  return Math.sqrt(s0 + s1);
}

/**
 * Writes into slot `slot` of V a random unit vector orthogonal to slots 0..slot−1 (two Gram–Schmidt passes).
 * Returns false when nothing is left (the basis spans R^n to rounding).
 */
/**
 * Fills w with uniform draws on [−1, 1) from a Mulberry32 stream seeded by one draw of `rng` (deterministic in the
 * seed). Any start with a non-zero component along every eigenvector works, which a continuous distribution gives
 * with probability 1; this is ~10× faster than rng.fillNormal (a 10⁵-vector of normals cost ~4 Hessian-vector
 * products at dim 10⁵).
 */
function fillUniform(rng: Rng, w: Float64Array): void {
  let a = rng.int(2 ** 32) >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  for (let r = 0; r < w.length; r++) w[r] = ((next() >>> 5) * 67108864 + (next() >>> 6)) / 4503599627370496 - 1;
}

function randomUnitOrthogonal(rng: Rng, V: Float64Array, slot: number, n: number, w: Float64Array): boolean {
  for (let attempt = 0; attempt < 3; attempt++) {
    fillUniform(rng, w);
    const n0 = nrm(w, 0, n);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < slot; i++) {
        const off = i * n;
        let c = 0;
        for (let r = 0; r < n; r++) c += V[off + r]! * w[r]!;
        for (let r = 0; r < n; r++) w[r]! -= c * V[off + r]!;
      }
    }
    const n1 = nrm(w, 0, n);
    if (n1 > 1e-8 * n0) {
      const off = slot * n;
      for (let r = 0; r < n; r++) V[off + r] = w[r]! / n1;
      return true;
    }
  }
  return false;
}
