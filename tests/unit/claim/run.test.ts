import { describe, expect, it } from 'vitest';
import { judgeRecord, runClaim, type RunRecord } from '../../../src/claim/index.ts';
import {
  boundControl,
  falseClaim,
  slowOnOddClaim,
  sometimesInconclusiveClaim,
  throwingClaim,
  toothlessControl,
  trueClaim,
} from './fakes.ts';

/** A record without its wall-clock field, for determinism comparisons. */
function timeless(r: RunRecord): Omit<RunRecord, 'seconds'> {
  const { seconds: _s, ...rest } = r;
  return rest;
}

describe('runClaim', () => {
  it('should count every drawn instance of a true claim as passed and report the largest margin', () => {
    // Arrange
    const { claim, seen } = trueClaim();
    // Act
    const r = runClaim(claim, { seed: 42, runs: 100 });
    // Assert
    expect(r).toMatchObject({
      id: 'fake.x.at-most-1000',
      kind: 'claim',
      seed: 42,
      requestedRuns: 100,
      runs: 100,
      passed: 100,
    });
    expect(r).toMatchObject({ failed: 0, inconclusive: 0, errors: 0, timedOut: 0, refuted: false });
    expect(r.counterexample).toBeUndefined();
    expect(seen).toHaveLength(100); // no shrinking on success
    expect(r.worstMargin).toBe(Math.max(...seen.map((i) => i.x)) / 1000);
  });

  it('should shrink a false claim to its minimal counterexample and keep its verdict', () => {
    // Arrange
    const { claim, seen } = falseClaim();
    // Act
    const r = runClaim(claim, { seed: 42, runs: 100 });
    // Assert: fast-check stops at the first failing instance; the runs before it passed.
    const firstFail = seen.findIndex((i) => i.x >= 100);
    expect(r.runs).toBe(firstFail + 1);
    expect(r).toMatchObject({ passed: firstFail, failed: 1, inconclusive: 0, refuted: true });
    expect(r.counterexample?.instance).toEqual({ x: 100, K: 2 });
    expect(r.counterexample?.verdict).toMatchObject({ status: 'fail', measured: 101, predicted: 100 });
    expect(r.counterexample?.seed).toBe(42);
    expect(r.counterexample?.path).toMatch(/^\d+(:\d+)*$/);
    expect(r.counterexample?.shrinks).toBeGreaterThan(0);
    // worst margin over drawn instances includes the (unshrunk) failing one
    expect(r.worstMargin).toBe(Math.max(...seen.slice(0, r.runs).map((i) => (i.x + 1) / 100)));
    expect(judgeRecord(r)).toBe('fail');
  });

  it('should give the same record for the same seed, except seconds', () => {
    // Arrange
    const a = falseClaim();
    const b = falseClaim();
    // Act
    const ra = runClaim(a.claim, { seed: 7, runs: 200 });
    const rb = runClaim(b.claim, { seed: 7, runs: 200 });
    // Assert
    expect(timeless(rb)).toEqual(timeless(ra));
    expect(b.seen).toEqual(a.seen);
  });

  it('should draw different instances for a different seed', () => {
    // Arrange
    const a = trueClaim();
    const b = trueClaim();
    // Act
    runClaim(a.claim, { seed: 1, runs: 30 });
    runClaim(b.claim, { seed: 2, runs: 30 });
    // Assert
    expect(b.seen).not.toEqual(a.seen);
  });

  it('should replay the shrunk counterexample first when given its seed and path', () => {
    // Arrange
    const first = runClaim(falseClaim().claim, { seed: 3, runs: 100 });
    const path = first.counterexample?.path ?? '';
    const again = falseClaim();
    // Act
    const r = runClaim(again.claim, { seed: 3, runs: 100, path });
    // Assert
    expect(again.seen[0]).toEqual(first.counterexample?.instance);
    expect(r.runs).toBe(1);
    expect(r.counterexample?.instance).toEqual(first.counterexample?.instance);
  });

  it('should count inconclusive verdicts apart, never as passes or failures', () => {
    // Arrange
    const { claim, seen } = sometimesInconclusiveClaim();
    // Act
    const r = runClaim(claim, { seed: 11, runs: 100 });
    // Assert
    const expectedInconclusive = seen.filter((i) => i.x % 3 === 0).length;
    expect(expectedInconclusive).toBeGreaterThan(0);
    expect(r).toMatchObject({
      runs: 100,
      failed: 0,
      inconclusive: expectedInconclusive,
      passed: 100 - expectedInconclusive,
    });
    // inconclusive verdicts carry margin 99 in the fake; they must not enter the worst margin
    expect(r.worstMargin).toBe(Math.max(...seen.filter((i) => i.x % 3 !== 0).map((i) => i.x / 1000)));
  });

  it('should record a refuted control with its shrunk counterexample', () => {
    // Arrange
    const { claim } = boundControl();
    // Act
    const r = runClaim(claim, { seed: 5, runs: 100 });
    // Assert
    expect(r.kind).toBe('control');
    expect(r.refuted).toBe(true);
    expect(r.counterexample?.instance).toEqual({ x: 101 });
    expect(r.counterexample?.verdict.status).toBe('fail');
    expect(judgeRecord(r)).toBe('refuted');
  });

  it('should judge a control that is never refuted as a failure of the suite', () => {
    // Arrange
    const { claim } = toothlessControl();
    // Act
    const r = runClaim(claim, { seed: 5, runs: 40 });
    // Assert
    expect(r).toMatchObject({ refuted: false, runs: 40, passed: 40 });
    expect(judgeRecord(r)).toBe('not-refuted');
  });

  it('should turn a throwing check into an error record shrunk to the smallest throwing instance', () => {
    // Arrange
    const { claim } = throwingClaim();
    // Act
    const r = runClaim(claim, { seed: 9, runs: 200 });
    // Assert
    expect(r.errors).toBe(1);
    expect(r.failed).toBe(1);
    expect(r.refuted).toBe(false);
    expect(r.counterexample?.instance).toEqual({ x: 501 });
    expect(r.counterexample?.error).toBe('RangeError: boom at 501');
    expect(r.counterexample?.verdict.why).toBe('check threw: RangeError: boom at 501');
    expect(judgeRecord(r)).toBe('error');
  });

  it('should count a run slower than the per-run timeout as inconclusive', () => {
    // Arrange: odd x sleep 60 ms against a 20 ms budget; even x take microseconds, 20 ms of slack for a busy machine.
    const { claim, seen } = slowOnOddClaim(60);
    // Act
    const r = runClaim(claim, { seed: 4, runs: 10, timeoutPerRunMs: 20 });
    // Assert
    const odd = seen.filter((i) => i.x % 2 === 1).length;
    expect(odd).toBeGreaterThan(0);
    expect(r).toMatchObject({ runs: 10, timedOut: odd, inconclusive: odd, passed: 10 - odd, failed: 0 });
  });

  it('should accept the largest 32-bit seed and keep it unsigned in the record', () => {
    // Act
    const r = runClaim(falseClaim().claim, { seed: 0xffffffff, runs: 50 });
    // Assert
    expect(r.seed).toBe(4294967295);
    expect(r.counterexample?.seed).toBe(4294967295);
  });

  it('should reject an out-of-range seed, runs, timeout or path', () => {
    // Arrange
    const { claim } = trueClaim();
    // Act / Assert
    expect(() => runClaim(claim, { seed: -1, runs: 1 })).toThrow(RangeError);
    expect(() => runClaim(claim, { seed: 2 ** 32, runs: 1 })).toThrow(RangeError);
    expect(() => runClaim(claim, { seed: 1, runs: 0 })).toThrow(RangeError);
    expect(() => runClaim(claim, { seed: 1, runs: 1, timeoutPerRunMs: 0 })).toThrow(RangeError);
    expect(() => runClaim(claim, { seed: 1, runs: 1, path: 'a:b' })).toThrow(RangeError);
  });

  it('should report progress once per drawn instance and not during shrinking', () => {
    // Arrange
    const { claim } = falseClaim();
    const calls: [number, number][] = [];
    // Act
    const r = runClaim(claim, { seed: 42, runs: 100, onProgress: (d, t) => calls.push([d, t]) });
    // Assert: the failing run itself is reported too, the shrink attempts are not
    expect(calls.length).toBe(r.runs);
    expect(r.counterexample?.shrinks).toBeGreaterThan(0); // shrink attempts happened and were not reported
    expect(calls.every(([, t]) => t === 100)).toBe(true);
  });
});
