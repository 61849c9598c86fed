/**
 * Trust-region Newton-CG on exact Hessian-vector products (Steihaug 1983, Toint 1981; Nocedal & Wright,
 * Numerical Optimization, 2nd ed., Alg. 4.1 and Alg. 7.2), with a negative-curvature escape from saddles
 * (issue 2 item 5c; issue 4; THEORY.md §1.2 says every non-global UFM critical point has negative curvature).
 *
 * - Inner solve: truncated CG on ∇²f p = −∇f inside ‖p‖ ≤ Δ, stopped at ‖r‖ ≤ η_k‖∇f‖ with the forcing term
 *   η_k = min(0.5, ‖∇f‖^e) (e = `forcingExponent`, 0.5 by default: superlinear of order 1 + e, N&W Thm 7.2;
 *   e = 1 gives the quadratic rate), or at the boundary when a direction of non-positive curvature appears
 *   (the step then follows that direction to the boundary) or when the step leaves the region.
 * - Outer loop: ratio ρ = (f − f₊)/(m(0) − m(p)); Δ ← ¼‖p‖ if ρ < ¼, Δ ← min(2Δ, Δ_max) if ρ > ¾ and the step hit
 *   the boundary; the step is taken if ρ > `eta`. When both the actual and the predicted decrease are at the
 *   rounding level of f (relNoise·|f|), f cannot judge the step and the gradient decides: the step is taken iff
 *   ‖∇f‖ decreases.
 * - Saddles: CG meets negative curvature on its own whenever ∇f has a component along it. At a point with
 *   ‖∇f‖ ≤ tol and `secondOrder: true`, the smallest Hessian eigenpair is estimated by Lanczos
 *   (src/linalg/lanczos.ts). If the Rayleigh quotient λ̂ < −curvTol (a rigorous upper bound on λ_min), the solver
 *   steps to θ ± t·v (the sign with the lower f), t = max(Δ, Δ₀) and quartered until f decreases by more than the
 *   rounding allowance; it returns 'converged' only when λ̂ − r ≥ −curvTol (r the explicit Lanczos residual, so
 *   some eigenvalue lies in [λ̂ − r, λ̂ + r]): an approximate second-order critical point.
 */
import type { Objective } from '../models/index.ts';
import type { SolveOptions } from './result.ts';
import { checkDeadline, createRng } from '../core/index.ts';
import { lanczos, nrm2 } from '../linalg/index.ts';
import {
  type DivergenceOptions,
  type SolverOutcome,
  type StopReason,
  IterationLog,
  checkStart,
  divergence,
  outcome,
  resolveCommon,
} from './_internals/common.ts';

export interface TrustRegionOptions extends SolveOptions, DivergenceOptions {
  /** Initial trust radius Δ₀. @defaultValue 1 */
  readonly initialRadius?: number;
  /** Largest trust radius. @defaultValue 1e10 */
  readonly maxRadius?: number;
  /** Acceptance threshold on ρ (N&W's η ∈ [0, ¼)). @defaultValue 1e-4 */
  readonly eta?: number;
  /** Exponent e of the forcing term η_k = min(0.5, ‖∇f‖^e). @defaultValue 0.5 */
  readonly forcingExponent?: number;
  /** CG iterations per outer step. @defaultValue min(2·dim + 2, 1000) */
  readonly maxCgIter?: number;
  /** Relative rounding allowance on f (see module doc). @defaultValue 1e-12 */
  readonly relNoise?: number;
  /**
   * Require an approximate second-order critical point: 'converged' only if ‖∇f‖ ≤ tol and λ̂ − r ≥ −curvTol;
   * negative curvature found at ‖∇f‖ ≤ tol is escaped.
   * @defaultValue false
   */
  readonly secondOrder?: boolean;
  /** Curvature tolerance of the second-order test (absolute, units of f/θ²). @defaultValue 1e-8 */
  readonly curvTol?: number;
  /** Seed of the Lanczos start vector. @defaultValue 1 */
  readonly seed?: number;
  /** Lanczos basis size (see lanczos). @defaultValue 40 */
  readonly lanczosBasis?: number;
  /** Cap on accepted steps (rejected trial steps only shrink the radius and are not counted). @defaultValue 1000 */
  readonly maxIter?: number;
}

