/**
 * Fixed (noisy) features, Tirer & Bruna 2022 Thm 5.1 (THEORY.md §2.6): for fixed H the classifier is the ridge
 * solution
 *
 *     W(H) = argmin_W (1/(2N))‖WH − Y‖² + (λ_W/2)‖W‖² = Y Hᵀ (H Hᵀ + N λ_W I_d)^{−1},
 *
 * computed from the d×d Gram H Hᵀ and the K×d class sums Y Hᵀ only — never an N×N matrix. For the noisy model
 * H = H̄ ⊗ 1ᵀ + E the columns are generated block by block and folded into the Gram and the class sums, so H is
 * never stored: memory is O(d·B + d² + Kd) with a block of B = 1024 columns, whatever n is.
 *
 * Noise laws (all with mean 0 and variance σ², seeded):
 * - `gaussian`: N(0, σ²);
 * - `uniform`: U(−σ√3, σ√3);
 * - `rademacher`: ±σ with probability 1/2 each;
 * - `student-t3`: σ·T/√3 with T Student-t with 3 degrees of freedom (variance 3), drawn by Bailey's polar method.
 *   Its fourth moment is infinite, so it lies outside Thm 5.1 (a conjecture to probe, THEORY.md §2.6).
 *
 * @see THEORY.md §2.6
 */
import { intAtLeast, isObj, nonNegative, positive } from './parse.ts';
import { describeValue, UsageError } from '../core/index.ts';
import type { Mat, Rng } from '../core/index.ts';

// TYPES //

/** The noise laws of Thm 5.1 (and one outside it). */
export type NoiseLaw = 'gaussian' | 'uniform' | 'rademacher' | 'student-t3';

/** Every noise law, in CLI order. */
export const NOISE_LAWS: readonly NoiseLaw[] = ['gaussian', 'uniform', 'rademacher', 'student-t3'];

/** Whether the law has a finite fourth moment (the hypothesis of Thm 5.1's n^{−1/2} rate). */
export function hasFiniteFourthMoment(law: NoiseLaw): boolean {
  return law !== 'student-t3';
}

/** A fixed-features instance: H* is the bias-free MSE-UFM minimizer for (n0, λ_W, λ_H) (§2.1), E iid with variance σ². */
export interface FixedFeaturesProblem {
  /** Number of classes, K ≥ 2. */
  readonly K: number;
  /** Feature dimension, d ≥ K (needed by §2.1). */
  readonly d: number;
  /** The per-class count n₀ for which H* is the UFM minimizer. */
  readonly n0: number;
  /** λ_W > 0 (used both in H* and in the ridge). */
  readonly lambdaW: number;
  /** λ_H > 0 (used in H* only). */
  readonly lambdaH: number;
  /** Noise standard deviation σ ≥ 0. */
  readonly sigma: number;
  readonly noise: NoiseLaw;
}

// PARSING //

/**
 * Validates a fixed-features problem.
 * @param u - `{K, d, n0, lambdaW, lambdaH, sigma, noise}`; `noise` defaults to 'gaussian'
 * @throws UsageError naming the field: not an object; K < 2; d < K; n0 < 1; λ's not finite and > 0; σ not finite
 *   and ≥ 0; noise not one of {@link NOISE_LAWS}
 * @example
 * parseFixedFeaturesProblem({ K: 3, d: 4, n0: 5, lambdaW: 1e-3, lambdaH: 1e-3, sigma: 0.1 }).noise; // => 'gaussian'
 */
export function parseFixedFeaturesProblem(u: unknown, where = 'problem'): FixedFeaturesProblem {
  if (!isObj(u)) throw new UsageError(where, 'must be an object');
  const f = (k: string): string => `${where}.${k}`;
  const K = intAtLeast(u['K'], f('K'), 2);
  const d = intAtLeast(u['d'], f('d'), K);
  const n0 = intAtLeast(u['n0'], f('n0'), 1);
  const lambdaW = positive(u['lambdaW'], f('lambdaW'));
  const lambdaH = positive(u['lambdaH'], f('lambdaH'));
  const s = nonNegative(u['sigma'], f('sigma'));
  const noise = u['noise'] === undefined ? 'gaussian' : u['noise'];
  if (typeof noise !== 'string' || !(NOISE_LAWS as readonly string[]).includes(noise)) {
    throw new UsageError(f('noise'), `must be one of ${NOISE_LAWS.join(', ')}; got ${describeValue(noise)}`);
  }
  return { K, d, n0, lambdaW, lambdaH, sigma: s, noise: noise as NoiseLaw };
}

