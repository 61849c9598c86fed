/**
 * The flat parameter vector of the plain UFM (THEORY.md §0): θ = [W | H | b] with
 * W K×d row-major at `offW`, H d×N row-major at `offH` (columns class-major: the first n_0 columns are class 0,
 * the next n_1 class 1, …), and b ∈ R^K at `offB` only when the bias is learned.
 */
import type { Mat } from '../core/index.ts';
import { matOf } from '../core/index.ts';
import type { UfmProblem } from './problem.ts';

/** The three UFM blocks. `b` has length K (all zeros when the model has no bias). */
export interface UfmParts {
  /** K×d, row k = classifier w^k. */
  readonly W: Mat;
  /** d×N, column j = feature of sample j (class-major). */
  readonly H: Mat;
  /** Bias, length K. */
  readonly b: Float64Array;
}

/** Where W, H and b live inside θ. */
export interface UfmLayout {
  readonly K: number;
  readonly d: number;
  /** N = Σ_k n_k. */
  readonly N: number;
  /** Per-class counts n_k (class-major column order). */
  readonly counts: readonly number[];
  /** true when b is a variable (then θ ends with b). */
  readonly hasBias: boolean;
  readonly offW: number;
  readonly offH: number;
  /** Offset of b (= dim when there is no bias). */
  readonly offB: number;
  /** K·d + d·N (+ K with bias). */
  readonly dim: number;
  /**
   * Views of W, H (and b) inside θ — no copy: writing into them writes θ. Without a bias, `b` is a fresh
   * zero vector of length K (b ≡ 0).
   * @throws RangeError if θ.length ≠ dim
   */
  unpack(theta: Float64Array): UfmParts;
  /**
   * Copies W (K×d), H (d×N) and b (length K; ignored without a bias) into a new θ.
   * @throws RangeError on a shape mismatch
   */
  pack(parts: UfmParts): Float64Array;
}

/**
 * Builds the layout for K classes, dimension d, the given per-class counts, with or without a learned bias.
 * @throws RangeError if K < 1, d < 1, counts.length ≠ K, or a count is not a positive integer
 * @example
 * const L = ufmLayoutOf(3, 2, [2, 2, 2], true);
 * [L.offW, L.offH, L.offB, L.dim]; // => [ 0, 6, 18, 21 ]
 */
export function ufmLayoutOf(K: number, d: number, counts: readonly number[], hasBias: boolean): UfmLayout {
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`K must be an integer ≥ 1; got ${K}`);
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`d must be an integer ≥ 1; got ${d}`);
  if (counts.length !== K) throw new RangeError(`counts must have K = ${K} entries; got ${counts.length}`);
  let N = 0;
  counts.forEach((c, k) => {
    if (!Number.isInteger(c) || c < 1) throw new RangeError(`counts[${k}] must be an integer ≥ 1; got ${c}`);
    N += c;
  });
  const offW = 0;
  const offH = K * d;
  const offB = offH + d * N;
  const dim = offB + (hasBias ? K : 0);
  const frozen = Object.freeze([...counts]);
  const checkLen = (theta: Float64Array): void => {
    if (theta.length !== dim) throw new RangeError(`θ must have length ${dim}; got ${theta.length}`);
  };
  return {
    K,
    d,
    N,
    counts: frozen,
    hasBias,
    offW,
    offH,
    offB,
    dim,
    unpack(theta: Float64Array): UfmParts {
      checkLen(theta);
      return {
        W: matOf(K, d, theta.subarray(offW, offW + K * d)),
        H: matOf(d, N, theta.subarray(offH, offH + d * N)),
        b: hasBias ? theta.subarray(offB, offB + K) : new Float64Array(K),
      };
    },
    pack(parts: UfmParts): Float64Array {
      const { W, H, b } = parts;
      if (W.rows !== K || W.cols !== d) throw new RangeError(`W must be ${K}×${d}; got ${W.rows}×${W.cols}`);
      if (H.rows !== d || H.cols !== N) throw new RangeError(`H must be ${d}×${N}; got ${H.rows}×${H.cols}`);
      if (hasBias && b.length !== K) throw new RangeError(`b must have length ${K}; got ${b.length}`);
      const theta = new Float64Array(dim);
      theta.set(W.data, offW);
      theta.set(H.data, offH);
      if (hasBias) theta.set(b, offB);
      return theta;
    },
  };
}

/** The layout of a problem's parameter vector (THEORY.md §0). */
export function ufmLayout(problem: UfmProblem): UfmLayout {
  return ufmLayoutOf(problem.K, problem.d, problem.counts, problem.bias);
}
