import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classProblems,
  classSeed,
  classUnion,
  judgeRecord,
  MAX_TOP_UPS,
  runClaim,
  uncoveredClasses,
  type Claim,
  type ClaimClass,
  type Verdict,
} from '../../../src/claim/index.ts';

interface XInstance {
  readonly [k: string]: number;
  readonly x: number;
}

function verdict(status: Verdict['status'], margin: number): Verdict {
  return { status, measured: margin, predicted: 0, tolerance: 1, margin, why: status };
}

/** Two branches: x in [0, 99] ('low') and x in [100, 199] ('high'). */
function cls(name: 'low' | 'high'): ClaimClass<XInstance> {
  const lo = name === 'low' ? 0 : 100;
  return {
    name,
    arbitrary: fc.integer({ min: lo, max: lo + 99 }).map((x) => ({ x })),
    contains: (i) => i.x >= lo && i.x <= lo + 99,
  };
}

/** A stratified fake: `judge` decides each instance; every call is logged. */
function stratified(
  judge: (x: number) => Verdict,
  kind: 'claim' | 'control' = 'claim',
): { claim: Claim<XInstance>; seen: number[] } {
  const seen: number[] = [];
  const classes = [cls('low'), cls('high')];
  const claim: Claim<XInstance> = {
    id: 'fake.x.two-branches',
    cite: 'test',
    statement: 'x is judged per branch',
    kind,
    ...(kind === 'control' ? { controls: 'fake.x.other' } : {}),
    arbitrary: classUnion(classes),
    classes,
    parseInstance: (u) => u as XInstance,
    check: (i) => {
      seen.push(i.x);
      return judge(i.x);
    },
    defaultRuns: 4,
  };
  return { claim, seen };
}

describe('coverage classes', () => {
  it('should draw every class at least minPerClass times and report per-class counts', () => {
    // Arrange
    const { claim, seen } = stratified(() => verdict('pass', 0.5));
    // Act: 2 runs requested, but each class needs 3 certified runs.
    const r = runClaim(claim, { seed: 1, runs: 2, minPerClass: 3 });
    // Assert
    expect(r.coverage).toEqual([
      { class: 'low', nearThreshold: false, runs: 3, passed: 3, failed: 0, inconclusive: 0 },
      { class: 'high', nearThreshold: false, runs: 3, passed: 3, failed: 0, inconclusive: 0 },
    ]);
    expect(r.runs).toBe(6);
    expect(seen.filter((x) => x < 100)).toHaveLength(3);
    expect(seen.filter((x) => x >= 100)).toHaveLength(3);
    expect(judgeRecord(r)).toBe('pass');
  });

  it('should make the claim inconclusive when one class never gets a certified run, whatever the other classes did', () => {
    // Arrange: the high branch is never certified (e.g. the solver fails there).
    const { claim } = stratified((x) => (x >= 100 ? verdict('inconclusive', Number.NaN) : verdict('pass', 0.1)));
    // Act: a generous inconclusive budget must not rescue an unexercised branch.
    const r = runClaim(claim, { seed: 3, runs: 40, minPerClass: 3 });
    // Assert
    expect(uncoveredClasses(r)).toEqual(['high']);
    expect(judgeRecord(r, 1)).toBe('inconclusive');
    // the short class was topped up MAX_TOP_UPS times: 20 + 2 × (3 − 0 + 1) runs
    expect(r.coverage?.[1]?.runs).toBe(20 + MAX_TOP_UPS * 4);
  });

  it('should top up a class whose first batch had too few certified runs', () => {
    // Arrange: in 'high' only x ≥ 150 certifies, so some batches fall short.
    const { claim } = stratified((x) =>
      x >= 100 && x < 150 ? verdict('inconclusive', Number.NaN) : verdict('pass', 0.1),
    );
    // Act
    const r = runClaim(claim, { seed: 11, runs: 2, minPerClass: 3 });
    // Assert
    const high = r.coverage?.[1];
    expect(high).toBeDefined();
    expect(high?.passed ?? 0).toBeGreaterThanOrEqual(3);
    expect(high?.runs).toBeGreaterThan(3);
  });

  it('should shrink a failure inside its class and record the class and its own seed', () => {
    // Arrange: the statement is false only in the high branch, for x ≥ 120.
    const { claim } = stratified((x) => (x >= 120 ? verdict('fail', 2) : verdict('pass', 0.5)));
    // Act
    const r = runClaim(claim, { seed: 5, runs: 40, minPerClass: 3 });
    // Assert
    expect(judgeRecord(r)).toBe('fail');
    expect(r.counterexample?.class).toBe('high');
    expect(r.counterexample?.instance).toEqual({ x: 120 });
    expect(r.counterexample?.seed).toBe(classSeed(5, 1, 0));
  });

  it('should replay a class counterexample from its class seed and path alone', () => {
    // Arrange
    const a = stratified((x) => (x >= 120 ? verdict('fail', 2) : verdict('pass', 0.5)));
    const r = runClaim(a.claim, { seed: 5, runs: 40 });
    const ce = r.counterexample;
    expect(ce).toBeDefined();
    if (ce === undefined) return;
    // Act
    const b = stratified((x) => (x >= 120 ? verdict('fail', 2) : verdict('pass', 0.5)));
    const again = runClaim(b.claim, { seed: 5, runs: 40, className: 'high', path: ce.path });
    // Assert: with the recorded path the replay starts at the counterexample's shrink position
    expect(again.counterexample?.instance).toEqual(ce.instance);
  });

  it('should give the same coverage for the same seed and different streams for different classes', () => {
    // Arrange
    const a = stratified(() => verdict('pass', 0.5));
    const b = stratified(() => verdict('pass', 0.5));
    // Act
    runClaim(a.claim, { seed: 9, runs: 6 });
    runClaim(b.claim, { seed: 9, runs: 6 });
    // Assert
    expect(b.seen).toEqual(a.seen);
    expect(new Set([classSeed(9, 0, 0), classSeed(9, 1, 0), classSeed(9, 0, 1), classSeed(10, 0, 0)]).size).toBe(4);
  });

  it('should not require coverage of a control: one refutation anywhere is enough', () => {
    // Arrange
    const { claim } = stratified(
      (x) => (x < 100 ? verdict('fail', 3) : verdict('inconclusive', Number.NaN)),
      'control',
    );
    // Act
    const r = runClaim(claim, { seed: 2, runs: 4 });
    // Assert
    expect(judgeRecord(r)).toBe('refuted');
  });

  it('should report a class whose generator leaks into another class', () => {
    // Arrange: 'high' declared over [100, 199] but generating from [50, 149].
    const leaky: ClaimClass<XInstance> = {
      ...cls('high'),
      arbitrary: fc.integer({ min: 50, max: 149 }).map((x) => ({ x })),
    };
    const { claim } = stratified(() => verdict('pass', 0));
    const bad = { ...claim, classes: [cls('low'), leaky] };
    // Act
    const problems = classProblems(bad);
    // Assert
    expect(problems.some((p) => p.includes("class 'high'"))).toBe(true);
    expect(classProblems(claim)).toEqual([]);
  });
});