// NOISE //

/** Fills `out[off + i·stride]`, i < len, with iid draws of `law` scaled to variance σ². Allocates nothing. */
export type NoiseFill = (out: Float64Array, off: number, stride: number, len: number) => void;

/**
 * A seeded sampler for `law` with mean 0 and variance σ².
 * @param law - the noise law
 * @param sigma - standard deviation σ ≥ 0
 * @param rng - the generator every draw comes from (deterministic in its seed)
 * @returns a fill function
 * @example
 * const fill = noiseSampler('rademacher', 2, createRng(1));
 * const x = new Float64Array(3); fill(x, 0, 1, 3); // => entries in {−2, 2}
 */
export function noiseSampler(law: NoiseLaw, sigma: number, rng: Rng): NoiseFill {
  switch (law) {
    case 'gaussian':
      return (out, off, stride, len) => {
        for (let i = 0; i < len; i++) out[off + i * stride] = sigma * rng.normal();
      };
    case 'uniform': {
      const a = sigma * Math.sqrt(3);
      return (out, off, stride, len) => {
        for (let i = 0; i < len; i++) out[off + i * stride] = a * (2 * rng.uniform() - 1);
      };
    }
    case 'rademacher': {
      // 32 independent sign bits per uniform draw (its top 32 bits are uniform on {0..2^32−1}).
      let bits = 0,
        left = 0;
      return (out, off, stride, len) => {
        for (let i = 0; i < len; i++) {
          if (left === 0) {
            bits = Math.floor(rng.uniform() * 4294967296) >>> 0;
            left = 32;
          }
          out[off + i * stride] = (bits & 1) === 1 ? sigma : -sigma;
          bits >>>= 1;
          left--;
        }
      };
    }
    case 'student-t3': {
      // Bailey (1994), polar method: U, V ~ U(−1, 1) with W = U² + V² ≤ 1 (W > 0); then
      // T = U·√(ν(W^{−2/ν} − 1)/W) is Student-t with ν degrees of freedom. ν = 3, Var T = 3 ⇒ scale σ/√3.
      // One 53-bit uniform x supplies both coordinates: its top 26 bits give U (cell midpoints, so U ≠ 0, ±1) and the
      // remaining 27 bits give V. This halves the draws; the grid (2^−25) only truncates |T| beyond ≈ 10⁵, an event
      // of probability < 1e−15 per draw.
      const c = sigma / Math.sqrt(3);
      return (out, off, stride, len) => {
        for (let i = 0; i < len; i++) {
          let u = 0,
            w = 0;
          do {
            const x = rng.uniform() * 67108864; // 2^26
            const hi = Math.floor(x);
            u = (2 * hi + 1) / 67108864 - 1;
            const v = 2 * (x - hi) - 1;
            w = u * u + v * v;
          } while (w > 1);
          const cw = Math.cbrt(w);
          out[off + i * stride] = c * u * Math.sqrt((3 * (1 / (cw * cw) - 1)) / w);
        }
      };
    }
  }
}

// RIDGE //

/** Sufficient statistics of the ridge problem: the Gram H Hᵀ (d×d, full) and the class sums Y Hᵀ (K×d). */
export interface RidgeStats {
  readonly K: number;
  readonly d: number;
  /** N = number of columns folded in. */
  readonly N: number;
  /** H Hᵀ, d×d row-major, symmetric. */
  readonly gram: Float64Array;
  /** Y Hᵀ, K×d row-major: row k = Σ_{columns j of class k} h_j. */
  readonly classSums: Float64Array;
}

const BLOCK = 1024;

