/**
 * Any loss with (C) convexity and (E) permutation equivariance, d ≥ K−1, at or above its own zero threshold κ₀ (the
 * §10 reduction's: γ ≥ γ₀ = −∇ℓ(0)·u/(K−1) with shift invariance; the subgradient condition at Z̄ = 0 without it):
 * the global minimizer is W = 0, H = 0, with f* = the reduction's value there and the bias it predicts (b = 0 or
 * span(1) for (S) losses, b = s₀1 without (S)). Zhou et al. 2022 (arXiv 2210.02192); docs/theory.md §10.
 * The threshold is the loss's own: ls(ε) switches at κ₀ = 1 − ε, tce(τ) at 1/τ, CE and MSE at 1.
 * Drawn for the (C)(E)(S) catalogue and mse, rmse(k,M); `verify --loss X` re-draws it for X when X is (C)(E).
 *
 * Controls: `loss.zero.zero-just-below-threshold` — "the minimizer is already zero for κ ∈ [0.95, 0.999]·κ₀" (must be
 * refuted: the threshold switches where predicted, not earlier); the near-miss of f* (× (1 + 1e-6)).
 */
import { judge, judgeAtMost } from '../src/claim/index.ts';
import { frobenius, valueVerdict } from '../src/certified/index.ts';
import { minimizerClaim, nearMisses, perturb, type UfmClaimSpec } from '../src/define/index.ts';
import { CES_LOSSES, CE_NOT_S_LOSSES, lossClasses } from '../src/arbitraries/index.ts';
import { lossBiasVerdicts, predictionFor, withLossHooks } from '../src/define/index.ts';
import { LOSS_CITE } from './loss-shared.ts';
import { classUnion } from '../src/claim/index.ts';

const ID = 'loss.global-min.zero-above-threshold';
const CITE = `${LOSS_CITE} (zero solution iff g′(0⁺) ≥ 0)`;
const REQUIRES = { C: true, E: true } as const;
const LOSSES = [...CES_LOSSES, ...CE_NOT_S_LOSSES];

function spec(losses: readonly string[], suffix: string): UfmClaimSpec {
  const classes = lossClasses(losses, ['above', 'near-above'], ['none', 'free', 'decay'], ['d>=K']);
  return {
    id: `${ID}${suffix}`,
    cite: CITE,
    statement: `(C)(E) loss${losses.length === 1 ? ` ${losses[0]}` : 'es'}, d ≥ K−1, κ ≥ κ₀ (the loss's own threshold): the global minimizer is W = 0, H = 0 with the reduction's f* and bias`,
    kind: 'claim',
    arbitrary: classUnion(classes),
    classes,
    defaultRuns: 24,
    atMinimizer(cp, parts, p, miss) {
      const pred = predictionFor(p);
      return [
        judge(Math.hypot(frobenius(parts.W), frobenius(parts.H)), 0, cp.delta, '‖(W, H)‖_F (zero minimizer)'),
        valueVerdict(cp, perturb(pred.fStar, miss.value)),
        ...lossBiasVerdicts(pred, parts.b, cp.delta, miss.bias),
      ];
    },
  };
}

export const lossZeroAboveThreshold = withLossHooks(REQUIRES, (l, s) => minimizerClaim(spec(l, s)), LOSSES);

export const lossZeroNearMissValue = withLossHooks(
  REQUIRES,
  (l, s) => {
    const c = nearMisses(minimizerClaim(spec(l, '')), { value: 1e-6 })[0];
    if (c === undefined) throw new Error('nearMisses returned nothing');
    return { ...c, id: `${c.id}${s}`, controls: `${ID}${s}` };
  },
  LOSSES,
);

export const lossZeroJustBelow = withLossHooks(
  REQUIRES,
  (losses, suffix) => {
    const classes = lossClasses(losses, ['near-below'], ['none', 'free', 'decay'], ['d>=K']);
    return minimizerClaim({
      id: `loss.zero.zero-just-below-threshold${suffix}`,
      cite: `negative control of ${ID} (${CITE})`,
      statement: 'FALSE on purpose: for κ ∈ [0.95, 0.999]·κ₀ the global minimizer is already W = 0, H = 0',
      kind: 'control',
      controls: `${ID}${suffix}`,
      arbitrary: classUnion(classes),
      classes,
      atMinimizer(cp, parts) {
        return [
          judgeAtMost(Math.hypot(frobenius(parts.W), frobenius(parts.H)), cp.delta, 0, '‖(W, H)‖_F ≤ δ (claimed zero)'),
        ];
      },
    });
  },
  LOSSES,
);
