/**
 * MSE-UFM with a free, unregularised bias (λ_b = 0), d ≥ K−1: b* = (1/K)1, W Wᵀ = ρ_w E_K, H̄ᵀH̄ = ρ_h E_K (simplex
 * ETF, centred means), W = αH̄ᵀ, f* = ((K−1)/K)(κ − κ²/2) below the threshold; W = H = 0, f* = (K−1)/(2K) above it.
 * Tirer & Bruna 2022, Thm 3.2; THEORY.md §2.2 (threshold κ < 1, not (K−1)/K-scaled).
 *
 * Negative control: "the free MSE bias is zero" (b* = 0) — false: b* = (1/K)1.
 */
import { biasVerdict, dualityVerdict, gramVerdict, valueVerdict } from '../src/claim/ufm/index.ts';
import { transpose } from '../src/core/index.ts';
import { balancedN } from '../src/models/index.ts';
import { predictMseFreeBias } from '../src/theory/index.ts';
import { ufmInstance } from './arbitraries/instance.ts';
import { minimizerClaim } from './lib/ufmClaim.ts';

const CITE = 'Tirer & Bruna 2022 (arXiv 2202.08087), Thm 3.2; docs/theory.md §2.2';
const arbitrary = ufmInstance({ loss: 'mse', regime: 'K-1', bias: ['free'], sides: ['below', 'above'] });

export const mseFreeBiasSimplexEtf = minimizerClaim({
  id: 'mse.free-bias.simplex-etf',
  cite: CITE,
  statement: 'MSE, λ_b = 0, d ≥ K−1: b* = 1/K·1, simplex-ETF Grams with (K−1)/K factors, W = αH̄ᵀ, f* = ((K−1)/K)(κ − κ²/2); zero for κ ≥ 1',
  kind: 'claim',
  arbitrary,
  atMinimizer(cp, parts, p) {
    const pred = predictMseFreeBias({ K: p.K, n: balancedN(p) as number, lambdaW: p.lambdaW, lambdaH: p.lambdaH, d: p.d });
    return [
      gramVerdict('W Wᵀ', parts.W, pred.gramW, cp.delta),
      gramVerdict('H̄ᵀH̄', transpose(parts.Hbar), pred.gramHbar, cp.delta / Math.sqrt(parts.nMin)),
      dualityVerdict(parts, 1 / pred.alpha, cp.delta),
      biasVerdict(parts.b, pred.bias, cp.delta, false),
      valueVerdict(cp, pred.fStar),
    ];
  },
});

export const mseFreeBiasZero = minimizerClaim({
  id: 'mse.free-bias.zero-bias',
  cite: `negative control of mse.free-bias.simplex-etf (${CITE})`,
  statement: 'FALSE on purpose: with a free bias the MSE minimizer has b* = 0',
  kind: 'control',
  controls: 'mse.free-bias.simplex-etf',
  arbitrary,
  atMinimizer(cp, parts, p) {
    return [biasVerdict(parts.b, new Float64Array(p.K), cp.delta, false)];
  },
});
