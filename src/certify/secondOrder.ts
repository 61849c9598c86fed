/**
 * Second-order certificates of a point (issue 4 item 2; THEORY.md §1.2, §6): gradient norm, extreme Hessian
 * eigenvalues by Lanczos on exact Hessian-vector products, and a classification
 * local-min | strict-saddle | degenerate | inconclusive with a derived tolerance; plus the escape check
 * "a step along the negative-curvature direction decreases f".
 *
 * ## Derivation of the tolerance
 * Notation: ε = ‖∇f(θ)‖, (λ̂, x) the Lanczos pair for the bottom of the spectrum (x unit, λ̂ = xᵀ∇²f(θ)x),
 * r = ‖∇²f(θ)x − λ̂x‖ (computed explicitly), ‖H‖ ≈ max(|λ̂_min|, |λ̂_max|).
 *
 * 1. *What Lanczos proves.* λ_min(∇²f(θ)) ≤ λ̂ (Rayleigh quotient, Courant–Fischer), and some eigenvalue lies in
 *    [λ̂ − r, λ̂ + r] (for symmetric A, ‖(A − λ̂)x‖ ≥ min_i |λ_i − λ̂|; the Weyl/Bauer–Fike residual bound). That this
 *    eigenvalue is the smallest is what Lanczos from a random start delivers with probability one (the
 *    Kuczyński–Woźniakowski bound); so the lower bound λ_min ≥ λ̂ − r is probabilistic, the upper bound is not.
 * 2. *From θ to the critical point it approximates.* Let ∇²f be ρ-Lipschitz and let μ be the smallest non-zero
 *    |eigenvalue| on the normal space of the critical set (the symmetry orbit is tangent to the kernel). Then the
 *    critical point θ* is at distance ≲ ε/μ, and by Weyl every eigenvalue moves by ≤ ρ‖θ − θ*‖ ≲ ρε/μ. For the
 *    curvatures the test claims to see, μ ≥ √(ρε), so the shift is ≤ √(ρε). This is also the standard notion of
 *    an ε-approximate second-order critical point, ‖∇f‖ ≤ ε and λ_min ≥ −√(ρε) (Nesterov & Polyak 2006).
 *    ρ is `hessianLipschitz` when given; otherwise ρ̂ = 2‖H‖/max(1, ‖θ‖) — the third derivative of a polynomial
 *    objective of degree ≤ 4 (the MSE UFM, a matrix factorisation) whose Hessian is ~‖H‖ at radius ‖θ‖; a
 *    heuristic scale, stated as such.
 * 3. *Rounding.* Hessian-vector products carry relative errors of order ε_mach·√dim in ‖H‖; eigenvalues below
 *    τ‖H‖ (τ = `curvatureFloor`, 1e-8 by default, ≥ 10⁴ times that rounding at dim 10⁵) are numerically zero.
 *    Lanczos is run to a residual ≤ (τ/10)‖H‖, so r never dominates the band.
 *
 *    tol = √(ρ·ε) + τ·‖H‖.
 *
 * ## Classification
 * - inconclusive: a non-finite value, ε > `gradTol` (not a critical point to the requested accuracy), or Lanczos
 *   neither converged nor found decisive negative curvature.
 * - strict-saddle: λ̂ + r < −tol — an eigenvalue below −tol is certified by the residual bound, λ_min ≤ λ̂
 *   rigorously, and by (2) the curvature stays negative at the critical point itself.
 * - local-min: λ̂ − r ≥ −tol, i.e. no negative curvature beyond the tolerance (the second-order necessary
 *   condition). Zero eigenvalues are expected and allowed: at every UFM critical point the O(d) symmetry
 *   W → WQᵀ, H → QH gives exact zero modes (THEORY.md §0), so a zero eigenvalue alone is not a degeneracy.
 * - degenerate (only when `symmetryTangents` are given): Lanczos is rerun on the Hessian restricted to the
 *   orthogonal complement of the tangent space of the symmetry orbit (the deflated operator
 *   P∇²fP + c(I − P), which moves the orbit directions to the top of the spectrum). If that restricted λ_min,
 *   λ⊥ with residual r⊥, satisfies λ⊥ − r⊥ > tol, the Hessian is positive definite modulo the symmetry and the
 *   point is a strict local minimum modulo the orbit (kind local-min); if |λ⊥| ≤ tol + r⊥ there is a flat
 *   direction that the symmetry does not explain (kind degenerate).
 */
