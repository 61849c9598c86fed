/**
 * The MSE-UFM closed forms of THEORY.md §2.1–2.3 evaluated on a CHOSEN branch — zero regime or not, Case A or
 * Case B — whatever side of the thresholds the instance lies on, and the comparisons every MSE minimizer claim
 * makes against a prediction. The claims compare with src/theory's prediction (which picks the branch itself);
 * the threshold near-miss controls (issue 9 item 2) compare with the branch the theory would pick if its threshold
 * were moved by 1e-3 (e.g. the non-zero branch at κ ∈ (1, 1.001): s = 1 − κ < 0, as the code of a theory whose
 * zero regime started at κ = 1.001 would predict there). tests/unit/properties/mseBranches.test.ts checks that on
 * the true branch these formulas equal src/theory's.
 *
 * Formulas (κ = K√(nλ_Wλ_H), α = √(nλ_H/λ_W), J = 11ᵀ/K, frac = (K−1)/K):
 *   bias-free (§2.1): W H̄ = sI, W Wᵀ = sα I, H̄ᵀH̄ = (s/α) I, f* = φ;
 *   free bias (§2.2): W H̄ = s(I − J), W Wᵀ = sα(I − J), H̄ᵀH̄ = (s/α)(I − J), b = 1/K·1, f* = frac·φ;
 *   λ_b > 0 (§2.3): W H̄ = a(I − J) + cJ, W Wᵀ = α(…), H̄ᵀH̄ = (…)/α, b = β1, with a = s, and
 *     Case A c = 0, β = 1/(K(1+λ_b)), f* = frac·φ + λ_b/(2K(1+λ_b));
 *     Case B c = 1 − κ(1 + 1/λ_b), β = κ/(Kλ_b), f* = frac·φ + (κ − κ²/2 − κ²/(2λ_b))/K;
 * where on the zero branch s = 0 and φ = 1/2, otherwise s = 1 − κ and φ = κ − κ²/2.
 */
import type { Mat } from '../core/index.ts';
import { transpose, zeros } from '../core/index.ts';
import type { Verdict } from '../claim/index.ts';
import { judge, withResolution } from '../claim/index.ts';
import {
  biasVerdict,
  dualityVerdict,
  frobenius,
  gramVerdict,
  productTolerance,
  valueVerdict,
} from '../certified/index.ts';
import type { CertifiedPoint, PointParts } from '../certified/index.ts';
import { balancedN } from '../models/index.ts';
import type { UfmProblem } from '../models/index.ts';
import { perturb, perturbMat, perturbVec } from './miss.ts';
import type { Miss } from './miss.ts';

/** A prediction of the MSE minimizer's structure (one branch of the closed form). */
export interface MseBranch {
  readonly gramW: Mat;
  readonly gramHbar: Mat;
  readonly WHbar: Mat;
  /** W = α H̄ᵀ. */
  readonly alpha: number;
  /** b* (absent bias-free). */
  readonly bias: Float64Array | undefined;
  readonly fStar: number;
  /** e.g. 'zero', 'non-zero', 'Case A', 'Case B, zero'. */
  readonly label: string;
}

/** p(I − J) + qJ (K×K). */
export function pIplusJ(K: number, p: number, q: number): Mat {
  const G = zeros(K, K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) G.data[i * K + j] = (i === j ? p : 0) + (q - p) / K;
  return G;
}

/** κ and α of a balanced problem. */
export function kappaAlpha(p: UfmProblem): { kappa: number; alpha: number; n: number } {
  const n = balancedN(p);
  if (n === undefined) throw new RangeError('the MSE closed forms need balanced classes');
  return { kappa: p.K * Math.sqrt(n * p.lambdaW * p.lambdaH), alpha: Math.sqrt((n * p.lambdaH) / p.lambdaW), n };
}

/**
 * The §2.1–2.3 prediction on the chosen branch (module doc), for the problem's bias mode.
 * @param zero - the zero-regime branch (W = H = 0)
 * @param caseB - Case B of §2.3 (ignored unless λ_b > 0)
 */
