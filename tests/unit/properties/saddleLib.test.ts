/**
 * The saddle claims' plumbing (src/certified/saddle/saddle.ts, src/arbitraries/saddles.ts): verdict helpers,
 * the §1.2 bound with its null-space defect, the closed-form comparison's inconclusive path, the mapping of
 * certificate kinds, partitions, and instance validation naming the offending field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SecondOrderCertificate } from '../../../src/certify/index.ts';
import { UsageError } from '../../../src/core/index.ts';
import { judgeAtLeast, judgeStrictlyBelow } from '../../../src/claim/index.ts';
import { lossById } from '../../../src/losses/index.ts';
import { ufmLayout } from '../../../src/models/index.ts';
import type { UfmProblem } from '../../../src/models/index.ts';
import {
  escapeBoundVerdicts,
  escapeData,
  lambdaVsClosedForm,
  localMinVerdict,
  nullDefectSq,
  strictSaddleVerdict,
} from '../../../src/certified/saddle/saddle.ts';
import type { TightLambda } from '../../../src/certified/saddle/saddle.ts';
import {
  embeddedInstance,
  groupsOf,
  mergingInstance,
  parseEmbeddedInstance,
  parseMergingInstance,
  parsePartialFrameInstance,
  partialFrameInstance,
} from '../../../src/arbitraries/saddles.ts';

function tight(lambda: number, residual: number, lambdaMax = 1, dim = 10): TightLambda {
  return { lambda, residual, lambdaMax, converged: true, matvecs: 5, dim };
}

function cert(kind: SecondOrderCertificate['kind'], lambdaMin: number, restricted?: number): SecondOrderCertificate {
  return {
    kind,
    value: 0,
    gradNorm: 0,
    lambdaMin,
    lambdaMax: 1,
    residual: 1e-12,
    tolerance: 1e-6,
    vector: new Float64Array(1),
    why: 'fake',
    lanczos: { converged: true, iterations: 1, matvecs: 1, residualMax: 0 },
    ...(restricted !== undefined
      ? { restricted: { lambdaMin: restricted, residual: 1e-12, tangentRank: 1, converged: true } }
      : {}),
  };
}

function usageField(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e.field;
    throw e;
  }
  throw new Error('expected a UsageError');
}

describe('verdict helpers', () => {
  it('should pass judgeAtLeast within the tolerance and fail beyond it', () => {
    // Act / Assert
    expect(judgeAtLeast(0.9, 1, 0.1, 'x').status).toBe('pass');
    expect(judgeAtLeast(0.8, 1, 0.1, 'x').status).toBe('fail');
    expect(judgeAtLeast(Number.NaN, 1, 0.1, 'x').status).toBe('inconclusive');
  });

  it('should pass judgeStrictlyBelow only beyond the slack', () => {
    // Act / Assert
    expect(judgeStrictlyBelow(-1, 0, 0.5, 'x').status).toBe('pass');
    expect(judgeStrictlyBelow(-0.5, 0, 0.5, 'x').status).toBe('fail');
  });
});

describe('lambdaVsClosedForm', () => {
  it('should pass when λ̂ is within the residual of the prediction and record the relative error', () => {
    // Arrange: −0.5 + 2⁻⁴⁶ is exact in binary64, so relErr = 2⁻⁴⁶/0.5 = 2⁻⁴⁵ exactly.
    const lambda = -0.5 + 2 ** -46;
    // Act
    const v = lambdaVsClosedForm(tight(lambda, 1e-13), -0.5, 0.01, 'x');
    // Assert
    expect(v.status).toBe('pass');
    expect((v.details as { relErr: number }).relErr).toBe(2 ** -45);
  });

  it('should fail when λ̂ is an eigenvalue other than the predicted one', () => {
    // Act / Assert: λ̂ = −0.4 with a tiny residual is an eigenvalue, but not −0.5.
    expect(lambdaVsClosedForm(tight(-0.4, 1e-14), -0.5, 0.01, 'x').status).toBe('fail');
  });

  it('should be inconclusive when the Lanczos residual exceeds the 1e-8 target', () => {
    // Act / Assert: r = 1e-7 > 1e-8·0.5 — the target cannot be tested.
    expect(lambdaVsClosedForm(tight(-0.5, 1e-7), -0.5, 0.01, 'x').status).toBe('inconclusive');
  });
});

describe('the §1.2 bound λ_min ≤ q(σ) + (L/N)s²', () => {
  // MSE bias-free, K = 2, d = 2, n = 1, λ = 0.1: at the origin G = −Y/N = −I/2, σ = 1/2, √(λ_Wλ_H) = 0.1,
  // q(σ) = 0.1 − 0.5 = −0.4, and s = 0 (W = H = 0).
  const p: UfmProblem = {
    loss: 'mse',
    K: 2,
    d: 2,
    counts: [1, 1],
    lambdaW: 0.1,
    lambdaH: 0.1,
    lambdaB: 0,
    bias: false,
  };
  const L = ufmLayout(p);
  const origin = new Float64Array(L.dim);

  it('should compute σ = 1/2, q = −0.4 and s² = 0 at the origin', () => {
    // Act
    const e = escapeData(p, lossById('mse'), L, origin);
    // Assert: a few ulps (σ from a 2×2 EVD).
    expect(e.sigma).toBeCloseTo(0.5, 14);
    expect(e.q).toBeCloseTo(-0.4, 14);
    expect(e.nullDefectSq).toBe(0);
  });

  it('should pass when the Lanczos interval reaches q and fail when it stays above', () => {
    // Arrange
    const e = escapeData(p, lossById('mse'), L, origin);
    // Act
    const ok = escapeBoundVerdicts(tight(-0.4, 1e-15, 1, L.dim), e);
    const bad = escapeBoundVerdicts(tight(-0.3, 1e-15, 1, L.dim), e);
    // Assert
    expect(ok.map((v) => v.status)).toEqual(['pass', 'pass']);
    expect(bad[0]?.status).toBe('fail');
  });

  it('should measure the null defect as the smallest singular value² of [W; Hᵀ]', () => {
    // Arrange: W = [[1, 0], [0, 0]], H = [[0, 0], [0, 3]] — [W; Hᵀ] has columns of norms 1 and 3, orthogonal.
    const theta = new Float64Array(L.dim);
    theta[L.offW] = 1;
    theta[L.offH + 1 * 2 + 1] = 3;
    // Act / Assert: s² = min(1, 9) = 1 (exact in floating point for these entries, up to the EVD's rounding).
    expect(nullDefectSq(L, theta)).toBeCloseTo(1, 14);
  });
});

describe('certificate kinds', () => {
  it('should accept only strict-saddle as a strict saddle', () => {
    // Act / Assert
    expect(strictSaddleVerdict(cert('strict-saddle', -0.1)).status).toBe('pass');
    expect(strictSaddleVerdict(cert('local-min', 0)).status).toBe('fail');
    expect(strictSaddleVerdict(cert('inconclusive', -0.1)).status).toBe('inconclusive');
  });

  it('should accept local-min, keep an unresolved positive restricted curvature inconclusive, and fail a saddle', () => {
    // Act / Assert
    expect(localMinVerdict(cert('local-min', 0, 0.1)).status).toBe('pass');
    expect(localMinVerdict(cert('degenerate', 0, 1e-7)).status).toBe('inconclusive');
    expect(localMinVerdict(cert('degenerate', 0, -1e-7)).status).toBe('fail');
    expect(localMinVerdict(cert('strict-saddle', -0.1)).status).toBe('fail');
  });
});

describe('saddle instances', () => {
  it('should turn labels into groups ordered by first class', () => {
    // Act / Assert
    expect(groupsOf([1, 0, 1, 2])).toEqual([[0, 2], [1], [3]]);
    expect(groupsOf([0, 0, 0])).toEqual([[0, 1, 2]]);
  });

  it('should draw only admissible instances (r < d, d′ < K−1, a merged group), accepted by their parsers', () => {
    // Arrange / Act
    const frames = fc.sample(partialFrameInstance('any'), { seed: 42, numRuns: 50 });
    const embedded = fc.sample(embeddedInstance(), { seed: 42, numRuns: 50 });
    const merged = fc.sample(mergingInstance(), { seed: 42, numRuns: 50 });
    // Assert: round-trip through the fixture parsers (which re-check every hypothesis).
    for (const i of frames) expect(parsePartialFrameInstance(JSON.parse(JSON.stringify(i)))).toEqual(i);
    for (const i of embedded) expect(parseEmbeddedInstance(JSON.parse(JSON.stringify(i)))).toEqual(i);
    for (const i of merged) expect(parseMergingInstance(JSON.parse(JSON.stringify(i)))).toEqual(i);
  });

  it('should name the offending field of a malformed instance', () => {
    // Arrange
    const mse = { loss: 'mse', K: 4, d: 3, n: 2, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0, bias: false };
    const ce = { ...mse, loss: 'ce', d: 5 };
    // Act / Assert
    expect(usageField(() => parsePartialFrameInstance({ problem: mse, seed: 1, r: 3 }))).toBe('instance.r');
    expect(usageField(() => parsePartialFrameInstance({ problem: ce, seed: 1, r: 1 }))).toBe('instance.problem.loss');
    expect(usageField(() => parseEmbeddedInstance({ problem: ce, seed: 1, dLow: 3 }))).toBe('instance.dLow');
    expect(usageField(() => parseMergingInstance({ problem: ce, seed: 1, groups: [[0], [1], [2], [3]] }))).toBe(
      'instance.groups',
    );
    expect(
      usageField(() =>
        parseMergingInstance({
          problem: ce,
          seed: 1,
          groups: [
            [0, 1],
            [1, 2, 3],
          ],
        }),
      ),
    ).toBe('instance.groups');
  });
});
