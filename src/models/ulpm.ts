/**
 * The unconstrained layer-peeled model (ULPM) of Ji et al. 2022 (THEORY.md §3): the cross-entropy UFM with no
 * weight decay and no bias,
 *
 *     L(W, H) = (1/N) Σ_{k,i} CE(W h_{k,i}, y_k),   W K×d, H d×N (class-major),
 *
 * i.e. the plain UFM with loss 'ce', λ_W = λ_H = 0, bias false. Its infimum 0 is not attained; L is 2-homogeneous
 * in (W, H) in the sense that L(cW, cH) depends on c only through the logits c²WH. θ = [W | H] (the plain UFM
 * layout without b).
 *
 * @see THEORY.md §3
 */
import { classDims, isObj } from './parse.ts';
import { UsageError } from '../core/index.ts';
import { ce } from '../losses/index.ts';
import type { UfmProblem } from './problem.ts';
import { ufmObjective } from './ufm.ts';
import type { UfmObjective } from './ufm.ts';

/** A ULPM instance: only the shape (no λ's, no bias). */
export interface UlpmProblem {
  /** Number of classes, K ≥ 2. */
  readonly K: number;
  /** Feature dimension, d ≥ 1 (the min-norm NC solution needs d ≥ K−1). */
  readonly d: number;
  /** Per-class counts (balanced in the theory). */
  readonly counts: readonly number[];
}

/**
 * Validates a ULPM problem `{K, d, n | counts}`.
 * @throws UsageError naming the field: not an object; K < 2; d < 1; counts not K integers ≥ 1 / n < 1
 * @example
 * parseUlpmProblem({ K: 3, d: 2, n: 4 }).counts; // => [ 4, 4, 4 ]
 */
export function parseUlpmProblem(u: unknown, where = 'problem'): UlpmProblem {
  if (!isObj(u)) throw new UsageError(where, 'must be an object');
  return classDims(u, where);
}

/** The ULPM as a plain-UFM problem: loss 'ce', λ_W = λ_H = λ_b = 0, no bias. */
export function ulpmAsUfmProblem(p: UlpmProblem): UfmProblem {
  return { loss: 'ce', K: p.K, d: p.d, counts: [...p.counts], lambdaW: 0, lambdaH: 0, lambdaB: 0, bias: false };
}

/**
 * The ULPM objective over θ = [W (K×d) | H (d×N)], with exact gradient and HVP (the plain UFM engine).
 * @param p - the instance
 * @see THEORY.md §3
 * @example
 * const f = ulpmObjective({ K: 3, d: 2, counts: [1, 1, 1] });
 * f.value(new Float64Array(f.dim)); // => Math.log(3)
 */
export function ulpmObjective(p: UlpmProblem): UfmObjective {
  return ufmObjective(ulpmAsUfmProblem(p), ce);
}
