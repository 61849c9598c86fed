/**
 * Tirer & Bruna 2022 Thm 5.1 (THEORY.md §2.6): hand-computed values of the fitting helpers away from their optimum
 * (a residual, a scale, a slope that is not 0 or 1) and the message of every refusal, including κ = 1 exactly. Written
 * for the survivors of `npm run mutation` on src/theory/fixedFeatures.ts (issue 9 item 5).
 *
 * Tolerances: a handful of floating-point operations on O(1) numbers, judged to 16ε relative.
 */
import { describe, it, expect } from 'vitest';
import { UsageError } from '../../../src/core/index.ts';
import type { Mat } from '../../../src/core/index.ts';
import {
  fitScale,
  limitError,
  logLogSlope,
  predictFixedFeatures,
  runFixedFeaturesSequence,
} from '../../../src/theory/fixedFeatures.ts';
import type { FixedFeaturesProblem } from '../../../src/models/fixedFeatures.ts';

const EPS = Number.EPSILON;
const P: FixedFeaturesProblem = { K: 3, d: 5, n0: 10, lambdaW: 4e-3, lambdaH: 1e-2, sigma: 0.3, noise: 'gaussian' };

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof UsageError ? e.message : `not a UsageError: ${String(e)}`;
  }
  return 'no error';
}

function row(values: readonly number[]): Mat {
  return { rows: 1, cols: values.length, data: Float64Array.from(values) };
}

describe('fitting helpers at hand-computed points', () => {
  it('should fit the least-squares scale and its relative residual', () => {
    // W = (3, 1), W* = (1, 0): scale ⟨W,W*⟩/‖W*‖² = 3, residual ‖W − 3W*‖/‖W*‖ = ‖(0, 1)‖ = 1.
    const f = fitScale(row([3, 1]), row([1, 0]));
    expect(f.scale).toBe(3);
    expect(f.residual).toBe(1);
    // W = (1, 1), W* = (2, 0): scale 1/2, residual ‖(0, 1)‖/2 = 1/2.
    const g = fitScale(row([1, 1]), row([2, 0]));
    expect(g.scale).toBe(0.5);
    expect(g.residual).toBe(0.5);
  });

  it('should measure ‖W − sW*‖/‖W*‖', () => {
    // W = (3, 4), W* = (1, 0), s = 3: ‖(0, 4)‖/1 = 4; s = 0: ‖(3, 4)‖ = 5.
    expect(limitError(row([3, 4]), row([1, 0]), 3)).toBe(4);
    expect(limitError(row([3, 4]), row([2, 0]), 0)).toBe(2.5);
  });

  it('should fit the log–log slope of y = c·x^p, with p = −1/2 and a nonzero intercept', () => {
    const x = [1, 4, 16, 64];
    const y = x.map((v) => 3 * Math.pow(v, -0.5));
    expect(Math.abs(logLogSlope(x, y) + 0.5)).toBeLessThanOrEqual(16 * EPS);
    expect(Math.abs(logLogSlope([2, 8], [5, 80]) - 2)).toBeLessThanOrEqual(16 * EPS);
  });
});

describe('refusals, naming the field', () => {
  it('should refuse λ ≤ 0, d < K and κ ≥ 1 (κ = 1 exactly) in predictFixedFeatures', () => {
    expect(messageOf(() => predictFixedFeatures({ ...P, lambdaW: 0 }))).toBe('lambdaW: must be > 0; got 0');
    expect(messageOf(() => predictFixedFeatures({ ...P, lambdaH: -1 }))).toBe('lambdaH: must be > 0; got -1');
    expect(messageOf(() => predictFixedFeatures({ ...P, d: 2 }))).toBe('d: Thm 5.1 (via §2.1) needs d ≥ K = 3; got 2');
    // K = 4, n₀ = 1, λ_W = λ_H = 1/4: κ = 4·√(1/16) = 1 exactly.
    expect(messageOf(() => predictFixedFeatures({ ...P, K: 4, n0: 1, lambdaW: 0.25, lambdaH: 0.25 }))).toBe(
      'kappa: κ = K√(n0·λW·λH) = 1 ≥ 1: W* = 0, no nonzero limit to compare',
    );
  });

  it('should refuse steps < 2, a bad n-range and replicates < 1 in runFixedFeaturesSequence', () => {
    const run = (o: object): string => messageOf(() => runFixedFeaturesSequence(P, { seed: 1, ...o }));
    expect(run({ steps: 1 })).toBe('steps: must be an integer ≥ 2; got 1');
    expect(run({ steps: 2.5 })).toBe('steps: must be an integer ≥ 2; got 2.5');
    expect(run({ nMin: 0, nMax: 10 })).toBe('nMin: need integers 1 ≤ nMin < nMax; got 0, 10');
    expect(run({ nMin: 10, nMax: 10 })).toBe('nMin: need integers 1 ≤ nMin < nMax; got 10, 10');
    expect(run({ nMin: 1.5, nMax: 10 })).toMatch(/^nMin: /);
    expect(run({ nMin: 1, nMax: 10.5 })).toMatch(/^nMin: /);
    expect(run({ replicates: 0 })).toBe('replicates: must be an integer ≥ 1; got 0');
    expect(run({ replicates: 1.5 })).toBe('replicates: must be an integer ≥ 1; got 1.5');
  });

  it('should accept the smallest valid sequence: 2 steps from n = 1 to 2, one replicate', () => {
    const s = runFixedFeaturesSequence(P, { seed: 1, nMin: 1, nMax: 2, steps: 2, replicates: 1 });
    expect(s.points.map((q) => q.n)).toEqual([1, 2]);
    expect(Number.isFinite(s.slope)).toBe(true);
  });
});
