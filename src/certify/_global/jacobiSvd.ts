/**
 * Singular-value soft-thresholding of a small square matrix by a one-sided Jacobi SVD (Hestenes 1958; the
 * convergence test and rotation of Demmel & Veselić 1992, "Jacobi's method is more accurate than QR", SIAM J. Matrix
 * Anal. Appl. 13(4)), on flat row-major arrays with caller-owned scratch: the prox of the FISTA loop in
 * relaxation.ts runs it every iteration, where ml-matrix's SVD (allocation-heavy, ≈0.1–0.5 ms at K = 12) dominated.
 *
 * Method: right-multiply A by plane rotations until every pair of columns is orthogonal to working precision
 * (|a_pᵀa_q| ≤ ε·‖a_p‖‖a_q‖); then A = UΣ (column norms = singular values) and the accumulated rotations are V, so
 * the input equals (AV)Vᵀ = UΣVᵀ. One-sided Jacobi is backward stable and computes singular values to high relative
 * accuracy (Demmel–Veselić), better than the O(ε‖A‖) absolute accuracy that soft-thresholding needs.
 */

// VARIABLES //

const EPS = Number.EPSILON;
const MAX_SWEEPS = 60;

// FUNCTIONS //

/** Scratch for {@link svtInto} at order K. */
export interface SvtWork {
  readonly K: number;
  /** K×K: the matrix being orthogonalised (A·V). */
  readonly A: Float64Array;
  /** K×K: accumulated rotations. */
  readonly V: Float64Array;
  /** Column norms. */
  readonly s: Float64Array;
}

export function svtWork(K: number): SvtWork {
  return { K, A: new Float64Array(K * K), V: new Float64Array(K * K), s: new Float64Array(K) };
}

/**
 * Writes out ← Σ_i (σ_i − τ)₊ u_i v_iᵀ for the SVD of the K×K row-major `X`, writes the shrunk singular values
 * (σ_i − τ)₊ in descending order into `shrunk`, and returns their sum (the nuclear norm of `out`).
 * `X` and `out` may not alias each other or the work arrays.
 */
export function svtInto(
  K: number,
  X: Float64Array,
  tau: number,
  out: Float64Array,
  shrunk: Float64Array,
  w: SvtWork,
): number {
  const { A, V, s } = w;
  A.set(X.subarray(0, K * K));
  V.fill(0);
  for (let i = 0; i < K; i++) V[i * K + i] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < K - 1; p++) {
      for (let q = p + 1; q < K; q++) {
        let alpha = 0,
          beta = 0,
          gamma = 0;
        for (let r = 0; r < K; r++) {
          const ap = A[r * K + p] as number,
            aq = A[r * K + q] as number;
          alpha += ap * ap;
          beta += aq * aq;
          gamma += ap * aq;
        }
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const sn = c * t;
        for (let r = 0; r < K; r++) {
          const ap = A[r * K + p] as number,
            aq = A[r * K + q] as number;
          A[r * K + p] = c * ap - sn * aq;
          A[r * K + q] = sn * ap + c * aq;
          const vp = V[r * K + p] as number,
            vq = V[r * K + q] as number;
          V[r * K + p] = c * vp - sn * vq;
          V[r * K + q] = sn * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  for (let i = 0; i < K; i++) {
    let t = 0;
    for (let r = 0; r < K; r++) t += (A[r * K + i] as number) ** 2;
    s[i] = Math.sqrt(t);
  }
  // out = Σ_i ((σ_i − τ)₊/σ_i) a_i v_iᵀ (a_i = σ_i u_i).
  out.fill(0, 0, K * K);
  let nuc = 0;
  for (let i = 0; i < K; i++) {
    const si = s[i] as number;
    const sh = si > tau ? si - tau : 0;
    s[i] = sh;
    if (sh === 0) continue;
    nuc += sh;
    const f = sh / si;
    for (let r = 0; r < K; r++) {
      const ar = f * (A[r * K + i] as number);
      if (ar === 0) continue;
      for (let k = 0; k < K; k++) out[r * K + k] = (out[r * K + k] as number) + ar * (V[k * K + i] as number);
    }
  }
  const sorted = Array.from(s).sort((a, b) => b - a);
  for (let i = 0; i < K; i++) shrunk[i] = sorted[i] as number;
  return nuc;
}
