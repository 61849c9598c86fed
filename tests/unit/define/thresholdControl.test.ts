/**
 * Threshold near-miss controls (src/define/thresholdControl.ts, issue 9 item 2): the distance of an instance from the
 * κ = 1 threshold and from the §2.3 switch ρ = λ_b(1−κ)/κ = 1 (THEORY.md §0.3, §2.3; hand-computed values), the
 * resolution a refuting verdict carries, and how `kappaThresholdControls` builds its two controls (ids, cite,
 * statement, kind, runs, the gap drawn and the branch the moved theory predicts on each side).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../src/claim/index.ts';
import { judge } from '../../../src/claim/index.ts';
import type { UfmInstance } from '../../../src/arbitraries/index.ts';
import type { CertifiedPoint, PointParts } from '../../../src/certified/index.ts';
import type { UfmProblem } from '../../../src/models/index.ts';
import {
  kappaDistance,
  kappaThresholdControls,
  switchDistance,
  thresholdControl,
  thresholdResolved,
  type AtMinimizer,
  type DefinedClaim,
} from '../../../src/define/index.ts';

/** K = 2, n = 2, λ_W = 0.1, λ_H = 0.2: κ = K√(nλ_Wλ_H) = 2·√0.04 = 0.4. */
const problem: UfmProblem = {
  loss: 'mse',
  K: 2,
  d: 2,
  counts: [2, 2],
  lambdaW: 0.1,
  lambdaH: 0.2,
  lambdaB: 2,
  bias: true,
};

// Built on call, not at load: Stryker's per-test coverage must see judge run inside a test.
const pass = (): Verdict => judge(1, 1, 0.1, 'pass');
const fail = (): Verdict => judge(2, 1, 0.1, 'fail');

describe('kappaDistance and switchDistance', () => {
  it('should give |κ − 1| and |λ_b(1−κ)/κ − 1| on a balanced problem', () => {
    // κ = 0.4 → |0.4 − 1| = 0.6; ρ = 2·0.6/0.4 = 3 → |3 − 1| = 2
    const k = kappaDistance(problem);
    const s = switchDistance(problem);
    expect(k.key).toBe('threshold');
    expect(k.value).toBeCloseTo(0.6, 14);
    expect(s.key).toBe('switch');
    expect(s.value).toBeCloseTo(2, 13);
  });

  it('should measure the other side of the thresholds with the absolute value', () => {
    // κ = 2·√(2·0.5·2) = 2√2 ≈ 2.828 → 1.828; ρ = 0.1·(1 − 2√2)/(2√2) ≈ −0.0646 → 1.0646
    const p: UfmProblem = { ...problem, lambdaW: 0.5, lambdaH: 2, lambdaB: 0.1 };
    expect(kappaDistance(p).value).toBeCloseTo(2 * Math.SQRT2 - 1, 14);
    expect(switchDistance(p).value).toBeCloseTo(1 - (0.1 * (1 - 2 * Math.SQRT2)) / (2 * Math.SQRT2), 14);
  });

  it('should be NaN on unbalanced classes (the thresholds are stated for balanced n)', () => {
    const p: UfmProblem = { ...problem, counts: [2, 3] };
    expect(kappaDistance(p).value).toBeNaN();
    expect(switchDistance(p).value).toBeNaN();
  });
});

describe('thresholdResolved', () => {
  it('should give a refuting verdict the distance as its only resolution and strip the others', () => {
    // Arrange
    const withOwn: Verdict[] = [
      { ...fail(), resolution: { gram: 1e-3 } },
      { ...pass(), resolution: { value: 1e-6 } },
    ];
    // Act
    const [f, p] = thresholdResolved(withOwn, 'threshold', 5e-4);
    // Assert
    expect(f?.resolution).toEqual({ threshold: 5e-4 });
    expect(f?.status).toBe('fail');
    expect(p !== undefined && 'resolution' in p).toBe(false);
    expect(p?.status).toBe('pass');
  });

  it('should give no resolution when the distance is not finite', () => {
    const [f] = thresholdResolved([{ ...fail(), resolution: { gram: 1 } }], 'threshold', Number.NaN);
    expect(f !== undefined && 'resolution' in f).toBe(false);
  });
});

describe('kappaThresholdControls', () => {
  it('should build the above/below controls with their ids, cite, statement, kind and default runs', () => {
    // Arrange
    const gaps: string[] = [];
    // Act
    const [above, below] = kappaThresholdControls({
      id: 'x.claim',
      cite: 'paper §1',
      above: { statement: 'up' },
      below: { statement: 'down', id: 'x.custom', claimId: 'x.other' },
      arbitrary: (gap) => {
        gaps.push(gap);
        return fc.constant({} as UfmInstance);
      },
      atMinimizer: () => () => [],
    });
    // Assert
    expect(gaps).toEqual(['gap-above', 'gap-below']);
    expect(above).toMatchObject({
      id: 'x.claim.near-miss-threshold-above',
      controls: 'x.claim',
      kind: 'control',
      cite: 'threshold near-miss control of x.claim (paper §1)',
      statement: 'FALSE on purpose: up',
      defaultRuns: 6,
    });
    expect(below).toMatchObject({
      id: 'x.custom',
      controls: 'x.other',
      kind: 'control',
      cite: 'threshold near-miss control of x.other (paper §1)',
      statement: 'FALSE on purpose: down',
    });
  });

  it('should compare with the non-zero branch above and the zero branch below, resolving κ at the distance', () => {
    // Arrange: the stub refutes on the zero branch only and logs which branch each side asked for
    const asked: boolean[] = [];
    const controls = kappaThresholdControls({
      id: 'x.claim',
      cite: 'c',
      above: { statement: 'up' },
      below: { statement: 'down' },
      arbitrary: () => fc.constant({} as UfmInstance),
      atMinimizer: (zero) => () => {
        asked.push(zero);
        return [zero ? fail() : pass()];
      },
    });
    const m = { cp: {} as CertifiedPoint, parts: {} as PointParts, problem, certificate: {} };
    // Act
    const [vAbove, vBelow] = controls.map(
      (c) => (c as DefinedClaim<UfmInstance, AtMinimizer>).definition.verdicts(m, {} as UfmInstance, {})[0],
    );
    // Assert
    expect(asked).toEqual([false, true]);
    expect(vAbove?.status).toBe('pass');
    expect(vBelow?.status).toBe('fail');
    expect(vBelow?.resolution?.['threshold']).toBeCloseTo(0.6, 14);
  });
});

describe('thresholdControl', () => {
  it("should keep a spec's own run count and resolve with the spec's distance", () => {
    // Act
    const c = thresholdControl({
      id: 'x.near-miss-switch',
      claimId: 'x',
      cite: 'c',
      statement: 's',
      arbitrary: fc.constant({} as UfmInstance),
      defaultRuns: 9,
      atMinimizer: () => [fail()],
      distance: switchDistance,
    }) as DefinedClaim<UfmInstance, AtMinimizer>;
    const m = { cp: {} as CertifiedPoint, parts: {} as PointParts, problem, certificate: {} };
    const [v] = c.definition.verdicts(m, {} as UfmInstance, {});
    // Assert
    expect(c.defaultRuns).toBe(9);
    expect(v?.resolution?.['switch']).toBeCloseTo(2, 13);
  });
});
