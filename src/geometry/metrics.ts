/**
 * Neural-collapse metrics NC1–NC4, their orthogonal-frame variants and Papyan's self-duality (THEORY.md §2.7).
 *
 * Inputs everywhere: W — K×d classifier (row k = w^k); H — d×N features, columns class-major; b — length-K bias or
 * `undefined` (bias-free, b ≡ 0); counts — n_k per class, Σ n_k = N (imbalanced counts allowed).
 *
 * Conventions (see also means.ts):
 * - h̄_k = class-k mean; h_G = (1/K) Σ_k h̄_k, the **mean of class means** (equal to the sample mean when balanced);
 *   M = H̄ − h_G 1ᵀ (centred means).
 * - Σ_W = (1/N) Σ_{k,i} (h_{k,i} − h̄_k)(h_{k,i} − h̄_k)ᵀ, Σ_B = (1/K) M Mᵀ (Zhu et al.'s `validate_NC.py`).
 * - ETF target T_ETF = (I − J)/√(K−1) (unit Frobenius norm); orthogonal-frame target T_OF = I/√K.
 *
 * Degenerate inputs never throw: a **normalised** quantity whose normaliser is zero (W = 0, M = 0, W M = 0, Σ_B = 0)
 * is returned as NaN, meaning "undefined", not "collapsed". Non-finite inputs give NaN for the affected metrics.
 * Shape mismatches are programmer errors and throw RangeError naming the argument.
 */
import type { Mat } from '../core/index.ts';
import { allFinite, gemmNN, gemmTN, svd } from '../linalg/index.ts';
import { centredMeans, checkCounts, classMeans, globalMean } from './means.ts';
import { cdnv } from './cdnv.ts';
import { frob2, gramCols, gramRows, mul } from './_internals/dense.ts';

// TYPES //

/** The `metrics` object of `ufmcheck solve --json` / `ufmcheck metrics`. */
export interface NcMetrics {
  /** NC1, pinv variant (see {@link NC1_VARIANT}). */
  readonly nc1: number;
  /** NC1, trace-quotient variant tr Σ_W / tr Σ_B (Tirer et al. 2023). */
  readonly nc1TraceQuotient: number;
  /** NC2 of the classifier, ETF target. */
  readonly nc2W: number;
  /** NC2 of the centred means, ETF target. */
  readonly nc2H: number;
  /** NC2 of the classifier, orthogonal-frame target. */
  readonly nc2WOf: number;
  /** NC2 of the uncentred means H̄, orthogonal-frame target. */
  readonly nc2HOf: number;
  /** NC3 on W M, ETF target. */
  readonly nc3: number;
  /** NC3 on W H̄ (uncentred), orthogonal-frame target. */
  readonly nc3Of: number;
  /** Zhu et al.'s NC4 "residual" ‖W h_G + b‖₂ (not normalised). */
  readonly nc4: number;
  /** Papyan et al.'s NC4: fraction of samples where the classifier agrees with the nearest-class-mean rule. */
  readonly nccAgreement: number;
  /** Papyan et al.'s self-duality ‖Wᵀ/‖W‖_F − M/‖M‖_F‖_F². */
  readonly selfDuality: number;
  /** Self-duality against the uncentred means, ‖Wᵀ/‖W‖_F − H̄/‖H̄‖_F‖_F² (bias-free MSE, THEORY.md §2.1). */
  readonly selfDualityOf: number;
  /**
   * Class-distance normalised variance averaged over class pairs (Galanti et al. 2022, Def. 1; rhubarbwu/neural-collapse
   * `variability_cdnv`; see cdnv.ts). NaN when two class means coincide.
   */
  readonly cdnv: number;
}

/** Options of the NC1 pseudo-inverse. */
export interface NcMetricOptions {
  /**
   * Rank cut-off of Σ_B^†, relative to λ_max(Σ_B): eigenvalues λ ≤ relTol·λ_max are dropped.
   * @defaultValue d·ε (SciPy `pinvh`'s default rtol for the d×d matrix Σ_B)
   */
  readonly relTol?: number;
}

