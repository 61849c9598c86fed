import { describe, expect, it } from 'vitest';
import { findingProblem } from '../../../src/claim/index.ts';
import {
  analyseMinorityHit,
  minorityCollapseCe,
  minorityCollapseMse,
  probeMinorityCollapse,
} from '../../../properties/conjectures/imbalanced-minority-collapse.ts';
import type { ImbalanceInstance } from '../../../src/hunt/imbalance.ts';
import { mseBiasFreeCollapseRatio } from '../../../src/hunt/imbalance.ts';

function instance(loss: string, ratio: number, lambdaW: number, lambdaH: number, bias: boolean): ImbalanceInstance {
  return { loss, K: 4, majority: 2, nMinor: 1, ratio, lambdaW, lambdaH, lambdaB: 0, bias, seed: 3 };
}

describe('imbalanced.minority-collapse', () => {
  it('should find no hit on balanced classes (R = 1: the minority classifiers are ETF vertices)', () => {
    for (const f of [
      probeMinorityCollapse(instance('ce', 1, 1e-2, 1e-2, true)),
      probeMinorityCollapse(instance('mse', 1, 1e-2, 1e-2, true)),
    ]) {
      expect(findingProblem(f)).toBeUndefined();
      expect(f.status).toBe('no-hit');
    }
  });

  it('should hit on a strongly imbalanced CE instance (R = 100), with the global minimum certified by the relaxation', () => {
    // Act
    const f = probeMinorityCollapse(instance('ce', 100, 1e-2, 1e-2, true));
    // Assert
    expect(f.status).toBe('hit');
    const ev = f.evidence as {
      gap: number;
      certificate: { gSpectral: number; kktBound: number; kktAllowance: number };
      geometry: { relativeSpread: number };
    };
    expect(ev.gap).toBeLessThanOrEqual(1e-8);
    expect(ev.certificate.gSpectral).toBeLessThanOrEqual(ev.certificate.kktBound + ev.certificate.kktAllowance);
    expect(ev.geometry.relativeSpread).toBeLessThan(1e-3);
  });

  it('should switch from no-hit to hit exactly at the closed-form collapse ratio of bias-free MSE', () => {
    // Arrange: √n_minor ≤ N√(λ_Wλ_H) ⇔ R ≥ R_c = 42.85 for K = 4, 2 majority classes, λ = (1e-2, 1.3e-2) —
    // far from an integer, so the η-band of the collapse measurement (relative O(η²)) cannot straddle it.
    const Rc = mseBiasFreeCollapseRatio(4, 2, 1, 1e-2, 1.3e-2);
    expect(Rc).toBeGreaterThan(42.8);
    expect(Rc).toBeLessThan(42.9);
    // Act
    const below = probeMinorityCollapse(instance('mse', 42, 1e-2, 1.3e-2, false));
    const above = probeMinorityCollapse(instance('mse', 43, 1e-2, 1.3e-2, false));
    // Assert
    expect(below.status).toBe('no-hit');
    expect(above.status).toBe('hit');
  });

  it('should parse stored instances and reject another loss, naming the field', () => {
    const inst = instance('ce', 10, 1e-2, 1e-2, true);
    expect(minorityCollapseCe.parseInstance(inst)).toEqual(inst);
    expect(() => minorityCollapseMse.parseInstance(inst)).toThrow(/instance\.loss/);
    expect(() => minorityCollapseCe.parseInstance({ ...inst, majority: 3 })).toThrow(/instance\.majority/);
  });

  it('should give minority collapse a K-free signature computed from the certified point: at w = 0, or merged into one', () => {
    // Arrange
    const ce4 = instance('ce', 100, 1e-2, 1e-2, true);
    const ce6: ImbalanceInstance = { ...ce4, K: 6, majority: 3 };
    // K = 3 with one majority class and no bias: Σ_k w_k = 0 at every critical point (THEORY.md §0.2), so the two
    // minority classifiers cannot both vanish unless the majority one does — they merge at −w_major/2 instead.
    const ce3: ImbalanceInstance = {
      loss: 'ce',
      K: 3,
      majority: 1,
      nMinor: 1,
      ratio: 32,
      lambdaW: 0.032,
      lambdaH: 0.032,
      lambdaB: 0,
      bias: false,
      seed: 3,
    };
    const mse = instance('mse', 43, 1e-2, 1.3e-2, false);
    // Act
    const [a4, a6, a3, am] = [ce4, ce6, ce3, mse].map((i) => analyseMinorityHit(i, probeMinorityCollapse(i)));
    // Assert
    expect(a4?.signature).toBe('ce · bias · minority classifiers at w=0 · majority distinct');
    expect(a6?.signature).toBe(a4?.signature);
    expect(a3?.signature).toBe('ce · no bias · minority classifiers merged into one · majority distinct');
    expect(a3?.description).toContain('merged {1,2}');
    expect(am?.signature).toBe('mse · no bias · minority classifiers at w=0 · majority distinct');
    expect((a4?.point as { W: number[][] }).W).toHaveLength(4);
  });
});
