/**
 * Shared measurements and verdicts of the constructed-saddle claims (THEORY.md §1.2, §6; issue 4 items 3–4): at a
 * point θ of a plain UFM, the Lanczos λ_min against a closed form, the §1.2 bound λ_min ≤ q(σ) < 0, the kind of
 * the second-order certificate, and the escape check. The constructions themselves live in src/theory
 * (constructed.ts, saddles.ts); this file only judges them.
 *
 * ## Tolerances (u = 2⁻⁵³; every one a bound, none tuned)
 * - **Gradient at a closed-form point** ({@link gradRounding}). Every gradient entry (G Hᵀ + λ_W W, Wᵀ G + λ_H H,
 *   G 1 + λ_b b) is a sum of at most m = N + K + d products of factors bounded by B = max(1, max|θ|)² (|∂ℓ| ≤ 1
 *   for CE, ≤ 1 + |z| for MSE), so each entry errs by ≤ m·2u·B and the norm by √dim times that; +8 covers the
 *   closed-form b₀ and frames (a few ulps each, times the O(1) Hessian).
 * - **Rayleigh quotients and HVPs** ({@link hessianRounding}). A Hessian-vector product is a sequence of inner
 *   products of length ≤ dim, so ‖fl(∇²f v) − ∇²f v‖ ≤ γ_dim ‖|∇²f|‖₂ ≤ γ_dim √dim ‖∇²f‖₂ (Higham, Thm 3.5, with
 *   ‖|A|‖₂ ≤ √dim ‖A‖₂), γ_m = m u/(1 − m u); a Rayleigh quotient or residual inherits that absolute error.
 * - **λ_min against a closed form** ({@link lambdaVsClosedForm}). Lanczos returns a unit x, λ̂ = xᵀ∇²f x and
 *   r = ‖∇²f x − λ̂x‖; some eigenvalue lies in [λ̂ − r, λ̂ + r] (residual bound for symmetric matrices), and it
 *   is λ_min with probability one over the random start (Kuczyński–Woźniakowski). So, if the closed form is λ_min,
 *   |λ̂ − λ_pred| ≤ r + hessianRounding + 16u|λ_pred| (the closed form's own few operations). The Lanczos run
 *   asks for r ≤ 1e-12·‖∇²f‖, so this is far inside the 1e-8-relative target; when the derived tolerance
 *   is NOT inside the target (Lanczos stopped early) the instance is inconclusive — the target is then untested.
 * - **λ_min ≤ q(σ)** ({@link escapeBoundVerdicts}). At ANY point (not only a critical one), take a unit a with
 *   ‖W a‖² + ‖Hᵀ a‖² = s² (s = the smallest singular value of [W; Hᵀ], d columns), (u, v) the top singular pair
 *   of −G, σ = ‖G‖₂, and Δ = (c₁ u aᵀ, c₂ a vᵀ, 0) with c₁² + c₂² = 1 the minimising pair of §1.2 item 4. Then
 *   Z(t) = Z + t Z′ + t² c₁c₂ u vᵀ with Z′ = c₁ u aᵀH + c₂ W a vᵀ, so
 *       Δᵀ∇²f Δ = λ_W c₁² + λ_H c₂² − 2c₁c₂σ + ∇²g[Z′, Z′] ≤ q(σ) + (L_ℓ/N)‖Z′‖²_F ≤ q(σ) + (L_ℓ/N)s²
 *   (‖Δ‖ = 1; Z″ = 2c₁c₂ u vᵀ gives ⟨G, Z″⟩ = −2c₁c₂σ; ‖Z′‖_F ≤ |c₁|‖Hᵀa‖ + |c₂|‖Wa‖ ≤ s by Cauchy–Schwarz;
 *   L_ℓ = 1/2 for CE — the eigenvalues of diag(p) − ppᵀ are ≤ 1/2 — and 1 for MSE). Hence
 *   λ_min ≤ q(σ) + (L_ℓ/N)s² rigorously at θ; s = 0 exactly for an embedded point (a = e_{d′}) and at the
 *   closed-form points. The Lanczos interval must reach it: λ̂ − r ≤ q(σ) + (L_ℓ/N)s² + rounding.
 *   q's own rounding: σ comes from the EVD of G Gᵀ (K×K), G from Z (inner length d); each step is backward stable
 *   with relative error ≤ (N + K + d)u in the norms involved and ‖G‖_F ≤ √K σ, so |σ̂ − σ| ≤ 4(N + K + d)K u σ,
 *   and |∂q/∂σ| ≤ 1: rounding_q = 4(N + K + d)K u (σ + λ_W + λ_H).
 *   Strictness q(σ) < 0 is asserted beyond that rounding.
 * - **Escape** ({@link escapeVerdict}): certify/secondOrder.ts escapeCheck — f(θ + t v) < f(θ) − 10⁴ε|f| at the
 *   step derived there from the curvature and a Lipschitz estimate.
 */
