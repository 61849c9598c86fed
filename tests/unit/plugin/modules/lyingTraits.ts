/** MSE kernels that claim to be shift-invariant (MSE is not): the declared trait must be refuted. */
import { mseKernels } from '../../../../src/losses/index.ts';

export default { id: 'lying-mse', traits: { convexInZ: true, shiftInvariant: true }, kernels: mseKernels };
