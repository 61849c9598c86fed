/**
 * Minimizer claims on the plain UFM: a defined claim (defineClaim.ts) over `ufmInstance`s whose `prepare` is the
 * certified-minimizer step of src/certified/ufm (gradient ≤ 1e-10, curvature modulo symmetry μ > 0, convex KKT
 * test; THEORY.md §0.3, §1.2) and whose comparisons `atMinimizer` run at the certified point. Certification
 * failures are inconclusive; the evidence (gradient norm, μ, δ, KKT numbers) goes into the details.
 */
import type { Arbitrary } from 'fast-check';
import type { ClaimClass, Verdict } from '../claim/index.ts';
import { certifiedMinimizer, isCertified, partsOf } from '../certified/index.ts';
import { certificationEquivalent, expandCertified } from '../certified/index.ts';
import type { CertifiedPoint, PointParts } from '../certified/index.ts';
import { lossById } from '../losses/index.ts';
import type { UfmProblem } from '../models/index.ts';
import { parseUfmInstance, problemOf } from '../arbitraries/index.ts';
import type { UfmInstance } from '../arbitraries/index.ts';
import { defineClaim } from './defineClaim.ts';
import type { DefinedClaim } from './defineClaim.ts';
import type { Miss } from './miss.ts';

export interface UfmClaimSpec {
  readonly id: string;
  readonly cite: string;
  readonly statement: string;
  /** @defaultValue 'claim' */
  readonly kind?: 'claim' | 'control';
  readonly controls?: string;
  /** @defaultValue the union of `classes` */
  readonly arbitrary?: Arbitrary<UfmInstance>;
  /** Coverage classes (issue 9 item 1). */
  readonly classes?: readonly ClaimClass<UfmInstance>[];
  /** @defaultValue 12 */
  readonly defaultRuns?: number;
  /**
   * The decisive comparisons at a certified minimizer (their worst decides), each prediction of quantity q
   * multiplied by (1 + miss[q]) — apply it with `perturb` / `perturbMat` / `missed` (miss.ts).
   */
  readonly atMinimizer: (cp: CertifiedPoint, parts: PointParts, problem: UfmProblem, miss: Miss) => readonly Verdict[];
}

/** A certified global minimizer of an instance's problem, with its parts and evidence. */
export interface AtMinimizer {
  readonly cp: CertifiedPoint;
  readonly parts: PointParts;
  readonly problem: UfmProblem;
  readonly certificate: Readonly<Record<string, unknown>>;
}

/**
 * Certifies a global minimizer of the instance (inconclusive when it cannot). Paper-sized instances certify the
 * equivalent n = 1 problem (src/certified/ufm/collapsedProblem.ts: exact for balanced counts, λ_H > 0 and a convex
 * loss), never forming the d×N features or the K×N logits.
 */
export function certifiedUfmMinimizer(inst: UfmInstance): AtMinimizer | Verdict {
  const problem = problemOf(inst);
  const loss = lossById(problem.loss);
  const eq = certificationEquivalent(problem, loss);
  const cp1 = certifiedMinimizer(eq?.problem ?? problem, { seed: inst.seed, loss });
  if (!isCertified(cp1)) return cp1;
  const { cp, parts } = eq === undefined ? { cp: cp1, parts: partsOf(cp1) } : expandCertified(eq, cp1);
  const collapsed =
    eq === undefined
      ? {}
      : { certifiedAs: `n = 1, λ_W, λ_H × √n (exact collapse; δ = n^{1/4}·δ₁ = ${cp.delta.toExponential(3)})` };
  return { cp, parts, problem, certificate: { ...cp.evidence, ...collapsed } };
}

/** A claim whose check certifies a global minimizer of the instance and runs `atMinimizer` on it (module doc). */
export function minimizerClaim(spec: UfmClaimSpec): DefinedClaim<UfmInstance, AtMinimizer> {
  return defineClaim<UfmInstance, AtMinimizer>({
    id: spec.id,
    cite: spec.cite,
    statement: spec.statement,
    kind: spec.kind ?? 'claim',
    ...(spec.controls !== undefined ? { controls: spec.controls } : {}),
    ...(spec.arbitrary !== undefined ? { arbitrary: spec.arbitrary } : {}),
    ...(spec.classes !== undefined ? { classes: spec.classes } : {}),
    parseInstance: parseUfmInstance,
    defaultRuns: spec.defaultRuns ?? 12,
    prepare: certifiedUfmMinimizer,
    verdicts: (m, _inst, miss) => spec.atMinimizer(m.cp, m.parts, m.problem, miss),
    evidence: (m) => ({ certificate: m.certificate }),
  });
}
