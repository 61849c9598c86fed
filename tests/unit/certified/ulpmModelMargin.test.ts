/**
 * The ULPM as a certified model (src/certified/ulpm/model.ts; Ji et al. 2022 Thm 3.1, THEORY.md §3): solve is
 * fixed-step GD for exactly --max-iter steps (default step 0.1, 10000 steps, never 'converged' since inf f = 0 is
 * not attained), and the certificate is the normalised margin γ = margin/((‖W‖² + ‖H‖²)/2), which never exceeds the
 * min-norm optimum's 1/((K−1)√n); the optimum's figures are reported for balanced counts only.
 */
import { describe, expect, it } from 'vitest';
import { ulpmModel } from '../../../src/certified/index.ts';
import { createRng } from '../../../src/core/index.ts';
import { parseUlpmProblem, ulpmObjective } from '../../../src/models/index.ts';
import { gradientDescent } from '../../../src/solvers/index.ts';

describe('ulpmModel.fromFlags', () => {
  it('should default to step 0.1 and 10000 steps and read --step / --max-iter', () => {
    const dflt = ulpmModel.fromFlags({ K: '3', d: '2', n: '2' });
    expect(dflt.options).toEqual({ maxIter: 10000, step: 0.1 });
    expect(dflt.problem).toEqual(parseUlpmProblem({ K: 3, d: 2, n: 2 }));
    const set = ulpmModel.fromFlags({ K: '2', d: '2', counts: '1,2', step: '0.5', 'max-iter': '7' });
    expect(set.options).toEqual({ maxIter: 7, step: 0.5 });
    expect(set.problem.counts).toEqual([1, 2]);
  });

  it('should reject --max-iter 0 and --step 0 naming the flag', () => {
    expect(() => ulpmModel.fromFlags({ K: '3', d: '2', n: '2', 'max-iter': '0' })).toThrow(/--max-iter/);
    expect(() => ulpmModel.fromFlags({ K: '3', d: '2', n: '2', step: '0' })).toThrow(/--step/);
  });
});

describe('ulpmModel.solve', () => {
  const p = parseUlpmProblem({ K: 3, d: 2, n: 2 });

  it('should run GD with step 0.1 for 10000 steps by default, from the seeded N(0, 1) start', () => {
    // Arrange: the same GD by hand
    const obj = ulpmObjective(p);
    const ref = gradientDescent(obj, createRng(5).fillNormal(new Float64Array(obj.dim), 1), {
      step: 0.1,
      maxIter: 10000,
      tol: 0,
    });
    // Act
    const s = ulpmModel.solve(p, { seed: 5 });
    // Assert
    expect(Array.from(s.point.theta)).toEqual(Array.from(ref.theta));
    expect(s.summary['iterations']).toBe(10000);
    expect(s.status).not.toBe('converged');
    expect(s.exit).toBe(0);
    expect(s.summary).toMatchObject({ model: 'ulpm', status: s.status, value: ref.value, gradNorm: ref.gradNorm });
  });

  it('should report the margin, γ ≤ 1/((K−1)√n), and the optimum (K−1)√n for balanced counts', () => {
    const s = ulpmModel.solve(p, { seed: 5, maxIter: 300, step: 1 });
    const m = s.summary;
    const half = s.point.theta.reduce((a, x) => a + x * x, 0) / 2;
    expect(m['margin'] as number).toBeGreaterThan(0);
    expect(m['normalisedMargin'] as number).toBeCloseTo((m['margin'] as number) / half, 12);
    expect(m['minNormValue']).toBeCloseTo(2 * Math.SQRT2, 14);
    expect(m['maxNormalisedMargin']).toBeCloseTo(1 / (2 * Math.SQRT2), 14);
    expect(m['normalisedMargin'] as number).toBeLessThanOrEqual(m['maxNormalisedMargin'] as number);
  });

  it('should leave out the optimum figures for unbalanced counts', () => {
    const s = ulpmModel.solve(parseUlpmProblem({ K: 2, d: 2, counts: [1, 2] }), { seed: 1, maxIter: 5 });
    expect(Object.keys(s.summary)).not.toContain('minNormValue');
    expect(Object.keys(s.summary)).not.toContain('maxNormalisedMargin');
    expect(Number.isFinite(s.summary['normalisedMargin'])).toBe(true);
  });

  it('should exit 2 when GD blows up to a non-finite value', () => {
    const s = ulpmModel.solve(p, { seed: 5, maxIter: 50, step: 1e300 });
    expect(Number.isFinite(s.summary['value'])).toBe(false);
    expect(s.exit).toBe(2);
  });
});

