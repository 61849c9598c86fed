/**
 * Small dense factorisations (symmetric EVD, thin SVD, polar factor, symmetric pseudo-inverse) on row-major `Mat`.
 *
 * This is the only file besides `lanczos.ts` that imports ml-matrix (STYLE.md §1.2, §2.2). Nothing from ml-matrix
 * crosses this boundary: every function takes `Mat` and returns `Mat` / `Float64Array`.
 *
 * ml-matrix traps handled here (STYLE.md §1.2):
 * - its SVD of a wide matrix (rows < cols) is reported wrong (mljs/matrix#203) and warns on the console, so `svd`
 *   always decomposes the tall orientation (Aᵀ when A is wide) and swaps U and V;
 * - its EVD tests symmetry exactly, so `symEig` symmetrises (A + Aᵀ)/2 and passes `assumeSymmetric`;
 * - results are sorted here explicitly rather than trusting the library's order.
 *
 * Cost: O(n³) on n = min/max dimension; meant for K×K, d×K or d×d matrices with d up to a few hundred.
 *
 * @see THEORY.md §2.7 (pseudo-inverse rank cut-off, Procrustes), §0.3 (nuclear norm)
 */
import { Matrix, EigenvalueDecomposition, SingularValueDecomposition } from 'ml-matrix';
import type { Mat } from '../core/index.ts';
import { zeros } from '../core/index.ts';

// FUNCTIONS //

function toMl(A: Mat, transposed: boolean): Matrix {
  const m = transposed ? new Matrix(A.cols, A.rows) : new Matrix(A.rows, A.cols);
  const d = A.data;
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < A.cols; j++) {
      const v = d[i * A.cols + j] as number;
      if (transposed) m.set(j, i, v);
      else m.set(i, j, v);
    }
  }
  return m;
}

/** Copies the first `cols` columns of an ml-matrix into a `Mat`, in the given column order. */
function fromMlColumns(M: Matrix, order: readonly number[]): Mat {
  const out = zeros(M.rows, order.length);
  for (let i = 0; i < M.rows; i++) {
    for (let c = 0; c < order.length; c++) out.data[i * order.length + c] = M.get(i, order[c] as number);
  }
  return out;
}

function checkFinite(A: Mat, name: string): void {
  for (let i = 0; i < A.data.length; i++) {
    if (!Number.isFinite(A.data[i] as number))
      throw new RangeError(`${name} must have finite entries; entry ${i} is ${A.data[i]}`);
  }
}

// MAIN //

/** Result of {@link symEig}: `A = V diag(values) Vᵀ`. */
export interface SymEigResult {
  /** Eigenvalues, ascending. */
  readonly values: Float64Array;
  /** Orthonormal eigenvectors as columns (n×n); column i belongs to `values[i]`. */
  readonly vectors: Mat;
}

/**
 * Eigendecomposition of a symmetric matrix (Householder tridiagonalisation + QL, via ml-matrix).
 * The input is symmetrised as (A + Aᵀ)/2 first, so a matrix that is symmetric only up to rounding is accepted.
 * Accuracy: eigenvalues to about n·ε·‖A‖₂ in absolute terms (tiny eigenvalues of a near-singular A are only
 * accurate to that absolute level — mljs/matrix#173).
 * @param A - n×n, symmetric
 * @returns eigenvalues ascending and the matching orthonormal eigenvectors as columns
 * @throws RangeError if A is not square or has non-finite entries
 * @example
 * symEig(fromRows([[2, 1], [1, 2]])).values; // => Float64Array [ 1, 3 ]
 */
export function symEig(A: Mat): SymEigResult {
  if (A.rows !== A.cols) throw new RangeError(`A must be square; got ${A.rows}×${A.cols}`);
  checkFinite(A, 'A');
  const n = A.rows;
  if (n === 0) return { values: new Float64Array(0), vectors: zeros(0, 0) };
  const S = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) S.set(i, j, 0.5 * ((A.data[i * n + j] as number) + (A.data[j * n + i] as number)));
  }
  const evd = new EigenvalueDecomposition(S, { assumeSymmetric: true });
  const raw = evd.realEigenvalues;
  const order = raw.map((_, i) => i).sort((a, b) => (raw[a] as number) - (raw[b] as number));
  const values = Float64Array.from(order, (i) => raw[i] as number);
  return { values, vectors: fromMlColumns(evd.eigenvectorMatrix, order) };
}

/** Result of {@link svd}: the thin SVD `A = U diag(s) Vᵀ`, r = min(m, n). */
export interface SvdResult {
  /** m×r, orthonormal columns. */
  readonly U: Mat;
  /** r singular values, descending, ≥ 0. */
  readonly s: Float64Array;
  /** n×r, orthonormal columns. */
  readonly V: Mat;
}

/**
 * Thin singular value decomposition of an m×n matrix (Golub–Kahan via ml-matrix).
 * A wide A (m < n) is decomposed as Aᵀ = V S Uᵀ, because ml-matrix's wide-matrix SVD is unreliable
 * (mljs/matrix#203). The singular vectors of zero singular values still form an orthonormal set.
 * @param A - m×n
 * @returns `{U: m×r, s: r descending, V: n×r}` with r = min(m, n)
 * @throws RangeError if A has non-finite entries
 * @example
 * svd(fromRows([[3, 0], [0, -2]])).s; // => Float64Array [ 3, 2 ]
 */
