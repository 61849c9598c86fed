/**
 * Simplex equiangular tight frames (THEORY.md §0: E_K = (K/(K−1))(I_K − J); rows of W form a simplex ETF with
 * ‖w^k‖² = ρ iff W Wᵀ = ρ E_K, which needs d ≥ K−1).
 */
import type { Mat } from '../core/index.ts';
import { zeros } from '../core/index.ts';

function checkK(K: number): void {
  if (!Number.isInteger(K) || K < 2) throw new RangeError(`K must be an integer ≥ 2; got ${K}`);
}

function checkScale(scale: number): void {
  if (!Number.isFinite(scale) || scale < 0) throw new RangeError(`scale must be a finite number ≥ 0; got ${scale}`);
}

/**
 * The Helmert basis of 1^⊥: a (K−1)×K matrix Φ with orthonormal rows, Φ 1 = 0, ΦᵀΦ = I_K − J.
 * Row i (0-based) is (1, …, 1, −(i+1), 0, …, 0)/√((i+1)(i+2)) with i+1 leading ones.
 * Deterministic, so every frame built from it is reproducible.
 * @param K - number of classes, integer ≥ 2
 * @throws RangeError if K is not an integer ≥ 2
 */
export function helmertBasis(K: number): Mat {
  checkK(K);
  const P = zeros(K - 1, K);
  for (let i = 0; i < K - 1; i++) {
    const s = 1 / Math.sqrt((i + 1) * (i + 2));
    for (let j = 0; j <= i; j++) P.data[i * K + j] = s;
    P.data[i * K + i + 1] = -(i + 1) * s;
  }
  return P;
}

/**
 * The simplex-ETF Gram matrix E_K = (K/(K−1))(I_K − J), J = (1/K)11ᵀ (THEORY.md §0).
 * @param K - integer ≥ 2
 * @returns K×K matrix with diagonal 1 and off-diagonal −1/(K−1)
 * @throws RangeError if K is not an integer ≥ 2
 * @example
 * etfGram(3); // => [[1, −0.5, −0.5], [−0.5, 1, −0.5], [−0.5, −0.5, 1]]
 */
export function etfGram(K: number): Mat {
  checkK(K);
  const G = zeros(K, K);
  const off = -1 / (K - 1);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) G.data[i * K + j] = i === j ? 1 : off;
  return G;
}

/**
 * A K×d matrix whose rows form a simplex ETF with ‖row‖² = scale: W Wᵀ = scale · E_K, W ᵀ1 = 0.
 * Construction: W = √(scale·K/(K−1)) · [Φᵀ, 0] with Φ the Helmert basis, so only the first K−1 columns are
 * non-zero. Deterministic.
 * @param K - number of classes, integer ≥ 2
 * @param d - feature dimension, integer ≥ K−1
 * @param scale - squared row norm ρ ≥ 0; default 1
 * @throws RangeError if K < 2, d < K−1 (or not an integer), or scale is negative / not finite
 * @example
 * simplexEtf(2, 1); // => [[1], [−1]]
 */
export function simplexEtf(K: number, d: number, scale = 1): Mat {
  checkK(K);
  if (!Number.isInteger(d) || d < K - 1) throw new RangeError(`d must be an integer ≥ K−1 = ${K - 1}; got ${d}`);
  checkScale(scale);
  const Phi = helmertBasis(K);
  const a = Math.sqrt((scale * K) / (K - 1));
  const W = zeros(K, d);
  for (let k = 0; k < K; k++) for (let i = 0; i < K - 1; i++) W.data[k * d + i] = a * (Phi.data[i * K + k] as number);
  return W;
}
