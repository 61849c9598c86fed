import { describe, expect, it } from 'vitest';
import { findingProblem } from '../../../src/claim/index.ts';
import { probeNoSpuriousMinima } from '../../../properties/conjectures/ce-d-below-k-minus-1-no-spurious-minima.ts';
import type { HuntUfmInstance } from '../../../src/hunt/instance.ts';

function instance(K: number, d: number, lambda: number, bias: boolean, seed = 1, starts = 6): HuntUfmInstance {
  return {
    problem: { loss: 'ce', K, d, n: 1, lambdaW: lambda, lambdaH: lambda, lambdaB: 0, bias },
    seed,
    starts,
    initScale: 1,
  };
}

describe('ce.d-below-k-minus-1.no-spurious-minima', () => {
  it('should find no hit at K = 4, d = 2 (every start reaches the square)', () => {
    for (const inst of [instance(4, 2, 1e-2, false), instance(4, 2, 1e-2, true)]) {
      const f = probeNoSpuriousMinima(inst);
      expect(findingProblem(f)).toBeUndefined();
      expect(f.status).toBe('no-hit');
    }
  });

  it('should hit on the bias-free spurious minimum found at K = 8, d = 5 (certified strict local minimum above the best start)', () => {
    // Arrange: an instance the hunt's generator drew (seed 7 sample); start 3 ends 5.0e-5 above the best value.
    const inst: HuntUfmInstance = {
      problem: { loss: 'ce', K: 8, d: 5, n: 1, lambdaW: 0.004, lambdaH: 0.004, lambdaB: 0, bias: false },
      seed: 1188971875,
      starts: 4,
      initScale: 1,
    };
    // Act
    const f = probeNoSpuriousMinima(inst);
    // Assert: the excess over f_best exceeds the certified value tolerance, and the curvature modulo symmetry is > 0
    expect(f.status).toBe('hit');
    const ev = f.evidence as {
      excess: number;
      valueTolerance: number;
      certificate: {
        kind: string;
        restrictedLambdaMin: number;
        restrictedResidual: number;
        curvatureTolerance: number;
        mu: number;
      };
    };
    expect(ev.excess).toBeGreaterThan(ev.valueTolerance);
    expect(ev.certificate.kind).toBe('local-min');
    expect(ev.certificate.restrictedLambdaMin - ev.certificate.restrictedResidual).toBeGreaterThan(
      ev.certificate.curvatureTolerance,
    );
    expect(ev.certificate.mu).toBeGreaterThan(0);
  });
});
