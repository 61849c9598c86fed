/**
 * Orthogonal frames, the bias-free MSE target geometry (THEORY.md §2.1: W Wᵀ = ρ_w I_K, needs d ≥ K).
 */
import type { Mat } from '../core/index.ts';
import { zeros } from '../core/index.ts';

/**
 * A K×d matrix with orthogonal rows of squared norm `scale`: W Wᵀ = scale · I_K.
 * Construction: √scale · [I_K, 0]. Deterministic.
 * @param K - number of rows, integer ≥ 1
 * @param d - integer ≥ K
 * @param scale - squared row norm ≥ 0; default 1
 * @throws RangeError if K < 1, d < K (or not an integer), or scale is negative / not finite
 * @example
 * orthogonalFrame(2, 3, 4); // => [[2, 0, 0], [0, 2, 0]]
 */
export function orthogonalFrame(K: number, d: number, scale = 1): Mat {
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`K must be an integer ≥ 1; got ${K}`);
  if (!Number.isInteger(d) || d < K) throw new RangeError(`d must be an integer ≥ K = ${K}; got ${d}`);
  if (!Number.isFinite(scale) || scale < 0) throw new RangeError(`scale must be a finite number ≥ 0; got ${scale}`);
  const W = zeros(K, d);
  const a = Math.sqrt(scale);
  for (let k = 0; k < K; k++) W.data[k * d + k] = a;
  return W;
}
