/**
 * `--timeout-per-run` interrupts (issue 12 item 3): the runner arms a cooperative deadline that the solvers check
 * every iteration, so a slow solve is stopped near the budget and counted inconclusive (timed out), not failed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeRecord, runClaim, type Claim } from '../../../src/claim/index.ts';
import { checkDeadline, DeadlineError, withDeadline } from '../../../src/core/index.ts';
import type { Objective } from '../../../src/models/index.ts';
import { lbfgs } from '../../../src/solvers/index.ts';

/** A slow ill-conditioned quadratic: each evaluation busy-waits `ms` so that a full solve takes seconds. */
function slowQuadratic(dim: number, ms: number): Objective {
  const wait = (): void => {
    const t = performance.now();
    while (performance.now() - t < ms) {
      /* busy */
    }
  };
  return {
    dim,
    value(x) {
      wait();
      let s = 0;
      for (let i = 0; i < dim; i++) s += 0.5 * (i + 1) * (x[i] as number) ** 2;
      return s;
    },
    valueAndGrad(x, g) {
      wait();
      let s = 0;
      for (let i = 0; i < dim; i++) {
        const c = i + 1;
        s += 0.5 * c * (x[i] as number) ** 2;
        g[i] = c * (x[i] as number);
      }
      return s;
    },
    hessianAt() {
      throw new Error('not used');
    },
  };
}

describe('cooperative deadline', () => {
  it('should stop an L-BFGS solve at the deadline with a DeadlineError', () => {
    // Arrange: 200 dims, 3 ms per evaluation, tolerance below reach → the solve would run for seconds
    const f = slowQuadratic(200, 3);
    const x0 = new Float64Array(200).fill(1);
    // Act
    const t0 = performance.now();
    const run = (): unknown => withDeadline(60, () => lbfgs(f, x0, { tol: 1e-300, maxIter: 100_000 }));
    // Assert
    expect(run).toThrow(DeadlineError);
    // Not a timing test: uninterrupted, this solve would take minutes (10⁵ iterations × 3 ms); 5 s only separates
    // "stopped" from "ran on", with room for a loaded machine.
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('should restore the outer deadline after a nested one and do nothing without a deadline', () => {
    expect(() => checkDeadline()).not.toThrow();
    expect(withDeadline(1000, () => withDeadline(5000, () => 7))).toBe(7);
    expect(() => checkDeadline()).not.toThrow();
  });

  it('should count a run stopped by the deadline as timed out and inconclusive, never as a failure', () => {
    // Arrange: a claim whose check runs the slow solve
    const claim: Claim<{ readonly x: number }> = {
      id: 'fake.slow.solve',
      cite: 'test',
      statement: 'slow',
      kind: 'claim',
      arbitrary: fc.integer({ min: 0, max: 9 }).map((x) => ({ x })),
      parseInstance: (u) => u as { x: number },
      check: () => {
        lbfgs(slowQuadratic(100, 2), new Float64Array(100).fill(1), { tol: 1e-300, maxIter: 100_000 });
        return { status: 'pass', measured: 0, predicted: 0, tolerance: 1, margin: 0, why: 'returned' };
      },
      defaultRuns: 3,
    };
    // Act
    const t0 = performance.now();
    const r = runClaim(claim, { seed: 1, runs: 3, timeoutPerRunMs: 40 });
    // Assert
    expect(r).toMatchObject({ runs: 3, timedOut: 3, inconclusive: 3, failed: 0, errors: 0 });
    expect(judgeRecord(r)).toBe('inconclusive');
    expect(performance.now() - t0).toBeLessThan(10_000); // three uninterrupted solves would take minutes
  });
});
