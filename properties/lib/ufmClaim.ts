/**
 * Shared plumbing of the plain-UFM claim files: a claim over `ufmInstance`s, and the certified-minimizer step
 * with its evidence (src/claim/ufm). A claim file states the theorem; this file holds what they all repeat.
 */
import type { Arbitrary } from 'fast-check';
import type { Claim, ClaimClass, Verdict } from '../../src/claim/index.ts';
import { certifiedMinimizer, isCertified, partsOf } from '../../src/claim/ufm/index.ts';
import type { CertifiedPoint, PointParts } from '../../src/claim/ufm/index.ts';
import { worst } from '../../src/claim/index.ts';
import { lossById } from '../../src/losses/index.ts';
import type { UfmProblem } from '../../src/models/index.ts';
import { parseUfmInstance, problemOf } from '../arbitraries/instance.ts';
import type { UfmInstance } from '../arbitraries/instance.ts';

export interface UfmClaimSpec {
  readonly id: string;
  readonly cite: string;
  readonly statement: string;
  readonly kind: 'claim' | 'control';
  readonly controls?: string;
  readonly arbitrary: Arbitrary<UfmInstance>;
  /** Coverage classes (issue 9 item 1); `arbitrary` is then their union. */
  readonly classes?: readonly ClaimClass<UfmInstance>[];
  /** @defaultValue 12 */
  readonly defaultRuns?: number;
  /** The decisive comparisons at a certified minimizer (their worst decides). */
  readonly atMinimizer: (cp: CertifiedPoint, parts: PointParts, problem: UfmProblem) => readonly Verdict[];
}

/**
 * A claim whose check certifies a global minimizer of the instance (certified.ts) and runs `atMinimizer` on it.
 * Certification failures are inconclusive; the evidence (gradient norm, μ, δ, KKT numbers) goes into the details.
 */
export function minimizerClaim(spec: UfmClaimSpec): Claim<UfmInstance> {
  return {
    id: spec.id, cite: spec.cite, statement: spec.statement, kind: spec.kind,
    ...(spec.controls !== undefined ? { controls: spec.controls } : {}),
    arbitrary: spec.arbitrary, ...(spec.classes !== undefined ? { classes: spec.classes } : {}), parseInstance: parseUfmInstance, defaultRuns: spec.defaultRuns ?? 12,
    check(inst: UfmInstance): Verdict {
      const problem = problemOf(inst);
      const cp = certifiedMinimizer(problem, { seed: inst.seed, loss: lossById(problem.loss) });
      if (!isCertified(cp)) return cp;
      const v = worst(spec.atMinimizer(cp, partsOf(cp), problem));
      return { ...v, details: { ...(v.details ?? {}), certificate: cp.evidence } };
    },
  };
}
