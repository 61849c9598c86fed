/**
 * A test loss for THEORY.md §10 without (S): ℓ(z, y) = ½‖z − e_y − c1‖², MSE towards a target shifted by c along 1.
 * Convex, permutation-equivariant (E), not shift-invariant; ∇ℓ = z − e_y − c1, ∇²ℓ = I.
 */
import type { LogitLoss } from '../../../src/losses/index.ts';
import { columnLoss } from '../../../src/losses/index.ts';

export function shiftedMse(id: string, c: number): LogitLoss {
  return columnLoss(
    id,
    'test',
    { convexInZ: true, permutationEquivariant: true, shiftInvariant: false },
    {
      value(K, z, sz, oz, y) {
        let v = 0;
        for (let j = 0; j < K; j++) v += 0.5 * ((z[oz + j * sz] as number) - (j === y ? 1 : 0) - c) ** 2;
        return v;
      },
      grad(K, z, sz, oz, y, g, sg, og) {
        let v = 0;
        for (let j = 0; j < K; j++) {
          const r = (z[oz + j * sz] as number) - (j === y ? 1 : 0) - c;
          g[og + j * sg] = r;
          v += 0.5 * r * r;
        }
        return v;
      },
      hvp(K, _z, _sz, _oz, _y, v, sv, ov, out, so, oo) {
        for (let j = 0; j < K; j++) out[oo + j * so] = v[ov + j * sv] as number;
      },
    },
  );
}