/** The last second-order test of a `secondOrder` run. */
export interface SecondOrderCheck {
  /** Rayleigh quotient of the Lanczos vector (≥ λ_min of the Hessian). */
  readonly lambdaMin: number;
  /** Explicit residual ‖Hv − λv‖. */
  readonly residual: number;
  /** The tolerance: converged iff lambdaMin − residual ≥ −curvTol. */
  readonly curvTol: number;
  readonly lanczosConverged: boolean;
}

export interface TrustRegionResult extends SolverOutcome {
  /** Negative-curvature escape steps taken at points with ‖∇f‖ ≤ tol. */
  readonly escapes: number;
  /** Steps in which CG met non-positive curvature. */
  readonly negativeCurvatureSteps: number;
  /** Present when `secondOrder` was requested and the test ran. */
  readonly secondOrder?: SecondOrderCheck;
}

/**
 * Minimises f by trust-region Newton-CG from θ₀ (see the module doc for the method and the saddle escape).
 *
 * @param objective - f with exact gradient and Hessian operator
 * @param theta0 - start (length objective.dim; not modified)
 * @param options - see {@link TrustRegionOptions}
 * @returns result with status, final θ, log of (f, ‖∇f‖), Hessian-vector product count, escapes
 * @throws RangeError on invalid options or a wrongly sized θ₀
 * @example
 * const r = trustRegion(saddle, Float64Array.of(0, 0), { secondOrder: true });
 * // r.escapes => 1 (it leaves the saddle along the negative eigenvector)
 */
