/**
 * `ufmcheck solve --trace FILE` (issue 10 item 7): the per-iteration value, gradient norm and NC metrics of a solve —
 * the data behind the training-curve figure (NC metrics falling over iterations, as in Zhu et al. 2021, Fig. 2) —
 * as CSV or JSON lines.
 *
 * The solvers are silent and return only (f, ‖∇f‖) per iteration (src/solvers/result.ts). To get the NC metrics of
 * each iterate, the same solver calls as `solveUfm` (src/certified/ufm/solve.ts) are run on an objective that records
 * the NC metrics of every point it evaluates; an iteration's iterate is an evaluated point whose value is exactly the
 * logged f, so the k-th log entry is matched to the first later evaluation with that value. (A log entry with no such
 * evaluation gets null metrics; none was seen in practice.) The trace's last value equals the solve's (tested).
 */
import { createRng } from '../core/index.ts';
import { matOf } from '../core/index.ts';
import { ncMetrics } from '../geometry/index.ts';
import type { LogitLoss } from '../losses/index.ts';
import { randomInit, ufmLayout, ufmObjective, type Objective, type UfmProblem } from '../models/index.ts';
import { gradientDescent, lbfgs, trustRegion, type SolveResult } from '../solvers/index.ts';
import { scaledCollapsed, type UfmSolverId } from '../certified/index.ts';
import { toResultJson } from '../claim/index.ts';

/** NC metrics recorded per iteration. */
export const TRACE_METRICS = ['nc1', 'nc2W', 'nc2H', 'nc3', 'nc4', 'cdnv'] as const;
type TraceMetric = (typeof TRACE_METRICS)[number];

/** One iteration of one solver stage. */
export interface TraceRow {
  /** 0-based stage (auto runs L-BFGS, then possibly a Newton polish). */
  readonly stage: number;
  readonly solver: string;
  /** Iteration within the stage (0 = the stage's starting point). */
  readonly iteration: number;
  readonly value: number;
  readonly gradNorm: number;
  readonly metrics: Readonly<Record<TraceMetric, number>> | null;
}

/** Options of {@link traceSolve}: those of solveUfm that shape the iterates. */
export interface TraceOptions {
  readonly seed: number;
  readonly solver: UfmSolverId;
  readonly tol: number;
  readonly step: number;
  readonly maxIter?: number;
  readonly loss: LogitLoss;
}

interface Seen {
  readonly f: number;
  readonly metrics: Record<TraceMetric, number>;
}

/** The NC metrics of a full-layout θ. */
function metricsOf(problem: UfmProblem, theta: Float64Array): Record<TraceMetric, number> {
  const L = ufmLayout(problem);
  const W = matOf(L.K, L.d, theta.slice(L.offW, L.offW + L.K * L.d));
  const H = matOf(L.d, L.N, theta.slice(L.offH, L.offH + L.d * L.N));
  const b = L.hasBias ? theta.slice(L.offB, L.offB + L.K) : undefined;
  const m = ncMetrics(W, H, b, problem.counts);
  return { nc1: m.nc1, nc2W: m.nc2W, nc2H: m.nc2H, nc3: m.nc3, nc4: m.nc4, cdnv: m.cdnv };
}

/** Wraps `obj` so every evaluated point's value and NC metrics are appended to `seen`. */
function recording(
  obj: Objective,
  toFull: (t: Float64Array) => Float64Array,
  problem: UfmProblem,
  seen: Seen[],
): Objective {
  const note = (t: Float64Array, f: number): number => {
    seen.push({ f, metrics: metricsOf(problem, toFull(t)) });
    return f;
  };
  return {
    dim: obj.dim,
    value: (t) => note(t, obj.value(t)),
    valueAndGrad: (t, g) => note(t, obj.valueAndGrad(t, g)),
    hessianAt: (t) => obj.hessianAt(t),
  };
}

/** Matches a stage's log to the recorded evaluations (in order). */
function rowsOf(stage: number, r: SolveResult, seen: readonly Seen[]): TraceRow[] {
  let from = 0;
  return r.log.value.map((f, k) => {
    let at = -1;
    for (let i = from; i < seen.length; i++)
      if (Object.is(seen[i]?.f, f)) {
        at = i;
        break;
      }
    if (at >= 0) from = at;
    return {
      stage,
      solver: r.solver,
      iteration: k,
      value: f,
      gradNorm: r.log.gradNorm[k] ?? Number.NaN,
      metrics: at >= 0 ? (seen[at] as Seen).metrics : null,
    };
  });
}