/**
 * Folds a block X (d×b, row stride `ld`) of columns of class k into (gram, classSums): gram += X Xᵀ (upper
 * triangle), classSums[k] += X 1. Dot products along contiguous rows, four target rows at a time so each load of
 * row a is reused four times.
 */
function foldBlock(
  d: number,
  b: number,
  X: Float64Array,
  ld: number,
  k: number,
  gram: Float64Array,
  sums: Float64Array,
): void {
  for (let a = 0; a < d; a++) {
    const xa = a * ld;
    let s = 0;
    for (let j = 0; j < b; j++) s += X[xa + j] as number;
    sums[k * d + a] = (sums[k * d + a] as number) + s;
    let c = a;
    for (; c + 3 < d; c += 4) {
      const x0 = c * ld,
        x1 = x0 + ld,
        x2 = x1 + ld,
        x3 = x2 + ld;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let j = 0; j < b; j++) {
        const v = X[xa + j] as number;
        s0 += v * (X[x0 + j] as number);
        s1 += v * (X[x1 + j] as number);
        s2 += v * (X[x2 + j] as number);
        s3 += v * (X[x3 + j] as number);
      }
      const g = a * d + c;
      gram[g] = (gram[g] as number) + s0;
      gram[g + 1] = (gram[g + 1] as number) + s1;
      gram[g + 2] = (gram[g + 2] as number) + s2;
      gram[g + 3] = (gram[g + 3] as number) + s3;
    }
    for (; c < d; c++) {
      const xc = c * ld;
      let s0 = 0;
      for (let j = 0; j < b; j++) s0 += (X[xa + j] as number) * (X[xc + j] as number);
      gram[a * d + c] = (gram[a * d + c] as number) + s0;
    }
  }
}

function symmetrizeUpper(d: number, G: Float64Array): void {
  for (let a = 0; a < d; a++) for (let c = a + 1; c < d; c++) G[c * d + a] = G[a * d + c] as number;
}

/**
 * The ridge statistics of an explicit feature matrix H (d×N, class-major columns with `counts`).
 * @param H - d×N row-major
 * @param counts - per-class column counts, Σ = N
 * @throws RangeError if Σ counts ≠ H.cols
 */
export function ridgeStatsOf(H: Mat, counts: readonly number[]): RidgeStats {
  const d = H.rows,
    N = H.cols,
    K = counts.length;
  let total = 0;
  for (const c of counts) total += c;
  if (total !== N) throw new RangeError(`counts sum to ${total}; H has ${N} columns`);
  const gram = new Float64Array(d * d),
    classSums = new Float64Array(K * d);
  let col = 0;
  counts.forEach((c, k) => {
    // the class block is the column range [col, col + c) of H: rows at stride N, offset col
    for (let start = 0; start < c; start += BLOCK) {
      const b = Math.min(BLOCK, c - start);
      foldBlock(d, b, H.data.subarray(col + start), N, k, gram, classSums);
    }
    col += c;
  });
  symmetrizeUpper(d, gram);
  return { K, d, N, gram, classSums };
}

/**
 * The ridge statistics of H = H̄ ⊗ 1_nᵀ + E, streaming: columns are drawn class by class, sample by sample (the d
 * entries of a column consecutively from `fill`), in blocks of 1024, and folded in; H is never stored.
 * Cost ≈ N(d²/2·2 + d) flops plus N·d draws; memory O(1024·d + d² + Kd).
 * @param Hbar - d×K class means (column k = h̄_k)
 * @param n - samples per class (N = nK)
 * @param fill - noise sampler (see {@link noiseSampler})
 */
