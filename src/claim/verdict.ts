/**
 * Building verdicts (claim.ts). A verdict compares a measured quantity with the theory's prediction under a
 * certified tolerance; margin = |measured − predicted| / tolerance (≤ 1 passes).
 */
import type { Verdict } from './claim.ts';

type Details = Readonly<Record<string, unknown>>;

/** pass iff |measured − predicted| ≤ tolerance (non-finite measured ⇒ inconclusive). */
export function judge(measured: number, predicted: number, tolerance: number, why: string, details?: Details): Verdict {
  if (!Number.isFinite(measured) || !Number.isFinite(tolerance)) return inconclusive(`${why}: not finite (measured ${measured}, tolerance ${tolerance})`, details, measured, predicted);
  const err = Math.abs(measured - predicted);
  const margin = tolerance > 0 ? err / tolerance : err === 0 ? 0 : Number.POSITIVE_INFINITY;
  return {
    status: margin <= 1 ? 'pass' : 'fail', measured, predicted, tolerance, margin,
    why: `${why}: |${fmt(measured)} − ${fmt(predicted)}| = ${fmt(err)} ${margin <= 1 ? '≤' : '>'} ${fmt(tolerance)}`,
    ...(details !== undefined ? { details } : {}),
  };
}

/** pass iff measured ≤ bound + tolerance (one-sided: e.g. "f reaches f*", "λ_min ≤ q(σ)"). */
export function judgeAtMost(measured: number, bound: number, tolerance: number, why: string, details?: Details): Verdict {
  if (!Number.isFinite(measured) || !Number.isFinite(tolerance)) return inconclusive(`${why}: not finite (measured ${measured})`, details, measured, bound);
  const excess = Math.max(0, measured - bound);
  const margin = tolerance > 0 ? excess / tolerance : excess === 0 ? 0 : Number.POSITIVE_INFINITY;
  return {
    status: margin <= 1 ? 'pass' : 'fail', measured, predicted: bound, tolerance, margin,
    why: `${why}: ${fmt(measured)} ${margin <= 1 ? '≤' : '>'} ${fmt(bound)} + ${fmt(tolerance)}`,
    ...(details !== undefined ? { details } : {}),
  };
}

/** The point could not be certified: never a pass. */
export function inconclusive(why: string, details?: Details, measured = Number.NaN, predicted = Number.NaN): Verdict {
  return { status: 'inconclusive', measured, predicted, tolerance: Number.NaN, margin: Number.NaN, why, ...(details !== undefined ? { details } : {}) };
}

/** The decisive verdict of several checks on one instance: the first fail, else the first inconclusive, else the pass with the largest margin. */
export function worst(vs: readonly Verdict[]): Verdict {
  const f = vs.find((v) => v.status === 'fail');
  if (f) return f;
  const i = vs.find((v) => v.status === 'inconclusive');
  if (i) return i;
  let best = vs[0];
  if (best === undefined) throw new RangeError('worst() needs at least one verdict');
  for (const v of vs) if (v.margin > best.margin) best = v;
  return best;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(4) : String(x);
}
