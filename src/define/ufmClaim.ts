/**
 * Shared plumbing of the plain-UFM claim files: a claim over `ufmInstance`s, and the certified-minimizer step
 * with its evidence (src/claim/ufm). A claim file states the theorem; this file holds what they all repeat.
 */
import type { Arbitrary } from 'fast-check';
import type { Claim, ClaimClass, Verdict } from '../claim/index.ts';
import { certifiedMinimizer, isCertified, partsOf } from '../certified/index.ts';
import { certificationEquivalent, expandCertified } from '../certified/index.ts';
import type { CertifiedPoint, PointParts } from '../certified/index.ts';
import { classUnion, inconclusive, mergeResolution, worst } from '../claim/index.ts';
import { lossById } from '../losses/index.ts';
import type { UfmProblem } from '../models/index.ts';
import { parseUfmInstance, problemOf } from '../arbitraries/index.ts';
import type { UfmInstance } from '../arbitraries/index.ts';

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
  /**
   * The decisive comparisons at a certified minimizer (their worst decides). `miss` holds the relative
   * perturbation to apply to each predicted quantity: all zero for the claim, one non-zero for a near-miss
   * control (issue 9 item 3; see {@link nearMissControls}). Apply it with {@link perturb} / {@link perturbMat}.
   */
  readonly atMinimizer: (cp: CertifiedPoint, parts: PointParts, problem: UfmProblem, miss: Miss) => readonly Verdict[];
}

/** Relative perturbations of the predictions, by quantity (the keys of `Verdict.resolution`). */
export interface Miss {
  /** f*. */
  readonly value: number;
  /** Predicted Gram matrices (W Wᵀ, H̄ᵀH̄). */
  readonly gram: number;
  /** Predicted norms and scale constants (e.g. the self-duality constant c or α). */
  readonly norm: number;
  /** Predicted biases (when non-zero). */
  readonly bias: number;
}

/** No perturbation: what every claim uses. */
export const NO_MISS: Miss = { value: 0, gram: 0, norm: 0, bias: 0 };

/** x·(1 + ε). */
export function perturb(x: number, eps: number): number {
  return x * (1 + eps);
}

/** A copy of M scaled by (1 + ε) (M itself when ε = 0). */
export function perturbMat<M extends { readonly rows: number; readonly cols: number; readonly data: Float64Array }>(M: M, eps: number): M {
  if (eps === 0) return M;
  const data = new Float64Array(M.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (M.data[i] as number) * (1 + eps);
  return { ...M, data };
}

/** A copy of v scaled by (1 + ε) (v itself when ε = 0). */
export function perturbVec(v: Float64Array, eps: number): Float64Array {
  if (eps === 0) return v;
  return v.map((x) => x * (1 + eps));
}

/**
 * The relative sizes of the near-miss controls (issue 9 item 3): 1e-6 on values, 1e-4 on Grams and norms. A
 * suite that cannot refute these cannot tell the theorem from a 0.01 % error in its constants.
 */
export const NEAR_MISS: Readonly<Partial<Miss>> = { value: 1e-6, gram: 1e-4, norm: 1e-4 };

/**
 * Near-miss controls of a minimizer claim (issue 9 item 3): for each quantity q in `sizes`, the control
 * `<id>.near-miss-<q>` states the claim with that prediction multiplied by (1 + ε_q), checks only the comparisons of
 * quantity q (so an unrelated failure cannot refute it), and must be refuted and shrunk. It draws from the claim's
 * classes that are not near a threshold (or from the claim's arbitrary when it has none).
 *
 * @param spec - the claim (kind 'claim')
 * @param sizes - ε per quantity @defaultValue NEAR_MISS
 */
export function nearMissControls(spec: UfmClaimSpec, sizes: Readonly<Partial<Miss>> = NEAR_MISS): Claim<UfmInstance>[] {
  const far = spec.classes?.filter((c) => c.nearThreshold !== true);
  const arbitrary = far !== undefined && far.length > 0 ? classUnion(far) : spec.arbitrary;
  return (Object.entries(sizes) as [keyof Miss, number][]).map(([q, eps]) => minimizerClaim({
    id: `${spec.id}.near-miss-${q}`,
    cite: `near-miss control of ${spec.id} (${spec.cite})`,
    statement: `FALSE on purpose: ${spec.id} with its predicted ${q} multiplied by (1 + ${eps.toExponential(0)})`,
    kind: 'control',
    controls: spec.id,
    arbitrary,
    defaultRuns: spec.defaultRuns ?? 12,
    atMinimizer(cp, parts, problem) {
      const vs = spec.atMinimizer(cp, parts, problem, { ...NO_MISS, [q]: eps }).filter((v) => v.resolution?.[q] !== undefined);
      // A zero prediction has no relative perturbation (e.g. the zero solution): nothing to refute on this instance.
      if (vs.length === 0) return [inconclusive(`${spec.id}: no non-zero predicted ${q} on this instance`)];
      // The record's resolution is the CLAIM's (unperturbed) resolving power on this instance, so that
      // `verify --controls` reports what the suite resolves without running the claim itself.
      const own = mergeResolution(spec.atMinimizer(cp, parts, problem, NO_MISS))?.[q];
      return vs.map((v) => {
        const { resolution: _r, ...rest } = v;
        return own !== undefined ? { ...rest, resolution: { [q]: own } } : rest;
      });
    },
  }));
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
      const loss = lossById(problem.loss);
      // Paper-sized instances certify the equivalent n = 1 problem (src/certified/ufm/collapsedProblem.ts: exact for
      // balanced counts, λ_H > 0 and a convex loss), never forming the d×N features or the K×N logits.
      const eq = certificationEquivalent(problem, loss);
      const cp1 = certifiedMinimizer(eq?.problem ?? problem, { seed: inst.seed, loss });
      if (!isCertified(cp1)) return cp1;
      const { cp, parts } = eq === undefined ? { cp: cp1, parts: partsOf(cp1) } : expandCertified(eq, cp1);
      const v = worst(spec.atMinimizer(cp, parts, problem, NO_MISS));
      const collapsed = eq === undefined ? {} : { certifiedAs: `n = 1, λ_W, λ_H × √n (exact collapse; δ = n^{1/4}·δ₁ = ${cp.delta.toExponential(3)})` };
      return { ...v, details: { ...(v.details ?? {}), certificate: { ...cp.evidence, ...collapsed } } };
    },
  };
}