describe('ulpmModel.certify', () => {
  const p = parseUlpmProblem({ K: 3, d: 2, n: 2 });

  it('should certify a finite margin as kind "margin", citing Thm 3.1', () => {
    const s = ulpmModel.solve(p, { seed: 5, maxIter: 100, step: 1 });
    const c = ulpmModel.certify(s.point, { seed: 1 });
    expect(c.kind).toBe('margin');
    expect(c.certified).toBe(true);
    expect(c.why).toMatch(/no minimizer.*1\/\(\(K−1\)√n\).*Thm 3\.1/);
    const { margin, normalisedMargin, minNormValue, maxNormalisedMargin } = s.summary;
    expect(c.evidence).toEqual({ margin, normalisedMargin, minNormValue, maxNormalisedMargin });
  });

  it('should not certify the origin, whose normalised margin 0/0 is not finite', () => {
    const origin = { model: 'ulpm', problem: p, theta: new Float64Array(ulpmObjective(p).dim) };
    const c = ulpmModel.certify(origin, { seed: 1 });
    expect(c.certified).toBe(false);
    expect(c.why).toBe('non-finite margin');
  });
});

describe('ulpmModel point JSON', () => {
  it('should write W (K×d) and H (d×N) rows and read the same point back', () => {
    const p = parseUlpmProblem({ K: 3, d: 2, n: 2 });
    const point = ulpmModel.solve(p, { seed: 3, maxIter: 10 }).point;
    const json = ulpmModel.pointToJson(point) as { model: string; problem: unknown; W: number[][]; H: number[][] };
    expect(json.model).toBe('ulpm');
    expect(json.problem).toEqual({ K: 3, d: 2, n: 2 });
    expect([json.W.length, json.W[0]?.length, json.H.length, json.H[0]?.length]).toEqual([3, 2, 2, 6]);
    const back = ulpmModel.parsePoint(JSON.parse(JSON.stringify(json)));
    expect(Array.from(back.theta)).toEqual(Array.from(point.theta));
    expect(back.problem).toEqual(p);
    expect(ulpmModel.problemToJson(p)).toEqual({ K: 3, d: 2, n: 2 });
  });

  it('should have no symmetry quotient or reduction', () => {
    const p = parseUlpmProblem({ K: 2, d: 2, n: 1 });
    const point = { model: 'ulpm', problem: p, theta: new Float64Array(ulpmObjective(p).dim).fill(1) };
    expect(ulpmModel.symmetries(point)).toBeUndefined();
    expect(ulpmModel.reduction(p)).toBeUndefined();
  });
});

describe('ulpmModel point JSON errors and texts', () => {
  const W = [
    [1, 0],
    [0, 1],
    [1, 1],
  ];
  const H = [
    [1, 0, 0, 1, 1, 0],
    [0, 1, 1, 0, 0, 1],
  ];
  const problem = { K: 3, d: 2, n: 2 };

  it('should read a point written by hand as model "ulpm" and name the bad field of a malformed one', () => {
    expect(ulpmModel.parsePoint({ model: 'ulpm', problem, W, H }).model).toBe('ulpm');
    expect(() => ulpmModel.parsePoint({ model: 'ulpm', problem, W: [[1, 0]], H })).toThrow(/^W: /);
    expect(() => ulpmModel.parsePoint({ model: 'ulpm', problem, W, H: [[1]] })).toThrow(/^H: /);
    expect(() => ulpmModel.parsePoint({ model: 'ulpm', problem: { ...problem, K: 1 }, W, H })).toThrow(/^problem\.K: /);
  });

  it('should state in its help the default --max-iter that fromFlags uses, and cite Ji et al. 2022 in its summary', () => {
    const dflt = ulpmModel.fromFlags({ K: '3', d: '2', n: '2' }).options.maxIter;
    expect(ulpmModel.help).toMatch(/^ {2}ulpm +.*--step.*--max-iter/);
    expect(ulpmModel.help).toContain(`(default ${dflt})`);
    expect(ulpmModel.summary).toMatch(/unregularised CE.*Ji et al\. 2022/);
  });
});
