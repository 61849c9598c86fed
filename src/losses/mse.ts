/**
 * Mean squared error on logits: ℓ(z, y) = ½‖z − e_y‖² (THEORY.md §0.1, Tirer & Bruna 2022), so that
 * g(Z) = (1/(2N))‖Z − Y‖_F². Gradient ∇ℓ = z − e_y, Hessian ∇²ℓ = I (THEORY.md §0.2).
 *
 * Traits: convex in z, permutation-equivariant, not shift-invariant.
 */
import type { ColumnKernels, LogitLoss } from './loss.ts';
import { columnLoss } from './columnLoss.ts';

/** Per-column kernels of ½‖z − e_y‖² (no 1/N). */
export const mseKernels: ColumnKernels = {
  value(K: number, z: Float64Array, sz: number, oz: number, y: number): number {
    let s = 0;
    for (let k = 0; k < K; k++) {
      const r = (z[oz + k * sz] as number) - (k === y ? 1 : 0);
      s += r * r;
    }
    return 0.5 * s;
  },
  grad(K: number, z: Float64Array, sz: number, oz: number, y: number, g: Float64Array, sg: number, og: number): number {
    let s = 0;
    for (let k = 0; k < K; k++) {
      const r = (z[oz + k * sz] as number) - (k === y ? 1 : 0);
      g[og + k * sg] = r;
      s += r * r;
    }
    return 0.5 * s;
  },
  hvp(
    K: number,
    _z: Float64Array,
    _sz: number,
    _oz: number,
    _y: number,
    v: Float64Array,
    sv: number,
    ov: number,
    out: Float64Array,
    so: number,
    oo: number,
  ): void {
    for (let k = 0; k < K; k++) out[oo + k * so] = v[ov + k * sv] as number;
  },
};

/**
 * Squared loss ½‖z − e_y‖² on K×N logits (mean over columns).
 * @example
 * mse.value(fromRows([[0], [0]]), Int32Array.of(0)); // => 0.5
 */
export const mse: LogitLoss = columnLoss(
  'mse',
  'THEORY.md §0.1 (Tirer & Bruna 2022)',
  { convexInZ: true, permutationEquivariant: true, shiftInvariant: false },
  mseKernels,
);