import type { Objective } from '../models/index.ts';
import { createRng, type Rng } from '../core/index.ts';
import { lanczos, type LanczosResult } from '../linalg/index.ts';

export type CertificateKind = 'local-min' | 'strict-saddle' | 'degenerate' | 'inconclusive';

export interface SecondOrderOptions {
  /** Start vectors for Lanczos. @defaultValue createRng(1) */
  readonly rng?: Rng;
  /** Largest gradient norm at which the point counts as critical. @defaultValue 1e-8 */
  readonly gradTol?: number;
  /** Lipschitz constant ρ of ∇²f near θ; estimated as 2‖H‖/max(1, ‖θ‖) when absent (see derivation). */
  readonly hessianLipschitz?: number;
  /** Relative floor τ below which eigenvalues are numerically zero. @defaultValue 1e-8 */
  readonly curvatureFloor?: number;
  /** Lanczos basis size. @defaultValue 40 */
  readonly maxBasis?: number;
  /** Lanczos product budget. @defaultValue lanczos's default */
  readonly maxMatvecs?: number;
  /**
   * Vectors spanning the tangent space of the objective's symmetry orbit at θ (e.g. (W A, −A H) for a basis of
   * skew A ∈ so(d) for the UFM); they need not be orthonormal or independent. Enables the degenerate kind.
   * Cost: their count × dim memory and flops per product.
   */
  readonly symmetryTangents?: readonly Float64Array[];
  /**
   * The orthogonal projector onto that tangent space, applied on the fly (out ← P v), with its rank — for orbits
   * whose tangents are too many to store (the UFM at d = 512: certified/ufm/symmetryProjector.ts). Used instead of
   * `symmetryTangents` when given.
   */
  readonly symmetryProjector?: { readonly rank: number; project(v: Float64Array, out: Float64Array): void };
}

export interface SecondOrderCertificate {
  readonly kind: CertificateKind;
  /** f(θ). */
  readonly value: number;
  /** ‖∇f(θ)‖₂. */
  readonly gradNorm: number;
  /** Lanczos estimate of λ_min(∇²f(θ)) (a Rayleigh quotient: an upper bound). */
  readonly lambdaMin: number;
  /** Lanczos estimate of λ_max (a lower bound). */
  readonly lambdaMax: number;
  /** Explicit residual ‖∇²f v − λ_min v‖ of the returned vector. */
  readonly residual: number;
  /** The curvature tolerance tol = √(ρε) + τ‖H‖ (see derivation). */
  readonly tolerance: number;
  /** The unit Ritz vector of lambdaMin (the escape direction at a strict saddle). */
  readonly vector: Float64Array;
  /** One line saying what decided the kind. */
  readonly why: string;
  readonly lanczos: {
    readonly converged: boolean;
    readonly iterations: number;
    readonly matvecs: number;
    readonly residualMax: number;
  };
  /** Present when symmetry tangents were given: λ_min on the complement of the orbit tangent space. */
  readonly restricted?: {
    readonly lambdaMin: number;
    readonly residual: number;
    /** Rank of the supplied tangent set. */
    readonly tangentRank: number;
    readonly converged: boolean;
  };
}

/**
 * Certifies the second-order nature of θ (see the module doc for the tolerance and the kinds).
 *
 * @param obj - objective with exact Hessian-vector products
 * @param theta - the point (length obj.dim; not modified)
 * @param options - see {@link SecondOrderOptions}
 * @returns the certificate (never throws on numerical trouble: that is kind 'inconclusive')
 * @throws RangeError for a wrongly sized θ or invalid options
 * @example
 * const c = certifySecondOrder(saddle, Float64Array.of(0, 0));
 * // c.kind => 'strict-saddle', c.lambdaMin => -2
 */
