/**
 * solveConvexRelaxation's answer for a loss without a conjugate (src/certify/global.ts; THEORY.md §0.3, §7.1): the
 * status is 'unsupported' and `why` names the loss and the kinds that are implemented, so that `certify --global`
 * can say why no lower bound was computed.
 */
import { describe, expect, it } from 'vitest';
import { solveConvexRelaxation } from '../../../src/certify/index.ts';
import { columnLoss, mseKernels } from '../../../src/losses/index.ts';
import type { UfmProblem } from '../../../src/models/index.ts';

describe('solveConvexRelaxation for an unsupported loss', () => {
  it('should say which loss has no conjugate and which ones do', () => {
    // Arrange: MSE's kernels under another id, so the module does not recognise its conjugate.
    const plug = columnLoss(
      'sq-plugin-why',
      'test',
      { convexInZ: true, permutationEquivariant: true, shiftInvariant: false },
      mseKernels,
    );
    const p: UfmProblem = {
      loss: 'sq-plugin-why',
      K: 3,
      d: 2,
      counts: [1, 1, 1],
      lambdaW: 1e-2,
      lambdaH: 1e-2,
      lambdaB: 0,
      bias: false,
    };
    // Act
    const r = solveConvexRelaxation(p, plug);
    // Assert
    expect(r.status).toBe('unsupported');
    expect(r.why).toBe("loss 'sq-plugin-why' has no conjugate implemented (only 'ce' and 'mse')");
    expect(r.lowerBound).toBe(-Infinity);
  });
});
