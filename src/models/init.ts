/**
 * Seeded random starting points for UFM solvers.
 *
 * Choice: every entry of W, H and b is drawn iid N(0, scale²), default scale = 1 — the "N(0, 1)-ish" Gaussian
 * initialisation of the papers' UFM experiments (Zhu et al. 2021 and Tirer & Bruna 2022 start gradient descent
 * from standard Gaussian factors). Smaller scales start nearer the origin, a strict saddle whenever κ < 1
 * (THEORY.md §6.1); scale = 1 keeps generic starts away from it. Without a bias there is nothing to draw for b.
 * Entries are drawn in θ order (W row by row, then H row by row, then b), so a seed fixes θ exactly.
 */
import type { Rng } from '../core/index.ts';
import type { UfmLayout } from './ufmLayout.ts';

/**
 * A random θ with iid N(0, scale²) entries.
 * @param layout - the parameter layout (only `dim` is used)
 * @param rng - seeded generator
 * @param scale - standard deviation of each entry
 * @returns a new θ of length layout.dim
 * @throws RangeError if scale is negative or not finite
 * @example
 * randomInit(ufmLayoutOf(2, 3, [1, 1], true), createRng(7)).length; // => 13
 */
export function randomInit(layout: Pick<UfmLayout, 'dim'>, rng: Rng, scale = 1): Float64Array {
  if (!Number.isFinite(scale) || scale < 0) throw new RangeError(`scale must be a finite number ≥ 0; got ${scale}`);
  return rng.fillNormal(new Float64Array(layout.dim), scale);
}
