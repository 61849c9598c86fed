/**
 * CE-UFM at or above the threshold κ = K√(nλ_Wλ_H) ≥ 1: the unique global minimizer is W = 0, H = 0 (b = 0 when
 * λ_b > 0, b ∈ span(1) when λ_b = 0) with f* = log K. Zhu et al. 2021, Thm 3.1; THEORY.md §1.1 item 5.
 * The claim compares the certified minimizer both with the statement (‖(W, H)‖ = 0, f* = log K) and with the
 * closed form of src/theory (predictCeGlobalMin: Grams, f*), so that a theory whose zero regime starts elsewhere is
 * caught here.
 *
 * Coverage (issue 9 items 1–2): the zero regime κ ≥ 1.15 × bias none/free/decay × d = K−1 / d ≥ K, and the near
 * stratum κ ∈ [1.001, 1.05] per bias mode.
 *
 * Negative controls:
 *   ce.zero.nonzero-at-kappa-1.2 — "the minimizer is non-zero for κ = 1.2" (fixed κ = 1.2, must be refuted);
 *   ce.value.logk-below-threshold — "f* = log K below the threshold" (κ < 1, must be refuted: f* < log K there);
 *   <id>.near-miss-value — f* = log K off by 1e-6 (the Grams and norms predicted here are 0: nothing relative to move);
 *   threshold near-misses (issue 9 item 2) of the CE threshold κ = 1, shared by this claim and
 *   ce.global-min.simplex-etf: the zero regime starting at κ = 1.001 (the non-zero closed form continued into
 *   κ ∈ (1, 1.001), t* = log(1/γ − (K−1)) < 0) and at κ = 0.999 (zero on κ ∈ (0.999, 1)).
 */
import fc from 'fast-check';
import { biasVerdict, dualityVerdict, frobenius, gramVerdict, valueVerdict } from '../src/certified/index.ts';
import type { CertifiedPoint, PointParts } from '../src/certified/index.ts';
import { classUnion, judge, judgeAtMost } from '../src/claim/index.ts';
import type { Verdict } from '../src/claim/index.ts';
import { etfGram } from '../src/geometry/index.ts';
import { transpose } from '../src/core/index.ts';
import type { Mat } from '../src/core/index.ts';
import { balancedN } from '../src/models/index.ts';
import type { UfmProblem } from '../src/models/index.ts';
import { predictCeGlobalMin } from '../src/theory/index.ts';
import { ufmInstance } from '../src/arbitraries/index.ts';
import type { UfmInstance } from '../src/arbitraries/index.ts';
import { dims } from '../src/arbitraries/index.ts';
import { gapInstance } from '../src/arbitraries/index.ts';
import { ufmClasses } from '../src/arbitraries/index.ts';
import { kappaThresholdControls } from '../src/define/index.ts';
import { minimizerClaim, nearMisses, NO_MISS, perturb, perturbMat, type Miss } from '../src/define/index.ts';

const CITE = 'Zhu et al. 2021 (arXiv 2105.02375), Thm 3.1 (threshold κ ≥ 1); docs/theory.md §1.1';
const ID = 'ce.global-min.zero-above-threshold';
const ETF_ID = 'ce.global-min.simplex-etf';

/** Zhu et al. 2021, Thm 3.1's zero regime: bias none/free/decay × d = K−1 / d ≥ K, and κ ∈ [1.001, 1.05]. */
const classes = ufmClasses({
  loss: 'ce',
  sides: ['above'],
  bias: ['none', 'free', 'decay'],
  dims: ['d=K-1', 'd>=K'],
  near: ['near-above'],
});

/** A CE prediction: W Wᵀ = ρ_w E_K (H̄ᵀH̄ = c²·that), H̄ = cWᵀ, f*. */
interface CeBranch {
  readonly gramW: Mat;
  readonly gramHbar: Mat;
  readonly c: number;
  readonly fStar: number;
}

/**
 * The §1.1 closed form on a chosen branch: zero (ρ_w = 0, f* = log K) or non-zero with
 * t* = log1p((1 − κ)/γ), ρ_w = ((K−1)/K)√(nλ_H/λ_W)t*, f* = −log(1 − (K−1)γ) + (K−1)γt* — continued past κ = 1
 * (t* < 0) for the control that moves the threshold up.
 */
function ceBranch(p: UfmProblem, zero: boolean): CeBranch {
  const n = balancedN(p) as number;
  const gamma = Math.sqrt(n * p.lambdaW * p.lambdaH);
  const c = Math.sqrt(p.lambdaW / (n * p.lambdaH));
  const tStar = zero ? 0 : Math.log1p((1 - p.K * gamma) / gamma);
  const rhoW = ((p.K - 1) / p.K) * Math.sqrt((n * p.lambdaH) / p.lambdaW) * tStar;
  const E = etfGram(p.K);
  const scaled = (s: number): Mat => ({ ...E, data: E.data.map((x) => s * x) });
  return {
    gramW: scaled(rhoW),
    gramHbar: scaled(c * c * rhoW),
    c,
    fStar: zero ? Math.log(p.K) : -Math.log1p(-(p.K - 1) * gamma) + (p.K - 1) * gamma * tStar,
  };
}