export function mseBranch(p: UfmProblem, zero: boolean, caseB = false): MseBranch {
  const { kappa, alpha } = kappaAlpha(p);
  const K = p.K;
  const frac = (K - 1) / K;
  const s = zero ? 0 : 1 - kappa;
  const phi = zero ? 0.5 : kappa - (kappa * kappa) / 2;
  const side = zero ? 'zero' : 'non-zero';
  if (!p.bias) {
    return {
      gramW: pIplusJ(K, s * alpha, s * alpha),
      gramHbar: pIplusJ(K, s / alpha, s / alpha),
      WHbar: pIplusJ(K, s, s),
      alpha,
      bias: undefined,
      fStar: phi,
      label: side,
    };
  }
  if (p.lambdaB === 0) {
    return {
      gramW: pIplusJ(K, s * alpha, 0),
      gramHbar: pIplusJ(K, s / alpha, 0),
      WHbar: pIplusJ(K, s, 0),
      alpha,
      bias: new Float64Array(K).fill(1 / K),
      fStar: frac * phi,
      label: side,
    };
  }
  const lb = p.lambdaB;
  const c = caseB ? 1 - kappa * (1 + 1 / lb) : 0;
  const beta = caseB ? kappa / (K * lb) : 1 / (K * (1 + lb));
  const fStar = caseB
    ? frac * phi + (kappa - (kappa * kappa) / 2 - (kappa * kappa) / (2 * lb)) / K
    : frac * phi + lb / (2 * K * (1 + lb));
  return {
    gramW: pIplusJ(K, alpha * s, alpha * c),
    gramHbar: pIplusJ(K, s / alpha, c / alpha),
    WHbar: pIplusJ(K, s, c),
    alpha,
    bias: new Float64Array(K).fill(beta),
    fStar,
    label: `Case ${caseB ? 'B' : 'A'}, ${side}`,
  };
}

/** ‖W H̄ − predicted‖_F with the product tolerance (W and H̄ each within δ, δ/√n of the minimizer's factors). */
export function whbarVerdict(parts: PointParts, predicted: Mat, delta: number, label: string): Verdict {
  const { W, Hbar } = parts;
  const K = W.rows,
    d = W.cols;
  let s = 0;
  for (let i = 0; i < K; i++)
    for (let j = 0; j < K; j++) {
      let v = 0;
      for (let r = 0; r < d; r++) v += (W.data[i * d + r] as number) * (Hbar.data[r * K + j] as number);
      s += (v - (predicted.data[i * K + j] as number)) ** 2;
    }
  const tol = productTolerance(frobenius(W), frobenius(Hbar), Math.max(delta, delta / Math.sqrt(parts.nMin)), K, d);
  return withResolution(judge(Math.sqrt(s), 0, tol, `‖W H̄ − predicted‖_F (${label})`), 'gram', frobenius(predicted));
}

/**
 * The comparisons of an MSE minimizer claim at a certified point: Grams W Wᵀ and H̄ᵀH̄, optionally W H̄, the
 * self-duality W = αH̄ᵀ, the bias and f*, each prediction perturbed by `miss` (ufmClaim.ts).
 */
export function mseVerdicts(
  cp: CertifiedPoint,
  parts: PointParts,
  b: MseBranch,
  miss: Miss,
  withWHbar: boolean,
): Verdict[] {
  return [
    gramVerdict('W Wᵀ', parts.W, perturbMat(b.gramW, miss.gram), cp.delta),
    gramVerdict('H̄ᵀH̄', transpose(parts.Hbar), perturbMat(b.gramHbar, miss.gram), cp.delta / Math.sqrt(parts.nMin)),
    ...(withWHbar ? [whbarVerdict(parts, perturbMat(b.WHbar, miss.gram), cp.delta, b.label)] : []),
    dualityVerdict(parts, perturb(1 / b.alpha, miss.norm), cp.delta),
    ...(b.bias !== undefined ? [biasVerdict(parts.b, perturbVec(b.bias, miss.bias), cp.delta, false)] : []),
    valueVerdict(cp, perturb(b.fStar, miss.value)),
  ];
}
