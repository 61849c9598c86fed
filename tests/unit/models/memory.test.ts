/**
 * The memory estimate of models/memory.ts (issue 12 items 2 and 4): O(Kd + dN + KN) for the full problem, and for
 * the collapsed path (the equivalent n = 1 problem the CLI passes) O(Kd + K²), so `solve` at ImageNet size fits a
 * 2 GB budget while the full problem does not; `certify` counts the symmetry projector and the tangent cap.
 */
import { describe, expect, it } from 'vitest';
import { ufmMemoryEstimate } from '../../../src/models/index.ts';

const full = { K: 1000, d: 2048, counts: new Array<number>(1000).fill(1300), bias: true };
const collapsed = { ...full, counts: new Array<number>(1000).fill(1) };

describe('memory estimate', () => {
  it('should put solve at ImageNet size under 1 GB on the collapsed path and far above on the full one', () => {
    expect(ufmMemoryEstimate(collapsed, 'solve')).toBeLessThan(2 ** 30);
    expect(ufmMemoryEstimate(full, 'solve')).toBeGreaterThan(2 ** 40 / 4);
  });

  it('should grow linearly in K·d and quadratically in K, not with n, on the collapsed path', () => {
    const at = (K: number, d: number): number =>
      ufmMemoryEstimate({ K, d, counts: new Array<number>(K).fill(1), bias: true }, 'certify');
    // Doubling d at fixed K at most doubles it; doubling K at fixed d at most quadruples it.
    expect(at(100, 1024) / at(100, 512)).toBeLessThanOrEqual(2);
    expect(at(200, 512) / at(100, 512)).toBeLessThanOrEqual(4);
  });

  it('should count the projector and the second-order tangent cap for certify', () => {
    const p = { K: 10, d: 512, counts: new Array<number>(10).fill(1), bias: true };
    const dim = 10 * 512 * 2 + 10;
    expect(ufmMemoryEstimate(p, 'certify')).toBe(8 * (84 * dim + 3 * 10 * 10 + 8 * 10 * 512 + 32 * 100 + 2e7));
  });
});
