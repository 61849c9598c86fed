/**
 * Derivative certificates by Taylor remainders, in the manner of pymanopt's `check_gradient` / `check_hessian`
 * (tools/diagnostics.py; STYLE.md §1.5, §4.6), returned as data and never printed (issue 2 item 6).
 *
 * Along a random unit direction v and h ∈ logspace(hMin, hMax, points):
 *   gradient:  E₁(h) = |f(θ+hv) − f(θ) − h ∇f(θ)ᵀv|                 = O(h²) iff ∇f is right,
 *   Hessian:   E₂(h) = |f(θ+hv) − f(θ) − h ∇f(θ)ᵀv − ½h² vᵀ∇²f v|  = O(h³) iff vᵀ∇²f v is right (given ∇f),
 *   and, because a quadratic form only sees the symmetric part along v, also
 *   E_g(h) = ‖∇f(θ+hv) − ∇f(θ) − h ∇²f v‖₂ = O(h²) iff the whole vector ∇²f v is right, plus the symmetry
 *   uᵀ(∇²f w) = wᵀ(∇²f u) for two random directions.
 *
 * **How the fitting window is chosen.** Each remainder is the difference of a few numbers of size
 * S(h) = |f(θ)| + |f(θ+hv)| + |h ∇fᵀv| (+ ½h²|vᵀ∇²f v|), so rounding contributes about c·ε·S(h) with c the
 * relative accuracy of f in ulps. A point counts as above the noise when E(h) > 10⁴·ε·S(h) (c up to ~100 for sums of
 * 10⁵ terms, and another factor 100 so that noise moves log E by ≤ 1 %). The window starts at the smallest h that
 * begins a run of ≥ 4 consecutive above-noise points, and extends over consecutive above-noise points for at most
 * `windowDecades` decades (default 3). Starting at the small-h end catches a wrong derivative, whose remainder has
 * the lower slope there (slope 1 for a wrong gradient, 2 for a wrong Hessian) before the correct higher-order term
 * takes over at large h; stopping at the first point below the noise keeps a sign change of the remainder (a dip
 * to zero between the two regimes) out of the fit. The slope is the least-squares fit of log E against log h on
 * the window. `ok` iff slope ≥ expected − slopeTol (a higher slope is fine: the next Taylor term may vanish along
 * v). If every remainder is at rounding level, the model is exact to rounding along v (the strongest possible
 * pass): `ok` is true with slope NaN; a wrong derivative cannot produce this unless its error is below
 * ≈10⁴ε·S/h_max. If some remainders are above the noise but never 4 in a row, `ok` is false (cannot fit).
 */
import type { Objective } from '../models/index.ts';
import type { Rng } from '../core/index.ts';

export interface TaylorOptions {
  /** log10 of the smallest step. @defaultValue -8 */
  readonly log10HMin?: number;
  /** log10 of the largest step. @defaultValue 0 */
  readonly log10HMax?: number;
  /** Number of steps (log-spaced). @defaultValue 51 */
  readonly points?: number;
  /** Largest width of the fitting window in decades. @defaultValue 3 */
  readonly windowDecades?: number;
  /** Allowed shortfall of the slope below the expected order. @defaultValue 0.1 */
  readonly slopeTol?: number;
  /** Direction to test instead of a random one (normalised internally). */
  readonly direction?: Float64Array;
}

/** A remainder sequence and its fitted slope. */
export interface TaylorFit {
  readonly slope: number;
  readonly expected: 2 | 3;
  readonly ok: boolean;
  /** Steps h. */
  readonly hs: number[];
  /** Remainders E(h). */
  readonly errors: number[];
  /** Inclusive index range [first, last] of the fit, or null if every remainder was at rounding level. */
  readonly window: readonly [number, number] | null;
  /** Rounding thresholds 10⁴·ε·S(h) per step. */
  readonly noise: number[];
  readonly why: string;
}

/** Result of {@link checkGradient}. */
export type GradientCheck = TaylorFit & { readonly expected: 2 };

/** Result of {@link checkHessian}: the scalar check (slope 3) and the vector and symmetry checks. */
export interface HessianCheck extends TaylorFit {
  readonly expected: 3;
  /** ‖∇f(θ+hv) − ∇f(θ) − h∇²f v‖ (expected slope 2). */
  readonly gradientRemainder: TaylorFit;
  /** |uᵀHw − wᵀHu| / (‖u‖‖Hw‖ + ‖w‖‖Hu‖) for random u, w. */
  readonly asymmetry: number;
  /** Threshold on `asymmetry` (1e-10: rounding gives ~1e-15, a wrong product O(1)). */
  readonly asymmetryTol: number;
}