/** The comparisons with a CE prediction: Grams, self-duality, f*, and the bias statement of Thm 3.1 item 3. */
function ceVerdicts(cp: CertifiedPoint, parts: PointParts, p: UfmProblem, b: CeBranch, miss: Miss): Verdict[] {
  return [
    gramVerdict('W Wᵀ', parts.W, perturbMat(b.gramW, miss.gram), cp.delta),
    gramVerdict('H̄ᵀH̄', transpose(parts.Hbar), perturbMat(b.gramHbar, miss.gram), cp.delta / Math.sqrt(parts.nMin)),
    dualityVerdict(parts, perturb(b.c, miss.norm), cp.delta),
    valueVerdict(cp, perturb(b.fStar, miss.value)),
    ...(p.bias ? [biasVerdict(parts.b, new Float64Array(p.K), cp.delta, p.lambdaB === 0)] : []),
  ];
}

export const ceZeroAboveThreshold = minimizerClaim({
  id: ID,
  cite: CITE,
  statement: 'CE, d ≥ K−1, κ ≥ 1: the global minimizer is W = 0, H = 0 (b ∈ span(1), 0 if λ_b > 0) with f* = log K',
  kind: 'claim',
  arbitrary: classUnion(classes),
  classes,
  defaultRuns: 27,
  atMinimizer(cp, parts, p, miss) {
    const pred = predictCeGlobalMin({
      K: p.K,
      n: balancedN(p) as number,
      lambdaW: p.lambdaW,
      lambdaH: p.lambdaH,
      lambdaB: p.lambdaB,
      bias: p.bias,
      d: p.d,
    });
    const nrm = Math.hypot(frobenius(parts.W), frobenius(parts.H));
    return [
      judge(nrm, 0, cp.delta, '‖(W, H)‖_F (zero minimizer)'),
      valueVerdict(cp, perturb(Math.log(p.K), miss.value)),
      // src/theory's closed form must agree with the statement on this side of the threshold.
      ...ceVerdicts(cp, parts, p, { gramW: pred.gramW, gramHbar: pred.gramHbar, c: pred.c, fStar: pred.fStar }, miss),
    ];
  },
});

/** Near-miss control (issue 9 item 3): f* = log K off by 1e-6 (the other predictions are 0). */
export const ceZeroNearMisses = nearMisses(ceZeroAboveThreshold, { value: 1e-6 });

/** Threshold near-miss controls (issue 9 item 2) of the CE threshold κ = 1, moved to 1.001 and to 0.999. */
export const ceThresholdControls = kappaThresholdControls({
  id: ID,
  cite: CITE,
  above: {
    id: `${ID}.near-miss-threshold`,
    statement:
      'the CE zero regime starts at κ = 1.001: for κ ∈ (1, 1.001) the non-zero closed form of §1.1 holds (t* = log(1/γ − (K−1)))',
  },
  below: {
    id: `${ETF_ID}.near-miss-threshold`,
    claimId: ETF_ID,
    statement: 'the CE zero regime starts at κ = 0.999: for κ ∈ (0.999, 1) the minimizer is W = H = 0 with f* = log K',
  },
  arbitrary: (gap) =>
    fc.oneof(
      ...(['none', 'free', 'decay'] as const).map((bias) => gapInstance({ loss: 'ce', gap, regime: 'K-1', bias })),
    ),
  atMinimizer: (zero) => (cp, parts, p) => ceVerdicts(cp, parts, p, ceBranch(p, zero), NO_MISS),
});

/** Instances with κ = K√(nλ_Wλ_H) = 1.2 exactly in the λ's (λ_W = λ_H = 1.2/(K√n)). */
const kappa12: fc.Arbitrary<UfmInstance> = dims({ regime: 'K-1', maxK: 12, maxN: 30 }).chain(({ K, d, n }) =>
  fc.record({ seed: fc.integer({ min: 0, max: 0x7fffffff }), lb: fc.constantFrom(0, 0.01) }).map(({ seed, lb }) => {
    const lam = 1.2 / (K * Math.sqrt(n));
    return { problem: { loss: 'ce', K, d, n, lambdaW: lam, lambdaH: lam, lambdaB: lb, bias: true }, seed };
  }),
);

export const ceNonzeroAtKappa12 = minimizerClaim({
  id: 'ce.zero.nonzero-at-kappa-1.2',
  cite: `negative control of ce.global-min.zero-above-threshold (${CITE})`,
  statement: 'FALSE on purpose: for κ = 1.2 the CE global minimizer is non-zero',
  kind: 'control',
  controls: 'ce.global-min.zero-above-threshold',
  arbitrary: kappa12,
  atMinimizer(cp, parts) {
    // "non-zero" means ‖(W, H)‖ exceeds what the certificate allows around 0.
    const nrm = Math.hypot(frobenius(parts.W), frobenius(parts.H));
    return [judgeAtMost(cp.delta, nrm, 0, '‖(W, H)‖_F must exceed the certified radius δ (claimed non-zero)')];
  },
});

export const ceLogKBelowThreshold = minimizerClaim({
  id: 'ce.value.logk-below-threshold',
  cite: `negative control of ce.global-min.simplex-etf (${CITE})`,
  statement: 'FALSE on purpose: below the threshold (κ < 1) the CE optimum is still f* = log K',
  kind: 'control',
  controls: 'ce.global-min.simplex-etf',
  arbitrary: ufmInstance({ loss: 'ce', regime: 'K-1', bias: ['none', 'free', 'decay'], sides: ['below'] }),
  atMinimizer(cp, _parts, p) {
    return [valueVerdict(cp, Math.log(p.K))];
  },
});
