/**
 * CE-UFM at or above the threshold κ = K√(nλ_Wλ_H) ≥ 1: the unique global minimizer is W = 0, H = 0 (b = 0 when
 * λ_b > 0, b ∈ span(1) when λ_b = 0) with f* = log K. Zhu et al. 2021, Thm 3.1; THEORY.md §1.1 item 5.
 *
 * Negative controls:
 *   ce.zero.nonzero-at-kappa-1.2 — "the minimizer is non-zero for κ = 1.2" (fixed κ = 1.2, must be refuted);
 *   ce.value.logk-below-threshold — "f* = log K below the threshold" (κ < 1, must be refuted: f* < log K there).
 */
import fc from 'fast-check';
import { biasVerdict, frobenius, valueVerdict } from '../src/claim/ufm/index.ts';
import { judge, judgeAtMost } from '../src/claim/index.ts';
import { ufmInstance } from './arbitraries/instance.ts';
import type { UfmInstance } from './arbitraries/instance.ts';
import { dims } from './arbitraries/dims.ts';
import { minimizerClaim } from './lib/ufmClaim.ts';

const CITE = 'Zhu et al. 2021 (arXiv 2105.02375), Thm 3.1 (threshold κ ≥ 1); docs/theory.md §1.1';

export const ceZeroAboveThreshold = minimizerClaim({
  id: 'ce.global-min.zero-above-threshold',
  cite: CITE,
  statement: 'CE, d ≥ K−1, κ ≥ 1: the global minimizer is W = 0, H = 0 (b ∈ span(1), 0 if λ_b > 0) with f* = log K',
  kind: 'claim',
  arbitrary: ufmInstance({ loss: 'ce', regime: 'K-1', bias: ['none', 'free', 'decay'], sides: ['above'] }),
  atMinimizer(cp, parts, p) {
    const nrm = Math.hypot(frobenius(parts.W), frobenius(parts.H));
    return [
      judge(nrm, 0, cp.delta, '‖(W, H)‖_F (zero minimizer)'),
      valueVerdict(cp, Math.log(p.K)),
      ...(p.bias ? [biasVerdict(parts.b, new Float64Array(p.K), cp.delta, p.lambdaB === 0)] : []),
    ];
  },
});

/** Instances with κ = K√(nλ_Wλ_H) = 1.2 exactly in the λ's (λ_W = λ_H = 1.2/(K√n)). */
const kappa12: fc.Arbitrary<UfmInstance> = dims({ regime: 'K-1', maxK: 12, maxN: 30 }).chain(({ K, d, n }) =>
  fc.record({ seed: fc.integer({ min: 0, max: 0x7fffffff }), lb: fc.constantFrom(0, 0.01) }).map(({ seed, lb }) => {
    const lam = 1.2 / (K * Math.sqrt(n));
    return { problem: { loss: 'ce', K, d, n, lambdaW: lam, lambdaH: lam, lambdaB: lb, bias: true }, seed };
  }));

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

