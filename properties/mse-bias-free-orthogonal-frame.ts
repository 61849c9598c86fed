/**
 * Bias-free MSE-UFM (b ≡ 0), d ≥ K: every global minimizer has W Wᵀ = ρ_w I, H̄ᵀH̄ = ρ_h I (orthogonal frame),
 * W = αH̄ᵀ, f* = κ − κ²/2 for κ < 1, and (W, H) = 0 with f* = 1/2 for κ ≥ 1.
 * Tirer & Bruna 2022, Thm 3.1; THEORY.md §2.1.
 *
 * Coverage (issue 9 items 1–2): both branches of the theorem — below (κ ≤ 0.9: the orthogonal frame) and above
 * (κ ≥ 1.15: zero) — each at d = K and d > K, and the near-threshold strata κ ∈ [0.95, 0.999] and [1.001, 1.05]
 * per d-class; every class gets ≥ m certified runs in every run, so the orthogonal frame is always compared.
 *
 * Negative control: "bias-free MSE minimizers are a simplex ETF" (W Wᵀ ∝ I − J) — false below the threshold.
 * Near-miss controls: the prediction off by 1e-6 (f*) or 1e-4 (Grams, α); the threshold moved to κ = 1.001
 * (non-zero branch continued into κ ∈ (1, 1.001)) and to κ = 0.999 (zero branch on κ ∈ (0.999, 1)).
 */
import { gramVerdict } from '../src/certified/index.ts';
import { classUnion } from '../src/claim/index.ts';
import { zeros } from '../src/core/index.ts';
import { balancedN } from '../src/models/index.ts';
import { predictMseBiasFree } from '../src/theory/index.ts';
import { ufmInstance } from '../src/arbitraries/index.ts';
import { gapInstance } from '../src/arbitraries/index.ts';
import { ufmClasses } from '../src/arbitraries/index.ts';
import { mseBranch, mseVerdicts } from '../src/define/index.ts';
import { kappaThresholdControls } from '../src/define/index.ts';
import { minimizerClaim, nearMisses, NO_MISS } from '../src/define/index.ts';

const CITE = 'Tirer & Bruna 2022 (arXiv 2202.08087), Thm 3.1; docs/theory.md §2.1';
const ID = 'mse.bias-free.orthogonal-frame';

/** Tirer & Bruna 2022, Thm 3.1's branches: below/above κ = 1 × d = K / d > K, and the near strata per d-class. */
const classes = ufmClasses({
  loss: 'mse',
  sides: ['below', 'above'],
  bias: ['none'],
  dims: ['d=K', 'd>K'],
  near: ['near-below', 'near-above'],
  nearPerDim: true,
});

export const mseBiasFreeOrthogonalFrame = minimizerClaim({
  id: ID,
  cite: CITE,
  statement:
    'MSE, b ≡ 0, d ≥ K: minimizers are an orthogonal frame (W Wᵀ = ρ_w I, H̄ᵀH̄ = ρ_h I, W = αH̄ᵀ), f* = κ − κ²/2; zero with f* = 1/2 when κ ≥ 1',
  kind: 'claim',
  arbitrary: classUnion(classes),
  classes,
  defaultRuns: 24,
  atMinimizer(cp, parts, p, miss) {
    const pred = predictMseBiasFree({
      K: p.K,
      n: balancedN(p) as number,
      lambdaW: p.lambdaW,
      lambdaH: p.lambdaH,
      d: p.d,
    });
    const label = pred.zero ? 'zero' : 'non-zero';
    return mseVerdicts(cp, parts, { ...pred, bias: undefined, label }, miss, false);
  },
});

/** Near-miss controls (issue 9 item 3): f* off by 1e-6, the Grams and α off by 1e-4. */
export const mseBiasFreeNearMisses = nearMisses(mseBiasFreeOrthogonalFrame);

/** Threshold near-miss controls (issue 9 item 2): κ = 1 moved to 1.001 and to 0.999. */
export const mseBiasFreeThresholdControls = kappaThresholdControls({
  id: ID,
  cite: CITE,
  above: {
    statement:
      'the bias-free MSE zero regime starts at κ = 1.001: for κ ∈ (1, 1.001) the non-zero formulas hold (s = 1 − κ)',
  },
  below: {
    statement:
      'the bias-free MSE zero regime starts at κ = 0.999: for κ ∈ (0.999, 1) the minimizer is W = H = 0 with f* = 1/2',
  },
  arbitrary: (gap) => gapInstance({ loss: 'mse', gap, regime: 'K', bias: 'none' }),
  atMinimizer: (zero) => (cp, parts, p) => mseVerdicts(cp, parts, mseBranch(p, zero), NO_MISS, false),
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
    for (let i = 0; i < p.K; i++)
      for (let j = 0; j < p.K; j++) G.data[i * p.K + j] = (tr / (p.K - 1)) * ((i === j ? 1 : 0) - 1 / p.K);
    return [gramVerdict('W Wᵀ (simplex-ETF prediction)', parts.W, G, cp.delta)];
  },
});
