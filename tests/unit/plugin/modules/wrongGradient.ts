/**
 * A deliberately broken loss plug-in: label smoothing whose gradient forgets the smoothing (it returns the
 * cross-entropy gradient p − e_y instead of p − q). Value and HVP are right, so only the gradient test (slope 1 instead
 * of 2) — and the Hessian model built on that gradient — can catch it. Loading it must fail.
 */
import type { ColumnKernels } from '../../../../src/losses/index.ts';
import { labelSmoothingKernels } from '../../../../examples/losses/labelSmoothing.ts';

const right = labelSmoothingKernels(0.1);
const ceLike = labelSmoothingKernels(0);

export const id = 'broken-ls(0.1)';
export const kernels: ColumnKernels = {
  value: right.value,
  grad(K, z, sz, oz, y, g, sg, og) {
    ceLike.grad(K, z, sz, oz, y, g, sg, og);
    return right.value(K, z, sz, oz, y);
  },
  hvp: right.hvp,
};
