/**
 * The naive reference for benchmark ratios: the UFM value and gradient (THEORY.md §0.1, §0.2) the way a
 * straightforward JS implementation computes them — three textbook triple-loop products (i-j-k order, one dot
 * product per output entry, no blocking, one accumulator) and a separate softmax/residual pass over the full
 * K×N logits. Same results as `ufmObjective(...).valueAndGrad` to rounding (pinned by a unit test); only its
 * speed differs. Scratch is allocated once per reference, so the timing measures arithmetic, not allocation.
 *
 * Supports the built-in losses 'ce' and 'mse', every bias mode and per-class counts.
 */
import type { UfmProblem } from '../../src/models/index.ts';
import { labelsOf, ufmLayout } from '../../src/models/index.ts';

/** A naive value-and-gradient evaluator for one problem. */
export interface NaiveUfm {
  readonly dim: number;
  /** Writes ∇f(θ) into g and returns f(θ). */
  valueAndGrad(theta: Float64Array, g: Float64Array): number;
}

/**
 * Builds the naive reference for `problem` (loss 'ce' or 'mse').
 * @throws RangeError for another loss id
 */
export function naiveUfm(problem: UfmProblem): NaiveUfm {
  const L = ufmLayout(problem);
  const { K, d, N, offW, offH, offB, hasBias, dim } = L;
  const isCe = problem.loss === 'ce';
  if (!isCe && problem.loss !== 'mse')
    throw new RangeError(`naive reference supports 'ce' and 'mse'; got '${problem.loss}'`);
  const y = labelsOf(problem);
  const Z = new Float64Array(K * N);
  const G = new Float64Array(K * N);
  const { lambdaW, lambdaH } = problem;
  const lambdaB = hasBias ? problem.lambdaB : 0;

  const valueAndGrad = (theta: Float64Array, g: Float64Array): number => {
    // Z = W H + b 1ᵀ
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < N; j++) {
        let s = hasBias ? (theta[offB + k] as number) : 0;
        for (let r = 0; r < d; r++) s += (theta[offW + k * d + r] as number) * (theta[offH + r * N + j] as number);
        Z[k * N + j] = s;
      }
    }
    // loss and G = ∇g(Z), column by column
    let loss = 0;
    for (let j = 0; j < N; j++) {
      const yj = y[j] as number;
      if (isCe) {
        let m = -Infinity;
        for (let k = 0; k < K; k++) m = Math.max(m, Z[k * N + j] as number);
        let s = 0;
        for (let k = 0; k < K; k++) s += Math.exp((Z[k * N + j] as number) - m);
        loss += m + Math.log(s) - (Z[yj * N + j] as number);
        for (let k = 0; k < K; k++)
          G[k * N + j] = (Math.exp((Z[k * N + j] as number) - m) / s - (k === yj ? 1 : 0)) / N;
      } else {
        for (let k = 0; k < K; k++) {
          const rr = (Z[k * N + j] as number) - (k === yj ? 1 : 0);
          loss += 0.5 * rr * rr;
          G[k * N + j] = rr / N;
        }
      }
    }
    let f = loss / N;
    // ∂W = G Hᵀ + λ_W W
    for (let k = 0; k < K; k++) {
      for (let r = 0; r < d; r++) {
        let s = 0;
        for (let j = 0; j < N; j++) s += (G[k * N + j] as number) * (theta[offH + r * N + j] as number);
        const w = theta[offW + k * d + r] as number;
        g[offW + k * d + r] = s + lambdaW * w;
        f += 0.5 * lambdaW * w * w;
      }
    }
    // ∂H = Wᵀ G + λ_H H
    for (let r = 0; r < d; r++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += (theta[offW + k * d + r] as number) * (G[k * N + j] as number);
        const h = theta[offH + r * N + j] as number;
        g[offH + r * N + j] = s + lambdaH * h;
        f += 0.5 * lambdaH * h * h;
      }
    }
    // ∂b = G 1 + λ_b b
    if (hasBias) {
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let j = 0; j < N; j++) s += G[k * N + j] as number;
        const b = theta[offB + k] as number;
        g[offB + k] = s + lambdaB * b;
        f += 0.5 * lambdaB * b * b;
      }
    }
    return f;
  };
  return { dim, valueAndGrad };
}