/** Names the NC1 variant `nc1` computes (THEORY.md §2.7 asks that the variant be named). */
export const NC1_VARIANT =
  'pinv: (1/K) tr(Σ_W Σ_B^†), Σ_W over N samples, Σ_B over K classes (Zhu et al. validate_NC.py); ' +
  'Σ_B^† drops eigenvalues ≤ relTol·λ_max(Σ_B), relTol = d·ε by default';

// FUNCTIONS //

function checkW(W: Mat, K: number, d: number): void {
  if (W.rows !== K || W.cols !== d) throw new RangeError(`W must be K×d = ${K}×${d}; got ${W.rows}×${W.cols}`);
}

function checkB(b: Float64Array | undefined, K: number): void {
  if (b !== undefined && b.length !== K) throw new RangeError(`b must have length K = ${K}; got ${b.length}`);
}

/**
 * ‖G/‖G‖_F − T‖_F for a K×K matrix G and unit-Frobenius target T; NaN when ‖G‖_F = 0 or G is not finite.
 */
function normalisedDistance(G: Mat, target: (i: number, j: number) => number): number {
  const K = G.rows;
  const nG = Math.sqrt(frob2(G));
  if (!(nG > 0) || !Number.isFinite(nG)) return NaN;
  let t = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < G.cols; j++) {
      const e = (G.data[i * G.cols + j] as number) / nG - target(i, j);
      t += e * e;
    }
  }
  return Math.sqrt(t);
}

/**
 * Distance of a K×K matrix to the simplex-ETF shape: ‖G/‖G‖_F − (I − J)/√(K−1)‖_F ∈ [0, 2]
 * (Zhu et al. `plot.py:compute_ETF`). NaN when G = 0.
 * @param G - K×K (e.g. W Wᵀ, Mᵀ M or W M), K ≥ 2
 * @example
 * distanceToEtfGram(etfGram(4)); // => 0
 */
export function distanceToEtfGram(G: Mat): number {
  const K = G.rows;
  if (G.cols !== K || K < 2) throw new RangeError(`G must be square with K ≥ 2; got ${G.rows}×${G.cols}`);
  const s = 1 / Math.sqrt(K - 1);
  return normalisedDistance(G, (i, j) => ((i === j ? 1 : 0) - 1 / K) * s);
}

/**
 * Distance of a K×K matrix to the orthogonal-frame shape: ‖G/‖G‖_F − I/√K‖_F (THEORY.md §2.7, OF variant).
 * NaN when G = 0.
 * @param G - K×K
 */
export function distanceToOfGram(G: Mat): number {
  const K = G.rows;
  if (G.cols !== K || K < 1) throw new RangeError(`G must be square; got ${G.rows}×${G.cols}`);
  const s = 1 / Math.sqrt(K);
  return normalisedDistance(G, (i, j) => (i === j ? s : 0));
}

/** Result of {@link nc1Detailed}. */
export interface Nc1Detail {
  /** (1/K) tr(Σ_W Σ_B^†); NaN when Σ_B = 0 or the input is not finite. */
  readonly value: number;
  /** Rank of Σ_B kept by the cut-off. */
  readonly rank: number;
  /** Absolute eigenvalue cut-off relTol·λ_max(Σ_B). */
  readonly cutoff: number;
  /** tr Σ_W. */
  readonly traceSigmaW: number;
  /** tr Σ_B. */
  readonly traceSigmaB: number;
}

