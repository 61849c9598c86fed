/**
 * Rescaled square loss, `rmse(k,M)` (Hui & Belkin 2021, "Evaluation of neural architectures trained with square loss
 * vs cross-entropy", ICLR, §3): the true-class term is weighted by k and its target raised to M,
 *
 *   ℓ(z, y) = ½ [ k (z_y − M)² + Σ_{j≠y} z_j² ],
 *
 * with the ½ of THEORY.md §0.1, so rmse(1,1) = mse. ∇ℓ = z − M e_y + (k − 1)(z_y − M) e_y, ∇²ℓ = I + (k − 1) e_y e_yᵀ.
 * Traits: convex (k > 0), permutation-equivariant, not shift-invariant (THEORY.md §10: the ≤ 3-parameter reduction).
 */
import { columnLoss } from './columnLoss.ts';
import { arity, familyId, type LossFamily } from './family.ts';
import type { ColumnKernels, LogitLoss } from './loss.ts';

export const RMSE_CITE = 'Hui & Belkin 2021 (rescaled square loss, ICLR), §3; docs/theory.md §10';

/**
 * Kernels of ½[k (z_y − M)² + Σ_{j≠y} z_j²].
 * @example
 * rescaledMseKernels(1, 1).value(2, Float64Array.of(0, 0), 1, 0, 0); // => 0.5
 */
export function rescaledMseKernels(k: number, M: number): ColumnKernels {
  return {
    value(K, z, sz, oz, y) {
      let s = 0;
      for (let j = 0; j < K; j++) {
        const zj = z[oz + j * sz] as number;
        s += j === y ? k * (zj - M) * (zj - M) : zj * zj;
      }
      return 0.5 * s;
    },
    grad(K, z, sz, oz, y, g, sg, og) {
      let s = 0;
      for (let j = 0; j < K; j++) {
        const zj = z[oz + j * sz] as number;
        if (j === y) {
          g[og + j * sg] = k * (zj - M);
          s += k * (zj - M) * (zj - M);
        } else {
          g[og + j * sg] = zj;
          s += zj * zj;
        }
      }
      return 0.5 * s;
    },
    hvp(K, _z, _sz, _oz, y, v, sv, ov, out, so, oo) {
      for (let j = 0; j < K; j++) out[oo + j * so] = (j === y ? k : 1) * (v[ov + j * sv] as number);
    },
  };
}

/**
 * Rescaled MSE.
 * @throws RangeError unless k > 0 and M finite
 * @example
 * rescaledMse(1, 5).id; // => 'rmse(1,5)'
 */
export function rescaledMse(k: number, M: number): LogitLoss {
  if (!(k > 0 && Number.isFinite(k))) throw new RangeError(`rmse(k,M): k must be a finite number > 0; got ${k}`);
  if (!Number.isFinite(M)) throw new RangeError(`rmse(k,M): M must be finite; got ${M}`);
  return columnLoss(
    familyId('rmse', [k, M]),
    RMSE_CITE,
    { convexInZ: true, permutationEquivariant: true, shiftInvariant: false },
    rescaledMseKernels(k, M),
  );
}

export const rescaledMseFamily: LossFamily = {
  name: 'rmse',
  usage: 'rmse(k,M), k > 0',
  cite: RMSE_CITE,
  build(args) {
    arity(this.usage, args, 2);
    return rescaledMse(args[0] as number, args[1] as number);
  },
};
