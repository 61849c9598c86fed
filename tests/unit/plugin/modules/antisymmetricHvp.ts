/**
 * A broken plug-in whose HVP adds an antisymmetric term A·v (A = 0.05(e₀e₁ᵀ − e₁e₀ᵀ)): the quadratic form
 * ⟨v, Hv⟩ is still right, so only the HVP-vs-gradient test sees it. A full LogitLoss (not kernels), wrapping CE.
 */
import type { Mat } from '../../../../src/core/index.ts';
import type { LogitLoss } from '../../../../src/losses/index.ts';
import { ce } from '../../../../src/losses/index.ts';

export const loss: Omit<LogitLoss, 'traits'> = {
  id: 'broken-hvp',
  cite: 'tests',
  value: (Z, y) => ce.value(Z, y),
  valueAndGrad: (Z, y, G) => ce.valueAndGrad(Z, y, G),
  hvp(Z: Mat, y: Int32Array, V: Mat, out: Mat) {
    ce.hvp(Z, y, V, out);
    const N = Z.cols;
    for (let j = 0; j < N; j++) {
      const v0 = V.data[j] as number;
      const v1 = V.data[N + j] as number;
      out.data[j] = (out.data[j] as number) + (0.05 * v1) / N;
      out.data[N + j] = (out.data[N + j] as number) - (0.05 * v0) / N;
    }
  },
};
