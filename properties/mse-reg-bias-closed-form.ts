/**
 * MSE-UFM with a regularised bias λ_b > 0, d ≥ K: the closed form of THEORY.md §2.3 (derived there; Tirer & Bruna
 * call it empirical): W H̄ = a(I − J) + cJ with a = (1−κ)₊, b* = β1, and
 *   Case A (λ_b ≤ κ/(1−κ) or κ ≥ 1): c = 0, β = 1/(K(1+λ_b)), centred simplex-ETF means;
 *   Case B (κ < 1, λ_b > κ/(1−κ)): c = 1 − κ(1 + 1/λ_b), β = κ/(Kλ_b), means shifted by m ⊥ span{u_k};
 * W = αH̄ᵀ (uncentred) and f* as §2.3.
 *
 * Coverage (issue 9 items 1–2; arbitraries/regBiasClasses.ts): λ_b is drawn relative to the switch κ/(1−κ), so
 * Case A and Case B (each at d = K and d > K), the switch probed from both sides within 5 % (ρ = λ_b(1−κ)/κ ∈
 * [0.95, 0.999] and [1.001, 1.05]), the zero regime κ ≥ 1.15 and the near strata κ ∈ [0.95, 0.999], [1.001, 1.05]
 * are each exercised in every run.
 *
 * Negative control: "with λ_b > 0 the bias is still (1/K)1" (ignores the shrinkage) — false for every λ_b > 0.
 * Near-miss controls: f* off by 1e-6; Grams, α, β off by 1e-4; κ = 1 moved to 1.001 / 0.999; the switch moved to
 * 1.001·κ/(1−κ) / 0.999·κ/(1−κ).
 */
import fc from 'fast-check';
import { biasVerdict } from '../src/certified/index.ts';
import { classUnion } from '../src/claim/index.ts';
import { balancedN } from '../src/models/index.ts';
import { predictMseRegularizedBias } from '../src/theory/index.ts';
import { dims } from '../src/arbitraries/index.ts';
import type { UfmInstance } from '../src/arbitraries/index.ts';
import { lambdaPair } from '../src/arbitraries/index.ts';
import { regBiasClasses } from '../src/arbitraries/index.ts';
import { GAP_DIGITS, gapInstance, lambdaBAtRatio, switchGapRatio } from '../src/arbitraries/index.ts';
import type { Gap } from '../src/arbitraries/index.ts';
import { mseBranch, mseVerdicts } from '../src/define/index.ts';
import { kappaDistance, switchDistance, thresholdControl } from '../src/define/index.ts';
import { minimizerClaim, NEAR_MISS, nearMisses, NO_MISS } from '../src/define/index.ts';

const CITE =
  'Tirer & Bruna 2022 (arXiv 2202.08087), regularised bias (reported empirically there; closed form derived); docs/theory.md §2.3';
const ID = 'mse.reg-bias.closed-form';
const classes = regBiasClasses();
const arbitrary = classUnion(classes);

export const mseRegBiasClosedForm = minimizerClaim({
  id: ID,
  cite: CITE,
  statement: 'MSE, λ_b > 0, d ≥ K: W H̄ = a(I−J) + cJ, b = β1, Grams and f* as THEORY.md §2.3 Case A/B',
  kind: 'claim',
  arbitrary,
  classes,
  defaultRuns: 39,
  atMinimizer(cp, parts, p, miss) {
    const pred = predictMseRegularizedBias({
      K: p.K,
      n: balancedN(p) as number,
      lambdaW: p.lambdaW,
      lambdaH: p.lambdaH,
      lambdaB: p.lambdaB,
      d: p.d,
    });
    return mseVerdicts(cp, parts, { ...pred, label: `case ${pred.case}` }, miss, true);
  },
});

/** Near-miss controls (issue 9 item 3): f* off by 1e-6; Grams (and W H̄), α and β off by 1e-4. */
export const mseRegBiasNearMisses = nearMisses(mseRegBiasClosedForm, { ...NEAR_MISS, bias: 1e-4 });

/** Below the threshold (κ ≤ 0.9), d ≥ K, λ_b = ρ·κ/(1−κ) with ρ in the switch gap (7 significant digits). */
function switchGapInstance(gap: Gap): fc.Arbitrary<UfmInstance> {
  return dims({ regime: 'K', maxK: 8, maxN: 8, maxExtraD: 2 }).chain(({ K, d, n }) =>
    fc
      .record({
        l: lambdaPair(K, n, 'below', { kappaMin: 0.1 }),
        rho: switchGapRatio(gap),
        seed: fc.integer({ min: 0, max: 0x7fffffff }),
      })
      .map(({ l, rho, seed }): UfmInstance => {
        const kappa = K * Math.sqrt(n * l.lambdaW * l.lambdaH);
        const lambdaB = lambdaBAtRatio(kappa, rho, GAP_DIGITS);
        return { problem: { loss: 'mse', K, d, n, lambdaW: l.lambdaW, lambdaH: l.lambdaH, lambdaB, bias: true }, seed };
      }),
  );
}

/** Threshold near-miss controls (issue 9 item 2): κ = 1 and the Case A/B switch, each moved by ±1e-3. */
export const mseRegBiasThresholdControls = [
  thresholdControl({
    id: `${ID}.near-miss-threshold-above`,
    claimId: ID,
    cite: CITE,
    distance: kappaDistance,
    statement:
      'the regularised-bias MSE zero regime starts at κ = 1.001: for κ ∈ (1, 1.001) the non-zero Case A formulas hold (a = 1 − κ)',
    arbitrary: gapInstance({ loss: 'mse', gap: 'gap-above', regime: 'K', bias: 'decay' }),
    atMinimizer: (cp, parts, p) => mseVerdicts(cp, parts, mseBranch(p, false, false), NO_MISS, true),
  }),
  thresholdControl({
    id: `${ID}.near-miss-threshold-below`,
    claimId: ID,
    cite: CITE,
    distance: kappaDistance,
    statement:
      'the regularised-bias MSE zero regime starts at κ = 0.999: for κ ∈ (0.999, 1) W = H = 0, b = 1/(K(1+λ_b))·1',
    arbitrary: gapInstance({ loss: 'mse', gap: 'gap-below', regime: 'K', bias: 'decay' }),
    atMinimizer: (cp, parts, p) => mseVerdicts(cp, parts, mseBranch(p, true, false), NO_MISS, true),
  }),
  thresholdControl({
    id: `${ID}.near-miss-switch-above`,
    claimId: ID,
    cite: CITE,
    distance: switchDistance,
    statement: 'Case B starts at λ_b = 1.001·κ/(1−κ): for λ_b ∈ (1, 1.001)·κ/(1−κ) the Case A formulas hold (c = 0)',
    arbitrary: switchGapInstance('gap-above'),
    atMinimizer: (cp, parts, p) => mseVerdicts(cp, parts, mseBranch(p, false, false), NO_MISS, true),
  }),
  thresholdControl({
    id: `${ID}.near-miss-switch-below`,
    claimId: ID,
    cite: CITE,
    distance: switchDistance,
    statement:
      'Case B starts at λ_b = 0.999·κ/(1−κ): for λ_b ∈ (0.999, 1)·κ/(1−κ) the Case B formulas hold (c = 1 − κ(1 + 1/λ_b))',
    arbitrary: switchGapInstance('gap-below'),
    atMinimizer: (cp, parts, p) => mseVerdicts(cp, parts, mseBranch(p, false, true), NO_MISS, true),
  }),
];

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