const EPS = 2 ** -52;
const NOISE_FACTOR = 1e4;
/** Fewest consecutive above-noise points a fit may use. */
const MIN_RUN = 4;

/**
 * Checks ∇f at θ against f by the first-order Taylor remainder (expected slope 2).
 *
 * @param obj - objective
 * @param theta - point (length obj.dim; not modified)
 * @param rng - source of the random unit direction
 * @param options - step range, window, tolerance (see {@link TaylorOptions})
 * @returns the remainders, the fitted slope and `ok`
 * @example
 * const c = checkGradient(obj, theta, createRng(1));
 * // c.slope => ≈ 2, c.ok => true
 */
export function checkGradient(
  obj: Objective,
  theta: Float64Array,
  rng: Rng,
  options: TaylorOptions = {},
): GradientCheck {
  const n = obj.dim;
  const v = direction(n, rng, options.direction);
  const g = new Float64Array(n);
  const f0 = obj.valueAndGrad(theta, g);
  const gv = dotv(g, v);
  const hs = steps(options);
  const x = new Float64Array(n);
  const errors: number[] = [];
  const noise: number[] = [];
  for (const h of hs) {
    for (let i = 0; i < n; i++) x[i] = theta[i]! + h * v[i]!;
    const f1 = obj.value(x);
    errors.push(Math.abs(f1 - f0 - h * gv));
    noise.push(NOISE_FACTOR * EPS * (Math.abs(f0) + Math.abs(f1) + Math.abs(h * gv)));
  }
  return { ...fitSlope(hs, errors, noise, 2, options), expected: 2 };
}

/**
 * Checks the Hessian-vector product at θ: second-order Taylor remainder of f (expected slope 3), first-order
 * remainder of ∇f (expected slope 2) and symmetry. Assumes ∇f is right (check it first).
 *
 * @param obj - objective
 * @param theta - point (length obj.dim; not modified)
 * @param rng - source of the random directions
 * @param options - see {@link TaylorOptions}
 * @returns the scalar fit (slope ≈ 3), `gradientRemainder` (slope ≈ 2), `asymmetry`, and `ok` (all three pass)
 */
export function checkHessian(obj: Objective, theta: Float64Array, rng: Rng, options: TaylorOptions = {}): HessianCheck {
  const n = obj.dim;
  const v = direction(n, rng, options.direction);
  const g0 = new Float64Array(n);
  const f0 = obj.valueAndGrad(theta, g0);
  const H = obj.hessianAt(theta);
  const Hv = new Float64Array(n);
  H.apply(v, Hv);
  const gv = dotv(g0, v);
  const vHv = dotv(v, Hv);
  const hs = steps(options);
  const x = new Float64Array(n);
  const g1 = new Float64Array(n);
  const e2: number[] = [];
  const n2: number[] = [];
  const eg: number[] = [];
  const ng: number[] = [];
  const g0n = Math.sqrt(dotv(g0, g0));
  const hvn = Math.sqrt(dotv(Hv, Hv));
  for (const h of hs) {
    for (let i = 0; i < n; i++) x[i] = theta[i]! + h * v[i]!;
    const f1 = obj.valueAndGrad(x, g1);
    e2.push(Math.abs(f1 - f0 - h * gv - 0.5 * h * h * vHv));
    n2.push(NOISE_FACTOR * EPS * (Math.abs(f0) + Math.abs(f1) + Math.abs(h * gv) + Math.abs(0.5 * h * h * vHv)));
    let s = 0;
    let g1n = 0;
    for (let i = 0; i < n; i++) {
      const r = g1[i]! - g0[i]! - h * Hv[i]!;
      s += r * r;
      g1n += g1[i]! * g1[i]!;
    }
    eg.push(Math.sqrt(s));
    ng.push(NOISE_FACTOR * EPS * (g0n + Math.sqrt(g1n) + h * hvn));
  }
  const scalar = fitSlope(hs, e2, n2, 3, options);
  const vector = fitSlope(hs, eg, ng, 2, options);
  // Symmetry on two fresh directions.
  const u = direction(n, rng, undefined);
  const w = direction(n, rng, undefined);
  const Hu = new Float64Array(n);
  const Hw = new Float64Array(n);
  H.apply(u, Hu);
  H.apply(w, Hw);
  const den = Math.sqrt(dotv(Hw, Hw)) + Math.sqrt(dotv(Hu, Hu));
  const asym = den > 0 ? Math.abs(dotv(u, Hw) - dotv(w, Hu)) / den : 0;
  const asymmetryTol = 1e-10;
  const symOk = asym <= asymmetryTol;
  const ok = scalar.ok && vector.ok && symOk;
  const why = ok
    ? `Hessian consistent: ${scalar.why}; gradient remainder ${vector.why}; asymmetry ${asym.toExponential(2)}`
    : [
        scalar.ok ? '' : `quadratic form: ${scalar.why}`,
        vector.ok ? '' : `Hessian-vector product: ${vector.why}`,
        symOk ? '' : `not symmetric: asymmetry ${asym.toExponential(2)} > ${asymmetryTol}`,
      ]
        .filter((s) => s !== '')
        .join('; ');
  return {
    ...scalar,
    expected: 3,
    ok,
    why,
    gradientRemainder: vector,
    asymmetry: asym,
    asymmetryTol,
  };
}

