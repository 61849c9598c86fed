/**
 * Tirer & Bruna 2022 (arXiv 2202.08087), MSE-UFM: global minimisers in closed form for the three bias modes
 * (THEORY.md §2.1 bias-free, §2.2 unregularised bias, §2.3 regularised bias, with the d = K−1 case of §7.3).
 *
 * Notation (THEORY.md §2): κ = K√(nλ_Wλ_H), s = 1 − κ, α = √(nλ_H/λ_W) (W = α H̄ᵀ at every minimiser),
 * φ(κ) = κ − κ²/2 for κ < 1 and 1/2 otherwise. Pure; invalid input throws RangeError naming the field.
 */
import type { Mat } from '../core/index.ts';
import { zeros } from '../core/index.ts';
import { expandMeans, orthogonalFrame, simplexEtf } from '../geometry/index.ts';
import type { UfmPoint } from './zhu2021.ts';
import { checkD, checkPositive, kappaOf } from './zhu2021.ts';

/** Citations. */
export const TIRER_BRUNA_THM31_CITE = 'Tirer & Bruna 2022 (arXiv 2202.08087), Thm 3.1 (bias-free); THEORY.md §2.1';
export const TIRER_BRUNA_THM32_CITE = 'Tirer & Bruna 2022 (arXiv 2202.08087), Thm 3.2 (λ_b = 0); THEORY.md §2.2';
export const MSE_REG_BIAS_CITE =
  'MSE-UFM with λ_b > 0, closed form derived in THEORY.md §2.3 (d ≥ K) and §7.3 (d = K−1)';

/** A balanced MSE-UFM instance. */
export interface MseInstance {
  readonly K: number;
  readonly n: number;
  readonly lambdaW: number;
  readonly lambdaH: number;
  /** Feature dimension; when given it must satisfy the theorem's hypothesis. */
  readonly d?: number;
}

/** An MSE instance with a regularised bias (λ_b > 0). */
export interface MseRegBiasInstance extends MseInstance {
  readonly lambdaB: number;
}

/** φ(κ) = κ − κ²/2 if κ < 1, else 1/2 (THEORY.md §2.3): the per-direction optimal value of the shrunk fit. */
export function msePhi(kappa: number): number {
  if (!Number.isFinite(kappa) || kappa < 0) throw new RangeError(`kappa must be a finite number ≥ 0; got ${kappa}`);
  return kappa < 1 ? kappa - (kappa * kappa) / 2 : 0.5;
}

function pIplusJ(K: number, p: number, q: number): Mat {
  // p·(I − J) + q·J, J = 11ᵀ/K
  const G = zeros(K, K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) G.data[i * K + j] = (i === j ? p : 0) + (q - p) / K;
  return G;
}

/** Shared scalars of every MSE prediction. */
export interface MseScalars {
  readonly cite: string;
  readonly K: number;
  readonly n: number;
  /** κ = K√(nλ_Wλ_H). */
  readonly kappa: number;
  /** s = 1 − κ (may be ≤ 0 in the zero regime; the fit uses max(s, 0)). */
  readonly s: number;
  /** α = √(nλ_H/λ_W); W = α H̄ᵀ at the minimiser. */
  readonly alpha: number;
  /** κ ≥ 1: the minimiser has W = 0, H = 0. */
  readonly zero: boolean;
  /** Optimal value. */
  readonly fStar: number;
  /** ρ_w = ‖w^k‖² (0 in the zero regime). */
  readonly rhoW: number;
  /** ρ_h = ‖h̄_k‖² for bias-free / centred cases (0 in the zero regime). */
  readonly rhoH: number;
  /** Predicted W Wᵀ (K×K). */
  readonly gramW: Mat;
  /** Predicted H̄ᵀ H̄ (K×K, uncentred means). */
  readonly gramHbar: Mat;
  /** Predicted W H̄ (K×K). */
  readonly WHbar: Mat;
}