function nc1From(H: Mat, counts: readonly number[], Hbar: Mat, M: Mat, relTol: number): Nc1Detail {
  const d = H.rows,
    N = H.cols,
    K = counts.length;
  if (!allFinite(H.data)) return { value: NaN, rank: 0, cutoff: NaN, traceSigmaW: NaN, traceSigmaB: NaN };
  // Eigenpairs of Σ_B = (1/K) M Mᵀ from the thin SVD of M (d×K): λ_i = σ_i²/K, u_i = left singular vectors.
  // More accurate than an EVD of the d×d matrix (σ_i is accurate to ε·σ_max, so λ_i to ε·σ_max·σ_i/K) and cheaper.
  const { U, s } = svd(M);
  const r = s.length;
  const lmax = r > 0 ? ((s[0] as number) * (s[0] as number)) / K : 0;
  const cutoff = relTol * lmax;
  const kept: number[] = [];
  for (let i = 0; i < r; i++) {
    const l = ((s[i] as number) * (s[i] as number)) / K;
    if (l > cutoff && l > 0) kept.push(i);
  }
  // Projections of the within-class deviations onto the kept eigenvectors; tr(Σ_W Σ_B^†) = Σ_i (u_iᵀ Σ_W u_i)/λ_i
  // with u_iᵀ Σ_W u_i = (1/N) Σ_j (u_iᵀ(h_j − h̄_{y_j}))², a sum of squares: non-negative by construction.
  // Dev = H − H̄[:, y] (d×N), P = U_keptᵀ Dev (q×N) through the blocked gemm.
  const q = kept.length;
  const Dev = new Float64Array(d * N);
  let trW = 0;
  for (let row = 0; row < d; row++) {
    let start = 0;
    for (let k = 0; k < K; k++) {
      const mean = Hbar.data[row * K + k] as number;
      const end = start + (counts[k] as number);
      for (let j = start; j < end; j++) {
        const dev = (H.data[row * N + j] as number) - mean;
        Dev[row * N + j] = dev;
        trW += dev * dev;
      }
      start = end;
    }
  }
  const Uk = new Float64Array(d * q);
  for (let row = 0; row < d; row++)
    for (let a = 0; a < q; a++) Uk[row * q + a] = U.data[row * U.cols + (kept[a] as number)] as number;
  const P = new Float64Array(q * N);
  if (q > 0) gemmTN(q, N, d, 1, Uk, q, Dev, N, 0, P, N);
  trW /= N;
  let acc = 0;
  for (let a = 0; a < q; a++) {
    const i = kept[a] as number;
    let quad = 0;
    for (let j = 0; j < N; j++) quad += (P[a * N + j] as number) * (P[a * N + j] as number);
    acc += quad / N / (((s[i] as number) * (s[i] as number)) / K);
  }
  const trB = frob2(M) / K;
  return { value: lmax > 0 ? acc / K : NaN, rank: q, cutoff, traceSigmaW: trW, traceSigmaB: trB };
}

/**
 * NC1, pseudo-inverse variant, with its diagnostics (THEORY.md §2.7; {@link NC1_VARIANT}).
 * Σ_B^† keeps eigenvalues λ > relTol·λ_max(Σ_B). The value is evaluated as Σ_i (u_iᵀ Σ_W u_i)/λ_i over the kept
 * eigenpairs with u_iᵀ Σ_W u_i a sum of squares, so it is ≥ 0 even for a near-singular Σ_B.
 * @param H - d×N class-major features
 * @param counts - per-class counts
 * @param options - `relTol` (default d·ε)
 * @returns value (NaN when Σ_B = 0, i.e. all class means coincide), kept rank, cut-off, tr Σ_W, tr Σ_B
 */
export function nc1Detailed(H: Mat, counts: readonly number[], options: NcMetricOptions = {}): Nc1Detail {
  const relTol = checkRelTol(options.relTol, H.rows);
  const Hbar = classMeans(H, counts);
  return nc1From(H, counts, Hbar, centredMeans(Hbar), relTol);
}

function checkRelTol(relTol: number | undefined, d: number): number {
  const r = relTol ?? Math.max(1, d) * Number.EPSILON;
  if (!(r >= 0) || !Number.isFinite(r)) throw new RangeError(`relTol must be a finite number ≥ 0; got ${r}`);
  return r;
}

/**
 * NC1 = (1/K) tr(Σ_W Σ_B^†), pinv variant with an explicit rank cut-off (see {@link nc1Detailed}).
 * 0 on collapsed features; NaN when all class means coincide.
 */
export function nc1(H: Mat, counts: readonly number[], options: NcMetricOptions = {}): number {
  return nc1Detailed(H, counts, options).value;
}

/** NC1, trace-quotient variant tr Σ_W / tr Σ_B (Tirer et al. 2023). NaN when tr Σ_B = 0. */
export function nc1TraceQuotient(H: Mat, counts: readonly number[]): number {
  const d = nc1Detailed(H, counts);
  return d.traceSigmaB > 0 ? d.traceSigmaW / d.traceSigmaB : NaN;
}

/** NC2 (classifier): ‖W Wᵀ/‖W Wᵀ‖_F − (I − J)/√(K−1)‖_F. NaN when W = 0. @param W - K×d, K ≥ 2 */
export function nc2W(W: Mat): number {
  return distanceToEtfGram(gramRows(W));
}

