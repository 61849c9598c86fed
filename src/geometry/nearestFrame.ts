/**
 * Comparing raw frames modulo rotation: the orthogonal Procrustes distance and the nearest scaled simplex ETF /
 * orthogonal frame, both in closed form through the SVD / polar decomposition (THEORY.md §2.7, "How rotation is
 * handled").
 */
import type { Mat } from '../core/index.ts';
import { nuclearNorm, polar, svd } from '../linalg/index.ts';
import { helmertBasis } from './simplexEtf.ts';
import { frob2, mul, scaled } from './_internals/dense.ts';

/**
 * Orthogonal Procrustes distance min_{Q ∈ O(m)} ‖A − Q B‖_F² = ‖A‖_F² + ‖B‖_F² − 2‖A Bᵀ‖_*.
 * ‖A Bᵀ‖_* is evaluated without forming the m×m product when m > n: with the thin SVD A = U S Vᵀ,
 * ‖A Bᵀ‖_* = ‖B V S‖_* (U has orthonormal columns). The result is clamped at 0 (it is ≥ 0 exactly; rounding can
 * leave −O(ε‖A‖‖B‖)).
 * @param A - m×n (e.g. d×K frame or means)
 * @param B - m×n
 * @returns the squared distance
 * @throws RangeError if the shapes differ
 * @example
 * procrustesDistance(A, Q·A); // => 0 for any orthogonal Q
 */
export function procrustesDistance(A: Mat, B: Mat): number {
  if (A.rows !== B.rows || A.cols !== B.cols) {
    throw new RangeError(`B must have the shape of A (${A.rows}×${A.cols}); got ${B.rows}×${B.cols}`);
  }
  let nuc: number;
  if (A.rows <= A.cols) {
    const Bt = { rows: B.cols, cols: B.rows, data: transposeData(B) };
    nuc = nuclearNorm(mul(A, Bt));
  } else {
    const { s, V } = svd(A); // V: n×r
    const r = s.length;
    const VS = { rows: V.rows, cols: r, data: new Float64Array(V.rows * r) };
    for (let i = 0; i < V.rows; i++)
      for (let k = 0; k < r; k++) VS.data[i * r + k] = (V.data[i * r + k] as number) * (s[k] as number);
    nuc = nuclearNorm(mul(B, VS));
  }
  return Math.max(0, frob2(A) + frob2(B) - 2 * nuc);
}

function transposeData(B: Mat): Float64Array {
  const out = new Float64Array(B.data.length);
  for (let i = 0; i < B.rows; i++)
    for (let j = 0; j < B.cols; j++) out[j * B.rows + i] = B.data[i * B.cols + j] as number;
  return out;
}

/** Result of {@link nearestSimplexEtf} / {@link nearestOrthogonalFrame}. */
export interface NearestFrame {
  /** The fitted frame, same shape as the input (d×K, one column per class). */
  readonly X: Mat;
  /** Its common squared column norm ρ = ‖x_k‖² (XᵀX = ρ E_K for the ETF, ρ I_K for the orthogonal frame). */
  readonly scale: number;
  /** ‖M − X‖_F², the squared distance to the fitted frame. */
  readonly distance: number;
}

/**
 * The scaled simplex ETF closest to a mean matrix in Frobenius norm: argmin over X with XᵀX = ρ E_K (ρ ≥ 0) of
 * ‖M − X‖_F².
 *
 * Closed form. Write X = t V Φ with Φ the (K−1)×K Helmert basis of 1^⊥ and V ∈ R^{d×(K−1)} with orthonormal
 * columns (every scaled simplex ETF has this form, needing d ≥ K−1). Then
 * ‖M − X‖² = ‖M‖² − 2t tr(Vᵀ M Φᵀ) + t²(K−1), maximised over V by the polar factor V = polar(M Φᵀ) with value
 * ‖M Φᵀ‖_* = ‖M(I − J)‖_*.
 *
 * **Scale choice:** ρ is not fixed from outside; it is the least-squares optimal scale
 * t* = ‖M(I − J)‖_* / (K−1), i.e. ρ = t*²(K−1)/K, so `distance` = ‖M‖² − ‖M(I−J)‖_*²/(K−1) measures shape and size
 * together. A non-centred M is allowed; its mean part M J is orthogonal to every ETF and adds ‖M J‖² to the
 * distance. For a rank-deficient M Φᵀ the nearest ETF is not unique; one minimiser is returned.
 * @param M - d×K (centred class means, one column per class)
 * @returns the fitted ETF, its ρ and the squared distance
 * @throws RangeError if K < 2 or d < K−1
 */
export function nearestSimplexEtf(M: Mat): NearestFrame {
  const d = M.rows,
    K = M.cols;
  if (K < 2) throw new RangeError(`M must have K ≥ 2 columns; got ${K}`);
  if (d < K - 1) throw new RangeError(`M must have d ≥ K−1 = ${K - 1} rows; got ${d}`);
  const Phi = helmertBasis(K); // (K−1)×K
  const PhiT = { rows: K, cols: K - 1, data: transposeData(Phi) };
  const MP = mul(M, PhiT); // d×(K−1)
  const t = nuclearNorm(MP) / (K - 1);
  const X = scaled(t, mul(polar(MP), Phi));
  const scale = (t * t * (K - 1)) / K;
  return { X, scale, distance: frobDiff2(M, X) };
}

/**
 * The scaled orthogonal frame closest to M: argmin over X with XᵀX = ρ I_K of ‖M − X‖_F². X = t·polar(M) with the
 * least-squares scale t = ‖M‖_* / K, ρ = t² (same derivation as {@link nearestSimplexEtf} with Φ = I).
 * @param M - d×K, d ≥ K (e.g. uncentred class means of bias-free MSE, THEORY.md §2.1)
 * @throws RangeError if d < K
 */
export function nearestOrthogonalFrame(M: Mat): NearestFrame {
  const d = M.rows,
    K = M.cols;
  if (K < 1) throw new RangeError(`M must have K ≥ 1 columns; got ${K}`);
  if (d < K) throw new RangeError(`M must have d ≥ K = ${K} rows; got ${d}`);
  const t = nuclearNorm(M) / K;
  const X = scaled(t, polar(M));
  return { X, scale: t * t, distance: frobDiff2(M, X) };
}

function frobDiff2(A: Mat, B: Mat): number {
  let t = 0;
  for (let i = 0; i < A.data.length; i++) {
    const e = (A.data[i] as number) - (B.data[i] as number);
    t += e * e;
  }
  return t;
}
