/**
 * Any loss with (C) convexity and (E) permutation equivariance but NOT (S) shift invariance (MSE-like), d ≥ K−1, below
 * its own threshold κ₀: every certified global minimizer has W H̄ = αI + β11ᵀ and b = β′1 with (α, β, β′) the solution
 * of the ≤ 3-parameter convex problem of §10 (rank constraint α(α + Kβ) = 0 at d = K−1): W Wᵀ = √(nλ_H/λ_W)·|Z̄|,
 * H̄ᵀH̄ = √(λ_W/(nλ_H))·|Z̄|, H̄ = √(λ_W/(nλ_H))·Wᵀ when Z̄ ⪰ 0, f = f*. Tirer & Bruna 2022 (arXiv 2202.08087, §2.1–2.3
 * are its MSE cases); Zhou et al. 2022 (arXiv 2210.02192); docs/theory.md §10, §2.1, §2.2, §2.3.
 * Drawn for mse, rmse(2,1), rmse(1,3), rmse(3,2) (Hui & Belkin 2021's rescaled square loss).
 *
 * Controls: near-misses of f* (1e-6) and of the Gram (1e-4).
 */
import { gramVerdict, dualityVerdict, valueVerdict } from '../src/certified/index.ts';
import { transpose } from '../src/core/index.ts';
import { minimizerClaim, nearMisses, perturb, perturbMat, type UfmClaimSpec } from '../src/define/index.ts';
import { CE_NOT_S_LOSSES, lossClasses } from '../src/arbitraries/index.ts';
import { lossBiasVerdicts, predictionFor, withLossHooks } from '../src/define/index.ts';
import { classUnion } from '../src/claim/index.ts';

const ID = 'loss.global-min.three-parameter';
const CITE =
  'Tirer & Bruna 2022 (arXiv 2202.08087), Zhou et al. 2022 (arXiv 2210.02192); docs/theory.md §10, §2.1, §2.2, §2.3 (≤ 3-parameter reduction without (S))';
const REQUIRES = { C: true, E: true, S: false } as const;

function spec(losses: readonly string[], suffix: string): UfmClaimSpec {
  const classes = [
    ...lossClasses(losses, ['below'], ['none', 'free', 'decay'], ['d>=K']),
    // d = K−1 only with a free bias (q ≡ 0, so the rank constraint never binds). Bias-free or with λ_b > 0 the rank
    // constraint can bind, and then the certifier's convex KKT test (‖G‖₂ ≤ √(λ_Wλ_H)) does not hold at the global
    // minimizer of the rank-constrained problem: those instances would be inconclusive by construction.
    ...lossClasses(losses, ['below'], ['free'], ['d=K-1']),
    ...lossClasses(losses, ['near-below'], ['none', 'free', 'decay'], ['d>=K']),
  ];
  return {
    id: `${ID}${suffix}`,
    cite: CITE,
    statement: `(C)(E) loss${losses.length === 1 ? ` ${losses[0]}` : 'es'} without (S), d ≥ K−1, κ < κ₀: global minimizers have W H̄ = αI + β11ᵀ, b = β′1 with (α, β, β′) from the §10 ≤ 3-parameter problem, its norms and f*`,
    kind: 'claim',
    arbitrary: classUnion(classes),
    classes,
    defaultRuns: 30,
    atMinimizer(cp, parts, p, miss) {
      const pred = predictionFor(p);
      return [
        gramVerdict('W Wᵀ', parts.W, perturbMat(pred.gramW, miss.gram), cp.delta),
        gramVerdict(
          'H̄ᵀH̄',
          transpose(parts.Hbar),
          perturbMat(pred.gramHbar, miss.gram),
          cp.delta / Math.sqrt(parts.nMin),
        ),
        ...(pred.selfDual ? [dualityVerdict(parts, perturb(pred.selfDuality, miss.norm), cp.delta)] : []),
        valueVerdict(cp, perturb(pred.fStar, miss.value)),
        ...lossBiasVerdicts(pred, parts.b, cp.delta, miss.bias),
      ];
    },
  };
}

export const lossGlobalMinThreeParameter = withLossHooks(
  REQUIRES,
  (l, s) => minimizerClaim(spec(l, s)),
  CE_NOT_S_LOSSES,
);

export const lossThreeParameterNearMisses = (['value', 'gram'] as const).map((q) =>
  withLossHooks(
    REQUIRES,
    (l, s) => {
      const c = nearMisses(minimizerClaim(spec(l, '')), { [q]: q === 'value' ? 1e-6 : 1e-4 })[0];
      if (c === undefined) throw new Error('nearMisses returned nothing');
      return { ...c, id: `${c.id}${s}`, controls: `${ID}${s}` };
    },
    CE_NOT_S_LOSSES,
  ),
);