/** NC2 (classifier), orthogonal-frame target: ‖W Wᵀ/‖W Wᵀ‖_F − I/√K‖_F. NaN when W = 0. */
export function nc2WOf(W: Mat): number {
  return distanceToOfGram(gramRows(W));
}

/** NC2 (features): ETF distance of Mᵀ M, M the centred class means. NaN when M = 0. */
export function nc2H(H: Mat, counts: readonly number[]): number {
  return distanceToEtfGram(gramCols(centredMeans(classMeans(H, counts))));
}

/** NC2 (features), orthogonal-frame variant: OF distance of H̄ᵀ H̄ (uncentred means). NaN when H̄ = 0. */
export function nc2HOf(H: Mat, counts: readonly number[]): number {
  return distanceToOfGram(gramCols(classMeans(H, counts)));
}

/** NC3: ‖W M/‖W M‖_F − (I − J)/√(K−1)‖_F (Zhu et al. `compute_W_H_relation`). NaN when W M = 0. */
export function nc3(W: Mat, H: Mat, counts: readonly number[]): number {
  checkW(W, counts.length, H.rows);
  return distanceToEtfGram(mul(W, centredMeans(classMeans(H, counts))));
}

/** NC3, orthogonal-frame variant: ‖W H̄/‖W H̄‖_F − I/√K‖_F with uncentred H̄. NaN when W H̄ = 0. */
export function nc3Of(W: Mat, H: Mat, counts: readonly number[]): number {
  checkW(W, counts.length, H.rows);
  return distanceToOfGram(mul(W, classMeans(H, counts)));
}

function nc4From(W: Mat, hG: Float64Array, b: Float64Array | undefined): number {
  const K = W.rows,
    d = W.cols;
  let t = 0;
  for (let k = 0; k < K; k++) {
    let z = b === undefined ? 0 : (b[k] as number);
    for (let r = 0; r < d; r++) z += (W.data[k * d + r] as number) * (hG[r] as number);
    t += z * z;
  }
  return Math.sqrt(t);
}

/** Zhu et al.'s NC4 residual ‖W h_G + b‖₂ (b = undefined means bias-free). Not normalised, never NaN on finite input. */
export function nc4(W: Mat, H: Mat, b: Float64Array | undefined, counts: readonly number[]): number {
  checkW(W, counts.length, H.rows);
  checkB(b, counts.length);
  return nc4From(W, globalMean(classMeans(H, counts)), b);
}

function nccFrom(W: Mat, H: Mat, b: Float64Array | undefined, Hbar: Mat): number {
  const K = W.rows,
    d = W.cols,
    N = H.cols;
  // Logits Z = W H + b 1ᵀ and S = H̄ᵀ H (both K×N, blocked gemm). ‖h_j − h̄_k‖² = ‖h_j‖² − 2 S_kj + ‖h̄_k‖², so the
  // nearest mean minimises ‖h̄_k‖² − 2 S_kj (rounding of this expansion is O(ε‖h‖²); it can only matter for samples
  // equidistant from two means to that precision).
  const Z = new Float64Array(K * N);
  const S = new Float64Array(K * N);
  if (d > 0) {
    gemmNN(K, N, d, 1, W.data, d, H.data, N, 0, Z, N);
    gemmTN(K, N, d, 1, Hbar.data, K, H.data, N, 0, S, N);
  }
  const mNorm = new Float64Array(K);
  for (let r = 0; r < d; r++)
    for (let k = 0; k < K; k++) mNorm[k] = (mNorm[k] as number) + (Hbar.data[r * K + k] as number) ** 2;
  const best = new Int32Array(N),
    near = new Int32Array(N);
  const bestZ = new Float64Array(N),
    nearD = new Float64Array(N);
  for (let k = 0; k < K; k++) {
    const bk = b === undefined ? 0 : (b[k] as number);
    const mk = mNorm[k] as number;
    for (let j = 0; j < N; j++) {
      const z = (Z[k * N + j] as number) + bk;
      const dist = mk - 2 * (S[k * N + j] as number);
      if (k === 0 || z > (bestZ[j] as number)) {
        bestZ[j] = z;
        best[j] = k;
      }
      if (k === 0 || dist < (nearD[j] as number)) {
        nearD[j] = dist;
        near[j] = k;
      }
    }
  }
  let agree = 0;
  for (let j = 0; j < N; j++) if (best[j] === near[j]) agree++;
  return agree / N;
}

