/**
 * No spurious local minima: from M seeded random initialisations (M drawn with the instance), trust-region
 * Newton-CG on the FULL objective (exact HVPs, negative-curvature escape, `secondOrder: true`) runs to a
 * second-order critical point, and every run reaches f* within its certified value tolerance.
 *   CE, d ≥ K: Zhu et al. 2021, Thm 3.2 (d > K) and Shen & Gu 2024 (d = K); THEORY.md §1.2, §4.
 *   MSE, d ≥ K: Zhou et al. 2022 (d > K assumed) and Shen & Gu 2024 (d = K, [NOT VERIFIED for MSE] in THEORY.md §4);
 *   THEORY.md §5.
 * A run that does not certify (iteration cap, second-order test undecided, μ ≤ 0) makes the instance inconclusive.
 * Value tolerance: |f − f*| ≤ ε²/(2μ) + εδ + rounding (src/certified/ufm/multistart.ts, tolerance.ts), μ from
 * curvature.ts.
 *
 * Negative control: "every critical point is a global minimizer" — refuted by the critical point at the origin
 * (W = H = 0 with the §6.1 bias b₀, a strict saddle below the threshold), where the solver starts and stops.
 */
import type { ClaimClass, Verdict } from '../src/claim/index.ts';
import { inconclusive, judgeAtMost, withResolution } from '../src/claim/index.ts';
import { globalValue, secondOrderStarts, solvedOrigin } from '../src/certified/index.ts';
import type { SecondOrderStart, SolvedOrigin } from '../src/certified/index.ts';
import { lossById } from '../src/losses/index.ts';
import type { UfmProblem } from '../src/models/index.ts';
import {
  parseMultistartInstance,
  parseUfmInstance,
  problemOf,
  ufmInstance,
  withStarts,
} from '../src/arbitraries/index.ts';
import type { MultistartInstance, UfmInstance } from '../src/arbitraries/index.ts';
import { ufmClasses } from '../src/arbitraries/index.ts';
import { defineClaim, missed, nearMisses } from '../src/define/index.ts';
import type { DefinedClaim } from '../src/define/index.ts';
import type { Miss } from '../src/define/index.ts';

/** A UFM instance with its number M of starts (src/arbitraries/multistart.ts). */
type LandscapeInstance = MultistartInstance;

/**
 * The landscape claims' branches (issue 9 item 1): d = K (Shen & Gu 2024) / d > K (Zhu et al. 2021 Thm 3.2,
 * Zhou et al. 2022) × bias none/free/decay, below the threshold (κ ≤ 0.9), and a near-below stratum
 * κ ∈ [0.95, 0.999] per bias mode (d ≥ K), where the non-zero minimizer's curvature vanishes; K ≤ 6, n ≤ 6,
 * 2–4 starts.
 */
function landscapeClasses(loss: 'ce' | 'mse'): ClaimClass<LandscapeInstance>[] {
  return ufmClasses({
    loss,
    sides: ['below'],
    bias: ['none', 'free', 'decay'],
    dims: ['d=K', 'd>K'],
    near: ['near-below'],
    instance: { maxK: 6, maxN: 6, maxExtraD: 2 },
  }).map((c) => ({
    ...c,
    arbitrary: withStarts(c.arbitrary, 2, 4),
    contains: (inst: LandscapeInstance) => c.contains(inst),
  }));
}

/** Every start's verdict: f at its second-order point ≤ f* + its certified tolerance (inconclusive if it did not converge). */
function startVerdict(r: SecondOrderStart, fStar: number): Verdict {
  const ev = { seed: r.seed, status: r.status, gradNorm: r.gradNorm, value: r.value, iterations: r.iterations };
  if (r.valueTol === undefined)
    return inconclusive(`start seed ${r.seed}: Newton ended '${r.status}' (‖∇f‖ = ${r.gradNorm.toExponential(2)})`, ev);
  return judgeAtMost(r.value, fStar, r.valueTol, `start seed ${r.seed}: f at the second-order point vs f*`, {
    ...ev,
    mu: r.mu,
  });
}