/** Bias-free prediction (THEORY.md §2.1). */
export type MseBiasFreePrediction = MseScalars;

/**
 * Bias-free MSE-UFM global minimiser (Tirer & Bruna 2022, Thm 3.1; THEORY.md §2.1), hypothesis d ≥ K:
 * for κ < 1, W H̄ = s I_K, W Wᵀ = ρ_w I, H̄ᵀ H̄ = ρ_h I with ρ_w = (1−κ)α, ρ_h = (1−κ)/α, f* = κ − κ²/2;
 * for κ ≥ 1, W = H = 0 and f* = 1/2.
 * @throws RangeError naming K, n, lambdaW, lambdaH or d (d < K)
 * @example
 * predictMseBiasFree({ K: 4, n: 2, lambdaW: 5e-2, lambdaH: 1e-1 }).fStar; // κ = 4·√(2·5e-2·1e-1) = 0.4 → 0.32
 */
export function predictMseBiasFree(inst: MseInstance): MseBiasFreePrediction {
  const { K, n, lambdaW, lambdaH } = inst;
  const kappa = kappaOf(K, n, lambdaW, lambdaH);
  checkD(inst.d, K, 'Thm 3.1 needs d ≥ K');
  const alpha = Math.sqrt((n * lambdaH) / lambdaW);
  const zero = kappa >= 1;
  const sp = zero ? 0 : 1 - kappa;
  const rhoW = sp * alpha;
  const rhoH = sp / alpha;
  return {
    cite: TIRER_BRUNA_THM31_CITE,
    K,
    n,
    kappa,
    s: 1 - kappa,
    alpha,
    zero,
    fStar: msePhi(kappa),
    rhoW,
    rhoH,
    gramW: pIplusJ(K, rhoW, rhoW),
    gramHbar: pIplusJ(K, rhoH, rhoH),
    WHbar: pIplusJ(K, sp, sp),
  };
}

/** Unregularised-bias prediction (THEORY.md §2.2). */
export interface MseFreeBiasPrediction extends MseScalars {
  /** b* = (1/K) 1. */
  readonly bias: Float64Array;
}

/**
 * MSE-UFM global minimiser with a free, unregularised bias (Tirer & Bruna 2022, Thm 3.2; THEORY.md §2.2),
 * hypothesis d ≥ K−1: b* = (1/K)1, h_G = 0, W H̄ = s(I − J), W Wᵀ = ρ_w E_K, H̄ᵀH̄ = ρ_h E_K with
 * ρ_w = ((K−1)/K)(1−κ)α, ρ_h = ((K−1)/K)(1−κ)/α, f* = ((K−1)/K)(κ − κ²/2) for κ < 1; W = H = 0 and
 * f* = (K−1)/(2K) for κ ≥ 1. The threshold is the same κ < 1.
 * @throws RangeError naming K, n, lambdaW, lambdaH or d (d < K−1)
 */
export function predictMseFreeBias(inst: MseInstance): MseFreeBiasPrediction {
  const { K, n, lambdaW, lambdaH } = inst;
  const kappa = kappaOf(K, n, lambdaW, lambdaH);
  checkD(inst.d, K - 1, 'Thm 3.2 needs d ≥ K−1');
  const alpha = Math.sqrt((n * lambdaH) / lambdaW);
  const zero = kappa >= 1;
  const sp = zero ? 0 : 1 - kappa;
  const frac = (K - 1) / K;
  const rhoW = frac * sp * alpha;
  const rhoH = (frac * sp) / alpha;
  // ρ E_K = ρ (K/(K−1)) (I − J): in p(I−J) + qJ form, p = ρK/(K−1), q = 0.
  return {
    cite: TIRER_BRUNA_THM32_CITE,
    K,
    n,
    kappa,
    s: 1 - kappa,
    alpha,
    zero,
    fStar: frac * msePhi(kappa),
    rhoW,
    rhoH,
    gramW: pIplusJ(K, rhoW / frac, 0),
    gramHbar: pIplusJ(K, rhoH / frac, 0),
    WHbar: pIplusJ(K, sp, 0),
    bias: new Float64Array(K).fill(1 / K),
  };
}

