/**
 * The sequential budget of the Thm 5.1 rate design (src/certified/fixedFeatures/rate.ts, Tirer & Bruna 2022 Thm 5.1;
 * THEORY.md §2.6): a run without the power to tell n^{−1/3} from n^{−1/2} is repeated from an independent stream
 * with 4× (then 16×) the replicates and decided on that run alone; a run with power is left as it was.
 */
import { describe, expect, it } from 'vitest';
import { RATE_POWER_Z, RATE_Z, fixedFeaturesRateFit } from '../../../src/certified/index.ts';
import type { FixedFeaturesProblem } from '../../../src/models/index.ts';

const hasPower = (se: number): boolean => (RATE_Z + RATE_POWER_Z) * se <= 1 / 6;

describe('fixed-features rate design, sequential budget', () => {
  it('should repeat a run that has no power with a larger budget, and then have power', () => {
    // Arrange: Rademacher noise on K·d = 6 entries (R = 6 at nMax), an instance the first run leaves without power
    const p: FixedFeaturesProblem = {
      K: 2,
      d: 3,
      n0: 2,
      lambdaW: 0.049,
      lambdaH: 0.035,
      sigma: 0.5,
      noise: 'rademacher',
    };
    // Act
    const f = fixedFeaturesRateFit(p, { seed: 357104953, nMax: 10000 });
    // Assert
    expect(f.budget).toBeGreaterThan(1);
    expect(hasPower(f.slopeSe)).toBe(true);
    expect(f.points.at(-1)!.replicates).toBe(Math.ceil((f.budget * 32) / 6));
  });

  it('should keep the first run of an instance that has power', () => {
    const p: FixedFeaturesProblem = { K: 4, d: 5, n0: 2, lambdaW: 0.05, lambdaH: 0.05, sigma: 0.7, noise: 'gaussian' };
    const f = fixedFeaturesRateFit(p, { seed: 11, nMax: 10000 });
    expect(f.budget).toBe(1);
    expect(hasPower(f.slopeSe)).toBe(true);
  });
});
