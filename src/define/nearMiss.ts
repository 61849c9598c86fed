/**
 * Near-miss controls for claims that are not minimizer claims (issue 9 item 3; the minimizer-claim version is
 * ufmClaim.ts nearMissControls): the claim's comparisons with each predicted quantity q multiplied by (1 + ε_q),
 * keeping only the comparisons of q (those whose verdict carries a resolution for q), drawn from the claim's
 * classes that are not near a threshold. A control whose instance has no non-zero prediction of q is
 * inconclusive there. The record's resolution is the claim's own (unperturbed) resolving power, as in
 * nearMissControls.
 */
import type { Claim, Json, Verdict } from '../claim/index.ts';
import { classUnion, inconclusive, mergeResolution, worst } from '../claim/index.ts';

/** Relative perturbations by quantity ('value', 'lambda', …); 0 for the claim itself. */
export type MissBy = Readonly<Record<string, number>>;

/** The claim's comparisons at an instance, each prediction of quantity q perturbed by miss[q] (absent ⇒ 0). */
export type VerdictsAt<I extends Json> = (inst: I, miss: MissBy) => readonly Verdict[];

/** x·(1 + miss[q]). */
export function missed(x: number, miss: MissBy, q: string): number {
  return x * (1 + (miss[q] ?? 0));
}

/**
 * The controls `<id>.near-miss-<q>` of a claim, one per entry of `sizes`.
 * @param claim - the claim (its id, cite, classes, parser, default runs)
 * @param verdictsAt - the claim's comparisons (the claim's check is worst(verdictsAt(inst, {})))
 * @param sizes - ε per quantity
 */
export function nearMissControlsFor<I extends Json>(claim: Claim<I>, verdictsAt: VerdictsAt<I>, sizes: MissBy): Claim<I>[] {
  const far = claim.classes?.filter((c) => c.nearThreshold !== true);
  const arbitrary = far !== undefined && far.length > 0 ? classUnion(far) : claim.arbitrary;
  return Object.entries(sizes).map(([q, eps]) => ({
    id: `${claim.id}.near-miss-${q}`,
    cite: `near-miss control of ${claim.id} (${claim.cite})`,
    statement: `FALSE on purpose: ${claim.id} with its predicted ${q} multiplied by (1 ${eps < 0 ? '−' : '+'} ${Math.abs(eps).toExponential(0)})`,
    kind: 'control' as const,
    controls: claim.id,
    arbitrary,
    parseInstance: (u: unknown) => claim.parseInstance(u),
    defaultRuns: 8,
    check(inst: I): Verdict {
      const all = verdictsAt(inst, { [q]: eps });
      const vs = all.filter((v) => v.resolution?.[q] !== undefined);
      if (vs.length === 0) {
        const stop = all.find((v) => v.status === 'inconclusive');
        return stop ?? inconclusive(`${claim.id}: no non-zero predicted ${q} on this instance`);
      }
      const own = mergeResolution(verdictsAt(inst, {}))?.[q];
      const v = worst(vs.map((x) => {
        const { resolution: _r, ...rest } = x;
        return own !== undefined ? { ...rest, resolution: { [q]: own } } : rest;
      }));
      return v;
    },
  }));
}
