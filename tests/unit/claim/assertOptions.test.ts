/**
 * assertClaim's options and the rest of its message (src/claim/assert.ts, issue 14 item 4): the run count defaults to
 * the claim's defaultRuns, minPerClass / timeoutPerRun (seconds) / maxInconclusive reach the run and its judgement,
 * the message of an inconclusive run, of a thrown check and of a class counterexample, and a caller's replay command.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertClaim, classUnion, type Claim, type ClaimClass } from '../../../src/claim/index.ts';
import {
  boundVerdict,
  sometimesInconclusiveClaim,
  slowOnOddClaim,
  throwingClaim,
  thrownAssertion,
  trueClaim,
} from './fakes.ts';

type X = { readonly x: number };

function cls(name: string, lo: number): ClaimClass<X> {
  return {
    name,
    arbitrary: fc.integer({ min: lo, max: lo + 99 }).map((x) => ({ x })),
    contains: (i) => i.x >= lo && i.x <= lo + 99,
  };
}

/** Two classes, x ∈ [0, 99] and [100, 199]; "x < 150" fails only in 'high'. */
function twoClassClaim(): Claim<X> {
  const classes = [cls('low', 0), cls('high', 100)];
  return {
    id: 'fake.x.below-150',
    cite: 'fake §1',
    statement: 'x < 150',
    kind: 'claim',
    arbitrary: classUnion(classes),
    classes,
    parseInstance: (u) => u as X,
    check: (i) => boundVerdict(i.x, 150, i.x < 150, `x = ${i.x} vs 150`),
    defaultRuns: 6,
  };
}

describe('assertClaim options', () => {
  it("should run the claim's defaultRuns when no run count is given", () => {
    const rec = assertClaim(trueClaim().claim, { seed: 3 });
    expect([rec.requestedRuns, rec.runs]).toEqual([50, 50]);
  });

  it('should hand minPerClass to the run', () => {
    // Arrange: a true two-class claim
    const truthful: Claim<X> = { ...twoClassClaim(), check: (i) => boundVerdict(i.x, 1000, true, 'ok') };
    // Act
    const rec = assertClaim(truthful, { seed: 3, runs: 2, minPerClass: 5 });
    // Assert
    expect(rec.minPerClass).toBe(5);
    expect(rec.coverage?.every((c) => c.passed >= 5)).toBe(true);
  });

  it('should read timeoutPerRun in seconds', () => {
    // Arrange: odd x sleeps 30 ms
    const slow = slowOnOddClaim(30).claim;
    // Act: 10 s per run is never reached; 5 ms is reached by every odd x
    const ok = assertClaim(slow, { seed: 4, runs: 6, timeoutPerRun: 10 });
    const e = thrownAssertion(() => assertClaim(slow, { seed: 4, runs: 30, timeoutPerRun: 0.005 }));
    // Assert
    expect(ok.timedOut).toBe(0);
    expect(e.outcome).toBe('inconclusive');
    expect(e.record.timedOut).toBeGreaterThan(0);
  });

  it('should judge against maxInconclusive and explain an inconclusive run without a counterexample', () => {
    // Arrange: about a third of the runs are inconclusive (3 | x)
    const claim = sometimesInconclusiveClaim().claim;
    // Act
    const rec = assertClaim(claim, { seed: 3, runs: 30, maxInconclusive: 0.9 });
    const e = thrownAssertion(() => assertClaim(claim, { seed: 3, runs: 30 }));
    // Assert
    expect(rec.inconclusive).toBeGreaterThan(6);
    expect(e.name).toBe('ClaimAssertionError');
    expect(e.outcome).toBe('inconclusive');
    const r = e.record;
    expect(e.message).toBe(
      [
        `fake.x.sometimes-uncertified: expected pass, got inconclusive (seed 3; 30 runs: ${r.passed} passed, 0 failed, ${r.inconclusive} inconclusive)`,
        'claim: x ≤ 1000, uncertified when 3 | x [fake §0]',
        'replay: UFMCHECK_SEED=3 (runClaim("fake.x.sometimes-uncertified", { seed: 3, runs: 30 }))',
      ].join('\n'),
    );
  });
});

describe('assertClaim messages', () => {
  it("should quote a thrown check's error as the why", () => {
    const e = thrownAssertion(() => assertClaim(throwingClaim().claim, { seed: 1, runs: 50 }));
    expect(e.outcome).toBe('error');
    expect(e.message).toMatch(/\ncounterexample \(after \d+ shrinks\): \{"x":501\}\nwhy: .*boom at 501/);
  });

  it("should name the counterexample's class and print the caller's replay command", () => {
    // Act
    const e = thrownAssertion(() => assertClaim(twoClassClaim(), { seed: 2, runs: 6, replay: 'npm run my-check' }));
    // Assert
    expect(e.outcome).toBe('fail');
    expect(e.message).toMatch(
      /\ncounterexample \[class high\] \(after \d+ shrinks\): \{"x":150\}\nwhy: x = 150 vs 150\n/,
    );
    expect(e.message).toMatch(/\nreplay: npm run my-check$/);
    expect(e.message).not.toContain('no instance refuted');
  });
});