export function svd(A: Mat): SvdResult {
  checkFinite(A, 'A');
  const m = A.rows;
  const n = A.cols;
  const r = Math.min(m, n);
  if (r === 0) return { U: zeros(m, 0), s: new Float64Array(0), V: zeros(n, 0) };
  const wide = m < n;
  // Decompose the tall orientation T (p×q, p ≥ q): T = A or Aᵀ.
  const dec = new SingularValueDecomposition(toMl(A, wide), {
    computeLeftSingularVectors: true,
    computeRightSingularVectors: true,
    autoTranspose: false,
  });
  const sRaw = dec.diagonal;
  const order = Array.from({ length: r }, (_, i) => i).sort((a, b) => (sRaw[b] as number) - (sRaw[a] as number));
  const s = Float64Array.from(order, (i) => Math.abs(sRaw[i] as number));
  const left = fromMlColumns(dec.leftSingularVectors, order); // p×r
  const right = fromMlColumns(dec.rightSingularVectors, order); // q×r
  return wide ? { U: right, s, V: left } : { U: left, s, V: right };
}

/**
 * Singular values of A, descending (length min(m, n)).
 * @example
 * singularValues(fromRows([[0, 2], [1, 0]])); // => Float64Array [ 2, 1 ]
 */
export function singularValues(A: Mat): Float64Array {
  return svd(A).s;
}

/** Nuclear norm ‖A‖_* = Σ σ_i (THEORY.md §0.3). */
export function nuclearNorm(A: Mat): number {
  const s = singularValues(A);
  let t = 0;
  for (let i = 0; i < s.length; i++) t += s[i] as number;
  return t;
}

/** Spectral norm ‖A‖₂ = σ_max (0 for an empty matrix). */
export function spectralNorm(A: Mat): number {
  const s = singularValues(A);
  return s.length === 0 ? 0 : (s[0] as number);
}

/**
 * Orthogonal polar factor Q = U Vᵀ of A = U diag(s) Vᵀ (m×n).
 * Q is the nearest matrix to A with orthonormal columns (m ≥ n) or rows (m < n):
 * argmax_Q tr(Qᵀ A) = ‖A‖_*, the Procrustes / nearest-frame solution (THEORY.md §2.7).
 * For a rank-deficient A the factor is not unique; any returned Q still attains tr(Qᵀ A) = ‖A‖_*.
 * @param A - m×n
 * @returns m×n matrix Q with QᵀQ = I (m ≥ n) or QQᵀ = I (m < n)
 * @example
 * polar(fromRows([[2, 0], [0, 3]])); // => I₂
 */
export function polar(A: Mat): Mat {
  const { U, V } = svd(A);
  const m = A.rows;
  const n = A.cols;
  const r = U.cols;
  const Q = zeros(m, n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let k = 0; k < r; k++) t += (U.data[i * r + k] as number) * (V.data[j * r + k] as number);
      Q.data[i * n + j] = t;
    }
  }
  return Q;
}

/** Default relative cut-off of {@link pinvSym}: n·ε (SciPy `pinvh`'s rtol for an n×n matrix). */
export function defaultPinvRelTol(n: number): number {
  return Math.max(1, n) * Number.EPSILON;
}

/** Result of {@link pinvSymDetailed}. */
export interface PinvSymResult {
  /** The pseudo-inverse (n×n, symmetric). */
  readonly pinv: Mat;
  /** Number of eigenvalues kept. */
  readonly rank: number;
  /** The absolute cut-off used: relTol · max_i |λ_i|. */
  readonly cutoff: number;
}

/**
 * Moore–Penrose pseudo-inverse of a symmetric matrix with an explicit rank cut-off, plus the rank it kept.
 * Eigenvalues with |λ| ≤ relTol·max|λ| are treated as zero (THEORY.md §2.7: a pinv of a near-singular Σ_B
 * without a cut-off made NC1 negative in the Zhu et al. repository).
 * @param A - n×n symmetric
 * @param relTol - cut-off relative to the largest |eigenvalue|; default n·ε ({@link defaultPinvRelTol})
 * @throws RangeError if relTol is negative or not finite, or A is not square
 */
export function pinvSymDetailed(A: Mat, relTol: number = defaultPinvRelTol(A.rows)): PinvSymResult {
  if (!(relTol >= 0) || !Number.isFinite(relTol))
    throw new RangeError(`relTol must be a finite number ≥ 0; got ${relTol}`);
  const { values, vectors } = symEig(A);
  const n = A.rows;
  let lmax = 0;
  for (let i = 0; i < n; i++) lmax = Math.max(lmax, Math.abs(values[i] as number));
  const cutoff = relTol * lmax;
  const P = zeros(n, n);
  let rank = 0;
  for (let k = 0; k < n; k++) {
    const l = values[k] as number;
    if (Math.abs(l) <= cutoff || l === 0) continue;
    rank++;
    const inv = 1 / l;
    for (let i = 0; i < n; i++) {
      const vi = (vectors.data[i * n + k] as number) * inv;
      for (let j = 0; j < n; j++)
        P.data[i * n + j] = (P.data[i * n + j] as number) + vi * (vectors.data[j * n + k] as number);
    }
  }
  return { pinv: P, rank, cutoff };
}

/**
 * Moore–Penrose pseudo-inverse of a symmetric matrix, dropping eigenvalues with |λ| ≤ relTol·max|λ|.
 * @param A - n×n symmetric
 * @param relTol - relative cut-off; default n·ε
 * @example
 * pinvSym(fromRows([[2, 0], [0, 0]])); // => [[0.5, 0], [0, 0]]
 */
export function pinvSym(A: Mat, relTol?: number): Mat {
  return pinvSymDetailed(A, relTol).pinv;
}