/** Regularised-bias prediction (THEORY.md §2.3). */
export interface MseRegBiasPrediction extends MseScalars {
  /** 'A': c = 0, centred ETF; 'B': c > 0, means shifted off-centre by m ⊥ span{u_k}. */
  readonly case: 'A' | 'B';
  /** λ_b. */
  readonly lambdaB: number;
  /** a = (1 − κ)₊, the coefficient of (I − J) in W H̄. */
  readonly a: number;
  /** c, the coefficient of J in W H̄ (0 in Case A). */
  readonly c: number;
  /** b* = β 1. */
  readonly beta: number;
  /** b* = β 1. */
  readonly bias: Float64Array;
  /** ‖h_G‖² = c/(αK) (0 in Case A). */
  readonly hGNormSq: number;
  /** The case boundary λ_b = κ/(1−κ) (Infinity when κ ≥ 1: always Case A). */
  readonly boundary: number;
}

/**
 * MSE-UFM global minimiser with a regularised bias λ_b > 0 (closed form of THEORY.md §2.3, hypothesis d ≥ K;
 * d = K−1 per THEORY.md §7.3). With W H̄ = a(I − J) + cJ, b = β1, a = (1−κ)₊:
 * - Case A (λ_b ≤ κ/(1−κ), or κ ≥ 1, or d = K−1): c = 0, β = 1/(K(1+λ_b)),
 *   f* = ((K−1)/K)φ(κ) + λ_b/(2K(1+λ_b));
 * - Case B (κ < 1, λ_b > κ/(1−κ), d ≥ K): c = 1 − κ(1 + 1/λ_b), β = κ/(Kλ_b),
 *   f* = ((K−1)/K)φ(κ) + (1/K)(κ − κ²/2 − κ²/(2λ_b)).
 * Structure: H̄ᵀH̄ = (1/α)[a(I−J) + cJ], W = α H̄ᵀ (so W Wᵀ = α[a(I−J) + cJ]), ‖h_G‖² = c/(αK).
 * @param inst - (K, n, λ_W, λ_H, λ_b > 0, d?); without d, d ≥ K is assumed
 * @throws RangeError naming K, n, lambdaW, lambdaH, lambdaB (must be > 0) or d (d < K−1)
 */
export function predictMseRegularizedBias(inst: MseRegBiasInstance): MseRegBiasPrediction {
  const { K, n, lambdaW, lambdaH, lambdaB } = inst;
  const kappa = kappaOf(K, n, lambdaW, lambdaH);
  checkPositive(lambdaB, 'lambdaB');
  checkD(inst.d, K - 1, 'the closed form needs d ≥ K−1');
  const rankLimited = inst.d === K - 1;
  const alpha = Math.sqrt((n * lambdaH) / lambdaW);
  const zero = kappa >= 1;
  const a = zero ? 0 : 1 - kappa;
  const boundary = zero ? Infinity : kappa / (1 - kappa);
  const caseB = !zero && !rankLimited && lambdaB > boundary;
  const frac = (K - 1) / K;
  const phi = msePhi(kappa);
  const c = caseB ? 1 - kappa * (1 + 1 / lambdaB) : 0;
  const beta = caseB ? kappa / (K * lambdaB) : 1 / (K * (1 + lambdaB));
  const fStar = caseB
    ? frac * phi + (kappa - (kappa * kappa) / 2 - (kappa * kappa) / (2 * lambdaB)) / K
    : frac * phi + lambdaB / (2 * K * (1 + lambdaB));
  return {
    cite: MSE_REG_BIAS_CITE,
    K,
    n,
    kappa,
    s: 1 - kappa,
    alpha,
    zero,
    fStar,
    rhoW: alpha * (frac * a + c / K),
    rhoH: (frac * a + c / K) / alpha,
    gramW: pIplusJ(K, alpha * a, alpha * c),
    gramHbar: pIplusJ(K, a / alpha, c / alpha),
    WHbar: pIplusJ(K, a, c),
    case: caseB ? 'B' : 'A',
    lambdaB,
    a,
    c,
    beta,
    bias: new Float64Array(K).fill(beta),
    hGNormSq: c / (alpha * K),
    boundary,
  };
}

