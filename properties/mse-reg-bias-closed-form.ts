/**
 * MSE-UFM with a regularised bias λ_b > 0, d ≥ K: the closed form of THEORY.md §2.3 (derived there; Tirer & Bruna
 * call it empirical): W H̄ = a(I − J) + cJ with a = (1−κ)₊, b* = β1, and
 *   Case A (λ_b ≤ κ/(1−κ) or κ ≥ 1): c = 0, β = 1/(K(1+λ_b)), centred simplex-ETF means;
 *   Case B (κ < 1, λ_b > κ/(1−κ)): c = 1 − κ(1 + 1/λ_b), β = κ/(Kλ_b), means shifted by m ⊥ span{u_k};
 * W = αH̄ᵀ (uncentred) and f* as §2.3. λ_b is drawn log-uniform on [1e-3, 10] so both cases occur.
 *
 * Negative control: "with λ_b > 0 the bias is still (1/K)1" (ignores the shrinkage) — false for every λ_b > 0.
 */
import fc from 'fast-check';
import { biasVerdict, dualityVerdict, gramVerdict, productTolerance, frobenius, valueVerdict } from '../src/claim/ufm/index.ts';
import { transpose } from '../src/core/index.ts';
import { judge } from '../src/claim/index.ts';
import { balancedN } from '../src/models/index.ts';
import type { UfmProblem } from '../src/models/index.ts';
import { predictMseRegularizedBias } from '../src/theory/index.ts';
import { ufmInstance } from './arbitraries/instance.ts';
import { round2 } from './arbitraries/lambdas.ts';
import type { PointParts } from '../src/claim/ufm/index.ts';
import { minimizerClaim } from './lib/ufmClaim.ts';

const CITE = 'Tirer & Bruna 2022 (arXiv 2202.08087), regularised bias (reported empirically there; closed form derived); docs/theory.md §2.3';
const lambdaB = fc.integer({ min: -30, max: 10 }).map((k) => round2(10 ** (k / 10)));
const arbitrary = ufmInstance({ loss: 'mse', regime: 'K', bias: ['decay'], sides: ['below', 'above'], lambdaB });

function predict(p: UfmProblem): ReturnType<typeof predictMseRegularizedBias> {
  return predictMseRegularizedBias({ K: p.K, n: balancedN(p) as number, lambdaW: p.lambdaW, lambdaH: p.lambdaH, lambdaB: p.lambdaB, d: p.d });
}

/** ‖W H̄ − predicted‖_F with the product tolerance (W and H̄ each within δ, δ/√n of the minimizer's factors). */
function whbar(parts: PointParts, pred: ReturnType<typeof predict>, delta: number): ReturnType<typeof judge> {
  const { W, Hbar } = parts;
  const K = W.rows, d = W.cols;
  let s = 0;
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) {
    let v = 0;
    for (let r = 0; r < d; r++) v += (W.data[i * d + r] as number) * (Hbar.data[r * K + j] as number);
    s += (v - (pred.WHbar.data[i * K + j] as number)) ** 2;
  }
  return judge(Math.sqrt(s), 0, productTolerance(frobenius(W), frobenius(Hbar), Math.max(delta, delta / Math.sqrt(parts.nMin)), K, d), `‖W H̄ − predicted‖_F (case ${pred.case})`);
}

export const mseRegBiasClosedForm = minimizerClaim({
  id: 'mse.reg-bias.closed-form',
  cite: CITE,
  statement: 'MSE, λ_b > 0, d ≥ K: W H̄ = a(I−J) + cJ, b = β1, Grams and f* as THEORY.md §2.3 Case A/B',
  kind: 'claim',
  arbitrary,
  atMinimizer(cp, parts, p) {
    const pred = predict(p);
    return [
      gramVerdict('W Wᵀ', parts.W, pred.gramW, cp.delta),
      gramVerdict('H̄ᵀH̄', transpose(parts.Hbar), pred.gramHbar, cp.delta / Math.sqrt(parts.nMin)),
      whbar(parts, pred, cp.delta),
      dualityVerdict(parts, 1 / pred.alpha, cp.delta),
      biasVerdict(parts.b, pred.bias, cp.delta, false),
      valueVerdict(cp, pred.fStar),
    ];
  },
});

export const mseRegBiasUnshrunk = minimizerClaim({
  id: 'mse.reg-bias.unshrunk-bias',
  cite: `negative control of mse.reg-bias.closed-form (${CITE})`,
  statement: 'FALSE on purpose: with λ_b > 0 the MSE bias is still (1/K)1, as with a free bias',
  kind: 'control',
  controls: 'mse.reg-bias.closed-form',
  arbitrary,
  atMinimizer(cp, parts, p) {
    return [biasVerdict(parts.b, new Float64Array(p.K).fill(1 / p.K), cp.delta, false)];
  },
});
