/**
 * NC1–NC4 against iterations, log–log, for the papers' protocol — fixed-step gradient descent (η = 0.1) on the full
 * UFM from a random start (Zhu et al. 2021, §5 and Fig. 2; Tirer & Bruna 2022, §6) — and for our solver, the first
 * stage of `auto`: L-BFGS on the exact class-mean reduction (src/certified/ufm/solve.ts), from the same start. Both
 * traces are computed here from the run's seed; metric definitions are src/geometry/metrics.ts (NC4 is Zhu et al.'s
 * bias residual ‖W h_G + b‖).
 */
import { createRng } from '../../core/index.ts';
import { ncMetrics, type NcMetrics } from '../../geometry/index.ts';
import { lossById } from '../../losses/index.ts';
import { randomInit, ufmObjective, type Objective, type UfmProblem } from '../../models/index.ts';
import { gradientDescent, lbfgs } from '../../solvers/index.ts';
import { scaledCollapsed } from '../../certified/index.ts';
import { splitPoint } from '../compute/ufmPoint.ts';
import { problemCaption, type Figure } from './figure.ts';

/** One point of a trace. */
export interface NcTracePoint {
  readonly protocol: string;
  readonly iteration: number;
  readonly metric: 'NC1' | 'NC2' | 'NC3' | 'NC4';
  readonly value: number;
}

/** The instance of the figure: small, d ≥ K, below the threshold (κ = K√n·λ = 4·√3·0.005 ≈ 0.035). */
export const NC_PROBLEM: UfmProblem = {
  loss: 'ce',
  K: 4,
  d: 5,
  counts: [3, 3, 3, 3],
  lambdaW: 5e-3,
  lambdaH: 5e-3,
  lambdaB: 5e-3,
  bias: true,
};

/** Iterations at which GD is sampled: 1, 2, 3, 5, 7, 10, … (≈ 6 per decade) up to `max`. */
function logCheckpoints(max: number): number[] {
  const out = new Set<number>();
  for (let e = 0; e <= Math.log10(max) + 1e-9; e += 1 / 6) out.add(Math.round(10 ** e));
  return [...out].filter((k) => k <= max).sort((a, b) => a - b);
}

function metricsRows(protocol: string, iteration: number, m: NcMetrics, withNc1 = true): NcTracePoint[] {
  return [
    ...(withNc1 ? [{ protocol, iteration, metric: 'NC1' as const, value: m.nc1 }] : []),
    { protocol, iteration, metric: 'NC2', value: m.nc2W },
    { protocol, iteration, metric: 'NC3', value: m.nc3 },
    { protocol, iteration, metric: 'NC4', value: m.nc4 },
  ];
}

function metricsAt(problem: UfmProblem, theta: Float64Array): NcMetrics {
  const p = splitPoint(problem, theta);
  return ncMetrics(p.W, p.H, p.b, problem.counts);
}

/**
 * The two traces.
 * @param seed - the run's seed (the random start, shared by both protocols)
 * @param gdIterations - GD budget (the papers train for 10⁴–10⁵ steps; 5·10³ shows the power-law regime and keeps --report within its time budget)
 */
export function ncTraces(problem: UfmProblem, seed: number, gdIterations = 5_000): NcTracePoint[] {
  const loss = lossById(problem.loss);
  const obj = ufmObjective(problem, loss);
  const theta0 = randomInit(obj.layout, createRng(seed), 1);
  const rows: NcTracePoint[] = [];
  // GD in chunks between checkpoints: restarting fixed-step GD from its own iterate continues the same sequence.
  const gd = 'gradient descent η = 0.1 (papers)';
  let theta = theta0;
  let done = 0;
  for (const k of logCheckpoints(gdIterations)) {
    if (k > done) {
      const r = gradientDescent(obj, theta, { step: 0.1, tol: 0, maxIter: k - done, log: false });
      theta = r.theta;
      done = k;
      if (r.status === 'non-finite' || r.status === 'diverged') break;
    }
    rows.push(...metricsRows(gd, k, metricsAt(problem, theta)));
  }
  // Our solver: one L-BFGS run on the reduction. Its log holds f(θ_k) of every accepted iterate; the iterates
  // themselves are recovered from a recording objective (the accepted θ_k is an evaluated point with exactly that f).
  const ours = 'ufmcheck auto (L-BFGS, class-mean reduction)';
  const red = scaledCollapsed(problem, loss);
  const seen: { f: number; theta: Float64Array }[] = [];
  const recording: Objective = {
    dim: red.obj.dim,
    value: (t) => red.obj.value(t),
    valueAndGrad: (t, g) => {
      const f = red.obj.valueAndGrad(t, g);
      seen.push({ f, theta: t.slice() });
      return f;
    },
    hessianAt: (t) => red.obj.hessianAt(t),
  };
  const r = lbfgs(recording, red.fromFull(theta0), { tol: 1e-12, maxIter: 500, log: true });
  let from = 0;
  r.log.value.forEach((f, k) => {
    let at = -1;
    for (let i = from; i < seen.length; i++)
      if (Object.is(seen[i]?.f, f)) {
        at = i;
        break;
      }
    if (at < 0 || k === 0) return;
    from = at;
    rows.push(
      ...metricsRows(ours, k, metricsAt(problem, red.toFull((seen[at] as { theta: Float64Array }).theta)), false),
    );
  });
  return rows;
}

/** The figure (points with value ≤ 0 cannot sit on a log axis and are left out; the caption says so). */
export function ncCurvesFigure(seed: number, problem: UfmProblem = NC_PROBLEM): Figure {
  const rows = ncTraces(problem, seed);
  const shown = rows.filter((r) => r.value > 0 && Number.isFinite(r.value));
  const dropped = rows.length - shown.length;
  return {
    id: 'nc-curves',
    title: 'Neural collapse over training: NC1–NC4 against iterations',
    caption: `${problemCaption(problem)}; one random start (seed ${seed}) for both protocols. The papers' fixed-step GD collapses slowly (NC1–NC4 fall as power laws); our solver reaches the collapsed optimum in tens of iterations. Its NC1 is 0 by construction (it works on class means), so NC1 has no curve for it${dropped > 0 ? ` (${dropped} zero values omitted from the log axis)` : ''}.`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values: shown },
      facet: { field: 'metric', type: 'nominal', title: null, sort: ['NC1', 'NC2', 'NC3', 'NC4'] },
      columns: 2,
      spec: {
        width: 260,
        height: 150,
        mark: { type: 'line', point: { size: 14 }, strokeWidth: 1.5 },
        encoding: {
          x: { field: 'iteration', type: 'quantitative', scale: { type: 'log' }, title: 'iteration' },
          y: {
            field: 'value',
            type: 'quantitative',
            scale: { type: 'log' },
            title: 'metric value',
            axis: { format: '.0e' },
          },
          color: {
            field: 'protocol',
            type: 'nominal',
            title: null,
            legend: { orient: 'bottom', labelLimit: 400 },
            scale: { range: ['#1f77b4', '#d62728'] },
          },
        },
      },
      resolve: { scale: { y: 'independent' } },
    },
  };
}
