/**
 * The zero threshold γ₀ of THEORY.md §10 without (S), with a decaying bias (λ_b > 0): q and s both move the common
 * logit, but q costs γ|q| and s costs (λ_bK/2)s², so at z = s₀1 (s₀ the best bias alone) the zero solution is lost
 * along 1 as soon as γ < |ℓ_m|/K, where ℓ_m = ∇ℓᵀ1 ≠ 0 because the decay keeps s₀ short of the unpenalised optimum.
 * γ₀ = max(|ℓ_p|/(K−1), |ℓ_m|/K) must count that second term whenever q is free (bias-free or λ_b > 0).
 */
import { describe, expect, it } from 'vitest';
import { shiftedMse } from './_shiftedMse.ts';
import { predictLossReduction } from '../../../src/theory/index.ts';

const EPS = Number.EPSILON;
const c = 0.5;

/** ℓ(z, y) = ½‖z − e_y − c1‖² (MSE towards a target shifted by c): convex, (E), not (S); ∇ℓ = z − e_y − c1, ∇²ℓ = I. */
const shifted = shiftedMse('mse-shifted-decay', c);

describe('predictLossReduction: the zero threshold along 1 with a decaying bias', () => {
  // K = 4, λ_b = 1. Bias alone: ∂/∂s [ℓ(s1) + ½λ_bKs²] = Ks − 1 − cK + λ_bKs = 0, s₀ = (1 + cK)/(K(1 + λ_b)) = 3/8.
  // At z = s₀1: ℓ_p = ∇ℓᵀu = −(K−1)/K, so |ℓ_p|/(K−1) = 1/K = 0.25; ℓ_m = Ks₀ − 1 − cK = −(1 + cK)λ_b/(1 + λ_b)
  // = −1.5, so |ℓ_m|/K = 0.375. γ₀ = 0.375, κ₀ = Kγ₀ = 1.5 (the margin direction alone would give κ₀ = 1).
  // Below it, with α = 0 (κ > 1): ∂F/∂q = (Km − 1 − cK)/K + γ = 0 and ∂F/∂s = Km − 1 − cK + λ_bKs = 0 for the
  // common logit m = q/K + s give s = γ/λ_b and q = 1 + cK − κ − κ/λ_b = 3 − 2κ (κ = Kγ), which reaches 0 at κ₀.
  const K = 4;
  const instAt = (kappa: number) => ({
    K,
    d: K,
    n: 1,
    lambdaW: kappa / K,
    lambdaH: kappa / K,
    lambdaB: 1,
    bias: true,
  });

  it.each([
    [1.4, false],
    [1.6, true],
  ])('should have κ₀ = 1.5, set by the common logit, and at κ = %f the zero solution: %s', (kappa, zero) => {
    // Act
    const p = predictLossReduction(shifted, shifted.traits, instAt(kappa));
    // Assert: a quadratic, so s₀ and the candidates are Newton's one step up to the solver's 1e-14 diagonal
    // regularisation and rounding; 16ε of the O(1) sizes (as the module's other threshold tests) is far below the
    // 0.5 that a threshold without the common-logit term would be off by.
    expect(p.kind).toBe('3-parameter (C)(E)');
    expect(Math.abs(p.threshold.kappa0 - 1.5)).toBeLessThanOrEqual(16 * EPS * 1.5);
    expect(p.threshold.zero).toBe(zero);
    expect(p.alpha).toBe(0);
    const gamma = kappa / K;
    expect(Math.abs(p.q - Math.max(0, 3 - 2 * kappa))).toBeLessThanOrEqual(16 * EPS * 3);
    const s = zero ? 3 / 8 : gamma;
    expect(Math.abs(p.betaPrime - s)).toBeLessThanOrEqual(16 * EPS);
  });
});
