/**
 * Threshold near-miss controls (issue 9 item 2): a claim whose theorem switches branch at a threshold must be seen
 * to switch there. The control states the claim with its threshold moved by 1e-3 relative (e.g. "the zero regime
 * starts at κ = 1.001"), draws instances inside the gap between the true and the moved threshold
 * (arbitraries/thresholdGap.ts), and compares the certified minimizer with the prediction of the branch the moved
 * theory would pick there. The suite must refute it (and shrink it): a suite that cannot would pass a theory whose
 * threshold is off by 0.1 %.
 */
import type { Arbitrary } from 'fast-check';
import type { Claim, Verdict } from '../../src/claim/index.ts';
import type { CertifiedPoint, PointParts } from '../../src/claim/ufm/index.ts';
import type { UfmProblem } from '../../src/models/index.ts';
import type { UfmInstance } from '../arbitraries/instance.ts';
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
    atMinimizer: (cp, parts, p) => s.atMinimizer(cp, parts, p),
  });
}
