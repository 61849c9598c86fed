/**
 * Threshold near-miss controls (issue 9 item 2): a claim whose theorem switches branch at a threshold must be seen
 * to switch there. The control states the claim with its threshold moved by 1e-3 relative (e.g. "the zero regime
 * starts at κ = 1.001"), draws instances inside the gap between the true and the moved threshold
 * (arbitraries/thresholdGap.ts), and compares the certified minimizer with the prediction of the branch the moved
 * theory would pick there. The suite must refute it (and shrink it): a suite that cannot would pass a theory whose
 * threshold is off by 0.1 %.
 *
 * Resolving power: a refuting run's verdicts carry `resolution[key] = |x − x₀|/x₀`, the relative distance of the
 * instance from the true threshold x₀ (κ = 1, or the §2.3 switch ratio ρ = 1): a theory whose threshold is moved by
 * at least that much is refuted on this instance. `verify --controls` reports it with the claim's other
 * quantities (the moved predictions' own gram/value resolutions are dropped: they are not the claim's).
 */
import type { Arbitrary } from 'fast-check';
import type { Claim, Verdict } from '../claim/index.ts';
import type { CertifiedPoint, PointParts } from '../certified/index.ts';
import { balancedN } from '../models/index.ts';
import type { UfmProblem } from '../models/index.ts';
import type { UfmInstance } from '../arbitraries/index.ts';
import { minimizerClaim } from './ufmClaim.ts';

export interface ThresholdControlSpec {
  /** `<claim id>.near-miss-<what>`. */
  readonly id: string;
  /** The claim whose threshold is moved. */
  readonly claimId: string;
  readonly cite: string;
  /** What the moved theory says, without the "FALSE on purpose" prefix. */
  readonly statement: string;
  /** Instances in the gap (by construction). */
  readonly arbitrary: Arbitrary<UfmInstance>;
  /** @defaultValue 6 (the first refutation ends the run; the rest is room for inconclusive certifications) */
  readonly defaultRuns?: number;
  /** The claim's comparisons against the moved theory's prediction. */
  readonly atMinimizer: (cp: CertifiedPoint, parts: PointParts, problem: UfmProblem) => readonly Verdict[];
  /** The resolution key ('threshold' for κ = 1, 'switch' for the §2.3 switch) and the instance's relative distance to it. */
  readonly distance: (problem: UfmProblem) => { readonly key: string; readonly value: number };
}

/** Verdicts without their own resolutions; a failing one (a refutation) resolves the threshold at this distance. */
export function thresholdResolved(vs: readonly Verdict[], key: string, distance: number): Verdict[] {
  return vs.map((v) => {
    const { resolution: _r, ...rest } = v;
    return v.status === 'fail' && Number.isFinite(distance) ? { ...rest, resolution: { [key]: distance } } : rest;
  });
}

/** The control (kind 'control', controls = claimId) over certified minimizers of the gap instances. */
export function thresholdControl(s: ThresholdControlSpec): Claim<UfmInstance> {
  return minimizerClaim({
    id: s.id,
    cite: `threshold near-miss control of ${s.claimId} (${s.cite})`,
    statement: `FALSE on purpose: ${s.statement}`,
    kind: 'control',
    controls: s.claimId,
    arbitrary: s.arbitrary,
    defaultRuns: s.defaultRuns ?? 6,
    atMinimizer: (cp, parts, p) => {
      const { key, value } = s.distance(p);
      return thresholdResolved(s.atMinimizer(cp, parts, p), key, value);
    },
  });
}

/** |κ − 1| (κ = K√(nλ_Wλ_H), the plain-UFM threshold; THEORY.md §0.3). */
export function kappaDistance(p: UfmProblem): { key: string; value: number } {
  const n = balancedN(p) ?? Number.NaN;
  return { key: 'threshold', value: Math.abs(p.K * Math.sqrt(n * p.lambdaW * p.lambdaH) - 1) };
}

/** |ρ − 1| with ρ = λ_b(1−κ)/κ, the position of λ_b relative to the §2.3 switch κ/(1−κ). */
export function switchDistance(p: UfmProblem): { key: string; value: number } {
  const n = balancedN(p) ?? Number.NaN;
  const kappa = p.K * Math.sqrt(n * p.lambdaW * p.lambdaH);
  return { key: 'switch', value: Math.abs((p.lambdaB * (1 - kappa)) / kappa - 1) };
}

/** One side of a κ-threshold pair (see {@link kappaThresholdControls}). */
export interface KappaThresholdSide {
  /** What the moved theory says on this side (the κ = 1.001 or κ = 0.999 sentence). */
  readonly statement: string;
  /** @defaultValue `<id>.near-miss-threshold-above` / `-below` */
  readonly id?: string;
  /** @defaultValue the pair's `id` */
  readonly claimId?: string;
}

/** A claim's two κ-threshold near-miss controls (κ = 1 moved up and down; issue 9 item 2). */
export interface KappaThresholdSpec {
  /** The claim's id (the default control ids extend it). */
  readonly id: string;
  readonly cite: string;
  /** κ = 1 moved to 1.001: the gap (1, 1.001) is drawn and the non-zero branch's prediction must fail there. */
  readonly above: KappaThresholdSide;
  /** κ = 1 moved to 0.999: the gap (0.999, 1) is drawn and the zero branch's prediction must fail there. */
  readonly below: KappaThresholdSide;
  /** Instances in a gap. */
  readonly arbitrary: (gap: 'gap-above' | 'gap-below') => Arbitrary<UfmInstance>;
  /** The claim's comparisons against the prediction of the branch the moved theory picks (`zero`: W = H = 0). */
  readonly atMinimizer: (
    zero: boolean,
  ) => (cp: CertifiedPoint, parts: PointParts, problem: UfmProblem) => readonly Verdict[];
}

/** The pair of threshold controls of a claim whose zero regime starts at κ = 1 (THEORY.md §0.3). */
export function kappaThresholdControls(s: KappaThresholdSpec): Claim<UfmInstance>[] {
  const side = (sd: KappaThresholdSide, name: 'above' | 'below'): Claim<UfmInstance> =>
    thresholdControl({
      id: sd.id ?? `${s.id}.near-miss-threshold-${name}`,
      claimId: sd.claimId ?? s.id,
      cite: s.cite,
      distance: kappaDistance,
      statement: sd.statement,
      arbitrary: s.arbitrary(name === 'above' ? 'gap-above' : 'gap-below'),
      // Above the true threshold the moved theory (zero regime from 1.001) still predicts the non-zero branch.
      atMinimizer: s.atMinimizer(name === 'below'),
    });
  return [side(s.above, 'above'), side(s.below, 'below')];
}