export function certifySecondOrder(
  obj: Objective,
  theta: Float64Array,
  options: SecondOrderOptions = {},
): SecondOrderCertificate {
  const n = obj.dim;
  if (theta.length !== n) throw new RangeError(`theta must have length ${n}; got ${theta.length}`);
  const gradTol = options.gradTol ?? 1e-8;
  const tau = options.curvatureFloor ?? 1e-8;
  if (!(gradTol >= 0) || !(tau >= 0)) throw new RangeError('gradTol and curvatureFloor must be ≥ 0');
  const rng = options.rng ?? createRng(1);
  const g = new Float64Array(n);
  const value = obj.valueAndGrad(theta, g);
  const gradNorm = norm(g);
  const thetaNorm = norm(theta);

  const H = obj.hessianAt(theta);
  const lzOpts = {
    rng,
    which: 'min' as const,
    tol: 0,
    relTol: tau / 10,
    ...(options.maxBasis !== undefined ? { maxBasis: options.maxBasis } : {}),
    ...(options.maxMatvecs !== undefined ? { maxMatvecs: options.maxMatvecs } : {}),
  };
  const lz = lanczos(H, lzOpts);
  const hScale = Math.max(Math.abs(lz.lambdaMin), Math.abs(lz.lambdaMax));
  const rho = options.hessianLipschitz ?? (2 * hScale) / Math.max(1, thetaNorm);
  const tol = Math.sqrt(rho * gradNorm) + tau * hScale;
  const lam = lz.lambdaMin;
  const res = lz.residualMin;
  const base = {
    value,
    gradNorm,
    lambdaMin: lam,
    lambdaMax: lz.lambdaMax,
    residual: res,
    tolerance: tol,
    vector: lz.vectorMin,
    lanczos: { converged: lz.converged, iterations: lz.iterations, matvecs: lz.matvecs, residualMax: lz.residualMax },
  };
  const fmt = (x: number): string => x.toExponential(3);

  if (!Number.isFinite(value) || !Number.isFinite(gradNorm) || !Number.isFinite(lam) || !Number.isFinite(res)) {
    return { ...base, kind: 'inconclusive', why: 'non-finite value, gradient or curvature' };
  }
  if (gradNorm > gradTol) {
    return { ...base, kind: 'inconclusive', why: `not critical: ‖∇f‖ = ${fmt(gradNorm)} > gradTol ${fmt(gradTol)}` };
  }
  if (lam + res < -tol) {
    return {
      ...base,
      kind: 'strict-saddle',
      why: `λ_min ≤ ${fmt(lam)} with residual ${fmt(res)}: λ + r = ${fmt(lam + res)} < −tol = ${fmt(-tol)}`,
    };
  }
  if (!lz.converged) {
    return {
      ...base,
      kind: 'inconclusive',
      why: `Lanczos did not converge: residual ${fmt(res)} > ${fmt(lz.tolerance)} after ${lz.matvecs} products`,
    };
  }
  if (lam - res < -tol) {
    return { ...base, kind: 'inconclusive', why: `λ_min = ${fmt(lam)} ± ${fmt(res)} straddles −tol = ${fmt(-tol)}` };
  }
  const tangents = options.symmetryTangents;
  const projector = options.symmetryProjector;
  if (tangents === undefined && projector === undefined) {
    return {
      ...base,
      kind: 'local-min',
      why: `no negative curvature: λ − r = ${fmt(lam - res)} ≥ −tol = ${fmt(-tol)} (zero modes allowed)`,
    };
  }
  // ---- Restricted to the complement of the orbit tangent space.
  const Q = projector === undefined ? orthonormalBasis(tangents ?? [], n) : [];
  const q = projector === undefined ? Q.length : projector.rank;
  const onOrbit = new Float64Array(projector === undefined ? 0 : n);
  const c = 2 * hScale + tol > 0 ? 2 * hScale + tol : 1;
  const coef = new Float64Array(q);
  const pv = new Float64Array(n);
  const hpv = new Float64Array(n);
  const project = (src: Float64Array, dst: Float64Array): void => {
    if (projector !== undefined) {
      // dst = (I − P) src
      projector.project(src, onOrbit);
      for (let i = 0; i < n; i++) dst[i] = src[i]! - onOrbit[i]!;
      return;
    }
    dst.set(src);
    for (let k = 0; k < q; k++) {
      const b = Q[k] as Float64Array;
      let s = 0;
      for (let i = 0; i < n; i++) s += b[i]! * dst[i]!;
      coef[k] = s;
      for (let i = 0; i < n; i++) dst[i]! -= s * b[i]!;
    }
  };
  const restrictedOp = {
    dim: n,
    apply(v: Float64Array, out: Float64Array): void {
      project(v, pv); // pv = P v
      H.apply(pv, hpv);
      project(hpv, out); // out = P H P v
      // + c (I − P) v = c (v − P v)
      for (let i = 0; i < n; i++) out[i]! += c * (v[i]! - pv[i]!);
    },
  };
  const lr: LanczosResult = lanczos(restrictedOp, lzOpts);
  const restricted = { lambdaMin: lr.lambdaMin, residual: lr.residualMin, tangentRank: q, converged: lr.converged };
  const out = { ...base, restricted };
  if (!lr.converged || !Number.isFinite(lr.lambdaMin)) {
    return {
      ...out,
      kind: 'inconclusive',
      why: `restricted Lanczos did not converge (residual ${fmt(lr.residualMin)})`,
    };
  }
  if (lr.lambdaMin - lr.residualMin > tol) {
    return {
      ...out,
      kind: 'local-min',
      why: `positive definite modulo the ${q}-dimensional symmetry orbit: λ⊥ − r⊥ = ${fmt(lr.lambdaMin - lr.residualMin)} > tol = ${fmt(tol)}`,
    };
  }
  if (lr.lambdaMin + lr.residualMin < -tol) {
    return { ...out, kind: 'strict-saddle', why: `restricted λ⊥ + r⊥ = ${fmt(lr.lambdaMin + lr.residualMin)} < −tol` };
  }
  return {
    ...out,
    kind: 'degenerate',
    why: `flat direction not explained by the ${q}-dimensional symmetry orbit: |λ⊥| = ${fmt(Math.abs(lr.lambdaMin))} ≤ tol + r⊥ = ${fmt(tol + lr.residualMin)}`,
  };
}

