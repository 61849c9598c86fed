/**
 * The ReLU extended UFM of Tirer & Bruna 2022, eq. (24) (THEORY.md §2.5):
 *
 *     f(W₂, W₁, H₁) = (1/(2N))‖W₂ σ(W₁H₁) − Y‖² + (λ_{W2}/2)‖W₂‖² + (λ_{W1}/2)‖W₁‖² + (λ_{H1}/2)‖H₁‖²,
 *
 * σ = ReLU entrywise; same θ layout as the linear model (extended.ts).
 *
 * **Kinks.** f is piecewise smooth: on each open region where the sign pattern of P = W₁H₁ is fixed it is a
 * polynomial, σ″ = 0, and the gradient and HVP returned are exact. At a pre-activation P_ij = 0 exactly the model
 * uses the one-sided convention σ′(0) = 0, i.e. the derivatives of the piece on which that entry is inactive.
 * There f is not differentiable in general (the true object is a Clarke subdifferential), so a gradient norm or a
 * Hessian λ_min computed at such a point certifies nothing about the other pieces: certificates must call
 * {@link reluKinks} and report a point with `count > 0` as *non-smooth* rather than as a local minimum or saddle.
 * `minAbs` also bounds how far a smooth-piece certificate extends: the sign pattern is constant on the ball
 * ‖Δ(W₁H₁)‖_max < minAbs.
 *
 * Note: every nonnegative orthogonal frame W₁H̄₁ (the structure of Thm 4.2) has zero entries (two nonnegative
 * orthogonal columns have disjoint supports), so such minimizers always sit on kinks.
 *
 * @see THEORY.md §2.5
 */
import type { Objective } from './objective.ts';
import { extendedLayout, extendedObjectiveWith, preActivations } from './extended.ts';
import type { ExtendedProblem } from './extended.ts';

/**
 * The ReLU extended UFM as an Objective over θ = [W₂ | W₁ | H₁]: exact gradient and HVP away from kinks, and the
 * σ′(0) = 0 convention on them (see the module doc).
 * @param p - the problem (validate untrusted input with `parseExtendedProblem`)
 * @see THEORY.md §2.5
 * @example
 * const f = reluExtendedObjective({ K: 2, d: 2, counts: [1, 1], lambdaW2: 0, lambdaW1: 0, lambdaH1: 0 });
 * f.value(new Float64Array(f.dim)); // => 0.5
 */
export function reluExtendedObjective(p: ExtendedProblem): Objective {
  return extendedObjectiveWith(p, 'relu');
}

/** Kink report of the ReLU model at θ. */
export interface ReluKinks {
  /** Number of pre-activations with |(W₁H₁)_ij| ≤ tol. A point with count > 0 is non-smooth. */
  readonly count: number;
  /** min_ij |(W₁H₁)_ij| (Infinity when d·N = 0). */
  readonly minAbs: number;
  /** max_ij |(W₁H₁)_ij|, the scale against which `minAbs` should be read. */
  readonly maxAbs: number;
}

/**
 * Counts the pre-activations of the ReLU model that sit on (or within `tol` of) the kink at 0.
 * @param p - the problem
 * @param theta - θ = [W₂ | W₁ | H₁]
 * @param tol - absolute tolerance; the default 0 counts exact zeros only
 * @returns count, minAbs and maxAbs of the entries of W₁H₁
 * @example
 * reluKinks(p, new Float64Array(dim)).count; // => d·N (the origin is all kinks)
 */
export function reluKinks(p: ExtendedProblem, theta: Float64Array, tol = 0): ReluKinks {
  const L = extendedLayout(p);
  const P = new Float64Array(L.d * L.N);
  preActivations(L, theta, P);
  let count = 0,
    minAbs = Infinity,
    maxAbs = 0;
  for (let i = 0; i < P.length; i++) {
    const a = Math.abs(P[i] as number);
    if (a <= tol) count++;
    if (a < minAbs) minAbs = a;
    if (a > maxAbs) maxAbs = a;
  }
  return { count, minAbs, maxAbs };
}
