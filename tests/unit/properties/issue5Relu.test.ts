/**
 * Issue 5 item 2 as properties: f*_ReLU ≤ f*_lin and the Thm 4.2 structure at the best ReLU multistart point pass on
 * fixed instances; their negative controls ("strictly below", "simplex ETF") are refuted.
 */
import { describe, expect, it } from 'vitest';
import type { ExtendedInstance } from '../../../src/arbitraries/extended.ts';
import { reluStrictlyBelowLinear, reluUpperBound } from '../../../properties/relu-upper-bound.ts';
import { reluNcStructure, reluSimplexEtf } from '../../../properties/relu-nc-structure.ts';

const small: ExtendedInstance = {
  problem: { K: 2, d: 3, n: 2, lambdaW2: 0.08, lambdaW1: 0.09, lambdaH1: 0.1 },
  starts: 4,
  seed: 4,
};
const k3: ExtendedInstance = {
  problem: { K: 3, d: 4, n: 2, lambdaW2: 0.1, lambdaW1: 0.07, lambdaH1: 0.09 },
  starts: 4,
  seed: 2,
};
const aboveThreshold: ExtendedInstance = {
  problem: { K: 3, d: 3, n: 2, lambdaW2: 0.12, lambdaW1: 0.12, lambdaH1: 0.13 },
  starts: 4,
  seed: 1,
};

describe('relu.upper-bound', () => {
  it('should find a ReLU value ≤ f*_lin on both sides of the threshold', () => {
    const verdicts = [small, k3, aboveThreshold].map((c) => reluUpperBound.check(c));
    expect(verdicts.map((v) => v.status)).toEqual(['pass', 'pass', 'pass']);
  });

  it('should refute "f*_ReLU < f*_lin strictly"', () => {
    expect(reluStrictlyBelowLinear.check(small).status).toBe('fail');
  });
});

describe('relu.nc-structure', () => {
  it('should certify the linear structure at the best point when the nuclear-norm condition holds', () => {
    // Act
    const verdicts = [small, k3].map((c) => reluNcStructure.check(c));
    // Assert: both pass, and not vacuously (the hypothesis holds there, as THEORY.md §2.5 observed)
    expect(verdicts.map((v) => v.status)).toEqual(['pass', 'pass']);
    expect(verdicts.map((v) => v.details?.['hypothesisHolds'])).toEqual([true, true]);
  });

  it('should refute "ReLU minimizers are a simplex ETF"', () => {
    expect(reluSimplexEtf.check(k3).status).toBe('fail');
  });
});
