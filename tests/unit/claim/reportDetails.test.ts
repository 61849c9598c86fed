/**
 * Details of the claim layer's reports that the mutation sample of issue 9 item 5 found unpinned: which pass
 * `worst` keeps, which classes a failure message names as under-covered, and fast-check paths with multi-digit
 * segments in fixtures.
 */
import { describe, expect, it } from 'vitest';
import {
  failureMessage,
  fixtureOf,
  judge,
  parseFixture,
  runClaim,
  worst,
  type ClassCoverage,
  type RunRecord,
} from '../../../src/claim/index.ts';
import { falseClaim } from './fakes.ts';

describe('worst', () => {
  it('should keep the pass with the largest margin whatever the order', () => {
    const small = judge(1.1, 1, 1, 'small'); // margin 0.1
    const large = judge(1.5, 1, 1, 'large'); // margin 0.5
    const middle = judge(1.3, 1, 1, 'middle');
    expect(worst([large, small, middle]).why).toMatch(/^large/);
    expect(worst([small, large, middle]).why).toMatch(/^large/);
    expect(worst([small, middle, large]).why).toMatch(/^large/);
  });
});

describe('failureMessage', () => {
  it('should name exactly the classes with fewer certified runs than minPerClass', () => {
    const base = runClaim(falseClaim().claim, { seed: 1, runs: 100 });
    const coverage: ClassCoverage[] = [
      { class: 'enough', runs: 3, passed: 3, failed: 0, inconclusive: 0, nearThreshold: false },
      { class: 'exactly', runs: 4, passed: 1, failed: 1, inconclusive: 2, nearThreshold: false },
      { class: 'short', runs: 3, passed: 1, failed: 0, inconclusive: 2, nearThreshold: false },
      { class: 'none', runs: 2, passed: 0, failed: 0, inconclusive: 2, nearThreshold: false },
    ];
    const r: RunRecord = { ...base, coverage, minPerClass: 2 };
    const msg = failureMessage(falseClaim().claim, r, 'inconclusive', 'pass');
    expect(msg).toContain('classes with too few certified runs: short, none');
    const covered: RunRecord = { ...base, coverage: coverage.slice(0, 2), minPerClass: 2 };
    expect(failureMessage(falseClaim().claim, covered, 'fail', 'pass')).not.toContain('too few certified runs');
  });
});

describe('parseFixture', () => {
  it('should accept fast-check paths whose later segments have several digits, and refuse empty segments', () => {
    const r = runClaim(falseClaim().claim, { seed: 42, runs: 100 });
    const good = JSON.parse(JSON.stringify(fixtureOf(r, 'fixtures/x.json', 'test'))) as Record<string, unknown>;
    const withPath = (p: string): Record<string, unknown> => ({
      ...good,
      fastCheck: { ...(good['fastCheck'] as Record<string, unknown>), path: p },
    });
    for (const p of ['12', '3:12', '3:0:105']) expect(parseFixture(withPath(p)).fastCheck.path).toBe(p);
    for (const p of ['', '3:', ':3', '3::1', '3:1a'])
      expect(() => parseFixture(withPath(p)), p).toThrow(/fastCheck\.path/);
  });
});