import { createRng, matOf } from '../../core/index.ts';
import { escapeCheck, lanczos } from '../../certify/index.ts';
import type { SecondOrderCertificate } from '../../certify/index.ts';
import type { Verdict } from '../../claim/index.ts';
import { inconclusive, judge, judgeAtLeast, judgeAtMost, judgeStrictlyBelow } from '../../claim/index.ts';
import { symEig } from '../../linalg/index.ts';
import type { LogitLoss } from '../../losses/index.ts';
import type { Objective, UfmLayout, UfmProblem } from '../../models/index.ts';
import { escapeBound } from '../../theory/index.ts';

const U = 2 ** -53;

/** The target for λ_min against a closed form (issue 4, "Targets"). */
export const LAMBDA_TARGET_REL = 1e-8;

/** Residual asked of the tight Lanczos run, relative to ‖∇²f‖ (see the module doc). */
const LANCZOS_REL_TOL = 1e-12;

/** Lipschitz constants of the per-sample loss gradient (largest eigenvalue of ∇²ℓ over all z). */
const GRAD_LIPSCHITZ: Readonly<Record<string, number>> = { ce: 0.5, mse: 1 };

// ROUNDING //

/** Absolute rounding bound on ‖∇f(θ)‖ at a closed-form point (module doc, "Gradient"). */
export function gradRounding(layout: UfmLayout, theta: Float64Array): number {
  let mx = 0;
  for (let i = 0; i < theta.length; i++) mx = Math.max(mx, Math.abs(theta[i] as number));
  const B = Math.max(1, mx) ** 2;
  return Math.sqrt(layout.dim) * (layout.N + layout.K + layout.d + 8) * 2 * U * B;
}

/**
 * Absolute rounding bound on f(θ): a sum of m = K·N + K·d + d·N + K terms has error ≤ m·2u·Σ|terms| (Higham
 * (3.4)). Every term of the UFM objective is ≥ 0 (CE and MSE losses, penalties), so Σ|terms| = f; the bound uses
 * |f| + ‖θ‖²·max λ + 1, as src/certified/ufm/tolerance.ts does, to also cover the per-sample intermediates
 * (logits, log-sum-exp) whose size is O(1 + ‖θ‖²).
 */
export function valueRounding(layout: UfmLayout, problem: UfmProblem, value: number, theta: Float64Array): number {
  let thetaSq = 0;
  for (let i = 0; i < theta.length; i++) thetaSq += (theta[i] as number) ** 2;
  const m = layout.K * layout.N + layout.K * layout.d + layout.d * layout.N + layout.K;
  return m * 2 * U * (Math.abs(value) + thetaSq * Math.max(problem.lambdaW, problem.lambdaH, problem.lambdaB) + 1);
}

/** Absolute rounding bound on a Rayleigh quotient / residual of a dim-dimensional Hessian of norm hNorm. */
export function hessianRounding(dim: number, hNorm: number): number {
  const gamma = (dim * U) / (1 - dim * U);
  return gamma * Math.sqrt(dim) * hNorm;
}

// MEASUREMENTS //

/** A tight Lanczos estimate of λ_min(∇²f(θ)). */
export interface TightLambda {
  /** Rayleigh quotient λ̂ of the returned unit vector (≥ λ_min). */
  readonly lambda: number;
  /** ‖∇²f x − λ̂ x‖. */
  readonly residual: number;
  /** Lanczos estimate of λ_max (its |value| is the scale ‖∇²f‖ of the rounding bounds). */
  readonly lambdaMax: number;
  readonly converged: boolean;
  readonly matvecs: number;
  readonly dim: number;
}