export function noisyRidgeStats(Hbar: Mat, n: number, fill: NoiseFill): RidgeStats {
  const d = Hbar.rows,
    K = Hbar.cols;
  const gram = new Float64Array(d * d),
    classSums = new Float64Array(K * d);
  const X = new Float64Array(d * BLOCK);
  for (let k = 0; k < K; k++) {
    for (let start = 0; start < n; start += BLOCK) {
      const b = Math.min(BLOCK, n - start);
      // column j of the block: X[a·BLOCK + j], a < d
      for (let j = 0; j < b; j++) fill(X, j, BLOCK, d);
      for (let a = 0; a < d; a++) {
        const m = Hbar.data[a * K + k] as number;
        if (m === 0) continue;
        const row = a * BLOCK;
        for (let j = 0; j < b; j++) X[row + j] = (X[row + j] as number) + m;
      }
      foldBlock(d, b, X, BLOCK, k, gram, classSums);
    }
  }
  symmetrizeUpper(d, gram);
  return { K, d, N: n * K, gram, classSums };
}

/**
 * Solves W = C (G + Nλ_W I)^{−1} from ridge statistics (Cholesky of the d×d SPD matrix).
 * @param stats - Gram G = H Hᵀ and class sums C = Y Hᵀ
 * @param lambdaW - λ_W > 0 (then G + Nλ_W I is positive definite)
 * @returns W, K×d
 * @throws RangeError if the matrix is not numerically positive definite
 */
export function ridgeFromStats(stats: RidgeStats, lambdaW: number): Mat {
  const { K, d, N, gram, classSums } = stats;
  const L = Float64Array.from(gram);
  const shift = N * lambdaW;
  for (let a = 0; a < d; a++) L[a * d + a] = (L[a * d + a] as number) + shift;
  // In-place Cholesky, lower triangle: A = L Lᵀ.
  for (let j = 0; j < d; j++) {
    let s = L[j * d + j] as number;
    for (let q = 0; q < j; q++) s -= (L[j * d + q] as number) ** 2;
    if (!(s > 0)) throw new RangeError(`G + Nλ_W I is not positive definite (pivot ${j} = ${s})`);
    const ljj = Math.sqrt(s);
    L[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = L[i * d + j] as number;
      for (let q = 0; q < j; q++) t -= (L[i * d + q] as number) * (L[j * d + q] as number);
      L[i * d + j] = t / ljj;
    }
  }
  // Row k of W solves (G + NλI) w = c_k (the matrix is symmetric): forward then backward substitution.
  const W = new Float64Array(K * d);
  for (let k = 0; k < K; k++) {
    const o = k * d;
    for (let i = 0; i < d; i++) {
      let t = classSums[o + i] as number;
      for (let q = 0; q < i; q++) t -= (L[i * d + q] as number) * (W[o + q] as number);
      W[o + i] = t / (L[i * d + i] as number);
    }
    for (let i = d - 1; i >= 0; i--) {
      let t = W[o + i] as number;
      for (let q = i + 1; q < d; q++) t -= (L[q * d + i] as number) * (W[o + q] as number);
      W[o + i] = t / (L[i * d + i] as number);
    }
  }
  return { rows: K, cols: d, data: W };
}

/**
 * The ridge classifier W(H) = Y Hᵀ (H Hᵀ + Nλ_W I)^{−1} for an explicit H (Thm 5.1's W(H)).
 * @param H - d×N, class-major columns
 * @param counts - per-class counts (Σ = N)
 * @param lambdaW - λ_W > 0
 * @returns W, K×d
 * @see THEORY.md §2.6
 */
export function ridgeClassifier(H: Mat, counts: readonly number[], lambdaW: number): Mat {
  return ridgeFromStats(ridgeStatsOf(H, counts), lambdaW);
}

/**
 * The ridge classifier for noisy features H = H̄ ⊗ 1_nᵀ + E, E iid from `law` with variance σ², streamed (H is never
 * stored; memory O(d² + Kd + 1024d)).
 * @param Hbar - d×K class means
 * @param n - samples per class
 * @param lambdaW - λ_W > 0
 * @param law - noise law
 * @param sigma - noise standard deviation
 * @param rng - seeded generator
 * @returns W(H), K×d
 * @see THEORY.md §2.6
 */
export function noisyRidgeClassifier(
  Hbar: Mat,
  n: number,
  lambdaW: number,
  law: NoiseLaw,
  sigma: number,
  rng: Rng,
): Mat {
  return ridgeFromStats(noisyRidgeStats(Hbar, n, noiseSampler(law, sigma, rng)), lambdaW);
}
