/**
 * Claim-building for the loss-agnostic claims (docs/theory.md §10): the §10 prediction of an instance's problem, the
 * bias comparison it implies, and the `verify --loss` hooks by which a claim is re-drawn for loss X when X's detected
 * traits meet the claim's hypotheses (src/claim/lossVariants.ts).
 */
import type { Claim, LossClaimHooks, TraitRequirement, Verdict } from '../claim/index.ts';
import { biasVerdict } from '../certified/index.ts';
import { lossById } from '../losses/index.ts';
import { balancedN } from '../models/index.ts';
import type { UfmProblem } from '../models/index.ts';
import { predictLossReduction } from '../theory/index.ts';
import type { LossReductionPrediction } from '../theory/index.ts';
import type { UfmInstance } from '../arbitraries/index.ts';
import { perturb } from './miss.ts';

/** The §10 prediction for a problem (balanced). */
export function predictionFor(p: UfmProblem): LossReductionPrediction {
  const loss = lossById(p.loss);
  return predictLossReduction(loss, loss.traits, {
    K: p.K,
    d: p.d,
    n: balancedN(p) as number,
    lambdaW: p.lambdaW,
    lambdaH: p.lambdaH,
    lambdaB: p.lambdaB,
    bias: p.bias,
  });
}

/** A loss claim: a Claim plus the hooks verify --loss uses (hypotheses, and a re-draw for another loss). */
export type LossClaim = Claim<UfmInstance> & LossClaimHooks;

/**
 * Attaches the `verify --loss` hooks to a claim built for the catalogue losses: `requires` (the trait pattern the
 * statement needs) and `forLoss(id)`, which rebuilds the same claim with instances of loss `id` only.
 */
export function withLossHooks(
  requires: TraitRequirement,
  build: (losses: readonly string[], idSuffix: string) => Claim<UfmInstance>,
  losses: readonly string[],
  moot?: LossClaimHooks['moot'],
): LossClaim {
  const base = build(losses, '');
  return {
    ...base,
    requires,
    forLoss: (id: string, suffix: string) => build([id], `.${suffix}`),
    ...(moot !== undefined ? { moot } : {}),
  };
}

/** The bias comparison the §10 prediction implies (none for a bias-free model), a predicted value × (1 + eps). */
export function lossBiasVerdicts(
  pred: LossReductionPrediction,
  b: Float64Array,
  delta: number,
  eps?: number,
): Verdict[] {
  switch (pred.bias.kind) {
    case 'absent':
      return [];
    case 'zero':
      return [biasVerdict(b, new Float64Array(b.length), delta, false)];
    case 'span-one':
      return [biasVerdict(b, new Float64Array(b.length), delta, true)];
    case 'value':
      return [biasVerdict(b, new Float64Array(b.length).fill(perturb(pred.bias.value, eps)), delta, false)];
  }
}
