/**
 * Line search for the strong Wolfe conditions (Nocedal & Wright, Numerical Optimization, 2nd ed., Alg. 3.5
 * "bracketing" and Alg. 3.6 "zoom", with the safeguarded cubic interpolation of eq. (3.59)), made robust at the
 * rounding floor of f:
 *
 * - sufficient decrease is tested as φ(α) ≤ φ(0) + c₁αφ′(0) + `noise`, where `noise` is the caller's bound on the
 *   rounding error of f. Far from a minimiser c₁α|φ′(0)| ≫ noise and this is the textbook test; near it, where f
 *   differences are rounding noise, the decision falls to the gradient-based curvature test |φ′(α)| ≤ c₂|φ′(0)|
 *   (in the spirit of Hager & Zhang's approximate Wolfe conditions, SIAM J. Optim. 16, 2005);
 * - the comparisons "φ(α) ≥ φ(α_prev)" (bracketing) and "φ(α) ≥ φ(α_lo)" (zoom) only count differences of at least
 *   `noise`; smaller ones are decided by the sign of φ′, which keeps the bracket around a sign change of φ′ when
 *   f itself can no longer tell the points apart;
 * - a trial point whose gradient norm is already ≤ `acceptGradNorm` is accepted at once (if f did not rise above
 *   noise);
 * - when the search fails, the trial with the smallest ‖∇f‖ that is below ‖∇f(x)‖ and did not raise f above noise is
 *   returned as a fallback (`fallback: true`), so progress measured by the gradient is never thrown away;
 * - when extrapolation runs out of budget (or reaches `alphaMax`) with every trial decreasing f sufficiently and
 *   the slope still negative, f looks unbounded below along d: the last trial is returned (`fallback: true`)
 *   so that the caller's divergence test can see it.
 */
import type { Objective } from '../../models/index.ts';

export interface StrongWolfeOptions {
  /** Sufficient-decrease constant c₁. @defaultValue 1e-4 */
  readonly c1?: number;
  /** Curvature constant c₂ (0.9 for quasi-Newton directions). @defaultValue 0.9 */
  readonly c2?: number;
  /** Maximum objective evaluations in one search. @defaultValue 30 */
  readonly maxEvals?: number;
  /** Largest step tried. @defaultValue 1e20 */
  readonly alphaMax?: number;
  /** Absolute allowance for rounding noise in f (see module doc). @defaultValue 0 */
  readonly noise?: number;
  /** Accept any trial point with ‖∇f‖₂ ≤ this. @defaultValue 0 */
  readonly acceptGradNorm?: number;
}

/** Workspace and data of one search along x + αd. */
export interface LineSearchInput {
  readonly objective: Objective;
  readonly x: Float64Array;
  readonly f0: number;
  /** ‖∇f(x)‖₂ (for the gradient fallback). */
  readonly gradNorm0: number;
  /** Search direction d (a descent direction: φ′(0) = ∇f(x)ᵀd < 0). */
  readonly d: Float64Array;
  /** φ′(0) = ∇f(x)ᵀd. */
  readonly dphi0: number;
  /** First trial step. */
  readonly alpha1: number;
  /** Out: the accepted point x + αd. */
  readonly xOut: Float64Array;
  /** Out: ∇f at the accepted point. */
  readonly gOut: Float64Array;
  /** Scratch of length dim (best fallback point). */
  readonly xBest: Float64Array;
  /** Scratch of length dim (gradient at xBest). */
  readonly gBest: Float64Array;
}

export interface LineSearchResult {
  /** ok: xOut/gOut hold an accepted point. failed: nothing accepted. non-finite: every trial gave NaN/Inf. */
  readonly status: 'ok' | 'failed' | 'non-finite';
  readonly alpha: number;
  readonly value: number;
  readonly gradNorm: number;
  readonly evals: number;
  /** Accepted by the gradient fallback rather than by the Wolfe conditions. */
  readonly fallback: boolean;
}

interface Trial {
  alpha: number;
  f: number;
  dphi: number;
  gn: number;
}

/**
 * Searches along d for a step satisfying the strong Wolfe conditions (with the noise allowance above).
 * Writes the accepted point into `xOut`, `gOut`. Allocates nothing per evaluation.
 *
 * @param input - point, direction, buffers (see {@link LineSearchInput})
 * @param options - constants (see {@link StrongWolfeOptions})
 * @returns the step and its value; status 'failed' when no acceptable step was found within `maxEvals`
 */
