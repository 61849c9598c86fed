/**
 * Issue 5 item 1 as properties: the linear extended UFM claims (Thm 4.1 global minimizer, rank-r spurious local
 * minima) pass on fixed instances on both sides of ν = 2^{−4/3}, their negative controls are refuted, and the
 * generators keep every instance on its drawn side of the threshold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXTENDED_NU_THRESHOLD, predictExtended } from '../../../src/theory/index.ts';
import {
  extendedInstance,
  extendedProblemOf,
  NU_C,
  nuOf,
  parseExtendedInstance,
  parseRankRInstance,
  rankRInstance,
} from '../../../src/arbitraries/extended.ts';
import type { ExtendedInstance, RankRInstance } from '../../../src/arbitraries/extended.ts';
import {
  extendedGlobalMinOrthogonalFrames,
  extendedGlobalMinSimplexEtf,
  extendedLandscapeBenign,
  extendedThresholdNearMisses,
} from '../../../properties/extended-global-min-orthogonal-frames.ts';
import {
  certifiedExtendedMinimizer,
  extendedValueVerdict,
  isCertifiedExtended,
} from '../../../src/certified/extended/certify.ts';
import { extendedRankRLocalMin, extendedRankRStrictSaddle } from '../../../properties/extended-rank-r-local-min.ts';

const below: ExtendedInstance = {
  problem: { K: 3, d: 4, n: 2, lambdaW2: 0.1, lambdaW1: 0.12, lambdaH1: 0.09 },
  starts: 4,
  seed: 7,
};
const nearThreshold: ExtendedInstance = {
  problem: { K: 4, d: 4, n: 1, lambdaW2: 0.31, lambdaW1: 0.06, lambdaH1: 0.07 },
  starts: 5,
  seed: 11,
};
const above: ExtendedInstance = {
  problem: { K: 3, d: 3, n: 2, lambdaW2: 0.12, lambdaW1: 0.12, lambdaH1: 0.13 },
  starts: 4,
  seed: 3,
};

describe('extended.global-min.orthogonal-frames', () => {
  it('should pass below the threshold, near it, and above it (zero minimizer)', () => {
    // Arrange
    const cases = [below, nearThreshold, above];
    // Act
    const verdicts = cases.map((c) => extendedGlobalMinOrthogonalFrames.check(c));
    // Assert
    expect(verdicts.map((v) => v.status)).toEqual(['pass', 'pass', 'pass']);
    expect(nuOf(4, 1, nearThreshold.problem)).toBeGreaterThan(0.35);
    expect(nuOf(3, 2, above.problem)).toBeGreaterThan(EXTENDED_NU_THRESHOLD);
  });

  it('should reach f* to 1e-10 relative at the certified best point (the issue-5 target)', () => {
    // Arrange
    const p = extendedProblemOf(nearThreshold.problem);
    const fStar = predictExtended(p).fStar;
    // Act
    const cp = certifiedExtendedMinimizer(p, nearThreshold.starts, nearThreshold.seed);
    // Assert
    if (!isCertifiedExtended(cp)) throw new Error(`not certified: ${cp.why}`);
    expect(Math.abs(cp.best.value - fStar) / fStar).toBeLessThanOrEqual(1e-10);
    expect(extendedValueVerdict(cp, fStar).status).toBe('pass');
  });

  it('should refute the benign-landscape control (the near-origin start ends at the origin)', () => {
    // Arrange / Act
    const v = extendedLandscapeBenign.check(below);
    // Assert
    expect(v.status).toBe('fail');
    expect(v.measured).toBeCloseTo(0.5, 12);
  });
});

describe('extended.rank-r.local-min', () => {
  const r1: RankRInstance = {
    problem: { K: 3, d: 4, n: 2, lambdaW2: 0.1, lambdaW1: 0.12, lambdaH1: 0.09 },
    r: 1,
    seed: 5,
  };
  const r2above: RankRInstance = {
    problem: { K: 4, d: 5, n: 1, lambdaW2: 0.11, lambdaW1: 0.1, lambdaH1: 0.1 },
    r: 2,
    seed: 9,
  };

  it('should certify rank-r frames as local minima with the §2.4 value on both sides of the threshold', () => {
    // Arrange
    expect(nuOf(4, 1, r2above.problem)).toBeGreaterThan(EXTENDED_NU_THRESHOLD);
    // Act
    const verdicts = [r1, r2above].map((c) => extendedRankRLocalMin.check(c));
    // Assert
    expect(verdicts.map((v) => v.status)).toEqual(['pass', 'pass']);
  });

  it('should refute the strict-saddle control', () => {
    expect(extendedRankRStrictSaddle.check(r1).status).toBe('fail');
  });
});

describe('extended arbitraries', () => {
  it("should keep every drawn instance on its side of ν = 2^{−4/3} after rounding the λ's", () => {
    // Arrange
    const belowOnly = fc.sample(extendedInstance({ sides: ['below'] }), { seed: 42, numRuns: 200 });
    const aboveOnly = fc.sample(extendedInstance({ sides: ['above'] }), { seed: 42, numRuns: 200 });
    // Act
    const nuBelow = belowOnly.map((i) => nuOf(i.problem.K, i.problem.n, i.problem));
    const nuAbove = aboveOnly.map((i) => nuOf(i.problem.K, i.problem.n, i.problem));
    // Assert
    expect(Math.max(...nuBelow)).toBeLessThan(EXTENDED_NU_THRESHOLD);
    expect(Math.min(...nuAbove)).toBeGreaterThan(EXTENDED_NU_THRESHOLD);
  });

  it('should draw r in [1, K−1] and d ≥ K by construction', () => {
    const xs = fc.sample(rankRInstance(), { seed: 42, numRuns: 200 });
    expect(xs.every((x) => x.r >= 1 && x.r <= x.problem.K - 1 && x.problem.d >= x.problem.K)).toBe(true);
  });

  it('should reject malformed fixture instances naming the field', () => {
    expect(() => parseExtendedInstance({ ...below, starts: 0 })).toThrow(/instance\.starts/);
    expect(() => parseExtendedInstance({ ...below, problem: { ...below.problem, d: 2 } })).toThrow(
      /instance\.problem\.d/,
    );
    expect(() => parseRankRInstance({ problem: below.problem, r: 3, seed: 1 })).toThrow(/instance\.r/);
    expect(parseExtendedInstance(JSON.parse(JSON.stringify(below)))).toEqual(below);
  });
});

describe('extended ν strata and the threshold (issue 9 items 2, 5)', () => {
  it('should draw the near strata within [1.5e-4, 0.05] of ν_c and the gap strata within 1e-3 of it, on their side', () => {
    // Arrange / Act
    const ratio = (band: 'near-below' | 'near-above' | 'gap-below' | 'gap-above'): number[] =>
      fc
        .sample(extendedInstance({ sides: [band] }), { seed: 5, numRuns: 40 })
        .map((i) => nuOf(i.problem.K, i.problem.n, i.problem) / NU_C);
    // Assert
    for (const r of ratio('near-below')) {
      expect(r).toBeLessThan(1 - 1e-4);
      expect(r).toBeGreaterThanOrEqual(0.95);
    }
    for (const r of ratio('near-above')) {
      expect(r).toBeGreaterThan(1 + 1e-4);
      expect(r).toBeLessThanOrEqual(1.05);
    }
    for (const r of ratio('gap-below')) {
      expect(r).toBeGreaterThan(0.999);
      expect(r).toBeLessThan(1);
    }
    for (const r of ratio('gap-above')) {
      expect(r).toBeGreaterThan(1);
      expect(r).toBeLessThan(1.001);
    }
  });

  it('should see the jump at ν_c: σ ≈ 1/2 just below, the origin just above, and refute a threshold moved by 1e-3', () => {
    // Arrange: ν/ν_c = 1 ∓ 5e-4 with K = 2, n = 1, λ_W2 = λ_W1 = 0.2
    const at = (r: number): ExtendedInstance => ({
      problem: { K: 2, d: 2, n: 1, lambdaW2: 0.2, lambdaW1: 0.2, lambdaH1: ((r * NU_C) / 2) ** 3 / 0.04 },
      starts: 4,
      seed: 1,
    });
    // Act
    const [lo, hi] = [at(1 - 5e-4), at(1 + 5e-4)].map((i) => extendedGlobalMinOrthogonalFrames.check(i));
    const [up, down] = extendedThresholdNearMisses;
    // Assert
    expect([lo?.status, hi?.status]).toEqual(['pass', 'pass']);
    const sigmaLo = Number((lo?.details as Record<string, unknown>)['sigmaMeasured']);
    const sigmaHi = Number((hi?.details as Record<string, unknown>)['sigmaMeasured']);
    expect(sigmaLo).toBeGreaterThan(0.5);
    expect(sigmaLo).toBeLessThan(0.51);
    expect(Math.abs(sigmaHi)).toBeLessThan(1e-8);
    expect(up?.check(at(1 + 5e-4)).status).toBe('fail');
    expect(down?.check(at(1 - 5e-4)).status).toBe('fail');
  });

  it('should decide the OF NC metrics at a certified minimizer and refute the ETF-target NC2', () => {
    // Arrange / Act
    const v = extendedGlobalMinOrthogonalFrames.check(below);
    const etf = extendedGlobalMinSimplexEtf.check(below);
    // Assert
    expect(v.status).toBe('pass');
    expect(etf.status).toBe('fail');
  });
});
