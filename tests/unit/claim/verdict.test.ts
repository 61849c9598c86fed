/**
 * The verdict builders of src/claim/verdict.ts (claim.ts contract): margin = |measured − predicted| / tolerance,
 * ≤ 1 passes; one-sided variants measure only the excess/deficit; a non-finite measurement is inconclusive, never a
 * pass; `worst` picks the decisive verdict and merges resolving powers (issue 9 item 3). Values hand-computed.
 */
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../src/claim/index.ts';
import {
  inconclusive,
  judge,
  judgeAtLeast,
  judgeAtMost,
  judgeStrictlyBelow,
  mergeResolution,
  withResolution,
  worst,
} from '../../../src/claim/index.ts';

function v(status: Verdict['status'], margin: number, why: string, resolution?: Record<string, number>): Verdict {
  return {
    status,
    measured: 0,
    predicted: 0,
    tolerance: 1,
    margin,
    why,
    ...(resolution !== undefined ? { resolution } : {}),
  };
}

describe('judge', () => {
  it('should fail when |measured − predicted| exceeds the tolerance, with margin err/tol and the comparison in why', () => {
    // Act: |1.5 − 1| = 0.5 against 0.25 → margin 2
    const r = judge(1.5, 1, 0.25, 'x');
    // Assert
    expect(r).toEqual({
      status: 'fail',
      measured: 1.5,
      predicted: 1,
      tolerance: 0.25,
      margin: 2,
      why: 'x: |1.500 − 1.000| = 0.5000 > 0.2500',
    });
    expect('details' in r).toBe(false);
  });

  it('should pass at margin exactly 1 and below, measuring the distance on both sides of the prediction', () => {
    // Act
    const edge = judge(1.5, 1, 0.5, 'x');
    const below = judge(0.75, 1, 0.5, 'y', { k: 1 });
    // Assert
    expect([edge.status, edge.margin]).toEqual(['pass', 1]);
    expect(edge.why).toBe('x: |1.500 − 1.000| = 0.5000 ≤ 0.5000');
    expect([below.status, below.margin, below.details]).toEqual(['pass', 0.5, { k: 1 }]);
  });

  it('should give margin 0 to an exact match at zero tolerance and infinity to any miss at zero tolerance', () => {
    // Act
    const exact = judge(2, 2, 0, 'x');
    const miss = judge(2, 2.5, 0, 'x');
    // Assert
    expect([exact.status, exact.margin]).toEqual(['pass', 0]);
    expect([miss.status, miss.margin]).toEqual(['fail', Number.POSITIVE_INFINITY]);
    expect(miss.why).toBe('x: |2.000 − 2.500| = 0.5000 > 0.000');
  });

  it('should be inconclusive when the measurement or the tolerance is not finite, keeping both numbers', () => {
    // Act
    const nanMeasured = judge(Number.NaN, 1, 0.1, 'x', { d: 2 });
    const infTol = judge(1, 1, Number.POSITIVE_INFINITY, 'x');
    // Assert
    expect(nanMeasured.status).toBe('inconclusive');
    expect(nanMeasured.why).toBe('x: not finite (measured NaN, tolerance 0.1)');
    expect([nanMeasured.measured, nanMeasured.predicted, nanMeasured.details]).toEqual([Number.NaN, 1, { d: 2 }]);
    expect(infTol.status).toBe('inconclusive');
    expect(infTol.why).toBe('x: not finite (measured 1, tolerance Infinity)');
    expect(Number.isNaN(infTol.margin) && Number.isNaN(infTol.tolerance)).toBe(true);
  });
});