/** Least-squares slope of log E vs log h on the window described in the module doc. */
export function fitSlope(
  hs: readonly number[],
  errors: readonly number[],
  noise: readonly number[],
  expected: 2 | 3,
  options: TaylorOptions = {},
): TaylorFit {
  const slopeTol = options.slopeTol ?? 0.1;
  const decades = options.windowDecades ?? 3;
  const m = hs.length;
  const above = errors.map((e, i) => Number.isFinite(e) && e > (noise[i] as number));
  const base = `expected slope ${expected}`;
  const data = { hs: [...hs], errors: [...errors], noise: [...noise] };
  if (errors.some((e) => !Number.isFinite(e))) {
    return { slope: NaN, expected, ok: false, ...data, window: null, why: `${base}: non-finite remainder` };
  }
  if (!above.some((a) => a)) {
    return {
      slope: NaN,
      expected,
      ok: true,
      ...data,
      window: null,
      why: `${base}: remainder at rounding level for every h (model exact along v)`,
    };
  }
  // Smallest h that starts a run of ≥ MIN_RUN points above the noise.
  let first = -1;
  for (let i = 0; i + MIN_RUN <= m && first < 0; i++) {
    let run = true;
    for (let j = i; j < i + MIN_RUN; j++) run = run && (above[j] as boolean);
    if (run) first = i;
  }
  if (first < 0) {
    return {
      slope: NaN,
      expected,
      ok: false,
      ...data,
      window: null,
      why: `${base}: fewer than ${MIN_RUN} consecutive remainders above rounding, cannot fit`,
    };
  }
  const hFirst = hs[first] as number;
  let last = first;
  while (last + 1 < m && above[last + 1] && Math.log10((hs[last + 1] as number) / hFirst) <= decades + 1e-9) last++;
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  const cnt = last - first + 1;
  for (let i = first; i <= last; i++) {
    const lx = Math.log10(hs[i] as number);
    const ly = Math.log10(errors[i] as number);
    sx += lx;
    sy += ly;
    sxx += lx * lx;
    sxy += lx * ly;
  }
  const slope = (cnt * sxy - sx * sy) / (cnt * sxx - sx * sx);
  const ok = slope >= expected - slopeTol;
  return {
    slope,
    expected,
    ok,
    ...data,
    window: [first, last],
    why: `${base}, fitted ${slope.toFixed(3)} on h ∈ [${hFirst.toExponential(1)}, ${(hs[last] as number).toExponential(1)}]`,
  };
}

function steps(options: TaylorOptions): number[] {
  const lo = options.log10HMin ?? -8;
  const hi = options.log10HMax ?? 0;
  const m = options.points ?? 51;
  if (!(m >= 2) || !(hi > lo)) throw new RangeError('need points ≥ 2 and log10HMax > log10HMin');
  const hs: number[] = [];
  for (let i = 0; i < m; i++) hs.push(10 ** (lo + ((hi - lo) * i) / (m - 1)));
  return hs;
}

function direction(n: number, rng: Rng, given: Float64Array | undefined): Float64Array {
  const v = given ? given.slice() : rng.fillNormal(new Float64Array(n));
  if (v.length !== n) throw new RangeError(`direction must have length ${n}; got ${v.length}`);
  const s = Math.sqrt(dotv(v, v));
  if (!(s > 0)) throw new RangeError('direction must be non-zero');
  for (let i = 0; i < n; i++) v[i]! /= s;
  return v;
}

function dotv(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
