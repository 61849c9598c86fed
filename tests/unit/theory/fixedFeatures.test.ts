/**
 * Theorem 5.1 (THEORY.md §2.6): W(H*) = W*, the limit scale, and the n^{−1/2} convergence on a small case.
 */
import { describe, it, expect } from 'vitest';
import { createRng, UsageError } from '../../../src/core/index.ts';
import { ridgeClassifier, ridgeFromStats } from '../../../src/models/fixedFeatures.ts';
import type { FixedFeaturesProblem } from '../../../src/models/fixedFeatures.ts';
import {
  fitScale,
  fixedFeaturesScale,
  limitError,
  logLogSlope,
  predictFixedFeatures,
  replicateMeans,
  runFixedFeaturesSequence,
} from '../../../src/theory/fixedFeatures.ts';

const EPS = Number.EPSILON;
const P: FixedFeaturesProblem = { K: 3, d: 5, n0: 10, lambdaW: 4e-3, lambdaH: 1e-2, sigma: 0.3, noise: 'gaussian' };

describe('predictFixedFeatures', () => {
  it('should build the §2.1 minimizer: H̄*ᵀH̄* = ρ_h I, W* = αH̄*ᵀ, W*H̄* = (1−κ) I', () => {
    // Arrange / Act
    const pred = predictFixedFeatures(P, { rng: createRng(4) });
    const { K, d } = P;
    // Assert: sums of d products of O(1) entries ⇒ ≤ 4dε relative
    for (let k = 0; k < K; k++)
      for (let l = 0; l < K; l++) {
        let g = 0,
          z = 0;
        for (let i = 0; i < d; i++) {
          g += (pred.Hbar.data[i * K + k] as number) * (pred.Hbar.data[i * K + l] as number);
          z += (pred.Wstar.data[k * d + i] as number) * (pred.Hbar.data[i * K + l] as number);
        }
        expect(Math.abs(g - (k === l ? pred.rhoH : 0))).toBeLessThanOrEqual(4 * d * EPS * pred.rhoH);
        expect(Math.abs(z - (k === l ? 1 - pred.kappa : 0))).toBeLessThanOrEqual(4 * d * EPS);
      }
  });

  it('should give W(H*) = W* to ≤ 1e-12 relative for every n and orientation', () => {
    for (const [n, seed] of [
      [1, 0],
      [10, 1],
      [37, 2],
      [2000, 3],
    ] as const) {
      // Arrange
      const pred = predictFixedFeatures(P, seed === 0 ? {} : { rng: createRng(seed) });
      const H = replicateMeans(pred.Hbar, n);
      // Act
      const W = ridgeClassifier(H, [n, n, n], P.lambdaW);
      // Assert
      expect(limitError(W, pred.Wstar, 1)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('should state the scale factor 1/(1 + Kσ²√(n₀λ_H/λ_W)) = (ρ_h + Kλ_W)/(ρ_h + Kλ_W + Kσ²)', () => {
    // Arrange
    const pred = predictFixedFeatures(P);
    // Act
    const longForm = (pred.rhoH + P.K * P.lambdaW) / (pred.rhoH + P.K * P.lambdaW + P.K * P.sigma ** 2);
    // Assert: a handful of roundings on O(1) quantities
    expect(Math.abs(pred.scale - longForm)).toBeLessThanOrEqual(16 * EPS);
    expect(fixedFeaturesScale({ ...P, sigma: 0 })).toBe(1);
  });

  it('should be the exact ridge solution for the population statistics (1/N)HHᵀ = (1/K)H̄H̄ᵀ + σ²I, (1/N)YHᵀ = (1/K)H̄ᵀ', () => {
    // Arrange: population Gram and class sums for n per class (N = nK)
    const pred = predictFixedFeatures(P, { rng: createRng(8) });
    const { K, d } = P;
    const n = 1000,
      N = n * K;
    const gram = new Float64Array(d * d),
      classSums = new Float64Array(K * d);
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += (pred.Hbar.data[a * K + k] as number) * (pred.Hbar.data[b * K + k] as number);
        gram[a * d + b] = n * s + (a === b ? N * P.sigma ** 2 : 0);
      }
    for (let k = 0; k < K; k++)
      for (let a = 0; a < d; a++) classSums[k * d + a] = n * (pred.Hbar.data[a * K + k] as number);
    // Act
    const W = ridgeFromStats({ K, d, N, gram, classSums }, P.lambdaW);
    // Assert: the derivation's limit is exactly scale·W*; the d×d solve has condition ≤ (ρ_h + Kλ + Kσ²)/(Kλ + Kσ²)
    // ≈ 3, so the error is ≤ ~1e2·ε.
    expect(limitError(W, pred.Wstar, pred.scale)).toBeLessThanOrEqual(1e-13);
  });

  it('should reject instances with d < K or κ ≥ 1, naming the field', () => {
    // Arrange
    const cases: [FixedFeaturesProblem, string][] = [
      [{ ...P, d: 2 }, 'd'],
      [{ ...P, lambdaW: 1, lambdaH: 1 }, 'kappa'],
    ];
    for (const [p, field] of cases) {
      // Act
      let caught: unknown;
      try {
        predictFixedFeatures(p);
      } catch (e) {
        caught = e;
      }
      // Assert
      expect((caught as UsageError).field).toBe(field);
    }
  });
});

describe('fitScale and logLogSlope', () => {
  it('should recover an exact scale and a zero residual, and an exact power law', () => {
    // Arrange
    const Ws = { rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, 4) };
    const W = { rows: 2, cols: 2, data: Float64Array.of(0.5, 1, 1.5, 2) };
    // Act
    const fit = fitScale(W, Ws);
    const slope = logLogSlope([1, 10, 100, 1000], [1, 10 ** -0.5, 0.1, 10 ** -1.5]);
    // Assert
    expect(fit.scale).toBe(0.5);
    expect(fit.residual).toBe(0);
    expect(slope).toBeCloseTo(-0.5, 14);
  });
});

describe('runFixedFeaturesSequence', () => {
  // Small case: K = 3, d = 5, n = 100 … 20000 (5 steps, 4 replicates); ~0.3 s.
  const opts = { seed: 2024, nMin: 100, nMax: 20000, steps: 5, replicates: 4 } as const;

  it.each(['gaussian', 'uniform', 'rademacher'] as const)(
    'should converge to scale·W* with an error decreasing like n^{-1/2} (%s)',
    (noise) => {
      // Arrange / Act
      const run = runFixedFeaturesSequence({ ...P, noise }, opts);
      // Assert: the band for the fitted log–log slope; the error decreases along the sequence; the fitted
      // scale at the largest n is within 5 RMS errors of the prediction (|s − scale| ≤ ‖W − scale·W*‖/‖W*‖).
      expect(run.slope).toBeGreaterThanOrEqual(-0.7);
      expect(run.slope).toBeLessThanOrEqual(-0.3);
      const errs = run.points.map((q) => q.error);
      expect(errs[errs.length - 1] as number).toBeLessThan(errs[0] as number);
      const last = run.points[run.points.length - 1];
      expect(Math.abs((last?.fittedScale ?? NaN) - run.predictedScale)).toBeLessThanOrEqual(5 * (last?.error ?? 0));
    },
  );

  it('should refute the negative controls: no shrinkage (scale 1) and a scale that omits σ²', () => {
    // Arrange
    const noShrink = 1;
    const omitSigma = 1 / (1 + P.K * Math.sqrt((P.n0 * P.lambdaH) / P.lambdaW)); // σ² dropped from the formula
    // Act
    const a = runFixedFeaturesSequence(P, { ...opts, scale: noShrink });
    const b = runFixedFeaturesSequence(P, { ...opts, scale: omitSigma });
    // Assert: the error plateaus at |scale − predicted|·1 (relative), so the slope is ≈ 0, outside [−0.7, −0.3]
    expect(a.slope).toBeGreaterThan(-0.3);
    expect(b.slope).toBeGreaterThan(-0.3);
    expect(a.points[a.points.length - 1]?.error).toBeGreaterThan(0.1);
  });

  it('should be deterministic in the seed', () => {
    // Arrange / Act
    const a = runFixedFeaturesSequence(P, { ...opts, replicates: 1 });
    const b = runFixedFeaturesSequence(P, { ...opts, replicates: 1 });
    // Assert
    expect(a).toEqual(b);
  });
});