/** λ_min of ∇²f(θ) by Lanczos to residual ≤ 1e-12·‖∇²f‖ (seeded start). */
export function tightLambdaMin(obj: Objective, theta: Float64Array, seed: number): TightLambda {
  const lz = lanczos(obj.hessianAt(theta), {
    rng: createRng(seed).fork(17),
    which: 'min',
    tol: 0,
    relTol: LANCZOS_REL_TOL,
  });
  return {
    lambda: lz.lambdaMin,
    residual: lz.residualMin,
    lambdaMax: lz.lambdaMax,
    converged: lz.converged,
    matvecs: lz.matvecs,
    dim: obj.dim,
  };
}

/** The scale ‖∇²f‖ ≈ max(|λ̂_min|, |λ̂_max|). */
export function hessianScale(t: TightLambda): number {
  return Math.max(Math.abs(t.lambda), Math.abs(t.lambdaMax));
}

/**
 * |λ̂ − λ_pred| ≤ r + hessianRounding + 16u|λ_pred| (module doc). Inconclusive when that derived tolerance exceeds
 * the 1e-8 target relative to max(|λ_pred|, floor) — `floor` keeps the target meaningful when λ_pred = 0 (the CE
 * free-bias zero mode above the threshold). details.relErr = |λ̂ − λ_pred| / max(|λ_pred|, floor).
 */
export function lambdaVsClosedForm(t: TightLambda, predicted: number, floor: number, label: string): Verdict {
  const tol = t.residual + hessianRounding(t.dim, hessianScale(t)) + 16 * U * Math.abs(predicted);
  const scale = Math.max(Math.abs(predicted), floor);
  const relErr = Math.abs(t.lambda - predicted) / scale;
  const details = {
    lambdaMin: t.lambda,
    predicted,
    residual: t.residual,
    relErr,
    matvecs: t.matvecs,
    lanczosConverged: t.converged,
  };
  if (!(tol <= LAMBDA_TARGET_REL * scale)) {
    return inconclusive(
      `${label}: derived tolerance ${tol.toExponential(3)} (Lanczos residual ${t.residual.toExponential(3)}) exceeds the 1e-8 target ${(LAMBDA_TARGET_REL * scale).toExponential(3)}`,
      details,
      t.lambda,
      predicted,
    );
  }
  return judge(t.lambda, predicted, tol, `${label}: λ_min (Lanczos) vs closed form`, details);
}

/** s² = λ_min(WᵀW + HHᵀ): the squared smallest singular value of [W; Hᵀ] (module doc, "λ_min ≤ q(σ)"). */
export function nullDefectSq(layout: UfmLayout, theta: Float64Array): number {
  const { K, d, N } = layout;
  const { W, H } = layout.unpack(theta);
  const M = new Float64Array(d * d);
  for (let p = 0; p < d; p++) {
    for (let q = 0; q <= p; q++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += (W.data[k * d + p] as number) * (W.data[k * d + q] as number);
      for (let j = 0; j < N; j++) s += (H.data[p * N + j] as number) * (H.data[q * N + j] as number);
      M[p * d + q] = s;
      M[q * d + p] = s;
    }
  }
  return Math.max(0, symEig(matOf(d, d, M)).values[0] as number);
}

/** The §1.2 data at θ: σ = ‖G‖₂, √(λ_Wλ_H), q(σ), the null defect s² and the resulting bound on λ_min. */
export interface EscapeData {
  readonly sigma: number;
  readonly kktBound: number;
  readonly q: number;
  readonly nullDefectSq: number;
  /** q(σ) + (L_ℓ/N)s²: a rigorous upper bound on λ_min(∇²f(θ)) (module doc). */
  readonly lambdaUpper: number;
  /** Rounding of q (module doc). */
  readonly qRounding: number;
  /**
   * A bound on the magnitude of the intermediate terms of one Hessian-vector product at θ (per unit direction):
   * the HVP is formed through the factors — ΔZ = ΔW H + W ΔH + Δb 1ᵀ, the loss Hessian on ΔZ, then ΔG Hᵀ + G ΔHᵀ and
   * Wᵀ ΔG + ΔWᵀ G — so its rounding scales with (L_ℓ/N)(‖W‖_F + ‖H‖_F + √N)² + ‖G‖_F + λ_W + λ_H + λ_b, which can
   * exceed ‖∇²f‖ when those terms cancel (near a critical point they do). Used with {@link hessianRounding}.
   */
  readonly factorScale: number;
  /**
   * q(σ₂) − q(σ) ≥ 0, σ₂ the second singular value of G: the Hessian's null-direction eigenvalues q(σ_i) form a
   * cluster of this width at the bottom, inside which single-vector Lanczos cannot tell which one it converged to.
   */
  readonly clusterWidth: number;
}

