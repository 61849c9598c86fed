/**
 * Building verdicts (claim.ts). A verdict compares a measured quantity with the theory's prediction under a
 * certified tolerance; margin = |measured − predicted| / tolerance (≤ 1 passes).
 */
import type { Verdict } from './claim.ts';

type Details = Readonly<Record<string, unknown>>;

/** pass iff |measured − predicted| ≤ tolerance (non-finite measured ⇒ inconclusive). */
export function judge(measured: number, predicted: number, tolerance: number, why: string, details?: Details): Verdict {
  if (!Number.isFinite(measured) || !Number.isFinite(tolerance))
    return inconclusive(
      `${why}: not finite (measured ${measured}, tolerance ${tolerance})`,
      details,
      measured,
      predicted,
    );
  const err = Math.abs(measured - predicted);
  const margin = tolerance > 0 ? err / tolerance : err === 0 ? 0 : Number.POSITIVE_INFINITY;
  return {
    status: margin <= 1 ? 'pass' : 'fail',
    measured,
    predicted,
    tolerance,
    margin,
    why: `${why}: |${fmt(measured)} − ${fmt(predicted)}| = ${fmt(err)} ${margin <= 1 ? '≤' : '>'} ${fmt(tolerance)}`,
    ...(details !== undefined ? { details } : {}),
  };
}

/** pass iff measured ≤ bound + tolerance (one-sided: e.g. "f reaches f*", "λ_min ≤ q(σ)"). */
export function judgeAtMost(
  measured: number,
  bound: number,
  tolerance: number,
  why: string,
  details?: Details,
): Verdict {
  if (!Number.isFinite(measured) || !Number.isFinite(tolerance))
    return inconclusive(`${why}: not finite (measured ${measured})`, details, measured, bound);
  const excess = Math.max(0, measured - bound);
  const margin = tolerance > 0 ? excess / tolerance : excess === 0 ? 0 : Number.POSITIVE_INFINITY;
  return {
    status: margin <= 1 ? 'pass' : 'fail',
    measured,
    predicted: bound,
    tolerance,
    margin,
    why: `${why}: ${fmt(measured)} ${margin <= 1 ? '≤' : '>'} ${fmt(bound)} + ${fmt(tolerance)}`,
    ...(details !== undefined ? { details } : {}),
  };
}

/** pass iff measured ≥ bound − tolerance (the mirror of judgeAtMost). */
export function judgeAtLeast(
  measured: number,
  bound: number,
  tolerance: number,
  why: string,
  details?: Details,
): Verdict {
  if (!Number.isFinite(measured) || !Number.isFinite(tolerance))
    return inconclusive(`${why}: not finite (measured ${measured})`, details, measured, bound);
  const deficit = Math.max(0, bound - measured);
  const margin = tolerance > 0 ? deficit / tolerance : deficit === 0 ? 0 : Number.POSITIVE_INFINITY;
  return {
    status: margin <= 1 ? 'pass' : 'fail',
    measured,
    predicted: bound,
    tolerance,
    margin,
    why: `${why}: ${fmt(measured)} ${margin <= 1 ? '≥' : '<'} ${fmt(bound)} − ${fmt(tolerance)}`,
    ...(details !== undefined ? { details } : {}),
  };
}

/** pass iff measured < bound − slack strictly (a separation that rounding cannot explain). */
export function judgeStrictlyBelow(
  measured: number,
  bound: number,
  slack: number,
  why: string,
  details?: Details,
): Verdict {
  if (!Number.isFinite(measured) || !Number.isFinite(slack))
    return inconclusive(`${why}: not finite (measured ${measured})`, details, measured, bound);
  const ok = measured < bound - slack;
  return {
    status: ok ? 'pass' : 'fail',
    measured,
    predicted: bound,
    tolerance: slack,
    margin: ok ? 0 : Number.POSITIVE_INFINITY,
    why: `${why}: ${fmt(measured)} ${ok ? '<' : '≥'} ${fmt(bound)} − ${fmt(slack)}`,
    ...(details !== undefined ? { details } : {}),
  };
}

/** The point could not be certified: never a pass. */
export function inconclusive(why: string, details?: Details, measured = Number.NaN, predicted = Number.NaN): Verdict {
  return {
    status: 'inconclusive',
    measured,
    predicted,
    tolerance: Number.NaN,
    margin: Number.NaN,
    why,
    ...(details !== undefined ? { details } : {}),
  };
}

/**
 * The decisive verdict of several checks on one instance: the first fail, else the first inconclusive, else the
 * pass with the largest margin. The resolving powers of all the checks are merged into it (smallest per quantity).
 */
export function worst(vs: readonly Verdict[]): Verdict {
  const res = mergeResolution(vs);
  const f = vs.find((v) => v.status === 'fail');
  if (f) return withMerged(f, res);
  const i = vs.find((v) => v.status === 'inconclusive');
  if (i) return i;
  let best = vs[0];
  if (best === undefined) throw new RangeError('worst() needs at least one verdict');
  for (const v of vs) if (v.margin > best.margin) best = v;
  return withMerged(best, res);
}

function withMerged(v: Verdict, res: Readonly<Record<string, number>> | undefined): Verdict {
  return res === undefined ? v : { ...v, resolution: res };
}

/** Per quantity, the smallest resolution among the verdicts (undefined when none carries one). */
export function mergeResolution(
  vs: readonly Pick<Verdict, 'resolution'>[],
): Readonly<Record<string, number>> | undefined {
  let out: Record<string, number> | undefined;
  for (const v of vs) {
    for (const [k, r] of Object.entries(v.resolution ?? {})) {
      if (!Number.isFinite(r)) continue;
      out ??= {};
      const prev = out[k];
      out[k] = prev === undefined ? r : Math.min(prev, r);
    }
  }
  return out;
}

/**
 * Adds the resolving power of a comparison (issue 9 item 3): a prediction of size `scale` (|value| or ‖matrix‖_F)
 * perturbed by a relative ε moves by ε·scale, so the instance refutes it whenever ε·scale > tolerance + error.
 * A pass/fail verdict only; scale 0 (a zero prediction has no relative perturbation) leaves the verdict as is.
 *
 * @param v - the verdict of |measured − predicted| ≤ tolerance
 * @param quantity - 'value', 'gram', 'norm', 'bias', 'threshold', …
 * @param scale - the size of the prediction
 */
export function withResolution(v: Verdict, quantity: string, scale: number): Verdict {
  if (v.status === 'inconclusive' || !(scale > 0) || !Number.isFinite(scale)) return v;
  const err = Math.abs(v.measured - v.predicted);
  return { ...v, resolution: { ...(v.resolution ?? {}), [quantity]: (v.tolerance + err) / scale } };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(4) : String(x);
}
