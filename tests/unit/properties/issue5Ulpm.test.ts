/**
 * Issue 5 item 4 as properties: the ULPM origin curvature −1/(K√n) and the monotone smoothed margin of gradient
 * descent pass on fixed instances; "the origin is a local minimum" and "GD reaches the max margin to 1e-6" are
 * refuted.
 */
import { describe, expect, it } from 'vitest';
import type { UlpmInstance } from '../../../src/arbitraries/ulpm.ts';
import { parseUlpmInstance, ulpmProblemOf } from '../../../src/arbitraries/ulpm.ts';
import { ulpmMarginTrace } from '../../../src/certified/index.ts';
import { ulpmOriginCurvature, ulpmOriginLocalMin } from '../../../properties/ulpm-origin-curvature.ts';
import { ulpmMarginMonotone, ulpmMaxMarginReached } from '../../../properties/ulpm-margin-monotone.ts';

const a: UlpmInstance = { problem: { K: 3, d: 2, n: 2 }, seed: 5 };
const b: UlpmInstance = { problem: { K: 4, d: 4, n: 1 }, seed: 9 };

describe('ulpm.origin.curvature', () => {
  it('should measure λ_min = −1/(K√n) at the origin', () => {
    const verdicts = [a, b].map((c) => ulpmOriginCurvature.check(c));
    expect(verdicts.map((v) => v.status)).toEqual(['pass', 'pass']);
    expect(verdicts[0]?.measured).toBeCloseTo(-1 / (3 * Math.SQRT2), 12);
  });

  it('should refute "the origin is a local minimum"', () => {
    expect(ulpmOriginLocalMin.check(a).status).toBe('fail');
  });
});

describe('ulpm.gd.margin-monotone', () => {
  it('should separate and keep the smoothed margin nondecreasing and below the max margin', () => {
    const verdicts = [a, b].map((c) => ulpmMarginMonotone.check(c));
    expect(verdicts.map((v) => v.status)).toEqual(['pass', 'pass']);
  });

  it('should shrink the margin gap over time but slowly (the 1/log t regime)', () => {
    // Act
    const tr = ulpmMarginTrace(ulpmProblemOf(a), a.seed);
    const gaps = tr.gapAt.map((g) => g.gap);
    // Assert: decreasing across t = 20, 200, 2000, yet far from 0 (a tight tolerance would be wrong)
    expect(gaps[1]).toBeLessThan(gaps[0] as number);
    expect(gaps[2]).toBeLessThan(gaps[1] as number);
    expect(gaps[2]).toBeGreaterThan(1e-2);
  });

  it('should refute "GD reaches the max normalised margin within T steps to 1e-6"', () => {
    expect(ulpmMaxMarginReached.check(b).status).toBe('fail');
  });

  it('should reject unbalanced or too-small-d instances naming the field', () => {
    expect(() => parseUlpmInstance({ problem: { K: 4, d: 2, n: 1 }, seed: 1 })).toThrow(/instance\.problem\.d/);
    expect(() => parseUlpmInstance({ problem: { K: 2, d: 1, counts: [1, 2] }, seed: 1 })).toThrow(
      /instance\.problem\.counts/,
    );
    expect(parseUlpmInstance(a)).toEqual(a);
  });
});
