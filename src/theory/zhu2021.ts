/**
 * Zhu et al. 2021 (arXiv 2105.02375), CE-UFM: the global minimisers of Thm 3.1 in closed form (THEORY.md §1.1) and
 * the landscape tools of Thm 3.2 — the convex-KKT optimality test and the escape-direction curvature q(σ)
 * (THEORY.md §1.2). Also home of the constants every plain-UFM closed form shares, γ and κ (THEORY.md §0.3).
 *
 * Pure functions of (K, n, λ's); invalid input throws a RangeError whose message starts with the field name.
 */
import type { Mat } from '../core/index.ts';
import { zeros } from '../core/index.ts';
import { etfGram, expandMeans, simplexEtf } from '../geometry/index.ts';

// VALIDATION (exported for the sibling theory files; not re-exported by theory/index.ts) //

/** @internal K must be an integer ≥ 2. */
export function checkK(K: number): void {
  if (!Number.isInteger(K) || K < 2) throw new RangeError(`K must be an integer ≥ 2; got ${K}`);
}

/** @internal n (balanced per-class count) must be an integer ≥ 1. */
export function checkN(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1; got ${n}`);
}

/** @internal A strictly positive finite number. */
export function checkPositive(x: number, field: string): void {
  if (!Number.isFinite(x) || !(x > 0)) throw new RangeError(`${field} must be a finite number > 0; got ${x}`);
}

/** @internal A non-negative finite number. */
export function checkNonNegative(x: number, field: string): void {
  if (!Number.isFinite(x) || !(x >= 0)) throw new RangeError(`${field} must be a finite number ≥ 0; got ${x}`);
}

/** @internal d, when given, must be an integer ≥ min (the theorem's hypothesis). */
export function checkD(d: number | undefined, min: number, why: string): void {
  if (d === undefined) return;
  if (!Number.isInteger(d) || d < min) throw new RangeError(`d must be an integer ≥ ${min} (${why}); got ${d}`);
}

function checkKnLambdas(K: number, n: number, lambdaW: number, lambdaH: number): void {
  checkK(K);
  checkN(n);
  checkPositive(lambdaW, 'lambdaW');
  checkPositive(lambdaH, 'lambdaH');
}

// SHARED CONSTANTS (THEORY.md §0.3) //

/**
 * γ = √(n λ_W λ_H) (THEORY.md §0.3).
 * @throws RangeError naming K, n, lambdaW or lambdaH
 */
export function gammaOf(K: number, n: number, lambdaW: number, lambdaH: number): number {
  checkKnLambdas(K, n, lambdaW, lambdaH);
  return Math.sqrt(n * lambdaW * lambdaH);
}

/**
 * κ = K √(n λ_W λ_H), the collapse threshold shared by the plain-UFM theorems (non-zero minimiser iff κ < 1).
 * @throws RangeError naming K, n, lambdaW or lambdaH
 * @example
 * kappaOf(10, 100, 5e-4, 5e-4); // => 0.05
 */
export function kappaOf(K: number, n: number, lambdaW: number, lambdaH: number): number {
  return K * gammaOf(K, n, lambdaW, lambdaH);
}

// THM 3.1 (THEORY.md §1.1) //

/** Citation of {@link predictCeGlobalMin}. */
export const ZHU2021_THM31_CITE = 'Zhu et al. 2021 (arXiv 2105.02375), Thm 3.1; closed form THEORY.md §1.1';
/** Citation of the landscape tools. */
export const ZHU2021_THM32_CITE = 'Zhu et al. 2021 (arXiv 2105.02375), Thm 3.2; THEORY.md §1.2';

/** A balanced CE-UFM instance as Thm 3.1 needs it. */
export interface CeInstance {
  /** Classes, ≥ 2. */
  readonly K: number;
  /** Samples per class (balanced), ≥ 1. */
  readonly n: number;
  /** > 0. */
  readonly lambdaW: number;
  /** > 0. */
  readonly lambdaH: number;
  /** ≥ 0; default 0. Ignored when `bias` is false. */
  readonly lambdaB?: number;
  /** Whether b is a variable; default true. */
  readonly bias?: boolean;
  /** Feature dimension; when given it must satisfy the hypothesis d ≥ K−1. */
  readonly d?: number;
}

/**
 * What Thm 3.1 says about the bias: `'absent'` (bias-free model), `'zero'` (λ_b > 0: b* = 0),
 * `'span-one'` (λ_b = 0: every b ∈ span(1) is optimal; compare b modulo span(1)).
 */
export type CeBiasPrediction = 'absent' | 'zero' | 'span-one';

/** The closed-form global minimiser of the CE-UFM (THEORY.md §1.1). Matrices are K×K Gram-type predictions. */
export interface CeGlobalMinPrediction {
  readonly cite: string;
  readonly K: number;
  readonly n: number;
  /** γ = √(nλ_Wλ_H). */
  readonly gamma: number;
  /** κ = Kγ. */
  readonly kappa: number;
  /** True in the zero regime κ ≥ 1 (W = 0, H = 0, f* = log K). */
  readonly zero: boolean;
  /** Optimal logit margin t* = log(1/γ − (K−1)) (0 in the zero regime). */
  readonly tStar: number;
  /** ρ_w = ‖w^k‖². */
  readonly rhoW: number;
  /** ρ_h = ‖h_{k,i}‖² = c² ρ_w. */
  readonly rhoH: number;
  /** c = √(λ_W/(nλ_H)): h_{k,i} = c w^k (NC1 + NC3). */
  readonly c: number;
  /** Optimal value f* (log K in the zero regime). */
  readonly fStar: number;
  /** W Wᵀ = ρ_w E_K. */
  readonly gramW: Mat;
  /** H̄ᵀ H̄ = ρ_h E_K (means are centred: h_G = 0). */
  readonly gramHbar: Mat;
  /** W H̄ = c ρ_w E_K = t*(I − J). */
  readonly WHbar: Mat;
  /** The bias statement. */
  readonly bias: CeBiasPrediction;
}

/**
 * Value of the CE-UFM along the neural-collapse family with logit margin t ≥ 0 (THEORY.md §1.1 item 4):
 * f(t) = log(1 + (K−1)e^{−t}) + (K−1)γ t. Its minimiser over t ≥ 0 is t* (κ < 1) or 0 (κ ≥ 1).
 * @param t - logit margin ≥ 0
 * @param K - classes ≥ 2
 * @param gamma - γ > 0
 */
export function ceCollapseFamilyValue(t: number, K: number, gamma: number): number {
  checkK(K);
  checkPositive(gamma, 'gamma');
  checkNonNegative(t, 't');
  return Math.log1p((K - 1) * Math.exp(-t)) + (K - 1) * gamma * t;
}

/**
 * The global minimiser of the CE-UFM (Zhu et al. 2021, Thm 3.1; constants THEORY.md §1.1):
 * t* = log(1/γ − (K−1)), ρ_w = ((K−1)/K)√(nλ_H/λ_W) t*, ρ_h = ((K−1)/K)√(λ_W/(nλ_H)) t*,
 * f* = −log(1 − (K−1)γ) + (K−1)γ t* for κ = Kγ < 1; for κ ≥ 1 the zero minimiser with f* = log K.
 * t* is evaluated as log1p((1 − κ)/γ), which is accurate near the threshold.
 * @param inst - (K, n, λ_W, λ_H, λ_b, bias, d?)
 * @returns the scalar constants, the predicted Grams and the bias statement, with `cite`
 * @throws RangeError naming K, n, lambdaW, lambdaH, lambdaB or d (d < K−1 violates the hypothesis)
 * @example
 * predictCeGlobalMin({ K: 10, n: 100, lambdaW: 5e-4, lambdaH: 5e-4, lambdaB: 5e-4 }).fStar; // => 0.282396242764…
 */
export function predictCeGlobalMin(inst: CeInstance): CeGlobalMinPrediction {
  const { K, n, lambdaW, lambdaH } = inst;
  const lambdaB = inst.lambdaB ?? 0;
  const hasBias = inst.bias ?? true;
  const gamma = gammaOf(K, n, lambdaW, lambdaH);
  checkNonNegative(lambdaB, 'lambdaB');
  checkD(inst.d, K - 1, 'Thm 3.1 needs d ≥ K−1');
  const kappa = K * gamma;
  const zero = kappa >= 1;
  const c = Math.sqrt(lambdaW / (n * lambdaH));
  const tStar = zero ? 0 : Math.log1p((1 - kappa) / gamma);
  const frac = (K - 1) / K;
  const rhoW = frac * Math.sqrt((n * lambdaH) / lambdaW) * tStar;
  const rhoH = frac * c * tStar;
  const fStar = zero ? Math.log(K) : -Math.log1p(-(K - 1) * gamma) + (K - 1) * gamma * tStar;
  const E = etfGram(K);
  const scaledE = (s: number): Mat => {
    const G = zeros(K, K);
    for (let i = 0; i < K * K; i++) G.data[i] = s * (E.data[i] as number);
    return G;
  };
  return {
    cite: ZHU2021_THM31_CITE,
    K,
    n,
    gamma,
    kappa,
    zero,
    tStar,
    rhoW,
    rhoH,
    c,
    fStar,
    gramW: scaledE(rhoW),
    gramHbar: scaledE(rhoH),
    WHbar: scaledE(c * rhoW),
    bias: !hasBias ? 'absent' : lambdaB > 0 ? 'zero' : 'span-one',
  };
}

/** A concrete point (W, H, b) of the plain UFM. */
export interface UfmPoint {
  /** K×d. */
  readonly W: Mat;
  /** d×N, class-major. */
  readonly H: Mat;
  /** Length K, or undefined for a bias-free model. */
  readonly b: Float64Array | undefined;
}

/**
 * One concrete global minimiser realising {@link predictCeGlobalMin} in dimension d: W = simplexEtf(K, d, ρ_w),
 * h_{k,i} = c w^k, b = 0 (a valid choice in every bias mode; absent when bias-free). Every other minimiser is
 * (W Qᵀ, Q H, b + β1 if λ_b = 0) for Q ∈ O(d).
 * @param pred - the prediction
 * @param d - feature dimension ≥ K−1
 * @throws RangeError naming d
 */
export function realizeCeGlobalMin(pred: CeGlobalMinPrediction, d: number): UfmPoint {
  checkD(d, pred.K - 1, 'a simplex ETF needs d ≥ K−1');
  const W = simplexEtf(pred.K, d, pred.rhoW);
  const Hbar = zeros(d, pred.K);
  for (let k = 0; k < pred.K; k++)
    for (let r = 0; r < d; r++) Hbar.data[r * pred.K + k] = pred.c * (W.data[k * d + r] as number);
  const H = expandMeans(Hbar, new Array<number>(pred.K).fill(pred.n));
  return { W, H, b: pred.bias === 'absent' ? undefined : new Float64Array(pred.K) };
}

// THM 3.2 (THEORY.md §1.2) //

/** √(λ_W λ_H), the spectral-norm bound of the convex KKT test (THEORY.md §1.2 item 1). */
export function kktBound(lambdaW: number, lambdaH: number): number {
  checkPositive(lambdaW, 'lambdaW');
  checkPositive(lambdaH, 'lambdaH');
  return Math.sqrt(lambdaW * lambdaH);
}

/**
 * Convex-KKT global-optimality test at a critical point (THEORY.md §1.2 item 1; valid for any loss convex in Z):
 * the point is a global minimiser iff σ = ‖G‖₂ ≤ √(λ_Wλ_H), G = ∂g/∂Z. `slack` ≥ 0 absorbs the error in σ of an
 * approximate critical point (derive it from the certificate).
 */
export function isKktGlobal(sigma: number, lambdaW: number, lambdaH: number, slack = 0): boolean {
  checkNonNegative(sigma, 'sigma');
  checkNonNegative(slack, 'slack');
  return sigma <= kktBound(lambdaW, lambdaH) + slack;
}

/**
 * Rayleigh quotient of the best unit-norm escape direction (c₁ u aᵀ, c₂ a vᵀ, 0) at a critical point with
 * σ = ‖G‖₂: q(σ) = (λ_W+λ_H)/2 − √(((λ_W−λ_H)/2)² + σ²) (THEORY.md §1.2 item 4). When a null vector a exists,
 * λ_min(∇²f) ≤ q(σ); q(σ) < 0 iff σ > √(λ_Wλ_H). Assert the inequality, not equality ([E] in THEORY.md).
 * @example
 * escapeCurvature(1 / (4 * Math.sqrt(3)), 1e-2, 2e-2); // => −0.12942414387… (the CE origin of THEORY.md §9)
 */
export function escapeCurvature(sigma: number, lambdaW: number, lambdaH: number): number {
  checkNonNegative(sigma, 'sigma');
  checkPositive(lambdaW, 'lambdaW');
  checkPositive(lambdaH, 'lambdaH');
  const h = 0.5 * (lambdaW - lambdaH);
  return 0.5 * (lambdaW + lambdaH) - Math.hypot(h, sigma);
}

/** ∇²f[Δ,Δ] for the balanced choice c₁ = (λ_H/λ_W)^{1/4}, c₂ = (λ_W/λ_H)^{1/4}: 2(√(λ_Wλ_H) − σ) (THEORY.md §1.2). */
export function balancedEscapeCurvature(sigma: number, lambdaW: number, lambdaH: number): number {
  checkNonNegative(sigma, 'sigma');
  return 2 * (kktBound(lambdaW, lambdaH) - sigma);
}
