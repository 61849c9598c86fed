import { describe, expect, it } from 'vitest';
import { judgeRecord, outcomeSeverity, worstSeverity } from '../../../src/claim/index.ts';
import { runRecord } from './fakes.ts';

const ce = {
  instance: { x: 1 },
  verdict: { status: 'fail', measured: 1, predicted: 0, tolerance: 0, margin: 2, why: 'w' },
  seed: 1,
  path: '0',
  shrinks: 0,
} as const;

describe('judgeRecord', () => {
  it('should pass a claim with inconclusive runs up to the budget and not beyond', () => {
    // Act / Assert: budget 0.2 of 10 runs allows 2
    expect(judgeRecord(runRecord({ passed: 8, inconclusive: 2 }), 0.2)).toBe('pass');
    expect(judgeRecord(runRecord({ passed: 7, inconclusive: 3 }), 0.2)).toBe('inconclusive');
    expect(judgeRecord(runRecord({ passed: 7, inconclusive: 3 }), 0.3)).toBe('pass');
    expect(judgeRecord(runRecord({ passed: 0, inconclusive: 10 }), 0)).toBe('inconclusive');
  });

  it('should fail a refuted claim even when its inconclusive share is over budget', () => {
    expect(
      judgeRecord(
        runRecord({ refuted: true, counterexample: ce, runs: 5, passed: 0, inconclusive: 4, failed: 1 }),
        0.2,
      ),
    ).toBe('fail');
  });

  it('should judge a control by refutation, and call one whose runs were mostly inconclusive untested', () => {
    expect(judgeRecord(runRecord({ kind: 'control', refuted: true, counterexample: ce, inconclusive: 9 }), 0.2)).toBe(
      'refuted',
    );
    expect(judgeRecord(runRecord({ kind: 'control', refuted: false }), 0.2)).toBe('not-refuted');
    expect(judgeRecord(runRecord({ kind: 'control', refuted: false, inconclusive: 2, passed: 8 }), 0.2)).toBe(
      'not-refuted',
    );
    // issue 12: timed-out controls are inconclusive (exit 2), not "not refuted" (exit 1)
    expect(
      judgeRecord(runRecord({ kind: 'control', refuted: false, inconclusive: 10, passed: 0, timedOut: 10 }), 0.2),
    ).toBe('inconclusive');
  });

  it('should judge any thrown check as an error, for claims and controls', () => {
    const thrown = { ...ce, error: 'Error: x' };
    expect(judgeRecord(runRecord({ errors: 1, failed: 1, counterexample: thrown }), 0.2)).toBe('error');
    expect(judgeRecord(runRecord({ kind: 'control', errors: 1, counterexample: thrown }), 0.2)).toBe('error');
  });
});

describe('worstSeverity', () => {
  it('should let a failure win over an inconclusive overrun and both win over success', () => {
    expect(worstSeverity([0, 0])).toBe(0);
    expect(worstSeverity([0, 2, 0])).toBe(2);
    expect(worstSeverity([2, 1, 0])).toBe(1);
    expect(worstSeverity([])).toBe(0);
    expect(
      ['pass', 'refuted', 'fail', 'error', 'not-refuted', 'inconclusive'].map((o) => outcomeSeverity(o as never)),
    ).toEqual([0, 0, 1, 1, 1, 2]);
  });
});
