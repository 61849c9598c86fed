/**
 * Bias-free MSE-UFM (b ≡ 0), d ≥ K: every global minimizer has W Wᵀ = ρ_w I, H̄ᵀH̄ = ρ_h I (orthogonal frame),
 * W = αH̄ᵀ, f* = κ − κ²/2 for κ < 1, and (W, H) = 0 with f* = 1/2 for κ ≥ 1.
 * Tirer & Bruna 2022, Thm 3.1; THEORY.md §2.1.
 *
 * Negative control: "bias-free MSE minimizers are a simplex ETF" (W Wᵀ ∝ I − J) — false below the threshold.
 */
import { dualityVerdict, gramVerdict, valueVerdict } from '../src/claim/ufm/index.ts';
import { transpose, zeros } from '../src/core/index.ts';
import { balancedN } from '../src/models/index.ts';
import { predictMseBiasFree } from '../src/theory/index.ts';
import { ufmInstance } from './arbitraries/instance.ts';
import { minimizerClaim } from './lib/ufmClaim.ts';

const CITE = 'Tirer & Bruna 2022 (arXiv 2202.08087), Thm 3.1; docs/theory.md §2.1';

export const mseBiasFreeOrthogonalFrame = minimizerClaim({
  id: 'mse.bias-free.orthogonal-frame',
  cite: CITE,
  statement: 'MSE, b ≡ 0, d ≥ K: minimizers are an orthogonal frame (W Wᵀ = ρ_w I, H̄ᵀH̄ = ρ_h I, W = αH̄ᵀ), f* = κ − κ²/2; zero with f* = 1/2 when κ ≥ 1',
  kind: 'claim',
  arbitrary: ufmInstance({ loss: 'mse', regime: 'K', bias: ['none'], sides: ['below', 'above'] }),
  atMinimizer(cp, parts, p) {
    const pred = predictMseBiasFree({ K: p.K, n: balancedN(p) as number, lambdaW: p.lambdaW, lambdaH: p.lambdaH, d: p.d });
    return [
      gramVerdict('W Wᵀ', parts.W, pred.gramW, cp.delta),
      gramVerdict('H̄ᵀH̄', transpose(parts.Hbar), pred.gramHbar, cp.delta / Math.sqrt(parts.nMin)),
      dualityVerdict(parts, 1 / pred.alpha, cp.delta),
      valueVerdict(cp, pred.fStar),
    ];
  },
});

export const mseBiasFreeSimplexEtf = minimizerClaim({
  id: 'mse.bias-free.simplex-etf',
  cite: `negative control of mse.bias-free.orthogonal-frame (${CITE})`,
  statement: 'FALSE on purpose: bias-free MSE minimizers are a simplex ETF, W Wᵀ = (‖W‖²/(K−1))(I − J)',
  kind: 'control',
  controls: 'mse.bias-free.orthogonal-frame',
  arbitrary: ufmInstance({ loss: 'mse', regime: 'K', bias: ['none'], sides: ['below'] }),
  atMinimizer(cp, parts, p) {
    let tr = 0;
    for (let i = 0; i < parts.W.data.length; i++) tr += (parts.W.data[i] as number) ** 2;
    const G = zeros(p.K, p.K);
    for (let i = 0; i < p.K; i++) for (let j = 0; j < p.K; j++) G.data[i * p.K + j] = (tr / (p.K - 1)) * ((i === j ? 1 : 0) - 1 / p.K);
    return [gramVerdict('W Wᵀ (simplex-ETF prediction)', parts.W, G, cp.delta)];
  },
});
