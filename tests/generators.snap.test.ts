/**
 * NoRegression-style pin of the generators (fast-check's NoRegression.spec.ts, STYLE.md §1.1): the instances drawn
 * at seed 42 are snapshotted, so any change in what the generators produce shows up in review.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dims, minDim } from '../src/arbitraries/dims.ts';
import { kappaOfPair, lambdaPair, round2 } from '../src/arbitraries/lambdas.ts';
import { ufmInstance, parseUfmInstance } from '../src/arbitraries/instance.ts';

describe('generators', () => {
  it('should produce the pinned instances at seed 42', () => {
    // Arrange
    const arb = ufmInstance({ loss: 'ce', regime: 'K-1', bias: ['none', 'free', 'decay'], sides: ['below', 'above'] });
    // Act
    const xs = fc.sample(arb, { seed: 42, numRuns: 8 });
    // Assert
    expect(xs).toMatchSnapshot();
  });

  it('should keep d in the regime range for every K (built by chain, not filter)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('K-1', 'K', 'K+1', 'below') as fc.Arbitrary<'K-1' | 'K' | 'K+1' | 'below'>,
        fc.integer({ min: 0, max: 1000 }),
        (regime, seed) => {
          const [x] = fc.sample(dims({ regime }), { seed, numRuns: 1 });
          if (x === undefined) return false;
          return regime === 'below' ? x.d >= 1 && x.d < x.K - 1 : x.d >= minDim(x.K, regime);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('should put every instance on the drawn side of κ = 1', () => {
    for (const side of ['below', 'above'] as const) {
      const xs = fc.sample(
        fc
          .record({ K: fc.integer({ min: 2, max: 12 }), n: fc.integer({ min: 1, max: 30 }) })
          .chain(({ K, n }) => lambdaPair(K, n, side).map((l) => ({ K, n, l }))),
        { seed: 3, numRuns: 500 },
      );
      for (const { K, n, l } of xs) {
        const k = kappaOfPair(K, n, l);
        expect(side === 'below' ? k < 1 : k > 1).toBe(true);
        expect(l.lambdaW).toBeGreaterThanOrEqual(1e-5);
        expect(l.lambdaH).toBeLessThanOrEqual(side === 'below' ? 0.1 : 1);
      }
    }
  });

  it('should shrink toward small K, the smallest admissible d, n = 1 and equal round λ', () => {
    // A property that fails on every instance shrinks to the simplest one.
    const arb = ufmInstance({ loss: 'mse', regime: 'K', bias: ['none'], sides: ['below'] });
    const out = fc.check(
      fc.property(arb, () => false),
      { seed: 11, numRuns: 5 },
    );
    expect(out.failed).toBe(true);
    const inst = (out.counterexample ?? [])[0] as { problem: Record<string, number> } | undefined;
    const p = inst?.problem as Record<string, number>;
    expect(p['K']).toBe(2);
    expect(p['d']).toBe(2);
    expect(p['n']).toBe(1);
    expect(p['lambdaW']).toBe(p['lambdaH']);
    expect(round2(p['lambdaW'] as number)).toBe(p['lambdaW']);
  });

  it('should reject a malformed instance naming the field', () => {
    expect(() =>
      parseUfmInstance({ problem: { loss: 'ce', K: 1, d: 2, n: 1, lambdaW: 1, lambdaH: 1 }, seed: 1 }),
    ).toThrow(/instance\.problem\.K/);
    expect(() =>
      parseUfmInstance({ problem: { loss: 'ce', K: 3, d: 2, n: 1, lambdaW: -1, lambdaH: 1 }, seed: 1 }),
    ).toThrow(/instance\.problem\.lambdaW/);
    expect(() =>
      parseUfmInstance({ problem: { loss: 'ce', K: 3, d: 2, n: 1, lambdaW: 1, lambdaH: 1 }, seed: 1.5 }),
    ).toThrow(/instance\.seed/);
  });
});
