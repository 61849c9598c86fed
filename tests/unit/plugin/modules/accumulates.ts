/** A broken plug-in whose gradient kernel adds into g instead of writing it. */
import { ceKernels } from '../../../../src/losses/index.ts';

export default {
  id: 'broken-accumulate',
  kernels: {
    value: ceKernels.value,
    grad(
      K: number,
      z: Float64Array,
      sz: number,
      oz: number,
      y: number,
      g: Float64Array,
      sg: number,
      og: number,
    ): number {
      const tmp = new Float64Array(K);
      const v = ceKernels.grad(K, z, sz, oz, y, tmp, 1, 0);
      for (let k = 0; k < K; k++) g[og + k * sg] = (g[og + k * sg] as number) + (tmp[k] as number);
      return v;
    },
    hvp: ceKernels.hvp,
  },
};
