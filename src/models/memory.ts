/**
 * Memory the plain-UFM commands need, estimated before anything sized by the problem is allocated (issue 12
 * item 2): an instance too large for the machine is a one-line usage error naming the size and the estimate, never
 * an abort (exit 134) or a RangeError from a typed-array constructor.
 *
 * The estimate counts Float64 vectors of the full parameter dimension dim = Kd + dN (+ K) and K×N logit buffers:
 * - `solve`: θ, gradient, the solver's state (L-BFGS keeps 2·10 history vectors, trust-region Newton-CG ≈ 8),
 *   the expanded point of the class-mean reduction, the fused kernels' two K×N buffers → 24·dim + 2·K·N;
 * - `certify`: the same plus thick-restart Lanczos (up to 60 basis vectors) → 84·dim + 2·K·N;
 * - `metrics`: θ, H's class means and covariance passes → 4·dim + 2·K·N.
 * Each count is rounded up from the implementation (src/solvers, src/linalg/lanczos.ts, src/models/ufm*.ts), so the
 * estimate is an upper bound on the typed arrays, not on V8's own overhead (≈ 60 MB).
 */
import { UsageError } from '../core/index.ts';
import type { UfmProblem } from './problem.ts';

/** Largest K, d and per-class count accepted by any parser: far above the papers' sizes (K = 1000, d = 2048, n ≈ 1300). */
export const SIZE_LIMITS = { K: 1_000_000, d: 1_000_000, n: 1_000_000_000 } as const;

/** What the memory is needed for. */
export type MemoryUse = 'solve' | 'certify' | 'metrics';

const VECTORS: Readonly<Record<MemoryUse, number>> = { solve: 24, certify: 84, metrics: 4 };

/**
 * Bytes of typed arrays a command needs on this problem (see the module comment for the counts).
 *
 * @example
 * ufmMemoryEstimate({ K: 10, d: 20, counts: Array(10).fill(100), bias: true, … }, 'solve'); // => 4.2e6 (≈ 4 MB)
 */
export function ufmMemoryEstimate(p: Pick<UfmProblem, 'K' | 'd' | 'counts' | 'bias'>, use: MemoryUse): number {
  let N = 0;
  for (const c of p.counts) N += c;
  const dim = p.K * p.d + p.d * N + (p.bias ? p.K : 0);
  return 8 * (VECTORS[use] * dim + 2 * p.K * N);
}

/** `bytes` as a short human figure (binary units). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let x = bytes, u = 0;
  while (x >= 1024 && u < units.length - 1) { x /= 1024; u++; }
  return `${x < 10 && u > 0 ? x.toFixed(1) : Math.round(x)} ${units[u]}`;
}

/**
 * Throws unless the estimate fits the budget.
 *
 * @param p - the problem
 * @param use - the command's need
 * @param budgetBytes - what may be used (the CLI passes UFMCHECK_MAX_MEMORY or 80 % of the machine's memory)
 * @param field - the field named by the error (e.g. `--n`, `problem`)
 * @throws {UsageError} naming the sizes, the estimate and the budget
 */
export function checkMemory(p: Pick<UfmProblem, 'K' | 'd' | 'counts' | 'bias'>, use: MemoryUse, budgetBytes: number, field: string): void {
  const need = ufmMemoryEstimate(p, use);
  if (need <= budgetBytes) return;
  let N = 0;
  for (const c of p.counts) N += c;
  throw new UsageError(field, `K = ${p.K}, d = ${p.d}, N = ${N} needs about ${formatBytes(need)} for ${use} (d×N features and K×N logits in memory), more than the ${formatBytes(budgetBytes)} available (set UFMCHECK_MAX_MEMORY to change the budget)`);
}
