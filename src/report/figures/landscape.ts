/**
 * Landscape: a histogram of the values reached from random starts, with f* marked (THEORY.md §1.2; Zhu et al.
 * 2021, Thm 3.2: every second-order critical point is global, so every start should land on f*). For a verify run
 * the starts are computed here — second-order trust-region Newton from seeded N(0, 1) starts, the landscape claims'
 * protocol (src/hunt/multistart.ts) — on a small instance seeded by the run; for a hunt, the values are
 * the hit's own stored starts.
 */
import { lossById } from '../../losses/index.ts';
import type { UfmProblem } from '../../models/index.ts';
import { runStarts } from '../../hunt/index.ts';
import { predictedGrams } from '../compute/ufmPoint.ts';
import { num, problemCaption, type Figure } from './figure.ts';

/** The verify instance: CE, K = 4, d = K (the hypothesis d ≥ K of Thm 3.2), below the threshold. */
export const LANDSCAPE_PROBLEM: UfmProblem = {
  loss: 'ce',
  K: 4,
  d: 4,
  counts: [2, 2, 2, 2],
  lambdaW: 1e-2,
  lambdaH: 1e-2,
  lambdaB: 0,
  bias: false,
};

/** A marked value on the axis (f*, the ansatz value, …). */
export interface Marker {
  readonly label: string;
  readonly value: number;
}

/**
 * Bins values into `bins` equal bins over [lo, hi] spanning the values and the markers; a degenerate range (every
 * start at f*, the expected picture) is widened by a relative 1e-6 so the single bar has a visible width.
 */
export function binValues(
  values: readonly number[],
  markers: readonly Marker[],
  bins = 20,
): { lo: number; hi: number; count: number }[] {
  const all = [...values, ...markers.map((m) => m.value)].filter(Number.isFinite);
  if (all.length === 0) return [];
  let lo = Math.min(...all),
    hi = Math.max(...all);
  const pad = Math.max(1e-6 * Math.max(1, Math.abs(lo)), (hi - lo) * 0.05);
  lo -= pad;
  hi += pad;
  const w = (hi - lo) / bins;
  const out = Array.from({ length: bins }, (_, i) => ({ lo: lo + i * w, hi: lo + (i + 1) * w, count: 0 }));
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const i = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / w)));
    (out[i] as { count: number }).count++;
  }
  return out;
}

/** The histogram figure of stored or computed values. */
export function histogramFigure(
  id: string,
  title: string,
  caption: string,
  values: readonly number[],
  markers: readonly Marker[],
): Figure {
  const bins = binValues(values, markers);
  return {
    id,
    title,
    caption,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 420,
      height: 220,
      layer: [
        {
          data: { values: bins },
          mark: { type: 'rect', color: '#4c78a8', stroke: 'white', strokeWidth: 0.5 },
          encoding: {
            x: {
              field: 'lo',
              type: 'quantitative',
              title: 'value reached f',
              scale: { zero: false },
              axis: { format: '.6~g' },
            },
            x2: { field: 'hi' },
            y: { field: 'count', type: 'quantitative', title: 'starts' },
            y2: { datum: 0 },
          },
        },
        {
          data: { values: markers },
          mark: { type: 'rule', strokeWidth: 2, strokeDash: [5, 3] },
          encoding: {
            x: { field: 'value', type: 'quantitative' },
            color: {
              field: 'label',
              type: 'nominal',
              title: null,
              scale: { range: ['#d62728', '#2ca02c', '#9467bd'] },
              legend: { orient: 'bottom', labelLimit: 400 },
            },
          },
        },
      ],
    },
  };
}

/** The verify landscape figure: `starts` seeded starts on {@link LANDSCAPE_PROBLEM} (or `problem`). */
export function landscapeFigure(seed: number, starts = 12, problem: UfmProblem = LANDSCAPE_PROBLEM): Figure {
  const records = runStarts(problem, lossById(problem.loss), { seed, starts });
  const converged = records.filter((r) => r.status === 'converged');
  const pred = predictedGrams(problem);
  const markers = pred ? [{ label: `f* (closed form) = ${num(pred.fStar, 8)}`, value: pred.fStar }] : [];
  const spread =
    converged.length > 0
      ? Math.max(...converged.map((r) => r.value)) - Math.min(...converged.map((r) => r.value))
      : NaN;
  return histogramFigure(
    'landscape',
    'Landscape: values reached from random starts',
    `${problemCaption(problem)}; ${starts} starts of second-order trust-region Newton from N(0, 1) initialisations (run seed ${seed}), ${converged.length} converged to ‖∇f‖ ≤ 1e-10; spread of the values ${num(spread, 2)}. Thm 3.2 predicts every start reaches f*.`,
    converged.map((r) => r.value),
    markers,
  );
}
