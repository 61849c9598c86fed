/**
 * What `ufmcheck solve` and `ufmcheck metrics` print about a point: the NC metrics of THEORY.md §2.7 (nc4 is Zhu's
 * bias residual, nccAgreement Papyan's NC4; NC1 is the pinv variant with an explicit rank cut-off), the bias, the
 * squared classifier norms and W Wᵀ.
 */
import { matOf } from '../../core/index.ts';
import { gramRows, ncMetrics } from '../../geometry/index.ts';
import type { NcMetrics } from '../../geometry/index.ts';
import { ufmLayout } from '../../models/index.ts';
import type { UfmProblem } from '../../models/index.ts';

export interface PointReport {
  readonly metrics: NcMetrics;
  readonly bias: number[];
  readonly wNormsSq: number[];
  readonly gramW: number[][];
}

export function pointReport(problem: UfmProblem, theta: Float64Array): PointReport {
  const L = ufmLayout(problem);
  const W = matOf(L.K, L.d, theta.slice(L.offW, L.offW + L.K * L.d));
  const H = matOf(L.d, L.N, theta.slice(L.offH, L.offH + L.d * L.N));
  const b = L.hasBias ? theta.slice(L.offB, L.offB + L.K) : undefined;
  const G = gramRows(W);
  const gramW: number[][] = [];
  for (let i = 0; i < L.K; i++) gramW.push(Array.from(G.data.subarray(i * L.K, (i + 1) * L.K)));
  return {
    metrics: ncMetrics(W, H, b, problem.counts),
    bias: b ? Array.from(b) : [],
    wNormsSq: gramW.map((r, i) => r[i] as number),
    gramW,
  };
}