export function trustRegion(
  objective: Objective,
  theta0: Float64Array,
  options: TrustRegionOptions = {},
): TrustRegionResult {
  const { tol, maxIter, log: keepAll, bound } = resolveCommon(options, 1000);
  const n = objective.dim;
  const delta0 = options.initialRadius ?? 1;
  const deltaMax = options.maxRadius ?? 1e10;
  const eta = options.eta ?? 1e-4;
  const fe = options.forcingExponent ?? 0.5;
  const maxCg = options.maxCgIter ?? Math.min(2 * n + 2, 1000);
  const relNoise = options.relNoise ?? 1e-12;
  const secondOrder = options.secondOrder ?? false;
  const curvTol = options.curvTol ?? 1e-8;
  const seed = options.seed ?? 1;
  const basis = options.lanczosBasis ?? 40;
  if (!(delta0 > 0) || !(deltaMax >= delta0)) throw new RangeError('need 0 < initialRadius ≤ maxRadius');
  if (!(eta >= 0 && eta < 0.25)) throw new RangeError(`eta must be in [0, 0.25); got ${eta}`);
  if (!(fe > 0 && fe <= 1)) throw new RangeError(`forcingExponent must be in (0, 1]; got ${fe}`);
  if (!Number.isInteger(maxCg) || maxCg < 1) throw new RangeError(`maxCgIter must be an integer ≥ 1; got ${maxCg}`);
  if (!(curvTol >= 0)) throw new RangeError(`curvTol must be ≥ 0; got ${curvTol}`);
  checkStart(n, theta0);
  const rng = createRng(seed);

  let x = theta0.slice();
  let g = new Float64Array(n);
  let xT = new Float64Array(n);
  let gT = new Float64Array(n);
  const p = new Float64Array(n);
  const Hp = new Float64Array(n);
  const r = new Float64Array(n);
  const dv = new Float64Array(n);
  const Hd = new Float64Array(n);
  const sums = new Float64Array(4);
  const log = new IterationLog(keepAll);

  let f = objective.valueAndGrad(x, g);
  let evals = 1;
  let hvps = 0;
  let gn = nrm2(g);
  let delta = delta0;
  let escapes = 0;
  let negSteps = 0;
  let check: SecondOrderCheck | undefined;
  let k = 0;

  const finish = (reason: StopReason): TrustRegionResult => {
    const base = outcome('newton', reason, x, f, gn, k, evals, hvps, log);
    return check === undefined
      ? { ...base, escapes, negativeCurvatureSteps: negSteps }
      : { ...base, escapes, negativeCurvatureSteps: negSteps, secondOrder: check };
  };
  const swap = (): void => {
    let t = x;
    x = xT;
    xT = t;
    t = g;
    g = gT;
    gT = t;
  };

  log.push(f, gn);
  for (;;) {
    checkDeadline();
    if (!Number.isFinite(f) || !Number.isFinite(gn)) return finish('non-finite');
    const div = divergence(f, nrm2(x), bound);
    if (div !== null) return finish(div);

    if (gn <= tol) {
      if (!secondOrder) return finish('gradient-tol');
      // ---- Second-order test at an approximate first-order point.
      const H = objective.hessianAt(x);
      const lz = lanczos(H, { rng, which: 'min', tol: curvTol / 2, maxBasis: basis });
      hvps += lz.matvecs;
      check = { lambdaMin: lz.lambdaMin, residual: lz.residualMin, curvTol, lanczosConverged: lz.converged };
      if (!Number.isFinite(lz.lambdaMin)) return finish('non-finite');
      if (lz.lambdaMin - lz.residualMin >= -curvTol) return finish('gradient-tol');
      if (!(lz.lambdaMin < -curvTol)) return finish('second-order-inconclusive');
      if (k >= maxIter) return finish('max-iter');
      // ---- Escape along the eigenvector: θ ± t v, the sign with the lower f, t quartered until f drops.
      const v = lz.vectorMin;
      let t = Math.max(delta, delta0);
      let done = false;
      for (let tries = 0; tries < 60 && !done; tries++, t /= 4) {
        for (let i = 0; i < n; i++) xT[i] = x[i]! + t * v[i]!;
        const fPlus = objective.value(xT);
        for (let i = 0; i < n; i++) xT[i] = x[i]! - t * v[i]!;
        const fMinus = objective.value(xT);
        evals += 2;
        const s = fPlus < fMinus || Number.isNaN(fMinus) ? 1 : -1;
        const fBest = s > 0 ? fPlus : fMinus;
        if (fBest < f - relNoise * Math.abs(f)) {
          for (let i = 0; i < n; i++) xT[i] = x[i]! + s * t * v[i]!;
          const fNew = objective.valueAndGrad(xT, gT);
          evals++;
          // Model decrease along ±v: ½t²|λ̂| − s·t·gᵀv; enlarge Δ when the model was good.
          let gv = 0;
          for (let i = 0; i < n; i++) gv += g[i]! * v[i]!;
          const pred = -(s * t * gv + 0.5 * t * t * lz.lambdaMin);
          const rho = (f - fNew) / pred;
          swap();
          f = fNew;
          gn = nrm2(g);
          delta = rho > 0.75 ? Math.min(2 * t, deltaMax) : t;
          done = true;
        }
      }
      if (!done) return finish('radius-collapsed');
      escapes++;
      k++;
      log.push(f, gn);
      continue;
    }
    if (k >= maxIter) return finish('max-iter');

    // ---- Steihaug–Toint truncated CG for min gᵀp + ½pᵀHp, ‖p‖ ≤ Δ. Tracks Hp to get the model value exactly.
    const H = objective.hessianAt(x);
    const forcing = Math.min(0.5, gn ** fe);
    p.fill(0);
    Hp.fill(0);
    r.set(g);
    negateInto(g, dv);
    let rr = gn * gn;
    let boundary = false;
    let negCurv = false;
    for (let j = 0; j < maxCg; j++) {
      H.apply(dv, Hd);
      hvps++;
      curvatureDots(dv, Hd, p, sums);
      const dHd = sums[0] as number;
      const pd = sums[1] as number;
      const dd = sums[2] as number;
      const pp = sums[3] as number;
      if (!Number.isFinite(dHd)) return finish('non-finite');
      if (dHd <= 0) {
        // Non-positive curvature: go to the boundary along dv, choosing the root with the lower model value.
        negCurv = true;
        const disc = Math.sqrt(pd * pd + dd * (delta * delta - pp));
        const tauPlus = (-pd + disc) / dd;
        const tauMinus = (-pd - disc) / dd;
        twoDots(dv, g, Hp, sums);
        const gd = sums[0] as number;
        const dHp = sums[1] as number;
        const model = (tau: number): number => tau * (gd + dHp) + 0.5 * tau * tau * dHd;
        const tau = model(tauPlus) <= model(tauMinus) ? tauPlus : tauMinus;
        axpy2(tau, dv, p, Hd, Hp);
        boundary = true;
        break;
      }
      const alpha = rr / dHd;
      // ‖p + αd‖² = pp + 2α pd + α² dd
      if (pp + 2 * alpha * pd + alpha * alpha * dd >= delta * delta) {
        const tau = (-pd + Math.sqrt(pd * pd + dd * (delta * delta - pp))) / dd;
        axpy2(tau, dv, p, Hd, Hp);
        boundary = true;
        break;
      }
      const rrNew = cgStep(alpha, dv, Hd, p, Hp, r);
      if (Math.sqrt(rrNew) <= forcing * gn) break;
      const beta = rrNew / rr;
      rr = rrNew;
      nextDirection(r, beta, dv);
    }
    if (negCurv) negSteps++;

    // ---- Ratio test.
    twoDots(p, g, Hp, sums);
    const gp = sums[0] as number;
    const pHp = sums[1] as number;
    const pred = -(gp + 0.5 * pHp);
    const pNorm = nrm2(p);
    addInto(x, p, xT);
    const fT = objective.valueAndGrad(xT, gT);
    evals++;
    const gnT = nrm2(gT);
    let rho: number;
    if (!Number.isFinite(fT) || !Number.isFinite(gnT)) {
      rho = -Infinity;
    } else {
      const actual = f - fT;
      const noise = relNoise * Math.max(Math.abs(f), Math.abs(fT));
      if (Math.abs(actual) <= noise && pred <= noise) rho = gnT < gn ? 1 : -1;
      else rho = pred > 0 ? actual / pred : -1;
    }
    if (rho < 0.25) delta = 0.25 * (pNorm > 0 ? Math.min(pNorm, delta) : delta);
    else if (rho > 0.75 && boundary) delta = Math.min(2 * delta, deltaMax);
    if (rho > eta) {
      swap();
      f = fT;
      gn = gnT;
      k++;
      log.push(f, gn);
    } else if (!(delta > 1e-15 * Math.max(1, nrm2(x)))) {
      return finish(Number.isFinite(fT) ? 'radius-collapsed' : 'non-finite');
    }
  }
}

