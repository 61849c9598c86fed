/**
 * Lifts per-column loss kernels to a {@link LogitLoss} on a logit matrix (STYLE.md §2.3):
 * g(Z) = (1/N) Σ_j ℓ(Z[:,j], y_j), ∇g = (1/N)[∇ℓ(Z[:,j], y_j)]_j, ∇²g[V] = (1/N)[∇²ℓ(Z[:,j], y_j)·V[:,j]]_j
 * (THEORY.md §0.1, §0.2). The 1/N is applied here, never in the kernels. Column j of a row-major K×N matrix
 * is the strided view (stride N, offset j), so the kernels run in place with no copy.
 *
 * A new loss variant is one small file: write the three {@link ColumnKernels} and call `columnLoss`.
 */
import type { Mat } from '../core/index.ts';
import type { ColumnKernels, LogitLoss, LossTraits } from './loss.ts';

/** Kernels of every loss built by {@link columnLoss}, so models can run them on cache-resident column blocks. */
const kernelsOf = new WeakMap<LogitLoss, ColumnKernels>();

/**
 * The per-column kernels a loss was built from, or undefined for a LogitLoss not made by {@link columnLoss}.
 * Models use them for fused, blocked passes (the result must equal the loss's own methods to rounding).
 */
export function columnKernelsOf(loss: LogitLoss): ColumnKernels | undefined {
  return kernelsOf.get(loss);
}

function checkShape(name: string, A: Mat, K: number, N: number): void {
  if (A.rows !== K || A.cols !== N) throw new RangeError(`${name} must be ${K}×${N}; got ${A.rows}×${A.cols}`);
}

function checkLabels(Z: Mat, y: Int32Array): void {
  if (y.length !== Z.cols) throw new RangeError(`y must have one label per column of Z (${Z.cols}); got ${y.length}`);
}

/**
 * Builds a LogitLoss from per-column kernels.
 * @param id - loss id used by fixtures and the CLI (e.g. 'ce')
 * @param cite - where the loss form comes from (e.g. 'THEORY.md §0.1')
 * @param traits - facts about ℓ that claims may rely on (each pinned by a unit test)
 * @param kernels - value / gradient / Hessian-vector kernels of ℓ(·, y) on one column, without 1/N
 * @returns the loss on K×N logit matrices; its methods throw RangeError on mismatched shapes and allocate nothing
 * @example
 * const half = columnLoss('sq', 'doc', traits, kernels);
 * half.value(Z, y); // => (1/N) Σ_j ℓ(Z[:,j], y_j)
 */
export function columnLoss(id: string, cite: string, traits: LossTraits, kernels: ColumnKernels): LogitLoss {
  const { value: kValue, grad: kGrad, hvp: kHvp } = kernels;
  const loss: LogitLoss = {
    id,
    cite,
    traits,
    value(Z: Mat, y: Int32Array): number {
      checkLabels(Z, y);
      const K = Z.rows;
      const N = Z.cols;
      if (N === 0) return 0;
      let s = 0;
      for (let j = 0; j < N; j++) s += kValue(K, Z.data, N, j, y[j] as number);
      return s / N;
    },
    valueAndGrad(Z: Mat, y: Int32Array, G: Mat): number {
      checkLabels(Z, y);
      const K = Z.rows;
      const N = Z.cols;
      checkShape('G', G, K, N);
      if (N === 0) return 0;
      let s = 0;
      for (let j = 0; j < N; j++) s += kGrad(K, Z.data, N, j, y[j] as number, G.data, N, j);
      const inv = 1 / N;
      const g = G.data;
      for (let i = 0; i < K * N; i++) g[i] = (g[i] as number) * inv;
      return s / N;
    },
    hvp(Z: Mat, y: Int32Array, V: Mat, out: Mat): void {
      checkLabels(Z, y);
      const K = Z.rows;
      const N = Z.cols;
      checkShape('V', V, K, N);
      checkShape('out', out, K, N);
      if (N === 0) return;
      for (let j = 0; j < N; j++) kHvp(K, Z.data, N, j, y[j] as number, V.data, N, j, out.data, N, j);
      const inv = 1 / N;
      const o = out.data;
      for (let i = 0; i < K * N; i++) o[i] = (o[i] as number) * inv;
    },
  };
  kernelsOf.set(loss, kernels);
  return loss;
}
