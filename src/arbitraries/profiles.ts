/**
 * Run profiles of `verify --profile` (issue 12 item 4): which claims run, on which instances, how many times.
 *
 * - `ci` (the default): every claim on its own generators (K ≤ 12, d ≤ K + 3, n ≤ 30) with its defaultRuns — the
 *   60-second suite.
 * - `thorough`: every claim with THOROUGH_RUNS_FACTOR × its runs; the plain-UFM minimizer and landscape claims on
 *   larger instances (K ≤ 30, d up to K + 40, n ≤ 200 for the minimizer claims; K ≤ 16, d ≤ K + 20, n ≤ 60 for the
 *   landscape claims, which solve the full problem from random full starts), with the claim's own hypotheses
 *   (loss, d regime, bias modes, κ below the threshold).
 * - `paper`: the papers' sizes — CIFAR-10 (K, d, n) = (10, 512, 5000), CIFAR-100 (100, 512, 500) and ImageNet
 *   (1000, 2048, 1300) for the minimizer claims (certified on the equivalent n = 1 problem, src/certified/ufm/
 *   collapsedProblem.ts), (10, 512, 500) for the landscape claims (2 random starts each); λ_W = λ_H = κ/(K√n) with κ = 1/2 (below the
 *   threshold κ = K√(nλ_Wλ_H) = 1, THEORY.md §0.3), seeds 1. Every other claim is skipped.
 */
import fc from 'fast-check';
import type { UfmInstance } from './instance.ts';
import { ufmInstance } from './instance.ts';
import type { BiasMode } from './instance.ts';
import type { DimRegime } from './dims.ts';

export type ProfileId = 'ci' | 'thorough' | 'paper';
export const PROFILES: readonly ProfileId[] = ['ci', 'thorough', 'paper'];

/** What a profile does with one claim. */
export interface ProfilePlan {
  /** Instances to draw instead of the claim's own (undefined: the claim's). */
  readonly arbitrary?: fc.Arbitrary<UfmInstance>;
  /** Exactly these instances, in order (the paper sizes); `runs` is their count. */
  readonly examples?: readonly UfmInstance[];
  /** Runs (undefined: the claim's defaultRuns, or --runs). */
  readonly runs?: number;
}

/** Multiplier of defaultRuns under `thorough`. */
export const THOROUGH_RUNS_FACTOR = 4;

/** The papers' minimizer sizes (Zhu et al. 2021 §5: CIFAR-10, CIFAR-100, ImageNet) and the landscape size. */
export const PAPER_MINIMIZER_SIZES: readonly { K: number; d: number; n: number }[] = [
  { K: 10, d: 512, n: 5000 },
  { K: 100, d: 512, n: 500 },
  { K: 1000, d: 2048, n: 1300 },
];
export const PAPER_LANDSCAPE_SIZES: readonly { K: number; d: number; n: number }[] = [{ K: 10, d: 512, n: 500 }];

/** The plain-UFM claims the larger profiles re-draw, with their hypotheses (as in their claim files). */
const HYPOTHESES: Readonly<
  Record<string, { loss: string; regime: DimRegime; bias: readonly BiasMode[]; landscape: boolean }>
> = {
  'ce.global-min.simplex-etf': { loss: 'ce', regime: 'K-1', bias: ['none', 'free', 'decay'], landscape: false },
  'mse.bias-free.orthogonal-frame': { loss: 'mse', regime: 'K', bias: ['none'], landscape: false },
  'mse.free-bias.simplex-etf': { loss: 'mse', regime: 'K-1', bias: ['free'], landscape: false },
  'ce.landscape.no-spurious-minima': { loss: 'ce', regime: 'K', bias: ['none', 'free', 'decay'], landscape: true },
  'mse.landscape.no-spurious-minima': { loss: 'mse', regime: 'K', bias: ['none', 'free', 'decay'], landscape: true },
};

/** Random starts of each paper landscape instance. */
const PAPER_LANDSCAPE_STARTS = 2;

/** κ of the paper instances. */
const PAPER_KAPPA = 0.5;

/** One paper instance: λ_W = λ_H = κ/(K√n), the claim's first bias mode that learns a bias (free), else none. */
function paperInstance(loss: string, bias: readonly BiasMode[], s: { K: number; d: number; n: number }): UfmInstance {
  const lambda = PAPER_KAPPA / (s.K * Math.sqrt(s.n));
  const b = bias.includes('free') ? 'free' : (bias[0] as BiasMode);
  return {
    problem: {
      loss,
      K: s.K,
      d: s.d,
      n: s.n,
      lambdaW: lambda,
      lambdaH: lambda,
      lambdaB: b === 'decay' ? lambda : 0,
      bias: b !== 'none',
    },
    seed: 1,
  };
}

/**
 * The plan of a claim under a profile, or undefined when the profile skips the claim.
 * @param profile - the profile
 * @param claimId - the claim's id
 * @param kind - claims and controls: `paper` runs claims only
 * @param defaultRuns - the claim's defaultRuns
 */
export function profilePlan(
  profile: ProfileId,
  claimId: string,
  kind: 'claim' | 'control',
  defaultRuns: number,
): ProfilePlan | undefined {
  const h = HYPOTHESES[claimId];
  if (profile === 'ci') return {};
  if (profile === 'thorough') {
    const runs = THOROUGH_RUNS_FACTOR * defaultRuns;
    if (h === undefined) return { runs };
    const size = h.landscape ? { maxK: 16, maxN: 60, maxExtraD: 20 } : { maxK: 30, maxN: 200, maxExtraD: 40 };
    const base = ufmInstance({ loss: h.loss, regime: h.regime, bias: h.bias, sides: ['below'], ...size });
    // Landscape instances also carry the number of random starts (properties/landscape-no-spurious-minima.ts).
    return {
      runs,
      arbitrary: h.landscape
        ? fc.tuple(base, fc.integer({ min: 2, max: 4 })).map(([i, starts]) => ({ ...i, starts }))
        : base,
    };
  }
  if (h === undefined || kind !== 'claim') return undefined;
  const sizes = h.landscape ? PAPER_LANDSCAPE_SIZES : PAPER_MINIMIZER_SIZES;
  const instances = sizes.map((s) =>
    h.landscape
      ? { ...paperInstance(h.loss, h.bias, s), starts: PAPER_LANDSCAPE_STARTS }
      : paperInstance(h.loss, h.bias, s),
  );
  return { runs: instances.length, examples: instances };
}
