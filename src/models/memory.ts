/**
 * Memory the plain-UFM commands need, estimated before anything sized by the problem is allocated (issue 12
 * item 2): an instance too large for the machine is a one-line usage error naming the size and the estimate, never
 * an abort (exit 134) or a RangeError from a typed-array constructor.
 *
 * The estimate counts Float64 vectors of the full parameter dimension dim = Kd + dN (+ K) and K×N logit buffers:
 * - `solve`: θ, gradient, the solver's state (L-BFGS keeps 2·10 history vectors, trust-region Newton-CG ≈ 8),
 *   the expanded point of the class-mean reduction, the fused Hessian's three K×N buffers (G interleaved with ΔG,
 *   the loss state) → 24·dim + 3·K·N;
 * - `certify`: the same plus thick-restart Lanczos (up to 60 basis vectors) → 84·dim + 3·K·N;
 * - `metrics`: θ, H's class means and covariance passes → 4·dim + 3·K·N.
 * `certify` adds the symmetry projector of the curvature certificate (certified/ufm/symmetryProjector.ts: [W; Uᵀ]
 * 2K×d, Q, its rotation and D d×m with m ≤ 2K, the 2K×2K Gram and its eigenvectors, six m×m work arrays →
 * 8·K·d + 32·K² numbers) and the second-order certificate's dense rotation tangents, which it caps at 2·10⁷ entries
 * (certified/ufm/secondOrder.ts).
 * Each count is rounded up from the implementation (src/solvers, src/linalg/lanczos.ts, src/models/ufm*.ts), so the
 * estimate is an upper bound on the typed arrays, not on V8's own overhead (≈ 60 MB).
 *
 * Collapsed path (issue 12 item 4): `solve` at the papers' sizes works on the equivalent n = 1 problem
 * (certified/ufm/collapsedProblem.ts), and the CLI passes THAT problem here, so the same counts with N = K bound it:
 * O(K·d + K²), e.g. 24·(2·1000·2048 + 1000)·8 B + 2·1000²·8 B ≈ 0.80 GB for `solve` at (1000, 2048, 1300), where
 * the full estimate is ≈ 0.5 TB.
 */
import { UsageError } from '../core/index.ts';
import type { UfmProblem } from './problem.ts';

/** Largest K, d and per-class count accepted by any parser: far above the papers' sizes (K = 1000, d = 2048, n ≈ 1300). */
export const SIZE_LIMITS = { K: 1_000_000, d: 1_000_000, n: 1_000_000_000 } as const;

/** What the memory is needed for. */
export type MemoryUse = 'solve' | 'certify' | 'metrics';

const VECTORS: Readonly<Record<MemoryUse, number>> = { solve: 24, certify: 84, metrics: 4 };

/** Entries of dense rotation tangents the second-order certificate may build (its own cap). */
const SECOND_ORDER_TANGENT_CAP = 2e7;

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
  const certifyExtra = use === 'certify' ? 8 * p.K * p.d + 32 * p.K * p.K + SECOND_ORDER_TANGENT_CAP : 0;
  return 8 * (VECTORS[use] * dim + 3 * p.K * N + certifyExtra);
}

/** `bytes` as a short human figure (binary units). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let x = bytes,
    u = 0;
  while (x >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
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
export function checkMemory(
  p: Pick<UfmProblem, 'K' | 'd' | 'counts' | 'bias'>,
  use: MemoryUse,
  budgetBytes: number,
  field: string,
): void {
  const need = ufmMemoryEstimate(p, use);
  if (need <= budgetBytes) return;
  let N = 0;
  for (const c of p.counts) N += c;
  throw new UsageError(
    field,
    `K = ${p.K}, d = ${p.d}, N = ${N} needs about ${formatBytes(need)} for ${use} (d×N features and K×N logits in memory), more than the ${formatBytes(budgetBytes)} available (set UFMCHECK_MAX_MEMORY to change the budget)`,
  );
}
