/**
 * Configurations in the plane (d ≤ 2) or in a fixed 3-D orthographic projection (d = 3): class means h̄_k (dots),
 * classifiers w_k (segments from the origin, labelled with the bias b_k), individual features (small dots). Several
 * panels side by side, e.g. a hunt hit beside the symmetric configuration it beats (THEORY.md §7.1).
 */
import type { UfmProblem } from '../../models/index.ts';
import { splitPoint } from '../compute/ufmPoint.ts';
import type { Figure } from './figure.ts';

/** One panel: a point θ of `problem`. */
export interface ConfigurationPanel {
  readonly label: string;
  readonly problem: UfmProblem;
  readonly theta: Float64Array;
}

/** Azimuth 35°, elevation 25°: x′ = x cos a − y sin a, y′ = (x sin a + y cos a) sin e + z cos e. */
function project(v: readonly number[]): [number, number] {
  const [x = 0, y = 0, z = 0] = v;
  if (v.length <= 1) return [x, 0];
  if (v.length === 2) return [x, y];
  const a = (35 * Math.PI) / 180,
    e = (25 * Math.PI) / 180;
  return [x * Math.cos(a) - y * Math.sin(a), (x * Math.sin(a) + y * Math.cos(a)) * Math.sin(e) + z * Math.cos(e)];
}

/** True when every panel can be drawn (d ≤ 3). */
export function drawable(problem: UfmProblem): boolean {
  return problem.d <= 3;
}

/** The figure (panels faceted by label). */
export function configurationFigure(
  id: string,
  title: string,
  caption: string,
  panels: readonly ConfigurationPanel[],
): Figure {
  const classifiers: Record<string, unknown>[] = [];
  const means: Record<string, unknown>[] = [];
  const features: Record<string, unknown>[] = [];
  for (const p of panels) {
    const { W, H, Hbar, b } = splitPoint(p.problem, p.theta);
    const d = p.problem.d;
    for (let k = 0; k < p.problem.K; k++) {
      const [x, y] = project(Array.from(W.data.subarray(k * d, (k + 1) * d)));
      const bias = b ? ` b=${(b[k] as number).toFixed(2)}` : '';
      classifiers.push({ panel: p.label, cls: `class ${k + 1}`, x: 0, y: 0, x2: x, y2: y, text: `w${k + 1}${bias}` });
      const col: number[] = [];
      for (let r = 0; r < d; r++) col.push(Hbar.data[r * p.problem.K + k] as number);
      const [mx, my] = project(col);
      means.push({ panel: p.label, cls: `class ${k + 1}`, x: mx, y: my });
    }
    let j = 0;
    p.problem.counts.forEach((c, k) => {
      for (let i = 0; i < c; i++, j++) {
        const col: number[] = [];
        for (let r = 0; r < d; r++) col.push(H.data[r * H.cols + j] as number);
        const [fx, fy] = project(col);
        features.push({ panel: p.label, cls: `class ${k + 1}`, x: fx, y: fy });
      }
    });
  }
  // One square domain [−R, R]² for every panel, so that angles and lengths read true (equal aspect).
  const extent = [
    ...classifiers.flatMap((c) => [c['x2'], c['y2']]),
    ...means.flatMap((m) => [m['x'], m['y']]),
    ...features.flatMap((f) => [f['x'], f['y']]),
  ] as number[];
  const R = 1.15 * Math.max(1e-12, ...extent.map((v) => Math.abs(v)).filter(Number.isFinite));
  const scale = { domain: [-R, R], nice: false, zero: false };
  const xy = {
    x: { field: 'x', type: 'quantitative', title: null, scale },
    y: { field: 'y', type: 'quantitative', title: null, scale },
  };
  const color = { field: 'cls', type: 'nominal', title: null, legend: { orient: 'bottom' } };
  return {
    id,
    title,
    caption,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      facet: {
        field: 'panel',
        type: 'nominal',
        title: null,
        sort: panels.map((p) => p.label),
        header: { labelFontSize: 12, labelLimit: 400 },
      },
      data: {
        values: [
          ...classifiers.map((c) => ({ ...c, layer: 'w' })),
          ...means.map((m) => ({ ...m, layer: 'mean' })),
          ...features.map((f) => ({ ...f, layer: 'h' })),
        ],
      },
      spec: {
        width: 260,
        height: 260,
        layer: [
          {
            transform: [{ filter: "datum.layer === 'w'" }],
            mark: { type: 'rule', strokeWidth: 2 },
            encoding: { ...xy, x2: { field: 'x2' }, y2: { field: 'y2' }, color },
          },
          {
            transform: [{ filter: "datum.layer === 'w'" }],
            mark: { type: 'text', fontSize: 10, dx: 6, dy: -6, align: 'left' },
            encoding: {
              x: { field: 'x2', type: 'quantitative' },
              y: { field: 'y2', type: 'quantitative' },
              text: { field: 'text' },
              color,
            },
          },
          {
            transform: [{ filter: "datum.layer === 'h'" }],
            mark: { type: 'point', size: 18, opacity: 0.6 },
            encoding: { ...xy, color },
          },
          {
            transform: [{ filter: "datum.layer === 'mean'" }],
            mark: { type: 'point', shape: 'diamond', filled: true, size: 90 },
            encoding: { ...xy, color },
          },
        ],
      },
    },
  };
}