/**
 * Papyan et al.'s NC4: the fraction of samples j with argmax_k (W h_j + b)_k = argmin_k ‖h_j − h̄_k‖.
 * Ties go to the lowest class index on both sides (so e.g. W = 0 and equal means give a defined but uninformative
 * number). In [0, 1]; 1 at collapse. Named `nccAgreement` to keep it apart from Zhu's `nc4` (THEORY.md §2.7).
 */
export function nccAgreement(W: Mat, H: Mat, b: Float64Array | undefined, counts: readonly number[]): number {
  checkW(W, counts.length, H.rows);
  checkB(b, counts.length);
  return nccFrom(W, H, b, classMeans(H, counts));
}

function selfDualityFrom(W: Mat, M: Mat): number {
  const nW = Math.sqrt(frob2(W));
  const nM = Math.sqrt(frob2(M));
  if (!(nW > 0) || !(nM > 0) || !Number.isFinite(nW) || !Number.isFinite(nM)) return NaN;
  const K = W.rows,
    d = W.cols;
  let t = 0;
  for (let k = 0; k < K; k++) {
    for (let r = 0; r < d; r++) {
      const e = (W.data[k * d + r] as number) / nW - (M.data[r * K + k] as number) / nM;
      t += e * e;
    }
  }
  return t;
}

/** Papyan et al.'s self-duality ‖Wᵀ/‖W‖_F − M/‖M‖_F‖_F² ∈ [0, 4] with centred means M. NaN when W = 0 or M = 0. */
export function selfDuality(W: Mat, H: Mat, counts: readonly number[]): number {
  checkW(W, counts.length, H.rows);
  return selfDualityFrom(W, centredMeans(classMeans(H, counts)));
}

/** Self-duality against the uncentred means H̄ (bias-free MSE has W = α H̄ᵀ, THEORY.md §2.1). NaN when W or H̄ = 0. */
export function selfDualityOf(W: Mat, H: Mat, counts: readonly number[]): number {
  checkW(W, counts.length, H.rows);
  return selfDualityFrom(W, classMeans(H, counts));
}

/**
 * All metrics at once (class means computed once): the `metrics` object of `ufmcheck solve --json`.
 * @param W - K×d
 * @param H - d×N, class-major
 * @param b - length K, or undefined when bias-free
 * @param counts - per-class counts (K entries, Σ = N)
 * @param options - NC1 cut-off
 * @throws RangeError on shape mismatches (naming W, H, b or counts)
 * @example
 * ncMetrics(simplexEtf(3, 2), H_collapsed, undefined, [2, 2, 2]).nc2W; // => 0 (up to rounding)
 */
export function ncMetrics(
  W: Mat,
  H: Mat,
  b: Float64Array | undefined,
  counts: readonly number[],
  options: NcMetricOptions = {},
): NcMetrics {
  const K = counts.length;
  checkCounts(H, counts);
  checkW(W, K, H.rows);
  checkB(b, K);
  const relTol = checkRelTol(options.relTol, H.rows);
  const Hbar = classMeans(H, counts);
  const M = centredMeans(Hbar);
  const n1 = nc1From(H, counts, Hbar, M, relTol);
  const WWt = gramRows(W);
  return {
    nc1: n1.value,
    nc1TraceQuotient: n1.traceSigmaB > 0 ? n1.traceSigmaW / n1.traceSigmaB : NaN,
    nc2W: distanceToEtfGram(WWt),
    nc2H: distanceToEtfGram(gramCols(M)),
    nc2WOf: distanceToOfGram(WWt),
    nc2HOf: distanceToOfGram(gramCols(Hbar)),
    nc3: distanceToEtfGram(mul(W, M)),
    nc3Of: distanceToOfGram(mul(W, Hbar)),
    nc4: nc4From(W, globalMean(Hbar), b),
    nccAgreement: nccFrom(W, H, b, Hbar),
    selfDuality: selfDualityFrom(W, M),
    selfDualityOf: selfDualityFrom(W, Hbar),
    cdnv: cdnv(H, counts, Hbar),
  };
}
