/**
 * Run profiles (issue 12 item 4): the runner's `examples` and `arbitrary` options, and the plans of
 * src/arbitraries/profiles.ts (paper sizes exactly, κ = 1/2, claims only; ci unchanged).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runClaim } from '../../../src/claim/index.ts';
import type { Claim } from '../../../src/claim/index.ts';
import {
  PAPER_LANDSCAPE_SIZES,
  PAPER_MINIMIZER_SIZES,
  profilePlan,
  THOROUGH_RUNS_FACTOR,
} from '../../../src/arbitraries/profiles.ts';
import { kappaOfPair } from '../../../src/arbitraries/lambdas.ts';
import { parseX } from './fakes.ts';
import type { XInstance } from './fakes.ts';

function loggingClaim(failAt?: number): { claim: Claim<XInstance>; seen: number[] } {
  const seen: number[] = [];
  const claim: Claim<XInstance> = {
    id: 'fake.examples',
    cite: 'fake §0',
    statement: 'x is not failAt',
    kind: 'claim',
    defaultRuns: 50,
    arbitrary: fc.record({ x: fc.integer({ min: 0, max: 1000 }) }),
    parseInstance: parseX,
    check: ({ x }) => {
      seen.push(x);
      return {
        status: x === failAt ? 'fail' : 'pass',
        measured: x,
        predicted: 0,
        tolerance: 0,
        margin: 0,
        why: `x = ${x}`,
      };
    },
  };
  return { claim, seen };
}

describe('runner options of the profiles', () => {
  it('should run exactly the given examples, in order, and nothing drawn', () => {
    // Arrange
    const { claim, seen } = loggingClaim();
    // Act
    const r = runClaim(claim, { seed: 1, runs: 3, examples: [{ x: 7 }, { x: 8 }, { x: 9 }] });
    // Assert
    expect(seen).toEqual([7, 8, 9]);
    expect(r.runs).toBe(3);
    expect(r.passed).toBe(3);
  });

  it('should report a failing example as it is', () => {
    // Arrange
    const { claim } = loggingClaim(8);
    // Act
    const r = runClaim(claim, { seed: 1, runs: 3, examples: [{ x: 7 }, { x: 8 }, { x: 9 }] });
    // Assert
    expect(r.failed).toBeGreaterThanOrEqual(1);
    expect(r.counterexample?.instance).toEqual({ x: 8 });
  });

  it("should draw from the given arbitrary instead of the claim's", () => {
    // Arrange
    const { claim, seen } = loggingClaim();
    // Act
    runClaim(claim, { seed: 1, runs: 20, arbitrary: fc.record({ x: fc.integer({ min: 5000, max: 6000 }) }) });
    // Assert
    expect(seen.length).toBe(20);
    expect(seen.every((x) => x >= 5000 && x <= 6000)).toBe(true);
  });
});

describe('profile plans', () => {
  it('should leave every claim as it is under ci', () => {
    expect(profilePlan('ci', 'ce.global-min.simplex-etf', 'claim', 12)).toEqual({});
    expect(profilePlan('ci', 'relu.upper-bound', 'claim', 12)).toEqual({});
  });

  it("should run the papers' sizes below the threshold for the minimizer and landscape claims only under paper", () => {
    // Act
    const etf = profilePlan('paper', 'ce.global-min.simplex-etf', 'claim', 12);
    const land = profilePlan('paper', 'mse.landscape.no-spurious-minima', 'claim', 12);
    // Assert
    expect(profilePlan('paper', 'relu.upper-bound', 'claim', 12)).toBeUndefined();
    expect(profilePlan('paper', 'ce.global-min.orthogonal-frame', 'control', 12)).toBeUndefined();
    const sizes = (etf?.examples ?? []).map((i) => ({ K: i.problem['K'], d: i.problem['d'], n: i.problem['n'] }));
    expect(sizes).toEqual(PAPER_MINIMIZER_SIZES);
    expect((land?.examples ?? []).map((i) => ({ K: i.problem['K'], d: i.problem['d'], n: i.problem['n'] }))).toEqual(
      PAPER_LANDSCAPE_SIZES,
    );
    expect((land?.examples ?? []).every((i) => i['starts'] === 2)).toBe(true);
    for (const i of etf?.examples ?? []) {
      const p = i.problem as { K: number; n: number; lambdaW: number; lambdaH: number };
      expect(kappaOfPair(p.K, p.n, { lambdaW: p.lambdaW, lambdaH: p.lambdaH })).toBeCloseTo(0.5, 12);
    }
  });

  it('should multiply the runs and enlarge the UFM instances under thorough', () => {
    // Act
    const plan = profilePlan('thorough', 'ce.global-min.simplex-etf', 'claim', 12);
    const other = profilePlan('thorough', 'relu.upper-bound', 'claim', 10);
    // Assert
    expect(plan?.runs).toBe(THOROUGH_RUNS_FACTOR * 12);
    expect(other).toEqual({ runs: THOROUGH_RUNS_FACTOR * 10 });
    if (plan?.arbitrary === undefined) throw new Error('no arbitrary');
    const drawn = fc
      .sample(plan.arbitrary, { seed: 3, numRuns: 200 })
      .map((i) => i.problem as { K: number; d: number });
    expect(Math.max(...drawn.map((i) => i.K))).toBeGreaterThan(12);
    expect(drawn.every((i) => i.d >= i.K - 1)).toBe(true);
  });
});