export function strongWolfe(input: LineSearchInput, options: StrongWolfeOptions = {}): LineSearchResult {
  const c1 = options.c1 ?? 1e-4;
  const c2 = options.c2 ?? 0.9;
  const maxEvals = options.maxEvals ?? 30;
  const alphaMax = options.alphaMax ?? 1e20;
  const noise = options.noise ?? 0;
  const acceptGn = options.acceptGradNorm ?? 0;
  const { objective, x, f0, d, dphi0, xOut, gOut, xBest, gBest, gradNorm0 } = input;
  const n = x.length;

  let evals = 0;
  let finiteSeen = false;
  let best: Trial | null = null; // fallback candidate (smallest ‖∇f‖ below ‖∇f(x)‖, f ≤ f0 + noise)

  const evaluate = (alpha: number): Trial => {
    for (let i = 0; i < n; i++) xOut[i] = x[i]! + alpha * d[i]!;
    const f = objective.valueAndGrad(xOut, gOut);
    evals++;
    let dphi = 0;
    let gg = 0;
    for (let i = 0; i < n; i++) {
      dphi += gOut[i]! * d[i]!;
      gg += gOut[i]! * gOut[i]!;
    }
    const t: Trial = { alpha, f, dphi, gn: Math.sqrt(gg) };
    if (Number.isFinite(f) && Number.isFinite(dphi) && Number.isFinite(t.gn)) {
      finiteSeen = true;
      if (f <= f0 + noise && t.gn < gradNorm0 && (best === null || t.gn < best.gn)) {
        best = t;
        xBest.set(xOut);
        gBest.set(gOut);
      }
    }
    return t;
  };
  const finite = (t: Trial): boolean => Number.isFinite(t.f) && Number.isFinite(t.dphi);
  const armijo = (t: Trial): boolean => t.f <= f0 + c1 * t.alpha * dphi0 + noise;
  const curvature = (t: Trial): boolean => Math.abs(t.dphi) <= -c2 * dphi0;
  const accept = (t: Trial): LineSearchResult => ({
    status: 'ok',
    alpha: t.alpha,
    value: t.f,
    gradNorm: t.gn,
    evals,
    fallback: false,
  });
  const early = (t: Trial): boolean => finite(t) && t.gn <= acceptGn && t.f <= f0 + noise;
  const giveUp = (): LineSearchResult => {
    const b = best as Trial | null;
    if (b !== null) {
      xOut.set(xBest);
      gOut.set(gBest);
      return { status: 'ok', alpha: b.alpha, value: b.f, gradNorm: b.gn, evals, fallback: true };
    }
    return {
      status: finiteSeen ? 'failed' : 'non-finite',
      alpha: 0,
      value: f0,
      gradNorm: gradNorm0,
      evals,
      fallback: false,
    };
  };

  // ---- Zoom (Alg. 3.6) between lo (satisfies sufficient decrease, the lower f) and hi.
  const zoom = (loIn: Trial, hiIn: Trial): LineSearchResult => {
    let lo = loIn;
    let hi = hiIn;
    while (evals < maxEvals) {
      const a = Math.min(lo.alpha, hi.alpha);
      const b = Math.max(lo.alpha, hi.alpha);
      const width = b - a;
      if (!(width > 4 * Number.EPSILON * b)) break; // the bracket has collapsed to rounding
      let alpha = finite(hi) ? cubicMin(lo.alpha, lo.f, lo.dphi, hi.alpha, hi.f, hi.dphi) : NaN;
      if (!(alpha >= a + 0.1 * width && alpha <= b - 0.1 * width)) alpha = 0.5 * (a + b);
      const t = evaluate(alpha);
      if (early(t)) return accept(t);
      if (!finite(t) || !armijo(t) || t.f - lo.f >= noise) {
        hi = t;
      } else {
        if (curvature(t)) return accept(t);
        if (t.dphi * (hi.alpha - lo.alpha) >= 0) hi = lo;
        lo = t;
      }
    }
    // Budget spent or bracket collapsed: only the gradient fallback may still supply a point.
    return giveUp();
  };

  // ---- Bracketing (Alg. 3.5).
  let prev: Trial = { alpha: 0, f: f0, dphi: dphi0, gn: gradNorm0 };
  let alpha = Math.min(input.alpha1, alphaMax);
  for (let i = 1; evals < maxEvals; i++) {
    const t = evaluate(alpha);
    if (early(t)) return accept(t);
    if (!finite(t) || !armijo(t) || (i > 1 && t.f - prev.f >= noise)) return zoom(prev, t);
    if (curvature(t)) return accept(t);
    if (t.dphi >= 0) return zoom(t, prev);
    if (alpha >= alphaMax || evals >= maxEvals) {
      // Every trial decreased f sufficiently and the slope never flattened: f is (numerically) unbounded below
      // along d. Return the last point, which satisfies sufficient decrease, and let the caller's divergence
      // test decide.
      return { status: 'ok', alpha: t.alpha, value: t.f, gradNorm: t.gn, evals, fallback: true };
    }
    // Extrapolate: cubic step safeguarded to [α + 1.1(α − α_prev), α + 4(α − α_prev)] (Moré & Thuente 1994).
    const lowE = alpha + 1.1 * (alpha - prev.alpha);
    const highE = alpha + 4 * (alpha - prev.alpha);
    let next = cubicMin(prev.alpha, prev.f, prev.dphi, alpha, t.f, t.dphi);
    if (!(next >= lowE && next <= highE)) next = highE;
    prev = t;
    alpha = Math.min(next, alphaMax);
  }
  return giveUp();
}

/**
 * Minimiser of the cubic interpolating (a, fa, da), (b, fb, db) (Nocedal & Wright eq. (3.59)); NaN if it has no
 * real minimiser.
 */
export function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  const den = db - da + 2 * d2;
  if (den === 0) return NaN;
  return b - (b - a) * ((db + d2 - d1) / den);
}
