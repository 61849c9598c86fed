/**
 * The threshold near-miss controls draw inside the 1e-3 gap between the true and the moved threshold
 * (src/arbitraries/thresholdGap.ts); an instance outside the gap would make the control test something else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  gapInstance,
  gapOf,
  kappaOfGapInstance,
  lambdaBAtRatio,
  switchGapRatio,
  switchRatio,
} from '../../../src/arbitraries/thresholdGap.ts';
import type { Gap } from '../../../src/arbitraries/thresholdGap.ts';
import { lambdaPair } from '../../../src/arbitraries/lambdas.ts';

describe('threshold gap instances', () => {
  it('should put κ strictly inside its gap, for both losses and every bias mode', () => {
    for (const gap of ['gap-below', 'gap-above'] as const) {
      for (const loss of ['ce', 'mse']) {
        for (const bias of ['none', 'free', 'decay'] as const) {
          // Arrange
          const xs = fc.sample(gapInstance({ loss, gap, regime: 'K-1', bias }), { seed: 5, numRuns: 60 });
          // Act
          const gaps = xs.map((x) => gapOf(kappaOfGapInstance(x)));
          // Assert
          expect(gaps.every((g) => g === gap)).toBe(true);
        }
      }
    }
  });

  it('should put λ_b(1−κ)/κ strictly inside the switch gap after rounding λ_b to 7 digits', () => {
    for (const gap of ['gap-below', 'gap-above'] as Gap[]) {
      // Arrange
      const xs = fc.sample(
        fc
          .record({ K: fc.integer({ min: 2, max: 8 }), n: fc.integer({ min: 1, max: 8 }) })
          .chain(({ K, n }) =>
            fc
              .tuple(lambdaPair(K, n, 'below', { kappaMin: 0.1 }), switchGapRatio(gap))
              .map(([l, rho]) => ({ kappa: K * Math.sqrt(n * l.lambdaW * l.lambdaH), rho })),
          ),
        { seed: 6, numRuns: 200 },
      );
      for (const { kappa, rho } of xs) {
        // Act
        const r = switchRatio(kappa, lambdaBAtRatio(kappa, rho, 7));
        // Assert
        expect(gapOf(r)).toBe(gap);
      }
    }
  });
});