/**
 * f* for the comparison: the closed form when the loss has one (CE, MSE); for a plug-in loss (verify --loss) the best
 * value over the starts — then the claim says "all starts agree", which is what "no spurious minima" predicts.
 */
function referenceValue(p: UfmProblem, runs: readonly SecondOrderStart[]): number {
  if (p.loss === 'ce' || p.loss === 'mse') return globalValue(p);
  return Math.min(...runs.map((r) => (r.valueTol !== undefined ? r.value : Number.POSITIVE_INFINITY)));
}

/** The claim's comparisons: every start against f*, perturbed by miss.value for the near-miss control. */
function landscapeVerdicts(runs: readonly SecondOrderStart[], inst: LandscapeInstance, miss: Miss): Verdict[] {
  const fStar = missed(referenceValue(problemOf(inst), runs), miss, 'value');
  return runs.map((r) => withResolution(startVerdict(r, fStar), 'value', Math.abs(fStar)));
}

function landscapeClaim(loss: 'ce' | 'mse'): DefinedClaim<LandscapeInstance, readonly SecondOrderStart[]> {
  const cite =
    loss === 'ce'
      ? 'Zhu et al. 2021 (arXiv 2105.02375), Thm 3.2; Shen & Gu 2024 (arXiv 2407.10702), d = K; docs/theory.md §1.2, §4'
      : 'Zhou et al. 2022 (arXiv 2203.01238); Shen & Gu 2024 (arXiv 2407.10702), d = K, not verified for MSE; docs/theory.md §5, §4';
  const classes = landscapeClasses(loss);
  return defineClaim<LandscapeInstance, readonly SecondOrderStart[]>({
    id: `${loss}.landscape.no-spurious-minima`,
    cite,
    statement: `${loss.toUpperCase()}, d ≥ K, κ < 1: every seeded start of a second-order method reaches f*`,
    classes,
    parseInstance: parseMultistartInstance,
    defaultRuns: 27,
    prepare: (inst) => {
      const p = problemOf(inst);
      return secondOrderStarts(p, lossById(p.loss), inst.starts, inst.seed);
    },
    verdicts: landscapeVerdicts,
  });
}

export const ceLandscape = landscapeClaim('ce');
export const mseLandscape = landscapeClaim('mse');

/**
 * Near-miss controls (issue 9 item 3): f* lowered by 1e-6 relative — the claim is one-sided (f ≤ f* + tol at every
 * start), so only a LOWER f* can be refuted, by a start that certifiably reaches the true f*.
 */
export const landscapeNearMisses = [ceLandscape, mseLandscape].flatMap((c) =>
  nearMisses(c, { value: -1e-6 }, { defaultRuns: 8 }),
);

/** Control: start AT the origin critical point (§6.1) — a first/second-order solver with no iterations stays. */
export const allCriticalPointsGlobal = defineClaim<UfmInstance, SolvedOrigin>({
  id: 'ufm.landscape.all-critical-points-global',
  cite: 'negative control of ce/mse.landscape.no-spurious-minima (Zhu et al. 2021 (arXiv 2105.02375), Thm 3.2; docs/theory.md §1.2, §6.1)',
  statement: 'FALSE on purpose: every critical point of the UFM (below the threshold) is a global minimizer',
  kind: 'control',
  controls: 'ce.landscape.no-spurious-minima',
  arbitrary: ufmInstance({
    loss: 'ce',
    regime: 'K',
    maxK: 6,
    maxN: 6,
    sides: ['below'],
    bias: ['none', 'free', 'decay'],
  }),
  parseInstance: parseUfmInstance,
  defaultRuns: 8,
  prepare: (inst) => {
    const r = solvedOrigin(problemOf(inst), inst.seed);
    return r.status !== 'converged' ? inconclusive(`origin not certified critical: ‖∇f‖ = ${r.gradNorm}`) : r;
  },
  verdicts: (r) => [
    judgeAtMost(r.value, r.fStar, r.valueTol, 'f at a critical point (the origin) vs f*', { gradNorm: r.gradNorm }),
  ],
});
