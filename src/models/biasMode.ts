/**
 * The bias mode of a plain-UFM problem (THEORY.md §0): no bias (b ≡ 0), a free bias (learned, λ_b = 0), or a
 * decayed (regularised, λ_b > 0) bias. One name for the three cases the generators draw, the hunt space ranges
 * over and the global certificate's dual bound distinguishes.
 */
import type { UfmProblem } from './problem.ts';

/** none: b ≡ 0; free: b learned with λ_b = 0; decay: b learned with λ_b > 0. */
export type BiasMode = 'none' | 'free' | 'decay';

/** The bias mode of `p` (`bias` false → 'none'; else 'decay' when λ_b > 0, 'free' when λ_b = 0). */
export function biasModeOf(p: Pick<UfmProblem, 'bias' | 'lambdaB'>): BiasMode {
  return !p.bias ? 'none' : p.lambdaB > 0 ? 'decay' : 'free';
}