function fromHbar(Hbar: Mat, alpha: number, n: number, b: Float64Array | undefined): UfmPoint {
  const d = Hbar.rows,
    K = Hbar.cols;
  const W = zeros(K, d);
  for (let k = 0; k < K; k++) for (let r = 0; r < d; r++) W.data[k * d + r] = alpha * (Hbar.data[r * K + k] as number);
  return { W, H: expandMeans(Hbar, new Array<number>(K).fill(n)), b };
}

function etfMeans(K: number, d: number, rho: number): Mat {
  // d×K means whose Gram is rho·E_K: the transpose of simplexEtf(K, d, rho).
  const E = simplexEtf(K, d, rho);
  const M = zeros(d, K);
  for (let k = 0; k < K; k++) for (let r = 0; r < d; r++) M.data[r * K + k] = E.data[k * d + r] as number;
  return M;
}

/**
 * One concrete minimiser realising {@link predictMseBiasFree} in dimension d ≥ K: H̄ = orthogonal frame with
 * H̄ᵀH̄ = ρ_h I, W = α H̄ᵀ, H = H̄ ⊗ 1ᵀ, no bias.
 * @throws RangeError naming d
 */
export function realizeMseBiasFree(pred: MseBiasFreePrediction, d: number): UfmPoint {
  checkD(d, pred.K, 'an orthogonal frame needs d ≥ K');
  const F = orthogonalFrame(pred.K, d, pred.rhoH); // K×d, rows = h̄_kᵀ
  const Hbar = zeros(d, pred.K);
  for (let k = 0; k < pred.K; k++) for (let r = 0; r < d; r++) Hbar.data[r * pred.K + k] = F.data[k * d + r] as number;
  return fromHbar(Hbar, pred.alpha, pred.n, undefined);
}

/**
 * One concrete minimiser realising {@link predictMseFreeBias} in dimension d ≥ K−1: centred simplex-ETF means with
 * H̄ᵀH̄ = ρ_h E_K, W = α H̄ᵀ, b = (1/K)1.
 * @throws RangeError naming d
 */
export function realizeMseFreeBias(pred: MseFreeBiasPrediction, d: number): UfmPoint {
  checkD(d, pred.K - 1, 'a simplex ETF needs d ≥ K−1');
  return fromHbar(etfMeans(pred.K, d, pred.rhoH), pred.alpha, pred.n, Float64Array.from(pred.bias));
}

/**
 * One concrete minimiser realising {@link predictMseRegularizedBias}: h̄_k = u_k + m with {u_k} a centred simplex ETF
 * of Gram (a/α)(I − J) (first K−1 coordinates) and m = √(c/(αK)) e_K (coordinate K, needs d ≥ K in Case B),
 * W = α H̄ᵀ, b = β1.
 * @throws RangeError naming d
 */
export function realizeMseRegularizedBias(pred: MseRegBiasPrediction, d: number): UfmPoint {
  const K = pred.K;
  checkD(d, pred.case === 'B' ? K : K - 1, pred.case === 'B' ? 'Case B needs d ≥ K' : 'a simplex ETF needs d ≥ K−1');
  const Hbar = etfMeans(K, d, ((K - 1) / K) * (pred.a / pred.alpha));
  if (pred.c > 0) {
    const m = Math.sqrt(pred.hGNormSq);
    for (let k = 0; k < K; k++) Hbar.data[(K - 1) * K + k] = m;
  }
  return fromHbar(Hbar, pred.alpha, pred.n, Float64Array.from(pred.bias));
}