describe('judgeAtMost', () => {
  it('should count only the excess over the bound', () => {
    // Act: 3 ≤ 5 + 0.1 (excess 0); 5.2 vs 5 + 0.1 (excess 0.2 → margin 2)
    const under = judgeAtMost(3, 5, 0.1, 'f', { a: 1 });
    const over = judgeAtMost(5.2, 5, 0.1, 'f');
    const edge = judgeAtMost(5.5, 5, 0.5, 'f');
    // Assert
    expect(under).toEqual({
      status: 'pass',
      measured: 3,
      predicted: 5,
      tolerance: 0.1,
      margin: 0,
      why: 'f: 3.000 ≤ 5.000 + 0.1000',
      details: { a: 1 },
    });
    expect(over.status).toBe('fail');
    expect(over.margin).toBeCloseTo(2, 12);
    expect(over.why).toBe('f: 5.200 > 5.000 + 0.1000');
    expect('details' in over).toBe(false);
    expect([edge.status, edge.margin]).toEqual(['pass', 1]);
    expect(edge.why).toBe('f: 5.500 ≤ 5.000 + 0.5000'); // the printed comparison agrees with the status at the edge
  });

  it('should use margin 0 / infinity at zero tolerance and be inconclusive on a non-finite measurement', () => {
    expect(judgeAtMost(5, 5, 0, 'f').margin).toBe(0);
    expect(judgeAtMost(4, 5, 0, 'f').margin).toBe(0);
    expect(judgeAtMost(6, 5, 0, 'f')).toMatchObject({ status: 'fail', margin: Number.POSITIVE_INFINITY });
    const r = judgeAtMost(Number.POSITIVE_INFINITY, 5, 1, 'f');
    expect([r.status, r.why, r.predicted]).toEqual(['inconclusive', 'f: not finite (measured Infinity)', 5]);
    expect(judgeAtMost(1, 5, Number.NaN, 'f').status).toBe('inconclusive');
  });
});

describe('judgeAtLeast', () => {
  it('should count only the deficit under the bound', () => {
    // Act: 7 ≥ 5 − 0.1 (deficit 0); 4.8 vs 5 − 0.1 (deficit 0.2 → margin 2)
    const above = judgeAtLeast(7, 5, 0.1, 'g', { a: 1 });
    const under = judgeAtLeast(4.8, 5, 0.1, 'g');
    const edge = judgeAtLeast(4.5, 5, 0.5, 'g');
    // Assert
    expect(above).toEqual({
      status: 'pass',
      measured: 7,
      predicted: 5,
      tolerance: 0.1,
      margin: 0,
      why: 'g: 7.000 ≥ 5.000 − 0.1000',
      details: { a: 1 },
    });
    expect(under.status).toBe('fail');
    expect(under.margin).toBeCloseTo(2, 12);
    expect(under.why).toBe('g: 4.800 < 5.000 − 0.1000');
    expect('details' in under).toBe(false);
    expect([edge.status, edge.margin]).toEqual(['pass', 1]);
    expect(edge.why).toBe('g: 4.500 ≥ 5.000 − 0.5000'); // the printed comparison agrees with the status at the edge
  });

  it('should use margin 0 / infinity at zero tolerance and be inconclusive on a non-finite measurement', () => {
    expect(judgeAtLeast(5, 5, 0, 'g').margin).toBe(0);
    expect(judgeAtLeast(6, 5, 0, 'g').margin).toBe(0);
    expect(judgeAtLeast(4, 5, 0, 'g')).toMatchObject({ status: 'fail', margin: Number.POSITIVE_INFINITY });
    const r = judgeAtLeast(Number.NaN, 5, 1, 'g');
    expect([r.status, r.why, r.predicted]).toEqual(['inconclusive', 'g: not finite (measured NaN)', 5]);
    expect(judgeAtLeast(6, 5, Number.POSITIVE_INFINITY, 'g').status).toBe('inconclusive');
  });
});

describe('judgeStrictlyBelow', () => {
  it('should pass only strictly below bound − slack', () => {
    // Act
    const ok = judgeStrictlyBelow(0.5, 2, 1, 's', { a: 1 });
    const atEdge = judgeStrictlyBelow(1, 2, 1, 's');
    // Assert
    expect(ok).toEqual({
      status: 'pass',
      measured: 0.5,
      predicted: 2,
      tolerance: 1,
      margin: 0,
      why: 's: 0.5000 < 2.000 − 1.000',
      details: { a: 1 },
    });
    expect(atEdge).toEqual({
      status: 'fail',
      measured: 1,
      predicted: 2,
      tolerance: 1,
      margin: Number.POSITIVE_INFINITY,
      why: 's: 1.000 ≥ 2.000 − 1.000',
    });
  });

  it('should be inconclusive on a non-finite measurement or slack', () => {
    const r = judgeStrictlyBelow(Number.NaN, 2, 1, 's');
    expect([r.status, r.why, r.predicted]).toEqual(['inconclusive', 's: not finite (measured NaN)', 2]);
    expect(judgeStrictlyBelow(0, 2, Number.NaN, 's').status).toBe('inconclusive');
  });
});