/** Result of {@link escapeCheck}. */
export interface EscapeCheck {
  /** f(θ + sign·t·v) < f(θ) by more than the rounding allowance. */
  readonly ok: boolean;
  readonly t: number;
  /** ±1, chosen so that sign·∇fᵀv ≤ 0. */
  readonly sign: 1 | -1;
  /** vᵀ∇²f v for the unit direction. */
  readonly lambda: number;
  /** ∇f(θ)ᵀv. */
  readonly slope: number;
  readonly f0: number;
  readonly f1: number;
  /** f0 − f1. */
  readonly decrease: number;
  /** Model decrease −(sign·t·∇fᵀv + ½t²λ). */
  readonly predicted: number;
  /** Step sizes tried (halving from the first). */
  readonly tries: number;
  readonly why: string;
}

export interface EscapeOptions {
  /** Lipschitz constant ρ of ∇²f; estimated as 2‖∇²f v‖/max(1, ‖θ‖) when absent. */
  readonly hessianLipschitz?: number;
  /** Step to use instead of the derived one. */
  readonly t?: number;
}

/**
 * Checks that a step along v decreases f (issue 4 item 4, THEORY.md §6: "a step along the returned eigenvector
 * decreases f").
 *
 * Step length: with λ = vᵀ∇²f v < 0 (v unit), f(θ + tv) ≤ f(θ) + t∇fᵀv + ½t²λ + ρt³/6; at t = |λ|/ρ the cubic
 * term is a third of the quadratic one, so the second-order model dominates and the decrease is ≥ ⅓t²|λ| (minus
 * t|∇fᵀv|, which the sign choice makes non-positive). t is raised if needed so that ½t²|λ| is ≥ 10× the rounding
 * allowance 10⁴·ε·|f| (the same allowance as the Taylor checks), and halved (≤ 20 times, never below that floor)
 * while f does not decrease, in case ρ was underestimated.
 *
 * @param obj - objective
 * @param theta - point (not modified)
 * @param v - direction (normalised internally), e.g. `certificate.vector`
 * @returns the data of the check; ok false (never a throw) when v is not a negative-curvature direction
 */
