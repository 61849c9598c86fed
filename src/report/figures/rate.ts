/**
 * Theorem 5.1 of Tirer & Bruna 2022 (THEORY.md §2.6): with noisy fixed features the ridge classifier W(H) tends to
 * the shrunk W* / (1 + Kσ²√(n₀λ_H/λ_W)) at the rate n^{−1/2}. The figure draws ‖W(H) − s·W*‖_F/‖W*‖_F against n on
 * log–log axes, computed here by src/theory/fixedFeatures.ts along the claim's own protocol (n = 100 … 10⁴, 7
 * steps, RMS over replicates), with an n^{−1/2} reference line through the points' geometric centre — and, when the
 * run refuted a control of the theorem, that control's stored errors (measured against the wrong scale) beside it.
 */
import type { FixedFeaturesProblem } from '../../models/index.ts';
import { logLogSlope, runFixedFeaturesSequence } from '../../theory/index.ts';
import { num, type Figure } from './figure.ts';

/** Default instance when the run carries none: K = 3, d = 4, n₀ = 2, σ = 0.5, Gaussian noise. */
export const RATE_PROBLEM: FixedFeaturesProblem = {
  K: 3,
  d: 4,
  n0: 2,
  lambdaW: 1e-2,
  lambdaH: 1e-2,
  sigma: 0.5,
  noise: 'gaussian',
};

/** A stored series (e.g. a refuted control's `details.points`). */
export interface RateSeries {
  readonly label: string;
  readonly points: readonly { readonly n: number; readonly error: number }[];
}

/** The n^{−1/2} line with the least-squares intercept in log space (slope fixed), over [nMin, nMax]. */
function reference(points: readonly { n: number; error: number }[]): { n: number; error: number }[] {
  const ok = points.filter((p) => p.error > 0 && p.n > 0);
  if (ok.length === 0) return [];
  const logC = ok.reduce((s, p) => s + Math.log(p.error) + 0.5 * Math.log(p.n), 0) / ok.length;
  const ns = [Math.min(...ok.map((p) => p.n)), Math.max(...ok.map((p) => p.n))];
  return ns.map((n) => ({ n, error: Math.exp(logC) / Math.sqrt(n) }));
}

/**
 * @param problem - the instance (the run's refuted control's, or {@link RATE_PROBLEM})
 * @param seed - the run's seed
 * @param extra - stored series to draw beside the computed one
 */
export function rateFigure(problem: FixedFeaturesProblem, seed: number, extra: readonly RateSeries[] = []): Figure {
  const replicates = Math.ceil(32 / (problem.K * problem.d));
  const seq = runFixedFeaturesSequence(problem, { seed, nMin: 100, nMax: 10_000, steps: 7, replicates });
  const main = 'Thm 5.1 scale s (computed)';
  const rows = [
    ...seq.points.map((p) => ({ series: main, n: p.n, error: p.error })),
    ...extra.flatMap((e) =>
      e.points.filter((p) => p.error > 0).map((p) => ({ series: e.label, n: p.n, error: p.error })),
    ),
  ];
  const ref = reference(seq.points).map((p) => ({ series: 'n^(−1/2) reference', ...p }));
  const slope = logLogSlope(
    seq.points.map((p) => p.n),
    seq.points.map((p) => p.error),
  );
  return {
    id: 'thm51-rate',
    title: 'Theorem 5.1: error of the ridge classifier against n (log–log)',
    caption: `K = ${problem.K}, d = ${problem.d}, n₀ = ${problem.n0}, λ_W = ${num(problem.lambdaW)}, λ_H = ${num(problem.lambdaH)}, σ = ${num(problem.sigma)}, ${problem.noise} noise, seed ${seed}, ${replicates} replicates per n. Fitted slope ${slope.toFixed(3)} (theorem: −0.5; the claim accepts [−0.7, −0.3]).${extra.length > 0 ? ' The refuted control measures against a wrong scale: its error stalls.' : ''}`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 420,
      height: 260,
      layer: [
        {
          data: { values: ref },
          mark: { type: 'line', strokeDash: [5, 4], color: '#555' },
          encoding: {
            x: { field: 'n', type: 'quantitative', scale: { type: 'log' } },
            y: { field: 'error', type: 'quantitative', scale: { type: 'log' } },
            detail: { field: 'series' },
          },
        },
        {
          data: { values: rows },
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'n', type: 'quantitative', scale: { type: 'log' }, title: 'samples per class n' },
            y: {
              field: 'error',
              type: 'quantitative',
              scale: { type: 'log' },
              title: '‖W(H) − s·W*‖ / ‖W*‖',
              axis: { format: '.0e' },
            },
            color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', labelLimit: 400 } },
          },
        },
        {
          data: { values: ref.slice(-1) },
          mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: '#555' },
          encoding: {
            x: { field: 'n', type: 'quantitative' },
            y: { field: 'error', type: 'quantitative' },
            text: { value: 'n^(−1/2)' },
          },
        },
      ],
    },
  };
}
