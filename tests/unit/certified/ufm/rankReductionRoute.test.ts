/**
 * Which route certifiedMinimizer takes (certified.ts `rankReduction`, rankReduction.ts): 'auto' certifies the
 * d′ = K problem and lifts it exactly from d·K ≥ RANK_REDUCTION_MIN_ENTRIES = 2¹² on, for one sample per class and
 * d > K only; 'on' forces it where it applies and changes nothing where it does not; 'off' never takes it. The
 * lifted certificate records `rankReduced` in its evidence, the direct one does not.
 */
import { describe, expect, it } from 'vitest';
import { certifiedMinimizer, isCertified } from '../../../../src/certified/ufm/certified.ts';
import { RANK_REDUCTION_MIN_ENTRIES } from '../../../../src/certified/ufm/rankReduction.ts';
import { ce } from '../../../../src/losses/index.ts';
import { parseUfmProblem } from '../../../../src/models/index.ts';
import type { UfmProblem } from '../../../../src/models/index.ts';

const ufm = (K: number, d: number, n: number): UfmProblem =>
  parseUfmProblem({ loss: 'ce', K, d, n, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias: true });

function route(p: UfmProblem, rankReduction?: 'auto' | 'on' | 'off'): unknown {
  const cp = certifiedMinimizer(p, { seed: 1, loss: ce, ...(rankReduction ? { rankReduction } : {}) });
  if (!isCertified(cp)) throw new Error(`not certified: ${cp.why}`);
  const N = p.counts.reduce((a, c) => a + c, 0);
  expect(cp.theta.length).toBe(p.K * p.d + p.d * N + p.K);
  return cp.evidence['rankReduced'];
}

describe('the rank-reduction route of certifiedMinimizer', () => {
  it('should take it by default from exactly d·K = 2¹² (K = 8, d = 512), not at d = 511', () => {
    // Act / Assert
    expect(RANK_REDUCTION_MIN_ENTRIES).toBe(4096);
    expect(route(ufm(8, 512, 1))).toMatchObject({ d: 512, dReduced: 8 });
    expect(route(ufm(8, 511, 1))).toBeUndefined();
  });

  it("should take it for a small reducible problem only when asked ('on'), never with 'off'", () => {
    // Act / Assert
    expect(route(ufm(3, 5, 1), 'auto')).toBeUndefined();
    expect(route(ufm(3, 5, 1), 'on')).toMatchObject({ d: 5, dReduced: 3 });
    expect(route(ufm(8, 512, 1), 'off')).toBeUndefined();
  });

  it("should certify directly when the reduction does not apply, even with 'on' (two samples per class; d = K)", () => {
    // Act / Assert
    expect(route(ufm(3, 5, 2), 'on')).toBeUndefined();
    expect(route(ufm(3, 3, 1), 'on')).toBeUndefined();
  });
});

describe('certifiedMinimizer without starts', () => {
  it('should be inconclusive, saying no start was tried, when given zero starts', () => {
    // Act
    const r = certifiedMinimizer(ufm(3, 3, 1), { seed: 1, loss: ce, starts: 0 });
    // Assert
    expect(isCertified(r)).toBe(false);
    expect(r).toMatchObject({ status: 'inconclusive', why: 'no start tried' });
  });
});
