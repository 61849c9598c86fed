/**
 * The judging table of src/claim/outcome.ts at its edges: the inconclusive budget is "more than maxInconclusive ·
 * runs" (exactly the budget still passes), the default budget is 0.2, a thrown counterexample alone is an error, and a
 * claim whose coverage class got fewer than minPerClass certified runs (pass + fail) is inconclusive (issue 9 item 1).
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_INCONCLUSIVE,
  inconclusiveOverBudget,
  judgeRecord,
  uncoveredClasses,
  type ClassCoverage,
} from '../../../src/claim/index.ts';
import { runRecord } from './fakes.ts';

function cov(name: string, passed: number, failed: number, inconclusive: number): ClassCoverage {
  return { class: name, nearThreshold: false, runs: passed + failed + inconclusive, passed, failed, inconclusive };
}

describe('inconclusiveOverBudget', () => {
  it('should be over budget only strictly above maxInconclusive · runs', () => {
    expect(inconclusiveOverBudget({ runs: 10, inconclusive: 2 }, 0.2)).toBe(false);
    expect(inconclusiveOverBudget({ runs: 10, inconclusive: 3 }, 0.2)).toBe(true);
    expect(inconclusiveOverBudget({ runs: 10, inconclusive: 0 }, 0)).toBe(false);
    expect(inconclusiveOverBudget({ runs: 10, inconclusive: 1 }, 0)).toBe(true);
  });
});

describe('judgeRecord defaults and coverage', () => {
  it('should use the 0.2 budget when none is given', () => {
    expect(DEFAULT_MAX_INCONCLUSIVE).toBe(0.2);
    expect(judgeRecord(runRecord({ passed: 8, inconclusive: 2 }))).toBe('pass');
    expect(judgeRecord(runRecord({ passed: 7, inconclusive: 3 }))).toBe('inconclusive');
    expect(judgeRecord(runRecord({ kind: 'control', passed: 7, inconclusive: 3 }))).toBe('inconclusive');
    expect(judgeRecord(runRecord({ kind: 'control', passed: 8, inconclusive: 2 }))).toBe('not-refuted');
  });

  it('should call a record whose counterexample carries a thrown error an error even with no error count', () => {
    const ce = {
      instance: { x: 1 },
      verdict: { status: 'fail', measured: 1, predicted: 0, tolerance: 0, margin: 2, why: 'w' },
      seed: 1,
      path: '0',
      shrinks: 0,
      error: 'Error: boom',
    } as const;
    expect(judgeRecord(runRecord({ refuted: true, failed: 1, counterexample: ce }))).toBe('error');
    expect(judgeRecord(runRecord({ kind: 'control', refuted: true, counterexample: ce }))).toBe('error');
    expect(judgeRecord(runRecord({ errors: 1 }))).toBe('error');
  });

  it('should make a claim with an uncovered class inconclusive, and a covered one pass', () => {
    const coverage = [cov('a', 2, 1, 5), cov('b', 1, 0, 7)];
    expect(judgeRecord(runRecord({ coverage, minPerClass: 2 }), 1)).toBe('inconclusive');
    expect(judgeRecord(runRecord({ coverage, minPerClass: 1 }), 1)).toBe('pass');
  });
});

describe('uncoveredClasses', () => {
  it('should list the classes whose passed + failed is below minPerClass, in declaration order', () => {
    // Arrange: certified runs a = 3, b = 2 (1 pass + 1 fail), c = 1, d = 0
    const coverage = [cov('a', 3, 0, 0), cov('b', 1, 1, 4), cov('c', 0, 1, 9), cov('d', 0, 0, 3)];
    // Act / Assert
    expect(uncoveredClasses({ coverage, minPerClass: 2 })).toEqual(['c', 'd']);
    expect(uncoveredClasses({ coverage, minPerClass: 3 })).toEqual(['b', 'c', 'd']);
    expect(uncoveredClasses({ coverage, minPerClass: 1 })).toEqual(['d']);
  });

  it('should require nothing without minPerClass or without coverage', () => {
    expect(uncoveredClasses({ coverage: [cov('d', 0, 0, 3)] })).toEqual([]);
    expect(uncoveredClasses({ minPerClass: 3 })).toEqual([]);
  });
});
