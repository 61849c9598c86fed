/**
 * Near-miss controls (issue 9 item 3), one mechanism for every defined claim (defineClaim.ts): the control
 * `<id>.near-miss-<q>` states the claim with its predictions of quantity q multiplied by (1 + ε_q) — ε may be
 * negative: a one-sided bound is perturbed in the direction that makes it false — keeps only the comparisons of q
 * (those whose verdict carries a resolution for q, so an unrelated failure cannot refute it), and must be refuted and
 * shrunk. It draws from the claim's classes that are not near a threshold (else from the claim's arbitrary).
 * On an instance with no comparison of q (e.g. a zero prediction, which has no relative perturbation) the control is
 * inconclusive: with the comparisons' own inconclusive verdict when one stopped them, else saying so.
 * The record's resolution is the claim's own (unperturbed) resolving power on the instance, so that
 * `verify --controls` reports what the suite resolves without running the claim itself.
 */
import type { Arbitrary } from 'fast-check';
import type { Claim, Json, Verdict } from '../claim/index.ts';
import { classUnion, inconclusive, mergeResolution, worst } from '../claim/index.ts';
import { isVerdict, prepared, withEvidence } from './defineClaim.ts';
import type { DefinedClaim } from './defineClaim.ts';
import { NEAR_MISS, NO_MISS } from './miss.ts';
import type { Miss } from './miss.ts';

export interface NearMissOptions<I extends Json> {
  /** Where the controls draw. @defaultValue the claim's classes not near a threshold, else its arbitrary */
  readonly arbitrary?: Arbitrary<I>;
  /** @defaultValue the claim's defaultRuns */
  readonly defaultRuns?: number;
}

/**
 * The near-miss controls of a defined claim, one per quantity of `sizes` (module doc).
 * @param claim - a claim built by defineClaim (or minimizerClaim)
 * @param sizes - ε per quantity @defaultValue NEAR_MISS (value 1e-6, gram 1e-4, norm 1e-4)
 */
export function nearMisses<I extends Json, C>(
  claim: DefinedClaim<I, C>,
  sizes: Miss = NEAR_MISS,
  options: NearMissOptions<I> = {},
): Claim<I>[] {
  const def = claim.definition;
  const far = claim.classes?.filter((c) => c.nearThreshold !== true);
  const arbitrary = options.arbitrary ?? (far !== undefined && far.length > 0 ? classUnion(far) : claim.arbitrary);
  return Object.entries(sizes).map(([q, eps = 0]) => ({
    id: `${claim.id}.near-miss-${q}`,
    cite: `near-miss control of ${claim.id} (${claim.cite})`,
    statement: `FALSE on purpose: ${claim.id} with its predicted ${q} multiplied by (1 ${eps < 0 ? '−' : '+'} ${Math.abs(eps).toExponential(0)})`,
    kind: 'control' as const,
    controls: claim.id,
    arbitrary,
    parseInstance: (u: unknown) => claim.parseInstance(u),
    defaultRuns: options.defaultRuns ?? claim.defaultRuns,
    check(inst: I): Verdict {
      const c = prepared(def, inst);
      if (isVerdict(c)) return c;
      const all = def.verdicts(c, inst, { [q]: eps });
      const vs = all.filter((v) => v.resolution?.[q] !== undefined);
      if (vs.length === 0) {
        const stop =
          all.find((v) => v.status === 'inconclusive') ??
          inconclusive(`${claim.id}: no non-zero predicted ${q} on this instance`);
        return withEvidence(stop, def.evidence?.(c, inst));
      }
      const own = mergeResolution(def.verdicts(c, inst, NO_MISS))?.[q];
      return withEvidence(
        worst(
          vs.map((v) => {
            const { resolution: _r, ...rest } = v;
            return own !== undefined ? { ...rest, resolution: { [q]: own } } : rest;
          }),
        ),
        def.evidence?.(c, inst),
      );
    },
  }));
}
