/**
 * Tolerances derived from certificates (issue 3 "Tolerances"; STYLE.md §4.7). Never tuned: each is a bound.
 *
 * Distance to the solution set. Let θ have gradient norm ε and let μ > 0 be the curvature modulo symmetry
 * (curvature.ts). Near a nondegenerate minimizer (modulo the orbit) the Newton step −∇²f⁺∇f lands on it to second
 * order, and ‖∇²f⁺∇f‖ ≤ ε/μ (the gradient is orthogonal to the orbit's tangents by invariance). We take
 *
 *     δ = 2 ε / μ,
 *
 * the factor 2 covering the neglected second-order term while it is at most the first (i.e. L₃ δ ≤ μ). That is the
 * Newton–Kantorovich theorem (Ortega & Rheinboldt 12.6.2) applied to ∇f on the complement of the orbit: with
 * β = ‖∇²f⁻¹‖ ≤ 1/μ, η ≤ ε/μ and ρ the Lipschitz constant of ∇²f on the ball, h = βηρ ≤ ρε/μ² ≤ ½ gives a critical
 * point within (1 − √(1 − 2h))/(βρ) ≤ 2η ≤ δ. The condition is CHECKED (`kantorovich`, with ρ from
 * `hessianLipschitzBound`); where it fails the distance bound is not established and the instance is inconclusive.
 * It used to be assumed: at λ = 1e-6 with ε = 1e-10 the solver stopped at, ρε/μ² was ~10⁸ (issue 9, "the Gram
 * tolerance grows like 1/λ"), and δ = 2ε/μ ≈ 2e-4 let a relative Gram error of 1e-4 pass. certified.ts now polishes
 * the point (Newton on the class-mean reduction) to the rounding floor of the gradient, so ε ≈ 1e-16…1e-14 and δ is
 * 10⁴–10⁶ times smaller; ε is the computed norm PLUS `gradientRoundingBound` (a computed gradient below its own
 * rounding error proves nothing).
 *
 * Gram matrices. If ‖W − W*‖_F ≤ δ (after the optimal rotation, which leaves Grams unchanged) then
 * ‖W Wᵀ − W* W*ᵀ‖_F ≤ 2‖W‖_F δ + δ². Rounding: each Gram entry is a d-term dot product, with error at most
 * γ_d ‖w_i‖‖w_j‖ ≤ (d+2)·u·‖W‖_F² per entry (Higham, Thm 3.4/3.5; u = 2⁻⁵³), so ≤ K(d+2)·u·‖W‖_F² in Frobenius norm.
 *
 * Values. f(θ) − f* ≤ ε²/(2μ) + ε·δ (quadratic growth + first-order term), plus rounding of the objective
 * itself: a sum of m = K·N + K·d + d·N + K terms has error ≤ m·u·Σ|terms| (Higham (3.4)); we bound Σ|terms| by
 * |f| + ‖θ‖²·max(λ) + 1 and report the pieces.
 */
import { dot, gemmKernels } from '../../linalg/index.ts';
import type { UfmProblem } from '../../models/index.ts';

const U = 2 ** -53;

export interface DistanceBound {
  readonly gradNorm: number;
  readonly mu: number;
  /** δ = 2ε/μ (Infinity when μ ≤ 0). */
  readonly delta: number;
}

export function distanceBound(gradNorm: number, mu: number): DistanceBound {
  return { gradNorm, mu, delta: mu > 0 ? (2 * gradNorm) / mu : Number.POSITIVE_INFINITY };
}

/** Norms of a UFM point that the rounding and Lipschitz bounds below need (all Frobenius unless named). */
export interface PointNorms {
  readonly K: number;
  readonly d: number;
  readonly N: number;
  readonly hasBias: boolean;
  readonly lambdaW: number;
  readonly lambdaH: number;
  readonly lambdaB: number;
  readonly normW: number;
  readonly normH: number;
  /** max_j ‖h_j‖ (largest feature column). */
  readonly maxColH: number;
  readonly normB: number;
  /** ‖G‖_F, G = ∇_Z L (includes 1/N). */
  readonly normG: number;
  /**
   * Rigorous upper bounds on the spectral norms ‖W‖₂ and ‖H‖₂ (`spectralUpperBound`). When present, the bounds below
   * use them where a spectral norm suffices (‖ΔG Hᵀ‖_F ≤ ‖ΔG‖_F‖H‖₂, ‖ΔW H‖_F ≤ ‖ΔW‖_F‖H‖₂, …), never looser than the
   * Frobenius forms; certified.ts computes them on the rank-reduced paper route only (an extra K×K Gram each), so the
   * small instances' certificates keep their Frobenius forms unchanged.
   */
  readonly specW?: number;
  readonly specH?: number;
}

