import { describe, expect, it } from 'vitest';
import { distributionOf, paramsOf } from '../../../src/hunt/index.ts';

describe('paramsOf', () => {
  it('should take the numeric and boolean fields of instance.problem, pooling number arrays and leaving seeds out', () => {
    // Arrange
    const instance = { problem: { loss: 'ce', K: 4, d: 2, counts: [3, 1, 1, 2], lambdaW: 0.01, bias: true }, seed: 7 };
    // Act
    const p = paramsOf(instance);
    // Assert
    expect(p).toEqual({ K: 4, d: 2, 'counts[]': [3, 1, 1, 2], lambdaW: 0.01, bias: 1 });
  });

  it('should flatten a plain instance without a problem, two levels deep', () => {
    // Arrange / Act
    const p = paramsOf({ x: 1, nested: { y: 2, solverSeed: 9, deeper: { z: 3 } }, name: 'a' });
    // Assert
    expect(p).toEqual({ x: 1, 'nested.y': 2, 'nested.deeper.z': 3 });
  });
});

describe('distributionOf', () => {
  it('should list few distinct values one by one with min, median and max', () => {
    // Arrange / Act
    const d = distributionOf([{ K: 2 }, { K: 3 }, { K: 3 }, { K: 5 }]);
    // Assert: median of 2,3,3,5 is (3 + 3)/2
    expect(d['K']).toEqual({
      count: 4,
      min: 2,
      median: 3,
      max: 5,
      scale: 'values',
      bins: [
        { lo: 2, hi: 2, count: 1 },
        { lo: 3, hi: 3, count: 2 },
        { lo: 5, hi: 5, count: 1 },
      ],
    });
  });

  it('should bin positive values spanning two or more decades on a log scale, and others linearly, counting every value', () => {
    // Arrange: 1e-4 … 1e-1, 31 log-spaced values (3 decades); 0 … 30 linearly
    const lam = Array.from({ length: 31 }, (_, i) => 10 ** (-4 + i / 10));
    const samples = lam.map((l, i) => ({ lambda: l, x: i }));
    // Act
    const d = distributionOf(samples);
    // Assert
    const l = d['lambda'];
    const x = d['x'];
    expect(l?.scale).toBe('log');
    expect(x?.scale).toBe('linear');
    expect(l?.bins.reduce((s, b) => s + b.count, 0)).toBe(31);
    expect(x?.bins.reduce((s, b) => s + b.count, 0)).toBe(31);
    expect(x?.median).toBe(15);
    expect(l?.median).toBeCloseTo(10 ** -2.5, 15);
    expect(l?.bins[0]?.lo).toBe(lam[0]);
    expect(l?.bins[7]?.hi).toBe(lam[30]);
    // log bins of equal width in log10: each holds 31/8 ≈ 4 values
    for (const b of l?.bins ?? []) expect(b.count).toBeGreaterThanOrEqual(3);
  });

  it('should not depend on the order of the samples', () => {
    // Arrange
    const s = Array.from({ length: 50 }, (_, i) => ({ a: (i * 37) % 23, 'b[]': [i, i + 1] }));
    // Act / Assert
    expect(distributionOf([...s].reverse())).toEqual(distributionOf(s));
  });
});
