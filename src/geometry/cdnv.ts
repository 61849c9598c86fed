/**
 * Class-distance normalised variance (CDNV), Galanti, György and Hutter 2022, "On the role of neural collapse in
 * transfer learning" (ICLR 2022, arXiv 2112.15121), Def. 1; docs/theory.md §2.7.
 *
 * For classes i ≠ j with means μ_i, μ_j and within-class variances V_k = (1/n_k) Σ_s ‖h_{k,s} − μ_k‖²,
 *
 *   CDNV(i, j) = (V_i + V_j) / (2 ‖μ_i − μ_j‖²),
 *
 * and the reported number is the average over the K(K−1)/2 unordered pairs. It falls to 0 as the features collapse
 * onto their class means (NC1) while the means stay apart.
 *
 * This follows the public rhubarbwu/neural-collapse package exactly (commit c05a0b80d6bc6e8e2e102f2180f1f33b2c9605fd):
 * - neural_collapse/accumulate.py, `VarNormAccumulator` (l. 162–192) and `Accumulator.compute`: V_k is the
 *   **biased** (divide by n_k) sum over dimensions of squared deviations from the class mean, no square root;
 * - neural_collapse/kernels.py, `class_dist_norm_vars` (l. 10–44) with `dist_exp = 1`: the pair entry is
 *   ((V_i + V_j)/2) / ‖μ_i − μ_j‖²;
 * - neural_collapse/measure.py, `variability_cdnv`, and util.py `symm_reduce`: the sum over the strict upper
 *   triangle divided by K(K−1)/2.
 * (The package adds machine ε to n_k before dividing; with n_k ≥ 1 that changes nothing at double precision
 * beyond rounding.)
 *
 * Degenerate inputs follow metrics.ts: a pair whose means coincide has no normaliser, so the CDNV is NaN
 * ("undefined", not "collapsed"), as is the CDNV of K = 1 (no pairs) and of non-finite features.
 */
import type { Mat } from '../core/index.ts';
import { checkCounts, classMeans } from './means.ts';

/**
 * Per-class within-class variance V_k = (1/n_k) Σ_s ‖h_{k,s} − h̄_k‖² (trace of the class covariance, biased).
 *
 * @param H - d×N features, columns class-major
 * @param counts - n_k per class, Σ n_k = N
 * @param Hbar - d×K class means of H (computed when omitted)
 * @returns length-K vector of variances
 * @throws RangeError (see checkCounts)
 * @example
 * withinClassVariances(fromRows([[0, 2, 5]]), [2, 1]); // => [1, 0]
 */
export function withinClassVariances(
  H: Mat,
  counts: readonly number[],
  Hbar: Mat = classMeans(H, counts),
): Float64Array {
  const N = checkCounts(H, counts);
  const d = H.rows,
    K = counts.length;
  const V = new Float64Array(K);
  let start = 0;
  for (let k = 0; k < K; k++) {
    const nk = counts[k] as number;
    let t = 0;
    for (let r = 0; r < d; r++) {
      const mu = Hbar.data[r * K + k] as number;
      const row = r * N;
      for (let j = start; j < start + nk; j++) {
        const e = (H.data[row + j] as number) - mu;
        t += e * e;
      }
    }
    V[k] = t / nk;
    start += nk;
  }
  return V;
}

/**
 * CDNV averaged over unordered class pairs (Galanti et al. 2022, Def. 1; rhubarbwu/neural-collapse
 * `variability_cdnv` with `dist_exp = 1`).
 *
 * @param H - d×N features, columns class-major
 * @param counts - n_k per class, Σ n_k = N
 * @param Hbar - d×K class means of H (computed when omitted)
 * @returns the mean of (V_i + V_j) / (2‖μ_i − μ_j‖²) over i < j; NaN when K < 2, when two class means coincide or
 *   when the features are not finite
 * @throws RangeError (see checkCounts)
 * @example
 * // two classes on a line: class 0 at {0, 2} (mean 1, V = 1), class 1 at {5} (mean 5, V = 0)
 * cdnv(fromRows([[0, 2, 5]]), [2, 1]); // => (1 + 0) / (2 · 16) = 0.03125
 */
export function cdnv(H: Mat, counts: readonly number[], Hbar: Mat = classMeans(H, counts)): number {
  const K = counts.length;
  if (K < 2) return NaN;
  const V = withinClassVariances(H, counts, Hbar);
  const d = H.rows;
  let total = 0;
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      let dist2 = 0;
      for (let r = 0; r < d; r++) {
        const e = (Hbar.data[r * K + i] as number) - (Hbar.data[r * K + j] as number);
        dist2 += e * e;
      }
      if (!(dist2 > 0) || !Number.isFinite(dist2)) return NaN;
      total += ((V[i] as number) + (V[j] as number)) / 2 / dist2;
    }
  }
  const mean = total / ((K * (K - 1)) / 2);
  return Number.isFinite(mean) ? mean : NaN;
}