/** Doubles of one Gram row panel in {@link spectralUpperBound} (16 MB). */
const GRAM_PANEL_DOUBLES = 1 << 21;

/**
 * A rigorous upper bound on ‖A‖₂ for A (rows×cols, row-major at `off`, row stride `ld`), from the Gram on the smaller
 * side: ‖A‖₂² = ‖AAᵀ‖₂ ≤ ‖AAᵀ‖_∞ (symmetric: ‖·‖₂ ≤ √(‖·‖₁‖·‖_∞) = ‖·‖_∞). The computed Gram C has
 * |C_ij − (AAᵀ)_ij| ≤ γ_c‖a_i‖‖a_j‖ (Higham Thm 3.5, c the inner length), so
 * ‖AAᵀ‖_∞ ≤ max_i (1+γ_r)(Σ_j|C_ij| + γ_c‖a_i‖Σ_j‖a_j‖), γ_m = 1.01·m·u with a generous extra factor for the norms'
 * own rounding; and never above the (rounding-inflated) Frobenius norm. At a simplex ETF (W Wᵀ = ρE_K) it is ≤ 2ρ
 * against ‖W‖₂² = ρK/(K−1), where ‖W‖_F² = (K−1)ρ. `panelDoubles` caps the Gram rows kept at once (tests vary it).
 */
export function spectralUpperBound(
  A: Float64Array,
  rows: number,
  cols: number,
  ld: number = cols,
  off = 0,
  panelDoubles = GRAM_PANEL_DOUBLES,
): number {
  const byRows = rows <= cols; // Gram over the smaller side: AAᵀ (rows×rows) or AᵀA (cols×cols)
  const m = byRows ? rows : cols,
    c = byRows ? cols : rows;
  const at = (i: number, r: number): number =>
    byRows ? (A[off + i * ld + r] as number) : (A[off + r * ld + i] as number);
  const norms = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let t = 0;
    for (let r = 0; r < c; r++) t += at(i, r) ** 2;
    norms[i] = Math.sqrt(t);
  }
  let sumNorms = 0;
  for (let i = 0; i < m; i++) sumNorms += norms[i] as number;
  const gc = 1.01 * (c + 2) * U,
    gr = 1.01 * (m + 2) * U;
  // The Gram in row panels of p rows (≤ 2²¹ doubles kept) through the WebAssembly products (gemmAuto: each entry is
  // the same c products summed in another order, so the γ_c bound above holds): AAᵀ's rows i0… = A[i0…, :]·Aᵀ (NT),
  // AᵀA's rows = A[:, i0…]ᵀ·A (TN). At the ImageNet size (m = 1000, c = 1000) the scalar loops took 16 s.
  const gemm = gemmKernels('auto');
  const p = Math.max(1, Math.min(m, Math.floor(panelDoubles / m)));
  const panel = new Float64Array(p * m);
  let worst = 0;
  for (let i0 = 0; i0 < m; i0 += p) {
    const rows = Math.min(p, m - i0);
    if (byRows) gemm.nt(rows, m, c, 1, A, ld, A, ld, 0, panel, m, off + i0 * ld, off, 0);
    else gemm.tn(rows, m, c, 1, A, ld, A, ld, 0, panel, m, off + i0, off, 0);
    for (let q = 0; q < rows; q++) {
      let sum = 0;
      for (let j = 0; j < m; j++) sum += Math.abs(panel[q * m + j] as number);
      const i = i0 + q;
      worst = Math.max(worst, (1 + gr) * (sum + 2 * gc * (norms[i] as number) * sumNorms));
    }
  }
  // Never above the Frobenius norm (the ∞-norm form exceeds it when the rows are aligned, e.g. rank one).
  let fro2 = 0;
  for (let i = 0; i < m; i++) fro2 += (norms[i] as number) ** 2;
  return Math.min(Math.sqrt(worst), Math.sqrt(fro2 * (1 + gc + gr))) * (1 + 4 * U);
}

