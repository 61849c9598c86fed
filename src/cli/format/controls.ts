/**
 * `ufmcheck verify --controls` (issue 6, item 4): how well the suite detects its negative controls — the
 * detection rate, and how small the shrunk counterexamples are. Size is the length in characters of the instance's
 * one-line JSON: it falls as K, d, n shrink and as the λ's become round numbers (1e-3 is shorter than
 * 0.0012345), which is exactly what a good shrink achieves, and it applies to any instance shape.
 */
import { stringifyJson, type Json } from '../../claim/index.ts';
import type { ClaimResult } from './result.ts';

/** min / median / max of a sample. */
export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export interface ControlsSummary {
  /** Controls run. */
  readonly total: number;
  /** Controls refuted. */
  readonly refuted: number;
  /** refuted / total; null when no control ran. */
  readonly detectionRate: number | null;
  /** Sizes (JSON characters) of the shrunk counterexamples of refuted controls. */
  readonly size: Spread | null;
  /** Shrink steps fast-check took per refuted control. */
  readonly shrinks: Spread | null;
  /** Instances drawn until the refutation (the failing one included). */
  readonly runsToRefute: Spread | null;
  /** Near-miss controls (ids `<claim>.near-miss-<quantity>`, issue 9 item 3): how many ran and were refuted. */
  readonly nearMiss: { readonly total: number; readonly refuted: number };
  /**
   * Resolving power per claim and predicted quantity: the smallest relative perturbation of the prediction that
   * some certified run is guaranteed to refute (from the claim's own runs and from its near-miss controls, which
   * record the unperturbed claim's figure).
   */
  readonly resolution: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** The claim a near-miss control shadows, or undefined for any other id. */
function nearMissOf(id: string): string | undefined {
  const i = id.lastIndexOf('.near-miss-');
  return i < 0 ? undefined : id.slice(0, i);
}

/** Size of an instance: characters of its one-line JSON. */
export function instanceSize(instance: Json): number {
  return stringifyJson(instance, 0).length;
}

/**
 * Summarises the controls among `results`.
 *
 * @example
 * summarizeControls(results); // => { total: 4, refuted: 4, detectionRate: 1, size: { min: 61, median: 64, max: 80 }, … }
 */
export function summarizeControls(results: readonly ClaimResult[]): ControlsSummary {
  const controls = results.filter((r) => r.record.kind === 'control');
  const refuted = controls.filter((r) => r.outcome === 'refuted');
  const pick = (f: (r: ClaimResult) => number): Spread | null => spread(refuted.map(f));
  return {
    total: controls.length,
    refuted: refuted.length,
    detectionRate: controls.length === 0 ? null : refuted.length / controls.length,
    size: pick((r) => (r.record.counterexample === undefined ? 0 : instanceSize(r.record.counterexample.instance))),
    shrinks: pick((r) => r.record.counterexample?.shrinks ?? 0),
    runsToRefute: pick((r) => r.record.runs),
    nearMiss: {
      total: controls.filter((r) => nearMissOf(r.record.id) !== undefined).length,
      refuted: refuted.filter((r) => nearMissOf(r.record.id) !== undefined).length,
    },
    resolution: resolutionByClaim(results),
  };
}

/** Per claim, per quantity: the smallest resolution among the claim's record and its near-miss controls' records. */
function resolutionByClaim(results: readonly ClaimResult[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const r of results) {
    const owner = r.record.kind === 'claim' ? r.record.id : nearMissOf(r.record.id);
    if (owner === undefined || r.record.resolution === undefined) continue;
    const row = (out[owner] ??= {});
    for (const [q, x] of Object.entries(r.record.resolution)) row[q] = Math.min(row[q] ?? Number.POSITIVE_INFINITY, x);
  }
  return out;
}

/** min / median (lower middle for even counts) / max; null for an empty sample. */
export function spread(xs: readonly number[]): Spread | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0] ?? 0, median: s[(s.length - 1) >> 1] ?? 0, max: s[s.length - 1] ?? 0 };
}