// VECTOR PASSES //
// The CG loop's vector work, one small function per fused pass: V8 optimises these on their own, while the same
// loops inlined in the long `trustRegion` body ran in a lower tier (measured: ~43 ms per CG iteration at
// dim 2.56·10⁶, (K,d,n) = (10,512,500)). Each sums in index order with one accumulator, exactly as the inlined loops
// did, so results are unchanged to the bit.

/** out = [dᵀHd, pᵀd, dᵀd, pᵀp] (one pass). */
function curvatureDots(d: Float64Array, Hd: Float64Array, p: Float64Array, out: Float64Array): void {
  let dHd = 0,
    pd = 0,
    dd = 0,
    pp = 0;
  for (let i = 0; i < d.length; i++) {
    const di = d[i] as number,
      pi = p[i] as number;
    dHd += di * (Hd[i] as number);
    pd += pi * di;
    dd += di * di;
    pp += pi * pi;
  }
  out[0] = dHd;
  out[1] = pd;
  out[2] = dd;
  out[3] = pp;
}

/** out = [aᵀx, xᵀb] (one pass). */
function twoDots(x: Float64Array, a: Float64Array, b: Float64Array, out: Float64Array): void {
  let s = 0,
    t = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    s += (a[i] as number) * xi;
    t += xi * (b[i] as number);
  }
  out[0] = s;
  out[1] = t;
}

/** y₁ += τx₁, y₂ += τx₂. */
function axpy2(tau: number, x1: Float64Array, y1: Float64Array, x2: Float64Array, y2: Float64Array): void {
  for (let i = 0; i < y1.length; i++) {
    y1[i] = (y1[i] as number) + tau * (x1[i] as number);
    y2[i] = (y2[i] as number) + tau * (x2[i] as number);
  }
}

/** The CG update p += αd, Hp += αHd, r += αHd; returns ‖r‖² (one pass). */
function cgStep(
  alpha: number,
  d: Float64Array,
  Hd: Float64Array,
  p: Float64Array,
  Hp: Float64Array,
  r: Float64Array,
): number {
  let rr = 0;
  for (let i = 0; i < p.length; i++) {
    const hdi = Hd[i] as number;
    p[i] = (p[i] as number) + alpha * (d[i] as number);
    Hp[i] = (Hp[i] as number) + alpha * hdi;
    const ri = (r[i] as number) + alpha * hdi;
    r[i] = ri;
    rr += ri * ri;
  }
  return rr;
}

/** d ← −r + βd. */
function nextDirection(r: Float64Array, beta: number, d: Float64Array): void {
  for (let i = 0; i < d.length; i++) d[i] = -(r[i] as number) + beta * (d[i] as number);
}

/** out ← −x. */
function negateInto(x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = -(x[i] as number);
}

/** out ← x + y. */
function addInto(x: Float64Array, y: Float64Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = (x[i] as number) + (y[i] as number);
}