/**
 * Bound on |‖∇f‖_computed − ‖∇f‖_exact| at a UFM point (Higham, Accuracy and Stability, Thm 3.5: a length-m dot
 * product has error ≤ γ_m Σ|x_i y_i|, γ_m ≤ 1.01·m·u; ‖|A||B|‖_F ≤ ‖A‖_F‖B‖_F):
 *   Z = WH + b1ᵀ:            ‖ΔZ‖_F ≤ (d+2)u(‖W‖‖H‖ + √N‖b‖);
 *   G (softmax or Z − Y, /N): ‖ΔG‖_F ≤ (ℓ₂/N)‖ΔZ‖_F + (K+6)u(‖G‖ + √N/N) (max-shift, exp, a K-term sum, a
 *                             division and the subtraction of the one-hot label, each ≤ 1–2 ulp relative per entry;
 *                             ℓ₂ ≤ 1 the per-sample Lipschitz constant of ∇ℓ for CE and MSE);
 *   ∇_W = GHᵀ + λ_W W:        (N+2)u‖G‖‖H‖ + ‖ΔG‖‖H‖ + 2uλ_W‖W‖;   ∇_H = WᵀG + λ_H H: (K+2)u‖W‖‖G‖ + ‖W‖‖ΔG‖ + 2uλ_H‖H‖;
 *   ∇_b = G1 + λ_b b:         (N+2)u√N‖G‖ + √N‖ΔG‖ + 2uλ_b‖b‖.
 * The propagated terms ‖ΔG‖‖H‖ and ‖W‖‖ΔG‖ are ‖ΔG Hᵀ‖_F ≤ ‖ΔG‖_F‖H‖₂ and ‖WᵀΔG‖_F ≤ ‖W‖₂‖ΔG‖_F: with `specW`/`specH`
 * they use the spectral bounds (the |G||H|-type terms keep Frobenius norms: entrywise absolute values).
 * The sum of the three block bounds bounds the error of the whole gradient vector, and the final 2-norm adds
 * (dim+1)u relative. The constants are worst-case (linear in N), so this floor is pessimistic; it is the honest
 * price of reading ε below 1e-12. On the rank-reduced route certified.ts also forms compensatedGradient.ts's bound
 * (the gradient recomputed with Dot2 products, errors bounded componentwise) and uses the smaller of the two.
 */
export function gradientRoundingBound(x: PointNorms, gradNorm: number): number {
  const g = 1.01 * U;
  const dZ = (x.d + 2) * g * (x.normW * x.normH + (x.hasBias ? Math.sqrt(x.N) * x.normB : 0));
  const dG = dZ / x.N + (x.K + 6) * g * (x.normG + Math.sqrt(x.N) / x.N);
  const eW = (x.N + 2) * g * x.normG * x.normH + dG * (x.specH ?? x.normH) + 2 * g * x.lambdaW * x.normW;
  const eH = (x.K + 2) * g * x.normW * x.normG + (x.specW ?? x.normW) * dG + 2 * g * x.lambdaH * x.normH;
  const eB = x.hasBias
    ? (x.N + 2) * g * Math.sqrt(x.N) * x.normG + Math.sqrt(x.N) * dG + 2 * g * x.lambdaB * x.normB
    : 0;
  const dim = x.K * x.d + x.d * x.N + (x.hasBias ? x.K : 0);
  return eW + eH + eB + (dim + 1) * g * gradNorm;
}

/** Per-sample bounds (ℓ₂ = sup‖∇²ℓ‖₂, ℓ₃ = sup over unit x of |d³ℓ(z + tx)/dt³|) of the losses with known constants. */
const LOSS_DERIVATIVE_BOUNDS: Readonly<Record<string, { readonly l2: number; readonly l3: number }>> = {
  // CE: ∇²lse = diag(p) − ppᵀ ⪯ ½I; d³/dt³ lse = E_p[(x − E_p x)³] ≤ max|x − E_p x|·Var_p(x) ≤ √2·½ < 1.
  ce: { l2: 0.5, l3: 1 },
  // MSE: ½‖z − e_y‖², Hessian I, third derivative 0.
  mse: { l2: 1, l3: 0 },
};

