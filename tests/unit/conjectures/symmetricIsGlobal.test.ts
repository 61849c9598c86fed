import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/index.ts';
import { findingProblem } from '../../../src/claim/index.ts';
import { probeSymmetricIsGlobal, symmetricIsGlobal } from '../../../properties/conjectures/ce-d-below-k-minus-1-symmetric-is-global.ts';
import type { HuntUfmInstance } from '../../../properties/lib/huntInstance.ts';

function instance(K: number, d: number, lambda: number, bias: boolean, seed = 1, starts = 6): HuntUfmInstance {
  return { problem: { loss: 'ce', K, d, n: 1, lambdaW: lambda, lambdaH: lambda, lambdaB: 0, bias }, seed, starts, initScale: 1 };
}

describe('ce.d-below-k-minus-1.symmetric-is-global', () => {
  it('should find no hit for the square (K = 4, d = 2), with or without a bias', () => {
    // Arrange / Act
    const findings = [instance(4, 2, 1e-2, false), instance(4, 2, 1e-2, true), instance(4, 2, 1e-3, true, 7)].map(probeSymmetricIsGlobal);
    // Assert: every start reached the square's value (the ansatz is the best value found)
    for (const f of findings) {
      expect(findingProblem(f)).toBeUndefined();
      expect(f.status).toBe('no-hit');
    }
  });

  it('should find no hit for the bias-free hexagon (K = 6, d = 2)', () => {
    expect(probeSymmetricIsGlobal(instance(6, 2, 1e-3, false)).status).toBe('no-hit');
  });

  it('should hit with a free bias at K = 5, d = 2 (a class moves to w = 0 and is classified by its bias), with certified evidence', () => {
    // Arrange
    const inst = instance(5, 2, 1e-3, true);
    // Act
    const f = probeSymmetricIsGlobal(inst);
    // Assert: the margin exceeds the derived tolerance, and the point carries a second-order certificate
    expect(f.status).toBe('hit');
    const ev = f.evidence as { margin: number; tolerance: number; fAnsatz: number; fBest: number; certificate: { kind: string; gradNorm: number }; relaxation: { lowerBound: number } };
    expect(ev.margin).toBeGreaterThan(ev.tolerance);
    expect(['local-min', 'degenerate']).toContain(ev.certificate.kind);
    expect(ev.certificate.gradNorm).toBeLessThanOrEqual(1e-8);
    expect(ev.relaxation.lowerBound).toBeLessThanOrEqual(ev.fBest);
    // Deterministic in the instance (replay re-runs the probe)
    expect(probeSymmetricIsGlobal(inst)).toEqual(f);
  });

  it('should reject stored instances outside d < K−1, naming the field', () => {
    expect(() => symmetricIsGlobal.parseInstance(instance(4, 3, 1e-2, false))).toThrow(UsageError);
    expect(() => symmetricIsGlobal.parseInstance(instance(4, 3, 1e-2, false))).toThrow(/instance\.problem\.d/);
    expect(() => symmetricIsGlobal.parseInstance({ ...instance(4, 2, 1e-2, false), starts: 0 })).toThrow(/instance\.starts/);
    expect(symmetricIsGlobal.parseInstance(instance(4, 2, 1e-2, false))).toEqual(instance(4, 2, 1e-2, false));
  });
});