describe('inconclusive', () => {
  it('should carry NaN numbers by default and no details unless given', () => {
    const r = inconclusive('why');
    expect(r.status).toBe('inconclusive');
    expect([r.measured, r.predicted, r.tolerance, r.margin].every(Number.isNaN)).toBe(true);
    expect(r.why).toBe('why');
    expect('details' in r).toBe(false);
    expect(inconclusive('w', { a: 1 }, 3, 4)).toMatchObject({ measured: 3, predicted: 4, details: { a: 1 } });
  });
});

describe('worst', () => {
  it('should pick the first fail over any inconclusive or pass, with the resolutions merged', () => {
    // Act
    const r = worst([
      v('pass', 0.9, 'p', { value: 1e-3 }),
      v('inconclusive', Number.NaN, 'i'),
      v('fail', 2, 'f1', { gram: 1e-2 }),
      v('fail', 5, 'f2', { value: 1e-5 }),
    ]);
    // Assert
    expect(r.why).toBe('f1');
    expect(r.resolution).toEqual({ value: 1e-5, gram: 1e-2 });
  });

  it('should pick the first inconclusive when nothing fails, as it is', () => {
    const i1 = v('inconclusive', Number.NaN, 'i1');
    const r = worst([v('pass', 0.5, 'p', { value: 1 }), i1, v('inconclusive', Number.NaN, 'i2')]);
    expect(r).toBe(i1);
  });

  it('should keep the first of equally large pass margins and leave a verdict without resolutions as it is', () => {
    const first = v('pass', 0.5, 'first');
    const r = worst([v('pass', 0.1, 'small'), first, v('pass', 0.5, 'second')]);
    expect(r).toBe(first);
  });

  it('should refuse an empty list', () => {
    expect(() => worst([])).toThrow(new RangeError('worst() needs at least one verdict'));
  });
});

describe('mergeResolution', () => {
  it('should keep per quantity the smallest finite resolution, and undefined when there is none', () => {
    expect(
      mergeResolution([
        { resolution: { a: 2, b: Number.NaN } },
        {},
        { resolution: { a: 1, c: 3 } },
        { resolution: { a: 4 } },
      ]),
    ).toEqual({ a: 1, c: 3 });
    expect(mergeResolution([{}, { resolution: {} }])).toBeUndefined();
    expect(mergeResolution([{ resolution: { a: Number.POSITIVE_INFINITY } }])).toBeUndefined();
    expect(mergeResolution([])).toBeUndefined();
  });
});

describe('withResolution', () => {
  it('should add (tolerance + error)/scale under the quantity, keeping earlier quantities', () => {
    // Arrange: |1.5 − 1| = 0.5, tolerance 0.25
    const base = judge(1.5, 1, 0.25, 'x');
    // Act
    const r = withResolution(withResolution(base, 'value', 3), 'gram', 0.5);
    // Assert: (0.25 + 0.5)/3 and (0.25 + 0.5)/0.5
    expect(r.resolution).toEqual({ value: 0.25, gram: 1.5 });
    expect(r.status).toBe('fail');
  });

  it('should leave inconclusive verdicts and zero, negative or non-finite scales as they are', () => {
    const pass = judge(1, 1, 0.1, 'x');
    const inc = inconclusive('i', undefined, 1, 1);
    expect(withResolution(inc, 'value', 1)).toBe(inc);
    expect(withResolution(pass, 'value', 0)).toBe(pass);
    expect(withResolution(pass, 'value', -1)).toBe(pass);
    expect(withResolution(pass, 'value', Number.NaN)).toBe(pass);
    expect(withResolution(pass, 'value', Number.POSITIVE_INFINITY)).toBe(pass);
  });
});