/** Computes {@link EscapeData} (escapeBound of src/theory for σ and q, plus the null-space defect). */
export function escapeData(problem: UfmProblem, loss: LogitLoss, layout: UfmLayout, theta: Float64Array): EscapeData {
  const { sigma, mu, q, sigma2 } = escapeBound(problem, loss, theta);
  const lip = GRAD_LIPSCHITZ[loss.id] ?? Number.POSITIVE_INFINITY;
  const s2 = nullDefectSq(layout, theta);
  const defect = s2 === 0 ? 0 : (lip * s2) / layout.N;
  const qRounding = 4 * (layout.N + layout.K + layout.d) * layout.K * U * (sigma + problem.lambdaW + problem.lambdaH);
  const { W, H } = layout.unpack(theta);
  const zScale = Math.sqrt(frob2(W.data)) + Math.sqrt(frob2(H.data)) + Math.sqrt(layout.N);
  // ‖G‖_F ≤ √min(K, N)·‖G‖₂; an unknown loss curvature (plug-in) leaves only the other terms, which the caller's
  // max with the Lanczos scale still covers.
  const lossCurv = Number.isFinite(lip) ? (lip / layout.N) * zScale * zScale : 0;
  const factorScale =
    lossCurv + Math.sqrt(Math.min(layout.K, layout.N)) * sigma + problem.lambdaW + problem.lambdaH + problem.lambdaB;
  const q2 =
    (problem.lambdaW + problem.lambdaH) / 2 -
    Math.sqrt(((problem.lambdaW - problem.lambdaH) / 2) ** 2 + sigma2 * sigma2);
  return {
    sigma,
    kktBound: mu,
    q,
    nullDefectSq: s2,
    lambdaUpper: q + defect,
    qRounding,
    factorScale,
    clusterWidth: Math.max(0, q2 - q),
  };
}

/**
 * The §1.2 checks at θ: the Lanczos interval reaches the bound (λ̂ − r ≤ q(σ) + (L_ℓ/N)s² + rounding) and the
 * bound is strictly negative (q(σ) + (L_ℓ/N)s² < −rounding). details.lambdaMinusQ = λ̂ − q(σ) (the [E] equality).
 */
export function escapeBoundVerdicts(t: TightLambda, e: EscapeData): Verdict[] {
  // The rounding of λ̂ − r comes from the HVPs, whose intermediate terms are bounded by factorScale (EscapeData).
  const rnd = hessianRounding(t.dim, Math.max(hessianScale(t), e.factorScale)) + e.qRounding;
  const details = {
    sigma: e.sigma,
    kktBound: e.kktBound,
    q: e.q,
    nullDefectSq: e.nullDefectSq,
    lambdaMin: t.lambda,
    residual: t.residual,
    lambdaMinusQ: t.lambda - e.q,
  };
  const reach = judgeAtMost(
    t.lambda - t.residual,
    e.lambdaUpper,
    rnd,
    'λ̂ − r vs q(‖G‖₂) + (L/N)s² (THEORY.md §1.2)',
    details,
  );
  // Lanczos converged into the bottom cluster {q(σ_i)} but not provably to its lowest member: when the excess is
  // within the cluster's width (a few ulps when G's top singular values are degenerate up to the point's inexactness)
  // the bound is neither confirmed nor refuted — inconclusive, never a pass.
  const excess = t.lambda - t.residual - e.lambdaUpper;
  const unresolved = reach.status === 'fail' && excess <= rnd + e.clusterWidth;
  return [
    unresolved
      ? inconclusive(
          `λ̂ − r exceeds q(‖G‖₂) + (L/N)s² by ${excess.toExponential(3)}, within the bottom cluster width ${e.clusterWidth.toExponential(3)} (q(σ₂) − q(σ₁)) that single-vector Lanczos cannot resolve`,
          details,
          t.lambda - t.residual,
          e.lambdaUpper,
        )
      : reach,
    judgeStrictlyBelow(e.lambdaUpper, 0, rnd, 'q(‖G‖₂) + (L/N)s² < 0 (σ > √(λ_Wλ_H))', details),
  ];
}