/**
 * Bound on the Lipschitz constant ρ of ∇²f on the ball of radius r around a UFM point, for 'ce' and 'mse'
 * (undefined for other losses). Along a unit direction Δ at a point θ′ of the ball, with A′ = ΔW H′ + W′ΔH + Δb1ᵀ
 * and A″ = 2ΔWΔH (‖A″‖_F ≤ 2‖ΔW‖‖ΔH‖ ≤ 1):
 *     d³f/ds³ = L‴[A′, A′, A′] + 3L″[A′, A″],  |L″[A′, A″]| ≤ (ℓ₂/N)‖A′‖_F,  |L‴[A′,A′,A′]| ≤ (ℓ₃/N) Σ_j ‖A′_j‖³,
 * with ‖A′‖_F ≤ S = √((‖W‖+r)² + (‖H‖+r)² + N·[bias]) (Cauchy–Schwarz) and Σ_j‖A′_j‖³ ≤ s·‖A′‖_F², where
 * s = √((max_j‖h_j‖ + r)² + (‖W‖+r)² + [bias]) bounds every column ‖A′_j‖. For a symmetric trilinear form the sup of
 * |T[x,x,x]| over unit x is its norm (Banach), so ρ ≤ (ℓ₃ s S² + 3ℓ₂ S)/N. Only spectral norms are needed there:
 * ‖ΔW H′‖_F ≤ ‖ΔW‖_F‖H′‖₂ and ‖W′ΔH‖_F ≤ ‖W′‖₂‖ΔH‖_F give S with ‖W‖₂, ‖H‖₂ in place of the Frobenius norms, and
 * ‖ΔW h′_j + W′Δh_j + Δb‖ ≤ ‖ΔW‖_F‖h′_j‖ + ‖W′‖₂‖Δh_j‖ + ‖Δb‖ gives s with ‖W‖₂ (‖W′‖₂ ≤ ‖W‖₂ + r); `specW`/`specH`
 * are used when present. At a CE simplex ETF with K = 300 the Frobenius form gave ρ ≤ 5.1e2 and h = 2.5
 * (inconclusive); the spectral one does not grow with K (docs/paper-scale.md).
 */
export function hessianLipschitzBound(lossId: string, x: PointNorms, r: number): number | undefined {
  const c = LOSS_DERIVATIVE_BOUNDS[lossId];
  if (c === undefined) return undefined;
  const b = x.hasBias ? 1 : 0;
  const nW = x.specW ?? x.normW,
    nH = x.specH ?? x.normH;
  const S = Math.sqrt((nW + r) ** 2 + (nH + r) ** 2 + b * x.N);
  const s = Math.sqrt((x.maxColH + r) ** 2 + (nW + r) ** 2 + b);
  return (c.l3 * s * S * S + 3 * c.l2 * S) / x.N;
}

export interface KantorovichCheck {
  /** h = ρε/μ² (the theorem needs h ≤ ½). */
  readonly h: number;
  readonly ok: boolean;
  readonly rho: number;
}

/** The condition h = ρ·ε/μ² ≤ ½ under which δ = 2ε/μ bounds the distance to a critical point (see the module doc). */
export function kantorovich(gradBound: number, mu: number, rho: number): KantorovichCheck {
  const h = mu > 0 ? (rho * gradBound) / (mu * mu) : Number.POSITIVE_INFINITY;
  return { h, ok: h <= 0.5, rho };
}

/** Absolute Frobenius tolerance on a K×K Gram of the rows of a K×d factor with ‖·‖_F = norm. */
export function gramTolerance(norm: number, delta: number, K: number, d: number): number {
  return 2 * norm * delta + delta * delta + K * (d + 2) * U * norm * norm;
}

/** Absolute Frobenius tolerance on a product A·B (‖A‖_F = a, ‖B‖_F = b, inner dimension d) when both move by ≤ δ. */
export function productTolerance(a: number, b: number, delta: number, K: number, d: number): number {
  return (a + b) * delta + delta * delta + K * (d + 2) * U * a * b;
}

/** Absolute tolerance on f(θ) − f*. */
export function valueTolerance(
  value: number,
  gradNorm: number,
  mu: number,
  terms: number,
  thetaSq: number,
  maxLambda: number,
): number {
  const d = distanceBound(gradNorm, mu);
  const quad = mu > 0 ? (gradNorm * gradNorm) / (2 * mu) + gradNorm * d.delta : Number.POSITIVE_INFINITY;
  return quad + terms * U * (Math.abs(value) + thetaSq * maxLambda + 1);
}

/**
 * valueTolerance at a UFM point θ: the objective sums m = K·N + K·d + d·N + K terms, and Σ|terms| is bounded with
 * ‖θ‖² and the largest λ (see above).
 */
export function pointValueTolerance(
  p: UfmProblem,
  theta: Float64Array,
  value: number,
  gradNorm: number,
  mu: number,
): number {
  let N = 0;
  for (const c of p.counts) N += c;
  const terms = p.K * N + p.K * p.d + p.d * N + p.K;
  return valueTolerance(value, gradNorm, mu, terms, dot(theta, theta), Math.max(p.lambdaW, p.lambdaH, p.lambdaB));
}
