/**
 * The confirmation stage of the Thm 5.1 rate design (src/certified/fixedFeatures/rate.ts, "Confirmation"; Tirer &
 * Bruna 2022 Thm 5.1, THEORY.md §2.6): a fit that rejects is replaced by an independent replicate of the design, so
 * a decision fails only when two independent replicates reject — a true law's rare tail draw is not a failure,
 * while a false law (the planted n^{−1/3} noise, a wrong limit) is rejected by both.
 */
import { describe, expect, it } from 'vitest';
import { RATE_Z, fixedFeaturesRateFit, rateFitRejects } from '../../../src/certified/index.ts';
import type { FixedFeaturesProblem } from '../../../src/models/index.ts';

/** The instance of `verify --claim fixed-features.limit.rate --seed 95028`'s shrunk failure (before the stage). */
const TAIL: FixedFeaturesProblem = {
  K: 3,
  d: 4,
  n0: 2,
  lambdaW: 0.099,
  lambdaH: 0.099,
  sigma: 0.5,
  noise: 'uniform',
};
const TAIL_SEED = 1357085739;

describe('fixed-features rate design, confirmation of a rejection', () => {
  it('should confirm a rejecting replicate on an independent one, which decides (the seed-95028 tail draw)', () => {
    // Act
    const f = fixedFeaturesRateFit(TAIL, { seed: TAIL_SEED, nMax: 10000 });
    // Assert: the first replicate put the slope more than 4 ŝe from −1/2 (|z| = 4.04); the confirmation did not
    expect(f.stages).toBe(2);
    const first = f.firstStage!;
    expect(Math.abs(first.slope + 0.5)).toBeGreaterThan(RATE_Z * first.slopeSe);
    expect(Math.abs(f.slope + 0.5)).toBeLessThanOrEqual(RATE_Z * f.slopeSe);
    expect(rateFitRejects(f)).toBe(false);
    expect(f.slope).not.toBe(first.slope);
  });

  it('should leave a fit that does not reject as it was (one stage)', () => {
    const f = fixedFeaturesRateFit(TAIL, { seed: TAIL_SEED + 7919, nMax: 10000 });
    expect(rateFitRejects(f)).toBe(false);
    expect(f.stages).toBe(1);
    expect(f.firstStage).toBeUndefined();
  });

  it('should still reject the planted n^{−1/3} law and a wrong limit after confirmation', () => {
    // Act: the negative controls' fits (properties/fixed-features-rate.ts) on the same instance
    const planted = fixedFeaturesRateFit(TAIL, { seed: 5, nMax: 10000, effectiveExponent: 2 / 3 });
    const noShrink = fixedFeaturesRateFit(TAIL, { seed: 5, nMax: 1000, scale: 1 });
    // Assert: both replicates rejected — the first (else there is no second) and the deciding one
    for (const f of [planted, noShrink]) {
      expect(f.stages).toBe(2);
      expect(rateFitRejects(f)).toBe(true);
    }
    expect(Math.abs(planted.slope + 0.5)).toBeGreaterThan(RATE_Z * planted.slopeSe);
  });
});