/**
 * pass iff λ̂ + r ≤ −tol — the certificate's own strict-saddle test (certify/secondOrder.ts), applied whatever the
 * kind; its inconclusive stays inconclusive. Every other kind fails through it: local-min and degenerate are only
 * issued after λ̂ + r ≥ −tol. A strict saddle found only by the restricted run (λ⊥ + r⊥ < −tol while the unrestricted
 * λ̂ + r ≥ −tol) fails too: the unrestricted Lanczos then missed λ_min, which is an inconsistency to look at, not a pass.
 */
export function strictSaddleVerdict(c: SecondOrderCertificate): Verdict {
  const details = {
    kind: c.kind,
    gradNorm: c.gradNorm,
    lambdaMin: c.lambdaMin,
    residual: c.residual,
    tolerance: c.tolerance,
    certificate: c.why,
  };
  if (c.kind === 'inconclusive')
    return inconclusive(
      `second-order certificate inconclusive: ${c.why}`,
      details,
      c.lambdaMin + c.residual,
      -c.tolerance,
    );
  return judgeAtMost(
    c.lambdaMin + c.residual,
    -c.tolerance,
    0,
    `certificate kind ${c.kind}: λ̂ + r vs −tol (strict saddle)`,
    details,
  );
}

/**
 * pass iff the certificate (with the symmetry tangents discounted: certifyUfmPoint) says local-min. Its
 * inconclusive stays inconclusive; 'degenerate' whose restricted curvature is positive but not resolved above the
 * certificate's tolerance (0 < λ⊥ ≤ tol + r⊥) is inconclusive too — the certificate cannot tell; 'strict-saddle'
 * and a degenerate λ⊥ ≤ 0 fail.
 */
export function localMinVerdict(c: SecondOrderCertificate): Verdict {
  const details = {
    kind: c.kind,
    gradNorm: c.gradNorm,
    lambdaMin: c.lambdaMin,
    residual: c.residual,
    tolerance: c.tolerance,
    restricted: c.restricted ?? null,
    certificate: c.why,
  };
  const measured = c.restricted?.lambdaMin ?? c.lambdaMin;
  if (c.kind === 'local-min')
    return judgeAtLeast(
      measured,
      0,
      c.tolerance + (c.restricted?.residual ?? c.residual),
      `certificate kind local-min: ${c.why}`,
      details,
    );
  if (c.kind === 'inconclusive')
    return inconclusive(`second-order certificate inconclusive: ${c.why}`, details, measured, 0);
  if (c.kind === 'degenerate' && measured > 0)
    return inconclusive(
      `curvature modulo symmetry λ⊥ = ${measured.toExponential(3)} > 0 not resolved above the certificate tolerance: ${c.why}`,
      details,
      measured,
      0,
    );
  return {
    status: 'fail',
    measured,
    predicted: 0,
    tolerance: c.tolerance,
    margin: Number.POSITIVE_INFINITY,
    why: `certificate kind ${c.kind}, expected local-min: ${c.why}`,
    details,
  };
}

/** The escape check along the certificate's vector (module doc): f(θ + t v) < f(θ) beyond the rounding allowance. */
export function escapeVerdict(obj: Objective, theta: Float64Array, v: Float64Array): Verdict {
  const e = escapeCheck(obj, theta, v);
  const allowance = 1e4 * 2 ** -52 * Math.abs(e.f0);
  return judgeStrictlyBelow(e.f1 - e.f0, 0, allowance, `escape: f(θ + t·v) − f(θ) at t = ${e.t.toExponential(2)}`, {
    t: e.t,
    f0: e.f0,
    f1: e.f1,
    decrease: e.decrease,
    modelDecrease: e.predicted,
    curvature: e.lambda,
    tries: e.tries,
  });
}

/**
 * The negative controls' statement "θ is a local minimum": λ_min ≥ −tol, with tol the certificate's tolerance.
 * Refuted (fail) iff λ̂ < −tol: λ̂ is a Rayleigh quotient, so λ_min ≤ λ̂ < −tol rigorously.
 */
export function localMinControlVerdict(c: SecondOrderCertificate, label: string): Verdict {
  return judgeAtLeast(c.lambdaMin, 0, c.tolerance, `${label}: λ̂ (an upper bound on λ_min) vs 0 − tol (local minimum)`, {
    kind: c.kind,
    lambdaMin: c.lambdaMin,
    residual: c.residual,
    tolerance: c.tolerance,
    gradNorm: c.gradNorm,
  });
}

/** Σ x_i². */
function frob2(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) ** 2;
  return s;
}
