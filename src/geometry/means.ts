/**
 * Class means and centred means of class-major features (THEORY.md §0, §2.7).
 *
 * Imbalanced counts: h̄_k is the mean of the n_k columns of class k, and the global mean h_G is the **mean of the
 * class means**, h_G = (1/K) Σ_k h̄_k (not the sample mean (1/N) Σ_j h_j). This is the convention of THEORY.md §0 and
 * §2.7 (Σ_B weights every class by 1/K); with balanced counts the two coincide.
 */
import type { Mat } from '../core/index.ts';
import { zeros } from '../core/index.ts';

/**
 * Validates per-class counts against a d×N feature matrix (class-major columns) and returns N.
 * @throws RangeError naming `counts` or `H` when counts are not positive integers or do not sum to H.cols
 */
export function checkCounts(H: Mat, counts: readonly number[]): number {
  if (counts.length < 1) throw new RangeError('counts must list at least one class');
  let N = 0;
  counts.forEach((c, k) => {
    if (!Number.isInteger(c) || c < 1) throw new RangeError(`counts[${k}] must be an integer ≥ 1; got ${c}`);
    N += c;
  });
  if (H.cols !== N) throw new RangeError(`H must have N = Σ counts = ${N} columns; got ${H.cols}`);
  return N;
}

/**
 * Class means H̄ = [h̄_1 … h̄_K] of class-major features.
 * @param H - d×N, columns class-major (column j = Σ_{k'<k} n_k' + i holds sample i of class k)
 * @param counts - n_k per class, Σ n_k = N
 * @returns d×K matrix of class means
 * @throws RangeError (see {@link checkCounts})
 * @example
 * classMeans(fromRows([[1, 3, 10]]), [2, 1]); // => [[2, 10]]
 */
export function classMeans(H: Mat, counts: readonly number[]): Mat {
  const N = checkCounts(H, counts);
  const d = H.rows;
  const K = counts.length;
  const Hbar = zeros(d, K);
  let start = 0;
  for (let k = 0; k < K; k++) {
    const nk = counts[k] as number;
    for (let r = 0; r < d; r++) {
      let t = 0;
      const row = r * N;
      for (let j = start; j < start + nk; j++) t += H.data[row + j] as number;
      Hbar.data[r * K + k] = t / nk;
    }
    start += nk;
  }
  return Hbar;
}

/**
 * Global mean h_G = (1/K) Σ_k h̄_k (mean of class means; see the module note for imbalanced counts).
 * @param Hbar - d×K class means
 * @returns length-d vector
 */
export function globalMean(Hbar: Mat): Float64Array {
  const d = Hbar.rows,
    K = Hbar.cols;
  const g = new Float64Array(d);
  for (let r = 0; r < d; r++) {
    let t = 0;
    for (let k = 0; k < K; k++) t += Hbar.data[r * K + k] as number;
    g[r] = t / K;
  }
  return g;
}

/**
 * Centred means M = [h̄_1 − h_G, …, h̄_K − h_G] = H̄ (I − J).
 * @param Hbar - d×K class means
 * @returns d×K matrix whose columns sum to 0
 */
export function centredMeans(Hbar: Mat): Mat {
  const d = Hbar.rows,
    K = Hbar.cols;
  const g = globalMean(Hbar);
  const M = zeros(d, K);
  for (let r = 0; r < d; r++)
    for (let k = 0; k < K; k++) M.data[r * K + k] = (Hbar.data[r * K + k] as number) - (g[r] as number);
  return M;
}

/**
 * Expands class means to class-major features with every sample at its class mean: column block k of the result is
 * n_k copies of h̄_k (H = H̄ ⊗ 1_nᵀ when balanced, THEORY.md §0). The inverse of {@link classMeans} on collapsed
 * features.
 * @param Hbar - d×K class means
 * @param counts - n_k per class (K entries, positive integers)
 * @returns d×N, N = Σ n_k
 * @throws RangeError if counts do not have K positive integer entries
 */
export function expandMeans(Hbar: Mat, counts: readonly number[]): Mat {
  const d = Hbar.rows,
    K = Hbar.cols;
  if (counts.length !== K) throw new RangeError(`counts must have K = ${K} entries; got ${counts.length}`);
  let N = 0;
  counts.forEach((c, k) => {
    if (!Number.isInteger(c) || c < 1) throw new RangeError(`counts[${k}] must be an integer ≥ 1; got ${c}`);
    N += c;
  });
  const H = zeros(d, N);
  for (let r = 0; r < d; r++) {
    let start = 0;
    for (let k = 0; k < K; k++) {
      const end = start + (counts[k] as number);
      H.data.fill(Hbar.data[r * K + k] as number, r * N + start, r * N + end);
      start = end;
    }
  }
  return H;
}
