/**
 * The picture of one failure or refuted control, chosen from what its stored evidence holds:
 * - `details.points` = [{n, error}] (Theorem 5.1 sequences): error against n, log–log;
 * - `details.gapAt` = [{t, gap}] (ULPM gradient descent): the margin gap against t;
 * - a plain-UFM instance of a minimizer claim: predicted vs measured Grams, re-solved from the instance's seed;
 * - anything else: the verdict itself, measured against predicted ± tolerance.
 */
import type { StoredCounterexample } from '../input.ts';
import { ufmProblemOf } from '../compute/ufmPoint.ts';
import { figureId, num, type Figure } from './figure.ts';
import { solvedGramFigure } from './gram.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

function pointsOf(u: unknown, x: string, y: string): { x: number; y: number }[] | undefined {
  if (!Array.isArray(u)) return undefined;
  const out: { x: number; y: number }[] = [];
  for (const p of u) {
    if (typeof p !== 'object' || p === null) return undefined;
    const r = p as Record<string, unknown>;
    if (typeof r[x] !== 'number' || typeof r[y] !== 'number') return undefined;
    out.push({ x: r[x] as number, y: r[y] as number });
  }
  return out.length > 1 ? out : undefined;
}

function seriesFigure(
  id: string,
  title: string,
  caption: string,
  pts: { x: number; y: number }[],
  xTitle: string,
  yTitle: string,
): Figure {
  const logY = pts.every((p) => p.y > 0);
  return {
    id,
    title,
    caption,
    spec: {
      $schema: SCHEMA,
      width: 360,
      height: 200,
      data: { values: pts },
      mark: { type: 'line', point: true, color: '#d62728' },
      encoding: {
        x: { field: 'x', type: 'quantitative', scale: { type: 'log' }, title: xTitle },
        y: {
          field: 'y',
          type: 'quantitative',
          scale: { type: logY ? 'log' : 'linear' },
          title: yTitle,
          axis: { format: logY ? '.0e' : '.3~g' },
        },
      },
    },
  };
}

/** measured vs predicted ± tolerance as a dot plot (the verdict's own numbers). */
function verdictFigure(id: string, title: string, ce: StoredCounterexample): Figure | undefined {
  if (!Number.isFinite(ce.measured) || !Number.isFinite(ce.predicted)) return undefined;
  const tol = Number.isFinite(ce.tolerance) ? ce.tolerance : 0;
  return {
    id,
    title,
    caption: `The verdict's own numbers: measured ${num(ce.measured, 6)} against predicted ${num(ce.predicted, 6)} with tolerance ${num(tol, 3)} (bar: predicted ± tolerance), margin ${num(ce.margin, 3)}.`,
    spec: {
      $schema: SCHEMA,
      width: 360,
      height: 70,
      layer: [
        {
          data: { values: [{ lo: ce.predicted - tol, hi: ce.predicted + tol, row: 'predicted ± tol' }] },
          mark: { type: 'rule', strokeWidth: 6, color: '#9ecae1' },
          encoding: {
            x: { field: 'lo', type: 'quantitative', title: 'value', scale: { zero: false } },
            x2: { field: 'hi' },
            y: { field: 'row', type: 'nominal', title: null },
          },
        },
        {
          data: {
            values: [
              { v: ce.predicted, row: 'predicted ± tol', what: 'predicted' },
              { v: ce.measured, row: 'measured', what: 'measured' },
            ],
          },
          mark: { type: 'point', filled: true, size: 80 },
          encoding: {
            x: { field: 'v', type: 'quantitative' },
            y: { field: 'row', type: 'nominal', title: null },
            color: {
              field: 'what',
              type: 'nominal',
              legend: null,
              scale: { range: ['#d62728', '#1f77b4'], domain: ['measured', 'predicted'] },
            },
          },
        },
      ],
    },
  };
}

/** Claims whose instance is a plain-UFM problem but whose point is not the global minimizer (saddles, landscapes). */
const NOT_A_MINIMIZER = /^(saddle\.|ufm\.landscape|ce\.landscape|mse\.landscape)/;

/**
 * The picture of a stored counterexample.
 * @param claimId - the claim or control it refutes
 * @param seed - instance seed fallback (the run's)
 */
export function evidenceFigure(claimId: string, ce: StoredCounterexample): Figure | undefined {
  const id = figureId('evidence', claimId);
  const title = `Counterexample to ${claimId}`;
  const pts = pointsOf(ce.details?.['points'], 'n', 'error');
  if (pts)
    return seriesFigure(
      id,
      title,
      'The stored error sequence of the counterexample against n (log–log); Theorem 5.1 predicts slope −1/2.',
      pts,
      'samples per class n',
      'error',
    );
  const gaps = pointsOf(ce.details?.['gapAt'], 't', 'gap');
  if (gaps)
    return seriesFigure(
      id,
      title,
      'The stored normalised-margin gap 1 − γ/γ_max of the counterexample against the GD step t.',
      gaps,
      'GD step t',
      '1 − γ/γ_max',
    );
  const problem = ufmProblemOf(ce.instance);
  const inst = ce.instance as Record<string, unknown> | null;
  const seed =
    inst !== null && typeof inst === 'object' && typeof inst['seed'] === 'number' ? (inst['seed'] as number) : 0;
  if (problem !== undefined && !NOT_A_MINIMIZER.test(claimId)) {
    let g: Figure | undefined;
    try {
      g = solvedGramFigure(id, title, problem, seed, 'The shrunk instance:');
    } catch {
      // A loss this process cannot re-solve (a plug-in given to verify --loss): draw the verdict instead.
      g = undefined;
    }
    if (g) return g;
  }
  return verdictFigure(id, title, ce);
}
