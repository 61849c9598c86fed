/**
 * No spurious local minima for any (C)(E) loss, d > K, κ < κ₀: from M seeded random initialisations (M drawn with the
 * instance), trust-region Newton on the FULL objective runs to a second-order critical point, and every run reaches
 * the §10 reduction's f* within its certified value tolerance (src/certified/ufm/tolerance.ts). Zhou et al. 2022
 * (arXiv 2210.02192: benign landscape for label smoothing; CE by Zhu et al. 2021 (arXiv 2105.02375), Thm 3.2);
 * docs/theory.md §10, §1.2. Unlike ce/mse.landscape.no-spurious-minima under `verify --loss`, the reference value is
 * the reduction's f*, not the best start — so "all starts agree on a wrong value" cannot pass.
 *
 * Control: the near-miss "every start reaches f*·(1 − 1e-6)" (a value the minimizers do not attain).
 */
import fc from 'fast-check';
import type { Claim, Verdict } from '../src/claim/index.ts';
import { inconclusive, judge } from '../src/claim/index.ts';
import { secondOrderStarts } from '../src/certified/index.ts';
import type { SecondOrderStart } from '../src/certified/index.ts';
import { lossById } from '../src/losses/index.ts';
import { parseMultistartInstance, problemOf, withStarts } from '../src/arbitraries/index.ts';
import type { MultistartInstance, UfmInstance } from '../src/arbitraries/index.ts';
import { defineClaim, missed } from '../src/define/index.ts';
import type { Miss } from '../src/define/index.ts';
import { CES_LOSSES, CE_NOT_S_LOSSES, lossInstances } from '../src/arbitraries/index.ts';
import { predictionFor, withLossHooks } from '../src/define/index.ts';
import { LOSS_CITE } from './loss-shared.ts';

const ID = 'loss.landscape.no-spurious-minima';
const CITE = `${LOSS_CITE}, §1.2; Zhu et al. 2021 (arXiv 2105.02375), Thm 3.2`;
const REQUIRES = { C: true, E: true } as const;

/** A UFM instance with its number M of starts (src/arbitraries/multistart.ts). */
type LandscapeInstance = MultistartInstance;

/** Every start against the §10 f* (× (1 + miss.value)), to its certified value tolerance (src/certified/ufm/multistart.ts). */
function startVerdicts(runs: readonly SecondOrderStart[], inst: LandscapeInstance, miss: Miss): Verdict[] {
  const fStar = missed(predictionFor(problemOf(inst)).fStar, miss, 'value');
  return runs.map((r) => {
    const ev = { seed: r.seed, status: r.status, gradNorm: r.gradNorm, value: r.value, iterations: r.iterations };
    if (r.valueTol === undefined)
      return inconclusive(
        `start seed ${r.seed}: Newton ended '${r.status}' (‖∇f‖ = ${r.gradNorm.toExponential(2)})`,
        ev,
      );
    return judge(r.value, fStar, r.valueTol, `start seed ${r.seed}: f at the second-order point vs the §10 f*`, {
      ...ev,
      mu: r.mu,
    });
  });
}

/** The claim (shift 0) or its near miss "every start reaches f*·(1 − shift)". */
function claim(losses: readonly string[], suffix: string, shift: number): Claim<LandscapeInstance> {
  const arbitrary = withStarts(
    fc.oneof(
      ...(['none', 'free', 'decay'] as const).map((bias) =>
        lossInstances({ losses, side: 'below', bias, dims: 'd>K', maxK: 5, maxN: 3 }),
      ),
    ),
    2,
    4,
  );
  return defineClaim<LandscapeInstance, readonly SecondOrderStart[]>({
    id: shift === 0 ? `${ID}${suffix}` : `${ID}.near-miss-value${suffix}`,
    cite: shift === 0 ? CITE : `near-miss control of ${ID}${suffix} (${CITE})`,
    statement:
      shift === 0
        ? `(C)(E) loss${losses.length === 1 ? ` ${losses[0]}` : 'es'}, d > K, κ < κ₀: every seeded start of a second-order method reaches the §10 f*`
        : `FALSE on purpose: every start reaches f*·(1 − ${shift.toExponential(0)})`,
    kind: shift === 0 ? 'claim' : 'control',
    ...(shift === 0 ? {} : { controls: `${ID}${suffix}` }),
    arbitrary,
    parseInstance: parseMultistartInstance,
    defaultRuns: 8,
    prepare: (inst) => {
      const p = problemOf(inst);
      return secondOrderStarts(p, lossById(p.loss), inst.starts, inst.seed);
    },
    verdicts: (runs, inst) => startVerdicts(runs, inst, { value: -shift }),
  });
}

const LOSSES = [...CES_LOSSES, ...CE_NOT_S_LOSSES];

export const lossLandscape = withLossHooks(REQUIRES, (l, s) => claim(l, s, 0) as unknown as Claim<UfmInstance>, LOSSES);
export const lossLandscapeNearMiss = withLossHooks(
  REQUIRES,
  (l, s) => claim(l, s, 1e-6) as unknown as Claim<UfmInstance>,
  LOSSES,
);
