/**
 * Predicted vs measured Gram heatmaps, W Wᵀ and H̄ᵀH̄ (the matrices Zhu et al. 2021 and Tirer & Bruna 2022 plot to
 * show NC2/NC3): the measured point is re-solved here by the certified pipeline (`auto`, src/certified/ufm/solve.ts)
 * from the instance's own seed; the prediction is the closed form of the theorem covering the instance
 * (THEORY.md §1.1, §2.1–2.3), absent when none does.
 */
import type { Mat } from '../../core/index.ts';
import { solveUfm } from '../../certified/index.ts';
import type { UfmProblem } from '../../models/index.ts';
import { measuredGrams, predictedGrams, type GramPair } from '../compute/ufmPoint.ts';
import { num, problemCaption, type Figure } from './figure.ts';

interface Cell {
  readonly matrix: string;
  readonly source: string;
  readonly i: number;
  readonly j: number;
  readonly value: number;
}

function cells(G: Mat, matrix: string, source: string): Cell[] {
  const out: Cell[] = [];
  for (let i = 0; i < G.rows; i++)
    for (let j = 0; j < G.cols; j++)
      out.push({ matrix, source, i: i + 1, j: j + 1, value: G.data[i * G.cols + j] as number });
  return out;
}

function row(matrix: string, measured: Mat, predicted: Mat | undefined, K: number): Record<string, unknown> {
  const values = [...(predicted ? cells(predicted, matrix, 'predicted') : []), ...cells(measured, matrix, 'measured')];
  const size = Math.max(110, Math.min(190, 32 * K));
  return {
    data: { values },
    facet: {
      column: {
        field: 'source',
        type: 'nominal',
        title: matrix,
        sort: ['predicted', 'measured'],
        header: { labelFontSize: 12, titleFontSize: 13 },
      },
    },
    spec: {
      width: size,
      height: size,
      layer: [
        {
          mark: { type: 'rect', opacity: 0.75 },
          encoding: {
            x: { field: 'j', type: 'ordinal', title: null },
            y: { field: 'i', type: 'ordinal', title: null },
            color: {
              field: 'value',
              type: 'quantitative',
              title: matrix,
              scale: { scheme: 'redblue', reverse: true, domainMid: 0 },
              legend: { format: '.2~g', gradientLength: 90 },
            },
            tooltip: [{ field: 'i' }, { field: 'j' }, { field: 'value', format: '.6~g' }],
          },
        },
        ...(K <= 6
          ? [
              {
                mark: { type: 'text' as const, fontSize: 8 },
                encoding: {
                  x: { field: 'j', type: 'ordinal' as const },
                  y: { field: 'i', type: 'ordinal' as const },
                  text: { field: 'value', type: 'quantitative' as const, format: '.2~g' },
                },
              },
            ]
          : []),
      ],
    },
    resolve: { scale: { color: 'shared' } },
  };
}

/** The heatmap figure of a point (measured Grams) against a prediction (optional). */
export function gramFigure(
  id: string,
  title: string,
  caption: string,
  K: number,
  measured: GramPair,
  predicted: GramPair | undefined,
): Figure {
  return {
    id,
    title,
    caption,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      hconcat: [
        row('W Wᵀ', measured.gramW, predicted?.gramW, K),
        row('H̄ᵀH̄', measured.gramHbar, predicted?.gramHbar, K),
      ],
      resolve: { scale: { color: 'independent' } },
    },
  };
}

/** Solutions by (problem, seed): shrunk counterexamples of different controls are often the same instance. */
const SOLVED = new Map<string, ReturnType<typeof solveUfm>>();

function solvedOnce(problem: UfmProblem, seed: number): ReturnType<typeof solveUfm> {
  const key = JSON.stringify([problem, seed]);
  let sol = SOLVED.get(key);
  if (sol === undefined) {
    if (SOLVED.size > 256) SOLVED.clear();
    sol = solveUfm(problem, { seed });
    SOLVED.set(key, sol);
  }
  return sol;
}

/**
 * Re-solves `problem` from `seed` and draws its Grams against the closed form.
 * @returns the figure, or undefined when the solve did not converge (nothing certified to draw)
 */
export function solvedGramFigure(
  id: string,
  title: string,
  problem: UfmProblem,
  seed: number,
  context: string,
): Figure | undefined {
  const sol = solvedOnce(problem, seed);
  if (sol.result.status !== 'converged') return undefined;
  const measured = measuredGrams(problem, sol.result.theta);
  const pred = predictedGrams(problem);
  const vs = pred
    ? `predicted by ${pred.cite} (f* = ${num(pred.fStar, 6)})`
    : 'no closed form covers this instance, so only the measured Grams are drawn';
  return gramFigure(
    id,
    title,
    `${context} ${problemCaption(problem)}; measured point solved from seed ${seed} (‖∇f‖ = ${num(sol.result.gradNorm, 2)}, f = ${num(sol.result.value, 6)}), ${vs}.`,
    problem.K,
    measured,
    pred,
  );
}
