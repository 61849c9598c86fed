/**
 * Tirer & Bruna 2022 Thm 5.1 (THEORY.md §2.1, §2.6): the deterministic orientation of H̄* (no rng: R = [I_K; 0]),
 * λ_H = 0 refused, the citation carried by every prediction, and the replicates' root-mean-square error. Written for
 * the survivors of `npm run mutation` on src/theory/fixedFeatures.ts (issue 9 item 5).
 *
 * Tolerances: the deterministic frame is built by one square root and one product per entry (exact to ≤ 2ε
 * relative); W(H*) = W* holds to ≤ 1e-12 relative (tests/unit/theory/fixedFeatures.test.ts), so with σ = 0 every
 * replicate's error against scale s is |1 − s| to ≤ 1e-12.
 */
import { describe, it, expect } from 'vitest';
import { UsageError } from '../../../src/core/index.ts';
import type { FixedFeaturesProblem } from '../../../src/models/fixedFeatures.ts';
import { predictFixedFeatures, runFixedFeaturesSequence } from '../../../src/theory/fixedFeatures.ts';

const EPS = Number.EPSILON;
const P: FixedFeaturesProblem = { K: 3, d: 5, n0: 10, lambdaW: 4e-3, lambdaH: 1e-2, sigma: 0.3, noise: 'gaussian' };

describe('predictFixedFeatures without an rng', () => {
  it('should orient H̄* as √ρ_H·[I_K; 0] (every class a distinct coordinate axis) and W* = αH̄*ᵀ', () => {
    // Arrange / Act
    const pred = predictFixedFeatures(P);
    const sh = Math.sqrt(pred.rhoH);
    // Assert: entry (i, k) of the d×K H̄* is √ρ_H when i = k, else 0.
    for (let i = 0; i < P.d; i++)
      for (let k = 0; k < P.K; k++) {
        const want = i === k ? sh : 0;
        expect(Math.abs((pred.Hbar.data[i * P.K + k] as number) - want)).toBeLessThanOrEqual(2 * EPS * sh);
        expect(Math.abs((pred.Wstar.data[k * P.d + i] as number) - pred.alpha * want)).toBeLessThanOrEqual(
          4 * EPS * pred.alpha * sh,
        );
      }
  });

  it('should cite Thm 5.1 and THEORY.md §2.6 in the prediction', () => {
    const pred = predictFixedFeatures(P);
    expect(pred.cite).toMatch(/Tirer & Bruna 2022, Thm 5\.1/);
    expect(pred.cite).toMatch(/THEORY\.md §2\.6/);
  });

  it('should refuse λ_H = 0 exactly (κ = 0 but ρ_H = √(λ_W/0) is infinite), naming lambdaH', () => {
    let caught: unknown;
    try {
      predictFixedFeatures({ ...P, lambdaH: 0 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).message).toBe('lambdaH: must be > 0; got 0');
  });
});

describe('runFixedFeaturesSequence over replicates', () => {
  it('should report the root-mean-square error over replicates, not its sum: σ = 0 gives |1 − s| whatever their number', () => {
    // Arrange: without noise every replicate has W(H) = W(H*) = W*, so each error against scale 0.5 is 0.5.
    const p = { ...P, sigma: 0 };
    // Act
    const one = runFixedFeaturesSequence(p, { seed: 3, nMin: 2, nMax: 8, steps: 2, replicates: 1, scale: 0.5 });
    const three = runFixedFeaturesSequence(p, { seed: 3, nMin: 2, nMax: 8, steps: 2, replicates: 3, scale: 0.5 });
    // Assert
    for (const s of [one, three])
      for (const q of s.points) {
        expect(Math.abs(q.error - 0.5)).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(q.fittedScale - 1)).toBeLessThanOrEqual(1e-12);
      }
  });
});
