/**
 * Trust-region Newton-CG on exact Hessian-vector products (Steihaug 1983, Toint 1981; Nocedal & Wright,
 * Numerical Optimization, 2nd ed., Alg. 4.1 and Alg. 7.2), with a negative-curvature escape from saddles
 * (issue 2 item 5c; issue 4; THEORY.md §1.2 says every non-global UFM critical point has negative curvature).
 *
 * - Inner solve: truncated CG on ∇²f p = −∇f inside ‖p‖ ≤ Δ, stopped at ‖r‖ ≤ η_k‖∇f‖ with the forcing term
 *   η_k = min(0.5, ‖∇f‖^e) (e = `forcingExponent`, 0.5 by default: superlinear of order 1 + e, N&W Thm 7.2;
 *   e = 1 gives the quadratic rate), raised to tol/(10‖∇f‖) when that is larger: the next gradient is r + O(‖p‖²),
 *   so a residual far below tol buys nothing (the last step from ‖∇f‖ ≈ 2·tol took 10 HVPs where 3 reach tol/10 at
 *   (K,d,n) = (10,512,500)); while ‖∇f‖ > tol this η_k is still ≤ ½ < 1, a valid forcing sequence (N&W Thm 7.1),
 *   and convergence is still judged on the true ‖∇f‖; or at the boundary when a direction of non-positive curvature appears
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
import { cgKernels, lanczos } from '../linalg/index.ts';
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

/** Heap size (doubles) from which the CG passes run on WebAssembly (cgKernels' default threshold). */
const CG_WASM_MIN = 1 << 18;

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

  // All long vectors live in one heap of CG kernels (WebAssembly SIMD on large problems, see cgKernels):
  // [x | g | xT | gT | p | r | d | Hd], n each; x, g, xT, gT swap roles (offsets and views together). On large
  // problems the heap is the objective's own workspace when it offers one, so the HVPs read d and write Hd in place.
  const kv = (8 * n >= CG_WASM_MIN ? objective.vectorWorkspace?.(8) : undefined) ?? cgKernels(8 * n, CG_WASM_MIN);
  const F = kv.f64;
  const view = (slot: number): Float64Array => F.subarray(slot * n, (slot + 1) * n);
  let oX = 0,
    oG = n,
    oXT = 2 * n,
    oGT = 3 * n;
  const oP = 4 * n,
    oR = 5 * n,
    oD = 6 * n,
    oHd = 7 * n;
  let x = view(0);
  let g = view(1);
  let xT = view(2);
  let gT = view(3);
  const p = view(4);
  const r = view(5);
  const dv = view(6);
  const Hd = view(7);
  x.set(theta0);
  const sums = new Float64Array(4);
  const log = new IterationLog(keepAll);
  const norm = (o: number): number => Math.sqrt(kv.sumsq(o, n));

  let f = objective.valueAndGrad(x, g);
  let evals = 1;
  let hvps = 0;
  let gn = norm(oG);
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
    let o = oX;
    oX = oXT;
    oXT = o;
    o = oG;
    oG = oGT;
    oGT = o;
  };

  log.push(f, gn);
  for (;;) {
    checkDeadline();
    if (!Number.isFinite(f) || !Number.isFinite(gn)) return finish('non-finite');
    const div = divergence(f, norm(oX), bound);
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
          gn = norm(oG);
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

    // ---- Steihaug–Toint truncated CG for min gᵀp + ½pᵀHp, ‖p‖ ≤ Δ. Keeps r = g + Hp (r is the CG residual while
    // CG runs, and follows boundary steps too), so the model value needs no Hp: pᵀHp = pᵀr − pᵀg. Three passes per
    // iteration besides the HVP (cgKernels): dᵀHd; p += αd, r += αHd with pᵀp, rᵀr, pᵀr, pᵀd of the new p, r;
    // d ← −r + βd with dᵀd. pᵀd of the new d is −pᵀr + β·pᵀd_old (exact algebra on dots of the same pass).
    const H = objective.hessianAt(x);
    const cgTarget = Math.max(Math.min(0.5, gn ** fe) * gn, 0.1 * tol);
    p.fill(0);
    r.set(g);
    kv.scale(oD, oG, -1, n);
    let rr = gn * gn;
    let pp = 0,
      pd = 0,
      dd = rr;
    let boundary = false;
    let negCurv = false;
    for (let j = 0; j < maxCg; j++) {
      H.apply(dv, Hd);
      hvps++;
      const dHd = kv.curv(oD, oHd, n);
      if (!Number.isFinite(dHd)) return finish('non-finite');
      if (dHd <= 0) {
        // Non-positive curvature: go to the boundary along dv, choosing the root with the lower model value.
        negCurv = true;
        const disc = Math.sqrt(pd * pd + dd * (delta * delta - pp));
        const tauPlus = (-pd + disc) / dd;
        const tauMinus = (-pd - disc) / dd;
        kv.dots2(oD, oG, oR, n, sums);
        const gd = sums[0] as number;
        const dHp = (sums[1] as number) - gd;
        const model = (tau: number): number => tau * (gd + dHp) + 0.5 * tau * tau * dHd;
        const tau = model(tauPlus) <= model(tauMinus) ? tauPlus : tauMinus;
        kv.step(oP, oR, oD, oHd, tau, n, sums);
        pp = sums[0] as number;
        boundary = true;
        break;
      }
      const alpha = rr / dHd;
      // ‖p + αd‖² = pp + 2α pd + α² dd
      if (pp + 2 * alpha * pd + alpha * alpha * dd >= delta * delta) {
        const tau = (-pd + Math.sqrt(pd * pd + dd * (delta * delta - pp))) / dd;
        kv.step(oP, oR, oD, oHd, tau, n, sums);
        pp = sums[0] as number;
        boundary = true;
        break;
      }
      kv.step(oP, oR, oD, oHd, alpha, n, sums);
      pp = sums[0] as number;
      const rrNew = sums[1] as number;
      if (Math.sqrt(rrNew) <= cgTarget) break;
      const beta = rrNew / rr;
      rr = rrNew;
      pd = -(sums[2] as number) + beta * (sums[3] as number);
      dd = kv.direction(oD, oR, beta, n);
    }
    if (negCurv) negSteps++;

    // ---- Ratio test.
    kv.dots2(oP, oG, oR, n, sums);
    const gp = sums[0] as number;
    const pHp = (sums[1] as number) - gp;
    const pred = -(gp + 0.5 * pHp);
    const pNorm = Math.sqrt(pp);
    kv.add(oXT, oX, oP, n);
    const fT = objective.valueAndGrad(xT, gT);
    evals++;
    const gnT = norm(oGT);
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
    } else if (!(delta > 1e-15 * Math.max(1, norm(oX)))) {
      return finish(Number.isFinite(fT) ? 'radius-collapsed' : 'non-finite');
    }
  }
}