export function escapeCheck(
  obj: Objective,
  theta: Float64Array,
  v: Float64Array,
  options: EscapeOptions = {},
): EscapeCheck {
  const n = obj.dim;
  if (theta.length !== n || v.length !== n) throw new RangeError(`theta and v must have length ${n}`);
  const vn = norm(v);
  if (!(vn > 0)) throw new RangeError('v must be non-zero');
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = v[i]! / vn;
  const g = new Float64Array(n);
  const f0 = obj.valueAndGrad(theta, g);
  const Hu = new Float64Array(n);
  obj.hessianAt(theta).apply(u, Hu);
  let lambda = 0;
  let slope = 0;
  for (let i = 0; i < n; i++) {
    lambda += u[i]! * Hu[i]!;
    slope += g[i]! * u[i]!;
  }
  const sign: 1 | -1 = slope > 0 ? -1 : 1;
  const allowance = 1e4 * 2 ** -52 * Math.abs(f0);
  const base = { sign, lambda, slope, f0 };
  if (!(lambda < 0) || !Number.isFinite(f0)) {
    return {
      ...base,
      ok: false,
      t: 0,
      f1: f0,
      decrease: 0,
      predicted: 0,
      tries: 0,
      why: `not a negative-curvature direction: vᵀ∇²f v = ${lambda}`,
    };
  }
  const rho = options.hessianLipschitz ?? (2 * norm(Hu)) / Math.max(1, norm(theta));
  const tFloor = Math.sqrt((20 * allowance) / -lambda);
  let t = options.t ?? Math.max(-lambda / rho, tFloor);
  const x = new Float64Array(n);
  let f1 = f0;
  let tries = 0;
  for (; tries < 20;) {
    for (let i = 0; i < n; i++) x[i] = theta[i]! + sign * t * u[i]!;
    f1 = obj.value(x);
    tries++;
    if (f0 - f1 > allowance) break;
    // The last try keeps its t, so that t, f1 and predicted describe the same step.
    if (options.t !== undefined || t / 2 < tFloor || tries === 20) break;
    t /= 2;
  }
  const predicted = -(sign * t * slope + 0.5 * t * t * lambda);
  const decrease = f0 - f1;
  const ok = decrease > allowance;
  return {
    ...base,
    ok,
    t,
    f1,
    decrease,
    predicted,
    tries,
    why: ok
      ? `f decreased by ${decrease.toExponential(3)} (model ${predicted.toExponential(3)}) at t = ${t.toExponential(3)}`
      : `no decrease beyond the rounding allowance ${allowance.toExponential(2)} (last f1 − f0 = ${(-decrease).toExponential(3)})`,
  };
}

/** Orthonormal basis (two Gram–Schmidt passes) of the span of `vs`, dropping numerically dependent vectors. */
function orthonormalBasis(vs: readonly Float64Array[], n: number): Float64Array[] {
  let scale = 0;
  for (const v of vs) {
    if (v.length !== n) throw new RangeError(`symmetry tangents must have length ${n}; got ${v.length}`);
    scale = Math.max(scale, norm(v));
  }
  const out: Float64Array[] = [];
  for (const v of vs) {
    const w = v.slice();
    for (let pass = 0; pass < 2; pass++) {
      for (const b of out) {
        let s = 0;
        for (let i = 0; i < n; i++) s += b[i]! * w[i]!;
        for (let i = 0; i < n; i++) w[i]! -= s * b[i]!;
      }
    }
    const wn = norm(w);
    if (wn > 1e-10 * scale && wn > 0) {
      for (let i = 0; i < n; i++) w[i]! /= wn;
      out.push(w);
    }
  }
  return out;
}

function norm(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s);
}
