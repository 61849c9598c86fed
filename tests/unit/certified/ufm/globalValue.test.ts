/**
 * globalValue (src/certified/ufm/globalValue.ts): the closed-form f* of each plain-UFM case, checked against the
 * formulas of THEORY.md §1.1 (CE, Zhu et al. 2021 Thm 3.1) and §2.1–2.3 (MSE, Tirer & Bruna 2022), evaluated by
 * hand here at one instance: K = 4, n = 4, λ_W = λ_H = 0.025, so γ = √(nλ_Wλ_H) = 0.05 and κ = Kγ = 0.2
 * (φ(κ) = κ − κ²/2 = 0.18). Each case's value differs from the others', so a wrong dispatch cannot pass.
 * The tolerance is a few ulps of values ≈ 0.1–0.6: the library evaluates the same expressions in another order.
 */
import { describe, expect, it } from 'vitest';
import { globalValue } from '../../../../src/certified/ufm/globalValue.ts';
import { parseUfmProblem } from '../../../../src/models/index.ts';
import type { UfmProblem } from '../../../../src/models/index.ts';

const ULPS = 8 * Number.EPSILON;

function problem(over: Record<string, unknown>): UfmProblem {
  return parseUfmProblem({ loss: 'mse', K: 4, d: 4, n: 4, lambdaW: 0.025, lambdaH: 0.025, lambdaB: 0, ...over });
}

describe('globalValue closed forms', () => {
  it('should give CE f* = −log(1 − (K−1)γ) + (K−1)γ·log(1/γ − (K−1)) below the threshold κ < 1 (§1.1)', () => {
    // Arrange: γ = 0.05, t* = log(20 − 3) = log 17
    const expected = -Math.log(1 - 3 * 0.05) + 3 * 0.05 * Math.log(17);
    // Act
    const f = globalValue(problem({ loss: 'ce' }));
    // Assert
    expect(Math.abs(f - expected)).toBeLessThanOrEqual(ULPS * expected);
  });

  it('should give CE f* = log K in the zero regime κ ≥ 1 (§1.1)', () => {
    // Arrange: λ = 0.25 → γ = 0.5, κ = 2
    const p = problem({ loss: 'ce', lambdaW: 0.25, lambdaH: 0.25 });
    // Act / Assert
    expect(globalValue(p)).toBe(Math.log(4));
  });

  it('should give the bias-free MSE f* = φ(κ) = 0.18 (§2.1)', () => {
    expect(Math.abs(globalValue(problem({ bias: false })) - 0.18)).toBeLessThanOrEqual(ULPS);
  });

  it('should give the free-bias MSE f* = ((K−1)/K)·φ(κ) = 0.135 (§2.2)', () => {
    expect(Math.abs(globalValue(problem({ bias: true, lambdaB: 0 })) - 0.135)).toBeLessThanOrEqual(ULPS);
  });

  it('should give the regularised-bias MSE f* of Case A, ((K−1)/K)φ + λ_b/(2K(1+λ_b)), for λ_b ≤ κ/(1−κ) (§2.3)', () => {
    // Arrange: λ_b = 0.1 ≤ 0.25
    const expected = 0.135 + 0.1 / (2 * 4 * 1.1);
    // Act
    const f = globalValue(problem({ lambdaB: 0.1 }));
    // Assert
    expect(Math.abs(f - expected)).toBeLessThanOrEqual(ULPS);
  });

  it('should give the Case B value ((K−1)/K)φ + (κ − κ²/2 − κ²/(2λ_b))/K for λ_b > κ/(1−κ) and d ≥ K (§2.3)', () => {
    // Arrange: λ_b = 1 > 0.25: 0.135 + (0.2 − 0.02 − 0.02)/4 = 0.175
    // Act
    const f = globalValue(problem({ lambdaB: 1 }));
    // Assert
    expect(Math.abs(f - 0.175)).toBeLessThanOrEqual(ULPS);
  });

  it('should pass d on, so that d = K−1 takes Case A even above the boundary (§2.3, §7.3)', () => {
    // Arrange: the same λ_b = 1 with d = 3 = K − 1: 0.135 + 1/16
    // Act
    const f = globalValue(problem({ lambdaB: 1, d: 3 }));
    // Assert
    expect(Math.abs(f - (0.135 + 1 / 16))).toBeLessThanOrEqual(ULPS);
  });

  it('should refuse d < K−1 for CE, where Thm 3.1 does not apply', () => {
    expect(() => globalValue(problem({ loss: 'ce', d: 2 }))).toThrow(/d/);
  });

  it('should refuse imbalanced classes, naming the reason', () => {
    // Arrange
    const p = parseUfmProblem({ loss: 'ce', K: 3, d: 3, counts: [1, 2, 2], lambdaW: 0.01, lambdaH: 0.01 });
    // Act / Assert
    expect(() => globalValue(p)).toThrow('globalValue needs balanced classes');
  });

  it('should refuse a loss without a closed form, naming it', () => {
    expect(() => globalValue(problem({ loss: 'focal(2)' }))).toThrow("no closed form for loss 'focal(2)'");
  });
});