/**
 * Runs the solver of `ufmcheck solve` with the same start and options and returns its per-iteration trace.
 *
 * @param problem - the plain-UFM problem
 * @param o - seed, solver, tol, step, max-iter and loss, as given to solveUfm
 * @returns one row per logged iteration of each stage
 */
export function traceSolve(problem: UfmProblem, o: TraceOptions): TraceRow[] {
  const objective = ufmObjective(problem, o.loss);
  const theta0 = randomInit(objective.layout, createRng(o.seed), 1);
  const identity = (t: Float64Array): Float64Array => t;
  if (o.solver === 'gd' || o.solver === 'lbfgs' || o.solver === 'newton' || problem.lambdaH === 0) {
    const seen: Seen[] = [];
    const obj = recording(objective, identity, problem, seen);
    const base = { tol: o.tol, log: true, ...(o.maxIter !== undefined ? { maxIter: o.maxIter } : {}) };
    const r =
      o.solver === 'gd'
        ? gradientDescent(obj, theta0, { ...base, step: o.step })
        : o.solver === 'newton'
          ? trustRegion(obj, theta0, { ...base, secondOrder: false, seed: o.seed })
          : lbfgs(obj, theta0, base);
    return rowsOf(0, r, seen);
  }
  // auto: L-BFGS on the class-mean reduction, then a Newton polish when it stopped short (as solveUfm).
  const red = scaledCollapsed(problem, o.loss);
  const seen1: Seen[] = [];
  const r1 = lbfgs(recording(red.obj, red.toFull, problem, seen1), red.fromFull(theta0), {
    tol: o.tol,
    log: true,
    maxIter: o.maxIter ?? 5000,
  });
  const rows = rowsOf(0, r1, seen1);
  if (r1.status !== 'converged' && r1.status !== 'non-finite' && r1.status !== 'diverged') {
    const seen2: Seen[] = [];
    const r2 = trustRegion(recording(red.obj, red.toFull, problem, seen2), r1.theta, {
      tol: o.tol,
      log: true,
      maxIter: 200,
      secondOrder: false,
      seed: o.seed,
    });
    rows.push(...rowsOf(1, r2, seen2));
  }
  return rows;
}

/** Trace file formats. */
export type TraceFormat = 'csv' | 'jsonl';

/** The format of a trace file: CSV for a `.csv` name, JSON lines otherwise. */
export function traceFormatOf(file: string): TraceFormat {
  return file.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
}

/** A CSV number: shortest round-trip decimal; empty for a non-finite or missing value. */
function csvNumber(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '' : String(x);
}

/**
 * The trace as text.
 *
 * CSV: header `stage,solver,iteration,value,gradNorm,nc1,nc2W,nc2H,nc3,nc4,cdnv`, empty cells for undefined values.
 * JSON lines: one object per row, `{stage, solver, iteration, value, gradNorm, nc1, …}`, non-finite numbers as null.
 */
export function formatTrace(rows: readonly TraceRow[], format: TraceFormat): string {
  if (format === 'csv') {
    const head = ['stage', 'solver', 'iteration', 'value', 'gradNorm', ...TRACE_METRICS].join(',');
    const lines = rows.map((r) =>
      [
        String(r.stage),
        r.solver,
        String(r.iteration),
        csvNumber(r.value),
        csvNumber(r.gradNorm),
        ...TRACE_METRICS.map((m) => csvNumber(r.metrics?.[m])),
      ].join(','),
    );
    return `${[head, ...lines].join('\n')}\n`;
  }
  return rows
    .map((r) => {
      const flat = {
        stage: r.stage,
        solver: r.solver,
        iteration: r.iteration,
        value: r.value,
        gradNorm: r.gradNorm,
        ...Object.fromEntries(TRACE_METRICS.map((m) => [m, r.metrics?.[m] ?? null])),
      };
      return `${JSON.stringify(toResultJson(flat))}\n`;
    })
    .join('');
}
