/**
 * Claims that are not plain-UFM minimizer claims (extended, ReLU, fixed features, ULPM) with near-miss controls
 * (issue 9 item 3), on the pattern of ufmClaim.ts's `minimizerClaim` / `nearMissControls`: a claim is an expensive
 * `prepare` step (solve, certify, simulate: inconclusive when it cannot) and cheap `compare`s against the theory's
 * predictions, each prediction perturbed by the relative `miss` of its quantity. The claim uses no miss; the control
 * `<id>.near-miss-<q>` perturbs quantity q by ε_q and keeps only the comparisons of q (so an unrelated failure cannot
 * refute it), and must be refuted and shrunk.
 */
import type { Arbitrary } from 'fast-check';
import type { Claim, ClaimClass, Json, Verdict } from '../claim/index.ts';
import { classUnion, inconclusive, mergeResolution, worst } from '../claim/index.ts';
import { NEAR_MISS, NO_MISS } from './ufmClaim.ts';
import type { Miss } from './ufmClaim.ts';

export interface MissClaimSpec<I extends Json, C> {
  readonly id: string;
  readonly cite: string;
  readonly statement: string;
  readonly arbitrary: Arbitrary<I>;
  /** Coverage classes (issue 9 item 1); `arbitrary` is then their union. */
  readonly classes?: readonly ClaimClass<I>[];
  parseInstance(u: unknown): I;
  readonly defaultRuns: number;
  /** Solves/certifies the instance; an (inconclusive) verdict when it cannot. */
  prepare(inst: I): C | Verdict;
  /** The decisive comparisons, each prediction of quantity q multiplied by (1 + miss[q]). */
  compare(c: C, inst: I, miss: Miss): readonly Verdict[];
  /** Evidence attached to the decisive verdict's details. */
  evidence?(c: C): Readonly<Record<string, unknown>>;
}

/** True for a Verdict (what `prepare` returns when it cannot certify). */
export function isVerdict(x: unknown): x is Verdict {
  return typeof x === 'object' && x !== null && 'status' in x && 'margin' in x && 'why' in x;
}

function withEvidence(v: Verdict, ev: Readonly<Record<string, unknown>> | undefined): Verdict {
  return ev === undefined ? v : { ...v, details: { ...(v.details ?? {}), ...ev } };
}

/** The claim of a spec: prepare, then the worst of the unperturbed comparisons. */
export function missClaim<I extends Json, C>(spec: MissClaimSpec<I, C>): Claim<I> {
  return {
    id: spec.id, cite: spec.cite, statement: spec.statement, kind: 'claim',
    arbitrary: spec.arbitrary, ...(spec.classes !== undefined ? { classes: spec.classes } : {}),
    parseInstance: (u) => spec.parseInstance(u), defaultRuns: spec.defaultRuns,
    check(inst: I): Verdict {
      const c = spec.prepare(inst);
      if (isVerdict(c)) return c;
      return withEvidence(worst(spec.compare(c, inst, NO_MISS)), spec.evidence?.(c));
    },
  };
}

/**
 * Near-miss controls of a spec (issue 9 item 3), one per quantity of `sizes` (ε may be negative: a one-sided bound
 * is perturbed in the direction that makes it false). They draw from `arbitrary` (default: the union of the spec's
 * classes not near a threshold, else its arbitrary). The record's resolution is the claim's own (unperturbed)
 * resolving power on the instance, so `verify --controls` reports what the suite resolves.
 */
export function nearMissControlsOf<I extends Json, C>(
  spec: MissClaimSpec<I, C>, sizes: Readonly<Partial<Miss>> = NEAR_MISS, arbitrary?: Arbitrary<I>,
): Claim<I>[] {
  const far = spec.classes?.filter((c) => c.nearThreshold !== true);
  const arb = arbitrary ?? (far !== undefined && far.length > 0 ? classUnion(far) : spec.arbitrary);
  return (Object.entries(sizes) as [keyof Miss, number][]).map(([q, eps]) => ({
    id: `${spec.id}.near-miss-${q}`,
    cite: `near-miss control of ${spec.id} (${spec.cite})`,
    statement: `FALSE on purpose: ${spec.id} with its predicted ${q} multiplied by (1 ${eps < 0 ? '−' : '+'} ${Math.abs(eps).toExponential(0)})`,
    kind: 'control' as const,
    controls: spec.id,
    arbitrary: arb,
    parseInstance: (u: unknown) => spec.parseInstance(u),
    defaultRuns: spec.defaultRuns,
    check(inst: I): Verdict {
      const c = spec.prepare(inst);
      if (isVerdict(c)) return c;
      const vs = spec.compare(c, inst, { ...NO_MISS, [q]: eps }).filter((v) => v.resolution?.[q] !== undefined);
      if (vs.length === 0) return inconclusive(`${spec.id}: no non-zero predicted ${q} on this instance`);
      const own = mergeResolution(spec.compare(c, inst, NO_MISS))?.[q];
      return withEvidence(worst(vs.map((v) => {
        const { resolution: _r, ...rest } = v;
        return own !== undefined ? { ...rest, resolution: { [q]: own } } : rest;
      })), spec.evidence?.(c));
    },
  }));
}
