/** randomInit: seeded iid N(0, scale²) entries in θ order. */
import { describe, it, expect } from 'vitest';
import { createRng } from '../../../src/core/index.ts';
import { randomInit, ufmLayoutOf } from '../../../src/models/index.ts';

describe('randomInit', () => {
  it('should be reproducible from the seed and differ across seeds', () => {
    const L = ufmLayoutOf(3, 4, [2, 2, 2], true);
    expect(Array.from(randomInit(L, createRng(5)))).toEqual(Array.from(randomInit(L, createRng(5))));
    expect(Array.from(randomInit(L, createRng(5)))).not.toEqual(Array.from(randomInit(L, createRng(6))));
    expect(randomInit(L, createRng(5)).length).toBe(L.dim);
  });

  it('should draw entries with mean 0 and standard deviation `scale`', () => {
    // Arrange: m = 40 000 entries; the sample mean has sd scale/√m = scale/200, the sample variance has relative
    // sd √(2/m) ≈ 0.007; 5-sigma bands make a false failure ~1e-6 likely.
    const L = ufmLayoutOf(10, 100, new Array<number>(10).fill(39), true);
    const scale = 0.3;
    // Act
    const x = randomInit(L, createRng(9), scale);
    const m = x.length;
    const mean = x.reduce((a, b) => a + b, 0) / m;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (m - 1);
    // Assert
    expect(m).toBeGreaterThan(40_000);
    expect(Math.abs(mean)).toBeLessThan((5 * scale) / Math.sqrt(m));
    expect(Math.abs(variance / (scale * scale) - 1)).toBeLessThan(5 * Math.sqrt(2 / m));
    expect(() => randomInit(L, createRng(1), -1)).toThrow(RangeError);
  });
});
